"""Edits and the edit log: every change cleantext makes, in a form that replays exactly.

An :class:`Edit` says that one pass replaced ``old`` at ``[start, end)`` of the text *that pass
received* with ``new``. A pass returns a list of non-overlapping edits; the pipeline applies them all
at once. Because spans are relative to each pass's input, the log replays pass by pass:

* ``replay(original, edits) == final`` and
* ``restore(final, edits) == original``

hold for every document, which the property tests check on arbitrary strings. Where an edit is in the
input file is computed from the log (:mod:`cleantext.coordinates`). A log only replays
whole: an edit left out shifts the text every later pass received, so ``replay`` and ``restore`` check
each edit against the text and raise :class:`EditConflict` when it does not fit.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, NamedTuple

from .errors import CleantextError


class Edit(NamedTuple):
    """One change: in the text pass ``pass_name`` received, ``old`` at ``[start, end)`` became ``new``.

    An immutable named tuple rather than a dataclass: passes create one per change, thousands per
    megabyte, and a tuple is built four times faster. Whether an edit fits its text (``old`` is what
    stands at ``[start, end)``) is checked where it matters: by the pipeline before applying it
    (:func:`select_compatible`; edits that do not fit are rejected and reported, never applied), and by
    :func:`replay` and :func:`restore`, which refuse a log that does not fit its text.
    """

    pass_name: str
    rule: str
    start: int
    end: int
    old: str
    new: str
    reason: str = ""
    #: what sort of problem the rule repairs (e.g. ``glued_particle``, ``cookie_notice``); free text
    category: str = ""
    #: how sure the rule was, from 0 (a guess) to 1 (certain), where it has a measure; None otherwise. One
    #: scale for every pass: a boilerplate line's evidence (it goes at 0.5), a fuzzy name match's rapidfuzz
    #: ratio / 100 (``Options.fuzzy_cutoff`` is on the 0-100 scale of that ratio)
    score: float | None = None

    @property
    def delta(self) -> int:
        """How much longer the text gets by this edit."""
        return len(self.new) - len(self.old)

    def to_dict(self) -> dict[str, Any]:
        d = self._asdict()
        d["pass"] = d.pop("pass_name")
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Edit:
        """An edit from a line of an ``--edits`` log (what it says of the document and the input is left)."""
        d = {k: v for k, v in d.items() if k not in LOG_ONLY_FIELDS}
        d["pass_name"] = d.pop("pass")
        return cls(**d)


#: fields of an ``--edits`` log line that are not the edit's: its document, and its place in the input file
#: (cleantext/coordinates.py)
LOG_ONLY_FIELDS = frozenset({"doc", "input_start", "input_end", "input_line", "input_column"})


class EditConflict(CleantextError, ValueError):
    """Edits of one pass overlap or do not match the text they claim to change."""


def sort_edits(edits: Iterable[Edit]) -> list[Edit]:
    """Edits in text order; insertions at one point keep the order they were given in."""
    return sorted(edits, key=lambda e: (e.start, e.end))


def check_edits(text: str, edits: Sequence[Edit], *, first: int | None = None) -> None:
    """Raise EditConflict unless ``edits`` (one pass's, sorted) fit ``text`` and do not overlap.

    ``first`` is the position of ``edits[0]`` in an edit log, for messages that name the edit (#1 first).
    """
    pos = 0
    for i, e in enumerate(edits):
        which = f"edit by rule {e.rule!r}" if first is None else \
            f"edit #{first + i + 1} of the log (pass {e.pass_name}, rule {e.rule})"
        if e.start < pos:
            raise EditConflict(f"{which} at {e.start} overlaps the previous edit of its pass or comes before it")
        if not 0 <= e.start <= e.end <= len(text) or text[e.start : e.end] != e.old:
            line = text.count("\n", 0, min(max(e.start, 0), len(text))) + 1
            raise EditConflict(
                f"{which} claims {_clip(e.old)!r} at [{e.start}, {e.end}) (line {line} of the text that pass "
                f"received) but the text there is {_clip(text[max(e.start, 0) : e.end])!r}"
            )
        pos = e.end


def _clip(s: str, width: int = 60) -> str:
    return s if len(s) <= width else s[: width - 1] + "…"


#: what a replay or restore error adds: why a log with an edit left out does not fit
_WHOLE_LOGS = ("; spans are relative to the text each pass received, so a log replays only whole and in "
               "order (an edit left out shifts every later pass's spans): to undo a rule, clean again with "
               "Cleaner(disable=[rule id]) or --disable-rule")


def select_compatible(text: str, edits: Iterable[Edit]) -> tuple[list[Edit], list[Edit]]:
    """Split edits into a non-overlapping, text-consistent set and the rejected rest.

    Earlier edits win; among edits starting at the same place the one listed first wins. This keeps
    the outcome deterministic whatever order the matchers produced their hits in.
    """
    kept: list[Edit] = []
    rejected: list[Edit] = []
    pos = 0
    for e in sort_edits(edits):
        fits = 0 <= e.start <= e.end <= len(text) and text[e.start : e.end] == e.old
        # an edit may start where the previous one ended (an insertion there too), not inside it
        if not fits or e.start < pos:
            rejected.append(e)
            continue
        kept.append(e)
        pos = e.end
    return kept, rejected


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply one pass's sorted, non-overlapping edits to the text that pass received."""
    parts: list[str] = []
    pos = 0
    for e in edits:
        parts.append(text[pos : e.start])
        parts.append(e.new)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def invert_edits(edits: Sequence[Edit]) -> list[Edit]:
    """The edits that turn a pass's output back into its input, with spans in the output."""
    out: list[Edit] = []
    shift = 0
    for e in edits:
        start = e.start + shift
        out.append(
            Edit(
                pass_name=e.pass_name,
                rule=e.rule,
                start=start,
                end=start + len(e.new),
                old=e.new,
                new=e.old,
                reason=f"undo: {e.reason}" if e.reason else "undo",
                category=e.category,
                score=e.score,
            )
        )
        shift += e.delta
    return out


def group_by_pass(edits: Iterable[Edit]) -> Iterator[list[Edit]]:
    """Consecutive runs of edits of one pass, in log order: the unit the pipeline applied at once."""
    for _, group in groupby(edits, key=lambda e: e.pass_name):
        yield list(group)


def replay(original: str, edits: Iterable[Edit]) -> str:
    """Apply a whole edit log to the original text; gives the cleaned text exactly.

    Every edit is checked against the text it is applied to: a log that does not fit (an edit left out,
    another document's log) raises EditConflict naming the edit, where it is, and what it expected and
    found, instead of returning garbage.
    """
    text = original
    done = 0
    for group in group_by_pass(edits):
        _fit(text, group, done)
        text = apply_edits(text, group)
        done += len(group)
    return text


def restore(final: str, edits: Iterable[Edit]) -> str:
    """Undo a whole edit log on the cleaned text; gives the original text exactly. Checked like
    :func:`replay`."""
    groups = list(group_by_pass(edits))
    text = final
    done = sum(map(len, groups))
    for group in reversed(groups):
        done -= len(group)
        undo = invert_edits(group)
        _fit(text, undo, done)
        text = apply_edits(text, undo)
    return text


def _fit(text: str, group: Sequence[Edit], first: int) -> None:
    try:
        check_edits(text, group, first=first)
    except EditConflict as exc:
        raise EditConflict(f"the edit log does not fit the text: {exc}{_WHOLE_LOGS}") from None


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps positions in a pass's input to positions in its output (for spans found early, reported late).

    ``edits`` are one pass's sorted, non-overlapping edits. A call costs O(log edits): the pipeline maps
    every mention through every pass, so a linear walk would make that quadratic.
    """

    edits: tuple[Edit, ...] = field(default_factory=tuple)
    _ends: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _shifts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        shifts = [0]
        for e in self.edits:
            shifts.append(shifts[-1] + e.delta)
        object.__setattr__(self, "_ends", tuple(e.end for e in self.edits))
        object.__setattr__(self, "_shifts", tuple(shifts))

    def __call__(self, pos: int) -> int:
        return self.map_all((pos,))[0]

    def map_all(self, positions: Iterable[int]) -> list[int]:
        """Every position mapped, in one loop rather than a call per position: the pipeline maps two
        positions of every mention, tens of thousands per megabyte, through every later pass."""
        ends, shifts, edits, n = self._ends, self._shifts, self.edits, len(self.edits)
        out: list[int] = []
        for pos in positions:
            # edits before k end at or before pos: their whole delta applies (ends ascend, edits being sorted)
            k = bisect_right(ends, pos)
            if k < n and edits[k].start < pos:
                # inside a replaced span: clamp to the end of the replacement
                e = edits[k]
                out.append(e.start + shifts[k] + len(e.new))
            else:
                out.append(pos + shifts[k])
        return out


def edits_to_jsonl(doc_id: str, edits: Iterable[Edit]) -> Iterator[str]:
    """One JSON object per edit, tagged with the document id."""
    for e in edits:
        yield json.dumps({"doc": doc_id, **e.to_dict()}, ensure_ascii=False)
