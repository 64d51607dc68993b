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

K = TypeVar("K", bound=Hashable)

#: seconds a single rule may spend on one document before it is skipped for that document
DEFAULT_TIMEOUT = 1.0

_FLAG_LETTERS = {"ignore_case": "i", "multiline": "m", "dotall": "s", "verbose": "x"}
# Things that depend on a pattern's own group numbering: such a pattern gets its own scan.
_NUMBERED_REFS = regex.compile(r"\\[1-9]|\(\?P=|\\g<|\(\?\(|\(\?[0-9R&]")


def scoped(pattern: str, flags: str = "") -> str:
    """The pattern with its flags scoped to it, so it can sit inside an alternation with others."""
    return f"(?{flags}:{pattern})" if flags else f"(?:{pattern})"


def compile_pattern(pattern: str, flags: str = "") -> regex.Pattern[str]:
    """Compile with the ``regex`` module (V1 semantics, Unicode word boundaries).

    Raises ``regex.error`` for a pattern over the repeat budget (see :func:`repeat_budget`): compiling
    one can take minutes and gigabytes, and rules may come from people we do not trust.
    """
    budget = repeat_budget(pattern)
    if budget > MAX_REPEAT:
        raise regex.error(f"pattern repeats something up to {budget} times; the limit is {MAX_REPEAT}")
    return regex.compile(scoped(pattern, flags), regex.V1 | regex.WORD)


def template_groups(template: str) -> list[str]:
    r"""Group references in a replacement template: ``\1``, ``\g<1>``, ``\g<name>``."""
    refs = regex.findall(r"\\g<([^>]*)>|\\([0-9]{1,2})", template)
    return [a or b for a, b in refs]


def check_template(compiled: regex.Pattern[str], template: str) -> list[str]:
    problems = []
    for ref in template_groups(template):
        if ref.isdigit():
            if int(ref) > compiled.groups:
                problems.append(
                    f"replacement refers to group {ref} but the pattern has {compiled.groups} group(s)"
                )
        elif ref not in compiled.groupindex:
            names = ", ".join(sorted(compiled.groupindex)) or "none"
            problems.append(f"replacement refers to group {ref!r}, which the pattern does not define "
                            f"(named groups: {names})")
    return problems


_GROUP_OPEN = regex.compile(r"\((?:\?(?::|P?<\w+>|>))?")
_ATOMS = regex.compile(r"\[(?:\\.|[^\]])+\]|\\[pP]\{[^}]*\}|\\.|\.")


def _separated(group: str) -> bool:
    """True for a group whose every repetition must start at a literal nothing else in it can match,
    as in ``(?:-[A-Z][a-z]+)*``: the input splits into repetitions one way only, so it cannot blow up."""
    opener = _GROUP_OPEN.match(group)
    if opener is None:
        return False
    body = group[opener.end() : -1]
    if not body or body[0] in "\\.[(^$|?*+{)" or "|" in body:
        return False
    lead, rest = body[0], body[1:]
    if rest[:1] in ("*", "+", "?", "{"):  # the delimiter itself repeats: (a+)+ is the classic blow-up
        return False
    for atom in _ATOMS.findall(rest):
        try:
            if regex.fullmatch(atom, lead):
                return False
        except regex.error:
            return False
    return lead not in _ATOMS.sub("", rest)


def nested_quantifiers(pattern: str) -> list[str]:
    """Spots the classic catastrophic-backtracking shape: an unbounded quantifier on a group that
    itself contains an unbounded quantifier, as in ``(a+)+`` or ``(\\w+\\s*)*``, unless each
    repetition is anchored on its own delimiter (see ``_separated``)."""
    findings: list[str] = []
    stack: list[tuple[int, bool]] = []  # (start index, contains unbounded quantifier)
    i = 0
    in_class = False
    last_group: tuple[int, bool, int] | None = None  # (start, contains unbounded, index of its ")")
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            last_group = None
            continue
        if in_class:
            if c == "]":
                in_class = False
            i += 1
            continue
        if c == "[":
            in_class = True
            last_group = None
        elif c == "(":
            stack.append((i, False))
            last_group = None
        elif c == ")":
            if stack:
                start, inner = stack.pop()
                last_group = (start, inner, i)
                if inner and stack:
                    s, _ = stack[-1]
                    stack[-1] = (s, True)
            i += 1
            continue
        elif c in "*+" or (c == "{" and regex.match(r"\{\d*,\}", pattern[i:])):
            if last_group is not None and last_group[1] and not _separated(pattern[last_group[0] : last_group[2] + 1]):
                findings.append(
                    f"nested unbounded quantifiers in {pattern[last_group[0] : i + 1]!r} can backtrack "
                    "catastrophically; make the inner or outer repetition bounded or possessive"
                )
            if stack:
                s, _ = stack[-1]
                stack[-1] = (s, True)
            last_group = None
        else:
            last_group = None
        i += 1
    return findings


#: most repetitions a pattern may ask for, nested counted repeats multiplied: ``(?:a{1000}){1000}``
#: alone takes the regex compiler half a second and 270 MB, and ``a{4294967294}`` never finishes
MAX_REPEAT = 10_000
_COUNTED = regex.compile(r"\{(\d*)(?:,(\d*))?\}")


def repeat_budget(pattern: str) -> int:
    """The largest number of times any atom of the pattern can be repeated by counted quantifiers
    (``{n}``, ``{m,n}``, ``{m,}``), nested ones multiplied. Unbounded ``*``/``+`` count once: the
    run-time timeout bounds them. Cheap and conservative, for checking patterns before compiling."""
    stack: list[int] = [1]  # the largest repeat product seen inside each open group
    last = 1  # the product of the element just closed (atom: 1; group: its inner maximum)
    worst = 1
    i = 0
    in_class = False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            last = 1
            continue
        if in_class:
            in_class = c != "]"
            i += 1
            continue
        if c == "[":
            in_class = True
            last = 1
        elif c == "(":
            stack.append(1)
        elif c == ")" and len(stack) > 1:
            last = stack.pop()
            stack[-1] = max(stack[-1], last)
        elif c == "{" and (m := _COUNTED.match(pattern, i)) and (m.group(1) or m.group(2)):
            low, high = m.group(1), m.group(2)
            count = int(high) if high else int(low or 0)
            count = max(count, int(low or 0))
            last = last * max(count, 1)
            stack[-1] = max(stack[-1], last)
            worst = max(worst, last)
            i = m.end()
            continue
        else:
            last = 1
        i += 1
    return max(worst, *stack)


def check_pattern(pattern: str, flags: str = "", template: str | None = None) -> list[str]:
    """Every problem with a rule's pattern: does not compile, bad group refs, dangerous shape."""
    budget = repeat_budget(pattern)
    if budget > MAX_REPEAT:  # refuse before compiling: compiling such a pattern can itself hang
        return [f"pattern repeats something up to {budget} times (counted repeats multiplied); the limit is "
                f"{MAX_REPEAT}: use + or * (matching runs under a timeout) or smaller counts"]
    try:
        compiled = compile_pattern(pattern, flags)
    except regex.error as exc:
        return [f"pattern does not compile: {exc}"]
    problems = nested_quantifiers(pattern)
    if template is not None:
        problems += check_template(compiled, template)
    if compiled.search("") is not None and compiled.fullmatch("") is not None:
        problems.append("pattern matches the empty string; it would fire everywhere")
    return problems


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
        budget = repeat_budget(pattern)
        if budget > MAX_REPEAT:
            raise regex.error(f"pattern repeats something up to {budget} times; the limit is {MAX_REPEAT}")
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
