"""The words around a name that tell what it is: titles, place and group context, sentence starts.

The English news vocabulary is data, rules/names/data/context_en.yaml (each list with examples that run as
tests); read by the names pass's lookup, corroboration and surname stages. Another target language is
another such file (the pass reads the English one: the target language is not a parameter yet).
"""

from __future__ import annotations

import functools

#: Zipf frequency (wordfreq, English) from which a one-word span is an everyday word: about once per
#: million words ("Libyan" 3.4, "Israeli" 4.4, "Khan" 4.3; "Idleb" 1.1, "Alep" 1.2, "Hemeimim" 0).
COMMON_WORD_ZIPF = 3.0


def _load_lists() -> dict[str, frozenset[str]]:
    """The word lists of rules/names/data/context_en.yaml (data with examples, not rules)."""
    import yaml

    from ..rulefiles import default_rules_dir

    raw = yaml.safe_load((default_rules_dir() / "names" / "data" / "context_en.yaml").read_text(encoding="utf-8"))
    return {key: frozenset(str(w) for w in entry["words"]) for key, entry in raw["lists"].items()}


_LISTS = _load_lists()
#: capitalized words beside a place in headlines and at sentence starts ("In Rakka", "Rakka Province"): they
#: do not make a one-word place variant look like part of a person's name (lookup.LookupStage.beside_name)
PLACE_CONTEXT = _LISTS["place_context"]
#: words before a surname that show it is used alone ("Mr Lavrentyev"), not after another given name
TITLES = _LISTS["titles"]
#: capitalized words before a surname alone that are no given name: a title, or an article ("The Schreder")
NOT_A_GIVEN_NAME = TITLES | _LISTS["articles_before_surname"]
#: words before and after a one-word place that show a place is meant ("in Mossul", "Hasakeh province")
PLACE_BEFORE = _LISTS["place_before"]
PLACE_AFTER = _LISTS["place_after"]
#: words after a one-word group's name that show the group is meant ("Hizballah fighters")
GROUP_AFTER = _LISTS["group_after"]
OPENERS = "\"'“‘«([{—–-*•|"


def sentence_start(text: str, pos: int) -> bool:
    """Whether ``pos`` begins a sentence (start of text or line, or after . ! ? and opening quotes)."""
    i = pos - 1
    while i >= 0 and (text[i] in " \t\u00a0" or text[i] in OPENERS):
        i -= 1
    if i < 0 or text[i] in "\n\r":
        return True
    if text[i] not in ".!?…":
        return False
    # "Mr. Lavrentyev", "Gen. Akar": the full stop of an abbreviation does not end a sentence
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    word = text[j:i].lower()
    return not (word in TITLES or len(word) == 1)


def in_context(text: str, start: int, end: int, etype: str) -> bool:
    """Whether the words around ``text[start:end]`` show an entity of type ``etype`` is meant: a place after
    "in"/"near"/"from" or before "province", a group before "fighters"/"leader", a person after a title."""
    before = word_before(text, start)
    after = word_after(text, end)
    if etype == "place":
        return before in PLACE_BEFORE or after in PLACE_AFTER
    if etype == "person":
        return before.rstrip(".") in TITLES
    return after in GROUP_AFTER


def word_before(text: str, pos: int) -> str:
    """The lower-cased word just before ``pos`` on the same line ("" when none)."""
    i = pos
    while i > 0 and text[i - 1] in " \t\u00a0":
        i -= 1
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    return text[j:i].lower()


def word_after(text: str, pos: int) -> str:
    """The lower-cased word just after ``pos`` (skipping a possessive "'s"), "" when none."""
    i = pos
    if text[i : i + 2] in ("'s", "’s"):
        i += 2
    while i < len(text) and text[i] in " \t\u00a0":
        i += 1
    j = i
    while j < len(text) and text[j].isalpha():
        j += 1
    return text[i:j].lower()


@functools.lru_cache(maxsize=65_536)
def common_word(span: str) -> bool:
    """Whether a one-word span (possessive aside) is a frequent English word. Only spans that no listed
    spelling matched ask this, so the word list loads on the first such span, not with the pass."""
    from wordfreq import zipf_frequency

    word = span.removesuffix("'s").removesuffix("\u2019s")
    return zipf_frequency(word, "en") >= COMMON_WORD_ZIPF
