"""Where each edit of a log is in the input file: offsets, line and column in the original text.

An edit's ``start``/``end`` are offsets into the text *its pass received* (what :func:`replay` needs);
after a removed line, that text is shorter than the input, so those offsets and the line they fall on
are not where a reader finds the edit in the input file. :func:`input_spans` maps every edit's span
back through the edits of the passes before it, once per document: each pass's edits are mapped through
each earlier pass with one binary search per position, never through the log edit by edit.

A position inside text an earlier pass wrote has no exact place in the input: the start of such a span
maps to the start of what that pass replaced, its end to the end, so the input span covers it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from .edits import Edit, group_by_pass


class InputSpan(NamedTuple):
    """An edit's place in the original input: ``[start, end)`` offsets, and the line and column (both from 1,
    columns in characters) of ``start``."""

    start: int
    end: int
    line: int
    column: int

    def to_dict(self) -> dict[str, int]:
        """The fields as the ``--edits`` log names them, beside an edit's per-pass ``start``/``end``."""
        return {"input_start": self.start, "input_end": self.end, "input_line": self.line,
                "input_column": self.column}


class _Backward:
    """Maps positions in one pass's output back to its input, given that pass's sorted edits."""

    def __init__(self, edits: Sequence[Edit]) -> None:
        self.edits = edits
        self.out_starts: list[int] = []
        self.out_ends: list[int] = []
        self.shifts = [0]  # shifts[k]: how much longer the edits before k made the text
        for e in edits:
            out_start = e.start + self.shifts[-1]
            self.out_starts.append(out_start)
            self.out_ends.append(out_start + len(e.new))
            self.shifts.append(self.shifts[-1] + e.delta)

    def starts(self, positions: Iterable[int]) -> list[int]:
        """Start positions: one inside an edit's new text goes to that edit's start; one right after an
        insertion goes after it (what the later edit starts on follows what was inserted)."""
        return self._map(positions, bisect_right, start=True)

    def ends(self, positions: Iterable[int]) -> list[int]:
        """End positions: one inside an edit's new text goes to that edit's end; one right before an
        insertion stays before it."""
        return self._map(positions, bisect_left, start=False)

    def _map(self, positions: Iterable[int], search: Callable[[list[int], int], int], *, start: bool) -> list[int]:
        out = []
        for pos in positions:
            k = search(self.out_ends, pos)  # the first edit not wholly before pos
            if k < len(self.edits) and self.out_starts[k] < pos:  # inside its new text
                out.append(self.edits[k].start if start else self.edits[k].end)
            else:
                out.append(pos - self.shifts[k])
        return out


def input_spans(original: str, edits: Sequence[Edit]) -> list[InputSpan]:
    """The place in ``original`` of every edit of its log, in log order."""
    groups = list(group_by_pass(edits))
    back = [_Backward(g) for g in groups]
    starts: list[int] = []
    ends: list[int] = []
    for k, group in enumerate(groups):
        s = [e.start for e in group]
        t = [e.end for e in group]
        for earlier in reversed(back[:k]):
            s, t = earlier.starts(s), earlier.ends(t)
        starts += s
        ends += [max(a, b) for a, b in zip(s, t, strict=True)]
    lines = _line_starts(original)
    out = []
    for start, end in zip(starts, ends, strict=True):
        line = bisect_right(lines, start)
        out.append(InputSpan(start, end, line, start - lines[line - 1] + 1))
    return out


def edit_records(doc_id: str, original: str, edits: Sequence[Edit]) -> list[dict[str, Any]]:
    """The ``--edits`` log lines of one document: the edit (per-pass ``start``/``end``, which replay uses)
    and its place in the input (``input_start``, ``input_end``, ``input_line``, ``input_column``)."""
    return [{"doc": doc_id, **e.to_dict(), **span.to_dict()} for e, span in zip(edits, input_spans(original, edits),
                                                                                  strict=True)]


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts
