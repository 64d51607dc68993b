"""Reading inputs without losing anything (writing outputs is :mod:`cleantext.writes`).

* Text files are decoded strictly: a file that is not valid UTF-8 is an error that names the byte
  offset and suggests ``--encoding``, never a silently mangled document. Byte-order marks choose
  UTF-8, UTF-16 or UTF-32 themselves.
* JSON Lines are streamed line by line; a line that cannot be used is returned as a :class:`Reject`
  carrying its raw bytes, so the caller can copy it unchanged to a rejects file.
* Folder inputs are read for the files some glob selects; what was left out is counted.
* Nothing is read whole that could be enormous: JSON Lines lines and text files over a size limit
  are refused (the line's bytes are still streamed to the rejects file, chunk by chunk).
"""

from __future__ import annotations

import codecs
import fnmatch
import json
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .errors import CleantextError

#: bytes looked at to tell a binary file from text
SNIFF_BYTES = 8192
#: default size limit of one document (a text file or a JSON Lines line), in bytes
DEFAULT_MAX_DOC_BYTES = 64 * 1024 * 1024
#: how much of an over-long JSON Lines line is held in memory at once while it is copied to the rejects file
_CHUNK = 1024 * 1024
# Encodings in which b"\n" is not a line end: JSON Lines cannot be split in them byte-wise.
_WIDE = ("utf-16", "utf-32", "utf_16", "utf_32", "utf16", "utf32")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class InputError(CleantextError):
    """An input (file, line) that cannot be cleaned; says what and where."""

    def __init__(self, path: str, message: str, *, line: int | None = None, hint: str = "",
                 category: str = "unreadable") -> None:
        self.path = path
        self.line = line
        self.message = message
        self.hint = hint
        #: for the end-of-run summary: unreadable, not_decodable, binary, too_large, resume
        self.category = category
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
        raise BinaryInputError(path, "binary file (contains NUL bytes), skipped", category="binary")
    chosen = encoding or bom_encoding or "utf-8"
    try:
        return data.decode(chosen)
    except LookupError:
        raise InputError(path, f"unknown encoding {chosen!r}", hint="see Python's list of standard encodings",
                         category="not_decodable") from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            path,
            f"not valid {chosen}: byte 0x{data[exc.start]:02x} at offset {exc.start} (line {line}) {exc.reason}",
            hint=f"it looks like {guess_legacy_encoding(data)}: pass --encoding {guess_legacy_encoding(data)}"
            if encoding is None else "",
            category="not_decodable",
        ) from None


def read_text_file(path: Path, *, encoding: str | None = None, max_bytes: int | None = None) -> str:
    """A text file's content, decoded strictly; files over ``max_bytes`` are refused, not read."""
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            # read one byte past the limit: the file may have grown since fstat
            data = f.read() if max_bytes is None else f.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(str(path), f"too large: {max(size, len(data))} bytes, over the limit of {max_bytes}",
                         hint="raise it with --max-doc-bytes", category="too_large")
    return decode_bytes(data, str(path), encoding=encoding)


@dataclass(frozen=True, slots=True)
class JsonRecord:
    """One usable JSON Lines record."""

    line: int
    record: dict[str, Any]
    text: str


@dataclass(frozen=True, slots=True)
class Reject:
    """A JSON Lines line that could not be cleaned, with its raw bytes kept for the rejects file.

    For a line over the size limit, ``raw`` is its first part and ``tail`` yields the rest in chunks;
    a caller that copies the line must drain ``tail`` before asking for the next record.
    """

    line: int
    raw: bytes
    reason: str
    tail: Iterator[bytes] | None = field(default=None, compare=False)

    def chunks(self) -> Iterator[bytes]:
        """The whole line, newline-terminated, in pieces of bounded size."""
        yield self.raw
        last = self.raw
        for chunk in self.tail or ():
            yield chunk
            last = chunk
        if not last.endswith(b"\n"):
            yield b"\n"


def read_jsonl(stream: IO[bytes], path: str, *, text_field: str = "text", encoding: str = "utf-8",
               max_line_bytes: int | None = None) -> Iterator[JsonRecord | Reject]:
    """Records of a JSON Lines stream, one line in memory at a time; blank lines are passed over.

    Raises InputError (naming the line) when the stream itself fails: an encoding JSON Lines cannot
    be split in, or a read error part-way (a vanished network mount, a disk error).
    """
    if encoding.lower().replace("-", "_").startswith(_WIDE):
        raise InputError(path, f"JSON Lines in {encoding} cannot be read line by line",
                         hint="convert it to UTF-8 first, e.g. iconv -f UTF-16 -t UTF-8", category="not_decodable")
    number = 0
    while True:
        raw = _readline(stream, path, number + 1, max_line_bytes)
        if not raw:
            return
        number += 1
        if number == 1:
            _check_first_line(raw, path)
        if max_line_bytes is not None and len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            tail = _rest_of_line(stream, path, number)
            yield Reject(number, raw, f"line longer than {max_line_bytes} bytes (raise it with --max-doc-bytes)",
                         tail=tail)
            for _ in tail:  # whatever the caller did not copy is still skipped, never parsed
                pass
            continue
        body = raw.rstrip(b"\r\n")
        if number == 1 and body.startswith(codecs.BOM_UTF8):  # Windows tools write one; JSON does not allow it
            body = body[len(codecs.BOM_UTF8) :]
        if not body.strip():
            continue
        yield _record(number, raw, body, path=path, text_field=text_field, encoding=encoding)


def _check_first_line(raw: bytes, path: str) -> None:
    """A UTF-16 or UTF-32 byte-order mark: the file cannot be split into lines byte-wise."""
    bom = sniff_encoding(raw)
    if bom is not None and bom != "utf-8-sig":
        raise InputError(path, f"JSON Lines file starts with a {bom} byte-order mark",
                         hint="convert it to UTF-8 first, e.g. iconv -f UTF-16 -t UTF-8",
                         category="not_decodable")


def _record(number: int, raw: bytes, body: bytes, *, path: str, text_field: str,
            encoding: str) -> JsonRecord | Reject:
    """One non-blank line decoded and parsed: a record with a string ``text_field``, or why not."""
    try:
        line = body.decode(encoding)
    except UnicodeDecodeError as exc:
        hint = f"; pass --encoding {guess_legacy_encoding(body)}?" if encoding.lower() in ("utf-8", "utf8") else ""
        return Reject(number, raw, f"not valid {encoding} at byte {exc.start} of the line{hint}")
    except LookupError:
        raise InputError(path, f"unknown encoding {encoding!r}",
                         hint="see Python's list of standard encodings", category="not_decodable") from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Reject(number, raw, f"malformed JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return Reject(number, raw, "malformed JSON: nested too deeply")
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        return Reject(number, raw, f"unusable JSON: {exc}")
    if not isinstance(record, dict):
        return Reject(number, raw, f"expected a JSON object, got {type(record).__name__}")
    if text_field not in record:
        return Reject(number, raw, f"no {text_field!r} field (choose the field with --text-field)")
    text = record[text_field]
    if not isinstance(text, str):
        return Reject(number, raw, f"field {text_field!r} is {type(text).__name__}, not a string")
    return JsonRecord(number, record, text)


def _readline(stream: IO[bytes], path: str, number: int, limit: int | None) -> bytes:
    try:
        # one byte more than the limit, so a line of exactly the limit (plus its newline) still fits
        return stream.readline(-1 if limit is None else limit + 1)
    except OSError as exc:
        raise InputError(path, f"read failed: {exc.strerror or exc}", line=number) from None


def _rest_of_line(stream: IO[bytes], path: str, number: int) -> Iterator[bytes]:
    while True:
        chunk = _readline(stream, path, number, _CHUNK)
        if not chunk:
            return
        yield chunk
        if chunk.endswith(b"\n"):
            return


def looks_like_jsonl(text: str, text_field: str = "text") -> bool:
    """Whether a text read as plain text starts like JSON Lines: its first line is a JSON object with ``text_field``."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    if not first.startswith("{"):
        return False
    try:
        record = json.loads(first)
    except (ValueError, RecursionError):
        return False
    return isinstance(record, dict) and text_field in record


def dump_json_line(record: dict[str, Any]) -> str:
    """One JSON object on one line; falls back to ASCII escapes for text UTF-8 cannot carry."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates in some field: escape them rather than fail
        line = json.dumps(record, ensure_ascii=True)
    return line


#: the files a folder input is read for when no ``--glob`` is given
DEFAULT_GLOBS = ("*.txt",)


@dataclass(frozen=True, slots=True)
class FolderFiles:
    """The files below a folder that some glob selects, and how many of the others were left out, by extension."""

    selected: list[Path]
    left_out: Counter[str]

    def left_out_message(self, folder: Path, globs: Sequence[str]) -> str | None:
        """What was left out, e.g. ``skipped 3 files not matching *.txt (2 .md, 1 .jsonl): use --glob``."""
        n = sum(self.left_out.values())
        if not n:
            return None
        kinds = ", ".join(f"{count} {ext}" for ext, count in sorted(self.left_out.items(),
                                                                    key=lambda item: (-item[1], item[0])))
        files = f"{n} file{'s' if n != 1 else ''}"
        return f"{folder}: skipped {files} not matching {' or '.join(globs)} ({kinds}): use --glob"


def files_below(folder: Path, globs: Sequence[str] = DEFAULT_GLOBS) -> FolderFiles:
    """Files below a folder, recursively, whose name matches one of ``globs``, in a stable order."""
    selected: list[Path] = []
    left_out: Counter[str] = Counter()
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if any(fnmatch.fnmatch(path.name, g) for g in globs):
            selected.append(path)
        else:
            left_out[path.suffix.lower() or "(no extension)"] += 1
    return FolderFiles(selected, left_out)

