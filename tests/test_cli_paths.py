"""Files and paths on the command line (issue 13): stdout and special files, rejects, folders, broken pipes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def _cleantext(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "cleantext", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


# ---- a reader that goes away (`cleantext ... | head`) ----------------------------------------------


@pytest.mark.parametrize("kind", ["text", "jsonl"])
def test_a_closed_pipe_ends_the_run_quietly_with_status_141(kind: str, tmp_path: Path) -> None:
    if kind == "text":
        src = tmp_path / "big.txt"
        src.write_text("".join(f"Officials met {i} times in the capital.\n" for i in range(20_000)), encoding="utf-8")
    else:
        src = tmp_path / "big.jsonl"
        src.write_text("".join(json.dumps({"id": i, "text": f"Line {i} of the news.\n"}) + "\n"
                               for i in range(20_000)), encoding="utf-8")
    proc = _cleantext("clean", "-q", str(src), cwd=tmp_path)
    assert proc.stdout is not None and proc.stderr is not None
    assert len(proc.stdout.read(100)) == 100  # the output is far larger than a pipe holds: the writer blocks
    proc.stdout.close()  # as `head` does once it has its lines
    err = proc.stderr.read().decode()
    assert proc.wait() == 141
    assert err == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == [src.name]
