"""The ``mt_repair`` pass: repair machine-translation artifacts, and tell which language a text came from.

What it repairs is data (``rules/mt_repair/*.yaml``), in six kinds of rule (see :mod:`cleantext.mt.kinds`):
literal phrases and patterns (mistranslations, typography, number format), glued particles, doubled
words, lowercase sentence starts, and source-language cues that repair nothing but decide the language.

How one document goes through:

1. every matcher scans the text once (one phrase automaton, one combined regex, one regex per generic
   kind, one automaton of cue words), producing candidate edits;
2. the source language is decided from the evidence (cue words, hits of language-tagged rules,
   untranslated sentences found by langdetect), unless ``Options.source_lang`` forces it;
3. candidates are filtered: language-tagged rules need that language; inside quotation marks only
   spacing-level rules act (quoted speech is evidence and keeps its errors); low-confidence rules are
   reported, not applied, unless ``Options.apply_low_confidence``;
4. overlaps are settled by kind: mistranslation and typography rules first, then glued particles,
   doubled words and sentence starts; the earlier start wins within a kind.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import regex

from ..document import Document, PassResult
from ..edits import Edit
from ..kinds import Rule
from ..language import document_language
from ..matching import CombinedRegex, LazyPatterns, LiteralGate, ScanReport, compile_pattern
from ..mt import lexicon
from ..mt.detect import DEFAULT_THRESHOLD, MAX_HITS_PER_CUE, Evidence, Fragment, decide, untranslated_fragments
from ..mt.kinds import DEFAULT_CATEGORY, needle_forms
from ..mt.leftover import LeftoverFinder, find_leftovers
from ..mt.scan import CueHit, LiteralScan, PhraseHit
from ..mt.score import Score, score
from ..mt.text import LineQuotes, follows_name, in_prose, sentence_bounds
from .base import Pass, register_pass

# Which kind wins when two candidate edits overlap (lower first): a phrase rule that rewrites
# "the weapons weapons" must beat the doubled-word rule that would only drop one "weapons".
_PRIORITY = {"mt_phrase": 0, "mt_pattern": 0, "glued_particle": 1, "doubled_word": 2, "sentence_case": 3}
# Kinds that only change spacing or letter case of a name and so may act inside quotation marks.
_IN_QUOTES_DEFAULT = {"glued_particle": True}
#: the language the rules repair; a document confidently in another language is left alone
TARGET_LANG = "en"
#: the share of the text in the target language under which a document is not treated as its output: every
#: MT and native English document of the dev sets is >= 98% English (pycld2); web pages in another language
#: with English menus and quotes reach 49%
MIN_TARGET_SHARE = 0.5
#: the source language the fitted score (cleantext/mt/score.py) is a score of
SCORED_LANG = "fr"
_CONTEXT_WINDOW = 80
# what may stand between the start of a line and a list marker such as 'ii.' or '(b.'
_MARKER_LEAD = frozenset(" \t([-*•")
# Hits that say little about the source language: number format and spacing slips occur in code,
# tables and English typos; low-confidence rules match plausible English by definition. Split compounds are
# counted by the fitted score itself (cleantext/mt/score.py): as rule hits they would count twice.
_WEAK_EVIDENCE = {"typography", "number_format", "split_compound"}
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
# how far back a finder hit may look for the start of its word (longer 'words' are not prose)
_MAX_WORD = 64


@dataclass(frozen=True, slots=True)
class _Context:
    """A phrase or pattern rule's compiled context conditions."""

    before: regex.Pattern[str] | None
    after: regex.Pattern[str] | None
    not_before: regex.Pattern[str] | None
    not_after: regex.Pattern[str] | None
    sentence_has: regex.Pattern[str] | None

    @classmethod
    def of(cls, rule: Rule) -> _Context:
        def tail(key: str) -> regex.Pattern[str] | None:
            p = rule.param(key)
            return compile_pattern(f"(?:{p})\\Z") if p else None

        def head(key: str) -> regex.Pattern[str] | None:
            p = rule.param(key)
            return compile_pattern(p) if p else None

        words = rule.param("sentence_has")
        has = (compile_pattern(r"\b(?:" + "|".join(regex.escape(w) for w in words) + r")\b", "i")
               if words else None)
        return cls(tail("before"), head("after"), tail("not_before"), head("not_after"), has)

    @property
    def empty(self) -> bool:
        return all(c is None for c in (self.before, self.after, self.not_before, self.not_after, self.sentence_has))

    def holds(self, text: str, start: int, end: int, timeout: float) -> bool:
        return self.failing(text, start, end, timeout) is None

    def failing(self, text: str, start: int, end: int, timeout: float) -> str | None:
        """The first condition that does not hold around ``text[start:end]`` (its param name), or None."""
        if self.empty:
            return None
        left = text[max(0, start - _CONTEXT_WINDOW) : start]
        right = text[end : end + _CONTEXT_WINDOW]
        try:
            if self.before is not None and not self.before.search(left, timeout=timeout):
                return "before"
            if self.not_before is not None and self.not_before.search(left, timeout=timeout):
                return "not_before"
            if self.after is not None and not self.after.match(right, timeout=timeout):
                return "after"
            if self.not_after is not None and self.not_after.match(right, timeout=timeout):
                return "not_after"
            if self.sentence_has is not None:
                lo, hi = sentence_bounds(text, start, end)
                if not self.sentence_has.search(text, lo, hi, timeout=timeout):
                    return "sentence_has"
        except TimeoutError as exc:  # the caller skips the rule and reports it by its id
            raise TimeoutError(f"a context condition of {len(text)} characters ran out of time") from exc
        return None


def context_failure(rule: Rule, text: str, start: int, end: int, *, timeout: float) -> str | None:
    """The context param of ``rule`` (before, after, not_before, ...) that turns down a hit at ``start:end``."""
    return _Context.of(rule).failing(text, start, end, timeout)


@dataclass(frozen=True, slots=True)
class _Candidate:
    edit: Edit
    rule: Rule
    priority: int


@dataclass(frozen=True, slots=True)
class _Glue:
    rule: Rule
    assimilating: bool
    min_stem: int
    threshold: float
    langs: tuple[str, ...]
    keep: frozenset[str]


def _is_evidence(rule: Rule) -> bool:
    """Whether a hit of this language-tagged rule counts as evidence of its language."""
    return rule.confidence == "high" and _category(rule) not in _WEAK_EVIDENCE


def _category(rule: Rule) -> str:
    return rule.category or DEFAULT_CATEGORY.get(rule.kind, rule.kind)


def _keep_case(old: str, new: str) -> str:
    """Capitalize ``new`` when ``old`` starts with a capital (a repair at a sentence start)."""
    if old[:1].isupper() and new[:1].islower():
        return new[:1].upper() + new[1:]
    return new


class _Occupied:
    """Accepted edit spans, non-overlapping, with a fast test for a new span."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.spans: list[tuple[int, int]] = []

    def conflicts(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        # spans do not overlap each other, so only the neighbours on either side can overlap a new one
        return any(0 <= j < len(self.spans) and _overlap(self.spans[j], (start, end)) for j in (i - 1, i))

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.spans.insert(i, (start, end))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    # the pipeline's rule: an insertion may sit at either end of another edit, not inside it
    if a[0] == a[1]:
        return b[0] < a[0] < b[1]
    if b[0] == b[1]:
        return a[0] < b[0] < a[1]
    return a[0] < b[1] and b[0] < a[1]


@register_pass
class MtRepairPass(Pass):
    name = "mt_repair"
    description = "repair machine-translation artifacts; detect the source language"

    def setup(self) -> None:
        by_kind: dict[str, list[Rule]] = {}
        for r in self.rules:
            by_kind.setdefault(r.kind, []).append(r)
        timeout = self.options.rule_timeout
        self.timeout = timeout
        self.phrase_rules = by_kind.get("mt_phrase", [])
        self.pattern_rules = by_kind.get("mt_pattern", [])
        # Rules of a source language that are not evidence of it (number format and spacing slips, low
        # confidence) cannot change the language decision: they are scanned after it, and only when the
        # document turned out to be in their language. The others are scanned first.
        # A rule with 'needs' is scanned on its own, and only when one of its needed texts is in the document.
        late = {i for i, r in enumerate(self.pattern_rules) if r.source_lang and not _is_evidence(r)}
        self.needles = {i: needle_forms(r) for i, r in enumerate(self.pattern_rules) if r.param("needs")}
        # every needed text of every gated rule in one automaton: one pass over a document tells which gated
        # rules can match (a text test per needle and rule cost more than the whole rest of the scan)
        self.needle_gate = LiteralGate(self.needles)
        # compiled on first use: most documents hold none of a gated rule's needed texts
        self.own = LazyPatterns()
        for rule in self.pattern_rules:
            self.own.append(rule.param("pattern"), rule.param("flags", ""))

        def combined(indices: list[int]) -> CombinedRegex[int]:
            return CombinedRegex(((i, self.pattern_rules[i].param("pattern"), self.pattern_rules[i].param("flags", ""))
                                  for i in indices if i not in self.needles), timeout=timeout)

        first = [i for i in range(len(self.pattern_rules)) if i not in late]
        self.patterns = (combined(first), [i for i in first if i in self.needles])
        self.late_patterns: dict[str, tuple[CombinedRegex[int], list[int]]] = {}
        for lang in sorted({str(self.pattern_rules[i].source_lang) for i in late}):
            these = sorted(i for i in late if self.pattern_rules[i].source_lang == lang)
            self.late_patterns[lang] = (combined(these), [i for i in these if i in self.needles])
        self.contexts = {r.id: _Context.of(r) for r in [*self.phrase_rules, *self.pattern_rules]}
        # glued particles: one table of every rule's particles, longest first (the first rule wins a tie)
        self.glue: dict[str, _Glue] = {}
        for r in by_kind.get("glued_particle", []):
            assim = {p.lower() for p in r.param("assimilating") or []}
            langs = tuple(r.param("lexicon_langs") or ["en"])  # word lists load on the first glued candidate
            for p in r.param("particles"):
                self.glue.setdefault(p.lower(), _Glue(
                    r, p.lower() in assim, int(r.param("min_stem", 3)), float(r.param("known_word_zipf", 2.0)),
                    langs, frozenset(k.lower() for k in r.param("keep") or [])))
        self.glue_order = sorted(self.glue, key=len, reverse=True)
        doubled = by_kind.get("doubled_word", [])
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
        cases = by_kind.get("sentence_case", [])
        self.sentence_case = cases[0] if cases else None
        self.abbreviations = {w.lower().rstrip(".") for r in cases for w in r.param("abbreviations") or []}
        # source-language cues: one automaton; per language its threshold and langdetect code
        self.cue_rules = by_kind.get("source_cues", [])
        # untranslated words: reported with their spans, never edited
        self.leftover = [LeftoverFinder(r) for r in by_kind.get("leftover_words", [])]
        # phrases and cue words: one automaton, one scan
        self.literals = LiteralScan([(i, p) for i, r in enumerate(self.phrase_rules) for p in r.param("phrases")],
                                    [(i, w) for i, r in enumerate(self.cue_rules) for w in r.param("words")])
        self.glue_ends = {len(p) for p in self.glue}
        self.thresholds: dict[str, float] = {}
        self.langdetect_codes: dict[str, str] = {}
        for r in self.cue_rules:
            lang = str(r.source_lang)
            t = float(r.param("threshold", DEFAULT_THRESHOLD))
            self.thresholds[lang] = min(t, self.thresholds.get(lang, t))
            self.langdetect_codes.setdefault(str(r.param("langdetect_code", lang)), lang)

    # -- matching -------------------------------------------------------------------------------------

    def _edit(self, rule: Rule, start: int, old: str, new: str, reason: str) -> _Candidate:
        edit = Edit(self.name, rule.id, start, start + len(old), old, new,
                    reason=rule.description or reason, category=_category(rule))
        return _Candidate(edit, rule, _PRIORITY.get(rule.kind, 9))

    def _context_holds(self, rule: Rule, text: str, start: int, end: int, scan: ScanReport) -> bool:
        """Whether the rule's context conditions hold around ``text[start:end]``; a condition that cannot
        be decided in time does not hold (precision first), and the rule is reported by its id."""
        if rule.id in scan.timed_out:
            return False
        try:
            return self.contexts[rule.id].holds(text, start, end, self.timeout)
        except TimeoutError:
            scan.timed_out.append(rule.id)
            return False

    def _phrase_candidates(self, text: str, found: list[PhraseHit], scan: ScanReport) -> Iterator[_Candidate]:
        for hit in found:
            for key in hit.keys:
                rule = self.phrase_rules[key]
                if not self._context_holds(rule, text, hit.start, hit.end, scan):
                    continue
                old = text[hit.start : hit.end]
                new = rule.param("replace")
                if rule.param("keep_case", True):
                    new = _keep_case(old, new)
                if new != old:
                    yield self._edit(rule, hit.start, old, new, f"mistranslated phrase {old!r}")
                break

    def _pattern_hits(self, text: str, scan: ScanReport, patterns: tuple[CombinedRegex[int], list[int]],
                      present: frozenset[int]) -> list[tuple[int, regex.Match[str]]]:
        combined, gated = patterns
        hits = [(h.key, h.match) for h in combined.scan(text, scan)]
        for i in gated:
            # a rule whose needed texts are all absent cannot match: no scan
            if i not in present:
                continue
            try:
                hits.extend((i, m) for m in self.own[i].finditer(text, timeout=self.timeout))
            except TimeoutError:
                scan.timed_out.append(i)
        return hits

    def _pattern_candidates(self, text: str, scan: ScanReport, patterns: tuple[CombinedRegex[int], list[int]],
                            present: frozenset[int]) -> Iterator[_Candidate]:
        for key, match in self._pattern_hits(text, scan, patterns, present):
            rule = self.pattern_rules[key]
            start, end = match.span()
            if start == end or not self._context_holds(rule, text, start, end, scan):
                continue
            old = match.group()
            new = match.expand(rule.param("replace"))
            if rule.param("keep_case", True):
                new = _keep_case(old, new)
            if new != old:
                yield self._edit(rule, start, old, new, f"pattern of rule {rule.id}")

    def _glue_candidates(self, text: str) -> Iterator[_Candidate]:
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
                yield self._edit(g.rule, m.start(), left + "-", f"{stem} {part}-",
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

    def _doubled_candidates(self, text: str) -> Iterator[_Candidate]:
        rule = self.doubled
        if rule is None:
            return
        for m in self._doubled(text):
            first = m.group(1)
            repeats = _WORD.findall(text, m.end(1), m.end())
            # 'had had' is grammar; 'Bora Bora', 'Walla Walla' are names, 'Freedom Party Party' is not
            if self._grammatical_double(text, m.start(), first.lower()) or (
                    any(w[:1].isupper() for w in repeats) and not self._repeated_in_name(text, m.start(), first)):
                continue
            yield self._edit(rule, m.end(1), text[m.end(1) : m.end()], "", f"doubled word {first!r}")
        if not self.stutter:
            return
        for m in self._stutters(text):
            first = m.group(1)
            repeats = _WORD.findall(text, m.end(1), m.end())
            if (len(first) < self.stutter_min or first.lower() in self.stutter_allow
                    or (not first[:1].isupper() and any(w[:1].isupper() for w in repeats))):
                continue
            yield self._edit(rule, m.end(1), text[m.end(1) : m.end()], "", f"stuttered word {first!r}")

    def _repeated_in_name(self, text: str, start: int, word: str) -> bool:
        """Whether a capitalised double is a slip, not a reduplicated name: in a line of prose (menus and tag lists
        repeat words on purpose), the word is long ('Mentefering Mentefering') or ends a name of capitalised
        words ('the Freedom Party Party')."""
        long_or_after_name = len(word) >= self.double_name_min or (self.double_after_name and follows_name(text, start))
        return long_or_after_name and in_prose(text, start)

    def _grammatical_double(self, text: str, start: int, low: str) -> bool:
        """Whether the double at ``start`` is allowed: 'had had' anywhere, 'was was' only after 'what' ..."""
        if low not in self.double_allow:
            return False
        after = self.double_allow_after.get(low)
        if after is None:
            return True
        before = _WORD.findall(text, max(0, start - 60), start)[-5:]
        return any(w.lower() in after for w in before)

    def _sentence_case_candidates(self, text: str) -> Iterator[_Candidate]:
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
            yield self._edit(rule, s, text[s], text[s].upper(), "sentence starts with a lowercase letter")

    # -- detection ------------------------------------------------------------------------------------

    def _evidence(self, text: str, cue_hits: list[CueHit], candidates: list[_Candidate]
                  ) -> tuple[dict[str, Evidence], list[Fragment]]:
        evidence: dict[str, Evidence] = {}
        per_word: Counter[tuple[str, str]] = Counter()
        for hit in cue_hits:
            rule, word = self.cue_rules[hit.key], hit.word
            lang = str(rule.source_lang)
            ev = evidence.setdefault(lang, Evidence())
            per_word[(lang, word)] += 1
            ev.cue_words[word] = ev.cue_words.get(word, 0) + 1
            if per_word[(lang, word)] <= 3:  # a name repeated ten times is one signal, not ten
                ev.cue_score += float(rule.param("weight", 1))
        for c in candidates:
            if c.rule.source_lang and _is_evidence(c.rule):
                ev = evidence.setdefault(c.rule.source_lang, Evidence())
                ev.rule_hits[c.rule.id] = ev.rule_hits.get(c.rule.id, 0) + 1
        # langdetect only reads sentences with cue words: an English original costs nothing here
        fragments = untranslated_fragments(text, [h.start for h in cue_hits])
        for f in fragments:
            evidence.setdefault(self.langdetect_codes.get(f.lang, f.lang), Evidence()).fragments += 1
        return evidence, fragments

    def _score(self, text: str, evidence: dict[str, Evidence]) -> Score:
        """The fitted "translated from French" score, fed the pass's own French evidence as three signals."""
        ev = evidence.get(SCORED_LANG, Evidence())
        own = {"cue_words": sum(min(n, MAX_HITS_PER_CUE) for n in ev.cue_words.values()),
               "rule_hits": sum(ev.rule_hits.values()), "untranslated_fragments": ev.fragments}
        return score(text, own)

    # -- the pass -------------------------------------------------------------------------------------

    def run(self, doc: Document) -> PassResult:
        text = doc.text
        language = document_language(text)
        # the rules are English repairs: on a Spanish page '102,6 %' is right, not a slip to repair
        if language.is_mostly_not(TARGET_LANG, min_share=MIN_TARGET_SHARE):
            return PassResult(edits=[], report={"document_lang": language.lang, "machine_translated": False,
                                                "skipped": f"document is in {language.lang!r}, not English"})
        phrase_hits, cue_hits = self.literals.scan(text)
        scan = ScanReport()
        present = self.needle_gate.present(text)
        candidates: list[_Candidate] = []
        timed_out: list[str] = []
        sources: list[tuple[str, Callable[[], Iterator[_Candidate]]]] = [
            ("mt_phrase", lambda: self._phrase_candidates(text, phrase_hits, scan)),
            ("mt_pattern", lambda: self._pattern_candidates(text, scan, self.patterns, present)),
            ("glued_particle", lambda: self._glue_candidates(text)),
            ("doubled_word", lambda: self._doubled_candidates(text)),
            ("sentence_case", lambda: self._sentence_case_candidates(text)),
        ]
        for kind, source in sources:
            found: list[_Candidate] = []
            try:
                found.extend(source())
            except TimeoutError:  # one generic matcher ran out of time: skip that kind for this document
                timed_out.append(kind)
                continue
            candidates.extend(found)
        evidence, fragments = self._evidence(text, cue_hits, candidates)
        forced = self.options.source_lang
        mt_score = self._score(text, evidence)
        decided = decide(evidence, self.thresholds)
        by_score = decided is None and mt_score.flagged
        source_lang = forced or decided or (SCORED_LANG if by_score else None)
        late = self.late_patterns.get(source_lang or "")
        if late is not None:
            try:
                candidates.extend(self._pattern_candidates(text, scan, late, present))
            except TimeoutError:
                timed_out.append("mt_pattern")
        quotes = LineQuotes(text)  # quotes are looked for only around candidates, line by line
        low: list[Edit] = []
        in_quotes: list[Edit] = []
        active: list[_Candidate] = []
        for c in candidates:
            if c.rule.source_lang and c.rule.source_lang != source_lang:
                continue
            allowed = c.rule.param("in_quotes", _IN_QUOTES_DEFAULT.get(c.rule.kind, False))
            if not allowed and quotes.touches(c.edit.start, c.edit.end):
                in_quotes.append(c.edit)
                continue
            if c.rule.confidence == "low" and not self.options.apply_low_confidence:
                low.append(c.edit)
                continue
            active.append(c)
        occupied = _Occupied()
        edits: list[Edit] = []
        for c in sorted(active, key=lambda c: (c.priority, c.edit.start, -(c.edit.end - c.edit.start))):
            if occupied.conflicts(c.edit.start, c.edit.end):
                continue
            occupied.add(c.edit.start, c.edit.end)
            edits.append(c.edit)
        edits.sort(key=lambda e: (e.start, e.end))
        artifacts = Counter(e.category for e in edits)
        # glued particles are a translation artifact whatever the language; a doubled word is just a typo
        glued = artifacts.get("glued_particle", 0)
        report: dict[str, Any] = {
            "document_lang": language.lang,
            "source_lang": source_lang,
            "source_lang_decided_by": "option" if forced else ("score" if by_score else
                                                               ("evidence" if source_lang else "none")),
            "mt_score": mt_score.to_dict(),
            "machine_translated": source_lang is not None or glued >= 2,
            "evidence": {lang: ev.to_dict() for lang, ev in sorted(evidence.items())},
            "artifacts": dict(sorted(artifacts.items())),
            "untranslated_fragments": [f.to_dict() for f in fragments],
            "leftover_fragments": [f.to_dict() for f in find_leftovers(self.leftover, text)],
            "low_confidence": [e.to_dict() for e in low],
            "kept_in_quotes": [e.to_dict() for e in in_quotes],
        }
        if scan.timed_out or timed_out:
            # pattern rules' keys from the scan, ids of rules whose context ran out of time, generic kinds
            named = [k if isinstance(k, str) else self.pattern_rules[k].id for k in scan.timed_out]
            report["timed_out"] = sorted(set(named)) + timed_out
        return PassResult(edits=edits, report=report)
