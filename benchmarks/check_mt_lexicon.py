"""Every edit the French name, article, calque and number rules make on the real dev sets, for reading by hand.

    PYTHONPATH=$PWD python benchmarks/check_mt_lexicon.py [--set native|mt] [--rules PREFIX,...] [--limit N]

Runs the default cleaner (``cleantext.clean``'s options) over ``mt-fr-en/native_english_dev.jsonl`` (native
English: every edit listed here is a candidate wrong edit, the issue allows at most 1 per 100 documents) or
the MT ``dev.jsonl``, and prints each mt_repair edit whose rule id starts with one of the prefixes, with its
context, then the count per rule. How many occurrences of each class the MT holds, and how many are repaired,
is ``benchmarks/count_mt_classes.py``'s job; this script is the reading list for precision.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import realsets  # noqa: E402

from cleantext import Cleaner  # noqa: E402

#: the rule families of issue 15's name forms, country articles, calques and number formats
DEFAULT_PREFIXES = ("fr-exonym-", "fr-name-", "fr-the-country", "fr-calque-", "fr-number-", "fr-thousands",
                    "fr-decimal")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", choices=("native", "mt"), default="native")
    ap.add_argument("--rules", default=",".join(DEFAULT_PREFIXES), help="comma-separated rule id prefixes")
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    args = ap.parse_args()
    prefixes = tuple(p for p in args.rules.split(",") if p)
    docs = realsets.real_sets((args.set,)).get(args.set, [])
    if args.limit:
        docs = docs[: args.limit]
    cleaner = Cleaner()
    per_rule: Counter[str] = Counter()
    for doc_id, text in docs:
        result = cleaner.clean_and_explain(text)
        for e in result.edits:
            if e.pass_name == "mt_repair" and e.rule.startswith(prefixes):
                per_rule[e.rule] += 1
                context = text[max(0, e.start - 60) : e.end + 60].replace("\n", " ")
                print(f"{doc_id}\t{e.rule}\t{e.old!r} -> {e.new!r}\t{context}")
    total = sum(per_rule.values())
    print(f"\n{len(docs)} documents, {total} edits ({100 * total / max(1, len(docs)):.2f} per 100 documents)")
    for rule, n in per_rule.most_common():
        print(f"  {n:5d}  {rule}")


if __name__ == "__main__":
    main()
