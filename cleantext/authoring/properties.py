"""Properties of a rule and of a pack, checked with hypothesis on inputs generated from the rules.

Per rule: ``total`` (never raises), ``local`` (edits replay exactly and stay inside the rule's matches),
``case`` (capitals kept, for rules that say so), ``idempotent``, ``budget`` (how the rule's CPU time grows
when its input doubles, on the slowest generated inputs and on pumped ones: a ratio, so the machine's speed
cancels out). Per pack: ``fixed_point`` (no two rules undo each other), ``idempotent`` and
``order`` (the result does not depend on the order of rules, except as declared with ``after``).

All properties of a rule are checked on each generated input in one hypothesis run (one run is much
cheaper than one per property). When one fails, hypothesis shrinks the input, the failure is recorded,
and the run is repeated without that property, so every property gets its own verdict.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

from ..edits import Edit, replay, restore
from ..kinds import Rule, kind_of
from .examples import spliced_fix_failure, view
from .profiles import Profile
from .results import FAILED, PASSED, SKIPPED, Collector, PropertyFailed, RunView
from .runner import Run, Runner, order_rules, rule_of
from .scope import outside_scope, scope_of
from .strategies import pack_inputs, pump, pump_shapes, rule_inputs, targeted

RULE_PROPERTIES = ("total", "local", "case", "idempotent")
PACK_PROPERTIES = ("total", "fixed_point", "idempotent", "order")
def keeps_case(rule: Rule) -> bool:
    """Whether the rule keeps capitals: by its kind's case param (``RuleKind.case_param``), set on the rule
    or on by the param's declared default."""
    kind = kind_of(rule)
    return kind is not None and kind.keeps_case(rule)


def _settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples, deadline=None, database=None, derandomize=False,
        phases=[Phase.explicit, Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False, verbosity=Verbosity.quiet, print_blob=False,
    )


def run_property(strategy: st.SearchStrategy[str], check: Callable[[str], None], *, max_examples: int,
                 seed: int) -> PropertyFailed | None:
    """Run ``check`` on inputs from ``strategy``; the shrunk failure, or None when it always held."""

    def test(text: str) -> None:
        check(text)

    wrapped = hypothesis_seed(seed)(_settings(max_examples)(given(strategy)(test)))
    try:
        wrapped()
    except PropertyFailed as failure:
        return failure
    except HypothesisException as exc:  # e.g. a property that does not fail again on the same input
        return PropertyFailed("hypothesis", f"{type(exc).__name__}: {exc}", "")
    return None


def _guarded(runner: Runner, text: str, label: str) -> Run:
    try:
        return runner.run(text)
    except Exception as exc:  # "no input may crash the library": a crash is a finding, with its input
        raise PropertyFailed("total", f"the pass raised {type(exc).__name__}: {exc} ({label})", text) from exc


@dataclass(slots=True)
class Timings:
    """The slowest inputs seen, by time per KB, to measure the rule's growth on after the run."""

    keep: int = 3
    slowest: list[tuple[float, str]] = field(default_factory=list)

    def add(self, run: Run) -> None:
        self.slowest.append((run.seconds / max(len(run.input), 1024) * 1024, run.input))
        self.slowest.sort(key=lambda t: -t[0])
        del self.slowest[self.keep :]


def _edits_str(edits: Sequence[Edit]) -> str:
    return ", ".join(f"{e.rule} {e.old!r}->{e.new!r}" for e in edits[:6]) + (" ..." if len(edits) > 6 else "")


def rule_check(rule: Rule, runner: Runner, checks: set[str], timings: Timings) -> Callable[[str], None]:
    scope = scope_of(rule)
    case = keeps_case(rule)

    def check(text: str) -> None:
        first = _guarded(runner, text, "first run")
        timings.add(first)
        if "local" in checks:
            if replay(text, first.edits) != first.output or restore(first.output, first.edits) != text:
                raise PropertyFailed("local", "the recorded edits do not replay to the output", text,
                                     runs=(view("run", first),))
            if scope is not None:
                own = [e for e in first.edits if rule_of(e, [rule]) is not None]
                spans = scope.spans(text)
                bad = outside_scope(text, own, spans) if spans is not None else []
                if bad and spans is not None:
                    raise PropertyFailed("local", f"edits outside the rule's matches: {_edits_str(bad)} "
                                         f"(matches at {spans[:6]})", text, runs=(view("run", first),))
        if "case" in checks and case:
            for e in first.edits:
                if e.old[:1].isupper() and e.new[:1].isalpha() and not e.new[:1].isupper():
                    raise PropertyFailed("case", f"the rule keeps case but turned {e.old!r} into {e.new!r}", text,
                                         runs=(view("run", first),))
        if "idempotent" in checks:
            second = _guarded(runner, first.output, "second run")
            if second.output != first.output:
                raise PropertyFailed("idempotent", "applying the rule twice differs from applying it once; the "
                                     f"second run made {_edits_str(second.edits)}", text,
                                     runs=(view("once", first), view("twice", second)), expected=first.output)

    return check


@dataclass(frozen=True, slots=True)
class Growth:
    """How a rule's CPU time grew when its input doubled: the measure of ``budget``, free of the machine's
    speed (both runs are on the same machine, one after the other)."""

    small: Run
    large: Run

    @property
    def ratio(self) -> float:
        return self.large.seconds / max(self.small.seconds, 1e-6)


def _best_of(runner: Runner, text: str, times: int) -> Run:
    runs = [runner.run(text) for _ in range(times)]
    return min(runs, key=lambda r: r.seconds)


def measure_growth(runner: Runner, small: str, large: str, *, best_of: int = 3) -> Growth:
    """The rule's growth from ``small`` to ``large`` (twice as long), each timed best of ``best_of``, so a
    pause of the scheduler or a cold cache in one run does not count."""
    return Growth(_best_of(runner, small, best_of), _best_of(runner, large, best_of))


def within_budget(runner: Runner, small: str, large: str, larger: str,
                  profile: Profile) -> tuple[bool, Growth]:
    """Whether the rule's work grows within ``profile.max_growth`` when the input doubles, and no matcher
    timed out. One run of ``small`` and ``large`` is the common case. A growth over the limit counts only
    when it holds again, timed best of three, and from ``large`` to ``larger`` too (each twice the one
    before): work that grows faster than quadratic keeps growing, where a pause of the scheduler, or a step
    (a pass that skips a text up to some size, or in a language its sample reads differently) does not."""
    growth = measure_growth(runner, small, large, best_of=1)
    if growth.ratio > profile.max_growth and not timed_out(growth.large):
        growth = min(measure_growth(runner, small, large, best_of=3),
                     measure_growth(runner, large, larger, best_of=3), key=lambda g: g.ratio)
    ok = growth.ratio <= profile.max_growth and not timed_out(growth.small) and not timed_out(growth.large)
    return ok, growth


def timed_out(run: Run) -> bool:
    """Whether a pass skipped a rule whose matcher ran out of time (its typed report says which)."""
    return any(r.timed_out for r in run.pass_reports)


def check_rule_properties(rule: Rule, runner: Runner, col: Collector, *, profile: Profile, seed: int) -> None:
    """Record a verdict for every per-rule property."""
    started = time.perf_counter()
    checks = set(RULE_PROPERTIES)
    timings = Timings()
    strategy = rule_inputs(rule)
    failures: dict[str, PropertyFailed] = {}
    spliced = spliced_fix_failure(rule, runner)
    if spliced is not None:
        failures["local"] = spliced
        checks.discard("local")
    for text in targeted(rule, limit=profile.explicit):
        try:
            rule_check(rule, runner, checks, timings)(text)
        except PropertyFailed as found:
            failures[found.check] = found
            checks.discard(found.check)
    while checks and "total" not in failures:
        failure = run_property(strategy, rule_check(rule, runner, checks, timings),
                               max_examples=profile.max_examples, seed=seed)
        if failure is None:
            break
        name = failure.check if failure.check in checks else "total"
        failures[name] = failure
        checks.discard(name)
        if name == "total" or failure.check == "hypothesis":
            break  # a crash stops everything else from saying much
    elapsed = time.perf_counter() - started
    for name in RULE_PROPERTIES:
        if name in failures:
            col.add(name, FAILED, failure=failures[name], seconds=elapsed)
        elif name == "case" and not keeps_case(rule):
            continue
        elif name == "local" and scope_of(rule) is None and "total" not in failures:
            col.add(name, PASSED, "edits replay exactly and spliced context is untouched; the rule's matches "
                    "cannot be read from its params, so edits were not checked against them", seconds=elapsed)
        else:
            col.add(name, SKIPPED if "total" in failures else PASSED, seconds=elapsed)
    _check_budget(rule, runner, col, profile=profile, timings=timings)


def budget_inputs(rule: Rule, timings: Timings, profile: Profile) -> list[tuple[str, str, str]]:
    """Inputs in threes, each twice the one before: the slowest generated inputs repeated to the pump
    size, and the pumped inputs at the pump size, twice and four times it."""
    size = profile.pump_size
    triples = []
    for _, text in timings.slowest:
        unit = text + "\n"
        small = unit * max(1, size // max(len(unit), 1))
        triples.append((small, small * 2, small * 4))
    triples += [(pump(shape, size=size), pump(shape, size=2 * size), pump(shape, size=4 * size))
                for shape in pump_shapes(rule, limit=profile.pumps)]
    return triples


def _check_budget(rule: Rule, runner: Runner, col: Collector, *, profile: Profile, timings: Timings) -> None:
    started = time.perf_counter()
    for small, large, larger in budget_inputs(rule, timings, profile):
        try:
            ok, growth = within_budget(runner, small, large, larger, profile)
        except Exception:
            continue  # crashes are the 'total' property's business
        if not ok:
            timed = timed_out(growth.small) or timed_out(growth.large)
            col.add("budget", FAILED,
                    f"doubling the input from {len(growth.small.input)} to {len(growth.large.input)} characters "
                    f"multiplied the rule's CPU "
                    f"time by {growth.ratio:.1f} ({growth.small.seconds:.4f}s to {growth.large.seconds:.4f}s; "
                    f"the budget allows {profile.max_growth:g}, quadratic with a margin)"
                    + ("; a matcher timed out and the rule was skipped" if timed else "")
                    + ". Look for nested or overlapping repetition in the pattern",
                    counterexample=growth.large.input,
                    runs=(RunView("run", growth.large.input, growth.large.output, growth.large.edits),),
                    seconds=time.perf_counter() - started)
            return
    col.add("budget", PASSED, seconds=time.perf_counter() - started)


# -- packs -----------------------------------------------------------------------------------------------

def _rules_fired(run: Run, rules: Sequence[Rule]) -> list[str]:
    return list(dict.fromkeys(r.id for e in run.edits if (r := rule_of(e, rules)) is not None))


def fighting_rules(runs: Sequence[Run], rules: Sequence[Rule]) -> tuple[str, ...]:
    """Rules whose edits undo each other across rounds; failing that, the rules still firing at the end."""
    pairs: list[str] = []
    for a, b in pairwise(runs):
        for e in a.edits:
            for f in b.edits:
                if e.new == f.old and e.old == f.new:
                    for r in (rule_of(e, rules), rule_of(f, rules)):
                        if r is not None:
                            pairs.append(r.id)
    names = list(dict.fromkeys(pairs))
    return tuple(names or _rules_fired(runs[-1], rules))


def pack_check(rules: Sequence[Rule], forward: Runner, backward: Runner | None, checks: set[str],
               max_rounds: int) -> Callable[[str], None]:
    def check(text: str) -> None:
        runs: list[Run] = []
        current = text
        for _ in range(max_rounds):
            run = _guarded(forward, current, "pack")
            runs.append(run)
            if run.output == current:
                break
            current = run.output
        else:
            if "fixed_point" in checks:
                names = fighting_rules(runs, rules)
                raise PropertyFailed("fixed_point", f"the pack does not settle after {max_rounds} applications; "
                                     f"rules that undo each other: {', '.join(names)}", text,
                                     runs=tuple(view(f"round {i + 1}", r) for i, r in enumerate(runs[-4:])),
                                     rules=names)
        if "idempotent" in checks and len(runs) > 1 and runs[1].output != runs[0].output:
            names = tuple(_rules_fired(runs[1], rules))
            raise PropertyFailed("idempotent", f"applying the pack twice differs from once; in the second "
                                 f"application {', '.join(names) or 'the pass'} fired again", text,
                                 runs=(view("once", runs[0]), view("twice", runs[1])), rules=names)
        if "order" in checks and backward is not None:
            other = _guarded(backward, text, "reversed order")
            if other.output != runs[0].output:
                mine = {(e.rule, e.start, e.old, e.new) for e in runs[0].edits}
                theirs = {(e.rule, e.start, e.old, e.new) for e in other.edits}
                differing = [e for e in (*runs[0].edits, *other.edits)
                             if (e.rule, e.start, e.old, e.new) in mine ^ theirs]
                names = tuple(dict.fromkeys(r.id for e in differing if (r := rule_of(e, rules)) is not None))
                raise PropertyFailed("order", "the result depends on the order of the rules: "
                                     f"{', '.join(names) or '?'} (declare 'after: <id>' on the one that must "
                                     "run second)", text,
                                     runs=(view("listed order", runs[0]), view("reversed order", other)),
                                     rules=names)

    return check


def check_pack_properties(rules: Sequence[Rule], forward: Runner, backward: Runner | None, col: Collector, *,
                          profile: Profile, seed: int) -> None:
    started = time.perf_counter()
    checks = set(PACK_PROPERTIES)
    failures: dict[str, PropertyFailed] = {}
    strategy = pack_inputs(rules)
    while checks:
        failure = run_property(strategy, pack_check(rules, forward, backward, checks, profile.max_rounds),
                               max_examples=profile.pack_examples, seed=seed)
        if failure is None:
            break
        name = failure.check if failure.check in checks else "total"
        failures[name] = failure
        checks.discard(name)
        if name == "total":
            break
    elapsed = time.perf_counter() - started
    for name in PACK_PROPERTIES:
        if name in failures:
            col.add(name, FAILED, failure=failures[name], seconds=elapsed)
        elif name == "order" and backward is None:
            continue
        else:
            col.add(name, SKIPPED if "total" in failures else PASSED, seconds=elapsed)


def reversed_runner(rules: Sequence[Rule], runner: Runner) -> Runner | None:
    """The same rules in reverse order (``after`` declarations kept), or None when that is the same order."""
    backward = order_rules(rules, reverse=True)
    if [r.id for r in backward] == [r.id for r in rules]:
        return None
    return Runner(backward, gazetteers=runner.gazetteers, options=runner.options)
