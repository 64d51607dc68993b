"""How often "translated from French" is decided, and how many documents get mt_repair edits, with default options.

Runs the whole default cleaner (as a user would) on the real French-to-English MT dev set, on native English
and on the web pages of the boilerplate set (those not in English are skipped by the pass), once as shipped
and once with the fitted score switched off (the cue/rule evidence alone, as before the score), and prints
per set: documents flagged, how they were decided, documents with mt_repair edits, and edits.

    PYTHONPATH=$PWD python benchmarks/bench_mt_detect.py [--limit N]
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from unittest import mock

from cleantext import Cleaner
from cleantext.mt import score as score_module

DATA = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "mt-fr-en"
if not DATA.is_dir():  # a worktree under /work/wt/
    DATA = Path("/work/shared/realdata/mt-fr-en")
SETS = {"mt_dev": "dev.jsonl", "native_english_dev": "native_english_dev.jsonl", "web_pages": ""}
WEB = DATA.parent / "boilerplate-web" / "input"


def _texts(name: str, limit: int) -> list[str]:
    if not SETS[name]:  # raw web pages, every language: the pass skips the ones not in English
        return [p.read_text(encoding="utf-8", errors="replace") for p in sorted(WEB.glob("*.txt"))[: limit or None]]
    with (DATA / SETS[name]).open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    return texts[:limit] if limit else texts


def measure(texts: list[str]) -> dict[str, object]:
    cleaner = Cleaner()
    decided: Counter[str] = Counter()
    with_edits = edits = 0
    for text in texts:
        result = cleaner.clean_and_explain(text)
        report = result.reports.get("mt_repair", {})
        decided[str(report.get("source_lang_decided_by", "skipped"))] += 1
        n = sum(1 for e in result.edits if e.pass_name == "mt_repair")
        with_edits += n > 0
        edits += n
    flagged = decided["score"] + decided["evidence"]
    return {"docs": len(texts), "flagged": flagged, "flag_rate": round(flagged / max(len(texts), 1), 4),
            "decided_by": dict(sorted(decided.items())), "docs_with_mt_edits": with_edits, "mt_edits": edits}


def _never_flagged(model: score_module.Model) -> score_module.Model:
    return score_module.Model(model.bias, model.weights, 2.0, model.fitted_on)  # a probability never reaches 2


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="read only the first N documents of each set")
    args = ap.parse_args()
    shipped = score_module.load_model()
    for name in SETS:
        texts = _texts(name, args.limit)
        with mock.patch.object(score_module, "load_model", lambda: _never_flagged(shipped)):
            before = measure(texts)
        after = measure(texts)
        print(f"{name}: without the score {json.dumps(before)}")
        print(f"{name}: with the score    {json.dumps(after)}")


if __name__ == "__main__":
    main()
