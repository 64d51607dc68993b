"""Options of the passes: one frozen, picklable value, so a Cleaner can be sent to workers.

Each field declares, as data, the passes that read it (``passes``: the pass's options; none: every pass)
and how its value is checked (its ``Literal`` type's choices, a range ``within``, or a ``check``). Every
value is checked in one place, :func:`_check_fields`, when the Options is made: a choice outside its
``Literal`` type, a number outside its range or an option that does not exist raises
:class:`~cleantext.errors.OptionError` naming the valid choices with a did-you-mean, so a typo never
reaches a pass. The fields stay flat keyword arguments (``Options(fuzzy_cutoff=85)``), as they always were;
:meth:`Options.for_pass` gives the options of one pass.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any, Literal, get_args, get_origin, get_type_hints

from .errors import OptionError, UnknownOptionError
from .language import LANGUAGES, TARGET_LANG, language_hint
from .registry import did_you_mean

#: Unicode normalization forms of the unicode pass
Normalization = Literal["NFC", "NFKC", "NFD", "NFKD"]
NORMALIZATION_FORMS: tuple[str, ...] = get_args(Normalization)
#: settings of the boilerplate line model: "off", then from keeping most content to removing most boilerplate
BoilerplateSetting = Literal["off", "conservative", "balanced", "aggressive"]
BOILERPLATE_SETTINGS: tuple[str, ...] = get_args(BoilerplateSetting)


def _option(*, passes: tuple[str, ...] = (), within: tuple[float, float] | None = None,
            check: Callable[[Any], None] | None = None, what: str = "") -> dict[str, Any]:
    """What a field of Options declares: the passes that read it (none: all), its check, and what its
    value is called in an error (default: its name)."""
    return {"passes": passes, "within": within, "check": check, "what": what}


def check_target_language(value: object) -> None:
    """Raise unless ``value`` is a language code the detector knows, with a did-you-mean (also for a
    language written as a name, "english", or a locale, "en_US")."""
    if not isinstance(value, str) or value not in LANGUAGES:
        hint = language_hint(str(value), sorted(LANGUAGES), unknown="which the language detector does not tell")
        raise OptionError(f"unknown target language {value!r}: give a language code such as en, fr, de, es "
                          f"({len(LANGUAGES)} known)" + hint)


def _positive_seconds(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:  # NaN is not > 0
        raise OptionError(f"rule_timeout must be a positive number of seconds, not {value!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """How to clean. Every field has a default that suits scraped news text."""

    #: Source language of a machine translation ("fr"), or None to detect it per document. A Cleaner refuses
    #: a language none of its rules are for (they would not run), with did-you-mean.
    source_lang: str | None = field(default=None, metadata=_option(passes=("mt_repair",)))
    #: The language the output is in and the rules are written for (a code of ``language.LANGUAGES``):
    #: mt_repair and names leave a document of 200+ characters alone when under half of it is in this
    #: language (the shipped repairs and gazetteers are English).
    target_language: str = field(default=TARGET_LANG, metadata=_option(passes=("mt_repair", "names"),
                                                                        check=check_target_language))
    #: Apply low-confidence rules too (by default they are only reported).
    apply_low_confidence: bool = field(default=False, metadata=_option(passes=("mt_repair",)))
    #: Unicode normalization form of the unicode pass (NFC keeps typography; NFKC folds it).
    normalization: Normalization = field(default="NFC",
                                         metadata=_option(passes=("unicode",), what="normalization form"))
    #: Straighten curly quotes and apostrophes (off: they are legitimate typography).
    uncurl_quotes: bool = field(default=False, metadata=_option(passes=("unicode",)))
    #: Minimum rapidfuzz score (0-100) for a fuzzy match of a name (boilerplate phrases have their own).
    fuzzy_cutoff: float = field(default=90.0, metadata=_option(passes=("names",), within=(0, 100)))
    #: Seconds one rule may spend on one document before it is skipped for that document.
    rule_timeout: float = field(default=1.0, metadata=_option(check=_positive_seconds))
    #: Raise on an internal error in a pass instead of reporting it and leaving the text as it was.
    strict: bool = field(default=False, metadata=_option())
    #: Minimum rapidfuzz ratio (0-100) for a line piece to count as a catalogued boilerplate phrase.
    boilerplate_fuzzy_cutoff: float = field(default=82.0, metadata=_option(passes=("boilerplate",), within=(0, 100)))
    #: Built-in rules (``Pass.rule_ids``) the passes skip; ``Cleaner(disable=[...])`` checks ids and globs
    #: and fills it (rule-file rules and gazetteers it disables are left out of the rules instead).
    #: Sorted, so the repr (which a --resume checkpoint compares) is the same in every process.
    disabled_rules: tuple[str, ...] = field(default=(), metadata=_option())
    #: How hard the boilerplate pass's fitted line model removes lines on top of the rules: one of
    #: BOILERPLATE_SETTINGS ("off": rules only). "balanced" has the best F1 whose content kept is >= 0.98 on the
    #: sites held out from the fit (docs/boilerplate.md), but it is not the default yet: on a page of many
    #: short lines its fixed point takes up to 64 rounds of Python over the whole page (200,000 one-letter
    #: lines ran for minutes), and it halves the speed on real pages.
    boilerplate: BoilerplateSetting = field(default="off",
                                            metadata=_option(passes=("boilerplate",), what="boilerplate setting"))

    def __post_init__(self) -> None:
        _check_fields(self)

    def for_pass(self, pass_name: str) -> Mapping[str, Any]:
        """The options ``pass_name`` reads (its own and those of every pass), by name, read-only."""
        return MappingProxyType({f.name: getattr(self, f.name) for f in fields(self)
                                 if not f.metadata["passes"] or pass_name in f.metadata["passes"]})


def options_of_pass(pass_name: str) -> tuple[str, ...]:
    """The names of the options that only some passes read and ``pass_name`` is one of (``cleantext passes``)."""
    return tuple(f.name for f in fields(Options) if pass_name in f.metadata["passes"])


def _check_fields(options: Options) -> None:
    """Every check of every option, in one place: the choices of a ``Literal`` type, a range, a ``check``."""
    for f in fields(options):
        value = getattr(options, f.name)
        choices = _CHOICES.get(f.name)
        if choices is not None:
            _choice(f.metadata["what"] or f.name.replace("_", " "), value, choices)
        if f.metadata["within"] is not None:
            _within(f.name, value, *f.metadata["within"])
        if f.metadata["check"] is not None:
            f.metadata["check"](value)


def _choice(what: str, value: object, choices: tuple[str, ...]) -> None:
    if value in choices:
        return
    folded = [c for c in choices if isinstance(value, str) and c.casefold() == value.casefold()]
    hint = f"; did you mean {folded[0]!r}?" if folded else did_you_mean(str(value), list(choices))
    raise OptionError(f"unknown {what} {value!r}. Choices: {', '.join(choices)}" + hint)


def _within(name: str, value: object, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise OptionError(f"{name} must be a number from {low:g} to {high:g}, not {value!r}")


#: the choices of each option whose type is a Literal
_CHOICES: dict[str, tuple[str, ...]] = {name: get_args(hint) for name, hint in get_type_hints(Options).items()
                                        if get_origin(hint) is Literal}
#: every option's name, for the did-you-mean of a keyword that is none
OPTION_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Options))
_dataclass_init = Options.__init__


@functools.wraps(_dataclass_init)  # help() and inspect.signature show the dataclass's keyword arguments
def _init(self: Options, *args: Any, **kwargs: Any) -> None:
    unknown = [k for k in kwargs if k not in OPTION_NAMES]
    if unknown:
        raise UnknownOptionError(f"unknown option {unknown[0]!r}. Options: {', '.join(OPTION_NAMES)}"
                                 + did_you_mean(unknown[0], list(OPTION_NAMES)))
    _dataclass_init(self, *args, **kwargs)


setattr(Options, "__init__", _init)  # noqa: B010 (mypy refuses assigning a method; the signature it checks stays)
