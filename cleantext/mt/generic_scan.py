"""Candidates of the generic kinds of the ``mt_repair`` pass: glued particles, doubled and stuttered words,
lowercase sentence starts (``glued_particle``, ``doubled_word``, ``sentence_case``).

Each kind is found by a cheap literal-led finder (``-`` before a capital, `` word word``, ``, word`` before
``.?!``, ``. `` before a lowercase letter), and its exact pattern and the rule's conditions are checked only
where a finder hit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from ..kinds import Rule
from . import lexicon
from .candidate import Candidate, candidate
from .text import follows_name, in_prose

# what may stand between the start of a line and a list marker such as 'ii.' or '(b.'
_MARKER_LEAD = frozenset(" \t([-*•")
# word characters for these purposes include apostrophes, hyphens and underscores (to_angle, self.x)
_NOT_WORD = r"(?![\p{L}\p{M}\p{N}_'’\-])"
_NOT_AFTER_WORD = r"(?<![\p{L}\p{M}\p{N}_'’\-])"
_GLUED = regex.compile(_NOT_AFTER_WORD + r"(\p{Lu}[\p{L}\p{M}]*\p{Ll})-(?=(\p{Lu}[\p{L}\p{M}]*))", regex.V1)
# V0 (simple case folding): V1's full case folding makes a case-insensitive back-reference ten times
# slower. A gap of more than two spaces is alignment (tables, listings), not a repeated word.
_DOUBLED = regex.compile(r"\b" + _NOT_AFTER_WORD + r"(\p{L}[\p{L}\p{M}]*+)(?:[ \t]{1,2}\1" + _NOT_WORD + r")+",
                         regex.V0 | regex.IGNORECASE)
# the stutter must end the sentence: 'viable, viable?' but not 'info, info.items()'; every repeat is taken
# at once ('viable, viable, viable?'), so one application reaches the fixed point
_STUTTER = regex.compile(r"\b" + _NOT_AFTER_WORD + r"(\p{L}[\p{L}\p{M}]*+)(?:, \1)++(?=[?!.](?:\s|$|[\"”’)]))",
                         regex.V0 | regex.IGNORECASE)
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*")
# One space after the period (two or more is a layout choice, often before an identifier), and the
# next word a plain lowercase word (not iPhone, bpo-31756, snake_case or e.g.). A space before the
# period is allowed: the same pass removes it (space-before-period), so both fixes land in one run.
_SENTENCE_START = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}_.])(\p{Ll}{2,}|\p{N}{2,}) ?\. (\p{Ll}+)(?![\p{L}\p{M}\p{N}_.\-/(])", regex.V1)

# Cheap finders of candidates for the generic kinds. Each starts with a literal, so the regex engine
# jumps from one occurrence to the next instead of trying the exact pattern at every character; the
# exact pattern above then runs only where a finder hit (a few places per document).
_GLUED_FIND = regex.compile(r"-(?=\p{Lu})")
_SENTENCE_FIND = regex.compile(r"\. (?=\p{Ll})")
_STUTTER_FIND = regex.compile(r", (\p{L}[\p{L}\p{M}]*+)(?=[?!.])")
# stdlib re: a literal space first and a back-reference, the fastest form measured (a third of `regex`'s
# time); a doubled word at the start of a line or of the text is found by the second finder
_DOUBLED_FIND = re.compile(r" (\w++)[ \t]{1,2}\1\b", re.IGNORECASE)
_DOUBLED_FIND_LINE = re.compile(r"\n(\w++)[ \t]{1,2}\1\b", re.IGNORECASE)
# a capitalised word right after a double: the double is inside a longer name or a title ('Berlin Berlin Fashion')
_NEXT_CAPITALISED = regex.compile(r"[ \t]+\p{Lu}")
#: how common in English (Zipf) a word doubled after a name must be to be a slip: 'Party' is, 'Bora' is not
AFTER_NAME_MIN_ZIPF = 4.0
# how far back a finder hit may look for the start of its word (longer 'words' are not prose)
_MAX_WORD = 64


@dataclass(frozen=True, slots=True)
class _Glue:
    rule: Rule
    assimilating: bool
    min_stem: int
    threshold: float
    langs: tuple[str, ...]
    keep: frozenset[str]


class GenericScanner:
    """The glued-particle, doubled-word and sentence-case rules of the pass, compiled."""

    def __init__(self, glue_rules: Sequence[Rule], doubled: Sequence[Rule], cases: Sequence[Rule], *,
                 timeout: float) -> None:
        self.timeout = timeout
        self._setup_glue(glue_rules)
        self._setup_doubled(doubled)
        self.sentence_case = cases[0] if cases else None
        self.abbreviations = {w.lower().rstrip(".") for r in cases for w in r.param("abbreviations") or []}

    def _setup_glue(self, rules: Sequence[Rule]) -> None:
        # glued particles: one table of every rule's particles, longest first (the first rule wins a tie)
        self.glue: dict[str, _Glue] = {}
        for r in rules:
            assim = {p.lower() for p in r.param("assimilating") or []}
            langs = tuple(r.param("lexicon_langs") or ["en"])  # word lists load on the first glued candidate
            for p in r.param("particles"):
                self.glue.setdefault(p.lower(), _Glue(
                    r, p.lower() in assim, int(r.param("min_stem", 3)), float(r.param("known_word_zipf", 2.0)),
                    langs, frozenset(k.lower() for k in r.param("keep") or [])))
        self.glue_order = sorted(self.glue, key=len, reverse=True)
        self.glue_ends = {len(p) for p in self.glue}

    def _setup_doubled(self, doubled: Sequence[Rule]) -> None:
        self.doubled = doubled[0] if doubled else None
        self.double_allow = {w.lower() for r in doubled for w in r.param("allow") or []}
        self.double_allow_after = {str(w).lower(): frozenset(str(x).lower() for x in after) for r in doubled
                                   for w, after in (r.param("allow_only_after") or {}).items()}
        self.stutter_allow = self.double_allow | {w.lower() for r in doubled for w in r.param("stutter_allow") or []}
        self.stutter = any(r.param("comma_stutter", True) for r in doubled)
        # a capitalised double is repaired when its word is this long or follows a capitalised word (off by default)
        self.double_name_min = min((int(r.param("name_min_length", 10**6)) for r in doubled), default=10**6)
        self.double_after_name = any(r.param("after_name", False) for r in doubled)
        self.stutter_min = min((int(r.param("min_length", 3)) for r in doubled), default=3)

    def glue_candidates(self, text: str) -> Iterator[Candidate]:
        if not self.glue:
            return
        # candidates first, word lists after: the regex time-out of the finder runs across its whole scan, and
        # loading the word lists on the first candidate (a second on a busy machine) must not count against it
        for m in list(self._glued(text)):
            left, right = m.group(1), m.group(2)
            low = left.lower()
            for particle in self.glue_order:
                if not low.endswith(particle):
                    continue
                g = self.glue[particle]
                stem, part = left[: -len(particle)], left[-len(particle) :]
                if not (part.islower() or part.istitle()) or len(stem) < g.min_stem or not stem[-1].islower():
                    break
                # a sun-letter particle is written with the next word's first consonant (ad-Dawla, ash-Sham)
                if g.assimilating and not right.lower().startswith(particle[1:]):
                    break
                # a real word ('Portugal', 'Baghdad', 'Central') is a real compound, not a glued particle
                if low in g.keep or lexicon.zipf(low, g.langs) >= g.threshold:
                    break
                yield candidate(g.rule, m.start(), left + "-", f"{stem} {part}-",
                                 f"particle {part + '-'!r} glued onto {stem!r}")
                break

    def _glued(self, text: str) -> Iterator[regex.Match[str]]:
        """Matches of _GLUED, found from the hyphens before a capital that follow a particle."""
        for f in _GLUED_FIND.finditer(text, timeout=self.timeout):
            h = f.start()
            if not any(text[h - k : h].lower() in self.glue for k in self.glue_ends):
                continue
            j = h
            while j > 0 and h - j < _MAX_WORD and (text[j - 1].isalpha() or unicodedata.combining(text[j - 1])):
                j -= 1
            m = _GLUED.match(text, j, timeout=self.timeout)
            if m is not None and m.end(1) == h:
                yield m

    def _doubled(self, text: str) -> Iterator[regex.Match[str]]:
        """Matches of _DOUBLED, in text order, checked only where a finder saw a word repeated."""
        starts = [m.start(1) for m in _DOUBLED_FIND.finditer(text)]
        starts += [m.start(1) for m in _DOUBLED_FIND_LINE.finditer(text)]
        if _DOUBLED_FIND_LINE.match("\n" + text[:200]):
            starts.append(0)
        done = 0
        for s in sorted(starts):
            if s < done:
                continue  # a third repeat, already part of the previous match
            m = _DOUBLED.match(text, s, timeout=self.timeout)
            if m is not None:
                done = m.end()
                yield m

    def _stutters(self, text: str) -> Iterator[regex.Match[str]]:
        """Matches of _STUTTER: from a ', word' before . ? or ! back to the first of the repeated words."""
        for f in _STUTTER_FIND.finditer(text, timeout=self.timeout):
            word = f.group(1).lower()
            k = len(word)
            end = f.start()  # the comma; walk back over 'word, word, ' while the words repeat
            first = -1
            while end - k >= 0 and text[end - k : end].lower() == word:
                first = end - k
                if text[first - 2 : first] != ", ":
                    break
                end = first - 2
            if first < 0:
                continue
            m = _STUTTER.match(text, first, min(len(text), f.end() + 2), timeout=self.timeout)
            if m is not None and m.end() == f.end():
                yield m

    def _sentence_starts(self, text: str) -> Iterator[regex.Match[str]]:
        """Matches of _SENTENCE_START, checked only where a period and a space precede a lowercase letter."""
        for f in _SENTENCE_FIND.finditer(text, timeout=self.timeout):
            j = f.start()
            if j > 0 and text[j - 1] == " ":  # 'the toll rose . the army': the word before the space
                j -= 1
            while j > 0 and f.start() - j < _MAX_WORD and text[j - 1].isalnum():
                j -= 1
            m = _SENTENCE_START.match(text, j, timeout=self.timeout)
            if m is not None:
                yield m

    def doubled_candidates(self, text: str) -> Iterator[Candidate]:
        rule = self.doubled
        if rule is None:
            return
        for m in self._doubled(text):
            first = m.group(1)
            repeats = _WORD.findall(text, m.end(1), m.end())
            # 'had had' is grammar; 'Bora Bora', 'Walla Walla' are names, 'Freedom Party Party' is not
            capitalised = any(w[:1].isupper() for w in repeats)
            if self._grammatical_double(text, m.start(), first.lower()) or (
                    capitalised and not self._repeated_in_name(text, m.start(), m.end(), first)):
                continue
            yield candidate(rule, m.end(1), text[m.end(1) : m.end()], "", f"doubled word {first!r}")
        if not self.stutter:
            return
        for m in self._stutters(text):
            first = m.group(1)
            repeats = _WORD.findall(text, m.end(1), m.end())
            if (len(first) < self.stutter_min or first.lower() in self.stutter_allow
                    or (not first[:1].isupper() and any(w[:1].isupper() for w in repeats))):
                continue
            yield candidate(rule, m.end(1), text[m.end(1) : m.end()], "", f"stuttered word {first!r}")

    def _repeated_in_name(self, text: str, start: int, end: int, word: str) -> bool:
        """Whether a capitalised double is a slip, not a reduplicated name: in a line of prose (menus and tag lists
        repeat words on purpose), the word is long ('Mentefering Mentefering') or ends a name of capitalised
        words ('the Freedom Party Party'): a common English word, not followed by another capitalised word (a
        tag list 'Balenciaga Berlin Berlin Fashion Week'), after a capitalised word ('Visit Bora Bora' is a name)."""
        if not in_prose(text, start):
            return False
        if len(word) >= self.double_name_min:
            return True
        return (self.double_after_name and follows_name(text, start) and not _NEXT_CAPITALISED.match(text, end)
                and lexicon.zipf(word, ["en"]) >= AFTER_NAME_MIN_ZIPF)

    def _grammatical_double(self, text: str, start: int, low: str) -> bool:
        """Whether the double at ``start`` is allowed: 'had had' anywhere, 'was was' only after 'what' ..."""
        if low not in self.double_allow:
            return False
        after = self.double_allow_after.get(low)
        if after is None:
            return True
        before = _WORD.findall(text, max(0, start - 60), start)[-5:]
        return any(w.lower() in after for w in before)

    def sentence_case_candidates(self, text: str) -> Iterator[Candidate]:
        rule = self.sentence_case
        if rule is None:
            return
        for m in self._sentence_starts(text):
            if m.group(1).lower() in self.abbreviations:
                continue
            j = m.start()
            while j > 0 and text[j - 1] in _MARKER_LEAD:  # bounded by the indentation, not the line length
                j -= 1
            if j == 0 or text[j - 1] == "\n":
                continue  # a list marker ('ii. moral rights', 'b. the army'), not the end of a sentence
            s = m.start(2)
            yield candidate(rule, s, text[s], text[s].upper(), "sentence starts with a lowercase letter")

