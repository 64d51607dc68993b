"""The ``mt_repair`` pass: repair machine-translation artifacts, and tell which language a text came from.

What it repairs is data (``rules/mt_repair/*.yaml``), in seven kinds of rule (see :mod:`cleantext.mt.kinds`):
literal phrases and patterns (mistranslations, typography, number format, split compounds), glued particles,
doubled words, lowercase sentence starts, source-language cues that repair nothing but decide the language,
and leftover words that are only reported.

How one document goes through, one module a step:

1. the document must be English (:mod:`cleantext.language`): the rules are English repairs;
2. every matcher scans the text once, producing candidate edits (:mod:`cleantext.mt.rule_scan` for phrase and
   pattern rules and cue words, :mod:`cleantext.mt.generic_scan` for the generic kinds);
3. the source language is decided from the evidence (:mod:`cleantext.mt.gate`), unless
   ``Options.source_lang`` forces it; the rules scanned only for that language run then;
4. the candidates that apply are selected and their overlaps settled (:mod:`cleantext.mt.decision`);
5. the report says what was found, decided, applied and only reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from ..document import Document, PassResult
from ..kinds import Rule
from ..language import MIN_TARGET_SHARE, language_name
from ..matching import ScanReport
from ..mt.candidate import Candidate
from ..mt.context import context_failure as context_failure  # re-exported: authoring/explain.py reads it here
from ..mt.decision import Selection, select
from ..mt.gate import SCORED_LANG as SCORED_LANG
from ..mt.gate import Decision, EvidenceGate
from ..mt.generic_scan import GenericScanner
from ..mt.leftover import LeftoverFinder, find_leftovers
from ..mt.rule_scan import RuleScanner
from .base import Pass, register_pass


@register_pass
class MtRepairPass(Pass):
    name = "mt_repair"
    description = "repair machine-translation artifacts; detect the source language"

    def setup(self) -> None:
        by_kind: dict[str, list[Rule]] = {}
        for r in self.rules:
            by_kind.setdefault(r.kind, []).append(r)
        timeout = self.options.rule_timeout
        cue_rules = by_kind.get("source_cues", [])
        self.rule_scan = RuleScanner(by_kind.get("mt_phrase", []), by_kind.get("mt_pattern", []), cue_rules,
                                     timeout=timeout)
        self.generic = GenericScanner(by_kind.get("glued_particle", []), by_kind.get("doubled_word", []),
                                      by_kind.get("sentence_case", []), timeout=timeout)
        self.gate = EvidenceGate(cue_rules)
        # untranslated words: reported with their spans, never edited
        self.leftover = [LeftoverFinder(r) for r in by_kind.get("leftover_words", [])]

    def run(self, doc: Document) -> PassResult:
        text = doc.text
        language = doc.language  # detected once per document, shared with the other passes
        # the rules are repairs of the target language: on a Spanish page '102,6 %' is right, not a slip
        target = self.options.target_language
        if language.is_mostly_not(target, min_share=MIN_TARGET_SHARE):
            return PassResult(edits=[], report={"document_lang": language.lang, "machine_translated": False,
                                                "skipped": f"document is in {language.lang!r}, not "
                                                           f"{language_name(target)}"})
        phrase_hits, cue_hits = self.rule_scan.scan_literals(text)
        scan = ScanReport()
        present = self.rule_scan.present(text)
        timed_out: list[str] = []
        sources: list[tuple[str, Callable[[], Iterator[Candidate]]]] = [
            ("mt_phrase", lambda: self.rule_scan.phrase_candidates(text, phrase_hits, scan)),
            ("mt_pattern", lambda: self.rule_scan.pattern_candidates(text, scan, self.rule_scan.first, present)),
            ("glued_particle", lambda: self.generic.glue_candidates(text)),
            ("doubled_word", lambda: self.generic.doubled_candidates(text)),
            ("sentence_case", lambda: self.generic.sentence_case_candidates(text)),
        ]
        candidates = _collect(sources, timed_out)
        decision = self.gate.decide(text, cue_hits, candidates, forced=self.options.source_lang)
        late = self.rule_scan.late(decision.source_lang)
        if late is not None:
            try:  # what was found before a time-out is kept, as for the first scan's rules of one kind
                candidates.extend(self.rule_scan.pattern_candidates(text, scan, late, present))
            except TimeoutError:
                timed_out.append("mt_pattern")
        selection = select(text, candidates, source_lang=decision.source_lang,
                           apply_low_confidence=self.options.apply_low_confidence)
        report = self._report(text, language.lang, decision, selection)
        if scan.timed_out or timed_out:
            # pattern rules' keys from the scan, ids of rules whose context ran out of time, generic kinds
            report["timed_out"] = sorted(set(self.rule_scan.timed_out_ids(scan.timed_out))) + timed_out
        return PassResult(edits=selection.edits, report=report)

    def _leftover_langs(self, decision: Decision) -> list[LeftoverFinder]:
        """The leftover finder of the document's source language, if it has one: an English original pays
        nothing (the finder's scan costs about 250 ms/MB, three times the rest of the pass on English text)."""
        return [f for f in self.leftover if f.lang == decision.source_lang]

    def _report(self, text: str, document_lang: str, decision: Decision, selection: Selection) -> dict[str, Any]:
        artifacts = Counter(e.category for e in selection.edits)
        # glued particles are a translation artifact whatever the language; a doubled word is just a typo
        glued = artifacts.get("glued_particle", 0)
        return {
            "document_lang": document_lang,
            "source_lang": decision.source_lang,
            "source_lang_decided_by": decision.decided_by,
            "mt_score": decision.score.to_dict(),
            "machine_translated": decision.source_lang is not None or glued >= 2,
            "evidence": {lang: ev.to_dict() for lang, ev in sorted(decision.evidence.items())},
            "artifacts": dict(sorted(artifacts.items())),
            "untranslated_fragments": [f.to_dict() for f in decision.fragments],
            "leftover_fragments": [f.to_dict() for f in find_leftovers(self._leftover_langs(decision), text)],
            "low_confidence": [e.to_dict() for e in selection.low_confidence],
            "kept_in_quotes": [e.to_dict() for e in selection.kept_in_quotes],
        }


def _collect(sources: list[tuple[str, Callable[[], Iterator[Candidate]]]], timed_out: list[str]) -> list[Candidate]:
    """The candidates of each source in turn; a source that runs out of time is skipped whole and named."""
    candidates: list[Candidate] = []
    for kind, source in sources:
        try:
            found = list(source())
        except TimeoutError:  # one matcher ran out of time: skip that kind for this document
            timed_out.append(kind)
            continue
        candidates.extend(found)
    return candidates
