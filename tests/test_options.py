"""Options are checked in one place, when made: choices against their Literal types, numbers against ranges."""

from __future__ import annotations

import pickle

import pytest

from cleantext.errors import OptionError
from cleantext.options import BOILERPLATE_SETTINGS, NORMALIZATION_FORMS, Options


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
