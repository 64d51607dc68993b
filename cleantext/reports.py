"""Typed reports: what each pass did on one document, and what a run did pass by pass.

The pipeline makes one :class:`PassReport` per pass and document (``CleanResult.pass_reports``): the
edits it kept and the ones it lost to overlaps, the mentions it found, the rules that ran out of time,
its error, the time it spent, and its own counters. ``result.reports`` keeps the plain per-pass
mapping that ``--report`` writes (its JSON shape is unchanged); everything that counts or warns reads
the typed report, never the mapping's keys. :class:`PassTotals` sums them over a run for ``--stats``,
as datatrove's pipeline steps keep their stats.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple, TypeGuard

#: the key under which a pass reports the rules it skipped on a document (``ScanReport.as_report``)
TIMED_OUT_KEY = "timed_out"
#: the keys the pipeline itself adds to a pass's report
ERROR_KEY = "error"
REJECTED_KEY = "rejected_edits"


class PassReport(NamedTuple):
    """What one pass did on one document. A named tuple, like Edit and Mention: a result carries one per
    pass, and results travel between processes by the thousand (a frozen dataclass took three times as long
    to unpickle)."""

    name: str
    #: edits the pipeline applied, and edits it rejected as overlapping earlier ones (as ``Edit.to_dict``)
    edits: int = 0
    rejected: tuple[Mapping[str, Any], ...] = ()
    mentions: int = 0
    #: ids of the rules skipped on this document because they ran out of time
    timed_out: tuple[str, ...] = ()
    #: the pass's failure ("TypeError: ..."): it left the document as it received it
    error: str | None = None
    #: wall-clock seconds the pass spent on the document (not part of ``result.reports``: it varies, so
    #: ``CleanResult`` equality leaves the typed reports out)
    seconds: float = 0.0
    #: what the pass reported itself (language, counts, ...), as it reported it
    details: Mapping[str, Any] = MappingProxyType({})

    def counters(self) -> dict[str, int]:
        """The pass's own whole-number counts, summed by ``--stats``: ``{"mentions": 3}``, and one level of
        counts by kind (``{"artifacts": {"doubled_word": 1}}`` gives ``{"artifacts.doubled_word": 1}``)."""
        out: dict[str, int] = {}
        for key, value in self.details.items():
            if _is_count(value):
                out[key] = value
            elif isinstance(value, Mapping):
                out.update((f"{key}.{k}", v) for k, v in value.items() if _is_count(v))
        return out


def _is_count(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def pass_report(name: str, details: Mapping[str, Any], *, edits: int, rejected: Sequence[Mapping[str, Any]],
                mentions: int, error: str | None, seconds: float) -> PassReport:
    """The typed report of a pass from what it returned; the one place that reads its timed-out key. The
    details are copied: ``result.reports`` holds them, and a pass may return a mapping it shares."""
    timed_out = details.get(TIMED_OUT_KEY) or ()
    return PassReport(name, edits, tuple(rejected), mentions, tuple(map(str, timed_out)), error, seconds,
                      dict(details))


def report_mapping(report: PassReport) -> Mapping[str, Any]:
    """The pass's entry of ``result.reports`` (and of ``--report``): its error, then what it reported, then
    the edits the pipeline rejected; empty when there is nothing to say. Without error or rejected edits it
    is the report's own details, the same object, so a pickled result carries them once (pickle keeps
    shared objects shared)."""
    if report.error is None and not report.rejected:
        return report.details
    out: dict[str, Any] = {ERROR_KEY: report.error} if report.error is not None else {}
    out.update(report.details)
    if report.rejected:
        out[REJECTED_KEY] = list(report.rejected)
    return out


@dataclass(slots=True)
class PassTotals:
    """One pass over a run: documents it changed, edits, errors, time, and its counters summed."""

    name: str
    docs: int = 0
    changed: int = 0
    edits: int = 0
    rejected: int = 0
    mentions: int = 0
    errors: int = 0
    timeouts: int = 0
    seconds: float = 0.0
    counters: Counter[str] = field(default_factory=Counter)

    def add(self, report: PassReport) -> None:
        self.docs += 1
        self.changed += report.edits > 0
        self.edits += report.edits
        self.rejected += len(report.rejected)
        self.mentions += report.mentions
        self.errors += report.error is not None
        self.timeouts += len(report.timed_out)
        self.seconds += report.seconds
        self.counters.update(report.counters())


class RunTotals:
    """Every pass over a run, in the order the passes ran."""

    def __init__(self) -> None:
        self.passes: dict[str, PassTotals] = {}

    def add(self, reports: Iterable[PassReport]) -> None:
        for r in reports:
            totals = self.passes.get(r.name)
            if totals is None:
                totals = self.passes[r.name] = PassTotals(r.name)
            totals.add(r)

    def table(self) -> str:
        """The per-pass table ``--stats`` prints."""
        head = f"{'pass':<14}{'docs':>8}{'changed':>9}{'edits':>9}{'rejected':>10}{'errors':>8}{'timeouts':>10}" \
               f"{'seconds':>10}  counters"
        lines = [head]
        for t in self.passes.values():
            counters = ", ".join(f"{k} {v}" for k, v in sorted(t.counters.items()))
            lines.append(f"{t.name:<14}{t.docs:>8}{t.changed:>9}{t.edits:>9}{t.rejected:>10}{t.errors:>8}"
                         f"{t.timeouts:>10}{t.seconds:>10.2f}  {counters}")
        return "\n".join(lines)
