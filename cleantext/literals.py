"""The literal strings a regular expression cannot match without: a cheap test that lets a pass skip the
search of most of its patterns on most texts.

``required_literals(r"^(?:by|copyright\b)|all rights reserved")`` is ``None`` (the "by" branch has
no literal of three characters, too common to skip anything);
``required_literals(r"\bcopyright\b|all rights reserved")`` is
``{"copyright", "all rights reserved"}``: wherever the pattern matches, the casefolded text contains
one of them. One Aho-Corasick scan of the casefolded text then tells which patterns can match at all
(:class:`cleantext.matching.CombinedRegex`); the others are not searched. The answer is only ever
used to *skip* a search, so it must be a necessary condition, never a guess: whatever this module
cannot read with certainty gives ``None`` (search as usual).

Patterns are written for the ``regex`` module; they are read here with the standard library's parser,
which knows the same syntax except for a few ``regex`` extensions. Those the standard parser would
read differently (nested and operator sets of V1, fuzzy constraints) are refused before parsing, and
those it cannot parse (``\\m``, ``(?V1)``, ``(?<name>``, ...) raise and are refused too. Unicode
properties (``\\p{L}``) are read as ``\\w``: a character class, which never contributes a literal.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from typing import Any

# the standard library's own regular-expression parser (private modules, without type stubs)
_sre_parse: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

#: shortest literal worth an automaton entry: shorter ones occur in nearly every text and skip nothing
#: (except non-ASCII symbols such as ©, which are rare at any length)
MIN_LITERAL = 3

#: ASCII characters rare enough in running text to gate a pattern alone
_RARE_ASCII = frozenset("|<>{}[]\\^~=`@")
#: largest character set read as "one of these characters"
_MAX_SET = 8
_PROPERTY = re.compile(r"\\([pP])(?:\{[^}]*\}|[A-Za-z])")
# a fuzzy constraint of the regex module, e.g. (?:Assad){e<=1}: its literal may be absent from a match
_FUZZY = re.compile(r"\{\s*(?:[eisd]|\d+\s*<=?\s*[eisd])\s*(?:<=?|[+*,}])")
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}


def required_literals(pattern: str, flags: str = "") -> frozenset[str] | None:
    """Casefolded strings, one of which is in ``text.casefold()`` wherever ``pattern`` matches in ``text``
    (with or without case-insensitive matching); ``None`` when no such set is known for certain."""
    if _FUZZY.search(pattern) or _has_v1_set_syntax(pattern):
        return None
    source = _PROPERTY.sub(lambda m: r"\W" if m.group(1) == "P" else r"\w", pattern)
    try:
        tree = _sre_parse.parse(source, re.VERBOSE if "x" in flags else 0)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    found = _sequence(list(tree))
    if not found:
        return None
    # casefolding works character by character, so a substring stays a substring; and a case-insensitive
    # match (simple or full folding) of a literal is the literal itself once both sides are casefolded
    folded = frozenset(s.casefold() for s in found)
    return folded if all(map(_selective, folded)) else None


def _selective(literal: str) -> bool:
    """Rare enough to skip work: three characters or more, or symbols only that running text seldom has:
    non-ASCII ones (©, «, •) and a few ASCII ones (| > <), not . , : / - ( ) ' " which it has everywhere."""
    return len(literal) >= MIN_LITERAL or (
        bool(literal) and all(c in _RARE_ASCII or (not c.isascii() and not c.isalnum() and not c.isspace())
                              for c in literal))


def _has_v1_set_syntax(pattern: str) -> bool:
    """A set the standard parser would misread: a '[' inside a set (V1 nested sets, POSIX classes) or a
    V1 set operator (--, &&, ||, ~~)."""
    in_set = False
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_set:
            if ch == "[" or pattern[i : i + 2] in ("--", "&&", "||", "~~"):
                return True
            if ch == "]":
                in_set = False
        elif ch == "[":
            in_set = True
            # a ']' (or '^]') right after the opening bracket is a member, not the end of the set
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        i += 1
    return False


def _sequence(items: Sequence[tuple[Any, Any]]) -> set[str] | None:
    """The most selective set of strings one of which every match of this sequence contains."""
    best: set[str] | None = None
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best = _better(best, {"".join(run)})
            run = []
        child: set[str] | None = None
        if op is _c.SUBPATTERN:
            child = _sequence(list(av[-1]))
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            child = _sequence(list(av))
        elif op in _REPEATS:
            low, _high, body = av
            if low >= 1:
                child = _sequence(list(body))
        elif op is _c.IN and 0 < len(av) <= _MAX_SET and all(o is _c.LITERAL for o, _ in av):
            child = {chr(code) for _, code in av}  # [|•·]: one of these characters (not negated: no NEGATE item)
        elif op is _c.BRANCH:
            branches = [_sequence(list(b)) for b in av[1]]
            if branches and all(branches):
                child = set().union(*branches)  # type: ignore[arg-type]
        # everything else (sets, any character, anchors, lookarounds, back-references) requires no literal
        if child:
            best = _better(best, child)
    if run:
        best = _better(best, {"".join(run)})
    return best


def _better(a: set[str] | None, b: set[str]) -> set[str]:
    """The more selective of two sets: longer shortest member first, then fewer members."""
    if a is None:
        return b
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b
