"""Planted broken rules, each caught by ``cleantext rules test`` with the report the issue asks for:
rule id, file and line, property, shrunk counterexample, the edits of each run, a repro command."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import authoring_kinds  # registers the test-only kind
import pytest
from click.testing import CliRunner

from cleantext.authoring import check_pack, check_rule, run_tests
from cleantext.authoring.lint import lint_paths
from cleantext.authoring.report import render
from cleantext.authoring.results import FAILED, Outcome
from cleantext.authoring.runner import Run
from cleantext.cli import main
from cleantext.kinds import Examples, FixExample, Location, Rule
from cleantext.rulefiles import parse_rule_file

KIND = authoring_kinds.KIND

DOUBLED_BROKEN = rf"""
rules:
  - id: doubled
    kind: {KIND}
    pattern: '\b(\w+) \1\b'
    replace: '\1'
    examples:
      fix: [{{in: "the the cat", out: "the cat"}}]
      keep: ["the cat sat"]
"""
DOUBLED_FIXED = DOUBLED_BROKEN.replace(r"'\b(\w+) \1\b'", r"'\b(\w+)(?: \1\b)+'")


def write(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def failures(outcomes: list[Outcome], check: str) -> list[Outcome]:
    return [o for o in outcomes if o.failed and o.check == check]


def test_failing_example_is_reported_with_expected_and_got(tmp_path: Path) -> None:
    path = write(tmp_path, f"""
rules:
  - id: colour
    kind: {KIND}
    pattern: colour
    replace: color
    examples:
      fix: [{{in: "the colour red", out: "the colours red"}}]
      keep: ["a color"]
""")
    report = run_tests([path], seed=1)
    [f] = failures(report.outcomes, "fix[0]")
    assert f.id == f"{path}::colour::fix[0]" and f.line == 3
    assert f.expected == "the colours red" and f.runs[0].output == "the color red"


def test_doubled_word_rule_fails_idempotence_on_three_repeats(tmp_path: Path) -> None:
    path = write(tmp_path, DOUBLED_BROKEN)
    report = run_tests([path], seed=3)
    [f] = failures(report.outcomes, "idempotent")
    assert f.rule == "doubled" and f.line == 3
    assert f.counterexample is not None
    assert any(w * 3 in (f.counterexample + " ").replace(" ", "|") + "|" for w in ("the|",)) or \
        len(f.counterexample.split()) >= 3  # shrunk to three repeats of a word
    once, twice = f.runs
    assert once.output != twice.output and twice.edits, "both runs and their edits are in the report"
    assert f.repro == f"cleantext rules test {path} --rule doubled --seed 3 --profile dev"
    # the repro command gives the same counterexample
    again = run_tests([path], rule_ids=["doubled"], seed=3)
    assert failures(again.outcomes, "idempotent")[0].counterexample == f.counterexample
    # and the fixed rule passes everything
    fixed = run_tests([write(tmp_path, DOUBLED_FIXED, "fixed.yaml")], seed=3)
    assert fixed.ok, [o.id for o in fixed.failed]


def test_rule_that_edits_outside_its_match_is_not_local(tmp_path: Path) -> None:
    path = write(tmp_path, f"""
rules:
  - id: sloppy
    kind: {KIND}
    pattern: '\\bteh\\b'
    replace: the
    spill: 4
    examples:
      keep: ["the cat"]
""")
    report = run_tests([path], seed=2)
    [f] = failures(report.outcomes, "local")
    assert "outside the rule's matches" in f.message and f.runs[0].edits


def test_catastrophic_pattern_is_caught_at_load_and_by_lint(tmp_path: Path) -> None:
    path = write(tmp_path, f"""
rules:
  - id: nested
    kind: {KIND}
    pattern: '(\\w+\\s?)+$'
    replace: x
    examples: {{keep: [abc]}}
  - id: overlap
    kind: {KIND}
    pattern: '(a|aa)+$'
    replace: x
    examples: {{keep: [b]}}
""")
    _, _, problems = parse_rule_file(path.read_text(), str(path))
    assert any(p.rule == "nested" and "catastrophically" in p.message for p in problems)
    codes = {(p.rule, p.code) for p in lint_paths([path]).problems}
    assert ("nested", "schema") in codes and ("overlap", "dangerous-pattern") in codes
    report = run_tests([path], seed=1)
    assert {(o.rule, o.check) for o in report.failed} >= {("nested", "load"), ("overlap", "dangerous-pattern")}


def test_catastrophic_pattern_is_bounded_at_run() -> None:
    """Built in code (bypassing the loader): the matcher timeout bounds it and the budget check names it."""
    rule = Rule(id="overlap", kind=KIND, pass_name=authoring_kinds.PASS,
                params={"pattern": "(a|aa)+$", "replace": "x"},
                examples=Examples(fix=(FixExample("aa", "x"),), keep=("b",)), location=Location("mem.yaml", 1))
    outcomes = check_rule(rule, profile="dev", seed=1)  # returns at all: the timeout bounded it
    [f] = failures(outcomes, "budget")
    assert "budget" in f.message and f.counterexample and "timed out" in f.message


def test_rules_that_undo_each_other_are_named(tmp_path: Path) -> None:
    path = write(tmp_path, f"""
rules:
  - id: to-us
    kind: {KIND}
    pattern: colour
    replace: color
    examples: {{fix: [{{in: colour, out: color}}]}}
  - id: to-uk
    kind: {KIND}
    pattern: color
    replace: colour
    examples: {{fix: [{{in: color, out: colour}}]}}
""")
    report = run_tests([path], seed=1)
    [f] = failures(report.outcomes, "fixed_point")
    assert f.rule == "pack" and set(f.rules) == {"to-us", "to-uk"}
    assert "to-us" in f.message and "to-uk" in f.message and len(f.runs) >= 2


def test_rule_without_examples_fails_and_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, f"""
rules:
  - id: bare
    kind: {KIND}
    pattern: foo
    replace: bar
""")
    report = run_tests([path], seed=1)
    [f] = failures(report.outcomes, "examples")
    assert "no examples" in f.message


def test_order_dependence_is_flagged_unless_declared(tmp_path: Path) -> None:
    text = f"""
rules:
  - id: short
    kind: {KIND}
    pattern: 'in order'
    replace: 'ordered'
    examples: {{fix: [{{in: "in order", out: "ordered"}}]}}
  - id: long
    kind: {KIND}
    pattern: 'in order to'
    replace: 'to'
    examples: {{fix: [{{in: "in order to go", out: "to go"}}]}}
"""
    report = run_tests([write(tmp_path, text)], seed=1)
    [f] = failures(report.outcomes, "order")
    assert set(f.rules) == {"short", "long"} and "after" in f.message
    # declaring the order, and putting the longer rule first, makes the result order-independent
    declared = text.replace("  - id: short\n", "  - id: short\n    after: [long]\n")
    lines = declared.split("\n  - id: ")
    declared = "\n  - id: ".join([lines[0], lines[2], lines[1]])
    assert not failures(run_tests([write(tmp_path, declared, "declared.yaml")], seed=1).outcomes, "order")


def test_case_property_for_rules_that_keep_case(tmp_path: Path) -> None:
    path = write(tmp_path, f"""
rules:
  - id: cased
    kind: {KIND}
    pattern: 'teh'
    flags: i
    replace: the
    keep_case: true
    examples: {{fix: [{{in: "teh end", out: "the end"}}]}}
""")
    [f] = failures(run_tests([path], seed=1).outcomes, "case")
    assert "Teh" in f.message or "TEH" in f.message


def test_known_entries_are_strict_expected_failures(tmp_path: Path) -> None:
    path = write(tmp_path, f"""
rules:
  - id: teh
    kind: {KIND}
    pattern: '\\bteh\\b'
    replace: the
    examples:
      fix: [{{in: teh, out: the}}]
      known_fp: ["teh is a name here", "nothing to see"]
      known_miss: [{{in: "tehh", out: "the"}}, {{in: "teh", out: "the"}}]
""")
    outcomes = {o.check: o for o in run_tests([path], rule_ids=["teh"], seed=1).outcomes}
    assert outcomes["known_fp[0]"].status == "passed" and outcomes["known_fp[1]"].failed
    assert "move it to 'keep'" in outcomes["known_fp[1]"].message
    assert outcomes["known_miss[0]"].status == "passed" and outcomes["known_miss[1]"].failed


def test_keep_is_checked_inside_clean_sentences(tmp_path: Path) -> None:
    path = write(tmp_path, f"""
rules:
  - id: cat-before-word
    kind: {KIND}
    pattern: 'cat(?= [A-Z])'
    replace: dog
    examples:
      fix: [{{in: "cat Tom", out: "dog Tom"}}]
      keep: ["cat"]
""")
    [f] = failures(run_tests([path], seed=1).outcomes, "keep[0]")
    assert "embedded" in f.message


def test_pack_check_helper_and_report_formats(tmp_path: Path) -> None:
    path = write(tmp_path, DOUBLED_BROKEN)
    rules, _, _ = parse_rule_file(path.read_text(), str(path))
    pack = check_pack(rules, path=str(path), seed=0)
    assert {o.check for o in pack if o.failed} == {"idempotent"}
    assert failures(pack, "idempotent")[0].rules == ("doubled",)
    report = run_tests([path], seed=3)
    summary = {"n_rules": 1, "n_files": 1, "seconds": 0.1, "seed": 3, "profile": "dev"}
    doc = json.loads(render(report.outcomes, "json", **summary))
    assert not doc["ok"] and any(o["check"] == "idempotent" and o["repro"] for o in doc["outcomes"])
    root = ET.fromstring(render(report.outcomes, "junit", **summary))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("failures") == "1"
    names = {(c.get("classname"), c.get("name")) for c in suite.iter("testcase")}
    assert (f"{path}::doubled", "idempotent") in names
    text = render(report.outcomes, "text", **summary)
    assert "reproduce: cleantext rules test" in text and "counterexample: 'the the the" in text


def test_cli_test_lint_explain_try(tmp_path: Path) -> None:
    path = write(tmp_path, DOUBLED_BROKEN)
    cli = CliRunner()
    r = cli.invoke(main, ["rules", "test", str(path), "--seed", "3"])
    assert r.exit_code == 1 and "FAIL" in r.output and "--seed 3" in r.output
    fixed = write(tmp_path, DOUBLED_FIXED, "fixed.yaml")
    r = cli.invoke(main, ["rules", "test", str(fixed), "--format", "junit"])
    assert r.exit_code == 0 and r.output.startswith("<?xml")
    r = cli.invoke(main, ["rules", "lint", str(fixed)])
    assert r.exit_code == 0, r.output
    bad = write(tmp_path, "rules:\n  - id: x\n    kind: nope\n  - kind: also_nope\n", "bad.yaml")
    r = cli.invoke(main, ["rules", "lint", str(bad), "--format", "json"])
    assert r.exit_code == 1 and len([o for o in json.loads(r.output)["outcomes"] if o["status"] == FAILED]) >= 2
    r = cli.invoke(main, ["rules", "explain", str(fixed), "the the the cat"])
    assert r.exit_code == 0 and "MATCH   doubled" in r.output and "+the cat" in r.output
    r = cli.invoke(main, ["rules", "explain", str(fixed), "a dog"])
    assert "none of its patterns or phrases occur" in r.output
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("It was the the best.\nNothing here.\n", encoding="utf-8")
    r = cli.invoke(main, ["rules", "try", str(fixed), "--corpus", str(corpus)])
    assert r.exit_code == 0 and "a.txt:1:8: doubled" in r.output and "1 hit in 1 file" in r.output


@pytest.mark.parametrize("profile", ["dev", "ci"])
def test_profiles_are_reproducible(tmp_path: Path, profile: str) -> None:
    path = write(tmp_path, DOUBLED_BROKEN)
    a = run_tests([path], seed=11, profile=profile)
    b = run_tests([path], seed=11, profile=profile)
    assert [(o.id, o.counterexample) for o in a.failed] == [(o.id, o.counterexample) for o in b.failed]


def test_shipped_rules_lint_clean_in_strict_mode() -> None:
    """`cleantext rules lint --strict` passes on the defaults: no error and no warning (there were 47)."""
    from cleantext.rulefiles import default_rules_dir

    report = lint_paths([default_rules_dir()])
    assert [str(p) for p in report.problems] == []


def _phrase_rule(rid: str, phrases: str, match: str) -> str:
    return (f"  - id: {rid}\n    kind: line_phrase\n    match: {match}\n    phrases: [{phrases}]\n"
            "    examples: {fix: [{in: \"Sponsored content\\n\", out: \"\"}], keep: [\"Text.\\n\"]}\n")


def test_a_phrase_is_a_duplicate_only_where_the_pass_credits_one_rule(tmp_path: Path) -> None:
    """Two whole-line rules listing a phrase: the second is dead (a line maps to one rule), a warning. A
    whole-line and a contains rule listing it: both are credited, each with its own conditions, no warning."""
    dead = tmp_path / "dead.yaml"
    dead.write_text("rules:\n" + _phrase_rule("a", "Sponsored content", "whole")
                    + _phrase_rule("b", "Sponsored content, Advertisement", "whole"), encoding="utf-8")
    assert [p.code for p in lint_paths([dead]).problems] == ["duplicate-phrase"]
    both = tmp_path / "both.yaml"
    both.write_text("rules:\n" + _phrase_rule("a", "Sponsored content", "whole")
                    + _phrase_rule("b", "Sponsored content, Advertisement", "contains"), encoding="utf-8")
    assert [p.code for p in lint_paths([both]).problems] == []


class _CountingRunner:
    """A runner whose 'seconds' are a step count, a function of the input's length: the growth check's
    logic tested without timing anything."""

    def __init__(self, steps: Callable[[int], float]) -> None:
        self.steps = steps

    def run(self, text: str) -> Run:
        return Run(text, text, (), self.steps(len(text)), {})


@pytest.mark.parametrize(("steps", "within"), [
    (lambda n: 3.0 * n, True),  # linear: doubling doubles the work
    (lambda n: 1e-3 * n * n, True),  # quadratic (search tries every start): x4, bounded by the timeout
    (lambda n: 1e-3 * n ** 2 * (1 + n / 500), True),  # quadratic with a growing term: x6.7, in the margin
    (lambda n: 1e-9 * n ** 4, False),  # quartic: x16
    (lambda n: 2.0 ** min(n / 100, 60), False),  # exponential
])
def test_budget_is_a_growth_ratio(steps: Callable[[int], float], within: bool) -> None:
    from cleantext.authoring.profiles import PROFILES
    from cleantext.authoring.properties import within_budget

    ok, growth = within_budget(_CountingRunner(steps), "a" * 1000, "a" * 2000, "a" * 4000,  # type: ignore[arg-type]
                               PROFILES["ci"])
    assert ok is within
    if within:
        assert growth.ratio == pytest.approx(steps(2000) / steps(1000))
    else:  # confirmed from 2000 to 4000 as well
        assert growth.ratio >= min(steps(2000) / steps(1000), steps(4000) / steps(2000))


def test_a_step_in_the_work_is_no_growth() -> None:
    """A pass that skips a text up to some size (or reads the language of a short text differently) makes
    the small run almost free: one jump, then the work grows as before. Confirmed on the next doubling,
    it is not counted as growth; growth that keeps on is."""
    from cleantext.authoring.profiles import PROFILES
    from cleantext.authoring.properties import within_budget

    def step(n: int) -> float:
        return 1e-9 if n < 1500 else 1e-3 * n

    ok, growth = within_budget(_CountingRunner(step), "a" * 1000, "a" * 2000, "a" * 4000,  # type: ignore[arg-type]
                               PROFILES["ci"])
    assert ok and growth.ratio == pytest.approx(2.0)


def test_budget_inputs_double() -> None:
    """Each three inputs the budget measures double in length, from at least the pump size:
    generated inputs are repeated to it, pumped ones built at each size."""
    from cleantext.authoring.profiles import PROFILES
    from cleantext.authoring.properties import Timings, budget_inputs

    rule = Rule(id="plain", kind=KIND, pass_name=authoring_kinds.PASS, params={"pattern": "ab", "replace": "x"},
                examples=Examples(fix=(FixExample("ab", "x"),), keep=("b",)), location=Location("mem.yaml", 1))
    timings = Timings()
    timings.slowest = [(1.0, "a short generated input")]
    triples = budget_inputs(rule, timings, PROFILES["dev"])
    assert len(triples) > 1 and all(1.8 <= len(b) / len(a) <= 2.2 and 1.8 <= len(c) / len(b) <= 2.2
                                    for a, b, c in triples)
    assert triples[0][1] == triples[0][0] * 2 and "a short generated input" in triples[0][0]
    assert all(len(small) >= PROFILES["dev"].pump_size * 0.9 for small, _, _ in triples)
