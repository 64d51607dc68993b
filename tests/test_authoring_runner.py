"""The authoring runner is the pipeline: rejected edits as the pipeline lists them, its error isolation,
its mentions, and gazetteers for the names pass."""

from __future__ import annotations

import authoring_kinds
import pytest

from cleantext.authoring.runner import Runner
from cleantext.kinds import Entity, Gazetteer, Rule
from cleantext.options import Options


def _rule(rule_id: str, pattern: str, replace: str, **params: object) -> Rule:
    return Rule(id=rule_id, kind=authoring_kinds.KIND, pass_name=authoring_kinds.PASS,
                params={"pattern": pattern, "replace": replace, **params})


def test_rejected_edits_are_listed_as_the_pipeline_lists_them() -> None:
    # "cat" swallows the two characters after it, so its edit overlaps the one of "sat": the first wins
    run = Runner([_rule("cat", "cat", "dog", spill=2), _rule("sat", "sat", "ran")]).run("a cat sat")
    assert run.output == "a dogat"
    [rejected] = run.reports[authoring_kinds.PASS]["rejected_edits"]
    assert (rejected["rule"], rejected["old"], rejected["new"]) == ("sat", "sat", "ran")


def test_a_failing_pass_is_isolated_unless_strict() -> None:
    broken = _rule("broken", "cat", "dog", spill="not a number")  # built in code: the loader would refuse it
    run = Runner([broken], options=Options(strict=False)).run("a cat")
    assert run.output == "a cat"
    assert run.reports[authoring_kinds.PASS]["error"].startswith("ValueError")
    with pytest.raises(ValueError):
        Runner([broken]).run("a cat")  # rules are tested strictly by default: a crash is a finding


def test_gazetteers_run_in_the_names_pass_with_mentions() -> None:
    gaz = Gazetteer("test", (Entity("Bashar al-Assad", "person", ("Bashar al Assad",)),))
    runner = Runner([], gazetteers=[gaz])
    assert [p.name for p in runner.passes] == ["names"]
    run = runner.run("President Bashar al Assad spoke.")
    assert run.output == "President Bashar al-Assad spoke."
    assert [(m.text, m.canonical) for m in run.mentions] == [("Bashar al-Assad", "Bashar al-Assad")]
