"""Peak memory of the CLI streaming JSON Lines: does it stay flat as the input grows?

Generates news-like corpora of the requested sizes into a temporary folder (with benchmarks/generate.py,
deterministically; nothing is kept), runs ``cleantext clean CORPUS -o OUT -q`` on each in a child
process, and reports the child's peak resident set size (``ru_maxrss`` from ``wait4``), next to the
peak of a run on an empty input (interpreter, libraries and compiled rules).

Usage::

    python benchmarks/bench_memory.py                        # 10 MB, all passes
    python benchmarks/bench_memory.py --mb 10 --mb 1024      # also 1 GB (on demand: takes a while)
    python benchmarks/bench_memory.py --mb 1024 --passes unicode,tidy   # the I/O path alone, faster

Results go to docs/guarantees.md by hand; the test suite checks the same property on small inputs
(tests/test_reliability_resources.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (the benchmark data generator next to this file)


def run_cli(args: list[str]) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit status) of one ``cleantext`` run in a child process."""
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "cleantext", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.stderr is not None:
        err = proc.stderr.read().decode("utf-8", "replace")
        proc.stderr.close()
        if proc.returncode not in (0, 1):
            print(err, file=sys.stderr)
    secs = time.monotonic() - start
    # ru_maxrss is in kilobytes on Linux (bytes on macOS)
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return secs, peak, proc.returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, action="append", help="corpus size in MB (repeatable; default 10)")
    ap.add_argument("--passes", help="run only these passes (comma-separated), as with cleantext clean --passes")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--variants", type=int, default=100, help="gazetteer size the corpus draws names from")
    ns = ap.parse_args(argv)
    sizes = ns.mb or [10.0]
    extra = ["--passes", ns.passes] if ns.passes else []
    extra += ["--jobs", str(ns.jobs)]
    _, entities = generate.ensure_gazetteer(ns.variants)
    with tempfile.TemporaryDirectory(prefix="cleantext-bench-") as tmp:
        empty = Path(tmp) / "empty.jsonl"
        empty.write_bytes(b"")
        _, base, _ = run_cli(["clean", str(empty), "-o", str(Path(tmp) / "empty.out.jsonl"), "-q", *extra])
        print(f"{'input':>10} {'docs':>9} {'seconds':>9} {'peak RSS':>10} {'over empty run':>15}")
        print(f"{'empty':>10} {0:>9} {'':>9} {base:>8.0f}MB {'':>15}")
        for mb in sizes:
            corpus = Path(tmp) / f"corpus_{mb:g}mb.jsonl"
            docs = generate.write_corpus(corpus, entities, mb=mb)
            out = Path(tmp) / "out.jsonl"
            secs, peak, status = run_cli(["clean", str(corpus), "-o", str(out), "-q", *extra])
            size = corpus.stat().st_size / 1e6
            print(f"{size:>8.0f}MB {docs:>9} {secs:>9.1f} {peak:>8.0f}MB {peak - base:>13.0f}MB"
                  + ("" if status in (0, 1) else f"  (exit status {status})"))
            corpus.unlink()
            out.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
