"""``cleantext rules test`` on a gazetteer: every listed variant comes out as its canonical form.

Each variant is put in a plain wire sentence and cleaned through the real pipeline (the shipped rules
plus the gazetteer's file, as ``clean --rules FILE`` would), so what is checked is what a user gets: a
variant that the names pass leaves alone, or rewrites into another entity, fails for its entity.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from ..cleaner import Cleaner
from ..kinds import Entity, Gazetteer
from .results import FAILED, PASSED, Outcome

#: the variant stands where a wire sentence names its subject; the rest is plain English that no pass edits
SENTENCE = "Reporters said on Monday that {} had been named in the report."


class Cleans(Protocol):
    def clean(self, text: str) -> str: ...


def check_gazetteer(gaz: Gazetteer, *, path: Path, repro: str) -> list[Outcome]:
    """One outcome per entity with variants: passed, or failed naming each variant that did not map."""
    cleaner = Cleaner(rules=[path])
    owners = owners_of(gaz.entities)
    out = []
    for ent in gaz.entities:
        if not ent.variants:
            continue
        bad = [msg for v in ent.variants if (msg := variant_failure(cleaner, ent, v, owners))]
        out.append(Outcome(path=str(path), rule=ent.canonical, check="variants", status=FAILED if bad else PASSED,
                           line=ent.location.line, message="; ".join(bad), repro=repro if bad else ""))
    return out


def owners_of(entities: Sequence[Entity]) -> dict[str, list[tuple[str, str]]]:
    """Each name written in the gazetteer (casefolded): the entities listing it, and as what."""
    owners: dict[str, list[tuple[str, str]]] = {}
    for ent in entities:
        named = [(ent.canonical, "canonical"), *((v, "variant") for v in ent.variants)]
        for key in ("lookalikes", "not"):
            value = ent.meta.get(key) or []
            named += [(n, "look-alike") for n in ([value] if isinstance(value, str) else value)]
        for name, role in named:
            owners.setdefault(name.casefold(), []).append((ent.canonical, role))
    return owners


def variant_failure(cleaner: Cleans, ent: Entity, variant: str, owners: dict[str, list[tuple[str, str]]]) -> str:
    """Why ``variant`` does not come out as ``ent.canonical``, or an empty string when it does."""
    text = SENTENCE.format(variant)
    want = SENTENCE.format(ent.canonical)
    got = cleaner.clean(text).rstrip("\n")  # tidy ends a text with a line break
    if got == want:
        return ""
    others = [f"{role} of {canon!r}" for canon, role in owners.get(variant.casefold(), []) if canon != ent.canonical]
    if others:
        return (f"variant {variant!r} is also listed as the {', '.join(others)}: it is a look-alike of another "
                f"entity and cannot map to {ent.canonical!r} (remove it from one of them)")
    taken = [c for c, roles in _canonicals(owners).items() if c != ent.canonical and c in got and c not in text]
    if taken:
        return (f"variant {variant!r} was rewritten to another listed entity, {taken[0]!r}: it is a look-alike "
                f"of it (list it under that entity's lookalikes, or spell it apart): {got!r}")
    return f"variant {variant!r} came out as {got!r}, not {want!r}"


def _canonicals(owners: dict[str, list[tuple[str, str]]]) -> dict[str, bool]:
    return {canon: True for entries in owners.values() for canon, role in entries if role == "canonical"}
