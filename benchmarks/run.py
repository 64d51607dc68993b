"""The benchmark harness: throughput per pass and for the whole pipeline, scaling, parallelism, memory.

Every figure is a median of ``--repeat`` runs, printed next to the cost of one plain pass over the
same text (``len(doc.splitlines())``) measured in the same run, so numbers from different machines
can be compared by their ratio to that floor.

    python benchmarks/run.py                       # everything, 50 MB corpus, 10,000-variant gazetteer
    python benchmarks/run.py --mb 5 --quick        # a smoke run in well under a minute
    python benchmarks/run.py --only pipeline,jobs  # some sections
    python benchmarks/run.py --real [--limit N --repeat N]  # real dev sets instead (benchmarks/bench_real.py)

Sections: pipeline (per pass and whole), gazetteers (100 / 10,000 / 100,000 variants: load, build,
load from the caches, names pass throughput in CPU time after a warm-up, and its slowdown; once on the
corpus, whose names come from the pipeline's gazetteer, and once on a corpus naming only entities that
gazetteers of every size hold, so that each size has the same names to find), rules
(50 / 500 / 5,000 rules in the combined matchers), jobs (clean_many with 1 and 2 processes), memory
(peak RSS of the CLI streaming a JSON Lines file of --memory-mb).
Results are printed and written to benchmarks/results/latest.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import pickle
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import generate  # noqa: E402

from cleantext import Cleaner, Document, Options  # noqa: E402
from cleantext.cleaner import settle_memory  # noqa: E402
from cleantext.document import PassResult  # noqa: E402
from cleantext.matching import CombinedRegex, PhraseIndex  # noqa: E402
from cleantext.passes.base import Pass  # noqa: E402

SECTIONS = ("pipeline", "gazetteers", "rules", "jobs", "memory")
Docs = list[tuple[str, str]]


def median_time(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def load_corpus(path: Path) -> Docs:
    with path.open(encoding="utf-8") as f:
        return [(r["id"], r["text"]) for r in map(json.loads, f)]


def mb_of(docs: Docs) -> float:
    return sum(len(t.encode("utf-8")) for _, t in docs) / 1e6


def plain_pass(docs: Docs) -> None:
    """The floor: reading every document once."""
    n = 0
    for _, text in docs:
        n += len(text.splitlines())


class TimedPass:
    """Wraps a pass and adds up the time spent in its ``run`` (by ``clock``: wall clock unless told);
    the pipeline sees the same interface."""

    def __init__(self, inner: Pass, clock: Callable[[], float] = time.perf_counter) -> None:
        self.inner = inner
        self.name = inner.name
        self.clock = clock
        self.seconds = 0.0

    def run(self, doc: Document) -> PassResult:
        t = self.clock()
        try:
            return self.inner.run(doc)
        finally:
            self.seconds += self.clock() - t


def rate(mb: float, n_docs: int, seconds: float) -> dict[str, float]:
    seconds = max(seconds, 1e-9)
    return {"seconds": round(seconds, 4), "mb_s": round(mb / seconds, 2), "docs_s": round(n_docs / seconds, 1)}


def fmt_rate(r: dict[str, float]) -> str:
    return f"{r['mb_s']:>9.2f} MB/s {r['docs_s']:>10.1f} docs/s  ({r['seconds']:.3f} s)"


def run_pipeline(cleaner: Cleaner, docs: Docs) -> None:
    pipe = cleaner.pipeline
    for doc_id, text in docs:
        pipe.run(Document(text=text, id=doc_id))


def warm_up_count(docs: Sequence[Any]) -> int:
    """How many of the first documents warm up a fresh Cleaner, untimed, before the rest are timed."""
    return min(50, len(docs) // 10)


def bench_pipeline(cleaner: Cleaner, docs: Docs, repeat: int) -> dict[str, Any]:
    """Each repetition on a fresh copy of ``cleaner`` (its caches empty), warmed up on a few documents that
    are not timed: what the passes memoize (lines, name runs) is learnt from the timed documents themselves,
    as on a real corpus, and never from an earlier repetition over the same documents."""
    n_warm = warm_up_count(docs)
    warm, timed_docs = docs[:n_warm], docs[n_warm:]
    mb, n = mb_of(timed_docs), len(timed_docs)
    floor = median_time(lambda: plain_pass(timed_docs), repeat)
    frozen = pickle.dumps(cleaner)
    per_pass: dict[str, list[float]] = {}
    whole: list[float] = []
    for _ in range(repeat):
        fresh: Cleaner = pickle.loads(frozen)  # unpickling rebuilds the passes: compiled rules, empty caches
        settle_memory()  # as the CLI does once its Cleaner is built (gc.freeze)
        run_pipeline(fresh, warm)  # first calls load lazy resources (word lists, language profiles)
        timed = [TimedPass(p) for p in fresh.pipeline.passes]
        fresh.pipeline.passes = timed  # type: ignore[assignment]
        t = time.perf_counter()
        run_pipeline(fresh, timed_docs)
        whole.append(time.perf_counter() - t)
        for tp in timed:
            per_pass.setdefault(tp.name, []).append(tp.seconds)
        del fresh, timed
        gc.unfreeze()  # this repetition's Cleaner is garbage now: let the collector free it
        gc.collect()
    whole_s = statistics.median(whole)
    passes = {name: rate(mb, n, statistics.median(ts)) for name, ts in per_pass.items()}
    overhead = whole_s - sum(statistics.median(ts) for ts in per_pass.values())
    return {"mb": round(mb, 2), "docs": n, "plain_pass": rate(mb, n, floor), "passes": passes,
            "pipeline_overhead_s": round(overhead, 4), "whole": rate(mb, n, whole_s),
            "whole_vs_plain_pass": round(whole_s / max(floor, 1e-9), 1)}


def print_pipeline(res: dict[str, Any], title: str) -> None:
    print(f"\n== {title}: {res['docs']} docs, {res['mb']} MB ==")
    print(f"  {'plain pass':<22}{fmt_rate(res['plain_pass'])}")
    for name, r in res["passes"].items():
        print(f"  {'pass ' + name:<22}{fmt_rate(r)}")
    print(f"  {'(edit application etc.)':<22}{res['pipeline_overhead_s']:.3f} s")
    print(f"  {'whole pipeline':<22}{fmt_rate(res['whole'])}   = {res['whole_vs_plain_pass']}x the plain pass")


class RecordingPass:
    """Wraps a pass and keeps the documents it is given (its inputs in this pipeline)."""

    def __init__(self, inner: Pass) -> None:
        self.inner = inner
        self.name = inner.name
        self.inputs: list[Document] = []

    def run(self, doc: Document) -> PassResult:
        self.inputs.append(doc)
        return self.inner.run(doc)


def names_inputs(cleaner: Cleaner, docs: Docs) -> tuple[Pass, list[Document]]:
    """The names pass of ``cleaner`` and what the pipeline gives it for ``docs`` (one run of the pipeline)."""
    original = cleaner.pipeline.passes
    recorders = [RecordingPass(p) for p in original]
    try:
        cleaner.pipeline.passes = recorders  # type: ignore[assignment]
        run_pipeline(cleaner, docs)
    finally:
        cleaner.pipeline.passes = original
    names = next(r for r in recorders if r.name == "names")
    return names.inner, names.inputs


def bench_gazetteers(docs: Docs, gazetteers: dict[int, Path], repeat: int, *, default_rules: bool) -> dict[str, Any]:
    """The gazetteers (size in variants -> file), every size measured alike:

    * load s: reading the YAML (no cache); build s: making the Cleaner, the names index compiled (no cache);
      from cache s: both again from the caches the first time wrote (what every later start costs);
    * first, per size, one untimed pass of the pipeline over the whole corpus, so that lazy resources (word
      lists, language profiles) and the process-wide caches (name keys, common words) are as warm for every
      size, whichever size ran before; it also records what the pipeline gives the names pass;
    * names pass: CPU time of the names pass alone on those inputs, timed as ``bench_pipeline`` times the
      pipeline: each repetition a fresh Cleaner from the caches (what the pass memoises learnt from the
      timed documents only), warmed up on the first documents, untimed. Only that Cleaner's index is in
      memory while it is timed (as for a user: the cost of collecting garbage grows with what is alive),
      and the collector starts each timing from the same state. The repetitions of the sizes alternate
      (one of each size per round), so a change in the load of the machine falls on every size alike; CPU
      time, not wall time, so that other processes count as little as they can. Median of ``repeat`` rounds;
    * whole: the whole pipeline, wall clock (``bench_pipeline``).
    """
    from cleantext.rulefiles import load_rules

    n_warm = warm_up_count(docs)
    mb, n = mb_of(docs[n_warm:]), len(docs) - n_warm
    out: dict[str, Any] = {}
    before = os.environ.get("CLEANTEXT_CACHE_DIR")
    caches: list[tempfile.TemporaryDirectory[str]] = []
    inputs: dict[int, list[Document]] = {}
    paths = dict(sorted(gazetteers.items()))
    sizes = list(paths)

    def use_cache(folder: str | None) -> None:
        if folder is None:
            os.environ.pop("CLEANTEXT_CACHE_DIR", None)
        else:
            os.environ["CLEANTEXT_CACHE_DIR"] = folder

    try:
        for size in sizes:
            caches.append(tempfile.TemporaryDirectory())
            # every Cleaner of this size loads its rules and names index from this cache, as a later start would
            use_cache(caches[-1].name)
            t = time.perf_counter()
            ruleset = load_rules([paths[size]])
            load = time.perf_counter() - t
            t = time.perf_counter()
            Cleaner(rules=ruleset, default_rules=default_rules)
            build = time.perf_counter() - t
            t = time.perf_counter()
            cleaner = Cleaner(rules=load_rules([paths[size]]), default_rules=default_rules)
            cached = time.perf_counter() - t
            inputs[size] = names_inputs(cleaner, docs)[1]
            res = bench_pipeline(cleaner, docs, repeat)
            out[str(size)] = {"variants": size, "load_s": round(load, 3), "build_s": round(build, 3),
                              "cached_load_s": round(cached, 3), "names_pass_in_pipeline": res["passes"].get("names"),
                              "whole": res["whole"], "plain_pass": res["plain_pass"]}
            del cleaner, ruleset
        times: dict[int, list[float]] = {size: [] for size in sizes}
        found: dict[int, int] = {}
        for _ in range(repeat):
            for size, cache in zip(sizes, caches, strict=True):
                use_cache(cache.name)
                fresh = Cleaner(rules=load_rules([paths[size]]), default_rules=default_rules)
                names = next(p for p in fresh.pipeline.passes if p.name == "names")
                gc.collect()
                settle_memory()  # as the CLI does once its Cleaner is built
                for doc in inputs[size][:n_warm]:
                    names.run(doc)
                t = time.process_time()
                results = [names.run(doc) for doc in inputs[size][n_warm:]]
                times[size].append(time.process_time() - t)
                found[size] = sum(len(r.mentions) for r in results)
                del results, fresh, names
                gc.unfreeze()
                gc.collect()
    finally:
        use_cache(before)
        for cache in caches:
            cache.cleanup()
    for size in sizes:
        r = out[str(size)]
        r["names_pass_cpu"] = names_rate = rate(mb, n, statistics.median(times[size]))
        r["names_pass_cpu_runs_s"] = [round(x, 4) for x in times[size]]
        r["mentions"] = found[size]
        print(f"  {size:>7} variants: load {r['load_s']:6.2f} s, build {r['build_s']:5.2f} s, from cache "
              f"{r['cached_load_s']:5.2f} s, names pass {names_rate['mb_s']:8.2f} MB/s (CPU, {found[size]:,} "
              f"names found), whole "
              f"{r['whole']['mb_s']:7.2f} MB/s (plain pass {r['plain_pass']['mb_s']:.0f} MB/s)")
    if len(sizes) > 1:
        small, large = out[str(sizes[0])], out[str(sizes[-1])]
        ratio = large["names_pass_cpu"]["seconds"] / small["names_pass_cpu"]["seconds"]
        out["names_pass_slowdown"] = round(ratio, 2)
        print(f"  names pass with {sizes[-1]:,} variants vs {sizes[0]:,}: {ratio:.2f}x the time")
    return out


_RULE_WORDS = ["ceasefire", "offensive", "negotiations", "border", "government", "army", "rebels", "convoy",
               "refugees", "elections", "parliament", "budget", "protest", "airport", "hospital", "harvest"]


def synthetic_rules(n: int) -> tuple[list[tuple[int, str, str]], list[tuple[int, str]]]:
    """n regex rules and n literal phrases shaped like MT-repair and boilerplate rules."""
    import random

    rng = random.Random(n)
    patterns: list[tuple[int, str, str]] = []
    phrases: list[tuple[int, str]] = []
    for i in range(n):
        a, b = rng.sample(_RULE_WORDS, 2)
        w = generate._word(rng).lower()
        shape = i % 3
        if shape == 0:
            patterns.append((i, rf"\b{w}\s+{a}\b", "i"))
        elif shape == 1:
            patterns.append((i, rf"\b(?:the|a)\s+{w}\s+of\s+{b}\b", ""))
        else:
            patterns.append((i, rf"^{w} (?:on|to) \w+$", "m"))
        phrases.append((i, f"{a} {w} {b}"))
    return patterns, phrases


def bench_rules(docs: Docs, counts: Sequence[int], repeat: int) -> dict[str, Any]:
    mb, n = mb_of(docs), len(docs)
    out: dict[str, Any] = {}
    for count in counts:
        patterns, phrases = synthetic_rules(count)
        t = time.perf_counter()
        combined = CombinedRegex(patterns)
        phrase_index = PhraseIndex(phrases)
        build = time.perf_counter() - t

        def scan_regex(c: CombinedRegex[int] = combined) -> None:
            for _, text in docs:
                c.scan(text)

        def scan_phrases(p: PhraseIndex[int] = phrase_index) -> None:
            for _, text in docs:
                p.find(text)

        r_regex = rate(mb, n, median_time(scan_regex, repeat))
        r_phrase = rate(mb, n, median_time(scan_phrases, repeat))
        out[str(count)] = {"rules": count, "build_s": round(build, 3), "combined_regex": r_regex,
                           "phrase_index": r_phrase}
        print(f"  {count:>6} rules: build {build:6.2f} s, CombinedRegex {r_regex['mb_s']:8.2f} MB/s, "
              f"PhraseIndex {r_phrase['mb_s']:8.2f} MB/s")
    return out


def bench_jobs(cleaner: Cleaner, docs: Docs, repeat: int, jobs_list: Sequence[int]) -> dict[str, Any]:
    """``clean_many`` with each number of processes in ``jobs_list``, and what this machine allows.

    The settings alternate, one run of each per round, and each round also measures the machine's own
    ceiling (``parallel_ceiling``): on a shared virtual machine how much two cores give varies with the
    load of the host from minute to minute, so a speed-up is only comparable with a ceiling measured
    beside it. Speed-ups are medians of the per-round ratios."""
    mb, n = mb_of(docs), len(docs)
    frozen = pickle.dumps(cleaner)

    def go(j: int) -> float:
        # a fresh copy each run, as each worker process gets: caches start empty for every setting (a
        # reused Cleaner would have memoized this corpus in earlier runs and the worker copies not)
        fresh: Cleaner = pickle.loads(frozen)
        settle_memory()  # as the CLI does (the workers settle themselves)
        t = time.perf_counter()
        for _ in fresh.clean_many(docs, jobs=j):
            pass
        seconds = time.perf_counter() - t
        del fresh
        gc.unfreeze()
        gc.collect()
        return seconds

    seconds: dict[int, list[float]] = {j: [] for j in jobs_list}
    cpu: dict[int, float] = {j: 0.0 for j in jobs_list}
    ceilings: dict[int, list[float]] = {j: [] for j in jobs_list[1:]}
    for _ in range(repeat):
        for j in jobs_list:
            before = _cpu_seconds()
            seconds[j].append(go(j))
            # CPU time of this process and its workers: tells extra work from a machine busy with other jobs
            cpu[j] += _cpu_seconds() - before
        for j in jobs_list[1:]:
            ceilings[j].append(parallel_ceiling(j))
    out: dict[str, Any] = {}
    base = jobs_list[0]
    for j in jobs_list:
        r = rate(mb, n, statistics.median(seconds[j]))
        r["cpu_s_per_run"] = round(cpu[j] / repeat, 2)
        r["speedup"] = round(statistics.median(b / s for b, s in zip(seconds[base], seconds[j], strict=True)), 2)
        line = f"  --jobs {j}: {fmt_rate(r)}  speed-up {r['speedup']}x, CPU {r['cpu_s_per_run']} s per run"
        if j in ceilings:
            r["machine_ceiling"] = round(statistics.median(ceilings[j]), 2)
            r["machine_ceiling_runs"] = [round(c, 2) for c in ceilings[j]]
            line += (f"; {j} copies of a pure-Python loop at once: {r['machine_ceiling']}x one alone "
                     f"(what this machine gives work that shares nothing, measured beside)")
        out[str(j)] = r
        print(line)
    return out


def _spin(start_at: float) -> float:
    """A pure-Python CPU loop, started at ``start_at`` (so that concurrent copies overlap); its seconds."""
    while time.time() < start_at:
        time.sleep(0.001)
    t = time.perf_counter()
    x = 0
    for i in range(8_000_000):
        x += i * i % 7
    return time.perf_counter() - t


def parallel_ceiling(jobs: int, repeat: int = 3) -> float:
    """How much faster ``jobs`` processes do independent work than one on this machine: ``jobs`` copies of
    the same loop, run at once, against one alone (median of ``repeat`` rounds). On a virtual machine
    whose cores share a physical one, or a busy host, this is well under ``jobs``, and it bounds what
    ``--jobs`` can give whatever cleantext does."""
    import multiprocessing

    ratios = []
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for _ in range(repeat):
            alone = pool.apply(_spin, (0.0,))
            start = time.time() + 0.2
            together = max(pool.map(_spin, [start] * jobs, chunksize=1))
            ratios.append(jobs * alone / together)
    return round(statistics.median(ratios), 2)


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bench_memory(gazetteer: Path, entities: list[generate.Entity], mb: float, jobs: int) -> dict[str, Any]:
    path = generate.DATA / f"stream_{mb:g}mb.jsonl"
    if not path.exists():
        print(f"  writing {path} ({mb:g} MB)...", flush=True)
        generate.write_corpus(path, entities, mb=mb, seed=generate.SEED + 1)
    out_path = generate.DATA / "stream_out.jsonl"
    cmd = [sys.executable, "-m", "cleantext", "clean", str(path), "-o", str(out_path), "-q", "--jobs", str(jobs),
           "--rules", str(gazetteer)]
    t = time.perf_counter()
    # a fresh process, so ru_maxrss of the children is this run's peak (workers included, largest one)
    code = subprocess.call(cmd)
    secs = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    size = path.stat().st_size / 1e6
    out_path.unlink(missing_ok=True)
    res = {"input_mb": round(size, 1), "exit": code, "seconds": round(secs, 1), "jobs": jobs,
           "peak_rss_mb": round(peak_mb, 1), "mb_s": round(size / secs, 2)}
    print(f"  streamed {size:.0f} MB with --jobs {jobs} in {secs:.1f} s ({res['mb_s']} MB/s), "
          f"peak RSS of one process {peak_mb:.0f} MB, exit {code}")
    return res


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"date": dt.date.today().isoformat(), "cpu": cpu, "cores": os.cpu_count(),
            "python": platform.python_version(), "platform": platform.platform()}


def write_results(out: Path, results: dict[str, Any]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults written to {out}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--real" in argv:  # the real dev sets: their own script, its own options (--limit, --repeat, --sets)
        import bench_real

        return bench_real.main([a for a in argv if a != "--real"])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50, help="corpus size in MB (default 50)")
    ap.add_argument("--variants", type=int, default=10_000, help="gazetteer size for the pipeline section")
    ap.add_argument("--repeat", type=int, default=3, help="repetitions per figure; the median is reported")
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections: {', '.join(SECTIONS)}")
    ap.add_argument("--quick", action="store_true", help="small scaling sections (a smoke run)")
    ap.add_argument("--memory-mb", type=float, default=1000, help="size of the streamed JSONL file (default 1 GB)")
    ap.add_argument("--no-default-rules", action="store_true", help="only the generated gazetteer, no shipped rules")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "latest.json")
    ap.add_argument("--real", action="store_true",
                    help="benchmark the real dev sets instead (benchmarks/bench_real.py; see its --help)")
    args = ap.parse_args(argv)
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    for s in sections:
        if s not in SECTIONS:
            ap.error(f"unknown section {s!r}; choose from {', '.join(SECTIONS)}")

    info = machine()
    print(f"cleantext benchmarks, {info['date']}, {info['cpu']}, {info['cores']} cores, Python {info['python']}")
    gaz_path, entities = generate.ensure_gazetteer(args.variants)
    corpus = generate.corpus_path(args.mb, args.variants)
    if not corpus.exists():
        print(f"generating {corpus}...", flush=True)
        generate.write_corpus(corpus, entities, mb=args.mb)
    docs = load_corpus(corpus)
    results: dict[str, Any] = {"machine": info, "args": {k: str(v) for k, v in vars(args).items()}}
    cleaner = Cleaner(rules=[gaz_path], default_rules=not args.no_default_rules, options=Options())
    sub = docs[: max(1, len(docs) // 5)] if not args.quick else docs[: max(1, len(docs) // 20)]

    if "pipeline" in sections:
        res = bench_pipeline(cleaner, docs, args.repeat)
        print_pipeline(res, f"default pipeline + {args.variants}-variant gazetteer")
        results["pipeline"] = res
    if "gazetteers" in sections:
        sizes = (100, 10_000) if args.quick else (100, 10_000, 100_000)
        print(f"\n== gazetteer scaling on {len(sub)} docs, {mb_of(sub):.1f} MB (names from the "
              f"{args.variants}-variant gazetteer; each size its own entities) ==")
        results["gazetteers"] = bench_gazetteers(sub, {size: generate.ensure_gazetteer(size)[0] for size in sizes},
                                                 args.repeat, default_rules=not args.no_default_rules)
        same = load_corpus(generate.names_corpus(round(mb_of(sub), 1), sizes[0]))
        print(f"\n== gazetteer scaling, the same names to find: {len(same)} docs, {mb_of(same):.1f} MB naming only "
              f"entities of the {sizes[0]}-variant gazetteer, which every size holds ==")
        results["gazetteers_same_names"] = bench_gazetteers(
            same, {size: generate.nested_gazetteer(size, sizes[0])[0] for size in sizes}, args.repeat,
            default_rules=not args.no_default_rules)
    if "rules" in sections:
        print(f"\n== rules per pass (combined matchers) on {len(sub)} docs, {mb_of(sub):.1f} MB ==")
        counts = (50, 500) if args.quick else (50, 500, 5_000)
        results["rules"] = bench_rules(sub, counts, args.repeat)
    if "jobs" in sections:
        print(f"\n== clean_many, {len(docs)} docs, {mb_of(docs):.1f} MB ==")
        results["jobs"] = bench_jobs(cleaner, docs, args.repeat, (1, 2))
    if "memory" in sections and args.memory_mb > 0:
        print("\n== streaming memory ==")
        results["memory"] = bench_memory(gaz_path, entities, args.memory_mb, jobs=2)

    write_results(args.out, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
