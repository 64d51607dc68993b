"""Spelling families and case endings, from data: rules/names/data/families.yaml.

Two ways a gazetteer entry gets spellings nobody listed, on top of its name key
(:func:`~cleantext.names.fold.name_key`):

* a **family key** per source language or script (:func:`family_keys`): the name with the family's
  rewrites (Ukrainian h = Russian g, Kharkiv = Kharkov, Polish cz = Russian ts), given-name classes
  (Oleksii = Alexey) and suffix classes (Yamatsuri-cho = Yamatsuri Town) applied. Gazetteer names and
  text spans are both folded, so a pair matches in either direction;
* **case endings** (:func:`case_variants`): the forms of a place name with a Slavic case ending left by
  MT (Donetska, Moskve), generated from the place's own spellings.

The tables are data with examples (each example pair is a test): a new language is a new table, not code.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
import yaml

from .fold import name_key, surface_fold


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    rewrites: tuple[tuple[regex.Pattern[str], str], ...]
    #: matches where any rewrite would: a word it does not match is left as it is (most words), found with
    #: one search instead of one substitution per rewrite (a rewrite only applies where its pattern matches)
    any_rewrite: regex.Pattern[str] | None
    #: a given name's forms -> its class's first form (surface-folded)
    given: dict[str, str]
    #: (a suffix as written after the name, folded; the class's first suffix)
    suffixes: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class CaseEndings:
    types: frozenset[str]
    #: (stem ending, endings added in its place), longest stem ending first
    stems: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class Tables:
    families: tuple[Family, ...]
    case_endings: tuple[CaseEndings, ...]
    raw: dict[str, Any]


def data_path() -> Path:
    from ..rulefiles import default_rules_dir

    return default_rules_dir() / "names" / "data" / "families.yaml"


@functools.lru_cache(maxsize=4)
def load_tables(path: str | None = None) -> Tables:
    """The families and case endings of the YAML file at ``path`` (default: the shipped table)."""
    raw = yaml.safe_load(Path(path or data_path()).read_text(encoding="utf-8")) or {}
    families = tuple(_family(f) for f in raw.get("families") or ())
    endings = tuple(_case_endings(c) for c in raw.get("case_endings") or ())
    return Tables(families, endings, raw)


def _case_endings(c: dict[str, Any]) -> CaseEndings:
    stems = [(surface_fold(str(s.get("ending") or "")), tuple(surface_fold(str(a)) for a in s["add"]))
             for s in c.get("stems") or ()]
    return CaseEndings(frozenset(str(t).lower() for t in c.get("types") or ("place",)),
                       tuple(sorted(stems, key=lambda t: -len(t[0]))))


def _family(f: dict[str, Any]) -> Family:
    rewrites = tuple((regex.compile(str(r["from"])), str(r["to"])) for r in f.get("rewrites") or ())
    given = {surface_fold(form): surface_fold(str(cls[0])) for cls in f.get("given_names") or () for form in cls}
    suffixes = tuple((surface_fold(str(form)), surface_fold(str(s["forms"][0])))
                     for s in f.get("suffixes") or () for form in s["forms"])
    any_rewrite = regex.compile("|".join(f"(?:{p.pattern})" for p, _ in rewrites)) if rewrites else None
    return Family(str(f["name"]), rewrites, any_rewrite, given, tuple(sorted(suffixes, key=lambda t: -len(t[0]))))


def _fold_with(family: Family, base: str) -> str:
    """``base`` (a name surface-folded, single-spaced) folded by ``family``: suffix class, given-name class,
    rewrites; ``base`` itself (the same object) where none applies."""
    s = base
    for form, first in family.suffixes:
        if s.endswith(form) and len(s) > len(form) + 1 and s[-len(form) - 1].isalpha():
            s = s[: -len(form)] + first
            break
    words = s.split(" ")
    changed = s is not base
    if len(words) > 1 and words[0] in family.given:
        words[0] = family.given[words[0]]
        changed = True
    search = family.any_rewrite.search if family.any_rewrite is not None else None
    if search is not None:
        for i, word in enumerate(words):
            if search(word):
                for pattern, to in family.rewrites:
                    word = pattern.sub(to, word)
                words[i] = word
                changed = True
    return " ".join(words) if changed else base


@functools.lru_cache(maxsize=200_000)
def family_keys(name: str, path: str | None = None) -> tuple[str, ...]:
    """The key of ``name`` in each family, as "family:key" (the family's name keeps keys apart)."""
    base = " ".join(surface_fold(name).split())
    out = []
    for family in load_tables(path).families:
        folded = _fold_with(family, base)
        # most names are left as they are: their plain key (memoised) is the family key
        key = name_key(name if folded is base else folded).key
        out.append(f"{family.name}:{key}")
    return tuple(out)


def case_variants(name: str, etype: str, path: str | None = None) -> list[str]:
    """The spellings of ``name`` (an entity of type ``etype``) with a case ending on its last word."""
    out: list[str] = []
    low = etype.lower()
    head, _, last = name.rpartition(" ")
    folded = surface_fold(last)
    for table in load_tables(path).case_endings:
        if low not in table.types or len(folded) < 4:
            continue
        for stem, added in table.stems:
            if folded.endswith(stem):
                base = last[: len(last) - len(stem)] if stem else last
                out += [f"{head} {base}{a}".strip() for a in added]
                break
    return out


def example_pairs(tables: Tables) -> Sequence[tuple[str, str, str]]:
    """(what, a, b) of every example pair of the tables: a and b must be one name (see the tests)."""
    raw = tables.raw
    pairs = [("folded_by_key", a, b) for a, b in raw.get("folded_by_key") or ()]
    for f in raw.get("families") or ():
        for r in f.get("rewrites") or ():
            pairs += [(f"{f['name']} {r['from']}", a, b) for a, b in r.get("examples") or ()]
        pairs += [(f"{f['name']} given names", a, b) for a, b in f.get("given_name_examples") or ()]
        for s in f.get("suffixes") or ():
            pairs += [(f"{f['name']} {s['forms']}", a, b) for a, b in s.get("examples") or ()]
    for c in raw.get("case_endings") or ():
        for s in c.get("stems") or ():
            pairs += [(f"case ending {s.get('ending')!r}", a, b) for a, b in s.get("examples") or ()]
    return pairs
