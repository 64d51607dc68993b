"""Throughput on real text: each pass and the whole default pipeline, in CPU time, beside the floor.

    python benchmarks/bench_real.py                       # web pages, MT, native English, 5 MB generated
    python benchmarks/bench_real.py --limit 100 --repeat 1  # a quick look
    python benchmarks/run.py --real                       # the same, from the harness

Sets (``benchmarks/realsets.py``): the real web pages, the real French-to-English MT and the native
English news of ``../shared/realdata`` (skipped, with a message, where it is missing), and the generated
corpus with its gazetteer (``--variants``, 10,000 by default). The real sets are cleaned by the default
Cleaner (default rules, default passes); the generated corpus by the default Cleaner plus its gazetteer.

Every figure is CPU time (``time.process_time``) of this process, median of ``--repeat`` runs, each run on
a fresh copy of the Cleaner (unpickled: compiled rules, empty memos) warmed up on the first documents
(untimed, as in ``run.py``); what the passes load once per process on first use (langdetect's language
profiles, wordfreq's word list) is loaded before any set and its cost printed apart, as the warm-up
documents do not always reach it (none of the first 50 MT documents asks langdetect: its 0.4 s were
counted in the MT figures until 2026-12-04). The floor is ``len(text.splitlines())`` over the same
documents, in the same run. MB are UTF-8 megabytes of the input. Results go to ``benchmarks/results/real-latest.json``.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import realsets  # noqa: E402
from run import TimedPass, write_results  # noqa: E402

from cleantext import Cleaner, Document  # noqa: E402
from cleantext.cleaner import settle_memory  # noqa: E402

Docs = realsets.Docs


def floor_seconds(docs: Docs, repeat: int) -> float:
    """The machine's floor: one ``splitlines`` over every document (median of ``repeat``; at least 5)."""
    times = []
    for _ in range(max(repeat, 5)):
        t = time.process_time()
        n = 0
        for _, text in docs:
            n += len(text.splitlines())
        times.append(time.process_time() - t)
    return statistics.median(times)


def load_lazy_resources() -> float:
    """Load what passes load once per process on first use; its CPU seconds (a cost per process, not per MB)."""
    t = time.process_time()
    from wordfreq import zipf_frequency

    from cleantext.mt.detect import LANGDETECT

    LANGDETECT.detect("Le gouvernement a annoncé mardi une nouvelle réforme des retraites.")
    zipf_frequency("government", "en")
    return time.process_time() - t


def figures(mb: float, n_docs: int, seconds: float) -> dict[str, float]:
    seconds = max(seconds, 1e-9)
    return {"cpu_s": round(seconds, 4), "mb_s": round(mb / seconds, 3), "ms_per_doc": round(1000 * seconds / n_docs, 3)}


def bench_set(cleaner: Cleaner, docs: Docs, repeat: int) -> dict[str, Any]:
    n_warm = min(50, len(docs) // 10)
    warm, timed_docs = docs[:n_warm], docs[n_warm:]
    mb = sum(len(t.encode("utf-8", "surrogatepass")) for _, t in timed_docs) / 1e6
    n = len(timed_docs)
    floor = floor_seconds(timed_docs, repeat)
    frozen = pickle.dumps(cleaner)
    per_pass: dict[str, list[float]] = {}
    whole: list[float] = []
    for _ in range(repeat):
        fresh: Cleaner = pickle.loads(frozen)
        settle_memory()
        for doc_id, text in warm:  # lazy resources (word lists, language profiles) load here, untimed
            fresh.pipeline.run(Document(text=text, id=doc_id))
        timed = [TimedPass(p, time.process_time) for p in fresh.pipeline.passes]
        fresh.pipeline.passes = timed  # type: ignore[assignment]
        t = time.process_time()
        for doc_id, text in timed_docs:
            fresh.pipeline.run(Document(text=text, id=doc_id))
        whole.append(time.process_time() - t)
        for tp in timed:
            per_pass.setdefault(tp.name, []).append(tp.seconds)
        del fresh, timed
        gc.unfreeze()
        gc.collect()
    whole_s = statistics.median(whole)
    pass_s = {name: statistics.median(ts) for name, ts in per_pass.items()}
    return {"docs": n, "warm_up_docs": n_warm, "mb": round(mb, 3), "floor": figures(mb, n, floor),
            "passes": {name: figures(mb, n, s) for name, s in pass_s.items()},
            "bookkeeping": figures(mb, n, whole_s - sum(pass_s.values())),
            "whole": figures(mb, n, whole_s), "whole_runs_cpu_s": [round(x, 4) for x in whole],
            "whole_vs_floor": round(whole_s / max(floor, 1e-9), 1)}


def print_set(name: str, res: dict[str, Any]) -> None:
    print(f"\n== {name}: {res['docs']} docs timed ({res['warm_up_docs']} warm-up), {res['mb']} MB ==")

    def row(label: str, f: dict[str, float]) -> None:
        print(f"  {label:<26}{f['mb_s']:>10.2f} MB/s {f['ms_per_doc']:>10.3f} ms/doc  ({f['cpu_s']:.3f} s CPU)")

    row("floor (splitlines)", res["floor"])
    for pass_name, f in res["passes"].items():
        row("pass " + pass_name, f)
    row("bookkeeping (pipeline)", res["bookkeeping"])
    row("whole pipeline", res["whole"])
    print(f"  whole = {res['whole_vs_floor']}x the floor")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0, help="at most this many documents per set (0: all)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per set; the median is reported (default 3)")
    ap.add_argument("--sets", default="web,mt,native,generated", help="comma-separated: web, mt, native, generated")
    ap.add_argument("--gen-mb", type=float, default=5.0, help="size of the generated corpus in MB (default 5)")
    ap.add_argument("--variants", type=int, default=10_000, help="variants of its gazetteer (default 10,000)")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "real-latest.json")
    args = ap.parse_args(argv)
    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    valid = ("web", "mt", "native", "generated")
    for s in names:
        if s not in valid:
            ap.error(f"unknown set {s!r}; choose from {', '.join(valid)}")
    default = Cleaner()
    sets: dict[str, tuple[Cleaner, Docs]] = {
        name: (default, docs) for name, docs in realsets.real_sets(tuple(n for n in names if n != "generated")).items()}
    if "generated" in names:
        docs, gazetteer = realsets.generated_docs(args.gen_mb, args.variants)
        sets[f"generated ({args.variants} variants)"] = (Cleaner(rules=[gazetteer]), docs)
    results: dict[str, Any] = {"args": {k: str(v) for k, v in vars(args).items()}, "sets": {}}
    results["lazy_resources_cpu_s"] = round(load_lazy_resources(), 3)
    print(f"lazy resources (langdetect profiles, wordfreq list) loaded in {results['lazy_resources_cpu_s']} s CPU, "
          "before timing")
    for name, (cleaner, docs) in sets.items():
        res = bench_set(cleaner, docs[: args.limit] if args.limit else docs, args.repeat)
        print_set(name, res)
        results["sets"][name] = res
    write_results(args.out, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
