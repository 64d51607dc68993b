"""A later gazetteer's entity takes over an earlier gazetteer's entity that it names.

A user's gazetteer comes after the shipped ones. When one of its entities writes, as its canonical name
or a listed variant, exactly a spelling that an earlier gazetteer gives as some entity's canonical name or
listed variant, both are taken to be one entity, and the later one is it: the earlier entity is removed
and its canonical name, variants, abbreviations, aliases and look-alikes become the later entity's. So
every spelling of the person the shipped gazetteer knows ("Sergueï Lavrov", the canonical "Sergey
Lavrov") is rewritten to the user's canonical, not only the spelling the user listed. An earlier entity
that two entities of one later gazetteer name is left as it is: which of the two it is cannot be told.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..kinds import Entity, Gazetteer
from .fold import surface_fold

#: list-valued metadata keys that move with a taken-over entity
_LIST_KEYS = ("abbreviations", "aliases", "lookalikes", "not")

_Ref = tuple[int, int]  # (gazetteer, entity) positions


def _own_forms(ent: Entity) -> set[str]:
    return {f for f in (surface_fold(" ".join(w.split())) for w in (ent.canonical, *ent.variants)) if f}


def takeovers(gazetteers: Sequence[Gazetteer]) -> dict[_Ref, list[_Ref]]:
    """Each taking-over entity with the earlier entities it takes over (directly or through another)."""
    owner: dict[str, _Ref] = {}  # folded canonical / listed spelling -> the entity that now holds it
    held: dict[_Ref, list[str]] = {}
    taken: dict[_Ref, list[_Ref]] = {}
    for gi, gaz in enumerate(gazetteers):
        forms = [_own_forms(ent) for ent in gaz.entities] if gi else []
        named: dict[_Ref, set[_Ref]] = {}
        for ei, fs in enumerate(forms):
            for f in fs:
                old = owner.get(f)
                if old is not None and old[0] < gi:
                    named.setdefault(old, set()).add((gi, ei))
        for old, by in named.items():
            if len(by) == 1:
                (new,) = by
                taken.setdefault(new, []).extend([old, *taken.pop(old, [])])
                for f in held.pop(old, []):
                    owner[f] = new
                    held.setdefault(new, []).append(f)
        for ei, ent in enumerate(gaz.entities):
            for f in (forms[ei] if gi else _own_forms(ent)):
                owner[f] = (gi, ei)
                held.setdefault((gi, ei), []).append(f)
    return taken


def _merged(ent: Entity, others: list[Entity]) -> Entity:
    seen = _own_forms(ent)
    variants = list(ent.variants)
    meta = dict(ent.meta)
    for other in others:
        for written in (other.canonical, *other.variants):
            f = surface_fold(" ".join(written.split()))
            if f and f not in seen:
                seen.add(f)
                variants.append(written)
        for key in _LIST_KEYS:
            extra = other.meta.get(key)
            if extra:
                mine = meta.get(key) or []
                meta[key] = [*([mine] if isinstance(mine, str) else mine),
                             *([extra] if isinstance(extra, str) else extra)]
    return replace(ent, variants=tuple(variants), meta=meta)


def apply_takeovers(gazetteers: Sequence[Gazetteer]) -> list[Gazetteer]:
    """``gazetteers`` with every taken-over entity folded into the entity that takes it over."""
    taken = takeovers(gazetteers) if len(gazetteers) > 1 else {}
    if not taken:
        return list(gazetteers)
    gone = {ref for refs in taken.values() for ref in refs}
    out = []
    for gi, gaz in enumerate(gazetteers):
        entities = tuple(
            _merged(ent, [gazetteers[g].entities[e] for g, e in taken[gi, ei]]) if (gi, ei) in taken else ent
            for ei, ent in enumerate(gaz.entities) if (gi, ei) not in gone)
        out.append(replace(gaz, entities=entities))
    return out
