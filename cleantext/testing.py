"""Testing rules: run a rule's examples, the way the test suite and ``cleantext rules test`` do.

A rule's examples run through the rule's own pass built with that rule alone, so ``out`` is exactly
what the rule produces (no Unicode clean-up or tidying from other passes). Rules tagged with a
source language run as if the document were detected as a translation from it, and
low-confidence rules run as if the user had asked for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .document import Document
from .edits import apply_edits, select_compatible
from .kinds import Gazetteer, Rule
from .options import Options
from .passes import PASSES


@dataclass(frozen=True, slots=True)
class ExampleFailure:
    """One example that did not hold."""

    rule: Rule
    which: str  # "fix[0]", "keep[2]", "known_fp[0]", "examples"
    input: str
    expected: str
    got: str
    message: str

    def __str__(self) -> str:
        loc = self.rule.location
        return (f"{loc}: rule {self.rule.id!r} {self.which}: {self.message}\n"
                f"    input:    {self.input!r}\n    expected: {self.expected!r}\n    got:      {self.got!r}")


def apply_rules(rules: Sequence[Rule], text: str, *, gazetteers: Sequence[Gazetteer] = (),
                options: Options | None = None) -> str:
    """Run the pass of ``rules`` (all of one pass) built from these rules alone over ``text``."""
    if not rules:
        return text
    pass_name = rules[0].pass_name
    langs = {r.source_lang for r in rules if r.source_lang}
    opts = options or Options(strict=True)
    if langs and opts.source_lang is None:
        opts = replace(opts, source_lang=sorted(langs)[0])
    if any(r.confidence == "low" for r in rules):  # the examples show what a low rule does when applied
        opts = replace(opts, apply_low_confidence=True)
    p = PASSES.get(pass_name)(list(rules), list(gazetteers), options=opts)
    result = p.run(Document(text=text, id="example"))
    kept, _ = select_compatible(text, result.edits)
    return apply_edits(text, kept)


def check_examples(rule: Rule, *, options: Options | None = None) -> list[ExampleFailure]:
    """Every way the rule's examples fail; empty when they all hold."""
    ex = rule.examples
    failures: list[ExampleFailure] = []
    if not (ex.fix or ex.keep):
        failures.append(ExampleFailure(rule, "examples", "", "", "",
                                       "has no examples: add at least one 'fix' and one 'keep' example"))
        return failures
    def run(text: str) -> str:
        return apply_rules([rule], text, options=options)

    for i, fx in enumerate(ex.fix):
        got = run(fx.input)
        if got != fx.output:
            failures.append(ExampleFailure(rule, f"fix[{i}]", fx.input, fx.output, got, "fix example not produced"))
    for i, text in enumerate(ex.keep):
        got = run(text)
        if got != text:
            failures.append(ExampleFailure(rule, f"keep[{i}]", text, text, got, "keep example was changed"))
    return failures


def check_known(rule: Rule, *, options: Options | None = None) -> list[tuple[str, bool]]:
    """(label, still_fails) for each known_fp / known_miss entry: these are expected to fail."""
    def run(text: str) -> str:
        return apply_rules([rule], text, options=options)

    out = [(f"known_fp[{i}]", run(t) != t) for i, t in enumerate(rule.examples.known_fp)]
    out += [(f"known_miss[{i}]", run(fx.input) != fx.output) for i, fx in enumerate(rule.examples.known_miss)]
    return out


# -- property testing of rule packs, for this project's suite and for teams testing their own packs ---------
# ``check_rule(rule)`` returns one Outcome per example and per property; the strategies generate inputs from
# a rule (its examples mutated, its patterns, its phrases) for a team's own @given tests.
from .authoring.results import Outcome  # noqa: E402
from .authoring.strategies import arbitrary_text, mutated, pack_inputs, pattern_strings, rule_inputs  # noqa: E402
from .authoring.suite import check_pack, check_rule, run_tests  # noqa: E402


def assert_rule_ok(rule: Rule, *, profile: str = "ci", seed: int = 0) -> None:
    """Fail (AssertionError with the full report) unless every example and property of ``rule`` holds."""
    from .authoring.report import outcome_text

    failed = [o for o in check_rule(rule, profile=profile, seed=seed) if o.failed]
    assert not failed, "\n\n".join(outcome_text(o) for o in failed)


__all__ = [
    "ExampleFailure", "Outcome", "apply_rules", "arbitrary_text", "assert_rule_ok", "check_examples", "check_known",
    "check_pack", "check_rule", "mutated", "pack_inputs", "pattern_strings", "rule_inputs", "run_tests",
]
