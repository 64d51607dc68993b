"""Where a rule may act: the spans its own patterns and phrases match, read from its params.

Which params hold what is declared by the rule's kind (``RuleKind.pattern_params``, ``flags_param``,
``literal_params``, ``fuzzy_param`` in kinds.py), not guessed from their names. Matching is deliberately
loose (always ignore-case and multiline) so the locality check can only err towards silence, never
towards a false alarm. A rule whose scope cannot be read (its kind declares no such params, or the rule
also matches fuzzily) gets no span locality check; the spliced-context check still applies to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ..edits import Edit
from ..kinds import Rule, kind_of
from ..matching import PhraseIndex, compile_pattern

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
    """(pattern, flags) of every regular expression the rule declares (the params its kind says hold them),
    with the flags the rule itself gives."""
    kind = kind_of(rule)
    if kind is None:
        return []
    flags = rule.param(kind.flags_param, "") if kind.flags_param else ""
    flags = flags if isinstance(flags, str) and not set(flags) - set("imsx") else ""
    return [(p, flags) for key in kind.pattern_params for p in _strings(rule.param(key)) if p]


def rule_literals(rule: Rule) -> list[str]:
    """Every literal phrase or word the rule declares (the params its kind says hold them)."""
    kind = kind_of(rule)
    return [p for key in kind.literal_params for p in _strings(rule.param(key)) if p.strip()] if kind else []


def rule_template(rule: Rule) -> str | None:
    """The replacement template of the rule's patterns, where its kind has one."""
    kind = kind_of(rule)
    template = rule.param(kind.template_param) if kind is not None and kind.template_param else None
    return template if isinstance(template, str) else None


def _fuzzy(rule: Rule) -> bool:
    kind = kind_of(rule)
    return kind is not None and kind.fuzzy(rule)


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
