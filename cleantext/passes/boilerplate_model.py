"""A fitted line model for the boilerplate pass: per-line features of the whole page, and a logistic model.

The features know no site and no phrase: shape (length, final punctuation, capitals, digits), the share of
the page language's most frequent words (function words, from wordfreq, shipped as data), position, the
distance to the page's main block (the densest run of long punctuated lines) and repetition, each also
for the neighbouring lines (jusText-like context). The weights are fitted by ``benchmarks/fit_boilerplate.py``
on labelled real pages and shipped as ``cleantext/data/boilerplate_model.json``.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .boilerplate_signals import Line

#: the knob's settings, from keeping most content to removing most boilerplate
SETTINGS = ("conservative", "balanced", "aggressive")
#: a main-block line: at least this many words, ends like a sentence
_MAIN_MIN_WORDS = 10
#: context window (lines either side) of the smoothed features
_WINDOW = 2
_UI_MARKS = frozenset("|»«›•·>/©@#")

BASE_NAMES = ("log_words", "log_chars", "terminal", "sentence_marks", "capitalised", "digits", "function_words",
              "ui_marks", "position", "main_distance", "in_main", "repeated", "words_1", "words_2_3",
              "words_4_7", "words_8_15", "long_terminal", "short_open", "in_main_terminal", "above_main",
              "below_main", "short_run", "web_address", "list_marker", "main_length")
#: column of the "inside the main block" feature
IN_MAIN = BASE_NAMES.index("in_main")
_HUMAN = {"log_words": "line length", "log_chars": "line length", "terminal": "final punctuation",
          "sentence_marks": "sentence punctuation", "capitalised": "capitalised words", "digits": "digits",
          "function_words": "function words", "ui_marks": "menu marks", "position": "position in page",
          "main_distance": "distance to the main block", "in_main": "inside the main block",
          "repeated": "repeated in page", "words_1": "one word", "words_2_3": "two or three words",
          "words_4_7": "short line", "words_8_15": "medium line", "long_terminal": "long sentence",
          "short_open": "short line without final punctuation", "in_main_terminal": "sentence in the main block",
          "above_main": "above the main block", "below_main": "below the main block",
          "short_run": "run of short lines", "web_address": "web or mail address", "list_marker": "list marker",
          "main_length": "length against the main block's lines"}
#: column of each base feature
_COL = {name: k for k, name in enumerate(BASE_NAMES)}
#: a web or mail address (a host name: letters and digits, a dot, a top-level domain), in lower-cased text
_ADDRESS = re.compile(r"https?://|www\.|@\w|\b[a-z0-9-]{2,}\.[a-z]{2,6}\b(?![.\w])")
#: a list item: a bullet, dash or number marker, then a space ("83. Dee Snider", "• Impressum")
_LIST_MARKER = re.compile(r"(?:[-–—•*·▪◦►»]|\d{1,3}[.)])\s")


@lru_cache(maxsize=1)
def function_words() -> dict[str, frozenset[str]]:
    """The ~100 most frequent words per language (wordfreq), shipped as data."""
    raw = json.loads(resources.files("cleantext").joinpath("data/function_words.json").read_text("utf-8"))
    return {lang: frozenset(words) for lang, words in raw["words"].items()}


@dataclass(frozen=True, slots=True)
class Model:
    names: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    thresholds: dict[str, float]

    def probabilities(self, rows: Sequence[Sequence[float]]) -> list[float]:
        w, b = self.weights, self.bias
        return [1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, b + sum(x * y for x, y in zip(w, r, strict=True))))))
                for r in rows]

    def top_features(self, row: Sequence[float], k: int = 3) -> list[str]:
        """Names (readable) of the features that pushed this line most towards boilerplate."""
        contrib = sorted(((x * y, n) for x, y, n in zip(self.weights, row, self.names, strict=True)), reverse=True)
        out: list[str] = []
        bases: set[str] = set()
        for value, name in contrib:
            base = _HUMAN.get(name.partition("@")[0], name)
            if value > 0 and base not in bases:  # one mention per feature, at its strongest
                bases.add(base)
                out.append(_describe(name))
            if len(out) == k:
                break
        return out


def _describe(name: str) -> str:
    base, _, where = name.partition("@")
    text = _HUMAN.get(base, base)
    return f"{text} ({where})" if where else text


@lru_cache(maxsize=1)
def load_model() -> Model:
    """The shipped fitted model."""
    raw = json.loads(resources.files("cleantext").joinpath("data/boilerplate_model.json").read_text("utf-8"))
    return Model(names=tuple(raw["names"]), weights=tuple(float(w) for w in raw["weights"]),
                 bias=float(raw["bias"]), thresholds={k: float(v) for k, v in raw["thresholds"].items()})


def _page_language(lines: Sequence[Line]) -> str:
    """The language whose function words cover most of the page's words."""
    counts = Counter(w for line in lines for w in line.words)
    table = function_words()
    return max(sorted(table), key=lambda lang: sum(counts[w] for w in table[lang]))


#: the features of a line's own text, by (text, page language): the pass's fixed point asks for the same lines
#: again in every round, and a site's furniture repeats on every page
_TEXT_ROWS: dict[tuple[str, str], list[float]] = {}
_TEXT_ROWS_MAX = 50_000


def _base_row(line: Line, lang: str, seen: Counter[str]) -> list[float]:
    key = (line.text, lang)
    row = _TEXT_ROWS.get(key)
    if row is None:
        if len(_TEXT_ROWS) >= _TEXT_ROWS_MAX:
            _TEXT_ROWS.clear()
        row = _TEXT_ROWS[key] = _text_row(line, function_words()[lang])
    row = row.copy()
    row[_COL["repeated"]] = float(seen[line.text] > 1)
    return row


def _text_row(line: Line, fw: frozenset[str]) -> list[float]:
    """The features that depend only on the line's text (and the page's function words); the place in the
    page and the repetition are filled in by the caller."""
    text, n = line.text, line.n_words
    chars = len(text)
    marks = sum(text.count(c) for c in ".!?")
    caps = sum(1 for w in text.split() if w[:1].isupper())
    digits = sum(c.isdigit() for c in text)
    ui = sum(c in _UI_MARKS for c in text)
    return [math.log1p(n), math.log1p(chars) / 2, float(line.terminal), min(1.0, marks / max(1, n) * 5),
            caps / max(1, n), digits / max(1, chars), sum(w in fw for w in line.words) / max(1, n),
            min(1.0, ui / 3), 0.0, 0.0, 0.0, 0.0, float(n <= 1), float(2 <= n <= 3),
            float(4 <= n <= 7), float(8 <= n <= 15), float(line.terminal and n >= 16),
            float(not line.terminal and n <= 7), 0.0, 0.0, 0.0, 0.0,
            float(bool(_ADDRESS.search(text.lower()))), float(bool(_LIST_MARKER.match(text))), 0.0]


def _main_block(rows: list[list[float]]) -> tuple[int, int]:
    """The densest run of main-block lines (maximum-sum segment of +1 long punctuated lines, -0.5 others)."""
    best, best_span, run, start = 0.0, (0, -1), 0.0, 0
    for i, r in enumerate(rows):
        good = r[2] > 0 and r[0] >= math.log1p(_MAIN_MIN_WORDS) and r[6] >= 0.15
        if run <= 0:
            run, start = 0.0, i
        run += 1.0 if good else -0.5
        if run > best:
            best, best_span = run, (start, i)
    return best_span


def _place(base: list[list[float]], body: Sequence[Line]) -> None:
    """Fill in the features of a line's place in the page: position, the main block (distance, side), the
    run of short lines it is in, its length against the main block's lines."""
    n = len(base)
    a, b = _main_block(base)
    main_chars = sorted(len(body[i].text) for i in range(a, b + 1)) or [0]
    median = max(1, main_chars[len(main_chars) // 2])
    c = _COL
    run_start = 0
    for i, r in enumerate(base):
        r[c["position"]] = i / max(1, n - 1)
        gap = 0 if a <= i <= b else (a - i if i < a else i - b)
        r[c["main_distance"]] = math.log1p(gap) / 3
        r[c["in_main"]] = float(gap == 0)
        r[c["in_main_terminal"]] = r[c["in_main"]] * r[c["terminal"]]
        r[c["above_main"]], r[c["below_main"]] = float(i < a), float(i > b)
        r[c["main_length"]] = min(1.0, len(body[i].text) / median)
        short = r[c["short_open"]]
        if not (i and base[i - 1][c["short_open"]] and short):
            run_start = i
        if i + 1 == n or not (short and base[i + 1][c["short_open"]]):  # a run of short lines ends here
            for k in range(run_start, i + 1):
                base[k][c["short_run"]] = math.log1p(i - run_start + 1) / 3 if short else 0.0


def page_features(lines: Sequence[Line]) -> tuple[list[int], list[list[float]]]:
    """Indexes of the non-blank lines and one feature row each (the base features, the previous and next
    line's, and window means): computed in one pass over the page."""
    idx = [line.index for line in lines if not line.blank]
    body = [lines[i] for i in idx]
    if not body:
        return [], []
    lang = _page_language(body)
    seen = Counter(line.text for line in body)
    base = [_base_row(line, lang, seen) for line in body]
    n = len(base)
    _place(base, body)
    empty = [0.0] * len(BASE_NAMES)
    rows = []
    width = len(BASE_NAMES)
    # running sums for the window means
    prefix = [[0.0] * width]
    for r in base:
        prefix.append([p + x for p, x in zip(prefix[-1], r, strict=True)])
    for i, r in enumerate(base):
        lo, hi = max(0, i - _WINDOW), min(n, i + _WINDOW + 1)
        win = [(prefix[hi][k] - prefix[lo][k]) / (hi - lo) for k in range(width)]
        prev = base[i - 1] if i else empty
        nxt = base[i + 1] if i + 1 < n else empty
        rows.append([*r, *prev, *nxt, *win])
    return idx, rows


def feature_names() -> tuple[str, ...]:
    return (*BASE_NAMES, *(f"{x}@previous" for x in BASE_NAMES), *(f"{x}@next" for x in BASE_NAMES),
            *(f"{x}@window" for x in BASE_NAMES))
