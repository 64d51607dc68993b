"""The ``boilerplate`` pass's rule kinds: ``line_phrase``, ``line_pattern``, ``line_vocab``, ``span_pattern``.

Their declared params and the validators that check a rule's values; importing this module registers the kinds
(``boilerplate.py`` imports it, so importing the pass registers them).
"""

from __future__ import annotations

from ..kinds import Param, Rule, RuleKind, register_kind
from ..matching import check_pattern
from .boilerplate_signals import normalize, words_of

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


#: the flags of a pattern kind (line_pattern, span_pattern): one declaration, so both read flags alike
_FLAGS = Param((str,), default="i", doc="regex flags from 'imsx' (default 'i')")

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
        "flags": _FLAGS,
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
        "flags": _FLAGS,
        "score": _COMMON_PARAMS["score"],
    },
    doc="a credit or caption glued to the end of a line: only that span is removed, the line stays",
    validate=_check_pattern,
    pattern_params=("pattern",), flags_param="flags",
))
