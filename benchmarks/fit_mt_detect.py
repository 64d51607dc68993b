"""Fit the "translated from French" score (cleantext/mt/score.py) and write cleantext/mt/detect_weights.json.

Positives: the real French-to-English MT of ``mt-fr-en/dev.jsonl`` (field ``text``); negatives: the native
English of ``mt-fr-en/native_english_dev.jsonl``, plus the same native texts with their dashes typed as
ASCII hyphens (' - '), the way much English on the web is written: spaced hyphens must not be taken for
split French compounds just because the native sample happens to use em dashes.

Negatives also include the English pages of ``boilerplate-web/input`` (raw web text, menus included).
Split: by a hash of the document id, 2/3 fit, 1/3 held out (the held-out part is only measured). Model: L2
regularised logistic regression fitted by Newton's method in plain Python (deterministic, no sklearn), with
non-negative weights (a signal that comes out negative is dropped and the rest refitted).
Threshold: the lowest probability that flags at most MAX_FIT_FP of the fit negatives, raised to stay above
every fit negative by a margin. Prints the held-out flag rates; ``--write`` stores the weights.

    PYTHONPATH=$PWD python benchmarks/fit_mt_detect.py [--write] [--limit N]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
from pathlib import Path
from unittest import mock

from cleantext import Document, Options
from cleantext.cleaner import default_ruleset
from cleantext.language import document_language
from cleantext.mt import score as score_module
from cleantext.mt.score import SIGNALS, Model, features, prose_words
from cleantext.passes.mt_repair import MtRepairPass

DATA = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "mt-fr-en"
if not DATA.is_dir():  # a worktree under /work/wt/
    DATA = Path("/work/shared/realdata/mt-fr-en")
WEB = DATA.parent / "boilerplate-web" / "input"
WEIGHTS = Path(__file__).resolve().parents[1] / "cleantext" / "mt" / "detect_weights.json"
L2 = 1.0
MAX_FIT_FP = 0.0
#: the threshold sits this factor above the highest fit negative's probability (in odds)
MARGIN_ODDS = 1.2
_DASH = re.compile(r"\s*[—–]\s*")


def _jsonl(path: Path, limit: int) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return rows[:limit] if limit else rows


def english_web_pages(limit: int) -> list[dict[str, str]]:
    """The English pages of the boilerplate set (raw HTML-to-text web pages, menus included), by file name."""
    rows = []
    for path in sorted(WEB.glob("*.txt"))[: limit or None]:
        text = path.read_text(encoding="utf-8", errors="replace")
        if document_language(text).lang == "en":
            rows.append({"id": path.name, "text": text})
    return rows


def held_out(doc_id: str) -> bool:
    return int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 3 == 0


#: the pass's report carries the signal counts whatever the weights: fitting never reads the shipped ones
_NEUTRAL = Model(0.0, {}, 1.0, {})


def signal_features(mt: MtRepairPass, text: str) -> dict[str, float]:
    with mock.patch.object(score_module, "load_model", lambda: _NEUTRAL):
        report = mt.run(Document(text)).report
    counts = report.get("mt_score", {}).get("signals", {})
    return features(counts, prose_words(text))


def fit_non_negative(xs: list[list[float]], ys: list[int]) -> list[float]:
    """Every signal is evidence for a translation or none: a signal whose fitted weight comes out negative
    (French cue words on an English page about France) is dropped (weight 0) and the rest refitted."""
    dropped: set[int] = set()
    while True:
        kept = [i for i in range(len(xs[0])) if i not in dropped]
        w_kept = fit([[x[i] for i in kept] for x in xs], ys)
        w = [0.0] * len(xs[0])
        for i, v in zip(kept, w_kept, strict=True):
            w[i] = v
        negative = {i for i in kept[1:] if w[i] < 0}
        if not negative:
            return w
        dropped |= negative


def fit(xs: list[list[float]], ys: list[int], *, l2: float = L2, steps: int = 50) -> list[float]:
    """Newton's method for L2-regularised logistic regression; w[0] is the bias (not regularised)."""
    d = len(xs[0])
    w = [0.0] * d
    for _ in range(steps):
        grad = [0.0] * d
        hess = [[0.0] * d for _ in range(d)]
        for x, y in zip(xs, ys, strict=True):
            p = _sigmoid(sum(a * b for a, b in zip(w, x, strict=True)))
            for i in range(d):
                grad[i] += (p - y) * x[i]
                for j in range(d):
                    hess[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(1, d):
            grad[i] += l2 * w[i]
            hess[i][i] += l2
        hess[0][0] += 1e-9
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-10:
            break
    return w


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z > -700 else 0.0


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the Hessian is small and positive definite)."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for c in range(n):
        pivot = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[pivot] = m[pivot], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for k in range(c, n + 1):
                m[r][k] -= f * m[c][k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


def choose_threshold(negatives: list[float]) -> float:
    ranked = sorted(negatives, reverse=True)
    allowed = int(MAX_FIT_FP * len(ranked))
    top = ranked[allowed] if allowed < len(ranked) else 0.0
    odds = top / (1 - top) if top < 1 else 1e9
    return round(max(0.5, MARGIN_ODDS * odds / (1 + MARGIN_ODDS * odds)), 4)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help=f"write the weights to {WEIGHTS}")
    ap.add_argument("--limit", type=int, default=0, help="read only the first N documents of each file")
    ap.add_argument("--verbose", action="store_true", help="print the probability deciles of each set")
    args = ap.parse_args()
    mt = MtRepairPass(default_ruleset().for_pass("mt_repair"), options=Options())
    sets: dict[str, list[tuple[str, list[float], int]]] = {}
    native = _jsonl(DATA / "native_english_dev.jsonl", args.limit)
    for name, rows, label in [("mt", _jsonl(DATA / "dev.jsonl", args.limit), 1), ("native", native, 0),
                              ("native_ascii_dashes", [{**r, "text": _DASH.sub(" - ", r["text"])} for r in native], 0),
                              ("english_web_pages", english_web_pages(args.limit), 0)]:
        sets[name] = []
        for r in rows:
            f = signal_features(mt, r["text"])
            sets[name].append((r["id"], [1.0] + [f[s] for s in SIGNALS], label))
    train = [(x, y) for rows in sets.values() for doc_id, x, y in rows if not held_out(doc_id)]
    w = fit_non_negative([x for x, _ in train], [y for _, y in train])
    probe = Model(w[0], dict(zip(SIGNALS, w[1:], strict=True)), 0.5, {})

    def prob(x: list[float]) -> float:
        return probe.probability(dict(zip(SIGNALS, x[1:], strict=True)))

    # the threshold is chosen on the real native texts (news and web pages); the ASCII-dash copies only
    # teach the weights
    threshold = choose_threshold([prob(x) for name in ("native", "english_web_pages")
                                  for doc_id, x, _ in sets[name] if not held_out(doc_id)])
    rates: dict[str, dict[str, object]] = {}
    for name, rows in sets.items():
        for part, keep in (("fit", False), ("held_out", True)):
            ps = [prob(x) for doc_id, x, _ in rows if held_out(doc_id) == keep]
            flagged = sum(p >= threshold for p in ps)
            rates[f"{name}/{part}"] = {"docs": len(ps), "flagged": flagged,
                                       "rate": round(flagged / len(ps), 4) if ps else None}
    for key, r in rates.items():
        print(f"{key:30s} {r['flagged']}/{r['docs']} flagged ({r['rate']})")
    print("threshold", threshold)
    if args.verbose:
        for name, rows in sets.items():
            ps = sorted(round(prob(x), 3) for _, x, _ in rows)
            print(name, "probability deciles", [ps[int(i * (len(ps) - 1) / 10)] for i in range(11)])
    for s, v in sorted(zip(SIGNALS, w[1:], strict=True), key=lambda t: -abs(t[1])):
        print(f"  {s:26s} {v:+.3f}")
    model = Model(round(w[0], 6), {s: round(v, 6) for s, v in zip(SIGNALS, w[1:], strict=True)}, threshold,
                  {"script": "benchmarks/fit_mt_detect.py", "split": "sha1(id) % 3 == 0 held out",
                   "l2": L2, "rates": rates})
    if args.write:
        WEIGHTS.write_text(json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print("wrote", WEIGHTS)


if __name__ == "__main__":
    main()
