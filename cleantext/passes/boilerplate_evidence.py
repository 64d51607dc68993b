"""Per-line rule evidence for the ``boilerplate`` pass: what the rule packs find in one line, before the decision.

Whole-line, prefix and contains phrases (one automaton), patterns (one alternation, all lines of a document in
one scan), vocabulary lines (share bars), fuzzy catalogue pieces, and the cache that keeps a line's evidence
between documents; also how a line's evidence becomes its rule verdict, and why a rule declined a line (explain).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..kinds import Rule
from ..matching import CombinedRegex, Hit, PhraseIndex, ScanReport
from .boilerplate_signals import Line, normalize, segments, split_lines, words_of

#: a line goes when its score reaches this
REMOVE_AT = 0.5
#: pieces of a prose line must cover this share of it for the line to go anyway
PROSE_COVERAGE = 0.8
#: other lines need this share covered by furniture pieces
LINE_COVERAGE = 0.6
#: fuzzy matching only looks at pieces of this many words (shorter/longer: not a catalogue phrase)
FUZZY_MIN_WORDS, FUZZY_MAX_WORDS = 2, 30
#: distinct lines whose rule evidence a pass keeps between documents (the cache is emptied when full)
EVIDENCE_CACHE_SIZE = 50_000
#: catalogue words this long gate the piece-by-piece look at prose lines
PIECE_WORD_MIN_CHARS = 5
#: only lines up to this many characters are cached (furniture is short; paragraphs are unique)
CACHE_MAX_CHARS = 300


@dataclass(slots=True)
class Verdict:
    score: float = 0.0
    rule: str = ""
    reason: str = ""
    category: str = ""
    #: True when evidence came from a rule (not only from structure)
    from_rule: bool = False
    #: rule evidence held back because the line reads like prose: (score, rule, reason, category, contains)
    prose_hit: tuple[float, str, str, str, bool] | None = None

    def offer(self, score: float, rule: str, reason: str, category: str, *, from_rule: bool) -> None:
        if score > self.score:
            self.score, self.rule, self.reason, self.category = score, rule, reason, category
            self.from_rule = from_rule or self.from_rule


@dataclass(frozen=True, slots=True)
class RuleInfo:
    rule: Rule
    score: float
    max_words: int | None
    allow_prose: bool
    category: str

    def admits(self, line: Line) -> bool:
        if self.max_words is not None and line.n_words > self.max_words:
            return False
        return self.allow_prose or not line.prose

    def admits_words(self, line: Line) -> bool:
        return self.max_words is None or line.n_words <= self.max_words


@dataclass(slots=True)
class Evidence:
    """What the rules found in one line, before the decision."""

    #: (score, rule info, reason) of hits that apply to the whole line
    hits: list[tuple[float, RuleInfo, str]] = field(default_factory=list)
    #: character spans of the line covered by furniture pieces, with the best piece hit
    covered: list[tuple[int, int]] = field(default_factory=list)
    best_piece: tuple[float, RuleInfo, str] | None = None


class RuleEvidence:
    """The rule matchers of a boilerplate pass (built by its ``setup``) and the per-line evidence they give."""

    _infos: list[RuleInfo]
    _whole: dict[str, int]
    _phrases: PhraseIndex[tuple[int, str]]
    _patterns: CombinedRegex[int]
    _patterns_m: CombinedRegex[int]
    _vocab: dict[str, set[int]]
    _filler: dict[str, set[int]]
    _vocab_multi: dict[str, set[int]]
    _max_multi: int
    _vocab_any: set[str]
    _vocab_max_words: float
    _vocab_min_fraction: float
    _pattern_max_words: float
    _whole_max_words: int
    _catalogue: list[str]
    _catalogue_rule: list[int]
    _fuzzy_cutoff: float
    _fuzzy_choices: dict[int, tuple[list[str], list[int]]]
    _piece_words: frozenset[str]
    _defer_prose_patterns: bool
    _evidence_cache: dict[str, Evidence]

    def _evidence(self, lines: list[Line], report: ScanReport) -> list[Evidence]:
        """Rule evidence of every line. It depends only on a line's text, so it is cached across the
        documents this pass sees (a site's furniture repeats on every page); only new lines are scanned."""
        cache = self._evidence_cache
        pattern_hits = self._pattern_hits(lines, report, cache)
        memo: dict[str, Evidence] = {}
        evidence = []
        for line in lines:
            ev = cache.get(line.text) or memo.get(line.text)
            if ev is None:
                ev = memo[line.text] = self._rule_evidence(line, pattern_hits.get(line.index, ()), report)
            evidence.append(ev)
        if not report.timed_out:  # evidence from a scan that timed out is incomplete: not kept
            if len(cache) + len(memo) > EVIDENCE_CACHE_SIZE:
                cache.clear()
            # article paragraphs hardly ever repeat: only shorter lines are worth keeping
            cache.update((k, v) for k, v in memo.items() if len(k) <= CACHE_MAX_CHARS)
        return evidence

    def _pattern_hits(self, lines: Sequence[Line], report: ScanReport,
                      known: Mapping[str, Evidence]) -> dict[int, list[Hit[int]]]:
        """Pattern hits per line index, from one scan of all lines short enough for a pattern rule.

        The lines are scanned joined by "\\n" with ^/$ as line anchors. A hit that runs over a line
        break (a pattern with \\s can) is not trusted: the lines it touched are scanned again alone.
        """
        if not len(self._patterns):
            return {}
        defer = self._defer_prose_patterns
        # only the lines that need it, joined: every line break costs each ^-anchored pattern a try
        todo = [line.index for line in lines if 0 < line.n_words <= self._pattern_max_words
                and line.text not in known and not (defer and line.prose)]
        if not todo:
            return {}
        parts = [lines[i].text for i in todo]
        starts: list[int] = []
        pos = 0
        for part in parts:
            starts.append(pos)
            pos += len(part) + 1
        hits: dict[int, list[Hit[int]]] = {}
        rescan: set[int] = set()
        for h in self._patterns_m.scan("\n".join(parts), report):
            a, b = h.match.span()
            first = bisect_right(starts, a) - 1
            last = bisect_right(starts, max(a, b - 1)) - 1
            if first == last and "\n" not in h.match.group():
                hits.setdefault(todo[first], []).append(h)
            else:
                rescan.update(range(first, last + 1))
        for k in rescan:
            hits[todo[k]] = self._patterns.scan(parts[k], report)
        return hits

    def _rule_evidence(self, line: Line, pattern_hits: Sequence[Hit[int]], report: ScanReport) -> Evidence:
        ev = Evidence()
        if line.blank:
            return ev
        text = line.text
        found_phrase = False
        # whole-line phrase, exact (a line with more words than the longest phrase cannot be one: normalizing
        # only splits words, never joins them)
        if line.n_words <= self._whole_max_words:
            norm = normalize(text)
            idx = self._whole.get(norm)
            if idx is not None:
                ev.hits.append((1.0, self._infos[idx], f"the line is the phrase {norm!r}"))
        # phrases at the start of the line / inside it (one automaton scan)
        if len(self._phrases):
            contains: dict[int, set[str]] = {}
            first = len(text) - len(text.lstrip())
            for hit in self._phrases.find(text):
                found_phrase = True
                for ridx, mode in hit.keys:
                    if mode == "prefix" and hit.start == first:
                        ev.hits.append((1.0, self._infos[ridx], f"the line starts with {text[hit.start:hit.end]!r}"))
                    elif mode == "contains":
                        contains.setdefault(ridx, set()).add(text[hit.start : hit.end].casefold())
            for ridx, found in contains.items():
                if len(found) >= self._infos[ridx].rule.param("min_hits", 1):
                    ev.hits.append((1.0, self._infos[ridx], f"the line contains {', '.join(sorted(found))!r}"))
        # patterns (one alternation)
        ev.hits.extend(map(self._pattern_evidence, pattern_hits))
        # share bars and button rows
        vocab_hit = self._vocab_line(line.words)
        if vocab_hit is not None:
            ev.hits.append((1.0, self._infos[vocab_hit], "the line is made of link words only"))
        # pieces: whole-line phrases (exact or fuzzy) and vocab pieces inside longer lines
        # A prose line goes on its pieces only when nearly all of it is furniture, so its pieces are looked
        # at only when it shares a longer word with the catalogue or some rule matched it.
        if not ev.hits if not line.prose else (ev.hits or found_phrase or not self._piece_words.isdisjoint(line.words)):
            self._piece_evidence(line, ev)
        return ev

    def _pattern_evidence(self, hit: Hit[int]) -> tuple[float, RuleInfo, str]:
        return 1.0, self._infos[hit.key], f"pattern matched {hit.match.group()[:60]!r}"

    def _vocab_line(self, words: Sequence[str], min_fraction: float | None = None) -> int | None:
        """The vocab rule whose words make up (enough of) this line, if any."""
        if not words or not (self._vocab or self._vocab_multi) or len(words) > self._vocab_max_words:
            return None
        # cheap bound first: too few listed words and no rule can reach its share
        known = sum(1 for w in words if w in self._vocab_any or w.isdigit())
        if known / len(words) < self._vocab_min_fraction:
            return None
        owners: Counter[int] = Counter()
        fill: Counter[int] = Counter()
        i = 0
        n = len(words)
        while i < n:
            matched = False
            for k in range(min(self._max_multi, n - i), 1, -1):
                rules = self._vocab_multi.get(" ".join(words[i : i + k]))
                if rules:
                    owners.update({r: k for r in rules})
                    i += k
                    matched = True
                    break
            if not matched:
                if words[i].isdigit():  # share counts ("Share 12") are neither evidence nor against it
                    fill.update(dict.fromkeys(owners, 1))
                    i += 1
                    continue
                owners.update(dict.fromkeys(self._vocab.get(words[i], ()), 1))
                fill.update(dict.fromkeys(self._filler.get(words[i], ()), 1))
                i += 1
        for ridx, count in owners.most_common():
            info = self._infos[ridx]
            need = info.rule.param("min_fraction", 1.0) if min_fraction is None else min_fraction
            if (count + fill[ridx]) / n >= need and (info.max_words is None or n <= info.max_words):
                return ridx
        return None

    def _piece_evidence(self, line: Line, ev: Evidence) -> None:
        text = line.text
        need = PROSE_COVERAGE if line.prose else LINE_COVERAGE
        budget = (1.0 - need) * len(text)  # characters that may stay uncovered
        missed = 0
        for a, b in segments(text):
            if missed > budget:
                break  # the line can no longer be mostly furniture
            piece = text[a:b]
            norm = normalize(piece)
            if not norm:
                continue
            pw = norm.split()
            found: tuple[float, RuleInfo, str] | None = None
            idx = self._whole.get(norm)
            if idx is not None:
                found = (1.0, self._infos[idx], f"piece {norm[:50]!r} is a listed phrase")
            else:
                vidx = self._vocab_line(words_of(piece))
                if vidx is not None:
                    found = (1.0, self._infos[vidx], f"piece {norm[:50]!r} is made of link words")
                elif (FUZZY_MIN_WORDS <= len(pw) <= FUZZY_MAX_WORDS
                      and (fuzzy := self._fuzzy_choices_for(len(norm)))[0]):
                    choices, positions = fuzzy
                    best = process.extractOne(norm, choices, scorer=fuzz.ratio, score_cutoff=self._fuzzy_cutoff)
                    if best is not None:
                        phrase, score, pos = best
                        info = self._infos[self._catalogue_rule[positions[pos]]]
                        found = (score / 100.0, info, f"piece {norm[:50]!r} is like {phrase[:50]!r} "
                                                      f"(fuzzy {score:.0f})")
            if found is None:
                missed += b - a
            else:
                ev.covered.append((a, b))
                if ev.best_piece is None or found[0] > ev.best_piece[0]:
                    ev.best_piece = found

    def _fuzzy_choices_for(self, n: int) -> tuple[list[str], list[int]]:
        """The catalogue phrases (and their positions) whose length lets fuzz.ratio with a piece of ``n``
        characters reach the cutoff: 200 * min(n, m) / (n + m) >= cutoff. The bounds are widened by one
        character, so rounding can only let a phrase in, never keep one out."""
        found = self._fuzzy_choices.get(n)
        if found is None:
            c = self._fuzzy_cutoff
            low = n * c / (200.0 - c) - 1 if c < 200 else float("inf")
            high = n * (200.0 - c) / c + 1 if c > 0 else float("inf")
            positions = [k for k, phrase in enumerate(self._catalogue) if low <= len(phrase) <= high]
            found = self._fuzzy_choices[n] = ([self._catalogue[k] for k in positions], positions)
        return found

    def _judge_rules(self, line: Line, ev: Evidence, v: Verdict, lang: str) -> None:
        hits = ev.hits
        if len(hits) > 1:  # equal scores go to the first offer: the page language's pack first (stable sort)
            hits = sorted(hits, key=lambda hit: hit[1].rule.pack != lang)
        for score, info, reason in hits:
            if info.admits(line):
                v.offer(score * info.score, info.rule.id, reason, info.category, from_rule=True)
            elif line.prose and info.admits_words(line) and (v.prose_hit is None or score > v.prose_hit[0]):
                # decided later, by position: prose after the article body may be a long notice
                # ("Copyright 2024. We are not responsible for ..."); meanwhile it is not an article paragraph
                v.prose_hit = (score * info.score, info.rule.id, reason, info.category,
                               info.rule.param("match") == "contains")
        if ev.best_piece is not None and ev.covered:
            share = sum(b - a for a, b in ev.covered) / max(1, len(line.text))
            need = PROSE_COVERAGE if line.prose else LINE_COVERAGE
            score, info, reason = ev.best_piece
            if share >= need and (info.max_words is None or line.n_words <= info.max_words or len(ev.covered) > 1):
                v.offer(score * info.score, info.rule.id, f"{reason}; {share:.0%} of the line is furniture",
                        info.category, from_rule=True)

    def declines(self, text: str, rule_id: str) -> list[str]:
        """Why rule ``rule_id`` removed no line of ``text``: each line it found something in, and the
        condition (max_words, allow_prose, min_hits, coverage) that turned the hit down. For explain."""
        out: list[str] = []
        for line in split_lines(text):
            if line.blank:
                continue
            report = ScanReport()
            ev = self._rule_evidence(line, self._patterns.scan(line.text, report), report)
            out += [f"line {line.index + 1}: {reason}, {why}" for _, info, reason in ev.hits
                    if info.rule.id == rule_id and (why := self._turned_down(info, line))]
            out += self._too_few_hits(line, rule_id)
            if ev.best_piece is not None and ev.best_piece[1].rule.id == rule_id and ev.covered:
                share = sum(b - a for a, b in ev.covered) / max(1, len(line.text))
                need = PROSE_COVERAGE if line.prose else LINE_COVERAGE
                if share < need:
                    out.append(f"line {line.index + 1}: {ev.best_piece[2]}, but only {share:.0%} of the line "
                               f"is furniture (a {'prose ' if line.prose else ''}line needs {need:.0%})")
        return out

    @staticmethod
    def _turned_down(info: RuleInfo, line: Line) -> str:
        if info.max_words is not None and line.n_words > info.max_words:
            return f"but the line has {line.n_words} words, more than max_words: {info.max_words}"
        if line.prose and not info.allow_prose:
            return "but the line reads like prose and the prose guard protects it (allow_prose: false)"
        if info.score < REMOVE_AT:
            return f"but the rule's score {info.score} is below {REMOVE_AT}"
        return ""

    def _too_few_hits(self, line: Line, rule_id: str) -> list[str]:
        found: dict[int, set[str]] = {}
        for hit in self._phrases.find(line.text):
            for ridx, mode in hit.keys:
                if mode == "contains" and self._infos[ridx].rule.id == rule_id:
                    found.setdefault(ridx, set()).add(line.text[hit.start : hit.end].casefold())
        need = {ridx: self._infos[ridx].rule.param("min_hits", 1) for ridx in found}
        return [f"line {line.index + 1}: holds {', '.join(map(repr, sorted(f)))}, {len(f)} of the "
                f"min_hits: {need[ridx]} distinct phrases the rule needs" for ridx, f in found.items()
                if len(f) < need[ridx]]
