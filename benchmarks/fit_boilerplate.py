"""Fit the boilerplate line model on the real web pages, hold out pages by site, report held-out figures.

  PYTHONPATH=$PWD python benchmarks/fit_boilerplate.py            # fit, write the weights, evaluate
  PYTHONPATH=$PWD python benchmarks/fit_boilerplate.py --eval-only  # evaluate the shipped weights

Labels: a line containing a (whitespace-normalised) 'with' snippet is content, one containing a 'without'
snippet is boilerplate, other lines are unlabelled. Split: a site (the URL's host, or the file name's host
part) goes to the held-out 30% when the SHA-1 of its name says so; the fit part is split again by site into
fit-train (80%) and validation (20%): weights are fitted on fit-train, thresholds chosen on validation, and
the held-out sites are only scored. Needs numpy at fit time only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

DATA = Path("/work/shared/realdata/boilerplate-web")
ROOT = Path(__file__).resolve().parent.parent
WEIGHTS = ROOT / "cleantext" / "data" / "boilerplate_model.json"
RESULTS = ROOT / "benchmarks" / "results" / "boilerplate_model.json"
#: content kept (score.py's recall, whole pipeline) each setting must reach on the validation pages; a setting's
#: threshold is the one of the best validation F1 among those that reach it. The rules alone keep 0.991 there
#: (468 content snippets: one is 0.2%)
PAGE_KEPT = {"conservative": 0.985, "balanced": 0.98, "aggressive": 0.97}
#: candidate thresholds: the model-alone loss of validation content lines each would cause
CANDIDATE_LOSS = (0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08)
L2 = 1.0
#: views of a page that give training rows (1: the whole page; 2: also the page without the rules' removals)
VIEWS = 2


class _LazyCleaner:
    """The cleaner with the model off (built on first use: it needs the package importable)."""

    def clean(self, text: str) -> str:
        from cleantext import Cleaner, Options

        if not hasattr(self, "_c"):
            self._c = Cleaner(options=Options(boilerplate="off"))
        return self._c.clean(text)


_RULES_ONLY = _LazyCleaner()


def norm(s: str) -> str:
    return " ".join(s.split())


def site_of(doc: dict) -> str:
    url = doc["url"].strip()
    if "://" in url:
        host = urlsplit(url.removeprefix("x")).hostname or url
    else:
        host = re.split(r"[-.](?:html?)?$|-", doc["file"])[0]
    return host.removeprefix("www.")


def bucket(site: str, salt: str) -> float:
    return int(hashlib.sha1(f"{salt}:{site}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def split(docs: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"train": [], "validation": [], "heldout": []}
    for d in docs:
        s = site_of(d)
        part = "heldout" if bucket(s, "heldout") < 0.3 else ("validation" if bucket(s, "val") < 0.2 else "train")
        out[part].append(d)
    return out


def labelled_rows(doc: dict) -> tuple[list[list[float]], list[int]]:
    """Feature rows and labels of the labelled lines the rules alone keep (the model's work is the rest).

    Two views of the page give rows: the whole page (what the pass's first round sees) and the page without
    the lines the rules remove (what its later rounds, and a second clean, see)."""
    text = (DATA / "input" / f"{doc['id']}.txt").read_text(encoding="utf-8")
    kept_by_rules = {x.strip() for x in _RULES_ONLY.clean(text).split("\n")}
    view = "".join(x for x in text.splitlines(keepends=True) if x.strip() in kept_by_rules)
    keep = [norm(s) for s in doc["with"]]
    drop = [norm(s) for s in doc["without"]]
    xs, ys = [], []
    for page in ((text, view) if VIEWS == 2 else (text,)):
        for row, label in _rows_of(page, kept_by_rules, keep, drop):
            xs.append(row)
            ys.append(label)
    return xs, ys


def _rows_of(page: str, kept_by_rules: set[str], keep: list[str], drop: list[str]):  # type: ignore[no-untyped-def]
    from cleantext.passes.boilerplate_model import page_features
    from cleantext.passes.boilerplate_signals import split_lines

    lines = split_lines(page)
    idx, rows = page_features(lines)
    for i, row in zip(idx, rows, strict=True):
        if lines[i].text not in kept_by_rules:
            continue
        t = norm(lines[i].text)
        c, b = any(s and s in t for s in keep), any(s and s in t for s in drop)
        if c != b:
            yield row, int(b)


def collect(docs: list[dict]):  # type: ignore[no-untyped-def]
    import numpy as np

    xs: list[list[float]] = []
    ys: list[int] = []
    for d in docs:
        x, y = labelled_rows(d)
        xs += x
        ys += y
    return np.array(xs, dtype=float), np.array(ys, dtype=float)


def fit(x, y):  # type: ignore[no-untyped-def]
    """L2-regularised logistic regression by Newton's method (deterministic)."""
    import numpy as np

    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    reg = np.eye(xb.shape[1]) * L2
    reg[-1, -1] = 0.0
    for _ in range(30):
        p = 1 / (1 + np.exp(-np.clip(xb @ w, -30, 30)))
        grad = xb.T @ (p - y) + reg @ w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def loss_threshold(p, y, loss: float) -> float:  # type: ignore[no-untyped-def]
    """The probability at which the model alone removes this share of the content lines."""
    import numpy as np

    content = np.sort(p[y == 0])[::-1]
    k = int(loss * len(content))
    return round(float(content[k]) + 1e-6, 6) if k < len(content) else 0.5


def write_weights(w, b: float, thresholds: dict[str, float]) -> None:  # type: ignore[no-untyped-def]
    from cleantext.passes.boilerplate_model import feature_names, load_model

    WEIGHTS.write_text(json.dumps({"names": list(feature_names()), "weights": [round(float(v), 6) for v in w],
                                   "bias": round(b, 6), "thresholds": thresholds,
                                   "fitted_on": "benchmarks/fit_boilerplate.py, fit-train sites"}, indent=1) + "\n")
    load_model.cache_clear()


def choose_thresholds(w, b: float, pv, yv, validation: list[dict]) -> tuple[dict[str, float], list[dict]]:  # type: ignore[no-untyped-def]
    """Each setting's threshold from the whole pipeline's figures on the validation pages (the pass decides to
    a fixed point, so a line-level loss compounds): the best F1 among candidates keeping PAGE_KEPT."""
    tried = []
    for loss in CANDIDATE_LOSS:
        t = loss_threshold(pv, yv, loss)
        write_weights(w, b, dict.fromkeys(PAGE_KEPT, t))
        tried.append({"line_loss": loss, "threshold": t, **score_pages(validation, "balanced")})
        print(json.dumps(tried[-1]))
    out = {}
    for name, kept in PAGE_KEPT.items():
        ok = [c for c in tried if c["content_kept"] >= kept] or tried[:1]
        out[name] = max(ok, key=lambda c: (c["F1"], -c["line_loss"]))["threshold"]
    return out, tried


def line_figures(p, y, t: float) -> dict[str, float]:  # type: ignore[no-untyped-def]
    removed = p >= t
    return {"content_lines_kept": round(float(1 - removed[y == 0].mean()), 4),
            "boilerplate_lines_removed": round(float(removed[y == 1].mean()), 4)}


def score_pages(docs: list[dict], setting: str | None) -> dict[str, float]:
    """The scorer's metric (score.py) on these pages, cleaning with this setting (None: the model off)."""
    from cleantext import Cleaner, Options

    cleaner = Cleaner(options=Options(boilerplate=setting or "off"))
    tp = fp = fn = 0
    n_without = 0
    for d in docs:
        out = norm(cleaner.clean((DATA / "input" / f"{d['id']}.txt").read_text(encoding="utf-8")))
        got = [norm(s) in out for s in d["with"]]
        tp += sum(got)
        fn += len(got) - sum(got)
        fp += sum(norm(s) in out for s in d["without"])
        n_without += len(d["without"])
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"pages": len(docs), "P": round(p, 3), "R": round(r, 3), "F1": round(2 * p * r / (p + r), 3),
            "content_kept": round(r, 3), "boilerplate_removed": round(1 - fp / n_without, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-only", action="store_true")
    a = ap.parse_args()
    import numpy as np

    from cleantext import Options

    docs = [json.loads(x) for x in (DATA / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    parts = split(docs)
    results: dict = json.loads(RESULTS.read_text()) if a.eval_only and RESULTS.exists() else {}
    results.update({"split": {k: len(v) for k, v in parts.items()},
                    "heldout_sites": sorted({site_of(d) for d in parts["heldout"]})})
    if not a.eval_only:
        x, y = collect(parts["train"])
        w, b = fit(x, y)
        xv, yv = collect(parts["validation"])
        pv = 1 / (1 + np.exp(-(xv @ w + b)))
        thresholds, tried = choose_thresholds(w, b, pv, yv, parts["validation"])
        write_weights(w, b, thresholds)
        results["threshold_candidates_validation"] = tried
        results["labelled_lines"] = {"train": len(y), "validation": len(yv)}
        results["validation_lines"] = {k: line_figures(pv, yv, t) for k, t in thresholds.items()}
        xh, yh = collect(parts["heldout"])
        ph = 1 / (1 + np.exp(-(xh @ w + b)))
        results["heldout_lines"] = {k: line_figures(ph, yh, t) for k, t in thresholds.items()}
    # the default setting is chosen from these (validation sites), never from the held-out ones
    results["validation_pages"] = {s: score_pages(parts["validation"], s) for s in ("off", "conservative",
                                                                                  "balanced", "aggressive")}
    results["heldout_pages"] = {s: score_pages(parts["heldout"], s) for s in ("off", "conservative", "balanced",
                                                                              "aggressive")}
    default = Options().boilerplate
    results["full_set_default"] = {**score_pages(docs, default), "setting": default,
                                   "note": "all 959 pages, partly fitted on: not a held-out figure"}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps({k: v for k, v in results.items() if k != "heldout_sites"}, indent=1))


if __name__ == "__main__":
    main()
