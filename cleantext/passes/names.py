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
import functools
import operator
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import regex
from rapidfuzz import fuzz, process

from ..document import Document, Mention, PassResult
from ..edits import Edit
from ..matching import is_word_char
from ..names.families import family_keys
from ..names.fold import ARTICLES, CAPITAL_ARTICLES, first_class, name_key, skeleton, surface_fold
from ..names.index import (
    ABBREVIATION,
    ALIAS,
    AMBIGUOUS,
    CONNECTOR_WORDS,
    LISTED,
    LOOKALIKE,
    MAX_POSTING,
    EntityInfo,
    Form,
    NameIndex,
    block_keys,
    load_index,
    run_spans,
)
from .base import Pass, register_pass

#: Fuzzy candidates are claimed (their span taken from later stages) from this score on, whatever the
#: cutoff, so that the segmentation of the text does not depend on the cutoff.
FUZZY_FLOOR = 80.0
#: Every part of a fuzzy match must be at least this close to the part it stands for.
PART_FLOOR = 70.0
#: Keys shorter than this are too short to tell a misspelling from another name.
MIN_FUZZY_KEY = 5
#: When no part of a name of several parts is written as listed, every part must have this many letters.
MIN_PART_ALL_CHANGED = 4
#: Zipf frequency (wordfreq, English) from which a one-word span is an everyday word: about once per
#: million words ("Libyan" 3.4, "Israeli" 4.4, "Khan" 4.3; "Idleb" 1.1, "Alep" 1.2, "Hemeimim" 0).
COMMON_WORD_ZIPF = 3.0
_MEMO_LIMIT = 50_000
#: Distinct runs of name words remembered per pass. An entry holds the run's claims, mentions and edits:
#: 1-2 KB, so 200,000 made a worker streaming 1 GB with a 10,000-variant gazetteer peak at 790 MB. When
#: full, the older half is forgotten (NamesPass._remember).
_RUN_MEMO_LIMIT = 50_000

_HANDLE = regex.compile(r"(?:https?://|www\.)\S+|[@#][\w-]+")
_TOKEN = regex.compile(r"[^ \u00a0]+")
# Articles that are also English or French words when capitalized alone: never the start of a name.
_ENGLISH_ARTICLES = ARTICLES - CAPITAL_ARTICLES
# Capitalized words that sit beside a place name in headlines and at sentence starts ("In Rakka",
# "Rakka Province", "Rural Damas"): they do not make a one-word place variant look like part of a
# person's name (see NamesPass._beside_name).
_PLACE_CONTEXT = frozenset({
    "a", "an", "the", "and", "or", "but", "in", "on", "at", "of", "to", "from", "near", "for", "by", "with", "into",
    "inside", "outside", "across", "around", "over", "under", "after", "before", "since", "until", "between",
    "toward", "towards", "via", "through", "against", "north", "south", "east", "west", "northern", "southern",
    "eastern", "western", "central", "rural", "greater", "province", "governorate", "city", "countryside",
    "region", "airport", "base", "camp", "prison", "dam", "valley", "crossing", "district", "village", "town",
    "border", "front", "offensive", "battle", "siege", "fall", "attack", "strike", "strikes", "clashes",
})
# Words before a surname that show it is used alone ("Mr Lavrentyev"), not after another given name.
_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "president", "gen", "general", "minister", "premier",
    "prime", "sheikh", "shaykh", "sheik", "colonel", "col", "lt", "major", "maj", "ambassador", "envoy", "emir",
    "king", "prince", "princess", "queen", "senator", "sen", "rep", "judge", "imam", "ayatollah", "brig",
    "commander", "captain", "capt", "chancellor", "secretary", "madame", "monsieur", "m", "mme", "herr", "frau",
    "sir", "lord", "lady", "director", "chief", "leader", "spokesman", "spokeswoman", "sgt", "marshal",
})
# Capitalized words before a surname alone that are no given name: a title, or an article ("The Schröder reform")
_NOT_A_GIVEN_NAME = _TITLES | {"the", "a", "an"}
# Words before a one-word place that show a place is meant ("in Mossul", "near Albukamal"), and words after it.
_PLACE_BEFORE = frozenset({
    "in", "near", "from", "of", "outside", "at", "to", "into", "inside", "around", "across", "toward", "towards",
    "via", "through", "between", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "central", "rural", "besieged", "occupied",
    # verbs of war whose object is a place ("shelling hit Zabbadani")
    "hit", "hits", "struck", "strikes", "shelled", "shell", "bombed", "bomb", "captured", "capture", "seized",
    "seize", "entered", "enter", "retook", "retake", "recaptured", "stormed", "besiege", "encircled", "evacuated",
})
_PLACE_AFTER = frozenset({
    "province", "governorate", "countryside", "city", "airport", "region", "district", "province's", "city's",
})
# Words after a one-word group's name that show the group is meant ("Hizballah fighters").
_GROUP_AFTER = frozenset({
    "fighters", "militants", "militia", "militiamen", "leader", "leaders", "commander", "commanders", "chief",
    "official", "officials", "spokesman", "spokeswoman", "members", "forces", "movement", "group", "positions",
    "deputy", "lawmakers", "mps", "ministers", "supporters", "gunmen", "operatives", "rockets", "drones",
})
_OPENERS = "\"'“‘«([{—–-*•|"


class _Token(NamedTuple):
    start: int
    end: int
    text: str
    #: a capitalized word, or an article attached to one ("al-Assad")
    cap: bool
    #: whether a name may start here: a capitalized word that is not an English article ("An", "As"),
    #: or a lower-case "al"/"el" written apart ("al Qaeda")
    can_start: bool


@dataclass(slots=True, frozen=True)
class _Claim:
    """A span claimed for an entity. Immutable: a run's claims are shared by the run memo across documents
    and threads, so whatever is derived from a claim is memoised by value in the pass, never on it."""

    start: int
    end: int
    entity: int  # AMBIGUOUS for a span taken but not attributable
    how: str  # exact | variant | fuzzy | surname | alias
    role: str = "listed"
    score: float = 100.0
    #: a one-word variant at a sentence start: only kept if the entity is mentioned elsewhere too
    needs_evidence: bool = False
    #: a fuzzy claim under the cutoff: takes its span, makes no edit and no mention
    accepted: bool = True
    #: a one-word name found only through a generated variant, fuzzily, or as a listed spelling beside another
    #: name word: rewritten only when corroborated (see NamesPass._corroborate), else reported as a candidate
    needs_corroboration: bool = False
    #: a claim whose corroboration failed: reported as a mention ("candidate"), never rewritten
    withheld: bool = False


#: A mention of a run, offsets relative to the run: the fields of Mention in order.
_MentionRow = tuple[int, int, str, str, str, str, float, dict[str, Any]]
#: An edit of a run, offsets relative to the run: start, end, old, rule, new, reason, score.
_EditRow = tuple[int, int, str, str, str, str, float | None]


_ClaimOut = tuple[str, str, str, float, dict[str, Any], str, str, float | None]


class _RunInfo(NamedTuple):
    """What stages 2-4 make of one run of name words, with offsets relative to the run."""

    text: str
    claims: tuple[_Claim, ...]
    #: (start, end, persons whose surname it is) of the words that may be a surname used alone
    surnames: tuple[tuple[int, int, tuple[int, ...]], ...]
    #: the analysis for the run at a sentence start, where that differs (None: the same)
    at_start: _RunInfo | None = None
    # Made from the fields above by NamesPass._complete, once per distinct run, so that a document costs
    # no decision per name that the run's text alone settles:
    #: entities the run names confidently (claims that need neither evidence nor corroboration)
    confident: tuple[int, ...] = ()
    #: a claim needs evidence or corroboration: the run's claims are then settled per document, one by one
    flagged: bool = False
    #: the run's mentions, and the edits whose replacement does not depend on the run starting a sentence
    mentions: tuple[_MentionRow, ...] = ()
    edits: tuple[_EditRow, ...] = ()
    #: the claim at the run's start whose replacement does (a lower-case canonical form, "al-Qaeda")
    initial: _Claim | None = None
    #: it holds a claim, and nothing about it depends on the document: not on its starting a sentence, nor on
    #: what else the document names (no flagged claim, no surname, no initial claim)
    plain: bool = False
    #: its analysis looked at whether it starts a sentence, and the analysis for a sentence start is not made
    #: yet: it is made (and at_start set) the first time the run is met at one, as most runs never are
    asks: bool = False


@register_pass
class NamesPass(Pass):
    name = "names"
    description = "normalize name variants to canonical forms from gazetteers"
    #: the stages that can be disabled (Cleaner(disable=[...])): the lookups of stages 1-2 are the pass itself
    rule_ids = ("names.fuzzy", "names.surname")

    def setup(self) -> None:
        self.index: NameIndex = load_index(self.gazetteers)
        self._fuzzy_memo: dict[str, tuple[int, float] | None] = {}
        #: run of name words -> what stages 2-4 make of it; most runs ("The", "On Monday", a name seen
        #: before) recur, so a document costs one dictionary lookup per run
        self._run_memo: dict[str, _RunInfo] = {}
        #: (span, form) of an automaton hit -> its claim as a run of one claim (or _NOTHING)
        self._odd_memo: dict[tuple[str, Form], _RunInfo] = {}
        #: (span, entity, how, role) -> the replacement (not at a sentence start, at one)
        self._replacement_memo: dict[tuple[str, int, str, str], tuple[str | None, str | None]] = {}
        #: (entity, how, role, score, withheld) -> what a claim's mention and edit say (NamesPass._emit)
        self._outs: dict[tuple[int, str, str, float, bool], _ClaimOut] = {}
        self._reasons: dict[tuple[int, str], str] = {}
        self._metas: dict[int, dict[str, Any]] = {}
        self._fuzzy_on, self._surname_on = self.runs("names.fuzzy"), self.runs("names.surname")
        #: the gazetteer's surname keys by consonant skeleton, and misspelt surnames found (_close_surname)
        self._surname_skeletons: dict[str, list[str]] = {}
        for skey in self.index.surnames:
            self._surname_skeletons.setdefault(skeleton(skey), []).append(skey)
        self._close_surnames: dict[str, tuple[int, ...] | None] = {}
        #: family keys (rules/names/data/families.yaml) of the persons' surnames as written: "Moravetsky"
        self._surname_families: dict[str, set[int]] = {}
        for eid in sorted({e for owners in self.index.surnames.values() for e in owners}):
            for fkey in family_keys(self.index.entity(eid).surname_bare):
                self._surname_families.setdefault(fkey, set()).add(eid)
        #: persons whose surname alone may be normalized (stage 4 only runs where one is mentioned)
        self._with_surname = frozenset(e for owners in self.index.surnames.values() for e in owners
                                       if self._surname_on)

    # -- the pass ---------------------------------------------------------------------------------

    def run(self, doc: Document) -> PassResult:
        text = doc.text
        if not text or not len(self.index):
            return PassResult()
        protected = _protected_spans(text)
        # an automaton claim is a "run" of one claim: its mentions and edits are memoised the same way
        odd = self._odd_forms(text, protected)
        # special: the runs that are not plain (flagged, with a surname, or with an initial claim)
        special: list[tuple[int, _RunInfo]] = [r for r in odd if not r[1].plain]
        runs = self._runs(text, odd, protected, special)
        if odd:
            runs = odd + runs
        # Only the claims of flagged runs (a one-word variant, a fuzzy or uncorroborated match: rare) are
        # settled here one by one; every other run's mentions and edits were made with its analysis.
        flagged = [(o, c) for o, info in special if info.flagged for c in info.claims]
        surnames: list[_Claim] = []
        if flagged or any(info.surnames for _, info in special):
            # what the document names confidently settles them: only then worth collecting
            mentioned = {e for _, info in runs for e in info.confident}
            dropped: list[tuple[int, int]] = []
            if flagged:
                if any(c.needs_corroboration for _, c in flagged):
                    flagged = self._corroborate(text, flagged, mentioned)
                dropped = [(o + c.start, o + c.end) for o, c in flagged
                           if c.needs_evidence and c.entity not in mentioned]
                if dropped:
                    flagged = [(o, c) for o, c in flagged if not c.needs_evidence or c.entity in mentioned]
                mentioned |= {c.entity for _, c in flagged if c.entity >= 0 and c.accepted and c.role != LOOKALIKE
                              and not c.withheld}
            if not mentioned.isdisjoint(self._with_surname) or any(info.surnames for _, info in special):
                surnames = self._doc_surnames(text, runs, flagged, protected, dropped, mentioned)
        written = self._written_surnames(runs)
        if written:
            surnames += self._written_surname_claims(text, runs, surnames, protected, written)
        return self._result(text, runs, special, flagged, surnames)

    def _written_surnames(self, runs: list[tuple[int, _RunInfo]]) -> dict[str, tuple[int]]:
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
                if len(key) >= 4 and key not in self.index.surnames and not _common_word(words[-1]):
                    found.setdefault(key, set()).add(c.entity)
        return {key: (min(owners),) for key, owners in found.items() if len(owners) == 1}

    def _written_surname_claims(self, text: str, runs: list[tuple[int, _RunInfo]], surnames: list[_Claim],
                                protected: list[tuple[int, int]], written: dict[str, tuple[int]]) -> list[_Claim]:
        """Surname claims of the words, outside every claimed run, that are a surname the document wrote."""
        taken = _Spans(text, surnames, [(o, o + len(info.text)) for o, info in runs] + protected)
        out = []
        for m in run_spans(text):
            start, end = m.span()
            if taken.overlaps(start, end):
                continue
            for s, e, owners in self._surname_candidates(text, _tokens(text[start:end], start), written):
                out.append(_Claim(s, e, owners[0], "surname", role="surname"))
        return out

    def _corroborate(self, text: str, items: list[tuple[int, _Claim]], mentioned: set[int]) -> list[tuple[int, _Claim]]:
        """Settle the one-word claims that need corroboration. A one-word span found only through a generated
        variant or fuzzily (or a listed spelling beside another name word) is as likely another name (Kelis,
        Jordaan, Afreen, Al Mayadeen) as a spelling of ours: it is rewritten only when the same entity is named
        confidently elsewhere in the document, or the span stands where its type is expected (a place after
        "in"/"near"/"from", a group before "fighters", a person after a title). Otherwise it is reported as a
        mention of match "candidate" and left as written. Claims are shared by the run memo: a withheld one is
        a copy."""
        out: list[tuple[int, _Claim]] = []
        packs: set[str] | None = None
        unsettled: list[int] = []
        for off, c in items:
            if c.needs_corroboration and c.entity >= 0 and c.entity not in mentioned:
                ent = self.index.entity(c.entity)
                if ent.shipped and packs is None:
                    packs = {self.index.entity(e).gazetteer for e in mentioned if self._shipped(e)}
                if not self._corroborated(text, off, c, ent, packs or set()):
                    unsettled.append(len(out))
            out.append((off, c))
        if unsettled:
            # the document's own consistent use settles a claim no mention or context did
            consistent = self._used_consistently(text, items)
            for i in unsettled:
                off, c = out[i]
                ent = self.index.entity(c.entity)
                if (surface_fold(text[off + c.start : off + c.end]), c.entity) not in consistent or (
                        ent.shipped and ent.gazetteer not in (packs or ())):
                    out[i] = (off, _Claim(c.start, c.end, c.entity, c.how, c.role, c.score, c.needs_evidence,
                                          c.accepted, needs_corroboration=False, withheld=True))
        return out

    def _corroborated(self, text: str, off: int, c: _Claim, ent: EntityInfo, packs: set[str]) -> bool:
        """Whether a claim that needs corroboration and whose entity the document names nowhere else has it by
        its parts or its context (see _corroborate). A generated or fuzzy match of a shipped gazetteer's entity
        also needs the document to name an entity of that gazetteer confidently: "Kushiro" in a text about
        Japan is not the Syrian town Qusayr, whatever the words around it."""
        if ent.shipped and c.how in ("variant", "fuzzy") and ent.gazetteer not in packs:
            return False
        if len(name_key(text[off + c.start : off + c.end]).parts) > 1:
            return True  # several parts agreeing need no more than the gazetteer's own corroboration above
        return _in_context(text, off + c.start, off + c.end, ent.type.lower())

    def _used_consistently(self, text: str, items: list[tuple[int, _Claim]]) -> set[tuple[str, int]]:
        """(folded spelling, entity) of the generated or fuzzy claims the document writes the same way twice or
        more where the gazetteer has no other entity that spelling could be (no other name within the fuzzy
        floor, so a listed look-alike blocks it) and it is no everyday word: used consistently, a spelling is
        the document's way of writing that name."""
        counts = Counter((surface_fold(text[o + c.start : o + c.end]), c.entity) for o, c in items
                         if c.needs_corroboration and c.entity >= 0 and c.how in ("variant", "fuzzy"))
        return {(span, eid) for (span, eid), n in counts.items()
                if n >= 2 and not _common_word(span) and self._sole_entity(span, eid)}

    def _sole_entity(self, span: str, eid: int) -> bool:
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

    def _shipped(self, eid: int) -> bool:
        return eid >= 0 and self.index.entity(eid).shipped

    def _runs(self, text: str, odd: list[tuple[int, _RunInfo]], protected: list[tuple[int, int]],
              special: list[tuple[int, _RunInfo]]) -> list[tuple[int, _RunInfo]]:
        """(start, analysis) of every run of name words of ``text`` that holds a claim or a surname. Each run is
        analysed on its own string, once per distinct string (memoised): a document costs one dictionary lookup
        per run. Where an automaton claim or an address cuts a run, each stretch left between them is a run of
        its own. The runs that are not plain are also added to ``special``."""
        spans = [m.span() for m in run_spans(text)]
        runs: list[tuple[int, _RunInfo]] = []
        if odd or protected:
            self._cut_runs(text, spans, odd, protected, runs, special)
        stretches = len(runs)
        get = self._run_memo.get
        # One dictionary lookup per run, in a comprehension: a run that holds nothing ("The", "Monday") is
        # dropped there, and one whose analysis does not depend on where it stands is taken as it is.
        found = [(s, info) for s, e in spans if (info := get(text[s:e], _MISSING)) is not _NOTHING
                 and (info.plain or (info := self._settle(text, s, e, info, special)) is not _NOTHING)]
        if not stretches:
            return found
        runs += found
        runs.sort(key=_first)  # the stretches of cut runs came first
        return runs

    def _settle(self, text: str, start: int, end: int, info: _RunInfo,
                special: list[tuple[int, _RunInfo]]) -> _RunInfo:
        """The analysis of the run ``text[start:end]`` where it stands (_NOTHING if it holds nothing there),
        added to ``special`` unless plain; ``info`` is what the memo holds for it (_MISSING: not analysed yet)."""
        if info is _MISSING:
            if end - start < 2:
                return _NOTHING  # "A", "I": no name is one letter
            info = self._memo_run(text[start:end])
        if info.asks:
            if _sentence_start(text, start):
                info = self._memo_at_start(text[start:end], info)
        elif info.at_start is not None and _sentence_start(text, start):
            info = info.at_start
        if not info.claims and not info.surnames:
            return _NOTHING
        if not info.plain:
            special.append((start, info))
        return info

    def _cut_runs(self, text: str, spans: list[tuple[int, int]], odd: list[tuple[int, _RunInfo]],
                  protected: list[tuple[int, int]], runs: list[tuple[int, _RunInfo]],
                  special: list[tuple[int, _RunInfo]]) -> None:
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
        mask = _Spans(text, (), blocked) if cut - covered else None
        for i in sorted(cut | covered):
            start, end = spans[i]
            spans[i] = (0, 0)
            if mask is None or i in covered or end - start < 2:
                continue
            for part in _split([_tokens(text[start:end], start)], mask):
                start = part[0].start
                info = self._settle(text, start, part[-1].end, self._run_memo.get(text[start : part[-1].end], _MISSING),
                                    special)
                if info is not _NOTHING:
                    runs.append((start, info))

    def _memo_run(self, s: str) -> _RunInfo:
        """Stages 2-4 on one run of name words on its own (offsets relative to the run), memoised."""
        asked = [False]
        info = self._complete(self._analyse_run(s, False, asked)._replace(asks=asked[0]))
        self._remember(s, info)
        return info

    def _memo_at_start(self, s: str, info: _RunInfo) -> _RunInfo:
        """The analysis of run ``s`` at a sentence start, where the memo holds ``info`` (which asks): made
        once, and the memo's entry settled (at_start set where the two differ)."""
        initial = self._analyse_run(s, True, [False])
        same = initial.claims == info.claims and initial.surnames == info.surnames
        at_start = None if same else self._complete(initial)
        settled = self._complete(_RunInfo(s, info.claims, info.surnames, at_start))
        self._remember(s, settled)
        return settled if at_start is None else at_start

    def _remember(self, s: str, info: _RunInfo) -> None:
        """Store the analysis of run ``s``; a full memo first forgets its older half (the first inserted:
        recent runs, likely to recur in the next documents, stay), so its size stays bounded at amortized
        O(1) per entry."""
        memo = self._run_memo
        if len(memo) >= _RUN_MEMO_LIMIT:
            # Threads share the memo: list(memo) copies its keys in one step (iterating it while another
            # thread inserts raised), and a key another thread evicted first is skipped.
            for key in list(memo)[: len(memo) // 2]:
                memo.pop(key, None)
        memo[s] = info

    def _complete(self, info: _RunInfo) -> _RunInfo:
        """``info`` with its derived fields: what any document containing the run gets from it."""
        if not info.claims and not info.surnames and info.at_start is None and not info.asks:
            return _NOTHING
        claims = info.claims
        confident = tuple(sorted({c.entity for c in claims if c.entity >= 0 and c.accepted and not c.needs_evidence
                                  and not c.needs_corroboration and c.role != LOOKALIKE}))
        if any(c.needs_evidence or c.needs_corroboration for c in claims):
            return info._replace(confident=confident, flagged=True)
        mentions: list[_MentionRow] = []
        edits: list[_EditRow] = []
        initial = None
        for c in sorted(claims, key=_claim_start):
            if c.entity < 0 or not c.accepted or c.role == LOOKALIKE:
                continue
            ent = self.index.entity(c.entity)
            span = info.text[c.start : c.end]
            mentions.append((c.start, c.end, span, ent.canonical, ent.type, c.how, _certainty(c.score),
                             self._meta(c.entity, ent)))
            new, new_initial = self._claim_replacements(span, c, ent)
            if new is not new_initial and c.start == 0:
                initial = c  # inside a run a word follows a word and a space: never a sentence start
            elif new is not None:
                edits.append((c.start, c.end, span, _rule(c), new, self._reason(c.entity, c.how, ent),
                               _certainty(c.score) if c.how == "fuzzy" else None))
        plain = (info.at_start is None and not info.asks and bool(claims) and not info.surnames
                 and initial is None)
        return info._replace(confident=confident, mentions=tuple(mentions), edits=tuple(edits), initial=initial,
                             plain=plain)

    def _analyse_run(self, s: str, initial: bool, asked: list[bool]) -> _RunInfo:
        def starts(pos: int) -> bool:
            if pos:
                return False  # inside a run a word follows a word and a space: never a sentence start
            asked[0] = True
            return initial

        run = _tokens(s, 0)
        claims = self._lookup(s, surface_fold(s), run, starts)
        # a run always holds a capitalized word, so an unclaimed run splits into itself
        parts = _split([run], _Spans(s, claims, ())) if claims else [run]
        found = len(claims)
        for part in parts if self._fuzzy_on else ():
            claims.extend(self._fuzzy(s, part, starts))
        if claims and len(run) > 1:
            self._mark_listed_beside_name(s, run, claims, starts)
        if len(claims) != found:
            parts = _split([run], _Spans(s, claims, ()))
        surnames = [cand for part in parts for cand in self._surname_candidates(s, part)] if self._surname_on else []
        return _RunInfo(s, tuple(claims), tuple(surnames))

    def _mark_listed_beside_name(self, s: str, run: list[_Token], claims: list[_Claim],
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
        claimed = _Spans(s, claims, ())
        index = {tok.start: k for k, tok in enumerate(run)}

        def unexplained(tok: _Token) -> bool:
            return tok.text.lower() not in ARTICLES and not claimed.overlaps(tok.start, tok.end)

        marked: list[int] = []
        for i, c in exact:
            k = index.get(c.start)
            if (k is None or run[k].end != c.end or s[c.start:c.end].isupper()
                    or not self._is_place(c.entity)):
                continue
            if _next_to_name_word(run, k, starts, unexplained):
                marked.append(i)
        for i in marked:  # claims are immutable (shared by the run memo once made): marked by a copy
            claims[i] = dataclasses.replace(claims[i], needs_corroboration=True)

    def _doc_surnames(self, text: str, runs: list[tuple[int, _RunInfo]], flagged: list[tuple[int, _Claim]],
                      protected: list[tuple[int, int]], dropped: list[tuple[int, int]],
                      mentioned: set[int]) -> list[_Claim]:
        """Stage 4: the surname candidates of every run, kept where exactly one mentioned person owns them."""
        cands: list[tuple[int, int, tuple[int, ...]]] = []
        redo: list[list[_Token]] = []
        if dropped:  # a dropped one-word claim frees its word: such runs are looked at again as a whole
            spans = _Spans(text, (), dropped)
            redo = [_tokens(info.text, start) for start, info in runs if spans.overlaps(start, start + len(info.text))]
            redo_starts = {run[0].start for run in redo}
            runs = [(start, info) for start, info in runs if start not in redo_starts]
        for start, info in runs:
            if info.surnames:
                cands.extend((start + s, start + e, owners) for s, e, owners in info.surnames)
        if redo:
            # every claim left takes its span (flagged runs' claims as settled, the others as analysed)
            taken = [(o + c.start, o + c.end) for o, info in runs if not info.flagged for c in info.claims]
            taken += [(o + c.start, o + c.end) for o, c in flagged]
            for run in _split(redo, _Spans(text, (), taken + protected)):
                cands.extend(self._surname_candidates(text, run))
        out = []
        # a surname of one person only, written the same way twice or more, is that person's even when the
        # document never names him in full ("Moubarak said ... president Moubarak"): used consistently
        repeated = Counter(surface_fold(text[s:e]) for s, e, owners in cands if len(owners) == 1)
        for s, e, owners in cands:
            found = [o for o in owners if o in mentioned]
            if (not found and len(owners) == 1 and repeated[surface_fold(text[s:e])] >= 2
                    and not _common_word(text[s:e])):
                found = list(owners)
            if len(found) == 1:  # nobody mentioned in full, or two people of that name: left
                out.append(_Claim(s, e, found[0], "surname", role="surname"))
        return out

    # -- stage 1: forms that are not a run of name words, by automaton ---------------------------

    def _odd_forms(self, text: str, protected: list[tuple[int, int]]) -> list[tuple[int, _RunInfo]]:
        """(start, analysis) of the automaton's claims: leftmost-longest among the hits that stand as words
        and hold no address. A hit's claim depends on its text and form alone: memoised like a run's."""
        if not self.index.odd_forms:
            return []
        found: list[tuple[int, int, _RunInfo]] = []
        n = len(text)
        memo = self._odd_memo
        for start, end, form in self.index.find_odd_forms(text):
            if start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
                continue
            if end < n and is_word_char(text[end]) and is_word_char(text[end - 1]):
                continue
            span = text[start:end]
            info = memo.get((span, form))
            if info is None:
                info = self._memo_odd(span, form)
            if info is not _NOTHING and not (protected and any(s < end and start < e for s, e in protected)):
                found.append((start, -end, info))
        found.sort(key=_first_two)
        out: list[tuple[int, _RunInfo]] = []
        pos = 0
        for start, neg_end, info in found:
            if start >= pos:
                out.append((start, info))
                pos = -neg_end
        return out

    def _memo_odd(self, span: str, form: Form) -> _RunInfo:
        claim = self._form_claim(span, 0, len(span), form)
        info = _NOTHING if claim is None else self._complete(_RunInfo(span, (claim,), ()))
        if len(self._odd_memo) >= _MEMO_LIMIT:
            self._odd_memo.clear()
        self._odd_memo[span, form] = info
        return info

    def _form_claim(self, text: str, start: int, end: int, form: Form) -> _Claim | None:
        eid, role, written, case_sensitive = form
        span = text[start:end]
        if case_sensitive:
            if span != written:
                return None
        elif not any(c.isupper() for c in span):
            return None  # "idlib" in running lower-case text is a word of a slug or a URL, not a name
        how = "alias" if role in (ABBREVIATION, ALIAS) else "exact"
        return _Claim(start, end, eid, how, role)

    def _spans(self, run: list[_Token], i: int) -> list[int]:
        """Ends (exclusive token indices) of the spans starting at token ``i`` worth trying, longest first."""
        if not run[i].can_start:
            return []
        limit = min(len(run), i + self.index.max_words)
        return [j for j in range(limit, i, -1) if run[j - 1].cap]

    # -- stage 2: listed forms and generated variants, by lookup --------------------------------

    def _lookup(self, text: str, folded: str, run: list[_Token], starts: Callable[[int], bool]) -> list[_Claim]:
        out: list[_Claim] = []
        idx, keys = self.index, self.index.keys
        i = 0
        while i < len(run):
            for j in self._spans(run, i):
                start, end = run[i].start, run[j - 1].end
                span = text[start:end]
                form = idx.form(folded[start:end])
                claim = self._form_claim(text, start, end, form) if form is not None else None
                if claim is not None and j - i == 1 and self._common_at_start(claim, span, start, starts):
                    # "Turkey is cooked": a listed spelling that is an everyday word, capitalized only because
                    # it starts a sentence, is that word unless the document names the entity (else a candidate)
                    claim = dataclasses.replace(claim, needs_corroboration=True)
                if claim is None:
                    claim = self._key_claim(start, end, span, keys, starts)
                    if claim is not None and j - i == 1 and len(run) > 1 and self._beside_name(claim, run, i, starts):
                        claim = None  # "Naseeb Khan", "Dara Khosrowshahi": a given name, not a spelling of a place
                if claim is not None:
                    out.append(claim)
                    i = j
                    break
            else:
                i += 1
        return out

    @staticmethod
    def _common_at_start(claim: _Claim, span: str, start: int, starts: Callable[[int], bool]) -> bool:
        return claim.role == LISTED and claim.how == "exact" and _common_word(span) and starts(start)

    def _key_claim(self, start: int, end: int, span: str, keys: dict[str, int],
                   starts: Callable[[int], bool]) -> _Claim | None:
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
        if single and _common_word(span):
            return None  # an everyday English word (Libyan, Khan) is that word, not another spelling of a name
        initial = single and starts(start)
        return _Claim(start, end, eid, "variant", needs_evidence=initial,
                      needs_corroboration=(single and not initial) or (self._shipped(eid) and _weak_parts(k.parts)))

    def _beside_name(self, claim: _Claim, run: list[_Token], i: int, starts: Callable[[int], bool]) -> bool:
        """Whether a one-word claim of a place sits next to another name word of its run: it is then a given
        name or surname ("Naseeb Khan", "Daria Kasatkina"). A word starting a sentence may be any word; a
        group's name beside a capitalized word is a headline ("Hizbollah Chief Speaks"), not a person."""
        return self._is_place(claim.entity) and _next_to_name_word(run, i, starts)

    def _is_place(self, eid: int) -> bool:
        return eid != AMBIGUOUS and self.index.entity(eid).type.lower() == "place"

    # -- stage 3: fuzzy -------------------------------------------------------------------------

    def _fuzzy(self, text: str, run: list[_Token], starts: Callable[[int], bool]) -> list[_Claim]:
        out: list[_Claim] = []
        cutoff = self.options.fuzzy_cutoff
        i = 0
        while i < len(run):
            for j in self._spans(run, i):
                start, end = run[i].start, run[j - 1].end
                span = text[start:end]
                if j - i == 1 and _common_word(span):
                    continue  # a frequent English word is itself, not a misspelling of a name ("Libyan", "Lebanon")
                found = self._fuzzy_lookup(span)
                # A capitalized word starting a sentence may be any English word. Asked only of a word that
                # matched: a run whose analysis never asks is not analysed a second time for a sentence start.
                if found is None or (j - i == 1 and starts(start)):
                    continue
                eid, score = found
                claim = _Claim(start, end, eid, "fuzzy", score=score, accepted=score >= cutoff,
                               needs_corroboration=len(name_key(span).parts) == 1 or self._shipped(eid))
                if j - i == 1 and len(run) > 1 and self._beside_name(claim, run, i, starts):
                    continue  # one word in a run of capitalized words is part of a person's name (Daria Kasatkina)
                out.append(claim)
                i = j
                break
            else:
                i += 1
        return out

    def _fuzzy_lookup(self, span: str) -> tuple[int, float] | None:
        memo = self._fuzzy_memo
        if span in memo:
            return memo[span]
        result = self._fuzzy_score(span)
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        memo[span] = result
        return result

    def _fuzzy_score(self, span: str) -> tuple[int, float] | None:
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
            if not _parts_agree(k.parts, nparts, ent):
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

    # -- stage 4: a surname alone ---------------------------------------------------------------

    def _surname_candidates(self, text: str, run: list[_Token], known: Mapping[str, Sequence[int]] | None = None,
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
            if before is not None and surface_fold(before.text).rstrip(".") not in _NOT_A_GIVEN_NAME:
                continue  # after another given name: a relative or namesake, who keeps his own name
            key = name_key(text[start:tok.end]).key
            owners = surnames.get(key)
            if owners is None and known is None:
                owners = self._close_surname(key, tok.text)
            if owners:
                out.append((start, tok.end, tuple(owners)))
        return out

    def _close_surname(self, key: str, word: str) -> tuple[int, ...] | None:
        """The persons whose surname ``key`` (a word's name key) misspells ("Schreder", "Mentefering" for
        Schroeder, Müntefering) or writes in another transliteration family ("Moravetsky" for Morawiecki): the
        same consonants, one vowel or doubled letter apart, at the fuzzy cutoff, and not the surname with an
        ending added or dropped (Lavrova is Lavrov's wife or daughter). Kept, like any surname alone, only where
        the person is named in the document or the spelling recurs."""
        if len(key) < MIN_FUZZY_KEY or not self._fuzzy_on:
            return None
        memo = self._close_surnames
        if key in memo:
            return memo[key]
        owners: set[int] = {e for fkey in family_keys(word) for e in self._surname_families.get(fkey, ())}
        for skey in self._surname_skeletons.get(skeleton(key), ()):
            if (skey.startswith(key) or key.startswith(skey) or fuzz.ratio(key, skey) < self.options.fuzzy_cutoff
                    or not _parts_agree((key,), (skey,), _ANY_ENTITY)):
                continue
            owners.update(self.index.surnames[skey])
        found = tuple(sorted(owners)) if owners and not _common_word(word) else None
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[key] = found
        return found

    # -- edits and mentions ---------------------------------------------------------------------

    def _result(self, text: str, runs: list[tuple[int, _RunInfo]], special: list[tuple[int, _RunInfo]],
                flagged: list[tuple[int, _Claim]], surnames: list[_Claim]) -> PassResult:
        edits: list[Edit] = []
        mentions: list[Mention] = []
        for o, c in flagged:
            self._emit(text, o, c, mentions, edits)
        for c in surnames:
            self._emit(text, 0, c, mentions, edits)
        done = [(o, info) for o, info in runs if not info.flagged] if flagged else runs
        name, category = self.name, "name_variant"
        # The bulk: one Mention and at most one Edit per name, from the rows its run's analysis made. Built
        # with tuple.__new__, which is all the named tuples' own __new__ does, minus a Python call per name.
        mentions += [_new(Mention, (o + s, o + e, span, canonical, etype, how, score, meta))
                     for o, info in done for s, e, span, canonical, etype, how, score, meta in info.mentions]
        edits += [_new(Edit, (name, rule, o + s, o + e, old, new, reason, category, score))
                  for o, info in done for s, e, old, rule, new, reason, score in info.edits]
        for o, info in special:
            if info.initial is not None:
                self._emit(text, o, info.initial, None, edits)
        if not mentions:
            return PassResult()
        # one order for both, as the spans of claims never overlap: by start
        mentions.sort(key=_mention_start)
        edits.sort(key=_edit_start)
        return PassResult(edits=edits, mentions=mentions, report={"mentions": len(mentions), "rewritten": len(edits)})

    def _emit(self, text: str, off: int, c: _Claim, mentions: list[Mention] | None, edits: list[Edit]) -> None:
        """The mention (unless ``mentions`` is None) and the edit of one claim at ``off``, where the claim's
        analysis did not make them already."""
        eid = c.entity
        if eid < 0 or not c.accepted or c.role == LOOKALIKE:
            return
        key = (eid, c.how, c.role, c.score, c.withheld)
        out = self._outs.get(key)
        if out is None:
            if len(self._outs) >= _MEMO_LIMIT:
                self._outs.clear()
            ent = self.index.entity(eid)
            sure = _certainty(c.score)
            out = self._outs[key] = (ent.canonical, ent.type, "candidate" if c.withheld else c.how, sure,
                                     self._meta(eid, ent), _rule(c), self._reason(eid, c.how, ent),
                                     sure if c.how == "fuzzy" else None)
        canonical, etype, match, score, meta, rule, reason, edit_score = out
        start, end = off + c.start, off + c.end
        span = text[start:end]
        if mentions is not None:
            mentions.append(_new(Mention, (start, end, span, canonical, etype, match, score, meta)))
        if c.withheld:
            return
        pair = self._claim_replacements(span, c, self.index.entity(eid))
        new = pair[0] if pair[0] is pair[1] else pair[_sentence_start(text, start)]
        if new is not None:
            edits.append(_new(Edit, (self.name, rule, start, end, span, new, reason, "name_variant", edit_score)))

    def _claim_replacements(self, span: str, c: _Claim, ent: EntityInfo) -> tuple[str | None, str | None]:
        key = (span, c.entity, c.how, c.role)
        pair = self._replacement_memo.get(key)
        if pair is None:
            pair = self._replacements(key, ent)
        return pair

    def _meta(self, eid: int, ent: EntityInfo) -> dict[str, Any]:
        meta = self._metas.get(eid)
        if meta is None:  # one dict per entity, shared by its mentions (as the mentions of one document were)
            meta = self._metas[eid] = {**ent.meta, "gazetteer": ent.gazetteer}
        return meta

    def _reason(self, eid: int, how: str, ent: EntityInfo) -> str:
        reason = self._reasons.get((eid, how))
        if reason is None:
            if len(self._reasons) >= _MEMO_LIMIT:
                self._reasons.clear()
            reason = self._reasons[eid, how] = (
                f"{_HOW[how]} of {ent.canonical!r} ({ent.type or 'entity'}, gazetteer {ent.gazetteer})")
        return reason

    def _replacements(self, key: tuple[str, int, str, str], ent: EntityInfo) -> tuple[str | None, str | None]:
        """The replacement of a span not at a sentence start and at one (the same object when equal), memoised."""
        span, _, how, role = key
        plain = self._replacement(span, how, role, ent, initial=False)
        at_start = self._replacement(span, how, role, ent, initial=True)
        pair = (plain, plain if at_start == plain else at_start)
        if len(self._replacement_memo) >= _MEMO_LIMIT:
            self._replacement_memo.clear()
        self._replacement_memo[key] = pair
        return pair

    @staticmethod
    def _replacement(span: str, how: str, role: str, ent: EntityInfo, *, initial: bool) -> str | None:
        """What ``span`` becomes (None: left as written)."""
        if role == ALIAS or (role == ABBREVIATION and not ent.expand_abbreviation):
            return None
        new = ent.canonical
        if how == "surname":  # keep the article if the text wrote one ("el-Assad"), add none if not
            new = ent.surname if name_key(span).has_article else ent.surname_bare
        letters = [ch for ch in span if ch.isalpha()]
        if len(letters) > 4 and all(ch.isupper() for ch in letters):
            new = new.upper()  # an all-capitals headline stays in capitals
        if initial and new[:1].islower():
            new = new[0].upper() + new[1:]
        if new.lower() == span.lower() and new != span and not (initial and span[:1].islower()):
            return None  # only the letter case differs: the author's choice ("Al-Qaeda"), kept
        return None if new == span else new


_NOTHING = _RunInfo("", (), ())  # a run that holds no claim or surname, wherever it stands
_ANY_ENTITY = EntityInfo("", "", {}, "")  # the guards of a surname alone: no given name to compare
_MISSING = _RunInfo("", (), ())  # a run not analysed yet
_first = operator.itemgetter(0)
_second = operator.itemgetter(1)
_first_two = operator.itemgetter(0, 1)
_claim_start = operator.attrgetter("start")
_mention_start = operator.itemgetter(0)
_new = tuple.__new__
_edit_start = operator.itemgetter(2)


def _certainty(score: float) -> float:
    """A claim's rapidfuzz score (0-100, the scale of ``Options.fuzzy_cutoff``) on the 0-1 scale of
    ``Edit.score`` and ``Mention.score``, which every pass shares."""
    return round(score / 100.0, 4)


def _rule(c: _Claim) -> str:
    return _RULES[c.how] if c.role != ABBREVIATION else "names.abbreviation"

_HOW = {
    "exact": "listed spelling",
    "variant": "spelling variant",
    "fuzzy": "close spelling",
    "surname": "surname alone",
    "alias": "abbreviation",
}
_RULES = {how: f"names.{how}" for how in _HOW}


class _Spans:
    """Claimed and protected spans, as a mask over the text for quick overlap tests."""

    def __init__(self, text: str, claims: Sequence[_Claim], protected: Sequence[tuple[int, int]]) -> None:
        # one bytearray per call: C-speed, and only built where claims or protected spans exist
        self.mask = bytearray(len(text))
        for s, e in [(c.start, c.end) for c in claims] + list(protected):
            self.mask[s:e] = b"\x01" * (e - s)

    def overlaps(self, start: int, end: int) -> bool:
        return self.mask.find(1, start, end) != -1


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Addresses, e-mail addresses, handles and hashtags: identifiers, never rewritten."""
    spans = [m.span() for m in _HANDLE.finditer(text)] if ("/" in text or "@" in text or "#" in text
                                                            or "www." in text) else []
    at = text.find("@")
    while at != -1:  # an e-mail address: expand around the "@" (a regex would try every position)
        s, e = at, at + 1
        while s > 0 and (text[s - 1].isalnum() or text[s - 1] in "._+-"):
            s -= 1
        while e < len(text) and (text[e].isalnum() or text[e] in ".-_"):
            e += 1
        if s < at and "." in text[at:e]:
            spans.append((s, e))
        at = text.find("@", e)
    return spans


def _tokens(group: str, base: int) -> list[_Token]:
    """The tokens of one run of name words (a match of RUN_RE) that starts at ``base``."""
    pieces = [(0, group)] if " " not in group and "\u00a0" not in group else [
        (t.start(), t.group()) for t in _TOKEN.finditer(group)]
    run = []
    for offset, word in pieces:
        cap = word not in CONNECTOR_WORDS
        can_start = word in CAPITAL_ARTICLES if not cap else (
            "-" in word or word.lower() not in _ENGLISH_ARTICLES)
        run.append(_Token(base + offset, base + offset + len(word), word, cap, can_start))
    return run


def _split(runs: list[list[_Token]], taken: _Spans) -> list[list[_Token]]:
    """The runs with every claimed token taken out (a run splits where a claim sits)."""
    out: list[list[_Token]] = []
    for run in runs:
        if not taken.overlaps(run[0].start, run[-1].end):
            out.append(run)
            continue
        current: list[_Token] = []
        for tok in run:
            if taken.overlaps(tok.start, tok.end):
                if current:
                    out.append(current)
                current = []
            else:
                current.append(tok)
        if current:
            out.append(current)
    return [r for r in out if len(r) > 1 or r[0].cap]


def _parts_agree(parts: tuple[str, ...], nparts: tuple[str, ...], ent: EntityInfo) -> bool:
    """The guards of a fuzzy match, part by part."""
    differing = 0
    for a, b in zip(parts, nparts, strict=True):
        if first_class(a) != first_class(b):
            return False  # another given name, or another place: not a misspelling
        if a == b:
            continue
        if _nisba(a, b) or _nisba(b, a):
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


def _next_to_name_word(run: list[_Token], k: int, starts: Callable[[int], bool],
                       also: Callable[[_Token], bool] | None = None) -> bool:
    """Whether token ``k`` of ``run`` has a neighbour that reads as another word of a name: capitalized, not
    a word that stands beside place names (_PLACE_CONTEXT), passing ``also`` when given, and not the run's
    first word at a sentence start (any word is capitalized there). Where the run starts is asked last: a
    run whose analysis never asks it is analysed once."""
    def name_word(n: int) -> bool:
        tok = run[n]
        return (tok.cap and tok.text.lower() not in _PLACE_CONTEXT and (also is None or also(tok))
                and not (n == 0 and starts(tok.start)))
    return (k + 1 < len(run) and name_word(k + 1)) or (k > 0 and name_word(k - 1))


def _weak_parts(parts: tuple[str, ...]) -> bool:
    """Whether a generated variant's parts are too short to be evidence on their own ("Co-Chair" for Qusayr):
    one part, or a part under MIN_PART_ALL_CHANGED letters."""
    return len(parts) < 2 or min(map(len, parts)) < MIN_PART_ALL_CHANGED


def _nisba(longer: str, shorter: str) -> bool:
    """Whether ``longer`` is ``shorter`` (a folded part) with the Arabic/English adjective ending "-i" added."""
    return len(longer) == len(shorter) + 1 and longer[-1] in "iI" and longer.startswith(shorter)


def _sentence_start(text: str, pos: int) -> bool:
    """Whether ``pos`` begins a sentence (start of text or line, or after . ! ? and opening quotes)."""
    i = pos - 1
    while i >= 0 and (text[i] in " \t\u00a0" or text[i] in _OPENERS):
        i -= 1
    if i < 0 or text[i] in "\n\r":
        return True
    if text[i] not in ".!?…":
        return False
    # "Mr. Lavrentyev", "Gen. Akar": the full stop of an abbreviation does not end a sentence
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    word = text[j:i].lower()
    return not (word in _TITLES or len(word) == 1)


def _in_context(text: str, start: int, end: int, etype: str) -> bool:
    """Whether the words around ``text[start:end]`` show an entity of type ``etype`` is meant: a place after
    "in"/"near"/"from" or before "province", a group before "fighters"/"leader", a person after a title."""
    before = _word_before(text, start)
    after = _word_after(text, end)
    if etype == "place":
        return before in _PLACE_BEFORE or after in _PLACE_AFTER
    if etype == "person":
        return before.rstrip(".") in _TITLES
    return after in _GROUP_AFTER


def _word_before(text: str, pos: int) -> str:
    """The lower-cased word just before ``pos`` on the same line ("" when none)."""
    i = pos
    while i > 0 and text[i - 1] in " \t\u00a0":
        i -= 1
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    return text[j:i].lower()


def _word_after(text: str, pos: int) -> str:
    """The lower-cased word just after ``pos`` (skipping a possessive "'s"), "" when none."""
    i = pos
    if text[i : i + 2] in ("'s", "’s"):
        i += 2
    while i < len(text) and text[i] in " \t\u00a0":
        i += 1
    j = i
    while j < len(text) and text[j].isalpha():
        j += 1
    return text[i:j].lower()


@functools.lru_cache(maxsize=65_536)
def _common_word(span: str) -> bool:
    """Whether a one-word span (possessive aside) is a frequent English word. Only spans that no listed
    spelling matched ask this, so the word list loads on the first such span, not with the pass."""
    from wordfreq import zipf_frequency

    word = span.removesuffix("'s").removesuffix("\u2019s")
    return zipf_frequency(word, "en") >= COMMON_WORD_ZIPF
