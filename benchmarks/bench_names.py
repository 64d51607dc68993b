"""Benchmark of the names pass: load time and throughput with gazetteers of 100, 10,000 and 100,000 variants.

    python benchmarks/bench_names.py                      # the 100 / 10k / 100k curve on 2 MB
    python benchmarks/bench_names.py --sizes 100 10000 --mb 5 --repeat 5

Gazetteers come from ``benchmarks/generate.py`` (deterministic): the shipped Syria gazetteer plus a
generated one of ``N`` variants. Two corpora, each the same for every size:

* ``generated``: news-like documents from ``generate.py`` naming entities of the 10,000-variant
  gazetteer (dense with names; what a gazetteer of another size finds in it differs);
* ``seeds``: the sample documents repeated, whose names are in the shipped gazetteer, so the names
  found barely change with size and the figures show what a larger gazetteer itself costs.
 Figures are CPU time (``time.process_time``), the median of ``--repeat``
runs, because other processes share the machine:

* ``yaml s``: reading the YAML files (the rule loader, not the names pass);
* ``build s``: compiling the index with no cache; ``cache s``: making the pass when the on-disk
  cache holds the index;
* ``cold``: a fresh pass over the corpus (every distinct run of name words analysed once), in ms per
  MB and MB/s; ``warm``: the same pass over the same corpus again (every run found in the memo). Both
  after one untimed pass that warms the process-wide caches alike for every size;
* ``mentions``, ``edits``: found and rewritten on one run over the corpus.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402

from cleantext.document import Document  # noqa: E402
from cleantext.names.build import load_index  # noqa: E402
from cleantext.options import Options  # noqa: E402
from cleantext.passes.names import NamesPass  # noqa: E402
from cleantext.rulefiles import load_rules  # noqa: E402


def cpu(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.process_time()
    out = fn()
    return time.process_time() - t, out


def run_size(variants: int, docs: list[str], repeat: int) -> dict[str, float]:
    path, _ = generate.ensure_gazetteer(variants)
    yaml_s, ruleset = cpu(lambda: load_rules([ROOT / "rules" / "names", path]))
    gazetteers = list(ruleset.gazetteers)
    build_s, _ = cpu(lambda: load_index(gazetteers, use_cache=False))
    load_index(gazetteers)  # writes the cache (large gazetteers only)
    cache_s = statistics.median(cpu(lambda: NamesPass([], gazetteers, options=Options()))[0] for _ in range(repeat))
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6

    def over(p: NamesPass) -> tuple[int, int]:
        mentions = edits = 0
        for d in docs:
            r = p.run(Document(d))
            mentions += len(r.mentions)
            edits += len(r.edits)
        return mentions, edits

    # One untimed pass first: the word list loads and the process-wide caches (name keys, common words) fill
    # for this corpus, so the first size measured does not pay for every size after it.
    over(NamesPass([], gazetteers, options=Options()))
    cold, warm = [], []
    counts = (0, 0)
    for _ in range(repeat):
        p = NamesPass([], gazetteers, options=Options())
        secs, counts = cpu(lambda p=p: over(p))  # type: ignore[misc]
        cold.append(secs)
        warm.append(cpu(lambda p=p: over(p))[0])  # type: ignore[misc]
    c, w = statistics.median(cold), statistics.median(warm)
    return {"variants": variants, "entities": sum(len(g.entities) for g in gazetteers), "yaml_s": yaml_s,
            "build_s": build_s, "cache_s": cache_s, "cold_ms_mb": c / mb * 1000, "cold_mb_s": mb / c,
            "warm_ms_mb": w / mb * 1000, "warm_mb_s": mb / w, "mentions": counts[0], "edits": counts[1]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000, 100_000], help="gazetteer variants")
    ap.add_argument("--mb", type=float, default=2.0, help="megabytes of text")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is reported")
    ap.add_argument("--corpus", choices=("generated", "seeds", "both"), default="both")
    args = ap.parse_args()
    os.environ.setdefault("CLEANTEXT_CACHE_DIR", tempfile.mkdtemp(prefix="cleantext-bench-"))
    corpora: dict[str, list[str]] = {}
    if args.corpus in ("generated", "both"):
        entities = generate.make_gazetteer(10_000)
        corpora["generated"] = [text for _, text in generate.iter_documents(entities, target_bytes=int(args.mb * 1e6))]
    if args.corpus in ("seeds", "both"):
        seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
        docs: list[str] = []
        while sum(len(d.encode("utf-8")) for d in docs) < args.mb * 1e6:
            docs.extend(seeds)
        corpora["seeds"] = docs
    for name, docs in corpora.items():
        print(f"\n{name} corpus, {sum(len(d.encode('utf-8')) for d in docs) / 1e6:.1f} MB")
        table(args.sizes, docs, args.repeat)


def table(sizes: list[int], docs: list[str], repeat: int) -> None:
    print(f"{'variants':>9} {'entities':>9} {'yaml s':>7} {'build s':>8} {'cache s':>8} {'cold ms/MB':>11} "
          f"{'MB/s':>6} {'warm ms/MB':>11} {'MB/s':>6} {'mentions':>9} {'edits':>7}")
    rows = []
    for n in sizes:
        r = run_size(n, docs, repeat)
        rows.append(r)
        print(f"{r['variants']:>9,} {r['entities']:>9,} {r['yaml_s']:>7.2f} {r['build_s']:>8.2f} {r['cache_s']:>8.2f} "
              f"{r['cold_ms_mb']:>11.1f} {r['cold_mb_s']:>6.2f} {r['warm_ms_mb']:>11.1f} {r['warm_mb_s']:>6.2f} "
              f"{r['mentions']:>9} {r['edits']:>7}", flush=True)
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        cold = last["cold_ms_mb"] / first["cold_ms_mb"]
        warm = last["warm_ms_mb"] / first["warm_ms_mb"]
        print(f"{last['variants']:,} vs {first['variants']:,} variants: cold {cold:.2f}x, warm {warm:.2f}x per MB")


if __name__ == "__main__":
    main()
