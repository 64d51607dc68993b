"""Untranslated words a machine translation left in its English output: found and reported, never edited.

What betrays a leftover fragment is data, one ``leftover_words`` rule per source language
(``rules/mt_repair/fr/leftover.yaml``):

* ``words``: function words of the language English never writes (``dans``, ``selon``, ``celle``);
* ``elisions``: elided articles and pronouns glued to the next word with an apostrophe (``l'a``, ``qu'il``;
  before a capital, as in ``d'Alembert``, one only joins a fragment);
* ``letters``: letters of the language's spelling English lacks (``é``, ``è``, ``ç``); a lowercase word with
  one counts when the word lists (wordfreq) say it is a word of the language, not of English (``indiqué``,
  ``époque``; not ``café``, ``naïve`` nor ``régime``, English without its accents);
* ``weak``: words that join a fragment but never make one alone (``de``, ``la``, ``à``): ``de la`` in a
  Spanish name is no leftover French, ``l'a indiqué à la presse`` is one fragment.

Adjacent words (spaces or a spaced hyphen between them) make one fragment; a word glued to a number
(``1981après``) counts too. Each fragment is reported with its span; splitting the glued number off is an
ordinary repair rule's job.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import regex

from ..kinds import Rule
from . import lexicon

#: what may stand between two words of one fragment
_JOIN = regex.compile(r"[ \t]+(?:-[ \t]+)?")
_APOSTROPHE = regex.compile("['’]")


@dataclass(frozen=True, slots=True)
class Leftover:
    """A run of words of ``lang`` left untranslated, at ``[start, end)`` of the text the pass received."""

    start: int
    end: int
    lang: str
    text: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "lang": self.lang, "text": self.text, "rule": self.rule}


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    strong: bool


class LeftoverFinder:
    """The ``leftover_words`` rule of one language, compiled."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.lang = str(rule.source_lang)
        self.words = frozenset(w.lower() for w in rule.param("words"))
        self.weak = frozenset(w.lower() for w in rule.param("weak") or [])
        self.min_zipf = float(rule.param("min_zipf", 3.0))
        self.margin = float(rule.param("margin", 1.5))
        self.max_english = float(rule.param("max_english_zipf", 3.0))
        letters = regex.escape(str(rule.param("letters", "")))
        elisions = "|".join(regex.escape(e) for e in sorted(rule.param("elisions") or [], key=len, reverse=True))
        listed = "|".join(regex.escape(w) for w in sorted(self.words | self.weak, key=len, reverse=True))
        alternatives = [f"(?P<listed>{listed})"]
        if elisions:
            alternatives.append(f"(?P<elided>(?:{elisions})['’]\\p{{L}}+)")
        if letters:
            alternatives.append(f"(?P<lettered>\\p{{Ll}}*[{letters}]\\p{{Ll}}*)")
        # a word starts after a non-letter (a digit too: '1981après') and is not part of a longer word
        self.pattern = regex.compile(r"(?<![\p{L}\p{M}'’])(?:" + "|".join(alternatives) + r")(?![\p{L}\p{M}'’])")

    def _token(self, m: regex.Match[str]) -> _Token | None:
        word = m.group()
        if m.group("listed") is not None:
            return _Token(m.start(), m.end(), word not in self.weak)
        elided = m.groupdict().get("elided")
        if elided is not None:  # before a name it only joins a fragment: English writes d'Alembert, l'Oréal
            return _Token(m.start(), m.end(), _APOSTROPHE.split(elided, maxsplit=1)[1][:1].islower())
        # a word with a letter English lacks: of this language only if the word lists say so, and not an English
        # word with its accents kept ('régime', 'rôle', 'élite')
        fr, en = lexicon.zipf(word, [self.lang]), max(lexicon.zipf(word, ["en"]), lexicon.zipf(_plain(word), ["en"]))
        if fr >= self.min_zipf and en < self.max_english and fr - en >= self.margin:
            return _Token(m.start(), m.end(), True)
        return None

    def find(self, text: str) -> list[Leftover]:
        tokens = [t for t in map(self._token, self.pattern.finditer(text)) if t is not None]
        return [self._fragment(text, run) for run in _runs(text, tokens) if any(t.strong for t in run)]

    def _fragment(self, text: str, run: Sequence[_Token]) -> Leftover:
        start, end = run[0].start, run[-1].end
        return Leftover(start, end, self.lang, text[start:end], self.rule.id)


def _plain(word: str) -> str:
    """The word without its accents ('régime' -> 'regime')."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _runs(text: str, tokens: Sequence[_Token]) -> list[list[_Token]]:
    """Tokens grouped into runs of adjacent words."""
    runs: list[list[_Token]] = []
    for t in tokens:
        if runs and _JOIN.fullmatch(text, runs[-1][-1].end, t.start):
            runs[-1].append(t)
        else:
            runs.append([t])
    return runs


def find_leftovers(finders: Sequence[LeftoverFinder], text: str) -> list[Leftover]:
    """Every language's leftover fragments in ``text``, in text order."""
    found = [f for finder in finders for f in finder.find(text)]
    return sorted(found, key=lambda f: (f.start, f.end))
