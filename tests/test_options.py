"""Options are checked in one place, when made: choices against their Literal types, numbers against ranges."""

from __future__ import annotations

import inspect
import pickle
from dataclasses import replace
from typing import Literal, get_args, get_origin, get_type_hints

import pytest

from cleantext.errors import OptionError, UnknownOptionError
from cleantext.options import (
    BOILERPLATE_SETTINGS,
    NORMALIZATION_FORMS,
    OPTION_NAMES,
    Options,
    options_of_pass,
)
from cleantext.passes import PIPELINE_ORDER


def test_choices_are_checked_with_did_you_mean() -> None:
    with pytest.raises(OptionError, match=r"unknown normalization form 'nfkc'\. Choices: NFC, NFKC, NFD, NFKD"):
        Options(normalization="nfkc")  # type: ignore[arg-type]
    with pytest.raises(OptionError, match=r"unknown boilerplate setting 'balance'.*did you mean 'balanced'"):
        Options(boilerplate="balance")  # type: ignore[arg-type]
    assert all(Options(normalization=f).normalization == f for f in NORMALIZATION_FORMS)  # type: ignore[arg-type]
    assert all(Options(boilerplate=b).boilerplate == b for b in BOILERPLATE_SETTINGS)  # type: ignore[arg-type]


@pytest.mark.parametrize(("field", "value"), [("fuzzy_cutoff", 101), ("fuzzy_cutoff", -1),
                                              ("boilerplate_fuzzy_cutoff", "82"), ("rule_timeout", 0),
                                              ("rule_timeout", -1.0), ("rule_timeout", True)])
def test_numbers_out_of_range_are_refused(field: str, value: object) -> None:
    with pytest.raises(OptionError, match=field):
        Options(**{field: value})  # type: ignore[arg-type]


def test_valid_options_pickle_unchanged() -> None:
    opts = Options(fuzzy_cutoff=100, boilerplate_fuzzy_cutoff=0, rule_timeout=0.01, normalization="NFKC")
    assert pickle.loads(pickle.dumps(opts)) == opts


def test_an_unknown_option_is_named_with_did_you_mean_and_the_valid_ones() -> None:
    with pytest.raises(UnknownOptionError, match=r"unknown option 'fuzzy_cuttoff'\. Options: source_lang, .*"
                                                 r"; did you mean 'fuzzy_cutoff'\?") as err:
        Options(fuzzy_cuttoff=80)  # type: ignore[call-arg]
    assert isinstance(err.value, TypeError) and isinstance(err.value, OptionError)  # what Python raised before
    assert all(name in str(err.value) for name in OPTION_NAMES)


def test_a_choice_in_the_wrong_case_gets_its_spelling() -> None:
    with pytest.raises(OptionError, match=r"did you mean 'NFKC'\?"):
        Options(normalization="nfkc")  # type: ignore[arg-type]


def test_every_literal_option_is_checked_against_its_choices() -> None:
    literal = {name: get_args(hint) for name, hint in get_type_hints(Options).items() if get_origin(hint) is Literal}
    assert set(literal) == {"normalization", "boilerplate"}
    for name, choices in literal.items():
        with pytest.raises(OptionError, match=f"Choices: {', '.join(choices)}"):
            Options(**{name: "bogus"})
        assert all(getattr(Options(**{name: c}), name) == c for c in choices)


def test_each_option_belongs_to_passes_that_exist() -> None:
    owned = {name for p in PIPELINE_ORDER for name in options_of_pass(p)}
    shared = set(Options().for_pass("tidy"))  # tidy has no options of its own: it sees the shared ones
    assert owned | shared == set(OPTION_NAMES) and not owned & shared
    assert shared == {"rule_timeout", "strict", "disabled_rules"}
    assert options_of_pass("unicode") == ("normalization", "uncurl_quotes")
    names = Options(fuzzy_cutoff=85).for_pass("names")
    assert names["fuzzy_cutoff"] == 85 and names["target_language"] == "en" and "normalization" not in names
    with pytest.raises(TypeError):
        names["fuzzy_cutoff"] = 1  # type: ignore[index]


def test_the_keyword_arguments_are_those_of_before() -> None:
    params = inspect.signature(Options).parameters
    assert list(params) == list(OPTION_NAMES)
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params.values())
    opts = Options(source_lang="fr", apply_low_confidence=True, normalization="NFKC", uncurl_quotes=True,
                   fuzzy_cutoff=80, rule_timeout=2, strict=True, boilerplate_fuzzy_cutoff=70, boilerplate="balanced")
    assert replace(opts, strict=False).strict is False and replace(opts, strict=False).fuzzy_cutoff == 80
    with pytest.raises(OptionError, match="fuzzy_cutoff"):
        replace(opts, fuzzy_cutoff=101)
