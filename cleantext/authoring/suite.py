"""``cleantext rules test`` as a library call: load rule files, check every rule and pack, collect outcomes."""

from __future__ import annotations

import random
import shlex
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..kinds import Rule
from ..options import Options
from ..rulefiles import parse_rule_file, rule_files
from .examples import check_examples
from .gazetteer_check import check_gazetteer
from .lint import overlapping_alternation
from .profiles import Profile, get_profile
from .properties import check_pack_properties, check_rule_properties, reversed_runner
from .results import FAILED, PACK, Collector, Outcome
from .runner import Runner
from .scope import rule_patterns


def test_options(profile: Profile) -> Options:
    """Options rules are checked with: every rule applied (low confidence too), matchers on a short leash."""
    return Options(strict=True, apply_low_confidence=True, rule_timeout=profile.rule_timeout)


def repro_command(path: str, *, rule: str | None, seed: int, profile: str) -> str:
    parts = ["cleantext", "rules", "test", path]
    if rule is not None:
        parts += ["--rule", rule]
    parts += ["--seed", str(seed), "--profile", profile]
    return shlex.join(parts)


def check_rule(rule: Rule, *, profile: str | Profile = "ci", seed: int = 0, properties: bool = True,
               options: Options | None = None) -> list[Outcome]:
    """Every outcome for one rule: its examples, then (unless ``properties=False``) its properties."""
    prof = get_profile(profile) if isinstance(profile, str) else profile
    runner = Runner([rule], options=options or test_options(prof))
    col = Collector.for_rule(rule, repro_command(rule.location.path, rule=rule.id, seed=seed, profile=prof.name))
    started = time.perf_counter()
    check_examples(rule, runner, col)
    for i, o in enumerate(col.outcomes):  # example checks are quick; give them their share of the time
        col.outcomes[i] = _with_seconds(o, (time.perf_counter() - started) / max(len(col.outcomes), 1))
    if properties:
        check_rule_properties(rule, runner, col, profile=prof, seed=seed)
    return col.outcomes


def check_pack(rules: Sequence[Rule], *, path: str, profile: str | Profile = "ci", seed: int = 0,
               options: Options | None = None) -> list[Outcome]:
    """Pack-level outcomes (fixed point, idempotence, order) for the rules of one file."""
    prof = get_profile(profile) if isinstance(profile, str) else profile
    forward = Runner(rules, options=options or test_options(prof))
    col = Collector(path, PACK, None, repro_command(path, rule=None, seed=seed, profile=prof.name))
    check_pack_properties(rules, forward, reversed_runner(rules, forward), col, profile=prof, seed=seed)
    return col.outcomes


def _with_seconds(o: Outcome, seconds: float) -> Outcome:
    from dataclasses import replace

    return replace(o, seconds=seconds)


@dataclass(slots=True)
class TestReport:
    """Everything one ``rules test`` run found."""

    outcomes: list[Outcome] = field(default_factory=list)
    seed: int = 0
    profile: str = "dev"
    seconds: float = 0.0
    n_rules: int = 0
    n_files: int = 0

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failed]

    @property
    def ok(self) -> bool:
        return not self.failed


def load_outcomes(problems: Iterable[Problem], seed: int, profile: str) -> list[Outcome]:
    """A rule file that does not load is a failure of its own, reported per problem."""
    return [Outcome(path=p.path, rule=p.rule or "file", check="load", status=FAILED, line=p.line,
                    message=p.message, repro=repro_command(p.path, rule=None, seed=seed, profile=profile))
            for p in problems]


def run_tests(paths: Sequence[str | Path], *, rule_ids: Sequence[str] = (), profile: str = "dev",
              seed: int | None = None, options: Options | None = None) -> TestReport:
    """Check the rule files below ``paths``: load problems, examples, per-rule and per-pack properties,
    and for a gazetteer that every variant is cleaned to its canonical form.

    With ``rule_ids``, only those rules are checked and pack properties are left out.
    """
    prof = get_profile(profile)
    chosen_seed = seed if seed is not None else random.randrange(2**31)
    started = time.perf_counter()
    report = TestReport(seed=chosen_seed, profile=prof.name)
    wanted = set(rule_ids)
    found: set[str] = set()
    for top in paths:
        top = Path(top)
        if not top.exists():
            report.outcomes += load_outcomes([Problem(str(top), None, "no such file or folder")], chosen_seed,
                                             prof.name)
            continue
        for path in rule_files(top):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                report.outcomes += load_outcomes([Problem(str(path), None, f"cannot read: {exc}")], chosen_seed,
                                                 prof.name)
                continue
            rules, gazetteers, problems = parse_rule_file(text, str(path))
            report.n_files += 1
            if wanted:
                rules = [r for r in rules if r.id in wanted]
                problems = [p for p in problems if p.rule in wanted]
                found.update(r.id for r in rules)
            report.outcomes += load_outcomes(problems, chosen_seed, prof.name)
            for rule in rules:
                # the loader flags nested quantifiers; overlapping alternatives are flagged here, before running
                report.outcomes += [Outcome(path=rule.location.path, rule=rule.id, check="dangerous-pattern",
                                            status=FAILED, line=rule.location.line, message=m, counterexample=p)
                                    for p, _ in rule_patterns(rule) for m in overlapping_alternation(p)]
                report.outcomes += check_rule(rule, profile=prof, seed=chosen_seed, options=options)
            report.n_rules += len(rules)
            if gazetteers and not problems and not wanted:
                repro = repro_command(str(path), rule=None, seed=chosen_seed, profile=prof.name)
                for gaz in gazetteers:
                    report.outcomes += check_gazetteer(gaz, path=path, repro=repro)
            if not wanted and len(rules) > 1:
                report.outcomes += check_pack(rules, path=str(path), profile=prof, seed=chosen_seed, options=options)
    for missing in sorted(wanted - found):
        report.outcomes.append(Outcome(path=", ".join(map(str, paths)), rule=missing, check="select", status=FAILED,
                                       message=f"no rule with id {missing!r} under the given paths"))
    report.seconds = time.perf_counter() - started
    return report
