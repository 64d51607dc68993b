"""Where a rule may act: the spans its own patterns and phrases match, read from its params.

Kinds are written by other people and only share conventions, so the scope is read from the keys
they use for what a rule looks for: regular expressions under ``pattern``/``patterns``/``regex`` (with
``flags``), literal phrases under ``phrases``/``phrase``/``words``/``variants``/``terms``/``find``.
Matching is deliberately loose (always ignore-case and multiline) so the locality check can only err towards
silence, never towards a false alarm. A rule whose scope cannot be read (no such keys, or a kind that
also matches fuzzily) gets no span locality check; the spliced-context check still applies to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ..edits import Edit
from ..kinds import KINDS, Rule
from ..matching import PhraseIndex, compile_pattern

PATTERN_KEYS = ("pattern", "patterns", "regex")
LITERAL_KEYS = ("phrases", "phrase", "words", "variants", "terms", "find")
# a kind with such a param may match what is not literally there, unless the rule turns it off
FUZZY_KEYS = ("fuzzy",)
_SCAN_TIMEOUT = 0.5
_HSPACE = " \t\u00a0"


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    if isinstance(value, dict):
        return [k for k in value if isinstance(k, str)]
    return []


def rule_patterns(rule: Rule) -> list[tuple[str, str]]:
    """(pattern, flags) of every regular expression the rule declares."""
    flags = rule.param("flags", "")
    flags = flags if isinstance(flags, str) and not set(flags) - set("imsx") else ""
    return [(p, flags) for key in PATTERN_KEYS for p in _strings(rule.param(key)) if p]


def rule_literals(rule: Rule) -> list[str]:
    """Every literal phrase or word the rule declares."""
    return [p for key in LITERAL_KEYS for p in _strings(rule.param(key)) if p.strip()]


def _fuzzy(rule: Rule) -> bool:
    kind = KINDS.get(rule.kind) if rule.kind in KINDS else None
    for key in FUZZY_KEYS:
        if rule.param(key) is True or (kind is not None and key in kind.params and rule.param(key) is not False):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Scope:
    """The compiled matchers of one rule."""

    patterns: tuple[regex.Pattern[str], ...]
    phrases: PhraseIndex[int] | None

    def spans(self, text: str) -> list[tuple[int, int]] | None:
        """Spans the rule's matchers find in ``text``; None when that could not be worked out in time."""
        out: list[tuple[int, int]] = []
        try:
            for p in self.patterns:
                # overlapped: a later match may start inside an earlier one
                out += [m.span() for m in p.finditer(text, overlapped=True, timeout=_SCAN_TIMEOUT)]
        except TimeoutError:
            return None
        if self.phrases is not None:
            out += [(h.start, h.end) for h in self.phrases.find(text)]
        return sorted(out)


def scope_of(rule: Rule) -> Scope | None:
    """The rule's scope, or None when it cannot be read from its params."""
    if _fuzzy(rule):
        return None
    compiled: list[regex.Pattern[str]] = []
    for pattern, flags in rule_patterns(rule):
        try:
            compiled.append(compile_pattern(pattern, "".join(sorted(set(flags) | {"i", "m"}))))
        except regex.error:
            return None
    literals = rule_literals(rule)
    if not compiled and not literals:
        return None
    return Scope(tuple(compiled), PhraseIndex((0, p) for p in literals) if literals else None)


def _whole_lines(text: str, start: int, end: int) -> bool:
    at_line_start = start == 0 or text[start - 1] == "\n"
    at_line_end = end == len(text) or (end > start and text[end - 1] == "\n")
    return at_line_start and at_line_end


def outside_scope(text: str, edits: Sequence[Edit], spans: Sequence[tuple[int, int]]) -> list[Edit]:
    """The edits that do not lie within a matched span.

    An edit may also take the horizontal white space next to a match (removing a word removes a space).
    Deleting whole lines counts as local: a line is the unit line kinds match on, and they match it in a
    normalized form (stripped, folded) whose spans cannot be mapped back here.
    """
    bad = []
    for e in edits:
        if e.new == "" and _whole_lines(text, e.start, e.end):
            continue
        ok = False
        for a, b in spans:
            lo, hi = a, b
            while lo > 0 and text[lo - 1] in _HSPACE:
                lo -= 1
            while hi < len(text) and text[hi] in _HSPACE:
                hi += 1
            if (lo <= e.start and e.end <= hi) or (e.start <= a and b <= e.end and _whole_lines(text, e.start, e.end)):
                ok = True
                break
        if not ok:
            bad.append(e)
    return bad
