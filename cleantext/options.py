"""Options shared by the passes: one frozen, picklable value, so a Cleaner can be sent to workers.

Every value is checked in one place, when the Options is made (``__post_init__``): a choice outside its
``Literal`` type or a number outside its range raises :class:`~cleantext.errors.OptionError` naming the
valid choices, so a typo never reaches a pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from .errors import OptionError
from .language import LANGUAGES, TARGET_LANG, language_hint
from .registry import did_you_mean

#: Unicode normalization forms of the unicode pass
Normalization = Literal["NFC", "NFKC", "NFD", "NFKD"]
NORMALIZATION_FORMS: tuple[str, ...] = get_args(Normalization)
#: settings of the boilerplate line model: "off", then from keeping most content to removing most boilerplate
BoilerplateSetting = Literal["off", "conservative", "balanced", "aggressive"]
BOILERPLATE_SETTINGS: tuple[str, ...] = get_args(BoilerplateSetting)


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """How to clean. Every field has a default that suits scraped news text."""

    #: Source language of a machine translation ("fr"), or None to detect it per document. A Cleaner refuses
    #: a language none of its rules are for (they would not run), with did-you-mean.
    source_lang: str | None = None
    #: The language the output is in and the rules are written for (a code of ``language.LANGUAGES``):
    #: mt_repair and names leave a document of 200+ characters alone when under half of it is in this
    #: language (the shipped repairs and gazetteers are English).
    target_language: str = TARGET_LANG
    #: Apply low-confidence rules too (by default they are only reported).
    apply_low_confidence: bool = False
    #: Unicode normalization form of the unicode pass (NFC keeps typography; NFKC folds it).
    normalization: Normalization = "NFC"
    #: Straighten curly quotes and apostrophes (off: they are legitimate typography).
    uncurl_quotes: bool = False
    #: Minimum rapidfuzz score (0-100) for fuzzy matches of boilerplate phrases and names.
    fuzzy_cutoff: float = 90.0
    #: Seconds one rule may spend on one document before it is skipped for that document.
    rule_timeout: float = 1.0
    #: Raise on an internal error in a pass instead of reporting it and leaving the text as it was.
    strict: bool = False
    #: Minimum rapidfuzz ratio (0-100) for a line piece to count as a catalogued boilerplate phrase.
    boilerplate_fuzzy_cutoff: float = 82.0
    #: Built-in rules (``Pass.rule_ids``) the passes skip; ``Cleaner(disable=[...])`` checks ids and globs
    #: and fills it (rule-file rules and gazetteers it disables are left out of the rules instead).
    #: Sorted, so the repr (which a --resume checkpoint compares) is the same in every process.
    disabled_rules: tuple[str, ...] = ()
    #: How hard the boilerplate pass's fitted line model removes lines on top of the rules: one of
    #: BOILERPLATE_SETTINGS ("off": rules only). "balanced" has the best F1 whose content kept is >= 0.98 on the
    #: sites held out from the fit (docs/boilerplate.md), but it is not the default yet: on a page of many
    #: short lines its fixed point takes up to 64 rounds of Python over the whole page (200,000 one-letter
    #: lines ran for minutes), and it halves the speed on real pages.
    boilerplate: BoilerplateSetting = "off"

    def __post_init__(self) -> None:
        _choice("boilerplate setting", self.boilerplate, BOILERPLATE_SETTINGS)
        _choice("normalization form", self.normalization, NORMALIZATION_FORMS)
        check_target_language(self.target_language)
        _within("fuzzy_cutoff", self.fuzzy_cutoff, 0, 100)
        _within("boilerplate_fuzzy_cutoff", self.boilerplate_fuzzy_cutoff, 0, 100)
        if isinstance(self.rule_timeout, bool) or not isinstance(self.rule_timeout, int | float) \
                or not self.rule_timeout > 0:
            raise OptionError(f"rule_timeout must be a positive number of seconds, not {self.rule_timeout!r}")


def check_target_language(value: object) -> None:
    """Raise unless ``value`` is a language code the detector knows, with a did-you-mean (also for a
    language written as a name, "english", or a locale, "en_US")."""
    if not isinstance(value, str) or value not in LANGUAGES:
        hint = language_hint(str(value), sorted(LANGUAGES), unknown="which the language detector does not tell")
        raise OptionError(f"unknown target language {value!r}: give a language code such as en, fr, de, es "
                          f"({len(LANGUAGES)} known)" + hint)


def _choice(what: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise OptionError(f"unknown {what} {value!r}. Choices: {', '.join(choices)}"
                          + did_you_mean(str(value), list(choices)))


def _within(name: str, value: object, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise OptionError(f"{name} must be a number from {low:g} to {high:g}, not {value!r}")
