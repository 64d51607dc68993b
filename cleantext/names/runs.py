"""Runs of name words: the stretches of text the names pass reads, found by one regex scan.

A run is capitalized words (or an article attached to one, "al-Assad") with the lower-case particles
between them; :func:`run_spans` finds them over an ASCII shadow of the text (the standard ``re`` engine,
about twice as fast as the ``regex`` module on RUN_RE, with the same spans: a property test compares them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import regex

from .fold import ARTICLES, ascii_mapper

# A run of name words: capitalized words (or an article attached to one, "al-Assad") with the
# lower-case particles between them. The names pass looks spans of such runs up by their folded
# form; forms that are not one run ("Syrian Observatory for Human Rights") go into an automaton.
# Written apart, only "al", "el" and "ul" are articles: "an", "as", "at", "en", "et" are English or
# French words ("an al-Qaeda affiliate").
CONNECTOR_WORDS = frozenset({"al", "el", "ul", "bin", "ibn", "bint", "abu", "abou", "de", "du", "des", "la", "le",
                             "von", "van", "der", "den", "da", "di", "dos", "del"})


def _trie(words: frozenset[str]) -> str:
    """One regex for a set of literal words, factored by prefix: the engine then tries each letter once at a
    word start instead of every word in turn (the run pattern below runs ~30% faster)."""
    tree: dict[str, Any] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [regex.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return f"(?:{body})?" if len(body) > 1 else body + "?"
        return body

    return emit(tree)


_ART = _trie(ARTICLES)
_CONN = _trie(CONNECTOR_WORDS)
_CAPWORD = (rf"(?:\p{{Lu}}|(?:{_ART})[-‐‑]\p{{Lu}})[\p{{L}}\p{{M}}\p{{N}}]*"
            r"(?:['’ʼʿʾ‘`](?![sS]\b)[\p{L}\p{M}]+|[-‐‑][\p{L}\p{M}\p{N}]+)*")
# "\b" first: it fails at once inside a word, before the look-behind and the alternatives are tried
RUN_RE = regex.compile(
    rf"\b(?<![\p{{L}}\p{{M}}\p{{N}}'’ʼ‐‑-])(?:(?:{_CONN})[ \u00a0])*{_CAPWORD}"
    rf"(?:[ \u00a0](?:(?:{_CONN})[ \u00a0])*{_CAPWORD})*(?![\p{{L}}\p{{M}}\p{{N}}])"
)


# The same pattern over an ASCII *shadow* of the text: every non-ASCII character replaced, one for one,
# by an ASCII character of the same classes in RUN_RE (upper-case letter "X", other letter or mark "x",
# number "0", other word character "_", the apostrophes and dashes RUN_RE names by their ASCII twins,
# anything else "#"). The standard re engine runs this ASCII pattern about twice as fast as the regex
# module runs RUN_RE; the spans are the same (a property test compares them on arbitrary text).
_CAPWORD_ASCII = rf"(?:[A-Z]|(?:{_ART})-[A-Z])[A-Za-z0-9]*(?:['`](?![sS]\b)[A-Za-z]+|-[A-Za-z0-9]+)*"
_RUN_ASCII = re.compile(rf"\b(?<![A-Za-z0-9'\-])(?:(?:{_CONN}) )*{_CAPWORD_ASCII}"
                        rf"(?: (?:(?:{_CONN}) )*{_CAPWORD_ASCII})*(?![A-Za-z0-9])", re.ASCII)
_IS_LU = regex.compile(r"\p{Lu}")
_IS_LM = regex.compile(r"[\p{L}\p{M}]")
_IS_N = regex.compile(r"\p{N}")
_IS_WORD = regex.compile(r"\w")
# (the modifier letters ʼ ʿ ʾ are letters to RUN_RE, so they shadow as "x", whatever their look)
_SHADOW_FIXED = {"’": "'", "‘": "`", "‐": "-", "‑": "-", "\u00a0": " "}


def _shadow_of(c: str) -> str:
    """The ASCII shadow of one non-ASCII character, classified by the regex module itself."""
    fixed = _SHADOW_FIXED.get(c)
    if fixed is not None:
        return fixed
    if _IS_LU.match(c):
        return "X"
    if _IS_LM.match(c):
        return "x"
    if _IS_N.match(c):
        return "0"
    if _IS_WORD.match(c):
        return "_"
    return "#"


_shadow = ascii_mapper("cleantext.names-shadow", _shadow_of)


def shadow(text: str) -> str:
    """The ASCII shadow of ``text`` (same length; see _RUN_ASCII)."""
    return text if text.isascii() else _shadow(text)


def run_spans(text: str) -> Iterator[re.Match[str]]:
    """The runs of name words of ``text`` (the matches of RUN_RE), as matches over its ASCII shadow:
    use their spans on ``text``."""
    return _RUN_ASCII.finditer(shadow(text))

