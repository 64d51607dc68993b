"""The ``names`` pass: normalize name variants to canonical forms from gazetteers.

Four ways a name is found, tried in this order on each stretch of text, the first that claims a span
wins (so an exact name is never re-read by a looser stage):

1. **exact**: canonical names, listed variants, abbreviations, aliases and look-alikes, in one
   Aho-Corasick scan of the surface-folded text (case, accents and apostrophe shapes ignored; acronyms
   and very short forms keep their case);
2. **variant**: capitalized spans whose name key (articles, glued particles, apostrophes, hyphens,
   diacritics and transliteration families folded away) is the key of a gazetteer name;
3. **fuzzy**: capitalized spans scored with rapidfuzz against a few blocked candidates, under guards
   (same number of parts, same first letters, each part close, one-part names only differing in
   vowels or doubled letters, look-alikes excluded); a claim is made at a fixed floor and an edit only
   at ``options.fuzzy_cutoff``, so raising the cutoff can only remove edits;
4. **surname**: a person's surname alone ("Mr Lavrentyev"), when the person is mentioned in full in
   the same document and the surname is not preceded by another given name (a relative).

Stages 2-4 look only inside one run of name words (capitalized words and the particles between them),
so their result depends on the run's text alone and on whether it starts a sentence: each distinct run
is analysed once and remembered by the pass, and a document costs a scan for runs, one automaton scan
and one dictionary lookup per run.

Replacements keep what surrounds the name (a possessive "'s" is outside the span), capitalize a
lower-case canonical form at a sentence start ("Al-Qaeda"), keep all-capital headlines in capitals,
and never change only the letter case an author chose.
"""

from __future__ import annotations

import bisect
import dataclasses
import operator
from collections.abc import Callable

from ..document import Document, PassResult
from ..language import MIN_TARGET_SHARE, language_name
from ..names.build import load_index
from ..names.claims import (
    MISSING,
    NOTHING,
    Claim,
    EditRow,
    MentionRow,
    RunInfo,
    Spans,
    Token,
    certainty,
    next_to_name_word,
    protected_spans,
    rule_of,
    split_runs,
    tokens,
)
from ..names.context import sentence_start
from ..names.corroboration import Corroboration
from ..names.emitter import Emitter
from ..names.fold import ARTICLES, surface_fold
from ..names.fuzzy import FuzzyStage
from ..names.index import ABBREVIATION, ALIAS, LOOKALIKE, NameIndex
from ..names.lookup import LookupStage
from ..names.memo import RunMemo
from ..names.runs import run_spans
from ..names.surnames import SurnameStage
from .base import Pass, register_pass

#: texts shorter than this are named-normalised whatever their guessed language (see run)
MIN_GATED_CHARS = 200


@register_pass
class NamesPass(Pass):
    """Finds names by four stages (names/lookup.py: exact and variant, names/fuzzy.py, names/surnames.py),
    settles weak claims per document (names/corroboration.py), memoises each run's analysis
    (names/memo.py) and emits mentions and edits (names/emitter.py); this class runs them over a document."""

    name = "names"
    description = "normalize name variants to canonical forms from gazetteers"
    #: the stages that can be disabled (Cleaner(disable=[...])): the lookups of stages 1-2 are the pass itself
    rule_ids = ("names.fuzzy", "names.surname")

    def setup(self) -> None:
        self.index: NameIndex = load_index(self.gazetteers)
        self._fuzzy_on, self._surname_on = self.runs("names.fuzzy"), self.runs("names.surname")
        self.memo = RunMemo()
        self.lookup = LookupStage(self.index, self._complete)
        self.fuzzy = FuzzyStage(self.index, self.options, self.lookup)
        self.surnames = SurnameStage(self.index, self.options, fuzzy_on=self._fuzzy_on)
        self.corroboration = Corroboration(self.index)
        self.emitter = Emitter(self.index, self.name)
        #: persons whose surname alone may be normalized (stage 4 only runs where one is mentioned)
        self._with_surname = frozenset(e for owners in self.index.surnames.values() for e in owners
                                       if self._surname_on)

    # -- the pass ---------------------------------------------------------------------------------

    def run(self, doc: Document) -> PassResult:
        text = doc.text
        if not text or not len(self.index):
            return PassResult()
        language = doc.language  # detected once per document, shared with mt_repair
        # the gazetteers hold forms of the target language: on a Polish page 'Rosji' is right, not a variant
        # of 'Russia'. A line or two is not gated: there the names themselves sway the guess (pycld2 reads
        # "Minister Mevlüt Çavuşoğlu arrived." as Turkish), and a few words cannot hide a foreign page
        target = self.options.target_language
        if len(text) >= MIN_GATED_CHARS and language.is_mostly_not(target, min_share=MIN_TARGET_SHARE):
            return PassResult(report={"mentions": 0, "rewritten": 0,
                                      "skipped": f"document is in {language.lang!r}, not {language_name(target)}"})
        protected = protected_spans(text)
        # an automaton claim is a "run" of one claim: its mentions and edits are memoised the same way
        odd = self.lookup.odd_forms(text, protected)
        # special: the runs that are not plain (flagged, with a surname, or with an initial claim)
        special: list[tuple[int, RunInfo]] = [r for r in odd if not r[1].plain]
        runs = self._runs(text, odd, protected, special)
        if odd:
            runs = odd + runs
        # Only the claims of flagged runs (a one-word variant, a fuzzy or uncorroborated match: rare) are
        # settled here one by one; every other run's mentions and edits were made with its analysis.
        flagged = [(o, c) for o, info in special if info.flagged for c in info.claims]
        surnames: list[Claim] = []
        if flagged or any(info.surnames for _, info in special):
            # what the document names confidently settles them: only then worth collecting
            mentioned = {e for _, info in runs for e in info.confident}
            dropped: list[tuple[int, int]] = []
            if flagged:
                if any(c.needs_corroboration for _, c in flagged):
                    flagged = self.corroboration.settle(text, flagged, mentioned)
                dropped = [(o + c.start, o + c.end) for o, c in flagged
                           if c.needs_evidence and c.entity not in mentioned]
                if dropped:
                    flagged = [(o, c) for o, c in flagged if not c.needs_evidence or c.entity in mentioned]
                mentioned |= {c.entity for _, c in flagged if c.entity >= 0 and c.accepted and c.role != LOOKALIKE
                              and not c.withheld}
            if not mentioned.isdisjoint(self._with_surname) or any(info.surnames for _, info in special):
                surnames = self.surnames.doc_claims(text, runs, flagged, protected, dropped, mentioned)
        written = self.surnames.written(runs)
        if written:
            surnames += self.surnames.written_claims(text, runs, surnames, protected, written)
        return self.emitter.result(text, runs, special, flagged, surnames)

    def _runs(self, text: str, odd: list[tuple[int, RunInfo]], protected: list[tuple[int, int]],
              special: list[tuple[int, RunInfo]]) -> list[tuple[int, RunInfo]]:
        """(start, analysis) of every run of name words of ``text`` that holds a claim or a surname. Each run is
        analysed on its own string, once per distinct string (memoised): a document costs one dictionary lookup
        per run. Where an automaton claim or an address cuts a run, each stretch left between them is a run of
        its own. The runs that are not plain are also added to ``special``."""
        spans = [m.span() for m in run_spans(text)]
        runs: list[tuple[int, RunInfo]] = []
        if odd or protected:
            self._cut_runs(text, spans, odd, protected, runs, special)
        stretches = len(runs)
        get = self.memo.runs.get
        # One dictionary lookup per run, in a comprehension: a run that holds nothing ("The", "Monday") is
        # dropped there, and one whose analysis does not depend on where it stands is taken as it is.
        found = [(s, info) for s, e in spans if (info := get(text[s:e], MISSING)) is not NOTHING
                 and (info.plain or (info := self._settle(text, s, e, info, special)) is not NOTHING)]
        if not stretches:
            return found
        runs += found
        runs.sort(key=_first)  # the stretches of cut runs came first
        return runs

    def _settle(self, text: str, start: int, end: int, info: RunInfo,
                special: list[tuple[int, RunInfo]]) -> RunInfo:
        """The analysis of the run ``text[start:end]`` where it stands (NOTHING if it holds nothing there),
        added to ``special`` unless plain; ``info`` is what the memo holds for it (MISSING: not analysed yet)."""
        if info is MISSING:
            if end - start < 2:
                return NOTHING  # "A", "I": no name is one letter
            info = self._memo_run(text[start:end])
        if info.asks:
            if sentence_start(text, start):
                info = self._memo_at_start(text[start:end], info)
        elif info.at_start is not None and sentence_start(text, start):
            info = info.at_start
        if not info.claims and not info.surnames:
            return NOTHING
        if not info.plain:
            special.append((start, info))
        return info

    def _cut_runs(self, text: str, spans: list[tuple[int, int]], odd: list[tuple[int, RunInfo]],
                  protected: list[tuple[int, int]], runs: list[tuple[int, RunInfo]],
                  special: list[tuple[int, RunInfo]]) -> None:
        """Add the stretches of the runs that an automaton claim or an address overlaps to ``runs``, and
        blank those runs in ``spans`` (to ``(0, 0)``, the empty string, which holds nothing)."""
        blocked = [(o, o + len(info.text)) for o, info in odd] + protected
        covered: set[int] = set()
        cut: set[int] = set()
        n = len(spans)
        for bs, be in blocked:
            i = bisect.bisect_right(spans, bs, key=_second)  # the first run that ends after the span starts
            while i < n and spans[i][0] < be:
                # most are inside the claim ("Authority for Slaishyand" holds two runs): nothing of them is left
                (covered if bs <= spans[i][0] and spans[i][1] <= be else cut).add(i)
                i += 1
        mask = Spans(text, (), blocked) if cut - covered else None
        for i in sorted(cut | covered):
            start, end = spans[i]
            spans[i] = (0, 0)
            if mask is None or i in covered or end - start < 2:
                continue
            for part in split_runs([tokens(text[start:end], start)], mask):
                start = part[0].start
                info = self._settle(text, start, part[-1].end, self.memo.runs.get(text[start : part[-1].end], MISSING),
                                    special)
                if info is not NOTHING:
                    runs.append((start, info))

    def _memo_run(self, s: str) -> RunInfo:
        """Stages 2-4 on one run of name words on its own (offsets relative to the run), memoised."""
        asked = [False]
        info = self._complete(self._analyse_run(s, False, asked)._replace(asks=asked[0]))
        self.memo.remember(s, info)
        return info

    def _memo_at_start(self, s: str, info: RunInfo) -> RunInfo:
        """The analysis of run ``s`` at a sentence start, where the memo holds ``info`` (which asks): made
        once, and the memo's entry settled (at_start set where the two differ)."""
        initial = self._analyse_run(s, True, [False])
        same = initial.claims == info.claims and initial.surnames == info.surnames
        at_start = None if same else self._complete(initial)
        settled = self._complete(RunInfo(s, info.claims, info.surnames, at_start))
        self.memo.remember(s, settled)
        return settled if at_start is None else at_start

    def _complete(self, info: RunInfo) -> RunInfo:
        """``info`` with its derived fields: what any document containing the run gets from it."""
        if not info.claims and not info.surnames and info.at_start is None and not info.asks:
            return NOTHING
        claims = info.claims
        confident = tuple(sorted({c.entity for c in claims if c.entity >= 0 and c.accepted and not c.needs_evidence
                                  and not c.needs_corroboration and c.role != LOOKALIKE}))
        if any(c.needs_evidence or c.needs_corroboration for c in claims):
            return info._replace(confident=confident, flagged=True)
        mentions: list[MentionRow] = []
        edits: list[EditRow] = []
        initial = None
        for c in sorted(claims, key=_claim_start):
            if c.entity < 0 or not c.accepted or c.role == LOOKALIKE:
                continue
            ent = self.index.entity(c.entity)
            span = info.text[c.start : c.end]
            mentions.append((c.start, c.end, span, ent.canonical, ent.type, c.how, certainty(c.score),
                             self.emitter.meta(c.entity, ent)))
            new, new_initial = self.emitter.claim_replacements(span, c, ent)
            if new is not new_initial and c.start == 0:
                initial = c  # inside a run a word follows a word and a space: never a sentence start
            elif new is not None:
                edits.append((c.start, c.end, span, rule_of(c), new, self.emitter.reason(c.entity, c.how, ent),
                               certainty(c.score) if c.how == "fuzzy" else None))
        plain = (info.at_start is None and not info.asks and bool(claims) and not info.surnames
                 and initial is None)
        return info._replace(confident=confident, mentions=tuple(mentions), edits=tuple(edits), initial=initial,
                             plain=plain)

    def _analyse_run(self, s: str, initial: bool, asked: list[bool]) -> RunInfo:
        def starts(pos: int) -> bool:
            if pos:
                return False  # inside a run a word follows a word and a space: never a sentence start
            asked[0] = True
            return initial

        run = tokens(s, 0)
        claims = self.lookup.claims(s, surface_fold(s), run, starts)
        # a run always holds a capitalized word, so an unclaimed run splits into itself
        parts = split_runs([run], Spans(s, claims, ())) if claims else [run]
        found = len(claims)
        for part in parts if self._fuzzy_on else ():
            claims.extend(self.fuzzy.claims(s, part, starts))
        if claims and len(run) > 1:
            self._mark_listed_beside_name(s, run, claims, starts)
        if len(claims) != found:
            parts = split_runs([run], Spans(s, claims, ()))
        surnames = [cand for part in parts for cand in self.surnames.candidates(s, part)] if self._surname_on else []
        return RunInfo(s, tuple(claims), tuple(surnames))

    def _mark_listed_beside_name(self, s: str, run: list[Token], claims: list[Claim],
                                 starts: Callable[[int], bool]) -> None:
        """A one-word listed spelling of a place next to a capitalized word that no claim explains is inside a
        person's or a firm's name ("Hamah Wilson", "Lattakia Foods"): it then needs corroboration like a
        generated variant. A neighbour that is itself a name ("Al-Qaeda Idleb"), an article, or any word of an
        all-capitals span (a headline, "STRIKES HIT IDLEB") does not count, so rewriting a neighbour can never
        change the answer (the pass stays idempotent)."""
        exact = [(i, c) for i, c in enumerate(claims)
                 if c.how == "exact" and c.entity >= 0 and c.role not in (LOOKALIKE, ABBREVIATION, ALIAS)]
        if not exact:
            return
        claimed = Spans(s, claims, ())
        index = {tok.start: k for k, tok in enumerate(run)}

        def unexplained(tok: Token) -> bool:
            return tok.text.lower() not in ARTICLES and not claimed.overlaps(tok.start, tok.end)

        marked: list[int] = []
        for i, c in exact:
            k = index.get(c.start)
            if (k is None or run[k].end != c.end or s[c.start:c.end].isupper()
                    or not self.lookup.is_place(c.entity)):
                continue
            if next_to_name_word(run, k, starts, unexplained):
                marked.append(i)
        for i in marked:  # claims are immutable (shared by the run memo once made): marked by a copy
            claims[i] = dataclasses.replace(claims[i], needs_corroboration=True)


_first = operator.itemgetter(0)


_second = operator.itemgetter(1)


_first_two = operator.itemgetter(0, 1)


_claim_start = operator.attrgetter("start")

