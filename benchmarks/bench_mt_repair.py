"""Benchmark of the mt_repair pass: set-up time and throughput (ms per MB, CPU time) on three kinds of text.

    python benchmarks/bench_mt_repair.py                 # corpus (benchmarks/data), English seeds, French MT seed
    python benchmarks/bench_mt_repair.py --mb 2 --repeat 5
    python benchmarks/bench_mt_repair.py --profile       # also a cProfile of the corpus run (top 25 by cumtime)

Texts are first put through the passes that run before mt_repair (unicode, boilerplate), so the pass
sees what it sees in the pipeline. Figures are CPU time (``time.process_time``), median of ``--repeat``
runs over the whole set, after one warm-up run (caches of the pass filled, as in a long-lived Cleaner).
Set-up is measured in a fresh process (``--setup-only``) so word lists and langdetect profiles loaded by
an earlier run do not hide their cost.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleantext import Cleaner, Document, Options  # noqa: E402
from cleantext.cleaner import default_ruleset  # noqa: E402
from cleantext.passes.mt_repair import MtRepairPass  # noqa: E402

SEEDS = ROOT / "seeds"
ENGLISH_SEEDS = ["000_ad0e96d315bd7f22.txt", "001_e908a7f738fb081a.txt", "002_77f266810fff45d1.txt",
                 "003_936a07e2af6f924f.txt"]
FRENCH_SEED = "004_fe03f11e8146d806.txt"


def before_mt(texts: list[str]) -> list[str]:
    pre = Cleaner(passes=["unicode", "boilerplate"])
    return [pre.clean(t) for t in texts]


def corpus(mb: float) -> list[str]:
    path = sorted((ROOT / "benchmarks" / "data").glob("corpus_*.jsonl"))
    if not path:
        sys.exit("no corpus: run python benchmarks/generate.py --mb 5 first")
    out: list[str] = []
    size = 0
    with path[0].open(encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            out.append(text)
            size += len(text.encode("utf-8"))
            if size >= mb * 1e6:
                break
    return out


def repeated(names: list[str], mb: float) -> list[str]:
    docs = [(SEEDS / n).read_text(encoding="utf-8") for n in names]
    out: list[str] = []
    while sum(len(d.encode("utf-8")) for d in out) < mb * 1e6:
        out.extend(docs)
    return out


def throughput(p: MtRepairPass, docs: list[str], repeat: int) -> tuple[float, float]:
    """Median CPU ms per MB and ms per document."""
    wrapped = [Document(t) for t in docs]
    for d in wrapped:
        p.run(d)  # warm-up
    times = []
    for _ in range(repeat):
        t = time.process_time()
        for d in wrapped:
            p.run(d)
        times.append(time.process_time() - t)
    mb = sum(len(t.encode("utf-8")) for t in docs) / 1e6
    best = statistics.median(times)
    return best * 1000 / mb, best * 1000 / len(docs)


def setup_seconds() -> float:
    t = time.process_time()
    p = MtRepairPass(default_ruleset().for_pass("mt_repair"), options=Options())
    p.run(Document("An English sentence, with nothing to repair. The army advanced."))
    return time.process_time() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0, help="megabytes of each text set (default 1)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="print a cProfile of one corpus run")
    ap.add_argument("--setup-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.setup_only:
        print(setup_seconds())
        return 0
    setup = [float(subprocess.run([sys.executable, __file__, "--setup-only"], capture_output=True, text=True,
                                  check=True).stdout) for _ in range(3)]
    print(f"set-up + first document (fresh process, CPU): {statistics.median(setup) * 1000:.0f} ms")
    p = MtRepairPass(default_ruleset().for_pass("mt_repair"), options=Options())
    sets = {"generated corpus": before_mt(corpus(args.mb)),
            "English seeds": before_mt(repeated(ENGLISH_SEEDS, args.mb)),
            "French MT seed": before_mt(repeated([FRENCH_SEED], args.mb))}
    for name, docs in sets.items():
        ms_mb, ms_doc = throughput(p, docs, args.repeat)
        print(f"{name:<18} {len(docs):>5} docs  {ms_mb:8.1f} ms/MB  {1000 / ms_mb:7.1f} MB/s  {ms_doc:6.2f} ms/doc")
    if args.profile:
        docs = [Document(t) for t in sets["generated corpus"]]
        prof = cProfile.Profile()
        prof.enable()
        for d in docs:
            p.run(d)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumtime").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
