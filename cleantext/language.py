"""The language a text is written in, from one fast detector (pycld2), computed once per text.

Passes ask ``doc.language`` (:attr:`cleantext.document.Document.language`): the language of the text the pass
reads. :func:`document_language` is cached by text, so passes that read the same text share one detection,
and a pass that reads another (boilerplate removed lines) gets the language of what it changes. Only a sample
of a long text is read (``SAMPLE_CHARS``, half from its start, half from its middle). pycld2 (Compact
Language Detector 2, C++) was measured against py3langid in ``benchmarks/bench_language.py`` on the real
dev sets: both call every MT and native English document English and agree on the web pages; pycld2 costs
about 0.1 ms a document where py3langid costs 0.7 ms (figures in docs/mt_repair.md). langdetect stays where
a decision needs it (mt_repair's untranslated fragments), never per document.
"""
from __future__ import annotations

import locale
import re
from dataclasses import dataclass
from functools import lru_cache

import pycld2

from .registry import did_you_mean

#: characters read per long document: half from its start, half from its middle (pages open with menus)
SAMPLE_CHARS = 2000
UNKNOWN = "und"
#: the default of ``Options.target_language``: the language the repairs of mt_repair and the gazetteers of
#: names are written in; a document confidently in another language is left alone by both
TARGET_LANG = "en"
#: the share of the text in the target language under which a document is not treated as its output: every
#: MT and native English document of the dev sets is >= 98% English (pycld2); web pages in another language
#: with English menus and quotes reach 49%
MIN_TARGET_SHARE = 0.5


#: the languages the detector can tell, ISO 639-1 code (or ISO 639-3 where there is none) to English name:
#: the codes a target language may be ("iw", "jw": pycld2's older codes for Hebrew and Javanese)
LANGUAGES: dict[str, str] = {code: name.title().replace("_", " ") for name, code in sorted(pycld2.LANGUAGES)
                             if name in pycld2.DETECTED_LANGUAGES and not name.startswith("X_") and "-" not in code}


def language_name(code: str) -> str:
    """The English name of a language code ("en": "English"), or the code itself when unknown."""
    return LANGUAGES.get(code, code)


#: the detector's older codes (ISO 639-1 of 1988) for languages whose code has changed since
_DETECTOR_CODES = {"he": "iw", "jv": "jw"}


def language_hint(value: str, codes: list[str], *, unknown: str = "for which no rules are loaded") -> str:
    """A did-you-mean for a language written as a name or a locale ("french", "Deutsch", "fr_FR"): the
    system's locale aliases know the names of languages in English and in their own language. ``unknown``
    says why a language that is not among ``codes`` cannot be used."""
    alias = locale.locale_alias.get(value.strip().lower().replace("-", "_"), "")
    code = alias.split("_")[0].split(".")[0] or value
    code = _DETECTOR_CODES.get(code, code) if _DETECTOR_CODES.get(code) in codes else code
    if code in codes and code != value:
        return f"; did you mean {code!r}?"
    if code != value:
        return f"; {value!r} is {code!r}, {unknown}"
    return did_you_mean(value, codes)


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """The main language (ISO 639-1, ``"und"`` when unknown) and each detected language's share of the text."""

    lang: str
    #: (language, share 0-1) for the up to three languages pycld2 reports, largest first
    shares: tuple[tuple[str, float], ...] = ()

    def share(self, lang: str) -> float:
        """The part of the text in ``lang`` (0.0 when not detected)."""
        return sum(part for code, part in self.shares if code == lang)

    def is_mostly_not(self, lang: str, *, min_share: float) -> bool:
        """Whether a known language other than ``lang`` was found and ``lang`` is under ``min_share`` of it."""
        return self.lang != UNKNOWN and self.share(lang) < min_share


def _sample(text: str) -> str:
    half = SAMPLE_CHARS // 2
    if len(text) <= SAMPLE_CHARS:
        return text
    middle = len(text) // 2
    return text[:half] + "\n" + text[middle:middle + half]


#: control characters (C0 but tab and newline, DEL, C1) and lone surrogates: pycld2 refuses a text with any
#: of them as invalid UTF-8 (a C1 character of mis-decoded text, "\x84Brave", is enough), so they are read
#: as spaces; they carry no language
_UNREADABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _detect(text: str) -> tuple[bool, tuple[tuple[str, float], ...]]:
    try:
        reliable, _, details = pycld2.detect(_UNREADABLE.sub(" ", text))
    except (pycld2.error, UnicodeEncodeError):  # whatever else pycld2 refuses: unknown, never a failure
        return False, ()
    return bool(reliable), tuple((str(code), percent / 100) for _, code, percent, _ in details if code != "un")


@lru_cache(maxsize=256)
def document_language(text: str) -> LanguageGuess:
    """The language of ``text``; cached, so every pass reading the same document shares one detection."""
    reliable, shares = _detect(_sample(text))
    if (not reliable or not shares) and len(text) > SAMPLE_CHARS:
        # the sample fell on menus or a mix of languages: the whole text decides (1% of real pages)
        reliable, shares = _detect(text)
    # pycld2 is unreliable on a few words or numbers only: too little to gate anything on
    if not reliable or not shares:
        return LanguageGuess(UNKNOWN)
    return LanguageGuess(shares[0][0], shares)
