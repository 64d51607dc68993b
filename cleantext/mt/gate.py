"""The evidence gate of the ``mt_repair`` pass: which language was the document translated from?

Evidence per language (cue words, hits of language-tagged rules that are evidence, untranslated sentences
found by langdetect; :mod:`cleantext.mt.detect`) and the fitted "translated from French" score
(:mod:`cleantext.mt.score`) decide the source language, unless an option forces it. Language-tagged rules
run only on documents of their language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..kinds import Rule
from .candidate import Candidate, is_evidence
from .detect import DEFAULT_THRESHOLD, MAX_HITS_PER_CUE, Evidence, Fragment, decide, untranslated_fragments
from .scan import CueHit
from .score import Score, score

#: the source language the fitted score (cleantext/mt/score.py) is a score of
SCORED_LANG = "fr"


@dataclass(frozen=True, slots=True)
class Decision:
    """The source language of one document and what decided it."""

    source_lang: str | None
    #: "option", "evidence", "score" or "none"
    decided_by: str
    evidence: dict[str, Evidence]
    fragments: list[Fragment]
    score: Score


class EvidenceGate:
    """The ``source_cues`` rules of the pass: per language its threshold and langdetect code."""

    def __init__(self, cue_rules: Sequence[Rule]) -> None:
        self.cue_rules = list(cue_rules)
        self.thresholds: dict[str, float] = {}
        self.langdetect_codes: dict[str, str] = {}
        for r in self.cue_rules:
            lang = str(r.source_lang)
            t = float(r.param("threshold", DEFAULT_THRESHOLD))
            self.thresholds[lang] = min(t, self.thresholds.get(lang, t))
            self.langdetect_codes.setdefault(str(r.param("langdetect_code", lang)), lang)

    def decide(self, text: str, cue_hits: list[CueHit], candidates: list[Candidate], *,
               forced: str | None) -> Decision:
        evidence, fragments = self._evidence(text, cue_hits, candidates)
        mt_score = self._score(text, evidence)
        decided = decide(evidence, self.thresholds)
        by_score = decided is None and mt_score.flagged
        source_lang = forced or decided or (SCORED_LANG if by_score else None)
        decided_by = "option" if forced else ("score" if by_score else ("evidence" if source_lang else "none"))
        return Decision(source_lang, decided_by, evidence, fragments, mt_score)

    def _evidence(self, text: str, cue_hits: list[CueHit], candidates: list[Candidate]
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
            if c.rule.source_lang and is_evidence(c.rule):
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
