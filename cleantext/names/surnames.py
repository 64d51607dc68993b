"""Stage 4 of the names pass: a person's surname alone ("Mr Lavrentyev", "Schreder said").

A surname is the person's where the person is named in full in the document (in any spelling), or where
the document writes it the same way twice or more and it is one person's only; the surname as the document
writes it in a full name found through a generated variant or fuzzily counts too, and so does a misspelt
surname (the same consonants, at the fuzzy cutoff) or one in another transliteration family.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz

from ..options import Options
from .claims import MEMO_LIMIT, MIN_FUZZY_KEY, Claim, RunInfo, Spans, Token, split_runs, tokens
from .context import NOT_A_GIVEN_NAME, common_word
from .families import family_keys
from .fold import ARTICLES, name_key, skeleton, surface_fold
from .fuzzy import parts_agree
from .index import EntityInfo, NameIndex
from .runs import run_spans

ANY_ENTITY = EntityInfo("", "", {}, "")  # the guards of a surname alone: no given name to compare



class SurnameStage:
    """Stage 4: surname candidates of a run, and the surname claims a document settles."""

    def __init__(self, index: NameIndex, options: Options, *, fuzzy_on: bool) -> None:
        self.index, self.options, self.fuzzy_on = index, options, fuzzy_on
        #: the gazetteer's surname keys by consonant skeleton, and misspelt surnames found (close)
        self.skeletons: dict[str, list[str]] = {}
        for skey in index.surnames:
            self.skeletons.setdefault(skeleton(skey), []).append(skey)
        self.close_memo: dict[str, tuple[int, ...] | None] = {}
        #: family keys (rules/names/data/families.yaml) of the persons' surnames as written: "Moravetsky"
        self.families: dict[str, set[int]] = {}
        for eid in sorted({e for owners in index.surnames.values() for e in owners}):
            for fkey in family_keys(index.entity(eid).surname_bare):
                self.families.setdefault(fkey, set()).add(eid)

    def written(self, runs: list[tuple[int, RunInfo]]) -> dict[str, tuple[int]]:
        """The surnames as this document writes them: the last word of a person's full name found through a
        generated variant or fuzzily ("Gerhard Schreder" for Gerhard Schroeder), by key, where the gazetteer
        knows no such surname and it is no everyday word. Each names its person alone later ("Schreder
        said"), like a listed surname; a key written for two persons is nobody's."""
        found: dict[str, set[int]] = {}
        for _, info in runs:
            for c in info.claims:
                if c.how not in ("fuzzy", "variant") or c.entity < 0 or not c.accepted or c.withheld:
                    continue
                words = info.text[c.start : c.end].split()
                if len(words) < 2 or not self.index.entity(c.entity).surname:
                    continue
                key = name_key(words[-1]).key
                if len(key) >= 4 and key not in self.index.surnames and not common_word(words[-1]):
                    found.setdefault(key, set()).add(c.entity)
        return {key: (min(owners),) for key, owners in found.items() if len(owners) == 1}

    def written_claims(self, text: str, runs: list[tuple[int, RunInfo]], surnames: list[Claim],
                                protected: list[tuple[int, int]], written: dict[str, tuple[int]]) -> list[Claim]:
        """Surname claims of the words, outside every claimed run, that are a surname the document wrote."""
        taken = Spans(text, surnames, [(o, o + len(info.text)) for o, info in runs] + protected)
        out = []
        for m in run_spans(text):
            start, end = m.span()
            if taken.overlaps(start, end):
                continue
            for s, e, owners in self.candidates(text, tokens(text[start:end], start), written):
                out.append(Claim(s, e, owners[0], "surname", role="surname"))
        return out

    def candidates(self, text: str, run: list[Token], known: Mapping[str, Sequence[int]] | None = None,
                            ) -> list[tuple[int, int, tuple[int, ...]]]:
        """(start, end, persons with that surname) of the words of a run that may be a surname alone; the
        surnames are the gazetteer's unless ``known`` gives others."""
        surnames = self.index.surnames if known is None else known
        if not surnames:
            return []
        out: list[tuple[int, int, tuple[int, ...]]] = []
        for i, tok in enumerate(run):
            if not tok.cap:
                continue
            start = tok.start
            # "el Assad": an article written apart belongs to the surname
            if i > 0 and not run[i - 1].cap and run[i - 1].text in ARTICLES:
                start = run[i - 1].start
                before = run[i - 2] if i > 1 else None
            else:
                before = run[i - 1] if i > 0 else None
            if i + 1 < len(run) and run[i + 1].cap:
                continue  # followed by another name part: part of some other, longer name
            if before is not None and surface_fold(before.text).rstrip(".") not in NOT_A_GIVEN_NAME:
                continue  # after another given name: a relative or namesake, who keeps his own name
            key = name_key(text[start:tok.end]).key
            owners = surnames.get(key)
            if owners is None and known is None:
                owners = self.close(key, tok.text)
            if owners:
                out.append((start, tok.end, tuple(owners)))
        return out

    def close(self, key: str, word: str) -> tuple[int, ...] | None:
        """The persons whose surname ``key`` (a word's name key) misspells ("Schreder", "Mentefering" for
        Schroeder, Müntefering) or writes in another transliteration family ("Moravetsky" for Morawiecki): the
        same consonants, one vowel or doubled letter apart, at the fuzzy cutoff, and not the surname with an
        ending added or dropped (Lavrova is Lavrov's wife or daughter). Kept, like any surname alone, only where
        the person is named in the document or the spelling recurs."""
        if len(key) < MIN_FUZZY_KEY or not self.fuzzy_on:
            return None
        memo = self.close_memo
        if key in memo:
            return memo[key]
        owners: set[int] = {e for fkey in family_keys(word) for e in self.families.get(fkey, ())}
        for skey in self.skeletons.get(skeleton(key), ()):
            if (skey.startswith(key) or key.startswith(skey) or fuzz.ratio(key, skey) < self.options.fuzzy_cutoff
                    or not parts_agree((key,), (skey,), ANY_ENTITY)):
                continue
            owners.update(self.index.surnames[skey])
        found = tuple(sorted(owners)) if owners and not common_word(word) else None
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        memo[key] = found
        return found

    def doc_claims(self, text: str, runs: list[tuple[int, RunInfo]], flagged: list[tuple[int, Claim]],
                      protected: list[tuple[int, int]], dropped: list[tuple[int, int]],
                      mentioned: set[int]) -> list[Claim]:
        """Stage 4: the surname candidates of every run, kept where exactly one mentioned person owns them."""
        cands: list[tuple[int, int, tuple[int, ...]]] = []
        redo: list[list[Token]] = []
        if dropped:  # a dropped one-word claim frees its word: such runs are looked at again as a whole
            spans = Spans(text, (), dropped)
            redo = [tokens(info.text, start) for start, info in runs if spans.overlaps(start, start + len(info.text))]
            redo_starts = {run[0].start for run in redo}
            runs = [(start, info) for start, info in runs if start not in redo_starts]
        for start, info in runs:
            if info.surnames:
                cands.extend((start + s, start + e, owners) for s, e, owners in info.surnames)
        if redo:
            # every claim left takes its span (flagged runs' claims as settled, the others as analysed)
            taken = [(o + c.start, o + c.end) for o, info in runs if not info.flagged for c in info.claims]
            taken += [(o + c.start, o + c.end) for o, c in flagged]
            for run in split_runs(redo, Spans(text, (), taken + protected)):
                cands.extend(self.candidates(text, run))
        out = []
        # a surname of one person only, written the same way twice or more, is that person's even when the
        # document never names him in full ("Moubarak said ... president Moubarak"): used consistently
        repeated = Counter(surface_fold(text[s:e]) for s, e, owners in cands if len(owners) == 1)
        for s, e, owners in cands:
            found = [o for o in owners if o in mentioned]
            if (not found and len(owners) == 1 and repeated[surface_fold(text[s:e])] >= 2
                    and not common_word(text[s:e])):
                found = list(owners)
            if len(found) == 1:  # nobody mentioned in full, or two people of that name: left
                out.append(Claim(s, e, found[0], "surname", role="surname"))
        return out
