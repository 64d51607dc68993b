"""Benchmark of the boilerplate pass: precision/recall on labelled pages, throughput on a generated corpus.

    python benchmarks/bench_boilerplate.py              # both, default corpus of 10,000 documents
    python benchmarks/bench_boilerplate.py --docs 20000 --seed 7
    python benchmarks/bench_boilerplate.py --verbose    # also list every wrong decision

Labelled pages live in benchmarks/labelled/*.txt (format in its README). A line counts as removed when
an edit of the pass deletes it. Precision = removed boilerplate / removed lines; recall = removed
boilerplate / boilerplate lines. The throughput corpus is generated from a fixed seed, so runs compare.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleantext.document import Document  # noqa: E402
from cleantext.passes.boilerplate import BoilerplatePass  # noqa: E402
from cleantext.passes.boilerplate_signals import build_batch_context, split_lines  # noqa: E402
from cleantext.rulefiles import load_rules  # noqa: E402

LABELLED = Path(__file__).resolve().parent / "labelled"
HELDOUT = LABELLED / "heldout"
HELDOUT2 = LABELLED / "heldout2"
HELDOUT3 = LABELLED / "heldout3"
RULES = ROOT / "rules" / "boilerplate"


def build_pass() -> BoilerplatePass:
    rules = load_rules([RULES]).for_pass("boilerplate")
    return BoilerplatePass(rules)


def read_page(path: Path) -> tuple[str, list[bool | None]]:
    """The page text and, per line, True (boilerplate), False (content) or None (blank)."""
    texts: list[str] = []
    labels: list[bool | None] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            texts.append("")
            labels.append(None)
            continue
        tag, sep, line = raw.partition("|")
        if not sep or tag not in ("B", "C"):
            raise SystemExit(f"{path}: line without a B| or C| label: {raw!r}")
        texts.append(line)
        labels.append(tag == "B")
    return "\n".join(texts) + "\n", labels


def removed_lines(p: BoilerplatePass, text: str) -> dict[int, str]:
    """Line index -> rule id, for every line the pass deletes."""
    result = p.run(Document(text=text))
    starts = {line.start: line.index for line in split_lines(text)}
    return {starts[e.start]: e.rule for e in result.edits if e.start in starts}


def precision_recall(p: BoilerplatePass, verbose: bool, folder: Path = LABELLED) -> dict[str, tuple[int, int, int]]:
    """Per language: (true positives, false positives, false negatives) over the pages of ``folder``."""
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for path in sorted(folder.glob("*.txt")):
        text, labels = read_page(path)
        lines = text.split("\n")
        removed = removed_lines(p, text)
        lang = path.stem.split("_")[0]
        for i, label in enumerate(labels):
            if label is None:
                continue
            gone = i in removed
            s = stats[lang]
            if gone and label:
                s[0] += 1
            elif gone and not label:
                s[1] += 1
                if verbose:
                    print(f"  FALSE POSITIVE {path.name}:{i + 1} [{removed[i]}] {lines[i]!r}")
            elif label:
                s[2] += 1
                if verbose:
                    print(f"  MISSED         {path.name}:{i + 1} {lines[i]!r}")
    return {k: (v[0], v[1], v[2]) for k, v in stats.items()}


# --- generated corpus for throughput -----------------------------------------------------------------

_VOCABULARY = ("the government said on monday that talks with the opposition would resume next week after "
               "officials in the capital reported new clashes near the border where thousands of families have "
               "fled their homes since the start of the offensive according to local sources and aid groups "
               "la province le gouvernement a annoncé que les négociations reprendraient die Regierung teilte mit "
               "dass die Gespräche fortgesetzt werden el gobierno anunció que las conversaciones continuarán")
_WORDS = tuple(_VOCABULARY.split())


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 30))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + rng.choice([".", ".", ".", "?", "!"])


def generate_corpus(n_docs: int, seed: int) -> list[str]:
    """Documents of 5-25 paragraphs with boilerplate lines (from the labelled pages) above and below."""
    rng = random.Random(seed)
    furniture = []
    for path in sorted(LABELLED.glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.startswith("B|"):
                furniture.append(raw[2:])
    docs = []
    for _ in range(n_docs):
        head = rng.sample(furniture, rng.randint(0, 5))
        title = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 12))).capitalize()
        body = [" ".join(_sentence(rng) for _ in range(rng.randint(1, 5))) for _ in range(rng.randint(5, 25))]
        for _ in range(rng.randint(0, 3)):
            body.insert(rng.randrange(len(body) + 1), rng.choice(furniture))
        tail = rng.sample(furniture, rng.randint(0, 8))
        docs.append("\n\n".join([*head, title, *body, *tail]) + "\n")
    return docs


def throughput(p: BoilerplatePass, docs: list[str], *, batch: bool) -> tuple[float, float, int]:
    """(MB/s, docs/s, lines removed) for cleaning ``docs`` one by one."""
    ctx = build_batch_context(docs) if batch else None
    n_bytes = sum(len(d.encode("utf-8")) for d in docs)
    removed = 0
    t0 = time.perf_counter()
    for d in docs:
        removed += len(p.run(Document(text=d, batch=ctx)).edits)
    dt = time.perf_counter() - t0
    return n_bytes / dt / 1e6, len(docs) / dt, removed


REAL = Path("/work/shared/realdata/boilerplate-web")


def real_throughput(n_pages: int) -> None:
    """The pass alone on the first pages of the real dev set, per model setting: CPU time of this thread,
    median of 3 runs (the rule-evidence cache emptied before each run), and the decision rounds it took."""
    import json
    import statistics

    from cleantext.options import BOILERPLATE_SETTINGS, Options

    docs = [json.loads(x) for x in (REAL / "gold.jsonl").read_text(encoding="utf-8").splitlines()][:n_pages]
    texts = [(REAL / "input" / f"{d['id']}.txt").read_text(encoding="utf-8") for d in docs]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"real web pages: {len(texts)}, {mb:.2f} MB ({REAL})")
    for setting in BOILERPLATE_SETTINGS:
        p = BoilerplatePass(load_rules([RULES]).for_pass("boilerplate"), options=Options(boilerplate=setting))
        times, rounds = [], []
        for _ in range(3):
            p._evidence_cache.clear()
            t0 = time.thread_time()
            rounds = [p.run(Document(text=t)).report.get("rounds", 0) for t in texts]
            times.append(time.thread_time() - t0)
        dt = statistics.median(times)
        print(f"  {setting}: {mb / dt:.2f} MB/s, rounds median {statistics.median(rounds)}, max {max(rounds)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000, help="documents in the generated corpus (default 10000)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the generated corpus (default 1)")
    ap.add_argument("--verbose", action="store_true", help="list every false positive and missed line")
    ap.add_argument("--skip-throughput", action="store_true", help="only precision and recall")
    ap.add_argument("--real", type=int, metavar="N", help="only the pass's throughput on the first N real pages")
    args = ap.parse_args()
    if args.real:
        real_throughput(args.real)
        return

    p = build_pass()
    kinds: dict[str, int] = defaultdict(int)
    for r in p.rules:
        kinds[r.kind] += 1
    print(f"rules: {len(p.rules)} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}); "
          f"catalogue phrases for fuzzy matching: {len(p._catalogue)}")

    for name, folder in (("development set (rules were tuned on it)", LABELLED),
                         ("held-out set of round 1 (seen since round 1's report)", HELDOUT),
                         ("held-out set of round 2 (seen since round 2's report)", HELDOUT2),
                         ("held-out set of round 3 (written before round-3 tuning)", HELDOUT3)):
        stats = precision_recall(p, args.verbose, folder)
        tp = sum(s[0] for s in stats.values())
        fp = sum(s[1] for s in stats.values())
        fn = sum(s[2] for s in stats.values())
        content = sum(1 for f in folder.glob("*.txt") for x in f.read_text(encoding="utf-8").splitlines()
                      if x.startswith("C|"))
        pages = len(list(folder.glob("*.txt")))
        print(f"{name}: {pages} pages, {tp + fn} boilerplate and {content} content lines, "
              f"languages {', '.join(sorted(stats))}")
        for lang, (a, b, c) in sorted(stats.items()):
            print(f"  {lang}: precision {a / max(1, a + b):.3f}  recall {a / max(1, a + c):.3f}  "
                  f"(tp {a}, fp {b}, fn {c})")
        print(f"  all: precision {tp / max(1, tp + fp):.3f}  recall {tp / max(1, tp + fn):.3f}  "
              f"(tp {tp}, fp {fp}, fn {fn})")

    if not args.skip_throughput:
        docs = generate_corpus(args.docs, args.seed)
        mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
        print(f"generated corpus: {len(docs)} documents, {mb:.1f} MB (seed {args.seed})")
        for batch in (False, True):
            mbs, dps, removed = throughput(p, docs, batch=batch)
            label = "with batch context" if batch else "one by one"
            print(f"  throughput {label}: {mbs:.2f} MB/s, {dps:.0f} docs/s, {removed} lines removed")


if __name__ == "__main__":
    main()
