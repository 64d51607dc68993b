"""Resource bounds: memory stays flat when streaming JSON Lines (no whole-file reads), and an enormous
line is copied to the rejects file in bounded chunks. Peak RSS of a child ``cleantext`` process is
read from ``wait4``; benchmarks/bench_memory.py measures the same at 10 MB and 1 GB.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext.io import JsonRecord, read_jsonl

pytestmark = pytest.mark.skipif(not hasattr(os, "wait4"), reason="needs os.wait4 to read a child's peak memory")

ARGS = ["--no-default-rules", "--passes", "tidy", "-q"]


def peak_rss_mb(args: list[str]) -> float:
    proc = subprocess.Popen([sys.executable, "-m", "cleantext", "clean", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)


def write_corpus(path: Path, mb: float) -> None:
    line = json.dumps({"id": "x", "text": "A paragraph of news text with trailing spaces.   \n\n\n" * 20}) + "\n"
    count = int(mb * 1e6 / len(line)) + 1
    with path.open("w", encoding="utf-8") as f:
        for _ in range(count):
            f.write(line)


def test_peak_memory_does_not_grow_with_the_input(tmp_path: Path) -> None:
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    write_corpus(small, 0.5)
    write_corpus(large, 10)
    rss_small = peak_rss_mb([str(small), "-o", str(tmp_path / "s.out.jsonl"), *ARGS])
    rss_large = peak_rss_mb([str(large), "-o", str(tmp_path / "l.out.jsonl"), *ARGS])
    assert (tmp_path / "l.out.jsonl").stat().st_size > 8e6  # the large run really went through (tidy shortens it)
    # 20x the input, and memory may grow by a few MB of allocator noise at most, never by the input
    assert rss_large - rss_small < 10, (rss_small, rss_large)


def test_an_enormous_line_is_copied_to_rejects_in_bounded_memory(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    with src.open("wb") as f:
        f.write(b'{"text": "before"}\n{"text": "')
        chunk = b"word " * 200_000  # 1 MB
        for _ in range(64):
            f.write(chunk)
        f.write(b'"}\n{"text": "after"}\n')
    small = tmp_path / "small.jsonl"
    small.write_bytes(b'{"text": "before"}\n{"text": "after"}\n')
    base = peak_rss_mb([str(small), "-o", str(tmp_path / "b.jsonl"), *ARGS])
    rss = peak_rss_mb([str(src), "-o", str(tmp_path / "out.jsonl"), "--rejects", str(tmp_path / "rej.jsonl"),
                       "--max-doc-bytes", "1M", *ARGS])
    assert (tmp_path / "rej.jsonl").stat().st_size == src.stat().st_size - len(b'{"text": "before"}\n') - len(
        b'{"text": "after"}\n')
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("\n") == 2
    assert rss - base < 20, (base, rss)  # a 64 MB line, held 1 MB at a time


def test_records_are_read_one_line_at_a_time() -> None:
    lines = [json.dumps({"text": f"doc {i}"}).encode() + b"\n" for i in range(1000)]
    stream = io.BytesIO(b"".join(lines))
    items = read_jsonl(stream, "s.jsonl")
    first = next(items)
    assert isinstance(first, JsonRecord) and first.text == "doc 0"
    assert stream.tell() == len(lines[0])  # nothing read ahead of the record handed out
