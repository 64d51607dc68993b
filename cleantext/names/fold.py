"""Folding names to comparison keys: the spelling families a real corpus produces, made equal.

Two foldings are used:

* :func:`surface_fold` maps one character to one character (case, diacritics, apostrophe and dash
  shapes), so a folded text keeps every offset and the exact matcher can scan it in one pass.
* :func:`name_key` folds a whole name to a *key*: particles ("al-", "el ", "ad-"), glued particles,
  apostrophes and ʿayn marks, hyphens and spaces, diacritics, and the French / German / English
  transliteration families (ch/sh/sch, ou/u, dj/j, e/i, o/u, y/i, q/c/k, w/v, doubled letters, a
  French final -e) all disappear. Two spellings of one name get one key; that is how variants nobody
  listed are found. :func:`skeleton` drops the vowels too, for the fuzzy guards.
"""

from __future__ import annotations

import codecs
import functools
import itertools
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import regex

from ..matching import lower_aligned

#: Characters that only differ in shape: folded to one representative by :func:`surface_fold`.
_APOSTROPHES = "'’‘ʼʻʿʾ`´′"
_DASHES = "-‐‑‒–—−"


def _base_letter(c: str) -> str:
    """The lower-case letter a character is written with, without its marks (one char, or c itself)."""
    low = c.lower()
    if len(low) != 1:
        return c
    decomposed = unicodedata.normalize("NFKD", low)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return base if len(base) == 1 else low


def _build_surface_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Latin letters with marks (Latin-1 to Latin Extended Additional): é -> e, ğ -> g, Ş -> s
    for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        c = chr(cp)
        if c.isalpha():
            table[cp] = _base_letter(c)
    for cp in range(0x41, 0x5B):
        table[cp] = chr(cp + 32)
    for c in _APOSTROPHES:
        table[ord(c)] = "'"
    for c in _DASHES:
        table[ord(c)] = "-"
    table[0xA0] = " "
    table[0x202F] = " "
    # letters whose decomposition is not a base letter plus marks
    for src, dst in {"ı": "i", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ħ": "h", "İ": "i"}.items():
        table[ord(src)] = dst
    return {k: v for k, v in table.items() if len(v) == 1}


_SURFACE = _build_surface_table()


def surface_fold(text: str) -> str:
    """Case, diacritics, apostrophe and dash shapes folded, one character for one (offsets kept)."""
    if text.isascii():  # O(1) flag test; the common case of English text needs no table at all
        low = text.lower()
        return low.replace("`", "'") if "`" in low else low
    # str.translate with a dict looks every character up (~50 ms/MB): fold only the non-ASCII stretches
    # with the table, then lower the whole text in C. The ASCII part of the table is lower-casing plus
    # the backtick, so the result is the same as translating everything.
    text = _NON_ASCII.sub(_fold_non_ascii, text)
    low = lower_aligned(text)
    return low.replace("`", "'") if "`" in low else low


_NON_ASCII = regex.compile(r"[^\x00-\x7f]+")


def _fold_non_ascii(m: regex.Match[str]) -> str:
    return m.group().translate(_SURFACE)


class _CodePointTable(dict[int, str]):
    """Code point -> ``of(chr(code point))``, computed the first time it is asked for."""

    def __init__(self, of: Callable[[str], str]) -> None:
        super().__init__()
        self.of = of

    def __missing__(self, cp: int) -> str:
        out = self.of(chr(cp))
        if len(self) < 100_000:  # bounded: a text of every code point cannot grow it without end
            self[cp] = out
        return out


def ascii_mapper(error_name: str, of: Callable[[str], str]) -> Callable[[str], str]:
    """A function taking a text to ASCII: its ASCII characters stay, each other character ``c`` becomes
    ``of(c)`` (memoised per code point). The ASCII encoder copies the ASCII stretches in C and calls the
    codec error handler registered as ``error_name`` once per stretch of other characters: three to
    five times faster than a regex substitution with a callback."""
    table = _CodePointTable(of)

    def handler(err: UnicodeError) -> tuple[str, int]:
        if not isinstance(err, UnicodeEncodeError):
            raise err
        return err.object[err.start : err.end].translate(table), err.end

    codecs.register_error(error_name, handler)

    def to_ascii(text: str) -> str:
        return text.encode("ascii", error_name).decode("ascii")

    return to_ascii


def _ascii_fold_of(c: str) -> str:
    """The surface fold of ``c`` where that is ASCII, else NUL (no name holds a NUL)."""
    folded = lower_aligned(c.translate(_SURFACE))
    return folded if folded.isascii() and folded != "\x00" else "\x00"


_ascii_fold = ascii_mapper("cleantext.names-fold", _ascii_fold_of)


def ascii_surface_fold(text: str) -> str:
    """:func:`surface_fold` with every character that does not fold to ASCII replaced by NUL, one for one.

    For matching names that are all ASCII this finds what :func:`surface_fold` finds, and faster: the
    ASCII encoder copies the text in C and calls the table once per stretch of other characters.
    """
    if not text.isascii():
        text = _ascii_fold(text)
    low = text.lower()
    return low.replace("`", "'") if "`" in low else low


#: Arabic articles and name particles written before a name part ("al-Assad", "ad-Din", "bin Laden"
#: keeps "bin": it is part of the name, not an article).
ARTICLES = frozenset({"al", "el", "ul", "ad", "ar", "as", "ash", "asch", "at", "az", "an", "ed", "es", "ez", "et",
                      "en"})
#: Articles that may be written capitalized with a space ("Al Qaeda"); the others are English words
#: ("An", "As", "At") when capitalized and only count as articles when attached with a hyphen.
CAPITAL_ARTICLES = frozenset({"al", "el"})

# Transliteration folds of letter groups, longest first so "sch" wins over "ch" and "sh". They are
# applied with str.replace in this order; the results are upper case, so no fold feeds another, and
# the single letters are folded after them with one translate table.
_GROUP_FOLDS = (
    ("tsch", "C"), ("dsch", "J"), ("sch", "S"), ("tch", "C"), ("ch", "S"), ("sh", "S"), ("dj", "J"), ("zh", "J"),
    ("kh", "K"), ("gh", "G"), ("th", "T"), ("dh", "D"), ("ph", "F"), ("ck", "K"), ("ou", "U"), ("oo", "U"),
    ("ee", "I"),
)
_LETTER_FOLDS = str.maketrans({"q": "k", "c": "k", "w": "v", "y": "i", "e": "i", "o": "u", "x": "ks"})
_NO_VOWELS = str.maketrans("", "", "aiu")
# "Abdel", "Abdul", "Abd al", "Abdou" are one Arabic element: ʿabd al-
_ABD_RE = regex.compile(r"^abd(?:ul|el|al|oul|ou|u)(?=\p{L}{3})")
# German and Slavic "j" is an English "y" after a vowel or before one ("Sergej", "Lawrentjew"), not
# the Arabic "j" that starts a syllable ("Jisr", "Djibril", "Hajin").
_GERMAN_J = regex.compile(r"(?<=[aeiou])j(?![aeiou])|(?<=[bcfgklmnprstvwz])j(?=[aeiou])")
_PART_SPLIT = regex.compile(r"[^\p{L}\p{N}']+")
# a particle glued to the word before it by a bad translation or OCR: "Bacharal-Assad"
_GLUED = regex.compile(r"(?<=\p{L}{3})(al|el)(?=-\p{L})", regex.IGNORECASE)


def _fold_token(token: str) -> str:
    t = token.replace("'", "")
    if not t:
        return ""
    if len(t) > 4 and t.endswith("e") and t[-2] not in "aeiouy":
        t = t[:-1]  # French spelling adds a mute -e: "Rahmane", "Assade"
    t = _ABD_RE.sub("abd", t)
    t = _GERMAN_J.sub("i", t)
    for group, folded in _GROUP_FOLDS:
        if group in t:
            t = t.replace(group, folded)
    t = t.translate(_LETTER_FOLDS).lower()
    return "".join(c for c, _ in itertools.groupby(t))  # doubled letters: "Hurras", "Huras"


@dataclass(frozen=True, slots=True)
class NameKey:
    """A name folded for comparison."""

    key: str
    #: the folded content parts (articles dropped), for token-wise guards
    parts: tuple[str, ...]
    #: whether the written form has an article ("al-", "el ")
    has_article: bool


@functools.lru_cache(maxsize=200_000)
def name_key(name: str) -> NameKey:
    """The comparison key of a name; two spellings of one name share it."""
    s = surface_fold(name)
    s = _GLUED.sub(r" \1", s)
    raw = [p for p in _PART_SPLIT.split(s) if p.strip("'")]
    parts: list[str] = []
    has_article = False
    for i, p in enumerate(raw):
        bare = p.strip("'")
        if bare in ARTICLES and i < len(raw) - 1:
            has_article = True
            continue
        folded = _fold_token(bare)
        if folded:
            parts.append(folded)
    return NameKey("".join(parts), tuple(parts), has_article)


@functools.lru_cache(maxsize=65_536)  # the parts of names recur: each fuzzy candidate span asks for them again
def skeleton(key: str) -> str:
    """A key without its vowels, doubled letters collapsed: what transliterations of a name share."""
    return "".join(c for c, _ in itertools.groupby(key.translate(_NO_VOWELS)))


def first_class(part: str) -> str:
    """The first letter of a folded part, with the letters transliterations swap at a word start merged."""
    if not part:
        return ""
    c = part[0]
    return "a" if c in "aiu" else c
