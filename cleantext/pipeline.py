"""The pipeline: runs the passes in order and is the only place where edits are applied."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .document import CleanResult, Document, Mention, PassResult
from .edits import Edit, OffsetMap, apply_edits, select_compatible
from .passes.base import Pass

log = logging.getLogger("cleantext")


class Pipeline:
    """An ordered list of passes. ``run`` threads a document through them and keeps the edit log."""

    def __init__(self, passes: Sequence[Pass], *, strict: bool = False) -> None:
        self.passes = list(passes)
        self.strict = strict

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.passes]

    def run(self, doc: Document) -> CleanResult:
        text = doc.text
        log_: list[Edit] = []
        reports: dict[str, dict[str, Any]] = {}
        mentions: list[Mention] = []
        for p in self.passes:
            current = replace(doc, text=text, reports=reports.copy())
            result = self._run_pass(p, current, reports)
            kept, rejected = select_compatible(text, result.edits)
            report = dict(result.report)
            if rejected:
                # a pass proposed overlapping edits: the earlier ones win, the rest are reported
                report["rejected_edits"] = [e.to_dict() for e in rejected]
            if report:
                reports.setdefault(p.name, {}).update(report)
            if report.get("timed_out"):  # the convention of ScanReport.as_report: rules skipped on this document
                log.warning("pass %s skipped rules that ran out of time on document %r: %s", p.name, doc.id,
                            ", ".join(map(str, report["timed_out"])))
            if kept:
                mentions = _move_all(mentions, kept)
                text = apply_edits(text, kept)
                log_.extend(kept)
            if result.mentions:
                # a pass reports mentions in its input; a mention an edit rewrote maps onto the new text
                mentions.extend(_move_all(result.mentions, kept))
        # a mention names its surface text in the output (the pass that found it saw the text before edits)
        mentions = [m if m.text == (surface := text[m.start : m.end]) else _respan(m, m.start, m.end, surface)
                    for m in mentions]
        return CleanResult(
            text=text,
            original=doc.text,
            edits=tuple(log_),
            reports=reports,
            mentions=tuple(sorted(mentions, key=lambda m: (m.start, m.end))),
            id=doc.id,
        )

    def _run_pass(self, p: Pass, doc: Document, reports: dict[str, dict[str, Any]]) -> PassResult:
        try:
            return p.run(doc)
        except Exception as exc:
            if self.strict:
                raise
            # No input may crash the library: the pass leaves this document as it was, and says why.
            log.warning("pass %s failed on document %r: %s: %s", p.name, doc.id, type(exc).__name__, exc)
            reports.setdefault(p.name, {})["error"] = f"{type(exc).__name__}: {exc}"
            return PassResult()


def _respan(m: Mention, start: int, end: int, text: str | None = None) -> Mention:
    """The mention at another span (and surface text). Built field by field, as ``dataclasses.replace``
    costs 3x more and a document carries hundreds of mentions: a field added to Mention must be added
    here (test_fast_paths checks)."""
    return Mention(start, end, m.text if text is None else text, m.canonical, m.type, m.match, m.score, m.meta)


def _moved(m: Mention, shift: OffsetMap) -> Mention:
    """The mention with its span mapped through a pass's edits; the same object when nothing moved."""
    start, end = shift(m.start), shift(m.end)
    if start == m.start and end == m.end:
        return m
    return _respan(m, start, end)


def _move_all(mentions: Sequence[Mention], edits: Sequence[Edit]) -> list[Mention]:
    """Every mention mapped through one pass's sorted edits, as ``_moved`` with ``OffsetMap`` would,
    in one merge walk: mentions and edits are both in text order, so the shift only grows along the
    text. A mention that an edit touches takes the exact (bisecting) path."""
    if not edits or not mentions:
        return list(mentions)
    exact: OffsetMap | None = None
    out: list[Mention] = []
    k, shift, n = 0, 0, len(edits)
    for m in sorted(mentions, key=lambda m: m.start):
        while k < n and edits[k].end <= m.start:
            e = edits[k]
            shift += len(e.new) - len(e.old)
            k += 1
        if k < n and (edits[k].start < m.end or edits[k].end <= m.end):
            exact = exact or OffsetMap(tuple(edits))
            out.append(_moved(m, exact))
        elif shift:
            out.append(_respan(m, m.start + shift, m.end + shift))
        else:
            out.append(m)
    return out
