"""Where the time goes on real text: cProfile of the default pipeline over a real set, top functions.

    python benchmarks/profile_real.py --set web --limit 120          # top 15 by own time and by cumulative
    python benchmarks/profile_real.py --set mt --top 25 --out mt.prof  # keep the profile for snakeviz & co.

The Cleaner is built and warmed up on the first documents (``--warm-up``, 50 by default) before profiling
starts, so the profile shows the cost of cleaning, not of loading rules, word lists or language profiles.
Times are CPU time of this process (``time.process_time`` as the profiler's clock): the machine is shared,
and with the default wall clock a C function (a regex search) that waited for the CPU was charged for the
wait, which made the pattern scans look ten times costlier than they are.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import realsets  # noqa: E402

from cleantext import Cleaner, Document  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default="web", choices=("web", "mt", "native", "generated"))
    ap.add_argument("--limit", type=int, default=120, help="documents profiled (default 120)")
    ap.add_argument("--top", type=int, default=15, help="functions listed per ordering (default 15)")
    ap.add_argument("--warm-up", type=int, default=50, help="documents cleaned before profiling (default 50)")
    ap.add_argument("--variants", type=int, default=10_000, help="gazetteer of the generated set")
    ap.add_argument("--out", type=Path, help="write the raw profile here")
    args = ap.parse_args(argv)
    if args.set == "generated":
        docs, gazetteer = realsets.generated_docs(5.0, args.variants)
        cleaner = Cleaner(rules=[gazetteer])
    else:
        found = realsets.real_sets((args.set,))
        if not found:
            return 0
        docs, cleaner = found[args.set], Cleaner()
    warm, docs = docs[: args.warm_up], docs[args.warm_up : args.warm_up + args.limit]
    for doc_id, text in warm:
        cleaner.pipeline.run(Document(text=text, id=doc_id))
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    for doc_id, text in docs:
        cleaner.pipeline.run(Document(text=text, id=doc_id))
    profile.disable()
    if args.out:
        profile.dump_stats(str(args.out))
    for order in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(profile, stream=buf).strip_dirs().sort_stats(order).print_stats(args.top)
        print(buf.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
