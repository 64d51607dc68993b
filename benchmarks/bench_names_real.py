"""Labelled real-text benchmark of the names pass: French-to-English MT against human references.

    python benchmarks/bench_names_real.py            # figures
    python benchmarks/bench_names_real.py --show     # also every miss, wrong edit and held-back candidate

Data (read-only): ``../shared/realdata/mt-fr-en/dev.jsonl`` (646 MT documents, Google and Bing 2012) and
``native_english_dev.jsonl`` (227 human English news documents). The gazetteer
``benchmarks/names_real/gazetteer.yaml`` was written from the human post-edits (canonical = the
reference's spelling) and is given as a user gazetteer on top of the shipped ones, as a user would.

* ``cases.tsv``: MT spellings (found by comparing each MT segment with its reference line) with the
  text the rewrite must contain; every word-bounded occurrence in the MT is a case. ``listed`` when the
  gazetteer lists that spelling (or the variant it is the surname of), ``unlisted`` otherwise.
* ``public_mt.jsonl``: short verbatim excerpts of real Russian- and Japanese-to-English MT (WMT22 system
  outputs, each with its repository, commit, file and offset), scored with the same cases and traps; the
  canonical spellings of their names are the WMT22 ru-en reference's (the native English set below).
  Documents with ``"batch": "held-out"`` were added after the code they measure and run blind.
* ``traps.tsv``: real, different entities one letter or so from a gazetteer name; an edit turning one
  into the other is a merged trap.
* ``judged_edits.tsv``: edits on no case that were read and judged right (old -> new), e.g. the shipped
  gazetteer's canonical for a spelling the references also use.

Recall = cases whose span an edit covers with the expected text; precision = edits that are a recalled
case or a judged-right edit / all edits of the pass on the MT (any other edit counts wrong: ``--show``
lists them to judge). ``native edits`` = edits of the names pass on the human English texts (the bar is <= 3).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleantext.document import Document  # noqa: E402
from cleantext.edits import Edit  # noqa: E402
from cleantext.options import Options  # noqa: E402
from cleantext.passes.names import NamesPass  # noqa: E402
from cleantext.rulefiles import load_rules  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from realsets import realdata_dir  # noqa: E402  (../shared/realdata beside the checkout or a worktree)

DATA = realdata_dir() / "mt-fr-en"
HERE = ROOT / "benchmarks" / "names_real"


def rows(name: str) -> list[dict[str, str]]:
    with open(HERE / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def spans(text: str, form: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text)]


def covering(edits: list[Edit], start: int, end: int) -> list[Edit]:
    return [e for e in edits if e.start <= start and end <= e.end]


def score_mt(npass: NamesPass, docs: list[dict[str, str]], show: bool) -> dict[str, int]:
    cases, traps = rows("cases.tsv"), rows("traps.tsv")
    judged = {(j["old"], j["new"]) for j in rows("judged_edits.tsv")}
    n = {"listed": 0, "listed_hit": 0, "unlisted": 0, "unlisted_hit": 0, "edits": 0, "right": 0,
         "traps": 0, "trap_merged": 0, "held": 0}
    for d in docs:
        text = d["text"]
        result = npass.run(Document(text))
        edits = list(result.edits)
        right: set[Edit] = set()
        for c in cases:
            for s, e in spans(text, c["form"]):
                n[c["class"]] += 1
                hit = [x for x in covering(edits, s, e) if c["expected"] in x.new]
                right.update(hit)
                n[c["class"] + "_hit"] += bool(hit)
                if show and not hit:
                    print(f"  miss {c['class']:8} {d['id']}: {text[max(0, s - 30):e + 10]!r}")
        for t in traps:
            for s, e in spans(text, t["form"]):
                n["traps"] += 1
                bad = [x for x in covering(edits, s, e) if t["not_into"] in x.new]
                n["trap_merged"] += bool(bad)
                if show and bad:
                    print(f"  TRAP merged {d['id']}: {bad[0].old!r} -> {bad[0].new!r}")
        right.update(x for x in edits if (x.old, x.new) in judged)
        n["edits"] += len(edits)
        n["right"] += len(right)
        if show:
            for x in edits:
                if x not in right:
                    print(f"  edit on no case {d['id']}: {x.old!r} -> {x.new!r} ({x.rule})")
        for m in result.mentions:
            if m.match == "candidate":
                n["held"] += 1
                if show:
                    print(f"  held back {d['id']}: {m.text!r} (candidate {m.canonical!r})")
    return n


def native_edits(npass: NamesPass, texts: list[str], show: bool) -> int:
    total = 0
    for t in texts:
        for x in npass.run(Document(t)).edits:
            total += 1
            if show:
                print(f"  native edit: {x.old!r} -> {x.new!r} ({x.rule})")
    return total


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}% ({a}/{b})" if b else "n/a"


def report(label: str, n: dict[str, int]) -> None:
    hits = n["listed_hit"] + n["unlisted_hit"]
    print(f"{label}: cases listed {n['listed']}, unlisted {n['unlisted']}; trap mentions {n['traps']}")
    print(f"  recall all      {pct(hits, n['listed'] + n['unlisted'])}")
    print(f"  recall listed   {pct(n['listed_hit'], n['listed'])}")
    print(f"  recall unlisted {pct(n['unlisted_hit'], n['unlisted'])}")
    print(f"  precision       {pct(n['right'], n['edits'])}")
    print(f"  traps merged    {n['trap_merged']}")
    print(f"  held back (candidates reported, not rewritten) {n['held']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", action="store_true", help="list misses, edits on no case, held-back candidates")
    ap.add_argument("--limit", type=int, default=0, help="first N MT documents only (0: all)")
    args = ap.parse_args()
    gazetteers = list(load_rules([ROOT / "rules" / "names", HERE / "gazetteer.yaml"]).gazetteers)
    npass = NamesPass([], gazetteers, options=Options())
    with open(DATA / "dev.jsonl", encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    if args.limit:
        docs = docs[: args.limit]
    with open(DATA / "native_english_dev.jsonl", encoding="utf-8") as f:
        native = [json.loads(line)["text"] for line in f]
    with open(HERE / "public_mt.jsonl", encoding="utf-8") as f:
        public = [json.loads(line) for line in f]
    sets = {"fr-en": docs}
    for pair in ("ru-en", "ja-en"):
        sets[pair] = [d for d in public if pair in d["id"] and "batch" not in d]
        sets[f"{pair} held-out"] = [d for d in public if pair in d["id"] and d.get("batch") == "held-out"]
    total: dict[str, int] = {}
    for label, group in sets.items():
        n = score_mt(npass, group, args.show)
        report(f"{label} ({len(group)} documents)", n)
        total = {k: total.get(k, 0) + v for k, v in n.items()}
    report(f"all ({sum(map(len, sets.values()))} documents)", total)
    print(f"native edits    {native_edits(npass, native, args.show)} (bar <= 3)")


if __name__ == "__main__":
    main()
