"""Options shared by the passes: one frozen, picklable value, so a Cleaner can be sent to workers."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import OptionError
from .registry import did_you_mean

#: settings of the boilerplate line model: "off", then from keeping most content to removing most boilerplate
BOILERPLATE_SETTINGS = ("off", "conservative", "balanced", "aggressive")


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """How to clean. Every field has a default that suits scraped news text."""

    #: Source language of a machine translation ("fr"), or None to detect it per document. A Cleaner refuses
    #: a language none of its rules are for (they would not run), with did-you-mean.
    source_lang: str | None = None
    #: Apply low-confidence rules too (by default they are only reported).
    apply_low_confidence: bool = False
    #: Unicode normalization form of the unicode pass (NFC keeps typography; NFKC folds it).
    normalization: str = "NFC"
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
    #: BOILERPLATE_SETTINGS ("off": rules only). The default, "balanced", is the setting with the best F1 whose
    #: content kept is >= 0.98 on the sites held out from the fit (figures in docs/boilerplate.md).
    boilerplate: str = "balanced"

    def __post_init__(self) -> None:
        if self.boilerplate not in BOILERPLATE_SETTINGS:
            raise OptionError(f"unknown boilerplate setting {self.boilerplate!r}. Choices: "
                              f"{', '.join(BOILERPLATE_SETTINGS)}" + did_you_mean(str(self.boilerplate),
                                                                                  list(BOILERPLATE_SETTINGS)))
