"""The ``cleantext`` command line."""

from __future__ import annotations

import sys
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import click

from . import __version__
from .cleaner import Cleaner
from .document import CleanResult, Document
from .edits import edits_to_jsonl
from .errors import CleantextError, RuleError
from .explain import explain, summary
from .io import (
    BinaryInputError,
    InputError,
    JsonRecord,
    Reject,
    atomic_writer,
    decode_bytes,
    dump_json_line,
    read_jsonl,
    read_text_file,
    text_files_below,
    write_text_atomic,
)
from .options import Options
from .passes import PASSES, PIPELINE_ORDER
from .rules_cli import rules

EPILOG = """\b
Examples:
  cleantext clean article.txt                    clean one file to stdout
  cat page.txt | cleantext clean                 stdin to stdout
  cleantext clean seeds -o cleaned --explain     a folder of .txt files, mirrored into cleaned/
  cleantext clean news.jsonl -o clean.jsonl      JSON Lines: cleans the "text" field, keeps the rest
  cleantext clean a.txt --edits edits.jsonl      write the edit log (replays to the output exactly)
  cleantext clean a.txt --rules my_names.yaml    add your rules or gazetteer to the defaults

\b
Exit status: 0 all inputs cleaned; 1 some input was skipped (the rest was
cleaned, each problem reported on stderr); 2 usage or rule-file error.
"""


def _split_names(values: tuple[str, ...]) -> list[str]:
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


def _check_passes(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> list[str]:
    names = _split_names(value)
    for n in names:
        if n not in PASSES:
            raise click.BadParameter(PASSES.unknown_message(n), ctx=ctx, param=param)
    return names


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    skipped: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def add(self, result: CleanResult) -> None:
        self.docs += 1
        self.changed += result.changed
        self.edits += len(result.edits)
        self.removed_lines += sum(e.old.count("\n") or 1 for e in result.removed_lines())

    def line(self) -> str:
        secs = time.monotonic() - self.started
        out = (f"cleantext: cleaned {_n(self.docs, 'document')} ({self.changed} changed, "
               f"{_n(self.edits, 'edit')}, {_n(self.removed_lines, 'line')} removed) in {secs:.1f}s")
        if self.skipped:
            out += f"; {len(self.skipped)} input{'s' if len(self.skipped) != 1 else ''} skipped (see above)"
        return out


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


@dataclass(frozen=True)
class Task:
    """Where a cleaned document goes once its result comes back."""

    name: str
    dest: Path | None = None  # None: stdout
    record: dict[str, Any] | None = None  # JSON Lines: the record whose text field is replaced


class Run:
    """One invocation of ``clean``: reads inputs lazily, cleans them in order, writes results."""

    def __init__(self, *, cleaner: Cleaner, out: Path | None, fmt: str, text_field: str, encoding: str | None,
                 explain_: bool, edits_file: IO[str] | None, report_file: IO[str] | None, annotate: bool,
                 rejects: Path | None, jobs: int, quiet: bool) -> None:
        self.cleaner = cleaner
        self.out = out
        self.fmt = fmt
        self.text_field = text_field
        self.encoding = encoding
        self.explain = explain_
        self.edits_file = edits_file
        self.report_file = report_file
        self.annotate = annotate
        self.rejects = rejects
        self.jobs = jobs
        self.quiet = quiet
        self.stats = RunStats()
        self.pending: deque[Task] = deque()
        self._jsonl_out: IO[str] | None = None
        self._rejects_out: IO[bytes] | None = None
        self._rejects_ctx: Any = None

    # -- reporting -------------------------------------------------------------------------------------
    def skip(self, message: str) -> None:
        self.stats.skipped.append(message)
        click.echo(f"cleantext: error: {message}", err=True)

    def warn(self, message: str) -> None:
        self.stats.skipped.append(message)
        click.echo(f"cleantext: warning: {message}", err=True)

    # -- inputs ----------------------------------------------------------------------------------------
    def documents(self, inputs: list[str]) -> Iterator[Document]:
        for name in inputs:
            if name == "-":
                yield from self._stdin()
                continue
            path = Path(name)
            if path.is_dir():
                yield from self._folder(path)
            elif not path.exists():
                self.skip(f"{name}: no such file or folder")
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
        data = sys.stdin.buffer.read() if self.fmt != "jsonl" else b""
        if self.fmt == "jsonl":
            yield from self._jsonl_stream(sys.stdin.buffer, "<stdin>")
            return
        try:
            text = decode_bytes(data, "<stdin>", encoding=self.encoding)
        except InputError as exc:
            self.skip(str(exc))
            return
        self.pending.append(Task("<stdin>", self.out))
        yield Document(text=text, id="<stdin>")

    def _folder(self, folder: Path) -> Iterator[Document]:
        assert self.out is not None  # checked before the run starts
        for path in text_files_below(folder):
            yield from self._text_file(path, self.out / path.relative_to(folder))

    def _text_file(self, path: Path, dest: Path | None) -> Iterator[Document]:
        try:
            text = read_text_file(path, encoding=self.encoding)
        except BinaryInputError as exc:
            self.warn(str(exc))
            return
        except InputError as exc:
            self.skip(str(exc))
            return
        self.pending.append(Task(str(path), dest))
        yield Document(text=text, id=str(path))

    def _jsonl_file(self, path: Path) -> Iterator[Document]:
        try:
            stream = path.open("rb")
        except OSError as exc:
            self.skip(f"{path}: cannot read: {exc.strerror or exc}")
            return
        with stream:
            yield from self._jsonl_stream(stream, str(path))

    def _jsonl_stream(self, stream: IO[bytes], name: str) -> Iterator[Document]:
        for item in read_jsonl(stream, name, text_field=self.text_field, encoding=self.encoding or "utf-8"):
            if isinstance(item, Reject):
                self._reject(name, item)
                continue
            assert isinstance(item, JsonRecord)
            doc_id = str(item.record.get("id", f"{name}:{item.line}"))
            self.pending.append(Task(f"{name}:{item.line}", None, item.record))
            yield Document(text=item.text, id=doc_id)

    def _reject(self, name: str, item: Reject) -> None:
        if self._rejects_out is None:
            target = self.rejects or Path(Path(name).stem + ".rejects.jsonl")
            self.rejects = target
            self._rejects_ctx = atomic_writer(target, mode="wb")
            self._rejects_out = self._rejects_ctx.__enter__()
        assert self._rejects_out is not None
        self._rejects_out.write(item.raw if item.raw.endswith(b"\n") else item.raw + b"\n")
        self.skip(f"{name}:{item.line}: {item.reason}; line copied unchanged to {self.rejects}")

    # -- outputs ---------------------------------------------------------------------------------------
    def emit(self, result: CleanResult) -> None:
        task = self.pending.popleft()
        self.stats.add(result)
        if self.explain:
            click.echo(explain(result, name=task.name, style=click.style),
                       err=task.dest is None and task.record is None and self.out is None)
        if self.edits_file is not None:
            for line in edits_to_jsonl(result.id, result.edits):
                self.edits_file.write(line + "\n")
        if self.report_file is not None:
            self.report_file.write(dump_json_line(self._report(result)) + "\n")
        if task.record is not None:
            record = dict(task.record)
            record[self.text_field] = result.text
            if self.annotate:
                record["cleantext"] = self._report(result)
            self._jsonl(dump_json_line(record) + "\n")
        elif task.dest is not None:
            write_text_atomic(task.dest, result.text)
        else:
            sys.stdout.buffer.write(result.text.encode("utf-8", errors="replace"))
            sys.stdout.buffer.flush()

    def _report(self, result: CleanResult) -> dict[str, Any]:
        return {
            "doc": result.id,
            "summary": summary(result),
            "reports": result.reports,
            "mentions": [m.to_dict() for m in result.mentions],
        }

    def _jsonl(self, line: str) -> None:
        if self._jsonl_out is None:
            if self.out is None:
                self._jsonl_out = sys.stdout
            else:
                self._jsonl_ctx = atomic_writer(self.out)
                self._jsonl_out = self._jsonl_ctx.__enter__()
        self._jsonl_out.write(line)

    def finish(self, ok: bool) -> None:
        """Close outputs: renamed into place when the run completed, discarded when it was interrupted."""
        exc = (None, None, None) if ok else (KeyboardInterrupt, KeyboardInterrupt(), None)
        if self._jsonl_out is not None and self._jsonl_out is not sys.stdout:
            self._jsonl_ctx.__exit__(*exc)
        elif self._jsonl_out is not None:
            self._jsonl_out.flush()
        if self._rejects_ctx is not None:
            self._rejects_ctx.__exit__(None, None, None)  # rejects are kept even when interrupted


@main.command(epilog=EPILOG)
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file, or folder (required for folder inputs and several files; mirrors the tree).")
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "jsonl"]), default="auto", show_default=True,
              help="Input format; auto: JSON Lines for .jsonl/.ndjson files, text otherwise.")
@click.option("--text-field", default="text", show_default=True, help="JSON Lines field that holds the text.")
@click.option("--encoding", help="Encoding of the input files (default: UTF-8, or what a byte-order mark says).")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(path_type=Path),
              help="Rule file, gazetteer, or folder of them, added to the defaults. Repeatable.")
@click.option("--no-default-rules", is_flag=True, help="Leave the shipped rules out (use only --rules).")
@click.option("--passes", "passes", multiple=True, callback=_check_passes,
              help=f"Run only these passes (comma-separated or repeated). Passes: {', '.join(PIPELINE_ORDER)}.")
@click.option("--skip", multiple=True, callback=_check_passes, help="Leave these passes out.")
@click.option("--source-lang", help="Treat documents as machine-translated from this language (e.g. fr); "
              "default: detect per document.")
@click.option("--apply-low-confidence", is_flag=True, help="Apply low-confidence repairs too (default: report them).")
@click.option("--explain", "explain_", is_flag=True,
              help="Show every edit with its pass, rule, line and reason (on stderr when the text goes to stdout).")
@click.option("--edits", "edits_path", type=click.Path(path_type=Path),
              help="Write the edit log as JSON Lines (doc, pass, rule, start, end, old, new, reason).")
@click.option("--report", "report_path", type=click.Path(path_type=Path),
              help="Write a per-document report as JSON Lines (pass reports, entity mentions).")
@click.option("--annotate", is_flag=True, help="JSON Lines output: add a 'cleantext' field with reports and mentions.")
@click.option("--rejects", type=click.Path(path_type=Path),
              help="Where unusable JSON Lines lines are copied (default: INPUT-STEM.rejects.jsonl).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Clean in this many worker processes.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary (errors are still shown).")
def clean(inputs: tuple[str, ...], output: Path | None, fmt: str, text_field: str, encoding: str | None,
          rule_paths: tuple[Path, ...], no_default_rules: bool, passes: list[str], skip: list[str],
          source_lang: str | None, apply_low_confidence: bool, explain_: bool, edits_path: Path | None,
          report_path: Path | None, annotate: bool, rejects: Path | None, jobs: int, quiet: bool) -> None:
    """Clean text files, folders, JSON Lines or stdin.

    With no INPUT or with -, reads stdin and writes stdout. A file is written
    to stdout or to -o FILE. A folder is cleaned recursively (every .txt) into
    the folder given by -o, mirroring its tree. Problems with an input are
    reported with the file (and line) and the run goes on with the rest.
    """
    names = list(inputs) or ["-"]
    ctx = click.get_current_context()
    several = len(names) > 1 or any(Path(n).is_dir() for n in names if n != "-")
    if several and output is None and fmt != "jsonl" and not all(n.endswith((".jsonl", ".ndjson")) for n in names):
        raise click.UsageError("several inputs or a folder need -o FOLDER for the cleaned files", ctx=ctx)
    if several and output is not None and output.exists() and not output.is_dir():
        raise click.UsageError(f"-o {output} is a file; several inputs or a folder need a folder", ctx=ctx)
    if several and output is not None and not any(n.endswith((".jsonl", ".ndjson")) for n in names):
        output.mkdir(parents=True, exist_ok=True)
    options = Options(source_lang=source_lang, apply_low_confidence=apply_low_confidence)
    try:
        cleaner = Cleaner(rules=list(rule_paths) or None, default_rules=not no_default_rules,
                          passes=passes or None, skip=skip, options=options)
    except RuleError as exc:
        click.echo(f"cleantext: error: {exc}", err=True)
        ctx.exit(2)
    except CleantextError as exc:
        raise click.UsageError(str(exc), ctx=ctx) from None

    with _maybe_open(edits_path) as edits_file, _maybe_open(report_path) as report_file:
        run = Run(cleaner=cleaner, out=output, fmt=fmt, text_field=text_field, encoding=encoding, explain_=explain_,
                  edits_file=edits_file, report_file=report_file, annotate=annotate, rejects=rejects, jobs=jobs,
                  quiet=quiet)
        ok = False
        try:
            results = cleaner.clean_many(run.documents(names), jobs=jobs)
            for result in _progress(results, quiet=quiet):
                run.emit(result)
            ok = True
        finally:
            run.finish(ok)
    if not quiet:
        click.echo(run.stats.line(), err=True)
    ctx.exit(1 if run.stats.skipped else 0)


def _progress(results: Iterator[CleanResult], *, quiet: bool) -> Iterator[CleanResult]:
    """A progress bar on stderr for runs long enough to want one (shown after a second), never when piped."""
    if quiet or not sys.stderr.isatty():
        return results
    from tqdm import tqdm

    return iter(tqdm(results, unit="doc", delay=1.0, file=sys.stderr, dynamic_ncols=True))


class _maybe_open:
    """An atomically written text file when a path is given, else nothing."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._ctx: Any = None

    def __enter__(self) -> IO[str] | None:
        if self.path is None:
            return None
        self._ctx = atomic_writer(self.path)
        f: IO[str] = self._ctx.__enter__()
        return f

    def __exit__(self, *exc: Any) -> None:
        if self._ctx is not None:
            self._ctx.__exit__(*exc)


@main.command(name="passes")
def list_passes() -> None:
    """List the passes in pipeline order, with the rule kinds each one runs."""
    from .kinds import kinds_of_pass

    for name in PIPELINE_ORDER:
        cls = PASSES.get(name)
        kinds = ", ".join(k.name for k in kinds_of_pass(name)) or "-"
        click.echo(f"{name:<12} {cls.description}\n{'':<12} kinds: {kinds}")


main.add_command(rules)
