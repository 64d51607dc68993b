"""Language-independent facts about the lines of a document, for the boilerplate pass.

Nothing here knows a word of any language: features come from shape (length, word count, final
punctuation, capitalization), position and repetition. Words that mean "share" or "cookie" live in
rule files, never here.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import regex

from ..document import BatchContext

# Words: letters, digits and _ (the standard library's \w: Unicode letters and numbers, about twice as
# fast as the regex module here), with apostrophe suffixes (l'armée, Assad's).
_WORD = re.compile(r"\w+(?:['’][^\W\d_]+)*")
# Scripts written without spaces between words: a run of them is counted as several words.
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
# A superset of _UNSPACED by code point ranges (those scripts all lie above U+0E00 and outside the general
# punctuation and symbol blocks where curly quotes and dashes are): a fast gate before the exact search.
_MAYBE_UNSPACED = re.compile("[\u0e00-\u1fff\u2e80-\uffff\U00010000-\U0010ffff]")
# A sentence ends with one of these, possibly followed by closing quotes or brackets.
_TERMINAL = regex.compile(r"[.!?…。！？؟।][\"'”’»)\]\u201d\u2019]*\s*$")
_SENTENCE_ENDS = ".!?…。！？؟।"
_CLOSERS = "\"'”’»)]\u201d\u2019"


def is_terminal(text: str) -> bool:
    """Ends like a sentence (same answer as ``_TERMINAL.search``, without a regex search from every position)."""
    end = text.rstrip().rstrip(_CLOSERS)
    return bool(end) and end[-1] in _SENTENCE_ENDS
# Separators that join a headline to a site name or section names in a page title.
TITLE_SEPARATORS = regex.compile(r"\s+(?:[|•·»«◆▪︱]|::|[-–—]{1,2})\s+")
# Where a long line splits into pieces that may each be furniture (sentences, bar separators).
_SEGMENT_SPLIT = regex.compile(r"(?<=[.!?…。！？])\s+|\s+[|•·▪◆]\s+|\s{3,}")
_PUNCT_OR_SYMBOL = regex.compile(r"[\p{P}\p{S}]+")
_SPACES = regex.compile(r"\s+")

#: a prose line has at least this many words and ends like a sentence
PROSE_MIN_WORDS = 12


def normalize(text: str) -> str:
    """Casefolded, punctuation and symbols turned to spaces, spaces folded: the key phrases match on."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _PUNCT_OR_SYMBOL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def batch_line_key(line: str) -> str:
    """The key of a line in :attr:`BatchContext.line_doc_counts` (same for trivially different copies)."""
    return normalize(line)


def words_of(text: str) -> list[str]:
    """Word tokens, lower-cased; a run of an unspaced script counts as one token per two characters."""
    # casefolded before tokenizing: one casefold call per line, not one per word (4x cheaper on prose)
    low = text.casefold()
    if low.isascii() or not _MAYBE_UNSPACED.search(low) or not _UNSPACED.search(low):
        return _WORD.findall(low)
    out: list[str] = []
    for w in _WORD.findall(low):
        if _UNSPACED.search(w) and len(w) > 2:
            out.extend(w[i : i + 2] for i in range(0, len(w), 2))
        else:
            out.append(w)
    return out


def segments(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the sentence-like pieces of a line (split at sentence ends and bar separators), lazily:
    a caller that has seen enough of a long paragraph stops without splitting the rest."""
    pos = 0
    for m in _SEGMENT_SPLIT.finditer(text):
        if m.start() > pos and text[pos : m.start()].strip():
            yield pos, m.start()
        pos = m.end()
    if pos < len(text) and text[pos:].strip():
        yield pos, len(text)


@dataclass(slots=True)
class Line:
    """One line of the document: its span (with its line break) and the features the pass decides on."""

    index: int
    start: int
    #: end including the line break, so deleting [start, end) removes the whole line
    end: int
    text: str
    words: list[str]
    terminal: bool
    # Derived from the fields above when the line is built: the pass reads them over and over for every
    # line (a property call each time cost a tenth of the pass).
    n_words: int
    blank: bool
    #: looks like a sentence of running text: long enough and ends like a sentence
    prose: bool

    @property
    def title_ratio(self) -> float:
        """Share of cased words that start with a capital (0 when the script has no case)."""
        cased = [w for w in _WORD.findall(self.text) if w[:1].isalpha() and (w[:1].isupper() or w[:1].islower())]
        return sum(1 for w in cased if w[:1].isupper()) / len(cased) if cased else 0.0


def split_lines(text: str) -> list[Line]:
    """The document's lines; only "\\n" ends a line (a "\\r" before it belongs to the break)."""
    lines: list[Line] = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl + 1
        content = text[pos:end].rstrip("\r\n")
        lines.append(_line(len(lines), pos, end, content))
        pos = end
    return lines


def _line(index: int, start: int, end: int, content: str) -> Line:
    stripped = content.strip()
    words = words_of(stripped) if stripped else []
    terminal = is_terminal(stripped)
    n_words = len(words)
    return Line(index, start, end, stripped, words, terminal, n_words, not stripped,
                n_words >= PROSE_MIN_WORDS and terminal)


def retext(line: Line, content: str) -> Line:
    """The same line (index and span) read as if its text were ``content``."""
    return _line(line.index, line.start, line.end, content)


def build_batch_context(texts: Iterable[str]) -> BatchContext:
    """Count, for every line, how many of ``texts`` contain it: lines on many pages are site furniture."""
    counts: Counter[str] = Counter()
    n = 0
    for text in texts:
        n += 1
        counts.update({batch_line_key(x) for x in text.split("\n") if x.strip()} - {""})
    return BatchContext(n_docs=n, line_doc_counts=dict(counts))


def strip_title_suffix(text: str) -> str:
    """The headline of a page title: the text before its last title separator, when what follows is
    short (a site or section name). Unchanged when there is no such suffix."""
    parts = TITLE_SEPARATORS.split(text)
    if len(parts) < 2:
        return text
    last = parts[-1]
    if 0 < len(words_of(last)) <= 6 and not is_terminal(last):
        head = text[: len(text) - len(last)]
        return TITLE_SEPARATORS.sub(" ", head).strip() if head.strip() else text
    return text


def neighbours(lines: Sequence[Line], i: int) -> tuple[int | None, int | None]:
    """Indexes of the nearest non-blank lines before and after line ``i``."""
    prev = next((j for j in range(i - 1, -1, -1) if not lines[j].blank), None)
    nxt = next((j for j in range(i + 1, len(lines)) if not lines[j].blank), None)
    return prev, nxt
