"""Required literals of a pattern (cleantext.literals) and the CombinedRegex prefilter built on them.

The prefilter may only skip a pattern that cannot match: scans with and without it give the same hits,
on the shipped rules and on generated patterns and texts.
"""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Cleaner
from cleantext.literals import required_literals
from cleantext.matching import CombinedRegex


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"\bcopyright\b|all rights reserved", {"copyright", "all rights reserved"}),
    (r"^(?:follow|like|join)\s+us\b", {"follow", "like", "join"}),
    (r"(?:foo)?barbaz", {"barbaz"}),  # an optional group requires nothing
    (r"(?:abcdef)*xyz", {"xyz"}),
    (r"(?:ab)+cdefg|xyz\d", {"cdefg", "xyz"}),  # the longest literal of each branch
    (r"\p{Lu}\p{L}+ing\b", {"ing"}),  # a Unicode property is a class, never a literal
    (r"(?i)ISTANBUL", {"istanbul"}),  # casefolded: matched against the casefolded text
    (r"Straße", {"strasse"}),  # 'STRASSE' matches it with full case folding, and folds to the same
    (r"^(?:©|\(c\)|copyright\b)", {"©", "(c)", "copyright"}),  # a non-ASCII symbol is rare at any length
    (r"«\s", {"«"}),
    (r"\s[|•·]\s\w+", {"|", "•", "·"}),  # a small set of rare characters: one of them
    (r"\w+\s\|\s*$|^home\s>", {"|", "home"}),
])
def test_required_literals(pattern: str, expected: set[str]) -> None:
    assert required_literals(pattern) == frozenset(expected)


@pytest.mark.parametrize("pattern", [
    r"^(?:by|copyright\b)",  # one branch has no literal of three characters
    r"abc|abd",  # only the common prefix 'ab' is required: too short to be worth it
    r"(?:Assad){e<=1}",  # regex fuzzy matching: the literal may be misspelt in a match
    r"[[a-z]--[aeiou]]xyz",  # V1 set operation: the standard parser would misread it
    r"[[:alpha:]]+ing",  # POSIX class: a '[' inside a set
    r"a\mbcde",  # a regex-only escape: not parsed, not gated
    r"(?<name>abc)def",  # a syntax the standard parser does not know
    r"\d+\s*%",
    r"\d[.,]\d",  # '.' and ',' are in nearly every text
    r"[^|]+",  # a negated set requires nothing
    r"[a-z]{3}",  # a range is a class
])
def test_no_literals_when_not_certain(pattern: str) -> None:
    assert required_literals(pattern) is None


def test_verbose_patterns_are_read_with_their_flag() -> None:
    assert required_literals("copy   right # a comment", "x") == frozenset({"copyright"})
    assert required_literals("copy   right", "") == frozenset({"copy   right"})


def _shipped_patterns() -> list[tuple[str, str, str]]:
    ruleset = Cleaner().ruleset
    return [(r.id, r.param("pattern"), str(r.param("flags", "i") or "")) for r in ruleset.rules
            if r.kind in ("line_pattern", "mt_pattern") and r.param("pattern")]


_SHIPPED = _shipped_patterns()
_GATED = CombinedRegex(_SHIPPED)
_UNGATED = CombinedRegex(_SHIPPED, prefilter=False)


def _hits(combined: CombinedRegex[str], text: str) -> list[tuple[str, int, int]]:
    return [(h.key, *h.match.span()) for h in combined.scan(text)]


def test_most_shipped_patterns_are_gated() -> None:
    gated = [k for k, p, f in _SHIPPED if required_literals(p, f) is not None]
    assert len(gated) >= len(_SHIPPED) // 2, gated


def test_shipped_rule_examples_give_the_same_hits_with_and_without_the_prefilter() -> None:
    texts = []
    for rule in Cleaner().ruleset.rules:
        ex = rule.examples
        texts.extend([*(f.input for f in ex.fix), *ex.keep, *ex.known_fp, *(f.input for f in ex.known_miss)])
    assert len(texts) > 100
    for text in texts:
        assert _hits(_GATED, text) == _hits(_UNGATED, text), text


# pieces of the shipped patterns' own literals, in any case, mixed with words and punctuation: texts
# where the gated patterns may or may not match
_PIECES = sorted({lit for _, p, f in _SHIPPED for lit in (required_literals(p, f) or ())})
_WORDS = ["Reuters", "Image", "the", "of", "2024", "min", "©", ":", "|", "\n", " ", "  ", ".", "Copyright",
          "ǅ", "ß", "İ", "ﬁ", "K"]


@settings(max_examples=400)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.sampled_from(_WORDS)), max_size=30),
       st.sampled_from(["lower", "upper", "title", "same"]))
def test_prefilter_changes_no_hit(parts: list[str], case: str) -> None:
    text = " ".join(parts)
    text = {"lower": text.lower(), "upper": text.upper(), "title": text.title(), "same": text}[case]
    assert _hits(_GATED, text) == _hits(_UNGATED, text)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["ab", "cd", "abc", "ß", "SS", "x", "[", "]", "(", ")", "|", "?", "+", "*", " "]),
                min_size=1, max_size=10).map("".join),
       st.text(alphabet="abcdsSß x[]()", max_size=30), st.sampled_from(["", "i"]))
def test_required_literals_are_necessary(pattern: str, text: str, flags: str) -> None:
    """Whenever a generated pattern matches, one of its required literals is in the casefolded text."""
    try:
        compiled = regex.compile(f"(?{flags}:{pattern})" if flags else pattern, regex.V1)
    except regex.error:
        return
    literals = required_literals(pattern, flags)
    if literals is not None and compiled.search(text) is not None:
        assert any(lit in text.casefold() for lit in literals)


def test_literal_gate_names_the_keys_whose_literals_occur() -> None:
    from cleantext.matching import LiteralGate

    gate = LiteralGate({"a": ["read also", "lire aussi"], "b": ["lire aussi"], "c": ["©"]})
    assert gate.keys == {"a", "b", "c"}
    assert gate.present("« lire aussi » ©") == {"a", "b", "c"}
    assert gate.present("read also: more") == {"a"}
    assert gate.present("READ ALSO") == frozenset()  # as written: callers fold the text as they folded the literals
    assert LiteralGate({}).present("anything") == frozenset()
