"""The ``boilerplate`` pass's position-dependent decision on top of the rules' verdicts.

The article's two ends (prose lines that patterns matched), the structural signals (headlines, batch repeats,
repeats, link density, the tail after the article, labels above the headline, islands) and the fitted line
model. ``BoilerplatePass._fixed_point`` runs this decision round after round.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..document import Document
from ..matching import ScanReport
from ..options import Options
from .boilerplate_evidence import REMOVE_AT, Evidence, RuleEvidence, Verdict
from .boilerplate_model import IN_MAIN, load_model, page_features
from .boilerplate_signals import PROSE_MIN_WORDS, Line, batch_line_key, neighbours, normalize, strip_title_suffix

#: the fitted line model acts only on documents with at least this many non-blank lines (whole pages)
MODEL_MIN_LINES = 15
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


class PageDecision(RuleEvidence):
    """Decides on a page's lines from their rule verdicts, their position and the fitted model."""

    _link_words: set[str]
    options: Options

    def _decide(self, lines: list[Line], verdicts: list[Verdict], doc: Document, report: ScanReport,
                lang: str) -> None:
        """Position-dependent evidence on top of the rules' verdicts: article ends, structure, the model."""
        if self._defer_prose_patterns:
            self._settle_ends(lines, verdicts, report, lang)
        self._structure(lines, verdicts, doc)
        self._model(lines, verdicts)

    # -----------------------------------------------------------------------------------------------
    # fitted line model

    def _model(self, lines: list[Line], verdicts: list[Verdict]) -> None:
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
    # structural signals

    @staticmethod
    def _body(lines: list[Line], verdicts: list[Verdict]) -> list[int]:
        """Indexes of the article's paragraphs: sentences of some length that no rule called furniture."""
        return [i for i, line in enumerate(lines)
                if line.terminal and line.n_words >= BODY_MIN_WORDS and verdicts[i].score < REMOVE_AT
                and verdicts[i].prose_hit is None and not line.blank]

    def _settle_ends(self, lines: list[Line], verdicts: list[Verdict], report: ScanReport, lang: str) -> None:
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
                self._judge_rules(line, Evidence(hits=list(map(self._pattern_evidence, hits))), verdicts[i], lang)
                if verdicts[i].prose_hit is None and verdicts[i].score < REMOVE_AT:
                    break

    def _structure(self, lines: list[Line], verdicts: list[Verdict], doc: Document) -> None:
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

    def _detached(self, lines: list[Line], verdicts: list[Verdict], body: list[int]) -> set[int]:
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
    def _is_end_furniture(v: Verdict) -> bool:
        return v.score >= REMOVE_AT and v.category in END_CATEGORIES

    def _head(self, lines: list[Line], verdicts: list[Verdict], first_par: int | None) -> int | None:
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

    def _prose_outside(self, lines: list[Line], verdicts: list[Verdict], first_par: int | None,
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

    def _headlines(self, lines: list[Line], verdicts: list[Verdict], first_par: int | None) -> None:
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

    def _batch(self, lines: list[Line], verdicts: list[Verdict], doc: Document) -> None:
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

    def _repeats(self, lines: list[Line], verdicts: list[Verdict], first_par: int | None) -> None:
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

    def _density(self, lines: list[Line], verdicts: list[Verdict], first_par: int | None,
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

    def _tail(self, lines: list[Line], verdicts: list[Verdict], last_par: int, detached: set[int]) -> None:
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

    def _islands(self, lines: list[Line], verdicts: list[Verdict], headline: int | None) -> None:
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
