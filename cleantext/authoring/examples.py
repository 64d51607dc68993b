"""A rule's examples as tests: fix pairs exactly and with honest edits, keep texts also in context,
known failures as strict expected failures, and the context around a spliced fix left alone."""

from __future__ import annotations

import difflib

from ..edits import Edit, replay, restore
from ..kinds import Rule
from .results import FAILED, PASSED, Collector, PropertyFailed, RunView
from .runner import Run, Runner
from .strategies import CLEAN_SENTENCES

#: (before, after) pairs a keep text or a fix example is embedded between
CONTEXTS = ((CLEAN_SENTENCES[0], CLEAN_SENTENCES[1]), (CLEAN_SENTENCES[2], CLEAN_SENTENCES[3]))


def view(label: str, run: Run) -> RunView:
    return RunView(label, run.input, run.output, run.edits)


def diff_hunks(a: str, b: str) -> list[tuple[int, int]]:
    """Spans of ``a`` that differ from ``b`` (insertions are empty spans)."""
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return [(i1, i2) for tag, i1, i2, _, _ in ops if tag != "equal"]


def dishonest_edits(text: str, expected: str, edits: tuple[Edit, ...]) -> list[str]:
    """Why the edits are not the diff of ``text`` and ``expected`` (empty when they are)."""
    problems = []
    if replay(text, edits) != expected or restore(expected, edits) != text:
        problems.append("the recorded edits do not replay from 'in' to 'out' and back")
    hunks = diff_hunks(text, expected)
    for e in edits:
        if e.old == e.new:
            problems.append(f"edit by {e.rule!r} at [{e.start}, {e.end}) changes nothing")
        elif not any(e.start <= b and a <= e.end for a, b in hunks):
            problems.append(f"edit by {e.rule!r} at [{e.start}, {e.end}) lies outside the diff of 'in' and 'out'")
    return problems


def embed(text: str, before: str, after: str) -> tuple[str, str, str]:
    """``text`` between two clean sentences: on their line, or as lines of its own if it has line breaks.

    On one line the sentence before ends in a comma, not a period, so the text does not become the start
    of a sentence (which would legitimately change what a sentence-start rule does with it).
    """
    if "\n" in text:
        head = before + "\n"
        tail = ("" if text.endswith("\n") else "\n") + after + "\n"
    else:
        head, tail = before.rstrip(".") + ", ", " " + after
    return head, text, tail


def check_examples(rule: Rule, runner: Runner, col: Collector) -> None:
    ex = rule.examples
    if not (ex.fix or ex.keep):
        col.add("examples", FAILED, "the rule has no examples: add at least one 'fix' (in/out) or 'keep' example; "
                "a rule nobody showed working is not tested")
        return
    for i, fx in enumerate(ex.fix):
        run = runner.run(fx.input)
        if run.output != fx.output:
            col.add(f"fix[{i}]", FAILED, "fix example not produced", counterexample=fx.input, expected=fx.output,
                    runs=(view("run", run),))
            continue
        problems = dishonest_edits(fx.input, fx.output, run.edits)
        col.add(f"fix[{i}]", FAILED if problems else PASSED, "; ".join(problems), counterexample=fx.input,
                expected=fx.output, runs=(view("run", run),) if problems else ())
    for i, text in enumerate(ex.keep):
        run = runner.run(text)
        if run.output != text:
            col.add(f"keep[{i}]", FAILED, "keep example was changed", counterexample=text, expected=text,
                    runs=(view("run", run),))
            continue
        bad = _embedded_changes(runner, text)
        if bad is not None:
            col.add(f"keep[{i}]", FAILED, "keep example was changed when embedded in clean sentences",
                    counterexample=bad.input, expected=bad.input, runs=(view("embedded", bad),))
        else:
            col.add(f"keep[{i}]", PASSED)
    for i, text in enumerate(ex.known_fp):
        run = runner.run(text)
        if run.output == text:
            col.add(f"known_fp[{i}]", FAILED, "known false positive no longer happens: move it to 'keep'",
                    counterexample=text, expected=text)
        else:
            col.add(f"known_fp[{i}]", PASSED, "expected failure (still a false positive)")
    for i, fx in enumerate(ex.known_miss):
        run = runner.run(fx.input)
        if run.output == fx.output:
            col.add(f"known_miss[{i}]", FAILED, "known miss is now fixed: move it to 'fix'",
                    counterexample=fx.input, expected=fx.output)
        else:
            col.add(f"known_miss[{i}]", PASSED, "expected failure (still missed)")


def _context_is_clean(runner: Runner, head: str, tail: str) -> bool:
    plain = head + tail
    return runner.run(plain).output == plain


def _embedded_changes(runner: Runner, text: str) -> Run | None:
    for before, after in CONTEXTS:
        head, body, tail = embed(text, before, after)
        if not _context_is_clean(runner, head, tail):
            continue  # the rule changes the context itself: that says nothing about the keep text
        run = runner.run(head + body + tail)
        if run.output != run.input:
            return run
    return None


def spliced_fix_failure(rule: Rule, runner: Runner) -> PropertyFailed | None:
    """A fix spliced between clean sentences must leave the sentences as they were."""
    for i, fx in enumerate(rule.examples.fix):
        for before, after in CONTEXTS:
            head, body, tail = embed(fx.input, before, after)
            if not _context_is_clean(runner, head, tail):
                continue
            run = runner.run(head + body + tail)
            if not (run.output.startswith(head.rstrip()) and run.output.endswith(tail.lstrip())):
                return PropertyFailed("local", f"fix[{i}] spliced between clean sentences changed the sentences "
                                      "around it", run.input, runs=(view("spliced", run),))
    return None
