"""Draw a random sample of the mt_repair edits default cleaning makes on the real FR-EN dev set, for judging by hand.

    PYTHONPATH=$PWD python benchmarks/sample_mt_edits.py [--n 100] [--seed 15] [--out /tmp/mt_sample.jsonl]

Each line holds the document id, the edit (rule, old, new), an excerpt of the MT text around it (the line it is
on, cut to about 200 characters either side) with the edit's offset in the excerpt, whether the document was
found translated from French (the test re-runs the excerpt with ``source_lang="fr"`` then, since an excerpt is
too short to decide that alone), and the aligned French segment and post-edit for the judge. The judged sample
is kept as ``tests/data/mt_judged_sample.jsonl`` (a ``verdict`` and a ``reason`` added by hand) and re-run by
``tests/test_mt_judged_sample.py``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import realsets  # noqa: E402

from cleantext import Cleaner  # noqa: E402
from cleantext.coordinates import input_spans  # noqa: E402

#: characters of context kept on either side of an edit, within its line
CONTEXT = 200


def excerpt(text: str, start: int, end: int) -> tuple[str, int]:
    """The part of ``text``'s line around ``[start, end)``, cut at spaces, and where ``start`` is in it."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    if start - lo > CONTEXT:
        lo = text.find(" ", start - CONTEXT, start) + 1 or start - CONTEXT
    if hi - end > CONTEXT:
        cut = text.rfind(" ", end, end + CONTEXT)
        hi = cut if cut > end else end + CONTEXT
    return text[lo:hi], start - lo


def _segment_at(row: dict[str, Any], start: int) -> tuple[str, str]:
    """The French segment and post-edit aligned with the MT segment holding ``start``."""
    fr, pe = row["source_fr"].split("\n"), row["post_edit_of_other_system"].split("\n")
    pos = 0
    for i, seg in enumerate(row["segments"]):
        at = row["text"].find(seg, pos)
        if at < 0:
            break
        if at <= start < at + len(seg) and i < len(fr) and i < len(pe):
            return fr[i], pe[i]
        pos = at + len(seg)
    return "", ""


def edits_of(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaner = Cleaner()
    out: list[dict[str, Any]] = []
    for row in rows:
        result = cleaner.clean_and_explain(row["text"])
        french = result.reports.get("mt_repair", {}).get("source_lang") == "fr"
        for edit, span in zip(result.edits, input_spans(result.original, result.edits), strict=True):
            if edit.pass_name != "mt_repair":
                continue
            context, offset = excerpt(row["text"], span.start, span.end)
            fr, pe = _segment_at(row, span.start)
            out.append({"doc": row["id"], "rule": edit.rule, "category": edit.category, "old": edit.old,
                        "new": edit.new, "context": context, "offset": offset, "french_source": french,
                        "source_fr": fr, "post_edit": pe})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--out", type=Path, default=Path("/tmp/mt_sample.jsonl"))
    args = ap.parse_args()
    with (realsets.realdata_dir() / "mt-fr-en" / "dev.jsonl").open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    edits = edits_of(rows)
    sample = random.Random(args.seed).sample(edits, min(args.n, len(edits)))
    with args.out.open("w", encoding="utf-8") as f:
        for item in sample:
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(edits)} mt_repair edits on {len(rows)} documents; {len(sample)} drawn (seed {args.seed}) "
          f"to {args.out}")


if __name__ == "__main__":
    main()
