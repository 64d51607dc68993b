"""Is a word a known word? Word frequencies from ``wordfreq`` (many languages, modern names included).

The glued-particle rule needs this to tell 'Bacharal-Assad' (not a word: split) from 'Portugal-Spain'
or 'Baghdad-Damascus' (known words: keep). Frequencies are on the Zipf scale: 3 is once per million
words, 0 is never seen.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

# wordfreq is imported where it is first used: importing it costs about a third of `import cleantext`,
# and most runs never ask whether a glued word is a known word


@functools.cache
def available_languages() -> frozenset[str]:
    import wordfreq

    return frozenset(wordfreq.available_languages(wordlist="best"))


@functools.lru_cache(maxsize=65536)
def _zipf(word: str, lang: str) -> float:
    import wordfreq

    try:
        return float(wordfreq.zipf_frequency(word, lang, wordlist="best"))
    except Exception:  # odd input wordfreq cannot tokenize: treat as unknown, never fail the document
        return 0.0


def zipf(word: str, langs: Iterable[str]) -> float:
    """The highest Zipf frequency of ``word`` among ``langs`` (0.0 when unknown in all)."""
    return max((_zipf(word.lower(), lang) for lang in langs), default=0.0)


def warm(langs: Iterable[str]) -> None:
    """Load the word lists now (in a pass's set-up) rather than on the first document."""
    for lang in langs:
        _zipf("the", lang)
