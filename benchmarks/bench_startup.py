"""Start-up time: `import cleantext` and a one-line `cleantext clean`, each in a fresh process.

    python benchmarks/bench_startup.py               # median of 5 runs each, after one warm-up run
    python benchmarks/bench_startup.py --runs 9

Reports wall time and CPU time (user + system of the child). On a shared, loaded machine the CPU
time is the steadier figure; wall time is what a user waits. The warm-up run fills the disk cache
(``cleantext/cache.py``), so the figures are for a warm cache, as a user sees from the second run on.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "import cleantext": ([sys.executable, "-c", "import cleantext"], b""),
    "clean one line": ([sys.executable, "-m", "cleantext", "clean", "-q", "-"], b"Hello world.\n"),
}


def _run_once(argv: list[str], stdin: bytes) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, input=stdin, stdout=subprocess.DEVNULL, check=True, env=os.environ.copy())
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    args = parser.parse_args()
    for name, (argv, stdin) in COMMANDS.items():
        _run_once(argv, stdin)  # warm-up: fills the disk cache and the OS file cache
        runs = [_run_once(argv, stdin) for _ in range(args.runs)]
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"{name:16} wall {wall:5.2f} s   cpu {cpu:5.2f} s   (median of {args.runs})")


if __name__ == "__main__":
    main()
