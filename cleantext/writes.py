"""Writing outputs without losing anything.

Outputs are written to a temporary file beside the target and renamed into place, so an interrupted
run never leaves a half-written file that looks complete. :class:`PartialWriter` uses a fixed
temporary name and :class:`Checkpoint` records how far it got, so a killed run can be resumed. A FIFO,
a device or stdout is written into in place (:class:`DirectWriter`): renaming over it would replace it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from .io import InputError

#: how text outputs are encoded
_TEXT: dict[str, Any] = {"encoding": "utf-8", "errors": "surrogateescape", "newline": ""}


def write_target(path: Path) -> Path:
    """The file a write to ``path`` goes to: a symlink's target (the link is kept), else ``path`` itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def is_special(path: Path) -> bool:
    """Whether ``path`` is (or links to) something that is not a regular file or folder: a FIFO, a device,
    a socket. Such a path is written into in place; renaming a new file over it would replace it."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # a new path: written atomically
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


@contextlib.contextmanager
def atomic_writer(path: Path, *, mode: str = "w") -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` and rename it into place only when done.

    A symlink is followed (its target is replaced, never the link); a FIFO or a device is written into.
    """
    if is_special(path):
        with open(path, mode, **({} if "b" in mode else _TEXT)) as direct:
            yield direct
        return
    path = write_target(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        f: IO[Any] = os.fdopen(fd, mode, **({} if "b" in mode else _TEXT))
        with f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class PartialWriter:
    """An output file written under a fixed name, ``.NAME.partial`` beside it, and renamed into place when done.

    Unlike :func:`atomic_writer`'s random temporary name, the fixed name lets a killed run be resumed:
    ``resume_at`` (a size recorded by a :class:`Checkpoint`) cuts the partial file back to what was
    known to be complete and appends from there. Until :meth:`commit`, nothing exists under the
    final name, so a half-written output never looks complete.
    """

    def __init__(self, path: Path, *, resume_at: int | None = None) -> None:
        if is_special(path):  # renaming over it would replace it: see open_output
            raise InputError(str(path), "not a regular file: it cannot be written by renaming a file over it")
        path = write_target(path)
        self.path = path
        self.partial = path.with_name(f".{path.name}.partial")
        path.parent.mkdir(parents=True, exist_ok=True)
        if resume_at is None:
            self._f: IO[bytes] = self.partial.open("wb")
            return
        try:
            f = self.partial.open("r+b")
        except FileNotFoundError:
            raise InputError(str(self.partial), "cannot resume: the partial output is missing",
                             hint="run without --resume to start over") from None
        size = os.fstat(f.fileno()).st_size
        if size < resume_at:
            f.close()
            raise InputError(str(self.partial), f"cannot resume: partial output has {size} bytes, the "
                             f"checkpoint says {resume_at}", hint="run without --resume to start over")
        f.truncate(resume_at)
        f.seek(resume_at)
        self._f = f

    def write(self, text: str) -> None:
        # callers pass JSON made by dump_json_line (always encodable); "replace" only keeps a bug from
        # turning into a crash half-way through a run
        self._f.write(text.encode("utf-8", errors="replace"))

    def write_bytes(self, data: bytes) -> None:
        self._f.write(data)

    def tell(self) -> int:
        return self._f.tell()

    def sync(self) -> None:
        self._f.flush()
        os.fsync(self._f.fileno())

    def commit(self) -> None:
        """Make the output complete: flushed to disk and renamed to its final name."""
        self.sync()
        self._f.close()
        os.replace(self.partial, self.path)

    def abandon(self, *, keep: bool) -> None:
        """Close without committing; ``keep`` leaves the partial file for ``--resume``."""
        with contextlib.suppress(OSError):
            self._f.close()
        if not keep:
            with contextlib.suppress(OSError):
                os.unlink(self.partial)


def write_all(stream: IO[bytes], data: bytes) -> None:
    """Write every byte and flush. A buffered write to a pipe may write part of the data and return its
    count when the reader goes away, silently dropping the rest; the next write raises BrokenPipeError."""
    view = memoryview(data)
    while view:
        view = view[stream.write(view) or 0 :]
    stream.flush()


class DirectWriter:
    """An output written straight into a stream: stdout (``-``), a FIFO or a device (what a Unix user
    expects of ``--report /dev/stdout``). There is no temporary file to rename, so it cannot be resumed."""

    def __init__(self, stream: IO[bytes], *, close: bool) -> None:
        self._f = stream
        self._close = close
        self._written = 0

    def write(self, text: str) -> None:
        self.write_bytes(text.encode("utf-8", errors="replace"))

    def write_bytes(self, data: bytes) -> None:
        write_all(self._f, data)
        self._written += len(data)

    def tell(self) -> int:
        return self._written

    def sync(self) -> None:
        self._f.flush()

    def commit(self) -> None:
        self._f.flush()
        if self._close:
            self._f.close()

    def abandon(self, *, keep: bool) -> None:
        if self._close:
            with contextlib.suppress(OSError):
                self._f.close()


def open_output(path: Path, *, resume_at: int | None = None) -> PartialWriter | DirectWriter:
    """A writer for an output path: a FIFO or a device (or a link to one) is written into in place; a
    regular file, a new path or a symlink's target is written under a partial name and renamed into place."""
    if not is_special(path):
        return PartialWriter(path, resume_at=resume_at)
    if resume_at is not None:
        raise InputError(str(path), "cannot resume output written into a FIFO or device",
                         hint="run without --resume")
    return DirectWriter(path.open("wb"), close=True)


class Checkpoint:
    """A small JSON file recording how far a run got: documents done and the size of each partial output.

    It is written (atomically) only after the outputs it describes are flushed to disk, so what it
    records is always complete; a run resumed from it skips those documents and appends to the outputs.
    ``key`` fingerprints the inputs and settings, so a checkpoint is never applied to a different run.
    """

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self.key = key

    def load(self) -> dict[str, Any] | None:
        """The recorded state, None when there is none; raises InputError if it belongs to another run."""
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise InputError(str(self.path), f"cannot resume: unreadable checkpoint ({exc})",
                             hint="delete it or run without --resume") from None
        if not isinstance(state, dict) or state.get("key") != self.key:
            raise InputError(str(self.path), "cannot resume: the inputs or settings differ from the interrupted run",
                             hint="run without --resume to start over")
        return state

    def save(self, done: int, offsets: Mapping[str, int]) -> None:
        write_text_atomic(self.path, json.dumps({"key": self.key, "done": done, "offsets": dict(offsets)}))

    def remove(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def fingerprint(parts: Any) -> str:
    """A stable digest of JSON-able settings (sorted keys), for :class:`Checkpoint` keys."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8", "replace")).hexdigest()


def file_signature(path: Path) -> list[Any]:
    """What identifies a file's version cheaply: its path, size and modification time."""
    try:
        st = path.stat()
    except OSError:
        return [str(path), None, None]
    return [str(path.resolve()), st.st_size, st.st_mtime_ns]


def write_text_atomic(path: Path, text: str) -> None:
    """Write a whole output file under its ``.NAME.partial`` name, then rename it into place.

    The fixed temporary name (not a random one) matters when a run is killed: the leftover is
    overwritten when the document is written again on ``--resume``, instead of staying behind.
    """
    w = open_output(path)
    try:
        w.write(text)
        w.commit()
    except BaseException:
        w.abandon(keep=False)
        raise
