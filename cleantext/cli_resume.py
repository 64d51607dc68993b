"""``--resume`` and the checkpoint of ``cleantext clean``: which documents are already done, and recording
every few seconds how far the outputs got.

A run with ``-o`` records in a :class:`~cleantext.writes.Checkpoint` (beside the output file, or inside the
output folder) how many documents are complete and the size of each partial stream, only after the
streams are flushed. A resumed run skips that many documents and continues the streams at those sizes;
with no checkpoint (the last run finished, or died before its first one) a document whose own output
file exists is complete, since those are renamed into place only when done.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from .cli_read import Origin
from .io import files_below
from .writes import Checkpoint, file_signature, fingerprint, is_special

T = TypeVar("T")


def checkpoint_for(output: Path | None, settings: dict[str, Any]) -> Checkpoint | None:
    """Where a run records its progress: beside an output file, or inside an output folder; keyed by
    everything that decides the bytes of the output, so a checkpoint only resumes the very same run."""
    if output is None or is_special(output):  # nothing to resume in a FIFO or a device: no file beside it
        return None
    if output.is_dir():
        return Checkpoint(output / ".cleantext-progress.json", fingerprint(settings))
    return Checkpoint(output.with_name(f".{output.name}.cleantext-progress.json"), fingerprint(settings))


def input_signature(names: list[str], globs: tuple[str, ...]) -> list[Any]:
    """What identifies the inputs' versions: each file's path, size and modification time."""
    sig: list[Any] = []
    for n in names:
        p = Path(n)
        sig.append([file_signature(f) for f in files_below(p, globs).selected] if p.is_dir() else file_signature(p))
    return sig


class Progress:
    """Documents already done (to skip) and the checkpoint to record progress in."""

    def __init__(self, checkpoint: Checkpoint | None, *, resume: bool, by_files: bool,
                 every_seconds: float = 2.0) -> None:
        """``by_files``: without a checkpoint, a document whose output file exists counts as done (not when
        logs such as --edits are written, which a resumed run could not continue)."""
        self.checkpoint = checkpoint
        self.every_seconds = every_seconds
        #: documents emitted or skipped as already done, in input order
        self.done = 0
        #: documents skipped as done by an earlier run
        self.resumed = 0
        self.offsets: dict[str, int] = {}
        self._skip_docs = 0
        self._skip_existing = False
        self._last_save = time.monotonic()
        if not resume:
            return
        state = checkpoint.load() if checkpoint is not None else None
        if state is not None:
            self._skip_docs = int(state.get("done", 0))
            self.offsets = {str(k): int(v) for k, v in dict(state.get("offsets", {})).items()}
        elif by_files:
            self._skip_existing = True

    def remaining(self, items: Iterable[tuple[Origin, T]]) -> Iterator[tuple[Origin, T]]:
        """The items not done yet, in order."""
        for origin, item in items:
            if self._skip_docs > 0 or (self._skip_existing and origin.dest is not None and origin.dest.exists()):
                self._skip_docs = max(0, self._skip_docs - 1)
                self.resumed += 1
                self.done += 1
                continue
            yield origin, item

    def emitted(self, sizes: Callable[[], dict[str, int]]) -> None:
        """One more document is written; record it when the last record is old enough."""
        self.done += 1
        if self.checkpoint is not None and time.monotonic() - self._last_save >= self.every_seconds:
            self.save(sizes)

    def save(self, sizes: Callable[[], dict[str, int]]) -> None:
        """Record that the documents emitted so far are complete (``sizes`` flushes the streams first)."""
        assert self.checkpoint is not None
        self.checkpoint.save(self.done, sizes())
        self._last_save = time.monotonic()

    def finish(self, ok: bool) -> None:
        if ok and self.checkpoint is not None:
            self.checkpoint.remove()
