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
from ..kinds import Rule
from ..options import Options
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


@dataclass(slots=True)
class Explanation:
    text: str
    output: str
    edits: tuple[Edit, ...]
    verdicts: list[RuleVerdict] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.text, "output": self.output, "edits": [e.to_dict() for e in self.edits],
            "rules": [{"id": v.rule.id, "location": str(v.rule.location), "fired": v.fired, "why": v.why,
                       "edits": [e.to_dict() for e in v.edits]} for v in self.verdicts],
        }


def explain_rules(rules: Sequence[Rule], text: str, *, options: Options | None = None) -> Explanation:
    """Each rule alone on ``text`` (fired or not, and why), then all of them together: edits and output."""
    opts = options or Options(apply_low_confidence=True)
    verdicts = []
    for r in rules:
        run = Runner([r], options=opts).run(text)
        own = tuple(e for e in run.edits if rule_of(e, [r]) is not None)
        if own:
            verdicts.append(RuleVerdict(r, True, f"{len(own)} edit{'s' if len(own) != 1 else ''}", own))
            continue
        verdicts.append(RuleVerdict(r, False, _why_not(r, text, opts)))
    together = Runner(rules, options=opts).run(text)
    return Explanation(text, together.output, together.edits, verdicts)


def _why_not(rule: Rule, text: str, opts: Options) -> str:
    notes = []
    if rule.confidence == "low":
        notes.append("low confidence (applied here; by default only reported)")
    if rule.source_lang and opts.source_lang not in (None, rule.source_lang):
        notes.append(f"only for text translated from {rule.source_lang!r}")
    scope = scope_of(rule)
    if scope is None:
        core = "made no edit (its matches cannot be read from its params)"
    else:
        spans = scope.spans(text)
        if spans is None:
            core = "its pattern ran out of time on this text"
        elif spans:
            shown = ", ".join(repr(text[a:b]) for a, b in spans[:3])
            core = (f"its patterns or phrases match ({shown}) but the rule's conditions turned the hit down "
                    "(context, quotes, known words, line shape)")
        else:
            core = "none of its patterns or phrases occur in the text"
    return "; ".join([core, *notes])


def explanation_text(ex: Explanation) -> str:
    lines = []
    fired = [v for v in ex.verdicts if v.fired]
    idle = [v for v in ex.verdicts if not v.fired]
    for v in fired:
        lines.append(f"MATCH   {v.rule.id}  ({v.rule.location})  {v.why}")
        lines += [f"          {e.rule} [{e.start},{e.end}) {e.old!r} -> {e.new!r}  {e.reason}" for e in v.edits]
    for v in idle[:30]:
        lines.append(f"no      {v.rule.id}  ({v.rule.location})  {v.why}")
    if len(idle) > 30:
        lines.append(f"        ... and {len(idle) - 30} more rules that did not fire")
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
