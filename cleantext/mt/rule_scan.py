"""Candidates of the phrase and pattern rules (``mt_phrase``, ``mt_pattern``), and the cue-word hits found in
the same literal scan.

Rules of a source language that are not evidence of it (number format and spacing slips, low confidence)
cannot change the language decision: they are scanned after it (:meth:`RuleScanner.late`), and only when the
document turned out to be in their language. A pattern rule with ``needs`` is scanned on its own, and only
when one of its needed texts is in the document: every needed text of every gated rule sits in one
automaton, so one pass over a document tells which gated rules can match.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import regex

from ..kinds import Rule
from ..matching import CombinedRegex, LazyPatterns, LiteralGate, ScanReport
from .candidate import Candidate, candidate, is_evidence, keep_case
from .context import RuleContext
from .kinds import needle_forms
from .scan import CueHit, LiteralScan, PhraseHit

#: the combined regex of a group of pattern rules, and the gated rules of that group (scanned on their own)
Patterns = tuple[CombinedRegex[int], list[int]]


class RuleScanner:
    """The phrase and pattern rules of the pass, compiled, and the cue words of its ``source_cues`` rules."""

    def __init__(self, phrase_rules: Sequence[Rule], pattern_rules: Sequence[Rule], cue_rules: Sequence[Rule], *,
                 timeout: float) -> None:
        self.timeout = timeout
        self.phrase_rules = list(phrase_rules)
        self.pattern_rules = list(pattern_rules)
        late = {i for i, r in enumerate(self.pattern_rules) if r.source_lang and not is_evidence(r)}
        self.needles = {i: needle_forms(r) for i, r in enumerate(self.pattern_rules) if r.param("needs")}
        # a text test per needle and rule cost more than the whole rest of the scan: one automaton instead
        self.needle_gate = LiteralGate(self.needles)
        # compiled on first use: most documents hold none of a gated rule's needed texts
        self.own = LazyPatterns()
        for rule in self.pattern_rules:
            self.own.append(rule.param("pattern"), rule.param("flags", ""))
        first = [i for i in range(len(self.pattern_rules)) if i not in late]
        self.first = self._patterns(first)
        self.late_patterns: dict[str, Patterns] = {}
        for lang in sorted({str(self.pattern_rules[i].source_lang) for i in late}):
            these = sorted(i for i in late if self.pattern_rules[i].source_lang == lang)
            self.late_patterns[lang] = self._patterns(these)
        self.contexts = {r.id: RuleContext.of(r) for r in [*self.phrase_rules, *self.pattern_rules]}
        # phrases and cue words: one automaton, one scan
        self.literals = LiteralScan([(i, p) for i, r in enumerate(self.phrase_rules) for p in r.param("phrases")],
                                    [(i, w) for i, r in enumerate(cue_rules) for w in r.param("words")])

    def _patterns(self, indices: list[int]) -> Patterns:
        combined = CombinedRegex(((i, self.pattern_rules[i].param("pattern"), self.pattern_rules[i].param("flags", ""))
                                  for i in indices if i not in self.needles), timeout=self.timeout)
        return combined, [i for i in indices if i in self.needles]

    def late(self, source_lang: str | None) -> Patterns | None:
        """The pattern rules scanned only once the document is known to be translated from ``source_lang``."""
        return self.late_patterns.get(source_lang or "")

    def scan_literals(self, text: str) -> tuple[list[PhraseHit], list[CueHit]]:
        return self.literals.scan(text)

    def present(self, text: str) -> frozenset[int]:
        """The gated pattern rules one of whose needed texts is in ``text``."""
        return self.needle_gate.present(text)

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

    def phrase_candidates(self, text: str, found: list[PhraseHit], scan: ScanReport) -> Iterator[Candidate]:
        for hit in found:
            for key in hit.keys:
                rule = self.phrase_rules[key]
                if not self._context_holds(rule, text, hit.start, hit.end, scan):
                    continue
                old = text[hit.start : hit.end]
                new = rule.param("replace")
                if rule.param("keep_case", True):
                    new = keep_case(old, new)
                if new != old:
                    yield candidate(rule, hit.start, old, new, f"mistranslated phrase {old!r}")
                break

    def _pattern_hits(self, text: str, scan: ScanReport, patterns: Patterns,
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

    def pattern_candidates(self, text: str, scan: ScanReport, patterns: Patterns,
                           present: frozenset[int]) -> Iterator[Candidate]:
        for key, match in self._pattern_hits(text, scan, patterns, present):
            rule = self.pattern_rules[key]
            start, end = match.span()
            if start == end or not self._context_holds(rule, text, start, end, scan):
                continue
            old = match.group()
            new = match.expand(rule.param("replace"))
            if rule.param("keep_case", True):
                new = keep_case(old, new)
            if new != old:
                yield candidate(rule, start, old, new, f"pattern of rule {rule.id}")

    def timed_out_ids(self, keys: Sequence[int | str]) -> list[str]:
        """Ids of what ran out of time: pattern rules by their index in the scan, context failures by id."""
        return [k if isinstance(k, str) else self.pattern_rules[k].id for k in keys]
