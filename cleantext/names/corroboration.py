"""Corroboration: whether a weak claim of the names pass (one word, fuzzy, or of a shipped gazetteer) is
rewritten, or only reported as a candidate.

A one-word span found only through a generated variant or fuzzily is as likely another name (Kelis,
Jordaan, Afreen) as a spelling of ours: it is rewritten when the same entity is named confidently
elsewhere in the document, when the words around it are a clear context for its type, or when the
document writes it the same way twice and no other entity is that close. A shipped gazetteer's fuzzy and
weak generated matches also need the document to name another of its entities.
"""

from __future__ import annotations

from collections import Counter

from rapidfuzz import fuzz

from .claims import Claim
from .context import common_word, in_context
from .fold import name_key, skeleton, surface_fold
from .fuzzy import FUZZY_FLOOR
from .index import EntityInfo, NameIndex, block_keys


class Corroboration:
    """Settles the claims that need corroboration, per document."""

    def __init__(self, index: NameIndex) -> None:
        self.index = index

    def settle(self, text: str, items: list[tuple[int, Claim]], mentioned: set[int]) -> list[tuple[int, Claim]]:
        """Settle the one-word claims that need corroboration. A one-word span found only through a generated
        variant or fuzzily (or a listed spelling beside another name word) is as likely another name (Kelis,
        Jordaan, Afreen, Al Mayadeen) as a spelling of ours: it is rewritten only when the same entity is named
        confidently elsewhere in the document, or the span stands where its type is expected (a place after
        "in"/"near"/"from", a group before "fighters", a person after a title). Otherwise it is reported as a
        mention of match "candidate" and left as written. Claims are shared by the run memo: a withheld one is
        a copy."""
        out: list[tuple[int, Claim]] = []
        packs: set[str] | None = None
        unsettled: list[int] = []
        for off, c in items:
            if c.needs_corroboration and c.entity >= 0 and c.entity not in mentioned:
                ent = self.index.entity(c.entity)
                if ent.shipped and packs is None:
                    packs = {self.index.entity(e).gazetteer for e in mentioned if self.shipped(e)}
                if not self.corroborated(text, off, c, ent, packs or set()):
                    unsettled.append(len(out))
            out.append((off, c))
        if unsettled:
            # the document's own consistent use settles a claim no mention or context did
            consistent = self.used_consistently(text, items)
            for i in unsettled:
                off, c = out[i]
                ent = self.index.entity(c.entity)
                if (surface_fold(text[off + c.start : off + c.end]), c.entity) not in consistent or (
                        ent.shipped and ent.gazetteer not in (packs or ())):
                    out[i] = (off, Claim(c.start, c.end, c.entity, c.how, c.role, c.score, c.needs_evidence,
                                          c.accepted, needs_corroboration=False, withheld=True))
        return out

    def corroborated(self, text: str, off: int, c: Claim, ent: EntityInfo, packs: set[str]) -> bool:
        """Whether a claim that needs corroboration and whose entity the document names nowhere else has it by
        its parts or its context (see settle). A generated or fuzzy match of a shipped gazetteer's entity
        also needs the document to name an entity of that gazetteer confidently: "Kushiro" in a text about
        Japan is not the Syrian town Qusayr, whatever the words around it."""
        if ent.shipped and c.how in ("variant", "fuzzy") and ent.gazetteer not in packs:
            return False
        if len(name_key(text[off + c.start : off + c.end]).parts) > 1:
            return True  # several parts agreeing need no more than the gazetteer's own corroboration above
        return in_context(text, off + c.start, off + c.end, ent.type.lower())

    def used_consistently(self, text: str, items: list[tuple[int, Claim]]) -> set[tuple[str, int]]:
        """(folded spelling, entity) of the generated or fuzzy claims the document writes the same way twice or
        more where the gazetteer has no other entity that spelling could be (no other name within the fuzzy
        floor, so a listed look-alike blocks it) and it is no everyday word: used consistently, a spelling is
        the document's way of writing that name."""
        counts = Counter((surface_fold(text[o + c.start : o + c.end]), c.entity) for o, c in items
                         if c.needs_corroboration and c.entity >= 0 and c.how in ("variant", "fuzzy"))
        return {(span, eid) for (span, eid), n in counts.items()
                if n >= 2 and not common_word(span) and self.sole_entity(span, eid)}

    def sole_entity(self, span: str, eid: int) -> bool:
        """Whether ``eid`` is the only entity of the gazetteers with a name within the fuzzy floor of ``span``."""
        idx = self.index
        k = name_key(span)
        if len(k.parts) == 1:
            cands: set[int] = set(idx.skeleton_postings.get(skeleton(k.key), ()))
        else:
            cands = {c for block in block_keys(k.parts) for c in idx.part_postings.get(block, ())}
        if any(k.key in idx.entity(e).lookalike_keys for e in {idx.names_entity[c] for c in cands} | {eid}):
            return False
        return all(idx.names_entity[c] == eid for c in cands if fuzz.ratio(k.key, idx.names_keys[c]) >= FUZZY_FLOOR)

    def shipped(self, eid: int) -> bool:
        return eid >= 0 and self.index.entity(eid).shipped
