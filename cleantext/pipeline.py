"""The pipeline: runs the passes in order and is the only place where edits are applied."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from .document import CleanResult, Document, Mention, PassResult
from .edits import Edit, OffsetMap, apply_edits, select_compatible
from .passes.base import Pass
from .reports import PassReport, pass_report, report_mapping

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
        reports: dict[str, Mapping[str, Any]] = {}
        typed: list[PassReport] = []
        # the kept edits of each pass in order, and the mentions each pass reported in its input: a mention
        # is mapped onto the output once, at the end, through the edits of its pass and of every later one
        applied: list[list[Edit]] = []
        found: list[tuple[int, Sequence[Mention]]] = []
        for p in self.passes:
            kept, report, mentions = self._run_pass(p, replace(doc, text=text, reports=reports.copy()))
            typed.append(report)
            if mapping := report_mapping(report):
                reports[p.name] = mapping
            if report.timed_out:
                log.warning("pass %s skipped rules that ran out of time on document %r: %s", p.name, doc.id,
                            ", ".join(report.timed_out))
            if mentions:
                found.append((len(applied), mentions))
            applied.append(kept)
            if kept:
                text = apply_edits(text, kept)
                log_.extend(kept)
        mentions_out = [m for first, ms in found for m in _map_mentions(ms, applied[first:], text)]
        return CleanResult(
            text=text,
            original=doc.text,
            edits=tuple(log_),
            reports=reports,
            mentions=tuple(sorted(mentions_out, key=lambda m: (m.start, m.end))),
            id=doc.id,
            pass_reports=tuple(typed),
        )

    def _run_pass(self, p: Pass, doc: Document) -> tuple[list[Edit], PassReport, Sequence[Mention]]:
        """The edits of ``p`` the pipeline keeps (a pass that proposed overlapping edits: the earlier ones
        win, the rest are reported), its typed report and its mentions."""
        started = time.perf_counter()
        error = None
        try:
            result = p.run(doc)
        except Exception as exc:
            if self.strict:
                raise
            # No input may crash the library: the pass leaves this document as it was, and says why.
            log.warning("pass %s failed on document %r: %s: %s", p.name, doc.id, type(exc).__name__, exc)
            error = f"{type(exc).__name__}: {exc}"
            result = PassResult()
        kept, rejected = select_compatible(doc.text, result.edits)
        report = pass_report(p.name, result.report, edits=len(kept), rejected=[e.to_dict() for e in rejected],
                             mentions=len(result.mentions), error=error, seconds=time.perf_counter() - started)
        return kept, report, result.mentions


def _respan(m: Mention, start: int, end: int, text: str | None = None) -> Mention:
    """The mention at another span (and surface text), every later field as it was. Built with
    ``tuple.__new__`` from the mention's own tuple, as ``Mention._replace`` costs 2x more and a
    document carries hundreds of mentions."""
    return _new(Mention, (start, end, m.text if text is None else text, *m[3:]))


_new = tuple.__new__


def _map_mentions(mentions: Sequence[Mention], groups: Sequence[Sequence[Edit]], text: str) -> list[Mention]:
    """Mentions found in the input of ``groups[0]``'s pass, mapped through every group of edits onto
    ``text`` (the output) and naming their surface there, with one new Mention at most per mention
    instead of one per pass."""
    starts = [m.start for m in mentions]
    ends = [m.end for m in mentions]
    for edits in groups:
        if edits:
            offsets = OffsetMap(tuple(edits))
            starts = offsets.map_all(starts)
            ends = offsets.map_all(ends)
    out: list[Mention] = []
    for m, start, end in zip(mentions, starts, ends, strict=True):
        surface = text[start:end]
        out.append(m if start == m.start and end == m.end and surface == m.text else _respan(m, start, end, surface))
    return out
