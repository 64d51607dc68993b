"""Which candidate edits of the ``mt_repair`` pass apply, once the source language is known.

Language-tagged rules need that language; inside quotation marks only spacing-level rules act (quoted speech
is evidence and keeps its errors); low-confidence rules are reported, not applied, unless asked. Overlaps are
settled by kind (mistranslation and typography rules first, then glued particles, doubled words and sentence
starts), the earlier start and then the longer edit winning within a kind.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..edits import Edit
from .candidate import Candidate
from .text import LineQuotes

# Kinds that only change spacing or letter case of a name and so may act inside quotation marks.
IN_QUOTES_DEFAULT = {"glued_particle": True}


@dataclass(slots=True)
class Selection:
    """The edits that apply, and the ones only reported."""

    edits: list[Edit] = field(default_factory=list)
    low_confidence: list[Edit] = field(default_factory=list)
    kept_in_quotes: list[Edit] = field(default_factory=list)


def select(text: str, candidates: Sequence[Candidate], *, source_lang: str | None,
           apply_low_confidence: bool) -> Selection:
    out = Selection()
    quotes = LineQuotes(text)  # quotes are looked for only around candidates, line by line
    active: list[Candidate] = []
    for c in candidates:
        if c.rule.source_lang and c.rule.source_lang != source_lang:
            continue
        allowed = c.rule.param("in_quotes", IN_QUOTES_DEFAULT.get(c.rule.kind, False))
        if not allowed and quotes.touches(c.edit.start, c.edit.end):
            out.kept_in_quotes.append(c.edit)
            continue
        if c.rule.confidence == "low" and not apply_low_confidence:
            out.low_confidence.append(c.edit)
            continue
        active.append(c)
    out.edits = settle_overlaps(active)
    return out


def settle_overlaps(candidates: Sequence[Candidate]) -> list[Edit]:
    """Non-overlapping edits in text order: by kind priority, then the earlier start, then the longer edit."""
    occupied = Occupied()
    edits: list[Edit] = []
    for c in sorted(candidates, key=lambda c: (c.priority, c.edit.start, -(c.edit.end - c.edit.start))):
        if occupied.conflicts(c.edit.start, c.edit.end):
            continue
        occupied.add(c.edit.start, c.edit.end)
        edits.append(c.edit)
    edits.sort(key=lambda e: (e.start, e.end))
    return edits


class Occupied:
    """Accepted edit spans, non-overlapping, with a fast test for a new span."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.spans: list[tuple[int, int]] = []

    def conflicts(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        # spans do not overlap each other, so only the neighbours on either side can overlap a new one
        return any(0 <= j < len(self.spans) and _overlap(self.spans[j], (start, end)) for j in (i - 1, i))

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.spans.insert(i, (start, end))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    # the pipeline's rule: an insertion may sit at either end of another edit, not inside it
    if a[0] == a[1]:
        return b[0] < a[0] < b[1]
    if b[0] == b[1]:
        return a[0] < b[0] < a[1]
    return a[0] < b[1] and b[0] < a[1]
