"""The ``cleantext`` command line."""

from __future__ import annotations

import codecs
import contextlib
import encodings.aliases
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import BrokenExecutor  # not .process.BrokenProcessPool: that imports multiprocessing
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import click

from ._version import __version__
from .cleaner import Cleaner, settle_memory
from .coordinates import edit_records
from .document import BatchContext, CleanResult, Document
from .errors import CleantextError, RuleError
from .explain import explain, summary
from .io import (
    DEFAULT_GLOBS,
    DEFAULT_MAX_DOC_BYTES,
    BinaryInputError,
    Checkpoint,
    DirectWriter,
    InputError,
    PartialWriter,
    Reject,
    decode_bytes,
    dump_json_line,
    file_signature,
    files_below,
    fingerprint,
    is_special,
    looks_like_jsonl,
    open_output,
    read_jsonl,
    read_text_file,
    write_all,
    write_text_atomic,
)
from .options import BOILERPLATE_SETTINGS, Options
from .passes import PASSES, PIPELINE_ORDER, default_passes, pipeline_order
from .registry import did_you_mean
from .rules_cli import check_globs, rules

EPILOG = """\b
Examples:
  cleantext clean article.txt                    clean one file to stdout
  cat page.txt | cleantext clean                 stdin to stdout
  cleantext clean seeds -o cleaned --explain     a folder of .txt files, mirrored into cleaned/
  cleantext clean site -o out --glob '*.md' --glob '*.jsonl'
                                                 a folder's .md files as text, .jsonl as JSON Lines
  cat news.jsonl | cleantext clean --format jsonl   JSON Lines on stdin
  cleantext clean news.jsonl -o clean.jsonl      JSON Lines: cleans the "text" field, keeps the rest
  cleantext clean a.txt --edits edits.jsonl      write the edit log (replays to the output exactly)
  cleantext clean a.txt --rules my_names.yaml    add your rules or gazetteer to the defaults
  cleantext clean news.jsonl -o clean.jsonl --resume   continue an interrupted run where it stopped

\b
Exit status: 0 all inputs cleaned; 1 some input was skipped (the rest was
cleaned, each problem reported on stderr) or an output could not be written;
2 usage or rule-file error; 130 interrupted (Ctrl-C or kill); 141 stdout's
reader went away (`| head`): the run stops quietly, as Unix tools do.
"""


def _split_names(values: tuple[str, ...]) -> list[str]:
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


def _check_passes(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> list[str]:
    names = _split_names(value)
    for n in names:
        if n not in PASSES:
            raise click.BadParameter(PASSES.unknown_message(n), ctx=ctx, param=param)
    return names


def _check_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An unknown encoding is one usage error before the run, not one error per input file."""
    if value is None:
        return None
    examples = "(e.g. utf-8, latin-1, cp1252, utf-16)"
    try:
        codecs.lookup(value)
    except LookupError:
        names = sorted(set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values()))
        raise click.BadParameter(f"unknown encoding {value!r} {examples}"
                                 + did_you_mean(value.lower().replace("-", "_"), names), ctx=ctx, param=param) from None
    try:
        b"a".decode(value)
    except UnicodeDecodeError:  # a text encoding (one byte is no UTF-16 character)
        pass
    except LookupError:  # base64, rot13: codecs between bytes, or between strings
        raise click.BadParameter(f"{value!r} is not a text encoding {examples}", ctx=ctx, param=param) from None
    return value


#: exit status when the reader of stdout went away (``cleantext ... | head``): 128 + SIGPIPE, as a shell
#: reports a Unix tool that the signal ended
EXIT_BROKEN_PIPE = 141


def _quiet_stdout() -> None:
    """Point stdout at /dev/null: what is still buffered for a reader that went away is dropped, with no
    second error when Python flushes stdout on exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


class _Commands(click.Group):
    """The command group; any command whose stdout reader went away ends quietly with status 141."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _quiet_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleantext")
def main() -> None:
    """Clean scraped and machine-translated news text.

    cleantext strips web boilerplate, repairs machine-translation artifacts and
    normalizes name variants, and records every change as an edit (pass, rule,
    span, old, new, reason) that replays to the output and restores the input.

    Start with `cleantext clean --help`.
    """


@dataclass
class RunStats:
    """What a run did, for the end-of-run summary and the exit status."""

    docs: int = 0
    changed: int = 0
    edits: int = 0
    removed_lines: int = 0
    #: documents an interrupted run had already finished (``--resume``)
    resumed: int = 0
    #: inputs not cleaned, by category (unreadable, not_decodable, binary, too_large, rejected_line, ...)
    skipped: Counter[str] = field(default_factory=Counter)
    #: documents on which a pass failed (left as that pass received them) or a rule ran out of time
    pass_errors: int = 0
    rule_timeouts: int = 0
    started: float = field(default_factory=time.monotonic)

    def add(self, result: CleanResult) -> None:
        self.docs += 1
        self.changed += result.changed
        self.edits += len(result.edits)
        self.removed_lines += sum(e.old.count("\n") or 1 for e in result.removed_lines())
        for report in result.reports.values():
            self.pass_errors += "error" in report
            self.rule_timeouts += len(report.get("timed_out") or ())

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


@dataclass(frozen=True)
class Task:
    """Where a cleaned document goes once its result comes back."""

    name: str
    dest: Path | None = None  # None: stdout, or the JSON Lines stream ``stream``
    record: dict[str, Any] | None = None  # JSON Lines: the record whose text field is replaced
    stream: Path | None = None  # JSON Lines: the output file (None: stdout)
    source: str = ""  # JSON Lines: the input file the record is a line of ("": ``name`` is the file)


class Run:
    """One invocation of ``clean``: reads inputs lazily, cleans them in order, writes results.

    With ``-o``, the JSON Lines output and the ``--edits``/``--report`` logs are written as
    :class:`PartialWriter` files and a :class:`Checkpoint` records every few seconds how many
    documents are complete; a killed run can then be continued with ``--resume``.
    """

    def __init__(self, *, cleaner: Cleaner | None, out: Path | None, fmt: str, text_field: str, encoding: str | None,
                 explain_: bool, edits_path: Path | None, report_path: Path | None, annotate: bool,
                 rejects: Path | None, jobs: int, quiet: bool, max_doc_bytes: int | None = None,
                 checkpoint: Checkpoint | None = None, resume: bool = False,
                 checkpoint_seconds: float = 2.0, globs: tuple[str, ...] = DEFAULT_GLOBS) -> None:
        self.cleaner = cleaner
        #: the file names read inside folder inputs (--glob)
        self.globs = globs
        self.out = out
        self.fmt = fmt
        self.text_field = text_field
        self.encoding = encoding
        self.explain = explain_
        self.edits_path = edits_path
        self.report_path = report_path
        self.annotate = annotate
        self.rejects = rejects
        self.jobs = jobs
        self.quiet = quiet
        self.max_doc_bytes = max_doc_bytes
        self.checkpoint = checkpoint
        self.checkpoint_seconds = checkpoint_seconds
        self.stats = RunStats()
        #: --site-batch: what the boilerplate pass knows of the whole batch (lines on many pages)
        self.batch: BatchContext | None = None
        #: reading without reporting (see texts)
        self._silent = False
        #: how to keep a rejected line, when nothing keeps it
        self._rejects_hint = " (keep such lines with --rejects FILE)"
        self.pending: deque[Task] = deque()
        self._streams: dict[Path, PartialWriter | DirectWriter] = {}
        self._rejects_out: PartialWriter | DirectWriter | None = None
        self.finished = False
        self._emitted = 0  # documents emitted or skipped as already done, in input order
        self._last_checkpoint = time.monotonic()
        # --resume: the first ``_skip_docs`` documents are done; outputs continue at the recorded sizes
        self._skip_docs = 0
        self._resume_offsets: dict[str, int] = {}
        self._skip_existing = False
        if resume:
            state = checkpoint.load() if checkpoint is not None else None
            if state is not None:
                self._skip_docs = int(state.get("done", 0))
                self._resume_offsets = {str(k): int(v) for k, v in dict(state.get("offsets", {})).items()}
            elif edits_path is None and report_path is None:
                # no checkpoint (the last run finished, or died before its first one): a document whose
                # own output file exists is complete, since those are renamed into place only when done
                self._skip_existing = True

    # -- reporting -------------------------------------------------------------------------------------
    def skip(self, message: str, category: str = "unreadable") -> None:
        if self._silent:
            return
        self.stats.skipped[category] += 1
        click.echo(f"cleantext: error: {message}", err=True)

    def warn(self, message: str, category: str = "binary") -> None:
        if self._silent:
            return
        self.stats.skipped[category] += 1
        click.echo(f"cleantext: warning: {message}", err=True)

    def _input_error(self, exc: InputError) -> None:
        if isinstance(exc, BinaryInputError):
            self.warn(str(exc), exc.category)
        else:
            self.skip(str(exc), exc.category)

    # -- inputs ----------------------------------------------------------------------------------------
    def documents(self, inputs: list[str]) -> Iterator[Document]:
        """The documents still to clean, in input order (with ``--resume``, those not done yet)."""
        for doc in self._all_documents(inputs):
            task = self.pending[-1]  # the task of the document just read
            if self._skip_docs > 0 or (self._skip_existing and task.dest is not None and task.dest.exists()):
                self._skip_docs = max(0, self._skip_docs - 1)
                self.pending.pop()
                self.stats.resumed += 1
                self._emitted += 1
                continue
            yield doc

    def texts(self, inputs: list[str]) -> Iterator[str]:
        """The texts of ``inputs``, read exactly as :meth:`documents` reads them (same files, decoding and size
        limit), reporting and recording nothing: the first look at the batch that ``--site-batch`` takes. What
        cannot be read is passed over here; the run itself reports it."""
        self._silent = True
        try:
            for _, _, text in self.named_texts(inputs):
                yield text
        finally:
            self._silent = False

    def named_texts(self, inputs: list[str]) -> Iterator[tuple[str, str, str]]:
        """(file, name, text) of each document of ``inputs`` (its name: the file's path, or ``path:line`` for a
        JSON Lines record), read as :meth:`documents` reads them, with nothing to write: the reader of
        ``rules try --corpus``."""
        for doc in self._all_documents(inputs):
            task = self.pending.pop()  # the task of the document just read: there is nothing to write for it
            yield task.source or task.name, task.name, doc.text

    @classmethod
    def reader(cls, *, text_field: str = "text", globs: tuple[str, ...] = DEFAULT_GLOBS) -> Run:
        """A run that only reads (no cleaner, no outputs), reporting what it cannot read on stderr."""
        run = cls(cleaner=None, out=None, fmt="auto", text_field=text_field, encoding=None, explain_=False,
                  edits_path=None, report_path=None, annotate=False, rejects=None, jobs=1, quiet=False,
                  max_doc_bytes=DEFAULT_MAX_DOC_BYTES, globs=globs)
        run._rejects_hint = ""  # nothing is written: there is no --rejects to offer
        return run

    def _all_documents(self, inputs: list[str]) -> Iterator[Document]:
        for name in inputs:
            if name == "-":
                yield from self._stdin()
                continue
            path = Path(name)
            if path.is_dir():
                yield from self._folder(path)
            elif not path.exists():
                self.skip(f"{name}: no such file or folder", "missing")
            elif self._is_jsonl(path):
                yield from self._jsonl_file(path)
            else:
                yield from self._text_file(path, self._dest_for_file(path))

    def _is_jsonl(self, path: Path) -> bool:
        return self.fmt == "jsonl" or (self.fmt == "auto" and path.suffix.lower() in (".jsonl", ".ndjson"))

    def _dest_for_file(self, path: Path) -> Path | None:
        if self.out is None:
            return None
        return self.out / path.name if self.out.is_dir() else self.out

    def _stdin(self) -> Iterator[Document]:
        if self.fmt == "jsonl":
            yield from self._jsonl_stream(sys.stdin.buffer, "<stdin>", self.out)
            return
        data = sys.stdin.buffer.read()
        try:
            text = decode_bytes(data, "<stdin>", encoding=self.encoding)
        except InputError as exc:
            self._input_error(exc)
            return
        if not self._silent and looks_like_jsonl(text, self.text_field):
            click.echo("cleantext: hint: stdin looks like JSON Lines: use --format jsonl (it is read as text "
                       "unless told)", err=True)
        self.pending.append(Task("<stdin>", self.out))
        yield Document(text=text, id="<stdin>", batch=self.batch)

    def _folder(self, folder: Path) -> Iterator[Document]:
        """The files below ``folder`` that ``--glob`` selects, written under ``-o`` at the same relative path
        (no ``-o``: only read, as ``rules try`` does); says how many files the globs left out."""
        try:
            files = files_below(folder, self.globs)
        except OSError as exc:
            self.skip(f"{folder}: cannot list: {exc.strerror or exc}", "unreadable")
            return
        note = files.left_out_message(folder, self.globs)
        if note is not None and not self.quiet and not self._silent:
            click.echo(f"cleantext: note: {note}", err=True)
        for path in files.selected:
            dest = None if self.out is None else self.out / path.relative_to(folder)
            if self._is_jsonl(path):
                yield from self._jsonl_file(path, dest)
            else:
                yield from self._text_file(path, dest)

    def _text_file(self, path: Path, dest: Path | None) -> Iterator[Document]:
        try:
            text = read_text_file(path, encoding=self.encoding, max_bytes=self.max_doc_bytes)
        except InputError as exc:
            self._input_error(exc)
            return
        self.pending.append(Task(str(path), dest))
        yield Document(text=text, id=str(path), batch=self.batch)

    def _jsonl_file(self, path: Path, target: Path | None = None) -> Iterator[Document]:
        """A JSON Lines file's records, written to ``target`` (a file in a folder input: its mirrored path)."""
        try:
            stream = path.open("rb")
        except OSError as exc:
            self.skip(f"{path}: cannot read: {exc.strerror or exc}", "unreadable")
            return
        if target is None:
            # several JSON Lines inputs into an output folder: one output file each, named like the input
            target = self.out / path.name if self.out is not None and self.out.is_dir() else self.out
        with stream:
            yield from self._jsonl_stream(stream, str(path), target)

    def _jsonl_stream(self, stream: IO[bytes], name: str, target: Path | None) -> Iterator[Document]:
        items = read_jsonl(stream, name, text_field=self.text_field, encoding=self.encoding or "utf-8",
                           max_line_bytes=self.max_doc_bytes)
        try:
            for item in items:
                if isinstance(item, Reject):
                    self._reject(name, item, target)
                    continue
                doc_id = str(item.record.get("id", f"{name}:{item.line}"))
                self.pending.append(Task(f"{name}:{item.line}", None, item.record, target, source=name))
                yield Document(text=item.text, id=doc_id, batch=self.batch)
        except InputError as exc:  # the stream itself failed part-way: the rest of this input is lost to us
            self._input_error(exc)

    def _reject(self, name: str, item: Reject, target: Path | None) -> None:
        if self._silent:
            return
        if self.rejects is None and self.out is not None and not is_special(self.out):
            # beside the output, never in the current folder: nowhere the user did not name
            folder = target.parent if target is not None else self.out if self.out.is_dir() else self.out.parent
            self.rejects = folder / f"{Path(name).stem}.rejects.jsonl"
        if self.rejects is None:  # the output is stdout: report only, with the line number
            self.skip(f"{name}:{item.line}: {item.reason}; line not copied{self._rejects_hint}", "rejected_line")
            return
        if self._rejects_out is None:
            self._rejects_out = _open_output(self.rejects)
        for chunk in item.chunks():
            self._rejects_out.write_bytes(chunk)
        where = self.rejects if str(self.rejects) == "-" else self.rejects.absolute()
        self.skip(f"{name}:{item.line}: {item.reason}; line copied unchanged to {where}", "rejected_line")

    # -- outputs ---------------------------------------------------------------------------------------
    def _stream(self, path: Path) -> PartialWriter | DirectWriter:
        w = self._streams.get(path)
        if w is None:
            w = _open_output(path, resume_at=self._resume_offsets.get(str(path)))
            self._streams[path] = w
        return w

    def emit(self, result: CleanResult) -> None:
        task = self.pending.popleft()
        self.stats.add(result)
        for pass_name, report in result.reports.items():
            for rule in report.get("timed_out") or ():
                click.echo(f"cleantext: warning: {task.name}: rule {rule} of pass {pass_name} ran out of time "
                           "and was skipped for this document", err=True)
            if "error" in report:
                click.echo(f"cleantext: warning: {task.name}: pass {pass_name} failed ({report['error']}); "
                           "the document was kept as that pass received it", err=True)
        if self.explain:
            click.echo(explain(result, name=task.name, style=click.style),
                       err=task.dest is None and task.record is None and self.out is None)
        if self.edits_path is not None:
            edits = self._stream(self.edits_path)
            for record in edit_records(result.id, result.original, result.edits):
                edits.write(dump_json_line(record) + "\n")
        if self.report_path is not None:
            self._stream(self.report_path).write(dump_json_line(self._report(result)) + "\n")
        if task.record is not None:
            record = dict(task.record)
            record[self.text_field] = result.text
            if self.annotate:
                record["cleantext"] = self._report(result)
            line = dump_json_line(record) + "\n"
            if task.stream is None:
                sys.stdout.write(line)
            else:
                self._stream(task.stream).write(line)
        elif task.dest is not None:
            write_text_atomic(task.dest, result.text)
        else:
            write_all(sys.stdout.buffer, result.text.encode("utf-8", errors="replace"))
        self._emitted += 1
        if self.checkpoint is not None and time.monotonic() - self._last_checkpoint >= self.checkpoint_seconds:
            self.save_checkpoint()

    def save_checkpoint(self) -> None:
        """Flush every output to disk, then record that the documents emitted so far are complete."""
        assert self.checkpoint is not None
        for w in self._streams.values():
            w.sync()
        self.checkpoint.save(self._emitted, {str(p): w.tell() for p, w in self._streams.items()})
        self._last_checkpoint = time.monotonic()

    def _report(self, result: CleanResult) -> dict[str, Any]:
        return {
            "doc": result.id,
            "summary": summary(result),
            "reports": result.reports,
            "mentions": [m.to_dict() for m in result.mentions],
        }

    def finish(self, ok: bool) -> None:
        """Close outputs: renamed into place when the run completed.

        When it was interrupted, outputs stay under their ``.partial`` names (with ``-o`` and a
        checkpoint, for ``--resume``; otherwise they are removed). The rejects file is always
        completed: a rerun rewrites it from the input anyway, and meanwhile nothing is lost.
        """
        if self.finished:
            return
        self.finished = True
        sys.stdout.flush()
        for w in self._streams.values():
            if ok:
                w.commit()
            else:
                w.abandon(keep=self.checkpoint is not None)
        if ok and self.checkpoint is not None:
            self.checkpoint.remove()
        if self._rejects_out is not None:
            if ok:
                self._rejects_out.commit()
            else:
                with contextlib.suppress(OSError):
                    self._rejects_out.commit()


def _parse_size(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """Sizes as on the command line: 500000, 64K, 64M, 2G (0 or 'none' for no limit)."""
    if value is None:
        return DEFAULT_MAX_DOC_BYTES
    text = value.strip().upper().removesuffix("B")
    if text in ("0", "NONE"):
        return None
    factor = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(text[-1:], 1)
    digits = text[:-1] if factor != 1 else text
    if not digits.isdigit():
        raise click.BadParameter(f"{value!r} is not a size; use bytes or a number with K, M or G (e.g. 64M), "
                                 "or 0 for no limit", ctx=ctx, param=param)
    return int(digits) * factor


def _open_output(path: Path, *, resume_at: int | None = None) -> PartialWriter | DirectWriter:
    """``-`` is stdout; any other path as :func:`~cleantext.io.open_output` writes it."""
    if str(path) == "-":
        return DirectWriter(sys.stdout.buffer, close=False)
    return open_output(path, resume_at=resume_at)


def _is_stdout(path: Path) -> bool:
    if str(path) in ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"):
        return True
    try:
        mine, theirs = os.fstat(sys.stdout.fileno()), os.stat(path)
    except (OSError, ValueError):  # no file behind stdout (a test runner), or no such path
        return False
    return is_special(path) and (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino)


def _check_outputs(ctx: click.Context, *, output: Path | None, edits_path: Path | None, report_path: Path | None,
                   rejects: Path | None, resume: bool) -> None:
    """Refuse outputs that would interleave on stdout, and --resume into what cannot be resumed."""
    on_stdout = [] if output is not None and not _is_stdout(output) else [f"the cleaned text (-o {output or '-'})"]
    on_stdout += [f"{opt} {p}" for opt, p in (("--edits", edits_path), ("--report", report_path),
                                               ("--rejects", rejects)) if p is not None and _is_stdout(p)]
    if len(on_stdout) > 1:
        raise click.UsageError(f"{' and '.join(on_stdout)} would all go to stdout and interleave; "
                               "write all but one of them to a file", ctx=ctx)
    special = [str(p) for p in (output, edits_path, report_path) if p is not None and (str(p) == "-" or is_special(p))]
    if resume and special:
        raise click.UsageError(f"--resume continues outputs that are regular files; {', '.join(special)} is "
                               "stdout, a FIFO or a device", ctx=ctx)


def _checkpoint_for(output: Path | None, settings: dict[str, Any]) -> Checkpoint | None:
    """Where a run records its progress: beside an output file, or inside an output folder."""
    if output is None or is_special(output):  # nothing to resume in a FIFO or a device: no file beside it
        return None
    if output.is_dir():
        return Checkpoint(output / ".cleantext-progress.json", fingerprint(settings))
    return Checkpoint(output.with_name(f".{output.name}.cleantext-progress.json"), fingerprint(settings))


def _input_signature(names: list[str], globs: tuple[str, ...]) -> list[Any]:
    sig: list[Any] = []
    for n in names:
        p = Path(n)
        sig.append([file_signature(f) for f in files_below(p, globs).selected] if p.is_dir() else file_signature(p))
    return sig


@main.command(epilog=EPILOG)
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file, or folder (required for folder inputs and several files; mirrors the tree).")
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "jsonl"]), default="auto", show_default=True,
              help="Input format; auto: by the file's extension (JSON Lines for .jsonl/.ndjson, text otherwise); "
              "stdin is text unless --format jsonl (a hint says when it looks like JSON Lines).")
@click.option("--glob", "globs", multiple=True, metavar="PATTERN", callback=check_globs,
              help="Which files inside folder inputs are read, by name (default: *.txt); repeatable, e.g. "
              "--glob '*.txt' --glob '*.md'. Matched files ending .jsonl/.ndjson are read as JSON Lines; how many "
              "files were left out is said on stderr.")
@click.option("--text-field", default="text", show_default=True, help="JSON Lines field that holds the text.")
@click.option("--encoding", callback=_check_encoding,
              help="Encoding of the input files (default: UTF-8, or what a byte-order mark says).")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(path_type=Path),
              help="Rule file, gazetteer, or folder of them, added to the defaults. Repeatable.")
@click.option("--no-default-rules", is_flag=True, help="Leave the shipped rules out (use only --rules).")
@click.option("--disable-rule", "disable", multiple=True, metavar="ID",
              help="Do not run this rule: a rule id, a gazetteer name, a built-in rule (tidy.blank_run) or a glob "
              "(bp.en.*); comma-separated or repeated. --explain names the rule of each edit.")
@click.option("--passes", "passes", multiple=True, callback=_check_passes,
              help=f"Run only these passes (comma-separated or repeated). Passes: {', '.join(PIPELINE_ORDER)}.")
@click.option("--skip", multiple=True, callback=_check_passes, help="Leave these passes out.")
@click.option("--source-lang", help="Treat documents as machine-translated from this language (e.g. fr); "
              "default: detect per document.")
@click.option("--apply-low-confidence", is_flag=True, help="Apply low-confidence repairs too (default: report them).")
@click.option("--explain", "explain_", is_flag=True,
              help="Show every edit with its pass, rule, place in the input (line:column @offset) and reason (on "
              "stderr when the text goes to stdout).")
@click.option("--edits", "edits_path", type=click.Path(path_type=Path),
              help="Write the edit log as JSON Lines (doc, pass, rule, start, end, old, new, reason, ...): start/end "
              "are offsets in the text the edit's pass received (for replay), input_start, input_end, input_line "
              "and input_column its place in the input.")
@click.option("--report", "report_path", type=click.Path(path_type=Path),
              help="Write a per-document report as JSON Lines (pass reports, entity mentions).")
@click.option("--annotate", is_flag=True, help="JSON Lines output: add a 'cleantext' field with reports and mentions.")
@click.option("--rejects", type=click.Path(path_type=Path),
              help="Where unusable JSON Lines lines are copied (default: INPUT-STEM.rejects.jsonl beside the output; "
              "with output on stdout, they are only reported).")
@click.option("--max-doc-bytes", callback=_parse_size, metavar="SIZE",
              help="Skip documents (text files, JSON Lines lines) larger than this; 64M by default, 0 for no limit.")
@click.option("--site-batch", is_flag=True,
              help="Treat the inputs as pages of one site: a line found on many of them (30%, at least 3) is "
              "removed as site furniture. Reads the inputs twice; not for stdin.")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted run with the same arguments: documents already written are skipped.")
@click.option("--checkpoint-seconds", type=click.FloatRange(min=0), default=2.0, hidden=True,
              help="How often the progress of a run with -o is recorded for --resume.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Clean in this many worker processes.")
# -- engine selection (performance/scale issue): Ray is imported only when --engine ray is given
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: this machine (--jobs processes); ray: Ray actors (pip install 'cleantext-repair[ray]').")
@click.option("--ray-address", metavar="ADDRESS",
              help="Ray cluster to use with --engine ray (e.g. ray://head:10001, auto); default: a private local one.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary (errors are still shown).")
@click.option("--boilerplate", "boilerplate", type=click.Choice(list(BOILERPLATE_SETTINGS)), default="balanced",
              show_default=True, help="How hard the fitted boilerplate line model removes lines on top of the "
              "rules (off: rules only); figures per setting in docs/boilerplate.md.")
def clean(inputs: tuple[str, ...], output: Path | None, fmt: str, globs: tuple[str, ...], text_field: str,
          encoding: str | None,
          rule_paths: tuple[Path, ...], no_default_rules: bool, passes: list[str], skip: list[str],
          source_lang: str | None, apply_low_confidence: bool, explain_: bool, edits_path: Path | None,
          report_path: Path | None, annotate: bool, rejects: Path | None, max_doc_bytes: int | None,
          site_batch: bool, resume: bool, checkpoint_seconds: float, jobs: int, quiet: bool, engine: str = "local",
          ray_address: str | None = None, disable: tuple[str, ...] = (), boilerplate: str = "balanced") -> None:
    """Clean text files, folders, JSON Lines or stdin.

    With no INPUT or with -, reads stdin and writes stdout. A file is written
    to stdout or to -o FILE. A folder is cleaned recursively (every .txt, or
    the files --glob names) into the folder given by -o, mirroring its tree.
    Problems with an input are reported with the file (and line) and the run
    goes on with the rest.
    Outputs appear only when complete; a run with -o that was interrupted can
    be continued with --resume and gives the same output as an uninterrupted run.
    """
    names = list(inputs) or ["-"]
    globs = globs or DEFAULT_GLOBS
    ctx = click.get_current_context()
    output = None if output is not None and str(output) == "-" else output
    _check_outputs(ctx, output=output, edits_path=edits_path, report_path=report_path, rejects=rejects,
                   resume=resume)
    several = len(names) > 1 or any(Path(n).is_dir() for n in names if n != "-")
    if several and output is None and fmt != "jsonl" and not all(n.endswith((".jsonl", ".ndjson")) for n in names):
        raise click.UsageError("several inputs or a folder need -o FOLDER for the cleaned files", ctx=ctx)
    if several and output is not None and output.exists() and not output.is_dir():
        raise click.UsageError(f"-o {output} is a file; several inputs or a folder need a folder", ctx=ctx)
    if resume and (output is None or "-" in names):
        raise click.UsageError("--resume needs -o (an output file or folder) and inputs that are files, not stdin",
                               ctx=ctx)
    if site_batch and "-" in names:
        raise click.UsageError("--site-batch reads the inputs twice, so it needs files or folders, not stdin", ctx=ctx)
    if several and output is not None and not any(n.endswith((".jsonl", ".ndjson")) for n in names):
        output.mkdir(parents=True, exist_ok=True)
    options = Options(source_lang=source_lang, apply_low_confidence=apply_low_confidence, boilerplate=boilerplate)
    try:
        cleaner = Cleaner(rules=list(rule_paths) or None, default_rules=not no_default_rules,
                          passes=passes or None, skip=skip, options=options, disable=_split_names(disable))
    except RuleError as exc:
        click.echo(f"cleantext: error: {exc}", err=True)
        ctx.exit(2)
    except CleantextError as exc:
        raise click.UsageError(str(exc), ctx=ctx) from None
    settle_memory()  # this process is ours: the rules and the index are built, keep the collector off them

    # everything that decides the bytes of the output: a checkpoint only resumes the very same run
    settings = {
        "inputs": _input_signature(names, globs) if output is not None else [], "globs": list(globs),
        "output": str(output), "fmt": fmt, "text_field": text_field, "encoding": encoding,
        "max_doc_bytes": max_doc_bytes, "site_batch": site_batch,
        "annotate": annotate, "edits": str(edits_path), "report": str(report_path),
        "passes": cleaner.pass_names, "options": repr(cleaner.options),  # with its disabled built-in rules
        # the rules' content, not their files' dates: touching a file must not block a resume
        "rules": fingerprint(repr(cleaner.ruleset)),
    }
    try:
        run = Run(cleaner=cleaner, out=output, fmt=fmt, text_field=text_field, encoding=encoding, explain_=explain_,
                  edits_path=edits_path, report_path=report_path, annotate=annotate, rejects=rejects, jobs=jobs,
                  quiet=quiet, max_doc_bytes=max_doc_bytes, checkpoint=_checkpoint_for(output, settings),
                  resume=resume, checkpoint_seconds=checkpoint_seconds, globs=globs)
        if site_batch and "boilerplate" in cleaner.pass_names:
            from .passes.boilerplate_signals import build_batch_context  # only --site-batch needs it

            run.batch = build_batch_context(run.texts(names))
    except InputError as exc:
        click.echo(f"cleantext: error: {exc}", err=True)
        ctx.exit(2)
    ok = False
    previous = _terminate_as_interrupt()
    try:
        results = _engine_results(cleaner, run.documents(names), engine=engine, jobs=jobs, ray_address=ray_address)
        for result in _progress(results, quiet=quiet):
            run.emit(result)
        ok = True
    except InputError as exc:  # a partial output that does not match its checkpoint
        click.echo(f"cleantext: error: {exc}", err=True)
        ctx.exit(2)
    except BrokenExecutor:  # a worker died (killed, out of memory): what was written so far stays resumable
        hint = "; run again with --resume to continue" if run.checkpoint is not None else ""
        click.echo(f"cleantext: error: a worker process died (out of memory?){hint}", err=True)
        ctx.exit(1)
    except KeyboardInterrupt:
        hint = "; run again with --resume to continue" if run.checkpoint is not None else ""
        click.echo(f"cleantext: interrupted: no incomplete output was left under its final name{hint}", err=True)
        ctx.exit(130)
    except BrokenPipeError:  # stdout's reader went away (`| head`): stop quietly, as Unix tools do
        _quiet_stdout()
        ctx.exit(EXIT_BROKEN_PIPE)
    except OSError as exc:  # an output cannot be written (disk full, permissions): stop, keep what is complete
        click.echo(f"cleantext: error: cannot write {exc.filename or 'output'}: {exc.strerror or exc}", err=True)
        ctx.exit(1)
    finally:
        if not ok:
            run.finish(False)
        _restore_signal(previous)
    try:
        run.finish(True)
    except BrokenPipeError:
        _quiet_stdout()
        ctx.exit(EXIT_BROKEN_PIPE)
    except OSError as exc:
        click.echo(f"cleantext: error: cannot write {exc.filename or 'output'}: {exc.strerror or exc}", err=True)
        ctx.exit(1)
    if not quiet:
        click.echo(run.stats.line(), err=True)
    ctx.exit(1 if run.stats.n_skipped else 0)


def _terminate_as_interrupt() -> Any:
    """Let ``kill`` (SIGTERM) stop a run the way Ctrl-C does: outputs closed, checkpoint kept."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, handler)


def _restore_signal(previous: Any) -> None:
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


def _engine_results(cleaner: Cleaner, docs: Iterator[Document], *, engine: str, jobs: int,
                    ray_address: str | None) -> Iterator[CleanResult]:
    """Results in input order from the chosen engine; reading and writing stay here, so outputs are identical."""
    if engine != "ray":
        return cleaner.clean_many(docs, jobs=jobs)
    try:
        from .integrations import ray as ray_engine
    except ImportError as exc:
        raise click.UsageError(f"--engine ray needs Ray: pip install 'cleantext-repair[ray]' ({exc})") from None
    return ray_engine.clean_many(cleaner, docs, address=ray_address)


def _progress(results: Iterator[CleanResult], *, quiet: bool) -> Iterator[CleanResult]:
    """A progress bar on stderr for runs long enough to want one (shown after a second), never when piped."""
    if quiet or not sys.stderr.isatty():
        return results
    from tqdm import tqdm

    return iter(tqdm(results, unit="doc", delay=1.0, file=sys.stderr, dynamic_ncols=True))


@main.command(name="passes")
def list_passes() -> None:
    """List the passes in pipeline order, with their rule kinds and the shipped rules they run."""
    from .cleaner import default_ruleset
    from .kinds import kinds_of_pass

    shipped = default_ruleset()
    defaults = default_passes()
    for name in pipeline_order():
        cls = PASSES.get(name)
        kinds = ", ".join(k.name for k in kinds_of_pass(name))
        if name == "names":
            n = sum(len(g.entities) for g in shipped.gazetteers)
            detail = f"gazetteers ('entities:' files): {len(shipped.gazetteers)} shipped, {n} entities"
        elif kinds:
            detail = f"kinds: {kinds}; {len(shipped.for_pass(name))} shipped rules"
        else:
            detail = "built in (no rule files)"
        if name not in defaults:
            detail += "; runs only when named (--passes)"
        click.echo(f"{name:<12} {cls.description}\n{'':<12} {detail}")


main.add_command(rules)
