"""The rule kinds of the ``mt_repair`` pass.

Every kind is generic: the knowledge (phrases, particles, cue words, abbreviations) is in the rule
files under ``rules/mt_repair/``; a pack with ``source_lang: xx`` adds a language pair by data alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from ..kinds import Param, Rule, RuleKind, kinds_of_pass, register_kind
from ..matching import check_pattern

PASS = "mt_repair"

_TEXT = (str,)
_LIST = (list,)
_BOOL = (bool,)
_NUMBER = (int, float)

_CONTEXT_PARAMS = {
    "before": Param(_TEXT, doc="regex that must match the text just before the hit (up to 80 characters)"),
    "after": Param(_TEXT, doc="regex that must match the text just after the hit (up to 80 characters)"),
    "not_before": Param(_TEXT, doc="regex that must NOT match the text just before the hit"),
    "not_after": Param(_TEXT, doc="regex that must NOT match the text just after the hit"),
    "sentence_has": Param(_LIST, doc="the hit's sentence must contain one of these words or phrases"),
    "in_quotes": Param(_BOOL, default=False,
                       doc="also repair inside quotation marks (default: false, quoted speech is evidence)"),
    "keep_case": Param(_BOOL, default=True,
                       doc="capitalize the replacement when the hit starts with a capital (default: true)"),
}


def _texts(rule: Rule, key: str, *, required: bool = False) -> list[str]:
    """Messages for a param that must be a list of non-empty texts."""
    value = rule.param(key)
    if value is None:
        return [f"{key!r} is required"] if required else []
    if not isinstance(value, list) or not value:
        return [f"{key!r} must be a non-empty list of texts"]
    bad = [v for v in value if not (isinstance(v, str) and v.strip())]
    if bad:
        hint = " (YAML reads yes/no/on/off as true/false: quote them)" if any(isinstance(v, bool) for v in bad) else ""
        return [f"{key!r} must be a list of texts; these items are not: {bad!r}{hint}"]
    return []


def _context_problems(rule: Rule) -> list[str]:
    out = _texts(rule, "sentence_has")
    for key in ("before", "after", "not_before", "not_after"):
        pattern = rule.param(key)
        if pattern is not None:
            out += [f"{key!r}: {p}" for p in check_pattern(pattern)]
    return out


def _validate_phrase(rule: Rule) -> Sequence[str]:
    return _texts(rule, "phrases", required=True) + _context_problems(rule)


def needle_forms(rule: Rule) -> tuple[str, ...]:
    """The texts whose presence lets a pattern rule run: its ``needs``, in the case forms of its flags."""
    needs = [n for n in rule.param("needs") or [] if isinstance(n, str) and n]
    if "i" in (rule.param("flags", "") or ""):
        return tuple(dict.fromkeys(f for n in needs for f in (n.lower(), n.upper(), n[:1].upper() + n[1:].lower())))
    return tuple(needs)


def _validate_needs(rule: Rule) -> list[str]:
    out = _texts(rule, "needs")
    forms = needle_forms(rule)
    if out or not forms:
        return out
    for fx in rule.examples.fix:
        if not any(f in fx.input for f in forms):
            out.append(f"'needs': the fix example {fx.input!r} contains none of {list(forms)!r}, so the rule would "
                       "never run on it; list a text that every match contains")
    return out


def _validate_pattern(rule: Rule) -> Sequence[str]:
    flags = rule.param("flags", "")
    out: list[str] = []
    if not isinstance(flags, str) or set(flags) - set("imsx"):
        out.append(f"'flags' must be letters among i (ignore case), m (multiline), s (dot matches newline), "
                   f"x (verbose), not {flags!r}")
        flags = ""
    out += check_pattern(rule.param("pattern"), flags, rule.param("replace"))
    return out + _context_problems(rule) + _validate_needs(rule)


def _validate_glue(rule: Rule) -> Sequence[str]:
    out = _texts(rule, "particles", required=True) + _texts(rule, "assimilating") + _texts(rule, "keep")
    out += _texts(rule, "lexicon_langs")
    particles = {p.lower() for p in rule.param("particles") or [] if isinstance(p, str)}
    for p in rule.param("assimilating") or []:
        if isinstance(p, str) and p.lower() not in particles:
            out.append(f"assimilating particle {p!r} is not in 'particles' ({', '.join(sorted(particles))})")
    for p in particles:
        if not regex.fullmatch(r"\p{Ll}+", p):
            out.append(f"particle {p!r} must be lowercase letters only")
    langs = rule.param("lexicon_langs") or []
    if langs:
        from .lexicon import available_languages

        known = available_languages()
        out += [f"lexicon language {lang!r} is not available; choose among {', '.join(sorted(known))}"
                for lang in langs if isinstance(lang, str) and lang not in known]
    return out


def _validate_doubled(rule: Rule) -> Sequence[str]:
    return _texts(rule, "allow") + _texts(rule, "stutter_allow")


def _validate_sentence_case(rule: Rule) -> Sequence[str]:
    return _texts(rule, "abbreviations")


def _source_lang_problems(rule: Rule) -> list[str]:
    if rule.source_lang:
        return []
    return [f"a {rule.kind!r} rule needs a source language: set 'source_lang' on the rule or in the pack header"]


def _validate_leftover(rule: Rule) -> Sequence[str]:
    out = _texts(rule, "words", required=True) + _texts(rule, "weak") + _texts(rule, "elisions")
    out += _source_lang_problems(rule)
    letters = rule.param("letters", "")
    if not isinstance(letters, str) or any(not c.isalpha() or not c.islower() for c in letters):
        out.append(f"'letters' must be a text of lowercase letters (the letters English lacks), not {letters!r}")
    for key in ("min_zipf", "margin", "max_english_zipf"):
        value = rule.param(key, 0)
        if isinstance(value, bool) or not isinstance(value, int | float):
            out.append(f"{key!r} must be a number, not {value!r}")
    for i, case in enumerate(rule.param("finds") or []):
        if not (isinstance(case, dict) and isinstance(case.get("in"), str) and isinstance(case.get("found"), list)):
            out.append(f"'finds' item {i} must be {{in: text, found: [fragments]}}, not {case!r}")
    return out


def _validate_cues(rule: Rule) -> Sequence[str]:
    out = _texts(rule, "words", required=True) + _source_lang_problems(rule)
    weight = rule.param("weight", 1)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
        out.append(f"'weight' must be a positive number, not {weight!r}")
    return out


register_kind(RuleKind(
    name="mt_phrase",
    pass_name=PASS,
    doc="literal phrases (matched case-insensitively on word boundaries) replaced by one text, "
        "under optional context conditions",
    params={"phrases": Param(_LIST, required=True, doc="the phrases to find"),
            "replace": Param(_TEXT, required=True, doc="the text that replaces them"),
            **_CONTEXT_PARAMS},
    validate=_validate_phrase,
    priority=0, category="mistranslation", literal_params=("phrases",), case_param="keep_case",
))

register_kind(RuleKind(
    name="mt_pattern",
    pass_name=PASS,
    doc="a regular expression (regex module, V1) replaced by a template (\\1, \\g<name>), "
        "under optional context conditions",
    params={"pattern": Param(_TEXT, required=True, doc="the regular expression"),
            "replace": Param(_TEXT, required=True, doc="the replacement template"),
            "flags": Param(_TEXT, default="", doc="letters: i ignore case, m multiline, s dotall, x verbose"),
            "needs": Param(_LIST, doc="texts one of which every match contains: the pattern is only run on "
                                      "documents that hold one (a fast test instead of a slow scan)"),
            **_CONTEXT_PARAMS},
    validate=_validate_pattern,
    priority=0, category="mistranslation", pattern_params=("pattern",), flags_param="flags",
    template_param="replace", gate=needle_forms, case_param="keep_case",
))

register_kind(RuleKind(
    name="glued_particle",
    pass_name=PASS,
    doc="split a particle (Arabic al-, el-, ad-, ...) glued onto the previous word: 'Bacharal-Assad' to "
        "'Bachar al-Assad'; never when the glued word is a known word ('Portugal-Spain')",
    params={"particles": Param(_LIST, required=True, doc="the particles, lowercase, without the hyphen"),
            "assimilating": Param(_LIST, doc="particles whose consonant must begin the next word (ad-Dawla)"),
            "min_stem": Param((int,), default=3, doc="letters the word must keep before the particle (default 3)"),
            "known_word_zipf": Param(_NUMBER, default=2.0,
                                              doc="a glued word at least this frequent (Zipf scale) is a real "
                                                  "word and is not split (default 2.0)"),
            "lexicon_langs": Param(_LIST, doc="languages whose word frequencies say what is a known word "
                                              "(default: en)"),
            "keep": Param(_LIST, doc="glued words never to split (compared lowercase)"),
            "in_quotes": Param(_BOOL, default=True, doc="also split inside quotation marks (default: true: spacing "
                                                       "only)")},
    validate=_validate_glue,
    priority=1, category="glued_particle",
))

register_kind(RuleKind(
    name="doubled_word",
    pass_name=PASS,
    doc="a word written twice in a row ('the the') or stuttered before the end of a sentence "
        "('viable, viable?'); grammatical doubles and words in quotes survive",
    params={"allow": Param(_LIST, doc="words whose doubling is grammatical or intended ('had had')"),
            "comma_stutter": Param(_BOOL, default=True,
                                          doc="also repair 'word, word' right before . ? or ! (default: true)"),
            "stutter_allow": Param(_LIST, doc="words that may be repeated with a comma ('no, no.')"),
            "allow_only_after": Param((dict,), doc="allowed words kept doubled only when one of their words "
                                      "comes in the five words before ({was: [what]}: 'what it was was')"),
            "min_length": Param((int,), default=3, doc="shortest word repaired in the comma form (default 3)"),
            "name_min_length": Param((int,), doc="a capitalised double of a word this long is repaired (default: "
                                                 "never; 'Bora Bora' is a name)"),
            "after_name": Param(_BOOL, default=False,
                                doc="repair a capitalised double right after a capitalised word that does "
                                    "not start a sentence ('the Freedom Party Party'; default false)")},
    validate=_validate_doubled,
    priority=2, category="doubled_word",
))

register_kind(RuleKind(
    name="sentence_case",
    pass_name=PASS,
    doc="a lowercase word starting a sentence after a period ('. also important' to '. Also important'), "
        "except after abbreviations",
    params={"abbreviations": Param(_LIST, doc="lowercase abbreviations a period may follow ('etc', 'vs')")},
    validate=_validate_sentence_case,
    priority=3, category="sentence_case",
))

register_kind(RuleKind(
    name="source_cues",
    pass_name=PASS,
    doc="words that, left in an English text, show it was translated from the rule's source language; "
        "they never change the text, they decide which language-tagged rules run",
    params={"words": Param(_LIST, required=True,
                           doc="cue words or forms; all-lowercase ones match in lowercase only, others exactly"),
            "weight": Param(_NUMBER, default=1, doc="evidence one hit gives (default 1)"),
            "threshold": Param(_NUMBER, default=4, doc="evidence needed to decide the language (default 4)"),
            "langdetect_code": Param(_TEXT, doc="the code langdetect uses for this language (default: source_lang)")},
    validate=_validate_cues,
    category="source_cue", literal_params=("words",),
))

register_kind(RuleKind(
    name="leftover_words",
    pass_name=PASS,
    doc="words of the rule's source language left untranslated in English ('Jančura dans l'a indiqué'): each "
        "run of them is reported with its span (report key 'leftover_fragments'); the text is never changed",
    params={"words": Param(_LIST, required=True, doc="function words of the language English never writes"),
            "weak": Param(_LIST, doc="words that join a fragment but never make one alone ('de', 'la')"),
            "elisions": Param(_LIST, doc="elided words glued on with an apostrophe ('l' for l'a, 'qu' for qu'il)"),
            "letters": Param(_TEXT, doc="letters English lacks; a lowercase word with one counts when wordfreq "
                                        "says it is a word of the language and not of English"),
            "min_zipf": Param(_NUMBER, doc="how frequent (Zipf) such a word must be in the language (default 3)"),
            "margin": Param(_NUMBER, doc="how much more frequent than in English, in Zipf points (default 1.5)"),
            "max_english_zipf": Param(_NUMBER, doc="such a word this frequent in English is English (default 3)"),
            "finds": Param(_LIST, doc="examples: {in: text, found: [the fragments reported]}, run by the tests")},
    validate=_validate_leftover,
    category="leftover",
))

#: what an edit of each kind repairs when the rule does not name a ``category`` itself (from the kinds)
DEFAULT_CATEGORY = {k.name: k.default_category() for k in kinds_of_pass(PASS)}
#: which kind's edit wins where edits of several kinds compete for one place, lower first (from the kinds)
PRIORITY = {k.name: k.priority for k in kinds_of_pass(PASS)}
