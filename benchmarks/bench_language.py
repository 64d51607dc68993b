"""Accuracy and speed of cleantext.language (pycld2 on a sample) on the real dev sets, beside py3langid.

    PYTHONPATH=. python benchmarks/bench_language.py [--limit N]

MT and native English must all be English; the web pages (mostly German, no labels) are compared with
py3langid over the whole page (when py3langid is installed: it is the candidate not chosen), and MT
segments of three lengths show how short fragments fare. CPU time, one process.
"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from cleantext import language

REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata"
if not REAL.exists():
    REAL = Path("/work/shared/realdata")


def _jsonl(path: Path, limit: int) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f][:limit]


def _timed(fn: Callable[[str], str], texts: list[str]) -> tuple[list[str], float]:
    start = time.process_time()
    out = [fn(t) for t in texts]
    return out, (time.process_time() - start) / max(1, len(texts)) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=10**9, help="documents read per set")
    limit = parser.parse_args().limit
    mt = _jsonl(REAL / "mt-fr-en" / "dev.jsonl", limit)
    native = [str(d["text"]) for d in _jsonl(REAL / "mt-fr-en" / "native_english_dev.jsonl", limit)]
    pages = sorted((REAL / "boilerplate-web" / "input").glob("*.txt"))[:limit]
    web = [p.read_text(encoding="utf-8", errors="replace") for p in pages]
    sampled = lambda t: language.document_language(t).lang  # noqa: E731
    other = _py3langid()
    for name, texts in (("mt", [str(d["text"]) for d in mt]), ("native_english", native), ("web", web)):
        language.document_language.cache_clear()
        got, ms = _timed(sampled, texts)
        print(f"{name}: {len(texts)} docs, {ms:.2f} ms/doc (sampled), languages {Counter(got).most_common(5)}")
        if other is not None:
            theirs, their_ms = _timed(other, texts)
            agree = sum(a == b for a, b in zip(got, theirs, strict=True)) / max(1, len(texts))
            print(f"  py3langid, whole text: {their_ms:.2f} ms/doc, {Counter(theirs).most_common(5)}; "
                  f"agreement {agree:.1%}")
    segments = [str(s) for d in mt for s in d["segments"]]  # type: ignore[attr-defined]
    for low, high in ((10, 40), (40, 100), (100, 400)):
        these = [s for s in segments if low <= len(s) < high]
        english = sum(sampled(s) == "en" for s in these) / max(1, len(these))
        unknown = sum(sampled(s) == language.UNKNOWN for s in these) / max(1, len(these))
        line = f"MT segments of {low}-{high} chars: {len(these)}, English {english:.1%}, unknown {unknown:.1%}"
        if other is not None:
            line += f"; py3langid English {sum(other(s) == 'en' for s in these) / max(1, len(these)):.1%}"
        print(line)


def _py3langid() -> Callable[[str], str] | None:
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        return None
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return lambda t: str(identifier.classify(t)[0])


if __name__ == "__main__":
    main()
