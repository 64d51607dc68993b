"""The gold checks of tests/gold/seeds.yaml (a copy of ../shared/gold/seeds.yaml), one check at a time.

The normalization and the meaning of each check kind follow the header of the gold file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "seeds.yaml"
SEEDS = ROOT / "seeds"

_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
           "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'}


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = "".join(_QUOTES.get(c, c) for c in s)
    return " ".join(s.split())


@dataclass(frozen=True)
class Check:
    doc: str
    kind: str
    arg: Any
    category: str  # boilerplate | content | repair | optional

    @property
    def id(self) -> str:
        label = self.arg["wrong"] if isinstance(self.arg, dict) else (
            " | ".join(self.arg) if isinstance(self.arg, list) else self.arg)
        return f"{self.doc[:3]}::{self.kind}::{label!s}"[:110].rstrip()

    def run(self, out: str) -> tuple[bool, str]:
        text = norm(out)
        lines = [norm(x) for x in out.splitlines() if norm(x)]
        k, a = self.kind, self.arg
        if k in ("keep", "untouched"):
            return norm(a) in text, f"{a!r} missing from the output"
        if k == "drop_line":
            bad = [x for x in lines if norm(a) in x]
            return not bad, f"lines still containing {a!r}: {bad}"
        if k == "drop_whole_line":
            return norm(a) not in lines, f"line {a!r} still present"
        if k == "once":
            n = text.count(norm(a))
            return n == 1, f"{a!r} found {n} times"
        if k == "one_of_lines":
            n = sum(norm(g) in lines for g in a)
            return n == 1, f"{n} of the lines {a!r} survive"
        if k in ("fix", "optional_fix"):
            wrong, right, count = norm(a["wrong"]), norm(a["right"]), a.get("count", 1)
            ok = wrong not in text and text.count(right) >= count
            return ok, (f"wrong {a['wrong']!r} found {text.count(wrong)}x, right {a['right']!r} found "
                        f"{text.count(right)}x (need {count})")
        if k == "no_char":
            return a not in out, f"U+{ord(a):04X} still present"
        raise ValueError(f"unknown gold check kind {k!r}")


_CATEGORY = {"keep": "content", "untouched": "content", "no_char": "content", "drop_line": "boilerplate",
             "drop_whole_line": "boilerplate", "once": "boilerplate", "one_of_lines": "boilerplate",
             "fix": "repair", "optional_fix": "optional"}


def load_checks() -> Iterator[Check]:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    for doc, checks in gold.items():
        for kind, items in checks.items():
            if kind == "either_line":
                continue  # either outcome is right: nothing to check
            for item in items:
                yield Check(doc, kind, item, _CATEGORY[kind])
