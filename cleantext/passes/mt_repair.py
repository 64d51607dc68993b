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
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import regex

from ..document import Document, PassResult
from ..edits import Edit
from ..kinds import Rule
from ..matching import CombinedRegex, PhraseIndex, ScanReport, compile_pattern, lower_aligned
from ..mt import lexicon
from ..mt.detect import DEFAULT_THRESHOLD, Evidence, Fragment, decide, untranslated_fragments
from ..mt.kinds import DEFAULT_CATEGORY
from ..mt.text import Spans, quoted_spans, sentence_bounds
from .base import Pass, register_pass

# Which kind wins when two candidate edits overlap (lower first): a phrase rule that rewrites
# "the weapons weapons" must beat the doubled-word rule that would only drop one "weapons".
_PRIORITY = {"mt_phrase": 0, "mt_pattern": 0, "glued_particle": 1, "doubled_word": 2, "sentence_case": 3}
# Kinds that only change spacing or letter case of a name and so may act inside quotation marks.
_IN_QUOTES_DEFAULT = {"glued_particle": True}
_CONTEXT_WINDOW = 80
# what may stand between the start of a line and a list marker such as 'ii.' or '(b.'
_MARKER_LEAD = frozenset(" \t([-*•")
# Hits that say little about the source language: number format and spacing slips occur in code,
# tables and English typos; low-confidence rules match plausible English by definition.
_WEAK_EVIDENCE = {"typography", "number_format"}
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
# next word a plain lowercase word (not iPhone, bpo-31756, snake_case or e.g.).
_SENTENCE_START = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}_.])(\p{Ll}{2,}|\p{N}{2,})\. (\p{Ll}+)(?![\p{L}\p{M}\p{N}_.\-/(])", regex.V1)


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
        if self.empty:
            return True
        left = text[max(0, start - _CONTEXT_WINDOW) : start]
        right = text[end : end + _CONTEXT_WINDOW]
        try:
            if self.before is not None and not self.before.search(left, timeout=timeout):
                return False
            if self.not_before is not None and self.not_before.search(left, timeout=timeout):
                return False
            if self.after is not None and not self.after.match(right, timeout=timeout):
                return False
            if self.not_after is not None and self.not_after.match(right, timeout=timeout):
                return False
            if self.sentence_has is not None:
                lo, hi = sentence_bounds(text, start, end)
                if not self.sentence_has.search(text, lo, hi, timeout=timeout):
                    return False
        except TimeoutError:
            return False  # a condition that cannot be decided in time does not hold: precision first
        return True


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
        self.phrases: PhraseIndex[int] = PhraseIndex(
            (i, p) for i, r in enumerate(self.phrase_rules) for p in r.param("phrases"))
        self.pattern_rules = by_kind.get("mt_pattern", [])
        self.patterns: CombinedRegex[int] = CombinedRegex(
            ((i, r.param("pattern"), r.param("flags", "")) for i, r in enumerate(self.pattern_rules)),
            timeout=timeout)
        self.contexts = {r.id: _Context.of(r) for r in [*self.phrase_rules, *self.pattern_rules]}
        # glued particles: one table of every rule's particles, longest first (the first rule wins a tie)
        self.glue: dict[str, _Glue] = {}
        for r in by_kind.get("glued_particle", []):
            assim = {p.lower() for p in r.param("assimilating") or []}
            langs = tuple(r.param("lexicon_langs") or ["en"])
            lexicon.warm(langs)
            for p in r.param("particles"):
                self.glue.setdefault(p.lower(), _Glue(
                    r, p.lower() in assim, int(r.param("min_stem", 3)), float(r.param("known_word_zipf", 2.0)),
                    langs, frozenset(k.lower() for k in r.param("keep") or [])))
        self.glue_order = sorted(self.glue, key=len, reverse=True)
        doubled = by_kind.get("doubled_word", [])
        self.doubled = doubled[0] if doubled else None
        self.double_allow = {w.lower() for r in doubled for w in r.param("allow") or []}
        self.stutter_allow = self.double_allow | {w.lower() for r in doubled for w in r.param("stutter_allow") or []}
        self.stutter = any(r.param("comma_stutter", True) for r in doubled)
        self.stutter_min = min((int(r.param("min_length", 3)) for r in doubled), default=3)
        cases = by_kind.get("sentence_case", [])
        self.sentence_case = cases[0] if cases else None
        self.abbreviations = {w.lower().rstrip(".") for r in cases for w in r.param("abbreviations") or []}
        # source-language cues: one automaton; per language its threshold and langdetect code
        self.cue_rules = by_kind.get("source_cues", [])
        self.cues: PhraseIndex[tuple[int, str]] = PhraseIndex(
            ((i, w), w) for i, r in enumerate(self.cue_rules) for w in r.param("words"))
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

    def _phrase_candidates(self, text: str, lowered: str) -> Iterator[_Candidate]:
        for hit in self.phrases.find(text, lowered=lowered):
            for key in hit.keys:
                rule = self.phrase_rules[key]
                if not self.contexts[rule.id].holds(text, hit.start, hit.end, self.timeout):
                    continue
                old = text[hit.start : hit.end]
                new = rule.param("replace")
                if rule.param("keep_case", True):
                    new = _keep_case(old, new)
                if new != old:
                    yield self._edit(rule, hit.start, old, new, f"mistranslated phrase {old!r}")
                break

    def _pattern_candidates(self, text: str, scan: ScanReport) -> Iterator[_Candidate]:
        for hit in self.patterns.scan(text, scan):
            rule = self.pattern_rules[hit.key]
            start, end = hit.match.span()
            if start == end or not self.contexts[rule.id].holds(text, start, end, self.timeout):
                continue
            old = hit.match.group()
            new = hit.match.expand(rule.param("replace"))
            if rule.param("keep_case", True):
                new = _keep_case(old, new)
            if new != old:
                yield self._edit(rule, start, old, new, f"pattern of rule {rule.id}")

    def _glue_candidates(self, text: str) -> Iterator[_Candidate]:
        if not self.glue:
            return
        for m in _GLUED.finditer(text, timeout=self.timeout):
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

    def _doubled_candidates(self, text: str) -> Iterator[_Candidate]:
        rule = self.doubled
        if rule is None:
            return
        for m in _DOUBLED.finditer(text, timeout=self.timeout):
            first = m.group(1)
            repeats = _WORD.findall(text, m.end(1), m.end())
            # 'had had' is grammar; 'Bora Bora', 'Walla Walla' are names
            if first.lower() in self.double_allow or any(w[:1].isupper() for w in repeats):
                continue
            yield self._edit(rule, m.end(1), text[m.end(1) : m.end()], "", f"doubled word {first!r}")
        if not self.stutter:
            return
        for m in _STUTTER.finditer(text, timeout=self.timeout):
            first = m.group(1)
            repeats = _WORD.findall(text, m.end(1), m.end())
            if (len(first) < self.stutter_min or first.lower() in self.stutter_allow
                    or (not first[:1].isupper() and any(w[:1].isupper() for w in repeats))):
                continue
            yield self._edit(rule, m.end(1), text[m.end(1) : m.end()], "", f"stuttered word {first!r}")

    def _sentence_case_candidates(self, text: str) -> Iterator[_Candidate]:
        rule = self.sentence_case
        if rule is None:
            return
        for m in _SENTENCE_START.finditer(text, timeout=self.timeout):
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

    def _cue_hits(self, text: str, lowered: str) -> list[tuple[int, Rule, str]]:
        hits: list[tuple[int, Rule, str]] = []
        for hit in self.cues.find(text, lowered=lowered):
            found = text[hit.start : hit.end]
            for idx, word in hit.keys:
                if found == word:  # lowercase cues match lowercase text only: 'la' is not 'La Paz'
                    hits.append((hit.start, self.cue_rules[idx], word))
                    break
        return hits

    def _evidence(self, text: str, lowered: str, candidates: list[_Candidate]
                  ) -> tuple[dict[str, Evidence], list[Fragment]]:
        evidence: dict[str, Evidence] = {}
        cue_hits = self._cue_hits(text, lowered)
        per_word: Counter[tuple[str, str]] = Counter()
        for _, rule, word in cue_hits:
            lang = str(rule.source_lang)
            ev = evidence.setdefault(lang, Evidence())
            per_word[(lang, word)] += 1
            ev.cue_words[word] = ev.cue_words.get(word, 0) + 1
            if per_word[(lang, word)] <= 3:  # a name repeated ten times is one signal, not ten
                ev.cue_score += float(rule.param("weight", 1))
        for c in candidates:
            if c.rule.source_lang and c.rule.confidence == "high" and c.edit.category not in _WEAK_EVIDENCE:
                ev = evidence.setdefault(c.rule.source_lang, Evidence())
                ev.rule_hits[c.rule.id] = ev.rule_hits.get(c.rule.id, 0) + 1
        fragments = untranslated_fragments(text, [p for p, _, _ in cue_hits])
        for f in fragments:
            evidence.setdefault(self.langdetect_codes.get(f.lang, f.lang), Evidence()).fragments += 1
        return evidence, fragments

    # -- the pass -------------------------------------------------------------------------------------

    def run(self, doc: Document) -> PassResult:
        text = doc.text
        lowered = lower_aligned(text)
        scan = ScanReport()
        candidates: list[_Candidate] = []
        timed_out: list[str] = []
        sources: list[tuple[str, Callable[[], Iterator[_Candidate]]]] = [
            ("mt_phrase", lambda: self._phrase_candidates(text, lowered)),
            ("mt_pattern", lambda: self._pattern_candidates(text, scan)),
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
        evidence, fragments = self._evidence(text, lowered, candidates)
        forced = self.options.source_lang
        source_lang = forced or decide(evidence, self.thresholds)
        quotes = Spans(quoted_spans(text))
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
            "source_lang": source_lang,
            "source_lang_decided_by": "option" if forced else ("evidence" if source_lang else "none"),
            "machine_translated": source_lang is not None or glued >= 2,
            "evidence": {lang: ev.to_dict() for lang, ev in sorted(evidence.items())},
            "artifacts": dict(sorted(artifacts.items())),
            "untranslated_fragments": [f.to_dict() for f in fragments],
            "low_confidence": [e.to_dict() for e in low],
            "kept_in_quotes": [e.to_dict() for e in in_quotes],
        }
        if scan.timed_out or timed_out:
            report["timed_out"] = [self.pattern_rules[k].id for k in scan.timed_out] + timed_out
        return PassResult(edits=edits, report=report)
