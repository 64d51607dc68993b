"""Every example of every shipped rule runs as a test: fix pairs, keep texts, known failures."""

from __future__ import annotations

import pytest

from cleantext.cleaner import default_ruleset
from cleantext.kinds import Rule
from cleantext.testing import check_examples, check_known

RULES = list(default_ruleset().rules)


def _id(rule: Rule) -> str:
    return f"{rule.pass_name}/{rule.pack}::{rule.id}"


@pytest.mark.parametrize("rule", RULES, ids=_id)
def test_examples(rule: Rule) -> None:
    failures = check_examples(rule)
    assert not failures, "\n".join(str(f) for f in failures)


KNOWN = [(r, label) for r in RULES for label, _ in check_known(r)]


@pytest.mark.parametrize(
    ("rule", "label"),
    [pytest.param(r, label, id=f"{_id(r)}::{label}", marks=pytest.mark.xfail(strict=True)) for r, label in KNOWN],
)
def test_known_failures(rule: Rule, label: str) -> None:
    """known_fp / known_miss entries document what a rule gets wrong today; fixing one forces promotion."""
    still_fails = dict(check_known(rule))[label]
    assert not still_fails
