"""``cleantext rules explain`` and ``cleantext rules try``: what rules do to a text, and to a corpus."""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..edits import Edit, apply_edits, group_by_pass
from ..errors import CleantextError
from ..kinds import Rule, kind_of
from ..options import Options
from ..passes.base import Pass
from ..passes.mt_repair import context_failure
from ..rulefiles import default_rules_dir, load_rules
from .runner import Runner, rule_of
from .scope import scope_of


def find_rules(ref: str, extra: Sequence[str | Path] = ()) -> list[Rule]:
    """``ref`` as a rule file or folder (all its rules), else as a rule id among ``extra`` and the shipped rules."""
    path = Path(ref)
    if path.exists():
        return list(load_rules([path]).rules)
    pool = load_rules([default_rules_dir(), *extra]).rules
    found = [r for r in pool if r.id == ref]
    if not found:
        ids = sorted(r.id for r in pool)
        close = difflib.get_close_matches(ref, ids, n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise CleantextError(f"{ref!r} is neither a rule file nor the id of a rule (searched the shipped rules"
                             f"{' and ' + ', '.join(map(str, extra)) if extra else ''}){hint}")
    return found


@dataclass(frozen=True, slots=True)
class RuleVerdict:
    rule: Rule
    fired: bool
    why: str
    edits: tuple[Edit, ...] = ()
    #: the rule found something in the text that a condition then turned down (a near miss)
    near: bool = False


@dataclass(slots=True)
class Explanation:
    text: str
    output: str
    edits: tuple[Edit, ...]
    verdicts: list[RuleVerdict] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.text, "output": self.output, "edits": [e.to_dict() for e in self.edits],
            "rules": [{"id": v.rule.id, "location": str(v.rule.location), "fired": v.fired, "near": v.near,
                       "why": v.why, "edits": [e.to_dict() for e in v.edits]} for v in self.verdicts],
        }


def explain_rules(rules: Sequence[Rule], text: str, *, options: Options | None = None) -> Explanation:
    """Each rule alone on ``text`` (fired or not, and why), then all of them together: edits and output.

    Rules run as in the pipeline: a rule tagged with a source language acts only when the text shows that
    language (or ``options.source_lang`` names it).
    """
    opts = options or Options(apply_low_confidence=True)
    verdicts = []
    for r in rules:
        runner = Runner([r], options=opts, detect_source_lang=True)
        run = runner.run(text)
        own = tuple(e for e in run.edits if rule_of(e, [r]) is not None)
        if own:
            low = "; confidence: low - applied here, the pipeline only reports it" if r.confidence == "low" else ""
            verdicts.append(RuleVerdict(r, True, f"{len(own)} edit{'s' if len(own) != 1 else ''}{low}", own))
            continue
        why, near = _why_not(r, text, run.reports.get(r.pass_name, {}), runner)
        verdicts.append(RuleVerdict(r, False, why, near=near))
    together = Runner(rules, options=opts, detect_source_lang=True).run(text)
    return Explanation(text, together.output, together.edits, verdicts)


def _why_not(rule: Rule, text: str, report: dict[str, Any], runner: Runner) -> tuple[str, bool]:
    """Why ``rule``, run alone through its pass, made no edit (the condition that turned it down), and
    whether it found anything at all."""
    scope = scope_of(rule)
    spans = scope.spans(text) if scope is not None else []
    # what the pass reported (language, quotes, ...) is a near miss only where the rule's matchers hit
    reported = _reported(rule, report, runner.options)
    if reported:
        return "; ".join(reported), bool(spans)
    reasons = [r for p in runner.passes for r in _declined(p, rule, text)] or _gated_out(rule, text)
    if not reasons and spans is None:
        reasons = ["its pattern ran out of time on this text"]
    if not reasons and rule.pass_name == "mt_repair" and spans:
        reasons = _context_failures(rule, text, spans, runner.options.rule_timeout)
    if reasons:
        return "; ".join(dict.fromkeys(reasons)), True
    if scope is None:
        return f"ran its pass ({rule.pass_name}) on the text: nothing in it matched this rule, fuzzily or not", False
    if spans:
        shown = ", ".join(repr(text[a:b]) for a, b in spans[:3])
        return (f"its patterns or phrases match ({shown}) but the {rule.pass_name} pass made no edit there "
                "(the line or replacement does not fit the rule's kind, or another edit won)"), True
    return "none of its patterns or phrases occur in the text", False


def _gated_out(rule: Rule, text: str) -> list[str]:
    """The rule does not run on a text without one of the literals its kind says gate it (``needs``)."""
    kind = kind_of(rule)
    gate = kind.gate(rule) if kind is not None else ()
    if not gate or any(g in text for g in gate):
        return []
    return [f"the text contains none of the texts it needs ({', '.join(map(repr, gate[:6]))}), so it does not run"]


def _reported(rule: Rule, report: dict[str, Any], opts: Options) -> list[str]:
    """Reasons the pass itself reported: document language, source language, quotes, confidence, time."""
    if report.get("skipped"):
        return [f"the {rule.pass_name} pass skipped the text: {report['skipped']}"]
    out = []
    if rule.id in report.get("timed_out", ()):
        out.append(f"rule {rule.id} ran out of time on this text")
    if rule.source_lang and report.get("source_lang") != rule.source_lang:
        found = report.get("source_lang")
        out.append(f"source_lang: {rule.source_lang} - run alone, it did not find the text translated from "
                   f"{rule.source_lang!r} (detected: {found or 'none'}); give --source-lang {rule.source_lang} "
                   "to force it")
    if any(e.get("rule") == rule.id for e in report.get("kept_in_quotes", ())):
        out.append("its hit is inside quoted speech (in_quotes: false keeps quotes as written)")
    if any(e.get("rule") == rule.id for e in report.get("low_confidence", ())) and not opts.apply_low_confidence:
        out.append("confidence: low - its hit is reported, not applied (only applied with apply_low_confidence)")
    return out


def _declined(p: Pass, rule: Rule, text: str) -> list[str]:
    """What a pass that can say why (see ``declines``) says about ``rule`` on ``text``."""
    declines = getattr(p, "declines", None)
    return list(declines(text, rule.id)) if callable(declines) else []


def _context_failures(rule: Rule, text: str, spans: list[tuple[int, int]], timeout: float) -> list[str]:
    out = []
    for a, b in spans[:3]:
        try:
            failed = context_failure(rule, text, a, b, timeout=timeout)
        except TimeoutError:
            failed = "(ran out of time)"
        if failed is not None:
            shown = str(rule.param(failed, "")) if failed in _CONTEXT_KEYS else ""
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            out.append(f"it matches {text[a:b]!r} but its context condition {failed}"
                       f"{': ' + repr(shown) if shown else ''} turned the hit down")
    return out


_CONTEXT_KEYS = ("before", "after", "not_before", "not_after", "sentence_has")


def explanation_text(ex: Explanation, *, show_all: bool = False) -> str:
    """The explanation for a reader: rules that fired, rules a condition turned down, then (with
    ``show_all``, or when only one rule is explained) every other rule, and the edits and diff of all rules
    together."""
    show_all = show_all or len(ex.verdicts) == 1
    lines = []
    for v in ex.verdicts:
        if v.fired:
            lines.append(f"MATCH   {v.rule.id}  ({v.rule.location})  {v.why}")
            lines += [f"          {e.rule} [{e.start},{e.end}) {e.old!r} -> {e.new!r}  {e.reason}" for e in v.edits]
    lines += [f"no      {v.rule.id}  ({v.rule.location})  {v.why}" for v in ex.verdicts
              if not v.fired and (v.near or show_all)]
    quiet = sum(1 for v in ex.verdicts if not v.fired and not v.near)
    if quiet and not show_all:
        lines.append(f"        ... and {quiet} more rule{'s' if quiet != 1 else ''} that found nothing in the text "
                     "(--all lists them)")
    lines.append("")
    lines.append(f"together: {len(ex.edits)} edit{'s' if len(ex.edits) != 1 else ''}")
    lines += [f"  {e.rule} [{e.start},{e.end}) {e.old!r} -> {e.new!r}" for e in ex.edits]
    diff = list(difflib.unified_diff(ex.text.splitlines(keepends=True), ex.output.splitlines(keepends=True),
                                     "input", "output", n=1))
    lines.append("diff:" if diff else "diff: (no change)")
    lines += [d.rstrip("\n") for d in diff]
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Hit:
    file: str
    line: int
    column: int
    rule: str
    old: str
    new: str
    before: str
    after: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column, "rule": self.rule, "old": self.old,
                "new": self.new, "before": self.before, "after": self.after}

    def __str__(self) -> str:
        return (f"{self.file}:{self.line}:{self.column}: {self.rule}\n"
                f"    ...{self.before}[{self.old} -> {self.new}]{self.after}...".replace("\n", "⏎")
                .replace("⏎    ...", "\n    ...", 1))


def try_rules(rules: Sequence[Rule], corpus: Iterable[tuple[str, str]], *, context: int = 40,
              options: Options | None = None) -> Iterator[Hit]:
    """Hits of ``rules`` (run together, their pass alone) on every (name, text) of ``corpus``.

    The command reads the corpus with the reader of ``cleantext clean`` (files, folders, JSON Lines), which
    reports what it cannot read and goes on, so one bad file does not end the review.
    """
    runner = Runner(rules, options=options or Options(apply_low_confidence=True))
    for name, text in corpus:
        run = runner.run(text)
        current = text
        # edits of later passes are against the text earlier passes left; positions are shown in that text
        for group in group_by_pass(run.edits):
            starts = _line_starts(current)
            for e in group:
                ln = bisect.bisect_right(starts, e.start)
                yield Hit(name, ln, e.start - starts[ln - 1] + 1, e.rule, e.old, e.new,
                          current[max(0, e.start - context) : e.start], current[e.end : e.end + context])
            current = apply_edits(current, group)


def _line_starts(text: str) -> list[int]:
    return [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
