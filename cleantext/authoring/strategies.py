"""Hypothesis strategies that generate inputs from a rule itself, and from a pack of rules.

A rule is exercised on its own examples mutated (re-cased, re-punctuated, spliced into clean text,
repeated), on strings generated from its patterns, on its phrase and lexicon entries, and on
arbitrary text. The seed material is read from the rule; nothing here knows any particular rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import strategies as st

from ..kinds import Rule
from .scope import rule_literals, rule_patterns

#: Plain sentences no repair rule should touch; generated inputs are spliced between them.
CLEAN_SENTENCES = (
    "The minister spoke to reporters in the capital on Tuesday about the state of the negotiations.",
    "Officials said the talks with the regional governors would resume early next week in the north.",
    "Prices rose by three percent over the year, according to figures published by the statistics office.",
    "The delegation left the city on Friday evening after the meeting with local leaders had ended.",
)

_PUNCT = (".", ",", "!", "?", ";", ":", "")
_SEPARATORS = (" ", "\n", "\n\n", ", ", ". ")
#: characters the passes care about, over-represented in arbitrary text
_SPICE = list("\n\n \t.,;:!?'\"()-\u00a0\u2019\u201cÉéà")


def seeds_of(rule: Rule) -> list[str]:
    """The texts a rule's examples and entries provide, outputs included (a fix's output is a fixed point)."""
    ex = rule.examples
    out: list[str] = []
    for fx in (*ex.fix, *ex.known_miss):
        out += [fx.input, fx.output]
    out += [*ex.keep, *ex.known_fp, *rule_literals(rule)[:50]]
    return [s for s in dict.fromkeys(out) if s]


# A mutation is a small tuple (name, a, b); a recipe is a list of them, applied in order. Recipes come from
# one module-level strategy, built and validated once, so checking many rules does not pay hypothesis's
# per-strategy set-up again and again; an empty recipe (what shrinking aims for) is the seed text itself.
Mutation = tuple[str, int, int]
_CASES = ("upper", "lower", "title", "capitalize", "swapcase")
MUTATION: st.SearchStrategy[Mutation] = st.tuples(
    st.sampled_from(("recase", "punct", "splice", "repeat", "word")), st.integers(0, 7), st.integers(0, 7)
)
RECIPE: st.SearchStrategy[list[Mutation]] = st.lists(MUTATION, max_size=2)


def mutate(text: str, mutation: Mutation) -> str:
    """Apply one mutation: re-case, re-punctuate, splice between clean sentences, repeat, repeat a word."""
    name, a, b = mutation
    if name == "recase":
        return str(getattr(text, _CASES[a % len(_CASES)])())
    if name == "punct":
        base = text.rstrip(".,!?;: \n") if b % 2 else text
        return base + _PUNCT[a % len(_PUNCT)]
    if name == "splice":
        sep = " " if b % 2 else "\n"
        return f"{CLEAN_SENTENCES[a % len(CLEAN_SENTENCES)]}{sep}{text}{sep}{CLEAN_SENTENCES[b % len(CLEAN_SENTENCES)]}"
    if name == "repeat":
        return _SEPARATORS[b % len(_SEPARATORS)].join([text] * (2 + a % 3))
    words = text.split(" ")  # "word": one word repeated, the doubled-word trap
    i = a % len(words)
    return " ".join(words[:i] + [words[i]] * (2 + b % 3) + words[i + 1 :])


def apply_recipe(text: str, recipe: list[Mutation]) -> str:
    for m in recipe:
        text = mutate(text, m)
    return text


def mutated(s: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Texts of ``s`` with up to two mutations (re-cased, re-punctuated, spliced, repeated)."""
    return st.tuples(s, RECIPE).map(lambda t: apply_recipe(*t))


ARBITRARY: st.SearchStrategy[str] = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(_SPICE)), max_size=200)


def arbitrary_text() -> st.SearchStrategy[str]:
    """Any text, with the characters passes care about (line breaks, odd spaces, quotes) over-represented."""
    return ARBITRARY


def pattern_strings(rule: Rule) -> st.SearchStrategy[str] | None:
    """Strings matching the rule's patterns (where Python's ``re`` can read them), or None."""
    strategies: list[st.SearchStrategy[str]] = []
    for pattern, flags in rule_patterns(rule):
        inline = f"(?{flags})" if flags else ""
        try:
            re.compile(inline + pattern)
        except re.error:
            continue  # regex-module syntax (\p{L}, ...) that hypothesis cannot generate from
        strategies.append(st.from_regex(inline + pattern, fullmatch=True).filter(lambda x: len(x) < 400))
    return st.one_of(strategies) if strategies else None


def rule_inputs(rule: Rule) -> st.SearchStrategy[str]:
    """Inputs for one rule's properties: its own material mutated, its patterns, arbitrary text."""
    parts: list[st.SearchStrategy[str]] = []
    seeds = seeds_of(rule)
    if seeds:
        parts.append(st.sampled_from(seeds))
    generated = pattern_strings(rule)
    if generated is not None:
        parts.append(generated)
    material = mutated(st.one_of(parts)) if parts else None
    return st.one_of(material, ARBITRARY) if material is not None else ARBITRARY


def pack_inputs(rules: Sequence[Rule]) -> st.SearchStrategy[str]:
    """Inputs for a pack's properties: material of several rules joined, so their matches meet."""
    seeds = [s for r in rules for s in seeds_of(r)]
    parts: list[st.SearchStrategy[str]] = [arbitrary_text()]
    if seeds:
        pool = st.sampled_from(seeds)
        joined = st.tuples(st.lists(pool, min_size=1, max_size=4), st.sampled_from(_SEPARATORS)).map(
            lambda t: t[1].join(t[0]))
        parts = [mutated(st.one_of(joined, pool)), *parts]
    return st.one_of(parts)


#: a pumped input: a unit repeated (with a space after each when spaced), then a tail that makes the match fail
PumpShape = tuple[str, str, bool]


def pump_shapes(rule: Rule, *, limit: int) -> list[PumpShape]:
    """The shapes of the inputs that stress a pattern: a piece of a matching text repeated, followed by
    something that makes the match fail at the very end, the shape that makes backtracking explode."""
    seeds = [s for s in seeds_of(rule) if s.strip()][:3]
    out: list[PumpShape] = []
    for s in seeds:
        units = [s, s.split()[0] if s.split() else s, s.strip()[0], s.strip()[-1]]
        for unit in dict.fromkeys(units):
            for tail in ("!", "\u0000", " x", "\n"):
                out += [(unit, tail, False), (unit, tail, True)]
    # generic attack strings for the usual suspects (\w+, \s*, .*)
    out += [("a", "!", False), (" ", "x", False), ("a", "!", True), ("1", "a", False)]
    return list(dict.fromkeys(out))[:limit]


def pump(shape: PumpShape, *, size: int) -> str:
    """The input of ``shape`` about ``size`` characters long."""
    unit, tail, spaced = shape
    piece = unit + " " if spaced else unit
    return piece * max(1, size // max(1, len(piece))) + tail


def pumped(rule: Rule, *, size: int, limit: int) -> list[str]:
    """The pumped inputs of ``rule`` (see :func:`pump_shapes`), about ``size`` characters each."""
    return list(dict.fromkeys(pump(shape, size=size) for shape in pump_shapes(rule, limit=limit)))


def targeted(rule: Rule, *, limit: int) -> list[str]:
    """Inputs aimed at the usual mistakes, tried before the generated ones: in each fix example, a word the
    fix changes written three times (the doubled-word trap), the example twice over, and upper-cased."""
    import difflib

    out: list[str] = []
    for fx in rule.examples.fix:
        ops = difflib.SequenceMatcher(None, fx.input, fx.output, autojunk=False).get_opcodes()
        hunks = [(i1, i2) for tag, i1, i2, _, _ in ops if tag != "equal"]
        words = [m for m in re.finditer(r"\S+", fx.input) if any(m.start() <= b and a <= m.end() for a, b in hunks)]
        for m in words[:2]:
            out.append(fx.input[: m.start()] + " ".join([m.group()] * 3) + fx.input[m.end() :])
        out += [fx.input + " " + fx.input, fx.input.upper()]
    return list(dict.fromkeys(out))[:limit]
