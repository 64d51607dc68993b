"""What the stages of the names pass claim, and the run of name words they read.

A *run* is a stretch of capitalized words and the particles between them (``index.RUN_RE``); each stage
claims spans of a run (:class:`Claim`); :class:`RunInfo` is what the stages make of one run, memoised by
the pass (``memo.RunMemo``) and turned into mentions and edits by ``emitter.Emitter``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import regex

from .context import PLACE_CONTEXT
from .fold import ARTICLES, CAPITAL_ARTICLES
from .index import ABBREVIATION
from .runs import CONNECTOR_WORDS

#: Keys shorter than this are too short to tell a misspelling from another name.
MIN_FUZZY_KEY = 5


#: When no part of a name of several parts is written as listed, every part must have this many letters.
MIN_PART_ALL_CHANGED = 4


MEMO_LIMIT = 50_000


_HANDLE = regex.compile(r"(?:https?://|www\.)\S+|[@#][\w-]+")


_TOKEN = regex.compile(r"[^ \u00a0]+")


# Articles that are also English or French words when capitalized alone: never the start of a name.
ENGLISH_ARTICLES = ARTICLES - CAPITAL_ARTICLES


class Token(NamedTuple):
    start: int
    end: int
    text: str
    #: a capitalized word, or an article attached to one ("al-Assad")
    cap: bool
    #: whether a name may start here: a capitalized word that is not an English article ("An", "As"),
    #: or a lower-case "al"/"el" written apart ("al Qaeda")
    can_start: bool


@dataclass(slots=True, frozen=True)
class Claim:
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
    #: name word: rewritten only when corroborated (see corroboration.Corroboration), else reported as a candidate
    needs_corroboration: bool = False
    #: a claim whose corroboration failed: reported as a mention ("candidate"), never rewritten
    withheld: bool = False


#: A mention of a run, offsets relative to the run: the fields of Mention in order.
MentionRow = tuple[int, int, str, str, str, str, float, dict[str, Any]]


#: An edit of a run, offsets relative to the run: start, end, old, rule, new, reason, score.
EditRow = tuple[int, int, str, str, str, str, float | None]


ClaimOut = tuple[str, str, str, float, dict[str, Any], str, str, float | None]


class RunInfo(NamedTuple):
    """What stages 2-4 make of one run of name words, with offsets relative to the run."""

    text: str
    claims: tuple[Claim, ...]
    #: (start, end, persons whose surname it is) of the words that may be a surname used alone
    surnames: tuple[tuple[int, int, tuple[int, ...]], ...]
    #: the analysis for the run at a sentence start, where that differs (None: the same)
    at_start: RunInfo | None = None
    # Made from the fields above by NamesPass._complete, once per distinct run, so that a document costs
    # no decision per name that the run's text alone settles:
    #: entities the run names confidently (claims that need neither evidence nor corroboration)
    confident: tuple[int, ...] = ()
    #: a claim needs evidence or corroboration: the run's claims are then settled per document, one by one
    flagged: bool = False
    #: the run's mentions, and the edits whose replacement does not depend on the run starting a sentence
    mentions: tuple[MentionRow, ...] = ()
    edits: tuple[EditRow, ...] = ()
    #: the claim at the run's start whose replacement does (a lower-case canonical form, "al-Qaeda")
    initial: Claim | None = None
    #: it holds a claim, and nothing about it depends on the document: not on its starting a sentence, nor on
    #: what else the document names (no flagged claim, no surname, no initial claim)
    plain: bool = False
    #: its analysis looked at whether it starts a sentence, and the analysis for a sentence start is not made
    #: yet: it is made (and at_start set) the first time the run is met at one, as most runs never are
    asks: bool = False


NOTHING = RunInfo("", (), ())  # a run that holds no claim or surname, wherever it stands


MISSING = RunInfo("", (), ())  # a run not analysed yet


def certainty(score: float) -> float:
    """A claim's rapidfuzz score (0-100, the scale of ``Options.fuzzy_cutoff``) on the 0-1 scale of
    ``Edit.score`` and ``Mention.score``, which every pass shares."""
    return round(score / 100.0, 4)


def rule_of(c: Claim) -> str:
    return RULES[c.how] if c.role != ABBREVIATION else "names.abbreviation"


HOW = {
    "exact": "listed spelling",
    "variant": "spelling variant",
    "fuzzy": "close spelling",
    "surname": "surname alone",
    "alias": "abbreviation",
}


RULES = {how: f"names.{how}" for how in HOW}


class Spans:
    """Claimed and protected spans, as a mask over the text for quick overlap tests."""

    def __init__(self, text: str, claims: Sequence[Claim], protected: Sequence[tuple[int, int]]) -> None:
        # one bytearray per call: C-speed, and only built where claims or protected spans exist
        self.mask = bytearray(len(text))
        for s, e in [(c.start, c.end) for c in claims] + list(protected):
            self.mask[s:e] = b"\x01" * (e - s)

    def overlaps(self, start: int, end: int) -> bool:
        return self.mask.find(1, start, end) != -1


def protected_spans(text: str) -> list[tuple[int, int]]:
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


def tokens(group: str, base: int) -> list[Token]:
    """The tokens of one run of name words (a match of RUN_RE) that starts at ``base``."""
    pieces = [(0, group)] if " " not in group and "\u00a0" not in group else [
        (t.start(), t.group()) for t in _TOKEN.finditer(group)]
    run = []
    for offset, word in pieces:
        cap = word not in CONNECTOR_WORDS
        can_start = word in CAPITAL_ARTICLES if not cap else (
            "-" in word or word.lower() not in ENGLISH_ARTICLES)
        run.append(Token(base + offset, base + offset + len(word), word, cap, can_start))
    return run


def split_runs(runs: list[list[Token]], taken: Spans) -> list[list[Token]]:
    """The runs with every claimed token taken out (a run splits where a claim sits)."""
    out: list[list[Token]] = []
    for run in runs:
        if not taken.overlaps(run[0].start, run[-1].end):
            out.append(run)
            continue
        current: list[Token] = []
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


def next_to_name_word(run: list[Token], k: int, starts: Callable[[int], bool],
                       also: Callable[[Token], bool] | None = None) -> bool:
    """Whether token ``k`` of ``run`` has a neighbour that reads as another word of a name: capitalized, not
    a word that stands beside place names (PLACE_CONTEXT), passing ``also`` when given, and not the run's
    first word at a sentence start (any word is capitalized there). Where the run starts is asked last: a
    run whose analysis never asks it is analysed once."""
    def name_word(n: int) -> bool:
        tok = run[n]
        return (tok.cap and tok.text.lower() not in PLACE_CONTEXT and (also is None or also(tok))
                and not (n == 0 and starts(tok.start)))
    return (k + 1 < len(run) and name_word(k + 1)) or (k > 0 and name_word(k - 1))


def weak_parts(parts: tuple[str, ...]) -> bool:
    """Whether a generated variant's parts are too short to be evidence on their own ("Co-Chair" for Qusayr):
    one part, or a part under MIN_PART_ALL_CHANGED letters."""
    return len(parts) < 2 or min(map(len, parts)) < MIN_PART_ALL_CHANGED
