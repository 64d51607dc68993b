"""The reader of ``cleantext clean`` (and ``rules try --corpus``): inputs to documents, each with its origin.

Inputs are files, folders (the files ``--glob`` selects), JSON Lines files or stdin. Each document comes
with an :class:`Origin` that says where its result goes (a mirrored file, a JSON Lines stream and the
record whose text field it replaces, or stdout), so the writer needs nothing else from the reader.
What cannot be read is reported on stderr, counted by category, and passed over; the run goes on.
Files are read lazily, one at a time, as the cleaner asks for documents.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

import click

from .document import BatchContext, Document
from .io import (
    DEFAULT_GLOBS,
    DEFAULT_MAX_DOC_BYTES,
    BinaryInputError,
    InputError,
    Reject,
    decode_bytes,
    files_below,
    looks_like_jsonl,
    read_jsonl,
    read_text_file,
)


@dataclass(frozen=True)
class Origin:
    """Where a document came from, and so where its cleaned text goes."""

    name: str
    dest: Path | None = None  # None: stdout, or the JSON Lines stream ``stream``
    record: dict[str, Any] | None = None  # JSON Lines: the record whose text field is replaced
    stream: Path | None = None  # JSON Lines: the output file (None: stdout)
    source: str = ""  # JSON Lines: the input file the record is a line of ("": ``name`` is the file)


class RejectSink(Protocol):
    """Takes a JSON Lines line that is not a usable record and says what became of it."""

    def take(self, name: str, item: Reject, target: Path | None) -> str: ...


class ReportOnly:
    """Rejected lines are reported, not copied anywhere (nothing is written: ``rules try``)."""

    def take(self, name: str, item: Reject, target: Path | None) -> str:
        return f"{name}:{item.line}: {item.reason}; line not copied"


@dataclass(frozen=True)
class ReadSettings:
    """How inputs are read and where their outputs are meant to go (``-o``)."""

    out: Path | None = None
    fmt: str = "auto"
    text_field: str = "text"
    encoding: str | None = None
    max_doc_bytes: int | None = DEFAULT_MAX_DOC_BYTES
    globs: tuple[str, ...] = DEFAULT_GLOBS
    quiet: bool = False


@dataclass
class Reader:
    """Reads inputs in order; ``skipped`` counts what could not be read, by category."""

    settings: ReadSettings = field(default_factory=ReadSettings)
    rejects: RejectSink = field(default_factory=ReportOnly)
    #: --site-batch: what the boilerplate pass knows of the whole batch, given to every document
    batch: BatchContext | None = None
    skipped: Counter[str] = field(default_factory=Counter)
    #: reading without reporting or counting (see texts)
    silent: bool = False

    # -- what can go wrong -------------------------------------------------------------------------------
    def skip(self, message: str, category: str = "unreadable") -> None:
        if not self.silent:
            self.skipped[category] += 1
            click.echo(f"cleantext: error: {message}", err=True)

    def warn(self, message: str, category: str = "binary") -> None:
        if not self.silent:
            self.skipped[category] += 1
            click.echo(f"cleantext: warning: {message}", err=True)

    def _input_error(self, exc: InputError) -> None:
        if isinstance(exc, BinaryInputError):
            self.warn(str(exc), exc.category)
        else:
            self.skip(str(exc), exc.category)

    # -- the three ways to read --------------------------------------------------------------------------
    def read(self, inputs: list[str]) -> Iterator[tuple[Origin, Document]]:
        """Every document of ``inputs``, in order, with its origin."""
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

    def texts(self, inputs: list[str]) -> Iterator[str]:
        """The texts of ``inputs``, read exactly as :meth:`read` reads them, reporting and counting nothing: the
        first look at the batch that ``--site-batch`` takes. What cannot be read is passed over here; the run
        itself reports it."""
        self.silent = True
        try:
            for _, doc in self.read(inputs):
                yield doc.text
        finally:
            self.silent = False

    def named_texts(self, inputs: list[str]) -> Iterator[tuple[str, str, str]]:
        """(file, name, text) of each document of ``inputs`` (its name: the file's path, or ``path:line`` for a
        JSON Lines record): the reader of ``rules try --corpus``."""
        for origin, doc in self.read(inputs):
            yield origin.source or origin.name, origin.name, doc.text

    # -- sources -----------------------------------------------------------------------------------------
    def _is_jsonl(self, path: Path) -> bool:
        fmt = self.settings.fmt
        return fmt == "jsonl" or (fmt == "auto" and path.suffix.lower() in (".jsonl", ".ndjson"))

    def _dest_for_file(self, path: Path) -> Path | None:
        out = self.settings.out
        if out is None:
            return None
        return out / path.name if out.is_dir() else out

    def _stdin(self) -> Iterator[tuple[Origin, Document]]:
        s = self.settings
        if s.fmt == "jsonl":
            yield from self._jsonl_stream(sys.stdin.buffer, "<stdin>", s.out)
            return
        data = sys.stdin.buffer.read()
        try:
            text = decode_bytes(data, "<stdin>", encoding=s.encoding)
        except InputError as exc:
            self._input_error(exc)
            return
        if not self.silent and looks_like_jsonl(text, s.text_field):
            click.echo("cleantext: hint: stdin looks like JSON Lines: use --format jsonl (it is read as text "
                       "unless told)", err=True)
        yield Origin("<stdin>", s.out), Document(text=text, id="<stdin>", batch=self.batch)

    def _folder(self, folder: Path) -> Iterator[tuple[Origin, Document]]:
        """The files below ``folder`` that ``--glob`` selects, written under ``-o`` at the same relative path
        (no ``-o``: only read, as ``rules try`` does); says how many files the globs left out."""
        s = self.settings
        try:
            files = files_below(folder, s.globs)
        except OSError as exc:
            self.skip(f"{folder}: cannot list: {exc.strerror or exc}", "unreadable")
            return
        note = files.left_out_message(folder, s.globs)
        if note is not None and not s.quiet and not self.silent:
            click.echo(f"cleantext: note: {note}", err=True)
        for path in files.selected:
            dest = None if s.out is None else s.out / path.relative_to(folder)
            if self._is_jsonl(path):
                yield from self._jsonl_file(path, dest)
            else:
                yield from self._text_file(path, dest)

    def _text_file(self, path: Path, dest: Path | None) -> Iterator[tuple[Origin, Document]]:
        try:
            text = read_text_file(path, encoding=self.settings.encoding, max_bytes=self.settings.max_doc_bytes)
        except InputError as exc:
            self._input_error(exc)
            return
        yield Origin(str(path), dest), Document(text=text, id=str(path), batch=self.batch)

    def _jsonl_file(self, path: Path, target: Path | None = None) -> Iterator[tuple[Origin, Document]]:
        """A JSON Lines file's records, written to ``target`` (a file in a folder input: its mirrored path)."""
        try:
            stream = path.open("rb")
        except OSError as exc:
            self.skip(f"{path}: cannot read: {exc.strerror or exc}", "unreadable")
            return
        out = self.settings.out
        if target is None:
            # several JSON Lines inputs into an output folder: one output file each, named like the input
            target = out / path.name if out is not None and out.is_dir() else out
        with stream:
            yield from self._jsonl_stream(stream, str(path), target)

    def _jsonl_stream(self, stream: IO[bytes], name: str, target: Path | None) -> Iterator[tuple[Origin, Document]]:
        s = self.settings
        items = read_jsonl(stream, name, text_field=s.text_field, encoding=s.encoding or "utf-8",
                           max_line_bytes=s.max_doc_bytes)
        try:
            for item in items:
                if isinstance(item, Reject):
                    if not self.silent:
                        self.skip(self.rejects.take(name, item, target), "rejected_line")
                    continue
                doc_id = str(item.record.get("id", f"{name}:{item.line}"))
                origin = Origin(f"{name}:{item.line}", None, item.record, target, source=name)
                yield origin, Document(text=item.text, id=doc_id, batch=self.batch)
        except InputError as exc:  # the stream itself failed part-way: the rest of this input is lost to us
            self._input_error(exc)
