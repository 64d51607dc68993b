"""Outcomes as readable text, as JSON, and as JUnit XML for CI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..edits import Edit
from .results import FAILED, PASSED, SKIPPED, Outcome, RunView

FORMATS = ("text", "json", "junit")


def _short(s: str | None, width: int = 160) -> str:
    shown = repr(s)
    return shown if len(shown) <= width else shown[: width - 12] + f"...' ({len(s or '')} chars)"


def edit_line(e: Edit) -> str:
    return f"{e.rule} [{e.start},{e.end}) {_short(e.old, 60)} -> {_short(e.new, 60)}"


def run_lines(run: RunView) -> list[str]:
    out = [f"    {run.label}: {_short(run.input)} -> {_short(run.output)}"]
    out += [f"      edit {edit_line(e)}" for e in run.edits[:8]]
    if len(run.edits) > 8:
        out.append(f"      ... {len(run.edits) - 8} more edits")
    return out


def outcome_text(o: Outcome) -> str:
    where = f"{o.path}:{o.line}" if o.line else o.path
    lines = [f"FAIL {o.id}  ({where})", f"  property: {o.check}", f"  {o.message}"]
    if o.rules:
        lines.append(f"  rules: {', '.join(o.rules)}")
    if o.counterexample is not None and o.check != "load":
        lines.append(f"  counterexample: {_short(o.counterexample)}")
    if o.expected is not None and o.expected != o.counterexample:
        lines.append(f"  expected: {_short(o.expected)}")
    for run in o.runs:
        lines += run_lines(run)
    if o.repro:
        lines.append(f"  reproduce: {o.repro}")
    return "\n".join(lines)


def summary_line(outcomes: Sequence[Outcome], *, n_rules: int, n_files: int, seconds: float, seed: int | None,
                 profile: str | None) -> str:
    counts = Counter(o.status for o in outcomes)
    tail = f" (profile {profile}, seed {seed})" if profile else ""
    return (f"{n_rules} rule{'s' if n_rules != 1 else ''} in {n_files} file{'s' if n_files != 1 else ''}: "
            f"{counts[PASSED]} checks passed, {counts[FAILED]} failed, {counts[SKIPPED]} skipped "
            f"in {seconds:.1f}s{tail}")


def as_text(outcomes: Sequence[Outcome], *, verbose: bool = False, **summary: Any) -> str:
    parts = [outcome_text(o) for o in outcomes if o.failed]
    if verbose:
        parts += [f"{o.status.upper():<7} {o.id}" + (f"  {o.message}" if o.message else "")
                  for o in outcomes if not o.failed]
    parts.append(summary_line(outcomes, **summary))
    return "\n\n".join(parts) if any(o.failed for o in outcomes) else "\n".join(parts)


def as_json(outcomes: Sequence[Outcome], **summary: Any) -> str:
    counts = Counter(o.status for o in outcomes)
    doc = {
        "ok": not counts[FAILED],
        "summary": {**{k: v for k, v in summary.items()}, "passed": counts[PASSED], "failed": counts[FAILED],
                    "skipped": counts[SKIPPED]},
        "outcomes": [o.to_dict() for o in outcomes],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def as_junit(outcomes: Sequence[Outcome], *, suite: str = "cleantext rules", **summary: Any) -> str:
    counts = Counter(o.status for o in outcomes)
    root = ET.Element("testsuites")
    ts = ET.SubElement(root, "testsuite", name=suite, tests=str(len(outcomes)), failures=str(counts[FAILED]),
                       errors="0", skipped=str(counts[SKIPPED]), time=f"{summary.get('seconds', 0.0):.3f}")
    props = ET.SubElement(ts, "properties")
    for key in ("profile", "seed"):
        if summary.get(key) is not None:
            ET.SubElement(props, "property", name=key, value=str(summary[key]))
    for o in outcomes:
        case = ET.SubElement(ts, "testcase", classname=f"{o.path}::{o.rule}", name=o.check,
                             time=f"{o.seconds:.4f}", file=o.path)
        if o.line:
            case.set("line", str(o.line))
        if o.failed:
            fail = ET.SubElement(case, "failure", message=o.message[:500], type=o.check)
            fail.text = outcome_text(o)
        elif o.status == SKIPPED:
            ET.SubElement(case, "skipped", message=o.message or "skipped")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def render(outcomes: Sequence[Outcome], fmt: str, *, verbose: bool = False, **summary: Any) -> str:
    if fmt == "json":
        return as_json(outcomes, **summary)
    if fmt == "junit":
        return as_junit(outcomes, **summary)
    if fmt == "text":
        return as_text(outcomes, verbose=verbose, **summary)
    raise ValueError(f"unknown format {fmt!r}. Available formats: {', '.join(FORMATS)}")
