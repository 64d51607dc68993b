"""Gazetteer entries of a rule file: each entity checked, and metadata keys that misspell a known key refused.

An entity is a mapping with ``canonical`` (the name to normalize to), an optional ``type`` and
``variants``; any other key is kept as metadata, unless it is a few letters away from a key the names
pass reads (docs/names.md), when it is taken for a typo.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import Problem
from .kinds import Entity, Gazetteer, Location
from .registry import did_you_mean
from .strict_yaml import describe, key_line, line_of

ENTITY_KEYS = frozenset({"canonical", "type", "variants"})
#: metadata keys the names pass interprets (docs/names.md); every other key is free metadata
ENTITY_NAME_LIST_KEYS = ("abbreviations", "aliases", "lookalikes", "not")
ENTITY_FLAG_KEYS = ("expand_abbreviation", "surname_alone")
#: a key a few letters away from one of these is a typo, not metadata
ENTITY_READ_KEYS = ENTITY_KEYS | frozenset(ENTITY_NAME_LIST_KEYS) | frozenset(ENTITY_FLAG_KEYS)


def parse_entities(
    items: Any, name: str, path: str, line: int | None, problems: list[Problem]
) -> Gazetteer | None:
    """The gazetteer an ``entities:`` list describes; its problems are appended to ``problems``."""
    if not isinstance(items, list):
        problems.append(Problem(path, line, "'entities' must be a list of entities"))
        return None
    entities: list[Entity] = []
    for item in items:
        eline = line_of(item)
        if not isinstance(item, dict):
            problems.append(Problem(path, eline, f"an entity must be a mapping, not {describe(item)}"))
            continue
        found = _entity_problems(item)
        problems += [Problem(path, key_line(item, key) if key else eline, msg) for key, msg in found]
        if found:
            continue
        meta = {k: v for k, v in item.items() if k not in ENTITY_KEYS}
        entities.append(Entity(item["canonical"], item.get("type", ""), tuple(item.get("variants") or ()), meta,
                               Location(path, eline)))
    return Gazetteer(name=name, entities=tuple(entities), location=Location(path, line))


def _entity_problems(item: Mapping[Any, Any]) -> list[tuple[str, str]]:
    """Every problem of one entity, as (key, message): typos of known keys and values of the wrong type."""
    canonical = item.get("canonical")
    if not isinstance(canonical, str) or not canonical.strip():
        if "canonical" in item:
            return [("canonical", f"'canonical' must be the name to normalize to, not {describe(canonical)}")]
        return [("", "entity without 'canonical' (the name to normalize to)")]
    out = [(str(key), f"unknown key {key!r} of {canonical!r}{did_you_mean(str(key), [close])} (a metadata key "
            "this close to a key the names pass reads is taken for a typo: rename it)")
           for key in item if (close := _typo_of(str(key))) is not None]
    if not isinstance(item.get("type", ""), str):
        out.append(("type", f"'type' of {canonical!r} must be text, not {describe(item['type'])}"))
    variants = item.get("variants", [])
    if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip() for v in variants):
        hint = f" (write [{variants}] for a list)" if isinstance(variants, str) else ""
        out.append(("variants", f"'variants' of {canonical!r} must be a list of names, not "
                    f"{describe(variants)}{hint}"))
    out += [(key, f"{key!r} of {canonical!r} {msg}") for key, msg in entity_meta_problems(item)]
    return out


def entity_meta_problems(meta: Mapping[Any, Any]) -> list[tuple[str, str]]:
    """(key, what is wrong) for the metadata keys the names pass interprets whose value has the wrong type."""
    out = []
    for key in ENTITY_NAME_LIST_KEYS:
        value = meta.get(key)
        if value is not None and not isinstance(value, str) and not (
                isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)):
            out.append((key, f"must be a name or a list of names, not {describe(value)}"))
    out += [(key, f"must be true or false, not {describe(meta[key])}") for key in ENTITY_FLAG_KEYS
            if key in meta and not isinstance(meta[key], bool)]
    return out


def _typo_of(key: str) -> str | None:
    """The known entity key that ``key`` misspells: at most 1 edit from a key of under 5 letters, else 2."""
    if key in ENTITY_READ_KEYS:
        return None
    for known in sorted(ENTITY_READ_KEYS):
        if _edit_distance(key.casefold(), known) <= (1 if len(known) < 5 else 2):
            return known
    return None


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
