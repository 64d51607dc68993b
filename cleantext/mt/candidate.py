"""A proposed mt_repair edit with the rule that proposed it, and what every kind of candidate shares.

The scanners (:mod:`cleantext.mt.rule_scan`, :mod:`cleantext.mt.generic_scan`) propose candidates; the
evidence gate (:mod:`cleantext.mt.gate`) counts some of them as evidence of a source language; the decision
(:mod:`cleantext.mt.decision`) keeps the ones that apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..edits import Edit
from ..kinds import Rule
from .kinds import DEFAULT_CATEGORY, PASS, PRIORITY

# Which kind wins when two candidate edits overlap (lower first) is declared by the kinds (mt/kinds.py):
# a phrase rule that rewrites "the weapons weapons" must beat the doubled-word rule that would only drop one.
# Hits that say little about the source language: number format and spacing slips occur in code,
# tables and English typos; low-confidence rules match plausible English by definition. Split compounds are
# counted by the fitted score itself (cleantext/mt/score.py): as rule hits they would count twice. A French
# name form (Pékin, ONU) is already evidence as a cue word: counting its repair too would let one word decide.
WEAK_EVIDENCE = {"typography", "number_format", "split_compound", "name_form"}


@dataclass(frozen=True, slots=True)
class Candidate:
    edit: Edit
    rule: Rule
    priority: int


def category(rule: Rule) -> str:
    return rule.category or DEFAULT_CATEGORY.get(rule.kind, rule.kind)


def is_evidence(rule: Rule) -> bool:
    """Whether a hit of this language-tagged rule counts as evidence of its language."""
    return rule.confidence == "high" and category(rule) not in WEAK_EVIDENCE


def keep_case(old: str, new: str) -> str:
    """Capitalize ``new`` when ``old`` starts with a capital (a repair at a sentence start)."""
    if old[:1].isupper() and new[:1].islower():
        return new[:1].upper() + new[1:]
    return new


def candidate(rule: Rule, start: int, old: str, new: str, reason: str) -> Candidate:
    """The candidate edit of ``rule`` replacing ``old`` at ``start`` with ``new``."""
    edit = Edit(PASS, rule.id, start, start + len(old), old, new,
                reason=rule.description or reason, category=category(rule))
    return Candidate(edit, rule, PRIORITY.get(rule.kind, 9))
