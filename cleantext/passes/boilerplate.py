"""The ``boilerplate`` pass: remove whole lines that web extraction left behind.

Banners, share bars, captions, cookie notices, "read also" links, bylines, page titles and the like.
The pass deletes whole lines (a line with its line break); inside a line it removes only a credit glued to the
end of a sentence (``span_pattern`` rules). It decides to a fixed point (see ``BoilerplatePass._fixed_point``).

How a line is judged
--------------------
1. **Rule evidence**, from the rule packs in ``rules/boilerplate/``, all matched in one go:

   * ``line_phrase`` rules: phrases matched as the whole line, as its start, or inside it; all
     phrases of all rules sit in one Aho-Corasick automaton (:class:`PhraseIndex`). Whole-line phrases
     also form a *catalogue* that lines are fuzzy-matched against (rapidfuzz), piece by piece, so a
     cookie notice in a wording no rule lists is still caught by a rule written for another wording.
   * ``line_pattern`` rules: regular expressions on one line, all in one :class:`CombinedRegex`.
   * ``line_vocab`` rules: lines made only of listed words (a share bar: "Facebook Twitter RSS"). Their
     words also feed the link-word density signal.

2. **Structural signals**, which know no language: word count, final punctuation, position (the run of
   lines before the first and after the last article paragraph), neighbours, repetition in the
   document and across the batch, the density of link-like words, near-duplicate headlines at the top.

A line goes when its score reaches :data:`REMOVE_AT`. Long lines that read like prose are protected
unless their pieces are nearly all furniture: deleting an article sentence is worse than keeping a
banner.

Where the code is
-----------------
This module is the pass: it builds the matchers from the rules (``setup``), runs the decision to a fixed
point and turns it into edits. The rule kinds are in :mod:`.boilerplate_kinds`, the per-line rule evidence in
:mod:`.boilerplate_evidence`, the position-dependent decision (structure, model) in :mod:`.boilerplate_decide`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from ..document import Document, PassResult
from ..edits import Edit
from ..kinds import Rule
from ..matching import CombinedRegex, PhraseIndex, ScanReport
from .base import Pass, register_pass
from .boilerplate_decide import MODEL_MIN_LINES, PageDecision
from .boilerplate_evidence import PIECE_WORD_MIN_CHARS, REMOVE_AT, RuleInfo, Verdict
from .boilerplate_kinds import PHRASE_MODES  # importing the kinds module registers the pass's rule kinds
from .boilerplate_signals import PROSE_MIN_WORDS, Line, normalize, retext, split_lines, words_of

__all__ = ["MAX_ROUNDS", "MODEL_MIN_LINES", "PHRASE_MODES", "REMOVE_AT", "BoilerplatePass"]

#: at most this many decision rounds per document (each round decides again on the lines the rounds before
#: kept, until one removes nothing: see BoilerplatePass._fixed_point)
MAX_ROUNDS = 64


def _renumbered(line: Line, index: int) -> Line:
    """The line as line ``index`` of a view of the page (dataclasses.replace is three times slower)."""
    return Line(index, line.start, line.end, line.text, line.words, line.terminal, line.n_words, line.blank,
                line.prose)


def _copy(v: Verdict) -> Verdict:
    return Verdict(v.score, v.rule, v.reason, v.category, v.from_rule, v.prose_hit)


@register_pass
class BoilerplatePass(PageDecision, Pass):
    name = "boilerplate"
    description = "remove lines that web extraction left behind (banners, share bars, captions)"

    def setup(self) -> None:
        self._infos = []
        self._vocab = {}
        self._filler = {}
        self._vocab_phrases: list[tuple[int, str]] = []
        self._catalogue = []
        self._catalogue_rule = []
        whole, phrase_entries, pattern_entries, span_entries = self._index_rules()
        self._whole = whole
        self._build_matchers(phrase_entries, pattern_entries, span_entries)
        self._build_gates()

    def _index_rules(self) -> tuple[dict[str, int], list[tuple[tuple[int, str], str]], list[tuple[int, str, str]],
                                    list[tuple[int, str, str]]]:
        """Each rule of this pass as a RuleInfo, its phrases, patterns and words sorted into the tables
        the matchers are built from (whole-line phrases, phrase entries, pattern entries, span entries)."""
        whole: dict[str, int] = {}
        phrase_entries: list[tuple[tuple[int, str], str]] = []
        pattern_entries: list[tuple[int, str, str]] = []
        span_entries: list[tuple[int, str, str]] = []
        for rule in self.rules:
            if rule.pass_name != self.name:
                continue
            idx = len(self._infos)
            self._infos.append(RuleInfo(rule=rule, score=float(rule.param("score", 1.0)),
                                         max_words=rule.param("max_words"),
                                         allow_prose=bool(rule.param("allow_prose", False)),
                                         category=rule.category or rule.id.removeprefix("bp.")))
            if rule.kind == "line_phrase":
                mode = rule.param("match", "whole")
                for phrase in rule.param("phrases"):
                    if mode == "whole":
                        whole.setdefault(normalize(phrase), idx)
                        if rule.param("fuzzy", True):
                            self._catalogue.append(normalize(phrase))
                            self._catalogue_rule.append(idx)
                    else:
                        phrase_entries.append(((idx, mode), phrase))
            elif rule.kind == "line_pattern":
                pattern_entries.append((idx, rule.param("pattern"), rule.param("flags", "i")))
            elif rule.kind == "span_pattern":
                flags = "".join(sorted(set(rule.param("flags", "i")) | {"m"}))
                span_entries.append((idx, rule.param("pattern"), flags))
            elif rule.kind == "line_vocab":
                self._index_vocab(rule, idx)
        return whole, phrase_entries, pattern_entries, span_entries

    def _index_vocab(self, rule: Rule, idx: int) -> None:
        """A line_vocab rule's filler words, single words and multi-word entries."""
        for w in rule.param("filler", []):
            for fw in words_of(w):
                self._filler.setdefault(fw, set()).add(idx)
        for w in rule.param("words"):
            ws = words_of(w)
            if len(ws) == 1:
                self._vocab.setdefault(ws[0], set()).add(idx)
            else:
                self._vocab_phrases.append((idx, " ".join(ws)))

    def _build_matchers(self, phrase_entries: list[tuple[tuple[int, str], str]],
                        pattern_entries: list[tuple[int, str, str]], span_entries: list[tuple[int, str, str]]) -> None:
        self._phrases = PhraseIndex(phrase_entries)
        self._patterns = CombinedRegex(pattern_entries, timeout=self.options.rule_timeout)
        # span rules run over the whole document in one scan, with ^ and $ at line ends
        self._spans: CombinedRegex[int] = CombinedRegex(span_entries, timeout=self.options.rule_timeout)
        # The same patterns with ^ and $ at line ends, to scan all lines of a document in one go.
        self._patterns_m = CombinedRegex(
            [(k, pat, "".join(sorted(set(flags) | {"m"}))) for k, pat, flags in pattern_entries],
            timeout=self.options.rule_timeout)
        # multi-word vocabulary entries ("copy link") are matched as units inside the line's words
        self._vocab_multi = {}
        for idx, ph in self._vocab_phrases:
            self._vocab_multi.setdefault(ph, set()).add(idx)
        self._max_multi = max((len(p.split()) for p in self._vocab_multi), default=1)
        self._link_words = set(self._vocab)

    def _build_gates(self) -> None:
        # Gates, so article paragraphs cost little: a rule cannot fire on a line longer than its max_words.
        self._pattern_max_words = self._max_words_of("line_pattern")
        self._vocab_max_words = self._max_words_of("line_vocab")
        self._vocab_min_fraction = min((float(i.rule.param("min_fraction", 1.0)) for i in self._infos
                                        if i.rule.kind == "line_vocab"), default=1.0)
        self._vocab_any = set(self._vocab) | set(self._filler) | {w for p in self._vocab_multi for w in p.split()}
        self._fuzzy_cutoff = float(self.options.boilerplate_fuzzy_cutoff)
        self._evidence_cache = {}
        self._whole_max_words = max((len(p.split()) for p in self._whole), default=0)
        # fuzz.ratio = 2 * matches / (len(a) + len(b)) reaches the cutoff c only if the two lengths are close:
        # a piece of n characters is compared only with the phrases of a length that can reach it (none for a
        # sentence of the article), kept in catalogue order so that ties go to the same phrase as with the
        # whole catalogue; built on first use per length
        self._fuzzy_choices = {}
        # words of five letters or more of the catalogue and of vocabulary rules: a prose line made mostly of
        # furniture pieces has some of them (a fuzzy match keeps most of a phrase's words intact)
        self._piece_words = frozenset(w for text in [*self._catalogue, *self._vocab_any] for w in words_of(text)
                                      if len(w) >= PIECE_WORD_MIN_CHARS)
        # A pattern hit on a prose line only counts when the line ends up outside the article (see
        # _settle_ends), so prose lines are scanned for patterns only at the article's two ends; unless
        # a pattern rule is allowed on prose, which must then see every line.
        self._defer_prose_patterns = not any(i.allow_prose for i in self._infos if i.rule.kind == "line_pattern")

    def _max_words_of(self, kind: str) -> float:
        """The largest max_words among rules of a kind (infinite when one has none, -1 when there are none)."""
        limits = [i.max_words for i in self._infos if i.rule.kind == kind]
        if not limits:
            return -1
        return float("inf") if any(m is None for m in limits) else float(max(m for m in limits if m is not None))

    # -----------------------------------------------------------------------------------------------
    def run(self, doc: Document) -> PassResult:
        text = doc.text
        if not text.strip() or (not self._infos and doc.batch is None):
            return PassResult()
        report = ScanReport()
        lines = split_lines(text)
        spans = self._span_hits(text, lines, report)
        # a line is judged without its glued credit: as it reads once the credit is gone (and in a second clean)
        lines = [retext(line, text[line.start : spans[line.index][0]]) if line.index in spans else line
                 for line in lines]
        evidence = self._evidence(lines, report)
        # the page's language credits its own pack when packs of several languages list one phrase ("Foto:",
        # "utilizamos cookies"): the line goes either way, but the edit names the rule that was meant
        lang = doc.language.lang
        judged = [Verdict() for _ in lines]
        for line, ev, v in zip(lines, evidence, judged, strict=True):
            if not line.blank:
                self._judge_rules(line, ev, v, lang)
        removed, rounds = self._fixed_point(lines, judged, doc, report, lang)
        edits = [
            Edit(pass_name=self.name, rule=v.rule, start=lines[i].start, end=lines[i].end,
                 old=text[lines[i].start : lines[i].end], new="", reason=v.reason, category=v.category,
                 score=round(v.score, 3))
            for i, v in sorted(removed.items())
        ]
        edits += [Edit(pass_name=self.name, rule=info.rule.id, start=a, end=b, old=text[a:b], new="",
                       reason=f"credit glued to the end of the line: {text[a:b].strip()[:60]!r}",
                       category=info.category, score=info.score)
                  for i, (a, b, info) in sorted(spans.items()) if i not in removed]
        edits.sort(key=lambda e: e.start)
        out: dict[str, Any] = {"lines_removed": len(edits), "rounds": rounds}
        if report.timed_out:
            out["timed_out"] = sorted({self._infos[i].rule.id for i in report.timed_out})
        return PassResult(edits=edits, report=out)

    def _span_hits(self, text: str, lines: Sequence[Line], report: ScanReport) -> dict[int, tuple[int, int, RuleInfo]]:
        """Per line index, the span a span rule found at the end of the line (with the spaces before it), from
        one scan of the document. Only a span that ends the line's text after a sentence of PROSE_MIN_WORDS words
        or more is kept."""
        if not len(self._spans):
            return {}
        starts = [line.start for line in lines]
        found: dict[int, tuple[int, int, RuleInfo]] = {}
        for hit in self._spans.scan(text, report):
            a = hit.match.start()
            b = a + len(hit.match.group().rstrip())  # a final \s* may have taken the line break
            i = bisect_right(starts, a) - 1
            line = lines[i]
            if a == b or "\n" in text[a:b] or text[b : line.end].strip() or i in found:
                continue
            a = line.start + len(text[line.start : a].rstrip())  # the spaces before the span go with it
            # only after an article sentence: a shorter line that ends with a credit is a caption, which the
            # line rules remove whole
            if len(words_of(text[line.start : a])) >= PROSE_MIN_WORDS:
                found[i] = (a, b, self._infos[hit.key])
        return found

    def _fixed_point(self, lines: list[Line], judged: list[Verdict], doc: Document, report: ScanReport,
                     lang: str) -> tuple[dict[int, Verdict], int]:
        """Decide on the page, then again on the lines kept, until a round removes nothing (at most
        MAX_ROUNDS rounds). The structural signals and the line model read the neighbouring lines, so once a
        line is gone its neighbours may look different; deciding to a fixed point inside one clean is what
        makes cleaning the output again remove nothing more. Returns the removed lines (by index in
        ``lines``, with the verdict of the round that removed them) and the number of rounds."""
        removed: dict[int, Verdict] = {}
        view = list(range(len(lines)))  # indexes (in ``lines``) of the lines still kept
        rounds = 0
        while rounds < MAX_ROUNDS:
            rounds += 1
            # the lines kept, numbered in the view (structure and model index lines by position)
            view_lines = [_renumbered(lines[i], k) for k, i in enumerate(view)]
            verdicts = [_copy(judged[i]) for i in view]
            self._decide(view_lines, verdicts, doc, report, lang)
            gone = {k for k, v in enumerate(verdicts) if v.score >= REMOVE_AT and not view_lines[k].blank}
            if not gone:
                break
            removed.update((view[k], verdicts[k]) for k in gone)
            view = [i for k, i in enumerate(view) if k not in gone]
        return removed, rounds
