"""Text helpers of the ``mt_repair`` pass: where quoted speech is, where a sentence starts and ends."""

from __future__ import annotations

import bisect

import regex

# Opening and closing marks; a straight double quote both opens and closes.
_OPENERS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d", "\u2018": "\u2019"}
_STRAIGHT = '"'
_MARKS = regex.compile("[\n\"'\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb]")


def _is_letter(c: str) -> bool:
    return c.isalnum()


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted text, quote marks included, in text order.

    A quote left open runs to the end of its line (news text often opens a quote in one paragraph
    and never closes it there): protecting too much only costs recall, too little costs precision.
    A single quote (curly or straight) opens only before a letter and not after one, and closes
    only before a non-letter, since it is also the apostrophe (regime's, rebels' positions).
    """
    spans: list[tuple[int, int]] = []
    open_at = -1
    closer = ""
    n = len(text)
    for m in _MARKS.finditer(text):  # only quote marks and newlines matter: skip the rest fast
        i, c = m.start(), m.group()
        if c == "\n":
            if open_at >= 0:
                spans.append((open_at, i))
                open_at = -1
            continue
        if open_at < 0:
            if c in _OPENERS or c == "'":
                # a single quote opens only before a letter and not after one (not an apostrophe)
                single = c in "\u2018'"
                if single and ((i > 0 and _is_letter(text[i - 1])) or i + 1 >= n or not _is_letter(text[i + 1])):
                    continue
                open_at, closer = i, _OPENERS.get(c, c)
            elif c == _STRAIGHT:
                open_at, closer = i, _STRAIGHT
            continue
        if c == closer or (closer == "\u201d" and c == _STRAIGHT) or (closer == _STRAIGHT and c == "\u201d"):
            if closer in "\u2019'" and i + 1 < n and _is_letter(text[i + 1]):
                continue  # an apostrophe inside the quote (don't, regime's)
            spans.append((open_at, i + 1))
            open_at = -1
    if open_at >= 0:
        spans.append((open_at, n))
    return spans


class Spans:
    """Sorted, non-overlapping spans with a fast 'does this range touch one' test."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self._starts = [s for s, _ in spans]

    def touches(self, start: int, end: int) -> bool:
        end = max(end, start + 1)  # an insertion at a point counts as touching the span around it
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0 and self.spans[i][1] > start:
            return True
        return i + 1 < len(self.spans) and self.spans[i + 1][0] < end


class LineQuotes:
    """Quoted spans found lazily, one line at a time (a quote never runs past its line), so a document
    pays for the lines where a repair is proposed, not for every quote mark and apostrophe it holds."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: dict[int, Spans] = {}

    def touches(self, start: int, end: int) -> bool:
        text = self.text
        lo = text.rfind("\n", 0, start) + 1
        spans = self._lines.get(lo)
        if spans is None:
            hi = text.find("\n", lo)
            hi = len(text) if hi < 0 else hi
            spans = Spans([(lo + s, lo + e) for s, e in quoted_spans(text[lo:hi])])
            self._lines[lo] = spans
        return spans.touches(start, end)


_SENTENCE_END = ".!?\n"
_NEXT_END = regex.compile(r"[.!?\n]")
#: how far to look for the ends of a sentence (a longer 'sentence' is a table or a listing)
MAX_SENTENCE = 2000


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)``: from after the previous . ! ? or newline to the next one
    (looking at most MAX_SENTENCE characters either way, so the cost does not grow with the document)."""
    floor = max(0, start - MAX_SENTENCE)
    lo = max(max(text.rfind(c, floor, start) for c in _SENTENCE_END) + 1, floor)
    m = _NEXT_END.search(text, end, min(len(text), end + MAX_SENTENCE))
    hi = m.start() + 1 if m else min(len(text), end + MAX_SENTENCE)
    return lo, hi


# a capitalised word of four letters or more, then one space, right before the position
_NAME_BEFORE = regex.compile(r"(?<![\p{L}\p{M}])\p{Lu}[\p{L}\p{M}]{3,}[ \t]\Z")
_SENTENCE_BREAK = regex.compile(r"(?:^|[.!?:;\"“”«»(\n]\s*)\Z")


#: what makes a line prose rather than a menu, a tag list or a title: this many words, most of them lowercase
MIN_PROSE_WORDS = 8
_LINE_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*")


def in_prose(text: str, pos: int) -> bool:
    """Whether the line around ``pos`` reads as prose: at least MIN_PROSE_WORDS words, most of them lowercase
    (menus, tag clouds and title lists repeat capitalised words on purpose: 'Products Products', 'Paris Paris
    Fashion Week')."""
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    words = _LINE_WORD.findall(text, lo, len(text) if hi < 0 else hi)
    return len(words) >= MIN_PROSE_WORDS and 2 * sum(w[:1].islower() for w in words) > len(words)


def follows_name(text: str, pos: int) -> bool:
    """Whether a capitalised word (four letters or more) stands right before ``pos`` and does not start a
    sentence: 'Party' in 'the Freedom Party Party', not 'Visit' in 'Visit Bora Bora'."""
    before = text[max(0, pos - 60) : pos]
    m = _NAME_BEFORE.search(before)
    return m is not None and _SENTENCE_BREAK.search(before, 0, m.start()) is None
