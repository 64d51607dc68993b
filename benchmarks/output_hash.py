"""One hash per corpus of everything the default pipeline gives back: texts, edit logs, mentions, reports.

Run it before and after a change that should not change the output; the hashes must be equal.

    python benchmarks/output_hash.py                 # seeds, 200 web pages, all MT, all native, 1 MB generated
    python benchmarks/output_hash.py --web 959 --json hashes.json

The real sets come from ``../shared/realdata`` and are skipped, with a message, where it is missing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import realsets  # noqa: E402

from cleantext import Cleaner, CleanResult, Document  # noqa: E402


def _plain(value: Any) -> Any:
    """Reports hold sets and tuples here and there: one canonical JSON-able form for hashing."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


def result_bytes(result: CleanResult) -> bytes:
    record = {"id": result.id, "text": result.text, "edits": [list(e) for e in result.edits],
              "mentions": [[*m[:-1], dict(m.meta)] for m in result.mentions], "reports": result.reports}
    return json.dumps(_plain(record), ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass")


def corpus_hash(cleaner: Cleaner, docs: realsets.Docs) -> str:
    h = hashlib.sha256()
    for doc_id, text in docs:
        h.update(result_bytes(cleaner.pipeline.run(Document(text=text, id=doc_id))))
        h.update(b"\n")
    return h.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--web", type=int, default=200, help="how many web pages (the first, by name; default 200)")
    ap.add_argument("--gen-mb", type=float, default=1.0, help="size of the generated corpus in MB (default 1)")
    ap.add_argument("--variants", type=int, default=10_000, help="gazetteer of the generated corpus")
    ap.add_argument("--json", type=Path, help="also write the hashes to this file")
    args = ap.parse_args(argv)
    default = Cleaner()
    sets: dict[str, tuple[Cleaner, realsets.Docs]] = {"seeds": (default, realsets.seed_docs())}
    for name, docs in realsets.real_sets().items():
        sets[name] = (default, docs[: args.web] if name == "web" else docs)
    generated, gazetteer = realsets.generated_docs(args.gen_mb, args.variants)
    sets["generated"] = (Cleaner(rules=[gazetteer]), generated)
    hashes: dict[str, str] = {}
    for name, (cleaner, docs) in sets.items():
        hashes[name] = corpus_hash(cleaner, docs)
        print(f"{name:<10} {len(docs):>5} docs  {hashes[name]}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(hashes, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
