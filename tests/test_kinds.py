"""Rule kinds carry their behaviour as declared data, and authoring reads the declarations (not the
params' names or doc strings)."""

from __future__ import annotations

import pytest

import cleantext.passes  # noqa: F401  (registers the built-in kinds)
from cleantext.authoring.explain import explain_rules
from cleantext.authoring.properties import keeps_case
from cleantext.authoring.scope import rule_literals, rule_patterns, rule_template, scope_of
from cleantext.kinds import KINDS, Param, Rule, RuleKind, register_kind
from cleantext.mt.kinds import DEFAULT_CATEGORY, PRIORITY

UNDECLARED = "test_kinds_undeclared"


@pytest.fixture(autouse=True)
def undeclared_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind whose params are named as the old guesses expected, but which declares none of them; registered
    for one test only, so kind listings elsewhere never see it."""
    monkeypatch.setattr(KINDS, "_items", dict(KINDS._items))
    register_kind(RuleKind(name=UNDECLARED, pass_name="mt_repair", params={
        "pattern": Param((str,)), "phrases": Param((list,)),
        "keep_case": Param((bool,), doc="keep capitals (default: true)")}))


def _rule(kind: str, **params: object) -> Rule:
    return Rule(id="r", kind=kind, pass_name=KINDS.get(kind).pass_name, params=params)


def test_case_comes_from_the_declared_param_and_its_declared_default() -> None:
    assert keeps_case(_rule("mt_phrase", phrases=["a"], replace="b"))  # declared default: true
    assert not keeps_case(_rule("mt_phrase", phrases=["a"], replace="b", keep_case=False))
    # a doc string saying "default: true" declares nothing
    assert not keeps_case(_rule(UNDECLARED, keep_case=None))
    assert not keeps_case(_rule("doubled_word"))


def test_scope_comes_from_the_declared_params() -> None:
    pattern = _rule("mt_pattern", pattern="a(b)", replace=r"\1", flags="i")
    assert rule_patterns(pattern) == [("a(b)", "i")] and rule_template(pattern) == r"\1"
    assert rule_literals(_rule("source_cues", words=["x"])) == ["x"]
    assert rule_patterns(_rule(UNDECLARED, pattern="a", phrases=["b"])) == []
    assert scope_of(_rule(UNDECLARED, pattern="a", phrases=["b"])) is None
    # whole-line phrases match fuzzily by the declared default, so their scope cannot be read
    assert scope_of(_rule("line_phrase", phrases=["a b"])) is None
    assert scope_of(_rule("line_phrase", phrases=["a b"], fuzzy=False)) is not None


def test_the_mt_tables_are_derived_from_the_kinds() -> None:
    assert PRIORITY == {"mt_phrase": 0, "mt_pattern": 0, "glued_particle": 1, "doubled_word": 2,
                        "sentence_case": 3, "source_cues": 9, "leftover_words": 9}
    assert DEFAULT_CATEGORY == {"mt_phrase": "mistranslation", "mt_pattern": "mistranslation",
                                "glued_particle": "glued_particle", "doubled_word": "doubled_word",
                                "sentence_case": "sentence_case", "source_cues": "source_cue",
                                "leftover_words": "leftover"}
    assert all(KINDS.get(k).priority == p for k, p in PRIORITY.items())


def test_explain_names_the_gate_a_pattern_rule_is_waiting_for() -> None:
    rule = _rule("mt_pattern", pattern=r"\bfoo\b", replace="bar", needs=["zzz"])
    [verdict] = explain_rules([rule], "a foo here").verdicts
    assert not verdict.fired and "none of the texts it needs ('zzz')" in verdict.why
