"""The pipeline: runs the passes in order and is the only place where edits are applied."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .document import CleanResult, Document, DocumentFacts, Mention, PassResult
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
        # the kept edits of each pass in order, and the mentions each pass reported in its input: a mention
        # is mapped onto the output once, at the end, through the edits of its pass and of every later one
        applied: list[list[Edit]] = []
        found: list[tuple[int, Sequence[Mention]]] = []
        facts = DocumentFacts()  # one per run: every pass's copy of the document shares what is computed once
        for p in self.passes:
            current = replace(doc, text=text, reports=reports.copy(), facts=facts)
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
            if result.mentions:
                found.append((len(applied), result.mentions))
            applied.append(kept)
            if kept:
                text = apply_edits(text, kept)
                log_.extend(kept)
        mentions = [m for first, ms in found for m in _map_mentions(ms, applied[first:], text)]
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
