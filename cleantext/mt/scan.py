"""One automaton for the literal matchers of the ``mt_repair`` pass: mistranslated phrases and cue words.

Speed is why this is not :class:`cleantext.matching.PhraseIndex`: that one walks a lowercased copy of
the text and checks word boundaries for every hit, and short cue words ('la', 'des', 'est') hit inside
English words thousands of times per megabyte. Here every key carries its left boundary (a space or a
newline; the text is scanned with a space in front), so the automaton stays at its root on almost every
character and only whole-word hits come back to Python:

* cue words are matched exactly as written (a lowercase cue only matches lowercase text, 'la' is not
  'La Paz') with their right boundary in the key too;
* phrases are matched in the case forms text takes (lower, Capitalized, Title, UPPER) and their right
  boundary is checked on the few hits; hits are leftmost-longest and non-overlapping, as in PhraseIndex.

What is missed: a word right after another boundary character ('(la', a quote), and phrases in an odd
mixture of cases. Cues are evidence weighed with others, and precision comes first for repairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick

from ..matching import is_word_char, leftmost_longest

#: what may stand before a phrase or a cue word (the text is scanned with a space in front)
LEFT = " \n"
#: what may stand after a cue word (the text is scanned with a space at its end)
RIGHT = " \n\t,.;:!?)]\"'”’»"


@dataclass(frozen=True, slots=True)
class PhraseHit:
    start: int
    end: int
    keys: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CueHit:
    start: int
    key: int  # index of the cue rule
    word: str


def _case_forms(phrase: str) -> set[str]:
    low = phrase.lower()
    return {low, low[:1].upper() + low[1:], low.title(), low.upper()}


class LiteralScan:
    """Phrases (each with the indices of its rules) and cue words (each with the index of its rule)."""

    def __init__(self, phrases: Sequence[tuple[int, str]], cues: Sequence[tuple[int, str]]) -> None:
        self._automaton: Any = ahocorasick.Automaton()
        by_phrase: dict[str, list[int]] = {}
        for key, phrase in phrases:
            if phrase.strip():
                by_phrase.setdefault(phrase.lower(), []).append(key)
        entries: dict[str, tuple[Any, ...]] = {}
        for low, keys in by_phrase.items():
            for form in _case_forms(low):
                for left in LEFT:
                    entries[left + form] = ("p", len(form), tuple(keys))
        for key, word in cues:
            if not word.strip():
                continue
            for left in LEFT:
                for right in RIGHT:
                    # a word listed by two rules counts for the first (as the pass always did)
                    entries.setdefault(left + word + right, ("c", len(word), key, word))
        for k, v in entries.items():
            self._automaton.add_word(k, v)
        self._size = len(entries)
        if self._size:
            self._automaton.make_automaton()

    def scan(self, text: str) -> tuple[list[PhraseHit], list[CueHit]]:
        if not self._size or not text:
            return [], []
        phrases: list[tuple[int, int, tuple[int, ...]]] = []  # (start, end, keys)
        cues: list[CueHit] = []
        n = len(text)
        # padded[i + 1] == text[i]; a key ends at padded index e, its first character is its boundary
        for e, value in self._automaton.iter(" " + text + " "):
            if value[0] == "c":
                _, length, key, word = value
                cues.append(CueHit(e - 1 - length, key, word))  # e - 1 is the right boundary in text + 1
                continue
            _, length, keys = value
            start, end = e - length, e  # in text: padded e is text e - 1, the phrase's last character
            if end == n or not (is_word_char(text[end]) and is_word_char(text[end - 1])):
                phrases.append((start, end, keys))
        hits = [PhraseHit(start, end, keys) for start, end, keys in leftmost_longest(phrases)]
        cues.sort(key=lambda c: c.start)
        return hits, cues
