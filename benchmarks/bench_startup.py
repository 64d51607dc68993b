"""Start-up time: `import cleantext` and a one-line `cleantext clean`, each in a fresh process.

    python benchmarks/bench_startup.py               # median of 5 runs each, after one warm-up run
    python benchmarks/bench_startup.py --runs 9

Reports wall time and CPU time (user + system of the child). On a shared, loaded machine the CPU
time is the steadier figure; wall time is what a user waits. The warm-up run fills the disk cache
(``cleantext/cache.py``), so the figures are for a warm cache, as a user sees from the second run on.

Python's bytecode cache is on in the children (written to a private ``PYTHONPYCACHEPREFIX`` folder by the
warm-up run), as for an installed package, even where the environment sets ``PYTHONDONTWRITEBYTECODE``
(this project's machine does: there every start compiled all of cleantext's sources again, about 0.1 s
of CPU). ``--no-bytecode`` measures with the environment as it is.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

COMMANDS = {
    "import cleantext": ([sys.executable, "-c", "import cleantext"], b""),
    "clean one line": ([sys.executable, "-m", "cleantext", "clean", "-q", "-"], b"Hello world.\n"),
}


def _run_once(argv: list[str], stdin: bytes, env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, input=stdin, stdout=subprocess.DEVNULL, check=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="keep PYTHONDONTWRITEBYTECODE as the environment has it (sources compiled at every start)")
    args = parser.parse_args()
    env = os.environ.copy()
    if not args.no_bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="cleantext-bench-pyc-")
    for name, (argv, stdin) in COMMANDS.items():
        _run_once(argv, stdin, env)  # warm-up: fills the disk cache, the bytecode cache and the OS file cache
        runs = [_run_once(argv, stdin, env) for _ in range(args.runs)]
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"{name:16} wall {wall:5.2f} s   cpu {cpu:5.2f} s   (median of {args.runs})")
    if "PYTHONPYCACHEPREFIX" in env and not args.no_bytecode:
        shutil.rmtree(env["PYTHONPYCACHEPREFIX"], ignore_errors=True)


if __name__ == "__main__":
    main()
