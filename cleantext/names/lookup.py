"""Stages 1 and 2 of the names pass: listed forms (exact) and generated variants, by lookup.

Stage 1 finds every canonical name, listed variant, abbreviation, alias and look-alike: forms written as
one run of name words by a dictionary lookup of the run's spans, the others ("Syrian Observatory for Human
Rights") by one Aho-Corasick scan of the document. Stage 2 looks a span up by its name key, then by its
transliteration-family keys and case endings (``families.py``).
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable

from ..matching import is_word_char
from .claims import MEMO_LIMIT, NOTHING, Claim, RunInfo, Token, next_to_name_word, weak_parts
from .context import common_word
from .fold import name_key
from .index import ABBREVIATION, ALIAS, AMBIGUOUS, LISTED, Form, NameIndex

_first_two = operator.itemgetter(0, 1)


class LookupStage:
    """Stages 1-2: the claims of listed forms and generated variants (and the helpers stage 3 shares)."""

    def __init__(self, index: NameIndex, complete: Callable[[RunInfo], RunInfo]) -> None:
        self.index = index
        #: makes a run's derived fields (NamesPass._complete): an automaton claim is memoised as a run
        self.complete = complete
        #: (span, form) of an automaton hit -> its claim as a run of one claim (or NOTHING)
        self.odd_memo: dict[tuple[str, Form], RunInfo] = {}

    def odd_forms(self, text: str, protected: list[tuple[int, int]]) -> list[tuple[int, RunInfo]]:
        """(start, analysis) of the automaton's claims: leftmost-longest among the hits that stand as words
        and hold no address. A hit's claim depends on its text and form alone: memoised like a run's."""
        if not self.index.odd_forms:
            return []
        found: list[tuple[int, int, RunInfo]] = []
        n = len(text)
        memo = self.odd_memo
        for start, end, form in self.index.find_odd_forms(text):
            if start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
                continue
            if end < n and is_word_char(text[end]) and is_word_char(text[end - 1]):
                continue
            span = text[start:end]
            info = memo.get((span, form))
            if info is None:
                info = self.memo_odd(span, form)
            if info is not NOTHING and not (protected and any(s < end and start < e for s, e in protected)):
                found.append((start, -end, info))
        found.sort(key=_first_two)
        out: list[tuple[int, RunInfo]] = []
        pos = 0
        for start, neg_end, info in found:
            if start >= pos:
                out.append((start, info))
                pos = -neg_end
        return out

    def memo_odd(self, span: str, form: Form) -> RunInfo:
        claim = self.form_claim(span, 0, len(span), form)
        info = NOTHING if claim is None else self.complete(RunInfo(span, (claim,), ()))
        if len(self.odd_memo) >= MEMO_LIMIT:
            self.odd_memo.clear()
        self.odd_memo[span, form] = info
        return info

    def form_claim(self, text: str, start: int, end: int, form: Form) -> Claim | None:
        eid, role, written, case_sensitive = form
        span = text[start:end]
        if case_sensitive:
            if span != written:
                return None
        elif not any(c.isupper() for c in span):
            return None  # "idlib" in running lower-case text is a word of a slug or a URL, not a name
        how = "alias" if role in (ABBREVIATION, ALIAS) else "exact"
        return Claim(start, end, eid, how, role)

    def spans(self, run: list[Token], i: int) -> list[int]:
        """Ends (exclusive token indices) of the spans starting at token ``i`` worth trying, longest first."""
        if not run[i].can_start:
            return []
        limit = min(len(run), i + self.index.max_words)
        return [j for j in range(limit, i, -1) if run[j - 1].cap]

    def walk(self, run: list[Token], claim_at: Callable[[int, int], Claim | None]) -> list[Claim]:
        """The claims of ``run`` leftmost-longest: at each token, the longest span ``claim_at(i, j)`` (tokens
        i to j, exclusive) claims; after a claim the walk goes on behind it, else at the next token."""
        out: list[Claim] = []
        i = 0
        while i < len(run):
            for j in self.spans(run, i):
                claim = claim_at(i, j)
                if claim is not None:
                    out.append(claim)
                    i = j
                    break
            else:
                i += 1
        return out

    def claims(self, text: str, folded: str, run: list[Token], starts: Callable[[int], bool]) -> list[Claim]:
        idx, keys = self.index, self.index.keys

        def claim_at(i: int, j: int) -> Claim | None:
            start, end = run[i].start, run[j - 1].end
            span = text[start:end]
            form = idx.form(folded[start:end])
            claim = self.form_claim(text, start, end, form) if form is not None else None
            if claim is not None and j - i == 1 and self.common_at_start(claim, span, start, starts):
                # "Turkey is cooked": a listed spelling that is an everyday word, capitalized only because
                # it starts a sentence, is that word unless the document names the entity (else a candidate)
                claim = dataclasses.replace(claim, needs_corroboration=True)
            if claim is None:
                claim = self.key_claim(start, end, span, keys, starts)
                if claim is not None and j - i == 1 and len(run) > 1 and self.beside_name(claim, run, i, starts):
                    claim = None  # "Naseeb Khan", "Dara Khosrowshahi": a given name, not a spelling of a place
            return claim

        return self.walk(run, claim_at)

    @staticmethod
    def common_at_start(claim: Claim, span: str, start: int, starts: Callable[[int], bool]) -> bool:
        return claim.role == LISTED and claim.how == "exact" and common_word(span) and starts(start)

    def key_claim(self, start: int, end: int, span: str, keys: dict[str, int],
                   starts: Callable[[int], bool]) -> Claim | None:
        k = name_key(span)
        eid = keys.get(k.key)
        if eid is None:
            # a spelling of a transliteration family or with a case ending (rules/names/data/families.yaml)
            eid = self.index.generated_entity(span)
            if eid is None:
                return None
        if eid != AMBIGUOUS and self.index.entity(eid).needs_article and not k.has_article:
            return None  # "Qaeda" alone is not how anyone writes al-Qaeda
        single = len(k.parts) == 1
        if single and common_word(span):
            return None  # an everyday English word (Libyan, Khan) is that word, not another spelling of a name
        initial = single and starts(start)
        return Claim(start, end, eid, "variant", needs_evidence=initial,
                      needs_corroboration=(single and not initial) or (self.shipped(eid) and weak_parts(k.parts)))

    def beside_name(self, claim: Claim, run: list[Token], i: int, starts: Callable[[int], bool]) -> bool:
        """Whether a one-word claim of a place sits next to another name word of its run: it is then a given
        name or surname ("Naseeb Khan", "Daria Kasatkina"). A word starting a sentence may be any word; a
        group's name beside a capitalized word is a headline ("Hizbollah Chief Speaks"), not a person."""
        return self.is_place(claim.entity) and next_to_name_word(run, i, starts)

    def is_place(self, eid: int) -> bool:
        return eid != AMBIGUOUS and self.index.entity(eid).type.lower() == "place"

    def shipped(self, eid: int) -> bool:
        return eid >= 0 and self.index.entity(eid).shipped
