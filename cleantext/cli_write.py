"""The writer of ``cleantext clean``: each result to where its document came from, and the run's logs.

Cleaned texts go to a mirrored file (written whole, then renamed into place), to a JSON Lines stream
(the input record with its text field replaced), or to stdout; ``--edits`` and ``--report`` are JSON
Lines logs beside them, and unusable JSON Lines lines are copied to a rejects file. Streams with a path
are :class:`~cleantext.writes.PartialWriter` files: they take their final names only when the run
completes (:meth:`Writer.finish`), and can be continued at a recorded size (``--resume``).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from .cli_read import Origin
from .coordinates import edit_records
from .document import CleanResult
from .explain import explain, summary
from .io import Reject, dump_json_line
from .reports import RunTotals
from .writes import DirectWriter, PartialWriter, is_special, open_output, write_all, write_text_atomic


def open_stream(path: Path, *, resume_at: int | None = None) -> PartialWriter | DirectWriter:
    """``-`` is stdout; any other path as :func:`~cleantext.writes.open_output` writes it."""
    if str(path) == "-":
        return DirectWriter(sys.stdout.buffer, close=False)
    return open_output(path, resume_at=resume_at)


class Rejects:
    """Where unusable JSON Lines lines are copied: ``--rejects``, else beside the output (never a folder the
    user did not name); with the output on stdout they are only reported."""

    def __init__(self, path: Path | None, *, out: Path | None) -> None:
        self.path = path
        self.out = out
        self.stream: PartialWriter | DirectWriter | None = None

    def take(self, name: str, item: Reject, target: Path | None) -> str:
        if self.path is None and self.out is not None and not is_special(self.out):
            folder = target.parent if target is not None else self.out if self.out.is_dir() else self.out.parent
            self.path = folder / f"{Path(name).stem}.rejects.jsonl"
        if self.path is None:
            return f"{name}:{item.line}: {item.reason}; line not copied (keep such lines with --rejects FILE)"
        if self.stream is None:
            self.stream = open_stream(self.path)
        for chunk in item.chunks():
            self.stream.write_bytes(chunk)
        where = self.path if str(self.path) == "-" else self.path.absolute()
        return f"{name}:{item.line}: {item.reason}; line copied unchanged to {where}"

    def finish(self, ok: bool) -> None:
        """Always completed, even for an interrupted run: a rerun rewrites it from the input anyway, and
        meanwhile nothing is lost."""
        if self.stream is None:
            return
        if ok:
            self.stream.commit()
        else:
            with contextlib.suppress(OSError):
                self.stream.commit()


@dataclass(frozen=True)
class WriteSettings:
    """What is written besides the cleaned texts."""

    text_field: str = "text"
    explain: bool = False
    edits_path: Path | None = None
    report_path: Path | None = None
    annotate: bool = False
    out: Path | None = None


class Writer:
    """Writes results in input order; ``offsets`` continue partial streams where a checkpoint left them."""

    def __init__(self, settings: WriteSettings, *, offsets: Mapping[str, int] | None = None) -> None:
        self.settings = settings
        self.offsets = dict(offsets or {})
        self.streams: dict[Path, PartialWriter | DirectWriter] = {}
        self.finished = False

    def _stream(self, path: Path) -> PartialWriter | DirectWriter:
        w = self.streams.get(path)
        if w is None:
            w = self.streams[path] = open_stream(path, resume_at=self.offsets.get(str(path)))
        return w

    def emit(self, origin: Origin, result: CleanResult) -> None:
        s = self.settings
        warn_about(origin, result)
        if s.explain:
            click.echo(explain(result, name=origin.name, style=click.style),
                       err=origin.dest is None and origin.record is None and s.out is None)
        if s.edits_path is not None:
            edits = self._stream(s.edits_path)
            for record in edit_records(result.id, result.original, result.edits):
                edits.write(dump_json_line(record) + "\n")
        if s.report_path is not None:
            self._stream(s.report_path).write(dump_json_line(report_record(result)) + "\n")
        if origin.record is not None:
            record = dict(origin.record)
            record[s.text_field] = result.text
            if s.annotate:
                record["cleantext"] = report_record(result)
            line = dump_json_line(record) + "\n"
            if origin.stream is None:
                sys.stdout.write(line)
            else:
                self._stream(origin.stream).write(line)
        elif origin.dest is not None:
            write_text_atomic(origin.dest, result.text)
        else:
            write_all(sys.stdout.buffer, result.text.encode("utf-8", errors="replace"))

    def sizes(self) -> dict[str, int]:
        """Every stream flushed to disk, and its size: what a checkpoint records."""
        for w in self.streams.values():
            w.sync()
        return {str(p): w.tell() for p, w in self.streams.items()}

    def finish(self, ok: bool, *, keep_partial: bool) -> None:
        """Close the streams: renamed into place when the run completed; when it was interrupted they stay
        under their ``.partial`` names with ``keep_partial`` (for ``--resume``), else they are removed."""
        if self.finished:
            return
        self.finished = True
        sys.stdout.flush()
        for w in self.streams.values():
            if ok:
                w.commit()
            else:
                w.abandon(keep=keep_partial)


def warn_about(origin: Origin, result: CleanResult) -> None:
    """Rules that ran out of time and passes that failed on this document, on stderr."""
    for report in result.pass_reports:
        for rule in report.timed_out:
            click.echo(f"cleantext: warning: {origin.name}: rule {rule} of pass {report.name} ran out of time "
                       "and was skipped for this document", err=True)
        if report.error is not None:
            click.echo(f"cleantext: warning: {origin.name}: pass {report.name} failed ({report.error}); "
                       "the document was kept as that pass received it", err=True)


def report_record(result: CleanResult) -> dict[str, Any]:
    """The ``--report`` line (and ``--annotate`` field) of one document."""
    return {
        "doc": result.id,
        "summary": summary(result),
        "reports": result.reports,
        "mentions": [m.to_dict() for m in result.mentions],
    }


@dataclass
class RunStats:
    """What a run did, for the end-of-run summary, ``--stats`` and the exit status."""

    #: documents cleaned, those whose text changed, and the lines the boilerplate pass removed from them
    docs: int = 0
    changed: int = 0
    removed_lines: int = 0
    #: documents an interrupted run had already finished (``--resume``)
    resumed: int = 0
    #: inputs not cleaned, by category (unreadable, not_decodable, binary, too_large, rejected_line, ...)
    skipped: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)
    #: each pass over the run (--stats)
    passes: RunTotals = field(default_factory=RunTotals)

    def add(self, result: CleanResult) -> None:
        self.docs += 1
        self.changed += result.changed
        self.removed_lines += sum(e.old.count("\n") or 1 for e in result.removed_lines())
        self.passes.add(result.pass_reports)

    @property
    def edits(self) -> int:
        """Edits made, every pass's together."""
        return sum(t.edits for t in self.passes.passes.values())

    @property
    def pass_errors(self) -> int:
        """Times a pass failed on a document (which it left as it received it)."""
        return sum(t.errors for t in self.passes.passes.values())

    @property
    def rule_timeouts(self) -> int:
        """Times a rule ran out of time on a document (and was skipped for it)."""
        return sum(t.timeouts for t in self.passes.passes.values())

    @property
    def n_skipped(self) -> int:
        return sum(self.skipped.values())

    def line(self) -> str:
        secs = time.monotonic() - self.started
        out = (f"cleantext: cleaned {_n(self.docs, 'document')} ({self.changed} changed, "
               f"{_n(self.edits, 'edit')}, {_n(self.removed_lines, 'line')} removed) in {secs:.1f}s")
        if self.resumed:
            out += f"; {self.resumed} already done before (resumed)"
        if self.skipped:
            parts = ", ".join(f"{n} {_LABELS.get(cat, cat).format(s='s' if n != 1 else '')}"
                              for cat, n in sorted(self.skipped.items()))
            out += f"; {self.n_skipped} input{'s' if self.n_skipped != 1 else ''} skipped ({parts}; see above)"
        if self.pass_errors:
            out += f"; {_n(self.pass_errors, 'pass error')} (documents kept as that pass received them)"
        if self.rule_timeouts:
            out += f"; {_n(self.rule_timeouts, 'rule timeout')} (rule skipped for that document)"
        return out


#: how the summary names each category of skipped input ({s}: plural ending)
_LABELS = {"rejected_line": "rejected line{s}", "too_large": "too large", "not_decodable": "not decodable",
           "binary": "binary", "missing": "missing", "unreadable": "unreadable"}


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"
