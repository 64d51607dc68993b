"""The words around a name that tell what it is: titles, place and group context, sentence starts.

English news vocabulary, read by the names pass's corroboration and surname stages (issue 16 asks for it
to move to rules/ as data; it stays here, in one module, until the target language is a parameter).
"""

from __future__ import annotations

import functools

#: Zipf frequency (wordfreq, English) from which a one-word span is an everyday word: about once per
#: million words ("Libyan" 3.4, "Israeli" 4.4, "Khan" 4.3; "Idleb" 1.1, "Alep" 1.2, "Hemeimim" 0).
COMMON_WORD_ZIPF = 3.0


# Capitalized words that sit beside a place name in headlines and at sentence starts ("In Rakka",
# "Rakka Province", "Rural Damas"): they do not make a one-word place variant look like part of a
# person's name (see lookup.LookupStage.beside_name).
PLACE_CONTEXT = frozenset({
    "a", "an", "the", "and", "or", "but", "in", "on", "at", "of", "to", "from", "near", "for", "by", "with", "into",
    "inside", "outside", "across", "around", "over", "under", "after", "before", "since", "until", "between",
    "toward", "towards", "via", "through", "against", "north", "south", "east", "west", "northern", "southern",
    "eastern", "western", "central", "rural", "greater", "province", "governorate", "city", "countryside",
    "region", "airport", "base", "camp", "prison", "dam", "valley", "crossing", "district", "village", "town",
    "border", "front", "offensive", "battle", "siege", "fall", "attack", "strike", "strikes", "clashes",
})


# Words before a surname that show it is used alone ("Mr Lavrentyev"), not after another given name.
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "president", "gen", "general", "minister", "premier",
    "prime", "sheikh", "shaykh", "sheik", "colonel", "col", "lt", "major", "maj", "ambassador", "envoy", "emir",
    "king", "prince", "princess", "queen", "senator", "sen", "rep", "judge", "imam", "ayatollah", "brig",
    "commander", "captain", "capt", "chancellor", "secretary", "madame", "monsieur", "m", "mme", "herr", "frau",
    "sir", "lord", "lady", "director", "chief", "leader", "spokesman", "spokeswoman", "sgt", "marshal",
})


# Capitalized words before a surname alone that are no given name: a title, or an article ("The Schröder reform")
NOT_A_GIVEN_NAME = TITLES | {"the", "a", "an"}


# Words before a one-word place that show a place is meant ("in Mossul", "near Albukamal"), and words after it.
PLACE_BEFORE = frozenset({
    "in", "near", "from", "of", "outside", "at", "to", "into", "inside", "around", "across", "toward", "towards",
    "via", "through", "between", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "central", "rural", "besieged", "occupied",
    # verbs of war whose object is a place ("shelling hit Zabbadani")
    "hit", "hits", "struck", "strikes", "shelled", "shell", "bombed", "bomb", "captured", "capture", "seized",
    "seize", "entered", "enter", "retook", "retake", "recaptured", "stormed", "besiege", "encircled", "evacuated",
})


PLACE_AFTER = frozenset({
    "province", "governorate", "countryside", "city", "airport", "region", "district", "province's", "city's",
})


# Words after a one-word group's name that show the group is meant ("Hizballah fighters").
GROUP_AFTER = frozenset({
    "fighters", "militants", "militia", "militiamen", "leader", "leaders", "commander", "commanders", "chief",
    "official", "officials", "spokesman", "spokeswoman", "members", "forces", "movement", "group", "positions",
    "deputy", "lawmakers", "mps", "ministers", "supporters", "gunmen", "operatives", "rockets", "drones",
})


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
