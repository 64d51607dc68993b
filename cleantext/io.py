"""Reading inputs and writing outputs without losing anything.

* Text files are decoded strictly: a file that is not valid UTF-8 is an error that names the byte
  offset and suggests ``--encoding``, never a silently mangled document. Byte-order marks choose
  UTF-8, UTF-16 or UTF-32 themselves.
* JSON Lines are streamed line by line; a line that cannot be used is returned as a :class:`Reject`
  carrying its raw bytes, so the caller can copy it unchanged to a rejects file.
* Outputs are written to a temporary file beside the target and renamed into place, so an interrupted
  run never leaves a half-written file that looks complete.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .errors import CleantextError

#: bytes looked at to tell a binary file from text
SNIFF_BYTES = 8192

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class InputError(CleantextError):
    """An input (file, line) that cannot be cleaned; says what and where."""

    def __init__(self, path: str, message: str, *, line: int | None = None, hint: str = "") -> None:
        self.path = path
        self.line = line
        self.message = message
        self.hint = hint
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}" + (f" ({hint})" if hint else ""))


class BinaryInputError(InputError):
    """The file holds binary data, not text."""


def sniff_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def looks_binary(head: bytes) -> bool:
    """NUL bytes do not occur in text in any 8-bit encoding or in UTF-8."""
    return b"\x00" in head


def guess_legacy_encoding(data: bytes) -> str:
    """A hint for a file that is not UTF-8: Windows-1252 if its bytes fit, else Latin-1."""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1"
    return "cp1252"


def decode_bytes(data: bytes, path: str, *, encoding: str | None = None) -> str:
    """Decode a whole file's bytes; raise InputError naming the byte offset when that fails."""
    bom_encoding = sniff_encoding(data)
    if encoding is None and bom_encoding is None and looks_binary(data[:SNIFF_BYTES]):
        raise BinaryInputError(path, "binary file (contains NUL bytes), skipped")
    chosen = encoding or bom_encoding or "utf-8"
    try:
        return data.decode(chosen)
    except LookupError:
        raise InputError(path, f"unknown encoding {chosen!r}", hint="see Python's list of standard encodings") from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            path,
            f"not valid {chosen}: byte 0x{data[exc.start]:02x} at offset {exc.start} (line {line}) {exc.reason}",
            hint=f"it looks like {guess_legacy_encoding(data)}: pass --encoding {guess_legacy_encoding(data)}"
            if encoding is None else "",
        ) from None


def read_text_file(path: Path, *, encoding: str | None = None) -> str:
    """A text file's content, decoded strictly."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    return decode_bytes(data, str(path), encoding=encoding)


@dataclass(frozen=True, slots=True)
class JsonRecord:
    """One usable JSON Lines record."""

    line: int
    record: dict[str, Any]
    text: str


@dataclass(frozen=True, slots=True)
class Reject:
    """A JSON Lines line that could not be cleaned, with its raw bytes kept for the rejects file."""

    line: int
    raw: bytes
    reason: str


def read_jsonl(stream: IO[bytes], path: str, *, text_field: str = "text",
               encoding: str = "utf-8") -> Iterator[JsonRecord | Reject]:
    """Records of a JSON Lines stream, one line in memory at a time; blank lines are passed over."""
    for number, raw in enumerate(stream, start=1):
        body = raw.rstrip(b"\r\n")
        if not body.strip():
            continue
        try:
            line = body.decode(encoding)
        except UnicodeDecodeError as exc:
            yield Reject(number, raw, f"not valid {encoding} at byte {exc.start} of the line")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Reject(number, raw, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield Reject(number, raw, "malformed JSON: nested too deeply")
            continue
        if not isinstance(record, dict):
            yield Reject(number, raw, f"expected a JSON object, got {type(record).__name__}")
            continue
        if text_field not in record:
            yield Reject(number, raw, f"no {text_field!r} field (choose the field with --text-field)")
            continue
        text = record[text_field]
        if not isinstance(text, str):
            yield Reject(number, raw, f"field {text_field!r} is {type(text).__name__}, not a string")
            continue
        yield JsonRecord(number, record, text)


def dump_json_line(record: dict[str, Any]) -> str:
    """One JSON object on one line; falls back to ASCII escapes for text UTF-8 cannot carry."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates in some field: escape them rather than fail
        line = json.dumps(record, ensure_ascii=True)
    return line


@contextlib.contextmanager
def atomic_writer(path: Path, *, mode: str = "w") -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` and rename it into place only when done."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if "b" in mode:
            f: IO[Any] = os.fdopen(fd, mode)
        else:
            f = os.fdopen(fd, mode, encoding="utf-8", errors="surrogateescape", newline="")
        with f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    with atomic_writer(path) as f:
        f.write(text)


def text_files_below(folder: Path, suffix: str = ".txt") -> list[Path]:
    """Files with ``suffix`` below a folder, recursively, in a stable order."""
    return sorted(p for p in folder.rglob(f"*{suffix}") if p.is_file())
