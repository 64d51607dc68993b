"""Human-readable explanations of a CleanResult: one line per edit, with pass, rule and place."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from .coordinates import InputSpan, input_spans
from .document import CleanResult
from .edits import Edit

Style = Callable[..., str]


def _plain(text: str, **_: object) -> str:
    return text


def _show(s: str, width: int = 70) -> str:
    """A fragment as the reader should see it: visible white space, shortened when long."""
    if not s:
        return "∅"
    odd = not s.strip() or s != s.strip(" ") or any(c in s for c in "\t\r\u00a0")
    shown = repr(s) if odd else s.replace("\n", "⏎")
    return shown if len(shown) <= width else shown[: width - 1] + "…"


def summary(result: CleanResult) -> str:
    counts = Counter(e.pass_name for e in result.edits)
    parts = ", ".join(f"{name} {n}" for name, n in counts.items())
    n = len(result.edits)
    return f"{n} edit{'s' if n != 1 else ''}" + (f" ({parts})" if parts else "")


def explain(result: CleanResult, *, name: str = "", style: Style = _plain) -> str:
    """The edits of one document, pass by pass, each with its rule, its place in the input (line, column
    and offset of the original text, not of the text its pass received), and what changed."""
    lines = [style(f"== {name or result.id or 'document'}: {summary(result)}", bold=True)]
    for e, span in zip(result.edits, input_spans(result.original, result.edits), strict=True):
        lines.append(_edit_line(e, span, style))
    for report in result.pass_reports:
        if report.error is not None:
            lines.append(style(f"   {report.name}: error: {report.error}", fg="red"))
    return "\n".join(lines)


def _edit_line(e: Edit, span: InputSpan, style: Style) -> str:
    score = f" {e.score:.2f}" if e.score is not None else ""
    head = f"   {e.pass_name:<11} {style(e.rule, fg='cyan')}{score} L{span.line}:{span.column} @{span.start}"
    removed_line = e.new == "" and e.old.endswith("\n") and span.column == 1
    if removed_line:
        body = "\n".join(style(f"      - {_show(x, 100)}", fg="red") for x in e.old.rstrip("\n").split("\n"))
        return f"{head}  {e.reason}\n{body}"
    change = f"{style(_show(e.old), fg='red')} → {style(_show(e.new), fg='green')}"
    return f"{head}  {change}  {e.reason}"
