"""Stage 3 of the names pass: misspellings no key explains, scored with rapidfuzz under guards.

A span is scored against the few names blocking lets through (same number of parts, same first letters,
one part with the same consonants; one-word names: the same consonant skeleton), in one rapidfuzz call;
a claim is made from FUZZY_FLOOR and an edit only at ``options.fuzzy_cutoff``, so raising the cutoff can
only remove edits.
"""

from __future__ import annotations

from collections.abc import Callable

from rapidfuzz import fuzz, process

from ..options import Options
from .claims import MEMO_LIMIT, MIN_FUZZY_KEY, MIN_PART_ALL_CHANGED, Claim, Token
from .context import common_word
from .fold import first_class, name_key, skeleton
from .index import AMBIGUOUS, MAX_POSTING, EntityInfo, NameIndex, block_keys
from .lookup import LookupStage

#: Fuzzy candidates are claimed (their span taken from later stages) from this score on, whatever the
#: cutoff, so that the segmentation of the text does not depend on the cutoff.
FUZZY_FLOOR = 80.0


#: Every part of a fuzzy match must be at least this close to the part it stands for.
PART_FLOOR = 70.0


def parts_agree(parts: tuple[str, ...], nparts: tuple[str, ...], ent: EntityInfo) -> bool:
    """The guards of a fuzzy match, part by part."""
    differing = 0
    for a, b in zip(parts, nparts, strict=True):
        if first_class(a) != first_class(b):
            return False  # another given name, or another place: not a misspelling
        if a == b:
            continue
        if nisba(a, b) or nisba(b, a):
            return False  # an "-i" ending makes another word or family (Israel, Israeli; Khan, Qaani; Najaf, Najafi)
        if fuzz.ratio(a, b) < PART_FLOOR:
            return False
        if skeleton(a) != skeleton(b):
            differing += 1
            if len(a) < 6 or len(b) < 6:
                return False  # short words differing in a consonant are different words (Hama, Hamas)
    if len(parts) == 1 and (differing or abs(len(parts[0]) - len(nparts[0])) > 1):
        return False  # one-word names only differ in a vowel or a doubled letter (Daraa is not Darayya)
    return differing <= 1 and not (ent.is_person and differing and parts[0] != nparts[0])


def nisba(longer: str, shorter: str) -> bool:
    """Whether ``longer`` is ``shorter`` (a folded part) with the Arabic/English adjective ending "-i" added."""
    return len(longer) == len(shorter) + 1 and longer[-1] in "iI" and longer.startswith(shorter)



class FuzzyStage:
    """Stage 3: fuzzy claims of the spans of a run that no lookup claimed."""

    def __init__(self, index: NameIndex, options: Options, words: LookupStage) -> None:
        self.index, self.options, self.words = index, options, words
        self.memo: dict[str, tuple[int, float] | None] = {}

    def claims(self, text: str, run: list[Token], starts: Callable[[int], bool]) -> list[Claim]:
        cutoff = self.options.fuzzy_cutoff

        def claim_at(i: int, j: int) -> Claim | None:
            start, end = run[i].start, run[j - 1].end
            span = text[start:end]
            if j - i == 1 and common_word(span):
                return None  # a frequent English word is itself, not a misspelling of a name ("Libyan", "Lebanon")
            found = self.lookup(span)
            # A capitalized word starting a sentence may be any English word. Asked only of a word that
            # matched: a run whose analysis never asks is not analysed a second time for a sentence start.
            if found is None or (j - i == 1 and starts(start)):
                return None
            eid, score = found
            claim = Claim(start, end, eid, "fuzzy", score=score, accepted=score >= cutoff,
                          needs_corroboration=len(name_key(span).parts) == 1 or self.words.shipped(eid))
            if j - i == 1 and len(run) > 1 and self.words.beside_name(claim, run, i, starts):
                return None  # one word in a run of capitalized words is part of a person's name (Daria Kasatkina)
            return claim

        return self.words.walk(run, claim_at)

    def lookup(self, span: str) -> tuple[int, float] | None:
        memo = self.memo
        if span in memo:
            return memo[span]
        result = self.score(span)
        if len(memo) > MEMO_LIMIT:
            memo.clear()
        memo[span] = result
        return result

    def score(self, span: str) -> tuple[int, float] | None:
        idx = self.index
        k = name_key(span)
        if len(k.key) < MIN_FUZZY_KEY or k.key in idx.keys:
            return None
        n = len(k.parts)
        if n == 1:
            candidates: set[int] = set(idx.skeleton_postings.get(skeleton(k.key), ()))
        else:
            candidates = set()
            for block in block_keys(k.parts):
                posting = idx.part_postings.get(block, ())
                if len(posting) <= MAX_POSTING:
                    candidates.update(posting)
        shortlist = list(candidates)  # every blocked name has the span's number of parts
        if not shortlist:
            return None
        # scored in one call into rapidfuzz (C++): only names at the floor or above come back to Python
        keys = idx.names_keys
        hits = process.extract(k.key, [keys[c] for c in shortlist], scorer=fuzz.ratio, score_cutoff=FUZZY_FLOOR,
                               limit=None)
        best: dict[int, float] = {}
        for _, score, pos in hits:
            c = shortlist[pos]
            eid = idx.names_entity[c]
            if score <= best.get(eid, 0.0):
                continue
            ent = idx.entity(eid)
            if k.key in ent.lookalike_keys or (ent.needs_article and not k.has_article):
                continue
            nparts = tuple(idx.names_parts[c].split(" "))
            if not parts_agree(k.parts, nparts, ent):
                continue
            if n > 1 and not set(k.parts) & set(nparts) and min(map(len, k.parts + nparts)) < MIN_PART_ALL_CHANGED:
                continue  # no part written right: short parts are too weak a sign ("REACH AN" is not Ras al-Ain)
            best[eid] = float(score)
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda t: -t[1])
        if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            return (AMBIGUOUS, ranked[0][1])  # two entities equally close: take the span, change nothing
        return ranked[0]
