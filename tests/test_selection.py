"""The one leftmost-longest, word-bounded selection that the literal matchers share (matching.py)."""

from __future__ import annotations

from cleantext.matching import PhraseIndex, leftmost_longest, word_bounded
from cleantext.mt.scan import LiteralScan


def test_leftmost_longest_keeps_the_longest_at_each_start_and_drops_overlaps() -> None:
    spans = [(4, 6, "c"), (0, 3, "a"), (0, 5, "ab"), (5, 9, "d"), (9, 10, "e")]
    assert leftmost_longest(spans) == [(0, 5, "ab"), (5, 9, "d"), (9, 10, "e")]
    assert leftmost_longest([]) == []


def test_word_bounded() -> None:
    text = "a cat, cats"
    assert word_bounded(text, 2, 5) and word_bounded(text, 0, 1)
    assert not word_bounded(text, 7, 10) and not word_bounded(text, 3, 5)


def test_both_literal_matchers_select_the_same_way() -> None:
    text = "the new york times said new york"
    phrases = [(0, "new york"), (1, "new york times"), (2, "york times said")]
    index_hits = [(h.start, h.end, h.keys) for h in PhraseIndex(phrases).find(text)]
    scan_hits = [(h.start, h.end, h.keys) for h in LiteralScan(phrases, []).scan(text)[0]]
    assert index_hits == scan_hits == [(4, 18, (1,)), (24, 32, (0,))]
