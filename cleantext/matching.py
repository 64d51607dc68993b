"""Combined matchers shared by the rule-based passes.

A pass never loops over its rules on the text. It builds one :class:`CombinedRegex` (one alternation
of all its pattern rules, scanned once) and one :class:`PhraseIndex` (one Aho-Corasick automaton of
all its literal phrases, scanned once), then dispatches each hit to the rule that owns it.

Every scan runs under a time budget (``regex``'s ``timeout``). When the combined scan runs out of
time, the rules are tried one by one with their own budget, and the ones that still time out are
skipped for that document and reported, so one bad pattern never stops the cleaning of a document.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import ahocorasick
import regex

from .literals import required_literals
from .patterns import (  # re-exported: the passes and authoring import them from here
    MAX_REPEAT,
    check_pattern,
    check_template,
    compile_pattern,
    nested_quantifiers,
    refuse_over_budget,
    repeat_budget,
    scoped,
    template_groups,
)

K = TypeVar("K", bound=Hashable)

#: seconds a single rule may spend on one document before it is skipped for that document
DEFAULT_TIMEOUT = 1.0

# Things that depend on a pattern's own group numbering: such a pattern gets its own scan.
_NUMBERED_REFS = regex.compile(r"\\[1-9]|\(\?P=|\\g<|\(\?\(|\(\?[0-9R&]")


@dataclass(frozen=True, slots=True)
class Hit(Generic[K]):
    key: K
    match: regex.Match[str]


@dataclass(slots=True)
class ScanReport:
    """What went wrong during a scan: keys of rules skipped because they ran out of time."""

    timed_out: list[Any] = field(default_factory=list)

    def as_report(self, rule_id: Callable[[Any], str] = str) -> dict[str, list[str]]:
        """The pass-report entry naming the rules skipped on this document, ``{"timed_out": [ids]}``
        (empty when none): merge it into ``PassResult.report``. The pipeline logs it, and the CLI
        warns about each rule and counts them in its summary, whatever the pass."""
        ids = sorted({rule_id(k) for k in self.timed_out})
        return {"timed_out": ids} if ids else {}


class LiteralGate(Generic[K]):
    """Which keys can match a text, from literals one of which each key cannot match without.

    All keys' literals go into one automaton, so a text is read once for all of them; the scan stops
    as soon as every key is found.
    """

    def __init__(self, literals: Mapping[K, Iterable[str]]) -> None:
        #: every key that has literals (a key not here is never gated)
        self.keys: frozenset[K] = frozenset(literals)
        owners: dict[str, set[K]] = {}
        for key, lits in literals.items():
            for lit in lits:
                owners.setdefault(lit, set()).add(key)
        self._automaton: Any = ahocorasick.Automaton()
        for lit, keys in owners.items():
            self._automaton.add_word(lit, frozenset(keys))
        if owners:
            self._automaton.make_automaton()

    def present(self, text: str) -> frozenset[K]:
        """The keys one of whose literals occurs in ``text`` (as written: fold the text as the literals were)."""
        if not self.keys:
            return frozenset()
        found: set[K] = set()
        n = len(self.keys)
        for _end, keys in self._automaton.iter(text):
            found |= keys
            if len(found) == n:
                break
        return frozenset(found)


class LazyPatterns:
    """Patterns compiled on first use: a pattern the literal gate rules out for a document is never compiled.

    Compiling is most of a pass's set-up (about 1 s for the shipped rules) and a short document needs
    few patterns. The repeat budget is still checked when a pattern is added, so an explosive pattern
    is refused at set-up as before; rules from files were compiled once already when they were validated.
    """

    def __init__(self) -> None:
        self._sources: list[tuple[str, str]] = []
        self._compiled: list[regex.Pattern[str] | None] = []

    def append(self, pattern: str, flags: str = "") -> None:
        refuse_over_budget(pattern)
        self._sources.append((pattern, flags))
        self._compiled.append(None)

    def __getitem__(self, index: int) -> regex.Pattern[str]:
        compiled = self._compiled[index]
        if compiled is None:
            compiled = self._compiled[index] = compile_pattern(*self._sources[index])
        return compiled

    def __len__(self) -> int:
        return len(self._sources)


class CombinedRegex(Generic[K]):
    """Many patterns, scanned as one alternation; each hit knows its rule key.

    Hits are leftmost, non-overlapping; at one position the first listed pattern wins, exactly as
    with a hand-written alternation. ``hit.match`` is the owning pattern's own match object, so
    group references of a rule work as written.

    How the text is scanned (``strategy``): ``"alternation"`` runs the one big alternation;
    ``"merged"`` runs each pattern's own search and merges the hits with the alternation's rule
    (leftmost first, then the first listed), which gives the same hits. The ``regex`` module
    optimizes a lone pattern (literal prefixes, fast character-class scans) far better than an
    alternation of many: merged measured 3-11x faster on the shipped boilerplate and MT-repair rules,
    and 30x faster on 500 generated rules (benchmarks/run.py --only rules). Its cost still grows
    with the number of patterns (one search per pattern per document). ``"auto"`` is merged up to
    ``MERGE_LIMIT`` patterns, which no measured size has reached.
    """

    STRATEGIES = ("auto", "merged", "alternation")
    #: most patterns "auto" scans separately; above, one alternation (never measured faster so far)
    MERGE_LIMIT = 100_000

    def __init__(self, entries: Iterable[tuple[K, str, str]], *, timeout: float = DEFAULT_TIMEOUT,
                 strategy: str = "auto", prefilter: bool = True) -> None:
        if strategy not in self.STRATEGIES:
            raise ValueError(f"unknown CombinedRegex strategy {strategy!r}; choose one of {', '.join(self.STRATEGIES)}")
        self.timeout = timeout
        self.keys: list[K] = []
        self.own = LazyPatterns()
        alternatives: list[str] = []
        self._solo: list[int] = []  # patterns with numbered references get their own scan
        # literals one of which a pattern cannot match without (cleantext.literals): a pattern none of
        # whose literals is in the text is not searched, in one automaton scan for all patterns
        needs: dict[int, frozenset[str]] = {}
        for key, pattern, flags in entries:
            idx = len(self.keys)
            self.keys.append(key)
            self.own.append(pattern, flags)
            if prefilter and (literals := required_literals(pattern, flags)) is not None:
                needs[idx] = literals
            if _NUMBERED_REFS.search(pattern):
                self._solo.append(idx)
            else:
                alternatives.append(f"(?P<r{idx}>{scoped(pattern, flags)})")
        self._alternatives = "|".join(alternatives)
        self._alternated = [i for i in range(len(self.keys)) if i not in set(self._solo)]
        self.merged = strategy == "merged" or (strategy == "auto" and len(self._alternated) <= self.MERGE_LIMIT)
        self._gate = LiteralGate(needs) if needs else None

    @functools.cached_property
    def combined(self) -> regex.Pattern[str] | None:
        """The one alternation of all patterns; compiled on first use (the merged scan seldom needs it)."""
        return regex.compile(self._alternatives, regex.V1 | regex.WORD) if self._alternatives else None

    @functools.cached_property
    def _group_to_index(self) -> dict[int, int]:
        groups = {} if self.combined is None else self.combined.groupindex
        return {group: int(name[1:]) for name, group in groups.items() if name.startswith("r") and name[1:].isdigit()}

    def ruled_out(self, text: str) -> frozenset[int]:
        """Indexes of the gated patterns none of whose literals is in ``text``: they cannot match it."""
        return frozenset() if self._gate is None else self._gate.keys - self._gate.present(text.casefold())

    def __len__(self) -> int:
        return len(self.keys)

    def scan(self, text: str, report: ScanReport | None = None) -> list[Hit[K]]:
        """All hits in text order. Rules that exceed the time budget are skipped and named in ``report``."""
        hits: list[Hit[K]] = []
        if self._alternatives:
            try:
                hits.extend(self._scan_merged(text) if self.merged else self._scan_combined(text))
            except TimeoutError:
                combined_idx = [i for i in range(len(self.keys)) if i not in self._solo]
                hits.extend(self._scan_each(text, combined_idx, report))
        hits.extend(self._scan_each(text, self._solo, report))
        hits.sort(key=lambda h: (h.match.start(), h.match.end()))
        return hits

    def _scan_merged(self, text: str) -> list[Hit[K]]:
        """The alternation's hits, found by each pattern's own search; TimeoutError past the budget."""
        ruled_out = self.ruled_out(text)
        # none of its literals is in the text: a ruled-out pattern has no hit to contribute
        wanted = [(i, self.own[i]) for i in self._alternated if i not in ruled_out]
        deadline = time.monotonic() + self.timeout  # after compiling: the budget is for searching only
        # next[i]: pattern i's leftmost match at or after the current position (None: no more)
        nxt: dict[int, regex.Match[str] | None] = {}
        for i, pattern in wanted:
            nxt[i] = pattern.search(text, 0, timeout=max(deadline - time.monotonic(), 1e-6))
        hits: list[Hit[K]] = []
        while True:
            best: regex.Match[str] | None = None
            best_i = -1
            for i, m in nxt.items():  # insertion order is rule order: ties go to the first listed
                if m is not None and (best is None or m.start() < best.start()):
                    best, best_i = m, i
            if best is None:
                return hits
            if best.end() == best.start():
                # an empty match: the alternation's rules for stepping past it are subtle, so let it decide
                return list(self._scan_combined(text))
            hits.append(Hit(self.keys[best_i], best))
            pos = best.end()
            for i, m in nxt.items():
                if m is not None and m.start() < pos:  # overlaps the hit: look again after it
                    nxt[i] = self.own[i].search(text, pos, timeout=max(deadline - time.monotonic(), 1e-6))

    def _scan_combined(self, text: str) -> Iterator[Hit[K]]:
        assert self.combined is not None
        for m in self.combined.finditer(text, timeout=self.timeout):
            idx = self._group_to_index.get(m.lastindex or -1)
            if idx is None:  # lastindex is an inner group: find the wrapper that matched
                idx = next(i for g, i in self._group_to_index.items() if m.group(g) is not None)
            own = self.own[idx].match(text, m.start(), timeout=self.timeout)
            if own is not None:
                yield Hit(self.keys[idx], own)

    def _scan_each(self, text: str, indices: Sequence[int], report: ScanReport | None) -> Iterator[Hit[K]]:
        for idx in indices:
            try:
                found = list(self.own[idx].finditer(text, timeout=self.timeout))
            except TimeoutError:
                if report is not None:
                    report.timed_out.append(self.keys[idx])
                continue
            for m in found:
                yield Hit(self.keys[idx], m)


def lower_aligned(text: str) -> str:
    """``text.lower()`` with every position kept (the few characters that grow when lowered stay)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(lc := c.lower()) != 1 else lc for c in text)


def is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def word_bounded(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands as words: no word character runs on across either end."""
    first_ok = start == 0 or not (is_word_char(text[start - 1]) and is_word_char(text[start]))
    return first_ok and (end == len(text) or not (is_word_char(text[end]) and is_word_char(text[end - 1])))


V = TypeVar("V")


def leftmost_longest(spans: Iterable[tuple[int, int, V]]) -> list[tuple[int, int, V]]:
    """The spans to keep of overlapping candidates ``(start, end, value)``: scanning from the left, the
    longest one starting at each place, and none overlapping one kept before (the selection of every
    literal matcher: PhraseIndex, the mt_repair scan, the names pass's automaton)."""
    kept: list[tuple[int, int, V]] = []
    pos = 0
    for span in sorted(spans, key=_leftmost_first):
        if span[0] >= pos:
            kept.append(span)
            pos = span[1]
    return kept


def _leftmost_first(span: tuple[int, int, object]) -> tuple[int, int]:
    return span[0], -span[1]


@dataclass(frozen=True, slots=True)
class PhraseHit(Generic[K]):
    start: int
    end: int
    keys: tuple[K, ...]


class PhraseIndex(Generic[K]):
    """Literal phrases in one Aho-Corasick automaton, matched case-insensitively on word boundaries.

    ``find`` returns leftmost-longest, non-overlapping hits; a phrase listed by several rules carries
    all their keys, first listed first.
    """

    def __init__(self, entries: Iterable[tuple[K, str]]) -> None:
        self._automaton: Any = ahocorasick.Automaton()
        table: dict[str, list[K]] = {}
        for key, phrase in entries:
            low = lower_aligned(phrase)
            if low.strip():
                table.setdefault(low, []).append(key)
        for low, keys in table.items():
            self._automaton.add_word(low, (len(low), tuple(keys)))
        self._size = len(table)
        if self._size:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return self._size

    def find(self, text: str, *, lowered: str | None = None) -> list[PhraseHit[K]]:
        if not self._size or not text:
            return []
        low = lowered if lowered is not None else lower_aligned(text)
        candidates: list[tuple[int, int, tuple[K, ...]]] = []
        for end_idx, (length, keys) in self._automaton.iter(low):
            start, end = end_idx - length + 1, end_idx + 1
            if word_bounded(text, start, end):
                candidates.append((start, end, keys))
        return [PhraseHit(start, end, keys) for start, end, keys in leftmost_longest(candidates)]


# the names of patterns.py are re-exported: the passes and authoring have always found them here
__all__ = [
    "DEFAULT_TIMEOUT", "MAX_REPEAT", "CombinedRegex", "Hit", "LazyPatterns", "LiteralGate", "PhraseHit",
    "PhraseIndex", "ScanReport", "check_pattern", "check_template", "compile_pattern", "is_word_char",
    "leftmost_longest", "lower_aligned", "nested_quantifiers", "refuse_over_budget", "repeat_budget", "scoped",
    "template_groups", "word_bounded",
]
