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
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from ..document import Document, PassResult
from ..edits import Edit
from ..kinds import Param, Rule, RuleKind, register_kind
from ..matching import CombinedRegex, Hit, PhraseIndex, ScanReport, check_pattern
from .base import Pass, register_pass
from .boilerplate_model import IN_MAIN, load_model, page_features
from .boilerplate_signals import (
    PROSE_MIN_WORDS,
    Line,
    batch_line_key,
    neighbours,
    normalize,
    retext,
    segments,
    split_lines,
    strip_title_suffix,
    words_of,
)

# ---------------------------------------------------------------------------------------------------
# Rule kinds

PHRASE_MODES = ("whole", "prefix", "contains")


def _check_common(rule: Rule) -> list[str]:
    problems: list[str] = []
    score = rule.param("score", 1.0)
    if not isinstance(score, int | float) or not 0 < score <= 1:
        problems.append(f"'score' must be a number in (0, 1], not {score!r}")
    mw = rule.param("max_words")
    if mw is not None and (not isinstance(mw, int) or mw < 1):
        problems.append(f"'max_words' must be a positive integer, not {mw!r}")
    return problems


def _check_phrase(rule: Rule) -> list[str]:
    problems = _check_common(rule)
    phrases = rule.param("phrases")
    if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and normalize(p) for p in phrases):
        problems.append("'phrases' must be a non-empty list of phrases with at least one letter or digit each")
    mode = rule.param("match", "whole")
    if mode not in PHRASE_MODES:
        problems.append(f"'match' must be one of {', '.join(PHRASE_MODES)}, not {mode!r}")
    if mode != "whole" and rule.param("fuzzy", False):
        problems.append("'fuzzy: true' only works with 'match: whole' (the catalogue holds whole lines)")
    min_hits = rule.param("min_hits", 1)
    if not isinstance(min_hits, int) or min_hits < 1:
        problems.append(f"'min_hits' must be a positive integer, not {min_hits!r}")
    return problems


def _check_pattern(rule: Rule) -> list[str]:
    problems = _check_common(rule)
    pattern = rule.param("pattern")
    if not isinstance(pattern, str) or not pattern:
        return [*problems, "'pattern' must be a non-empty regular expression"]
    flags = rule.param("flags", "i")
    if not isinstance(flags, str) or set(flags) - set("imsx"):
        return [*problems, f"'flags' must be letters from 'imsx', not {flags!r}"]
    return problems + check_pattern(pattern, flags)


def _check_vocab(rule: Rule) -> list[str]:
    problems = _check_common(rule)
    vocab = rule.param("words")
    if not isinstance(vocab, list) or not vocab or not all(isinstance(w, str) and words_of(w) for w in vocab):
        problems.append("'words' must be a non-empty list of words or short phrases")
    frac = rule.param("min_fraction", 1.0)
    if not isinstance(frac, int | float) or not 0 < frac <= 1:
        problems.append(f"'min_fraction' must be a number in (0, 1], not {frac!r}")
    filler = rule.param("filler", [])
    if not isinstance(filler, list) or not all(isinstance(w, str) for w in filler):
        problems.append("'filler' must be a list of words")
    return problems


_COMMON_PARAMS = {
    "score": Param((float, int), default=1.0, doc="confidence of a hit, 0-1 (default 1.0); a line goes at 0.5 or more"),
    "max_words": Param((int,), doc="only lines with at most this many words (default: no limit)"),
    "allow_prose": Param((bool,), default=False,
                         doc="also on lines that read like prose (default false: prose is protected)"),
}

register_kind(RuleKind(
    name="line_phrase",
    pass_name="boilerplate",
    params={
        "phrases": Param((list,), required=True, doc="phrases, matched case-insensitively on word boundaries"),
        "match": Param((str,), default="whole",
                               doc="whole (the line is the phrase; default), prefix (the line starts with it), "
                                   "contains (the line contains it)"),
        "fuzzy": Param((bool,), default=True,
                                doc="whole-line phrases also match lines in other wordings (rapidfuzz); default true"),
        "min_hits": Param((int,), default=1,
                                  doc="contains: distinct phrases of this rule the line must hold (default 1)"),
        **_COMMON_PARAMS,
    },
    doc="boilerplate phrases: the whole line, its start, or inside it",
    validate=_check_phrase,
    # a whole-line phrase has one owner (the first rule listing it: the table maps a line to one rule); a
    # prefix or contains phrase credits every rule that lists it, each with its own conditions (min_hits,
    # max_words), so listing one under both "whole" and "contains" is not a duplicate
    phrase_group=lambda rule: "whole" if rule.param("match", "whole") == "whole" else None,
    literal_params=("phrases",), fuzzy_param="fuzzy",
))

register_kind(RuleKind(
    name="line_pattern",
    pass_name="boilerplate",
    params={
        "pattern": Param((str,), required=True, doc="regular expression searched in one line (^ and $ are its ends)"),
        "flags": Param((str,), default="i", doc="regex flags from 'imsx' (default 'i')"),
        **_COMMON_PARAMS,
    },
    doc="a regular expression on one line; all patterns run as one alternation",
    validate=_check_pattern,
    pattern_params=("pattern",), flags_param="flags",
))

register_kind(RuleKind(
    name="line_vocab",
    pass_name="boilerplate",
    params={
        "words": Param((list,), required=True, doc="words (or short phrases) the line is made of"),
        "min_fraction": Param((float, int), default=1.0,
                                            doc="share of the line's words that must be listed (default 1.0)"),
        "filler": Param((list,), doc="small words allowed in such a line that are no evidence themselves (and, on)"),
        **_COMMON_PARAMS,
    },
    doc="lines made of listed words (share bars, consent buttons); the words also count as link-like words",
    validate=_check_vocab,
    literal_params=("words",),
))

register_kind(RuleKind(
    name="span_pattern",
    pass_name="boilerplate",
    params={
        "pattern": Param((str,), required=True, doc="regular expression for the span at the end of a line "
                                                    "(end it with $); the match and the spaces before it go"),
        "flags": Param((str,), default="i", doc="regex flags from 'imsx' (default 'i')"),
        "score": _COMMON_PARAMS["score"],
    },
    doc="a credit or caption glued to the end of a line: only that span is removed, the line stays",
    validate=_check_pattern,
    pattern_params=("pattern",), flags_param="flags",
))

# ---------------------------------------------------------------------------------------------------
# Decision constants (why each value: see the module docstring and docs/boilerplate.md)

#: a line goes when its score reaches this
REMOVE_AT = 0.5
#: at most this many decision rounds per document (each round decides again on the lines the rounds before
#: kept, until one removes nothing: see BoilerplatePass._fixed_point)
MAX_ROUNDS = 64
#: the fitted line model acts only on documents with at least this many non-blank lines (whole pages)
MODEL_MIN_LINES = 15
#: pieces of a prose line must cover this share of it for the line to go anyway
PROSE_COVERAGE = 0.8
#: other lines need this share covered by furniture pieces
LINE_COVERAGE = 0.6
#: fuzzy matching only looks at pieces of this many words (shorter/longer: not a catalogue phrase)
FUZZY_MIN_WORDS, FUZZY_MAX_WORDS = 2, 30
#: a headline near-duplicate: rapidfuzz ratio of the normalized lines at least this
HEADLINE_DUP_RATIO = 85.0
#: a "short" line for structural signals
SHORT_WORDS = 12
#: an article paragraph, for position signals: ends like a sentence and has at least this many words
BODY_MIN_WORDS = 6
#: only this many non-blank lines at the top are compared as possible repeated headlines
HEAD_LINES = 10
#: site furniture across a batch: in at least this share of documents, and at least BATCH_MIN_DOCS of them
BATCH_SHARE, BATCH_MIN_DOCS = 0.3, 3
#: distinct lines whose rule evidence a pass keeps between documents (the cache is emptied when full)
EVIDENCE_CACHE_SIZE = 50_000
#: catalogue words this long gate the piece-by-piece look at prose lines
PIECE_WORD_MIN_CHARS = 5
#: only lines up to this many characters are cached (furniture is short; paragraphs are unique)
CACHE_MAX_CHARS = 300
#: a headline has at least this many words; shorter lines above it (section labels, menus) are page furniture
HEADLINE_MIN_WORDS = 4
#: lines of at most this many words above the headline go when rules found furniture there
HEAD_LABEL_MAX_WORDS = 3
#: a sentence of at most this many words at the bottom, inside one end-of-article widget (between two
#: furniture lines of the same kind), is part of the widget ("Receive the essentials every morning.")
DETACHED_MAX_WORDS = 20
#: rule categories that mark the end of an article (what follows a related-links list or a newsletter box is
#: not article text); captions, ads and timestamps also sit inside articles, so they do not count
END_CATEGORIES = frozenset({"related_links", "newsletter", "social", "comments", "copyright", "legal_widgets",
                            "cookie_notice", "tags", "navigation", "site_furniture"})
#: a list item: a bullet, dash or number marker, then a space
_LIST_ITEM = re.compile(r"(?:[-–—•*·▪◦]|\d{1,2}[.)])\s")
#: categories that make up one widget: a newsletter box ends with a "Subscribe" button of a share bar
_WIDGET_FAMILY = {"newsletter": "subscribe", "social": "subscribe", "copyright": "legal", "legal_widgets": "legal"}


@dataclass(slots=True)
class _Verdict:
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
class _RuleInfo:
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
class _Evidence:
    """What the rules found in one line, before the decision."""

    #: (score, rule info, reason) of hits that apply to the whole line
    hits: list[tuple[float, _RuleInfo, str]] = field(default_factory=list)
    #: character spans of the line covered by furniture pieces, with the best piece hit
    covered: list[tuple[int, int]] = field(default_factory=list)
    best_piece: tuple[float, _RuleInfo, str] | None = None


def _renumbered(line: Line, index: int) -> Line:
    """The line as line ``index`` of a view of the page (dataclasses.replace is three times slower)."""
    return Line(index, line.start, line.end, line.text, line.words, line.terminal, line.n_words, line.blank,
                line.prose)


def _copy(v: _Verdict) -> _Verdict:
    return _Verdict(v.score, v.rule, v.reason, v.category, v.from_rule, v.prose_hit)


@register_pass
class BoilerplatePass(Pass):
    name = "boilerplate"
    description = "remove lines that web extraction left behind (banners, share bars, captions)"

    def setup(self) -> None:
        self._infos: list[_RuleInfo] = []
        whole: dict[str, int] = {}
        phrase_entries: list[tuple[tuple[int, str], str]] = []
        pattern_entries: list[tuple[int, str, str]] = []
        span_entries: list[tuple[int, str, str]] = []
        self._vocab: dict[str, set[int]] = {}
        self._filler: dict[str, set[int]] = {}
        self._vocab_phrases: list[tuple[int, str]] = []
        self._catalogue: list[str] = []
        self._catalogue_rule: list[int] = []
        for rule in self.rules:
            if rule.pass_name != self.name:
                continue
            idx = len(self._infos)
            self._infos.append(_RuleInfo(rule=rule, score=float(rule.param("score", 1.0)),
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
                for w in rule.param("filler", []):
                    for fw in words_of(w):
                        self._filler.setdefault(fw, set()).add(idx)
                for w in rule.param("words"):
                    ws = words_of(w)
                    if len(ws) == 1:
                        self._vocab.setdefault(ws[0], set()).add(idx)
                    else:
                        self._vocab_phrases.append((idx, " ".join(ws)))
        self._whole = whole
        self._phrases: PhraseIndex[tuple[int, str]] = PhraseIndex(phrase_entries)
        self._patterns: CombinedRegex[int] = CombinedRegex(pattern_entries, timeout=self.options.rule_timeout)
        # span rules run over the whole document in one scan, with ^ and $ at line ends
        self._spans: CombinedRegex[int] = CombinedRegex(span_entries, timeout=self.options.rule_timeout)
        # The same patterns with ^ and $ at line ends, to scan all lines of a document in one go.
        self._patterns_m: CombinedRegex[int] = CombinedRegex(
            [(k, pat, "".join(sorted(set(flags) | {"m"}))) for k, pat, flags in pattern_entries],
            timeout=self.options.rule_timeout)
        # multi-word vocabulary entries ("copy link") are matched as units inside the line's words
        self._vocab_multi: dict[str, set[int]] = {}
        for idx, ph in self._vocab_phrases:
            self._vocab_multi.setdefault(ph, set()).add(idx)
        self._max_multi = max((len(p.split()) for p in self._vocab_multi), default=1)
        self._link_words = set(self._vocab)
        # Gates, so article paragraphs cost little: a rule cannot fire on a line longer than its max_words.
        self._pattern_max_words = self._max_words_of("line_pattern")
        self._vocab_max_words = self._max_words_of("line_vocab")
        self._vocab_min_fraction = min((float(i.rule.param("min_fraction", 1.0)) for i in self._infos
                                        if i.rule.kind == "line_vocab"), default=1.0)
        self._vocab_any = set(self._vocab) | set(self._filler) | {w for p in self._vocab_multi for w in p.split()}
        self._fuzzy_cutoff = float(self.options.boilerplate_fuzzy_cutoff)
        self._evidence_cache: dict[str, _Evidence] = {}
        self._whole_max_words = max((len(p.split()) for p in self._whole), default=0)
        # fuzz.ratio = 2 * matches / (len(a) + len(b)) reaches the cutoff c only if the two lengths are close:
        # a piece of n characters is compared only with the phrases of a length that can reach it (none for a
        # sentence of the article), kept in catalogue order so that ties go to the same phrase as with the
        # whole catalogue; built on first use per length
        self._fuzzy_choices: dict[int, tuple[list[str], list[int]]] = {}
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
        judged = [_Verdict() for _ in lines]
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

    def _span_hits(self, text: str, lines: Sequence[Line], report: ScanReport) -> dict[int, tuple[int, int, _RuleInfo]]:
        """Per line index, the span a span rule found at the end of the line (with the spaces before it), from
        one scan of the document. Only a span that ends the line's text after a sentence of PROSE_MIN_WORDS words
        or more is kept."""
        if not len(self._spans):
            return {}
        starts = [line.start for line in lines]
        found: dict[int, tuple[int, int, _RuleInfo]] = {}
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

    def _fixed_point(self, lines: list[Line], judged: list[_Verdict], doc: Document, report: ScanReport,
                     lang: str) -> tuple[dict[int, _Verdict], int]:
        """Decide on the page, then again on the lines kept, until a round removes nothing (at most
        MAX_ROUNDS rounds). The structural signals and the line model read the neighbouring lines, so once a
        line is gone its neighbours may look different; deciding to a fixed point inside one clean is what
        makes cleaning the output again remove nothing more. Returns the removed lines (by index in
        ``lines``, with the verdict of the round that removed them) and the number of rounds."""
        removed: dict[int, _Verdict] = {}
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

    def _decide(self, lines: list[Line], verdicts: list[_Verdict], doc: Document, report: ScanReport,
                lang: str) -> None:
        """Position-dependent evidence on top of the rules' verdicts: article ends, structure, the model."""
        if self._defer_prose_patterns:
            self._settle_ends(lines, verdicts, report, lang)
        self._structure(lines, verdicts, doc)
        self._model(lines, verdicts)

    def _evidence(self, lines: list[Line], report: ScanReport) -> list[_Evidence]:
        """Rule evidence of every line. It depends only on a line's text, so it is cached across the
        documents this pass sees (a site's furniture repeats on every page); only new lines are scanned."""
        cache = self._evidence_cache
        pattern_hits = self._pattern_hits(lines, report, cache)
        memo: dict[str, _Evidence] = {}
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

    # -----------------------------------------------------------------------------------------------
    # fitted line model

    def _model(self, lines: list[Line], verdicts: list[_Verdict]) -> None:
        """Offer the fitted model's verdict for lines the rules kept (pages of MODEL_MIN_LINES lines or more:
        hand-written short documents have no page around them to read)."""
        setting = self.options.boilerplate
        if setting == "off":
            return
        idx, rows = page_features(lines)
        if len(idx) < MODEL_MIN_LINES:
            return
        model = load_model()
        threshold = model.thresholds[setting]
        prose = [lines[i].prose for i in idx]
        for k, (i, row, p) in enumerate(zip(idx, rows, model.probabilities(rows), strict=True)):
            # a sentence in or next to running text is left to the rules: deleting article text is worse
            # than keeping a banner (a live blog's "Good morning." before an entry)
            if lines[i].terminal and (row[IN_MAIN] > 0 or (k and prose[k - 1]) or (k + 1 < len(idx) and prose[k + 1])):
                continue
            if p >= threshold and verdicts[i].score < REMOVE_AT:
                reason = f"model {p:.2f}: " + ", ".join(model.top_features(row))
                verdicts[i].offer(1.0, "bp.model", reason, "model", from_rule=False)

    # -----------------------------------------------------------------------------------------------
    # rule evidence

    def _pattern_hits(self, lines: Sequence[Line], report: ScanReport,
                      known: Mapping[str, _Evidence]) -> dict[int, list[Hit[int]]]:
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

    def _rule_evidence(self, line: Line, pattern_hits: Sequence[Hit[int]], report: ScanReport) -> _Evidence:
        ev = _Evidence()
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

    def _pattern_evidence(self, hit: Hit[int]) -> tuple[float, _RuleInfo, str]:
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

    def _piece_evidence(self, line: Line, ev: _Evidence) -> None:
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
            found: tuple[float, _RuleInfo, str] | None = None
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

    def _judge_rules(self, line: Line, ev: _Evidence, v: _Verdict, lang: str) -> None:
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
    def _turned_down(info: _RuleInfo, line: Line) -> str:
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

    # -----------------------------------------------------------------------------------------------
    # structural signals

    @staticmethod
    def _body(lines: list[Line], verdicts: list[_Verdict]) -> list[int]:
        """Indexes of the article's paragraphs: sentences of some length that no rule called furniture."""
        return [i for i, line in enumerate(lines)
                if line.terminal and line.n_words >= BODY_MIN_WORDS and verdicts[i].score < REMOVE_AT
                and verdicts[i].prose_hit is None and not line.blank]

    def _settle_ends(self, lines: list[Line], verdicts: list[_Verdict], report: ScanReport, lang: str) -> None:
        """Scan for patterns the prose lines at the article's two ends, which the document scan skipped.

        A pattern hit on a prose line is held back (prose protection) and only keeps the line out of the
        article body; in the middle of the article that changes nothing, so only the first and last
        paragraphs are scanned, moving inwards while a scanned paragraph turns out to be furniture.
        """
        body = self._body(lines, verdicts)
        for order in (reversed(body), iter(body)):
            for i in order:
                line = lines[i]
                if not (line.prose and line.n_words <= self._pattern_max_words):
                    break
                hits = self._patterns.scan(line.text, report)
                if not hits:
                    break
                self._judge_rules(line, _Evidence(hits=list(map(self._pattern_evidence, hits))), verdicts[i], lang)
                if verdicts[i].prose_hit is None and verdicts[i].score < REMOVE_AT:
                    break

    def _structure(self, lines: list[Line], verdicts: list[_Verdict], doc: Document) -> None:
        body = self._body(lines, verdicts)
        first_par = body[0] if body else None
        self._headlines(lines, verdicts, first_par)
        if doc.batch is not None and doc.batch.n_docs >= BATCH_MIN_DOCS:
            self._batch(lines, verdicts, doc)
        detached = self._detached(lines, verdicts, body)
        last_par = body[-1] if body else None
        self._repeats(lines, verdicts, first_par)
        self._density(lines, verdicts, first_par, last_par)
        if last_par is not None:
            self._tail(lines, verdicts, last_par, detached)
        self._prose_outside(lines, verdicts, first_par, last_par)
        headline = self._head(lines, verdicts, first_par)
        self._islands(lines, verdicts, headline)

    def _detached(self, lines: list[Line], verdicts: list[_Verdict], body: list[int]) -> set[int]:
        """Short sentences at the bottom that sit inside one end-of-article widget: between two lines that
        rules call furniture of the same end-of-article kind ("Newsletter" / "Receive the essentials every
        morning." / "Sign up"). They are taken off ``body`` (the article ends before them) and returned.
        A sentence between a newsletter box and a related-links list is not inside one widget: it stays
        (an article's last paragraph often sits there)."""
        detached: set[int] = set()
        while len(body) >= 2:
            i = body[-1]
            if lines[i].n_words > DETACHED_MAX_WORDS:
                break
            prev, nxt = neighbours(lines, i)
            if prev is None or nxt is None:
                break
            vp, vn = verdicts[prev], verdicts[nxt]
            if not (self._is_end_furniture(vp) and vp.from_rule and vn.score >= REMOVE_AT and vn.from_rule
                    and _WIDGET_FAMILY.get(vp.category, vp.category) == _WIDGET_FAMILY.get(vn.category, vn.category)):
                break
            detached.add(body.pop())
        return detached

    @staticmethod
    def _is_end_furniture(v: _Verdict) -> bool:
        return v.score >= REMOVE_AT and v.category in END_CATEGORIES

    def _head(self, lines: list[Line], verdicts: list[_Verdict], first_par: int | None) -> int | None:
        """The headline (first line of HEADLINE_MIN_WORDS words or more above the first paragraph that
        stays); short labels above it go when rules found furniture there ("Local News", "Menu")."""
        if first_par is None:
            return None
        headline = next((i for i in range(first_par) if not lines[i].blank and verdicts[i].score < REMOVE_AT
                         and lines[i].n_words >= HEADLINE_MIN_WORDS), None)
        if headline is None:
            return None
        if not any(verdicts[i].score >= REMOVE_AT and verdicts[i].from_rule for i in range(headline)):
            return headline
        for i in range(headline):
            line = lines[i]
            if (not line.blank and verdicts[i].score < REMOVE_AT and not line.terminal
                    and 0 < line.n_words <= HEAD_LABEL_MAX_WORDS):
                verdicts[i].offer(0.6, "bp.signal.head-block", "short label above the headline, among furniture",
                                  "head_block", from_rule=False)
        return headline

    def _prose_outside(self, lines: list[Line], verdicts: list[_Verdict], first_par: int | None,
                       last_par: int | None) -> None:
        """A prose line with rule evidence goes only after the article body and among furniture (or last):
        that is where long cookie notices sit, and where an article sentence almost never does."""
        if last_par is None:
            return  # no article body to be after: a lone sentence is not a notice
        for i in range(len(lines) - 1, last_par, -1):  # bottom up: a notice block ends the page
            v = verdicts[i]
            if v.prose_hit is None or v.score >= REMOVE_AT:
                continue
            prev, nxt = neighbours(lines, i)
            score, rule, reason, category, contains = v.prose_hit
            # A contains rule (several notice expressions) may sit at the edge of the furniture; a line that
            # only starts like furniture or matches a pattern must be inside it (furniture above it too).
            beside = (prev, nxt) if contains else (prev,)
            if any(j is not None and verdicts[j].score >= REMOVE_AT for j in beside):
                v.offer(score, rule, f"{reason} (a long line, but outside the article among furniture)", category,
                        from_rule=True)

    def _headlines(self, lines: list[Line], verdicts: list[_Verdict], first_par: int | None) -> None:
        """Near-duplicate headlines at the top: keep one, preferring one without a site-name suffix."""
        head = [i for i, line in enumerate(lines[: first_par if first_par is not None else len(lines)])
                if not line.blank and verdicts[i].score < REMOVE_AT][:HEAD_LINES]
        cand = [i for i in head if 3 <= lines[i].n_words <= 40 and not lines[i].prose]
        full = {i: normalize(lines[i].text) for i in cand}
        core = {i: normalize(strip_title_suffix(lines[i].text)) for i in cand}
        dropped: set[int] = set()
        for a_pos, i in enumerate(cand):
            if i in dropped:
                continue
            for j in cand[a_pos + 1 :]:
                if j in dropped:
                    continue
                same = fuzz.ratio(full[i], full[j])
                i_suffix = fuzz.ratio(core[i], full[j]) if core[i] != full[i] else 0.0
                j_suffix = fuzz.ratio(full[i], core[j]) if core[j] != full[j] else 0.0
                best = max(same, i_suffix, j_suffix)
                if best < HEADLINE_DUP_RATIO:
                    continue
                # the copy that carries a site-name suffix goes; otherwise the later copy goes
                loser = i if i_suffix > max(same, j_suffix) else j
                keeper = j if loser == i else i
                dropped.add(loser)
                suffix = core[loser] != full[loser]
                verdicts[loser].offer(
                    best / 100.0, "bp.signal.repeated-headline",
                    f"repeats the headline on line {keeper + 1}" + (" with a site-name suffix" if suffix else ""),
                    "page_title" if suffix else "repeated_headline", from_rule=False)
                if loser == i:
                    break

    def _batch(self, lines: list[Line], verdicts: list[_Verdict], doc: Document) -> None:
        assert doc.batch is not None
        n = doc.batch.n_docs
        need = max(BATCH_MIN_DOCS, BATCH_SHARE * n)
        for i, line in enumerate(lines):
            if line.blank or verdicts[i].score >= REMOVE_AT:
                continue
            count = doc.batch.line_doc_counts.get(batch_line_key(line.text), 0)
            if count >= need:
                verdicts[i].offer(0.5 + 0.4 * min(1.0, count / n), "bp.signal.batch-repeat",
                                  f"the line is on {count} of {n} pages of the batch", "site_furniture",
                                  from_rule=False)

    def _repeats(self, lines: list[Line], verdicts: list[_Verdict], first_par: int | None) -> None:
        """Short non-sentence lines that occur several times in the document, away from the top."""
        keys: dict[str, list[int]] = {}
        for i, line in enumerate(lines):
            if not line.blank and not line.terminal and line.n_words <= SHORT_WORDS:
                keys.setdefault(normalize(line.text), []).append(i)
        for key, idxs in keys.items():
            if len(idxs) < 2 or not key:
                continue
            if any(verdicts[i].score >= REMOVE_AT for i in idxs):
                reason = "a copy of a line already judged boilerplate"
                src = max(idxs, key=lambda k: verdicts[k].score)
                for i in idxs:
                    verdicts[i].offer(verdicts[src].score, verdicts[src].rule or "bp.signal.repeat", reason,
                                      verdicts[src].category, from_rule=False)

    def _density(self, lines: list[Line], verdicts: list[_Verdict], first_par: int | None,
                 last_par: int | None) -> None:
        """Short lines full of link-like words (share, follow, subscribe...), strongest outside the article."""
        if not self._link_words:
            return
        for i, line in enumerate(lines):
            if line.n_words == 0 or line.prose or line.n_words > SHORT_WORDS or verdicts[i].score >= REMOVE_AT:
                continue  # a line without words ("***", an escape code) carries no link words
            n_link = sum(1 for w in line.words if w in self._link_words)
            density = n_link / line.n_words
            if n_link < 2 and density < 0.5:
                continue  # one link word in a longer line is how articles mention networks
            score = 0.2 + 0.35 * density
            outside = first_par is None or i < first_par or (last_par is not None and i > last_par)
            if outside and first_par is not None:
                score += 0.15
            prev, nxt = neighbours(lines, i)
            if any(j is not None and verdicts[j].score >= REMOVE_AT for j in (prev, nxt)):
                score += 0.1
            if not line.terminal:
                score += 0.05
            verdicts[i].offer(score, "bp.signal.link-density",
                              f"{n_link} of {line.n_words} words are link words"
                              + (", outside the article" if outside else ""), "link_bar", from_rule=False)

    def _tail(self, lines: list[Line], verdicts: list[_Verdict], last_par: int, detached: set[int]) -> None:
        """After the last article paragraph, once rules found furniture there, the short lines there go too.
        When the lines before that furniture hold a list (a line ending with a colon, or list markers), the
        article ends with that list: only the lines from the first furniture on go."""
        tail = [i for i in range(last_par + 1, len(lines)) if not lines[i].blank]
        start = next((k for k, i in enumerate(tail) if verdicts[i].score >= REMOVE_AT and verdicts[i].from_rule), None)
        if start is None:
            return
        if any(lines[i].text.endswith(":") or _LIST_ITEM.match(lines[i].text) for i in tail[:start]):
            tail = tail[start:]
        for i in tail:
            line = lines[i]
            if verdicts[i].score >= REMOVE_AT:
                continue
            if i in detached:
                verdicts[i].offer(0.6, "bp.signal.detached",
                                  "short sentence cut off from the article by end-of-article furniture",
                                  "tail_block", from_rule=False)
            elif not line.terminal and line.n_words <= 2 * SHORT_WORDS:
                verdicts[i].offer(0.6, "bp.signal.tail-block",
                                  "short line after the last article paragraph, among other furniture",
                                  "tail_block", from_rule=False)

    def _islands(self, lines: list[Line], verdicts: list[_Verdict], headline: int | None) -> None:
        """A short line between two removed lines (a caption's leftover, a lone label) goes with them;
        never the headline (it often sits between an ad marker and a byline)."""
        removed = [v.score >= REMOVE_AT for v in verdicts]
        for i, line in enumerate(lines):
            if line.blank or removed[i] or line.terminal or line.n_words > PROSE_MIN_WORDS // 2 or i == headline:
                continue
            prev, nxt = neighbours(lines, i)
            if prev is not None and nxt is not None and removed[prev] and removed[nxt]:
                verdicts[i].offer(0.6, "bp.signal.island", "short line between two removed lines",
                                  "island", from_rule=False)
