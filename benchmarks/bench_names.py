"""Benchmark of the names pass: load time and throughput for gazetteers of 100, 10,000 and 100,000 entities.

    python benchmarks/bench_names.py                     # the 100 / 10k / 100k curve
    python benchmarks/bench_names.py --sizes 100 1000 --mb 2

Each gazetteer is the shipped Syria gazetteer plus generated entities (made-up two- and three-part
names with three variants each, so 100k entities are ~400k written forms). The corpus is the sample
documents repeated to ``--mb`` megabytes, plus sentences that mention generated entities by listed,
generated and misspelled forms. Reported per size: index build time (no cache), load time from the
on-disk cache, throughput of the pass in MB/s, and the edits made (identical across sizes for the
seed text shows that unrelated entities change nothing).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleantext.document import Document  # noqa: E402
from cleantext.kinds import Entity, Gazetteer  # noqa: E402
from cleantext.names.index import load_index  # noqa: E402
from cleantext.options import Options  # noqa: E402
from cleantext.passes.names import NamesPass  # noqa: E402
from cleantext.rulefiles import load_rules  # noqa: E402

SYLLABLES = [c + v for c in "bdfghjklmnqrstwz" for v in ("a", "i", "u", "ou", "ee")]


def made_up_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def synthetic_gazetteer(n: int, seed: int = 1) -> Gazetteer:
    rng = random.Random(seed)
    seen: set[str] = set()
    entities = []
    while len(entities) < n:
        parts = [made_up_word(rng) for _ in range(rng.choice((2, 2, 3)))]
        canonical = " ".join(parts[:-1]) + " al-" + parts[-1]
        if canonical in seen:
            continue
        seen.add(canonical)
        variants = (
            " ".join(parts),
            " ".join(parts[:-1]) + " el-" + parts[-1],
            " ".join(p.replace("ou", "u") for p in parts),
        )
        entities.append(Entity(canonical, rng.choice(("person", "place", "group")), variants))
    return Gazetteer(f"synthetic-{n}", tuple(entities))


def corpus(mb: float, gaz: Gazetteer, seed: int = 2) -> list[str]:
    rng = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    docs: list[str] = []
    size = 0
    while size < mb * 1_000_000:
        doc = rng.choice(seeds)
        mentions = []
        for _ in range(5):
            e = rng.choice(gaz.entities)
            form = rng.choice([e.canonical, *e.variants])
            if rng.random() < 0.2:  # a typo nobody listed
                i = rng.randrange(1, len(form) - 1)
                form = form[:i] + form[i + 1] + form[i] + form[i + 2 :]
            mentions.append(f"Officials said {form} was involved.")
        doc = doc + "\n" + " ".join(mentions) + "\n"
        docs.append(doc)
        size += len(doc.encode("utf-8"))
    return docs


def run_size(n: int, mb: float) -> dict[str, float]:
    base = list(load_rules([ROOT / "rules" / "names"]).gazetteers)
    synth = synthetic_gazetteer(n)
    gazetteers = [*base, synth]
    t0 = time.perf_counter()
    load_index(gazetteers, use_cache=False)
    build = time.perf_counter() - t0
    load_index(gazetteers)  # writes the cache
    t0 = time.perf_counter()
    p = NamesPass([], gazetteers, options=Options())
    cached = time.perf_counter() - t0
    docs = corpus(mb, synthetic_gazetteer(100))  # the same mention sentences for every size
    # the first 100 generated entities are the same for every size (same seed): mentions resolve alike
    total = sum(len(d.encode("utf-8")) for d in docs)
    t0 = time.perf_counter()
    edits = 0
    for d in docs:
        edits += len(p.run(Document(d)).edits)
    secs = time.perf_counter() - t0
    return {"entities": n, "build_s": build, "cache_load_s": cached, "mb_s": total / secs / 1e6, "edits": edits}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000, 100_000])
    ap.add_argument("--mb", type=float, default=5.0, help="megabytes of text per size")
    args = ap.parse_args()
    os.environ.setdefault("CLEANTEXT_CACHE_DIR", tempfile.mkdtemp(prefix="cleantext-bench-"))
    print(f"{'entities':>9} {'build s':>8} {'cache s':>8} {'MB/s':>7} {'edits':>7}")
    rows = [run_size(n, args.mb) for n in args.sizes]
    for r in rows:
        print(f"{r['entities']:>9,} {r['build_s']:>8.2f} {r['cache_load_s']:>8.2f} {r['mb_s']:>7.2f} {r['edits']:>7}")
    if len(rows) > 1:
        slowdown = rows[0]["mb_s"] / rows[-1]["mb_s"]
        print(f"slowdown {rows[-1]['entities']:,} vs {rows[0]['entities']:,} entities: {slowdown:.2f}x")


if __name__ == "__main__":
    main()
