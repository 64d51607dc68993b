"""``cleantext rules lint``: every problem of a set of rule files at once, without running properties.

The loader's own checks (schema, ids, kinds, patterns that compile, replacement groups the kind checks)
come first; then checks across rules the loader cannot make file by file: dangerous patterns in any
pattern-like param, replacement groups, ids defined twice across files, phrases listed twice, rules
shadowed by another rule of the pack, ``after`` naming unknown rules, rules without examples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..kinds import KINDS, Rule
from ..matching import check_pattern, lower_aligned
from ..rulefiles import default_rules_dir, load_rules, parse_rule_file, rule_files
from .results import FAILED, PASSED, Outcome
from .runner import Runner, rule_of
from .scope import rule_literals, rule_patterns, rule_template

ERROR, WARNING, NOTE = "error", "warning", "note"  # a note informs and never fails, even --strict


@dataclass(frozen=True, slots=True)
class LintProblem:
    path: str
    line: int | None
    rule: str | None
    code: str
    message: str
    severity: str = ERROR

    def outcome(self, *, strict: bool) -> Outcome:
        failed = self.severity == ERROR or (strict and self.severity == WARNING)
        return Outcome(path=self.path, rule=self.rule or "file", check=f"lint:{self.code}",
                       status=FAILED if failed else PASSED, line=self.line,
                       message=f"{self.severity}: {self.message}")


@dataclass(slots=True)
class LintReport:
    problems: list[LintProblem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    n_rules: int = 0

    def outcomes(self, *, strict: bool = False) -> list[Outcome]:
        out = [p.outcome(strict=strict) for p in self.problems]
        bad_files = {p.path for p in self.problems if p.severity == ERROR or (strict and p.severity == WARNING)}
        out += [Outcome(path=f, rule="file", check="lint", status=PASSED) for f in self.files if f not in bad_files]
        return out


def lint_paths(paths: Sequence[str | Path]) -> LintReport:
    report = LintReport()
    rules: list[Rule] = []
    for top in paths:
        top = Path(top)
        if not top.exists():
            report.problems.append(LintProblem(str(top), None, None, "missing", "no such file or folder"))
            continue
        for path in rule_files(top):
            report.files.append(str(path))
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                report.problems.append(LintProblem(str(path), None, None, "read", f"cannot read: {exc}"))
                continue
            file_rules, _, problems = parse_rule_file(text, str(path))
            report.problems += [LintProblem(p.path, p.line, p.rule, "schema", p.message) for p in problems]
            rules += file_rules
    report.n_rules = len(rules)
    for r in rules:
        report.problems += _rule_problems(r)
    report.problems += _cross_problems(rules)
    report.problems += _replaced_shipped(rules)
    return report


def _replaced_shipped(rules: Sequence[Rule]) -> list[LintProblem]:
    """A note on each rule outside the shipped rules whose id is a shipped rule's: loaded with
    ``--rules``, it replaces that rule silently, which is allowed but should be meant."""
    shipped_dir = default_rules_dir().resolve()
    if any(shipped_dir in Path(r.location.path).resolve().parents for r in rules):
        return []  # linting the shipped rules themselves
    shipped = {(r.pass_name, r.id): r for r in load_rules([shipped_dir]).rules}
    return [_p(r, "replaces-shipped", f"id {r.id!r} is a shipped rule's (at {shipped[key].location}); with "
               "--rules this rule replaces it", NOTE)
            for r in rules if (key := (r.pass_name, r.id)) in shipped]


def _alternatives(body: str) -> list[str]:
    """Top-level alternatives of a group body (escapes, classes and nested groups kept whole)."""
    out, depth, cur, i, in_class = [], 0, "", 0, False
    while i < len(body):
        c = body[i]
        if c == "\\":
            cur += body[i : i + 2]
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(cur)
            cur = ""
            i += 1
            continue
        cur += c
        i += 1
    return [*out, cur]


def overlapping_alternation(pattern: str) -> list[str]:
    """A repeated group whose alternatives can match the same text, as in ``(a|aa)+`` or ``(x|x)*``: the
    engine tries every way to split the input among them, exponentially many. The static check of
    :func:`cleantext.matching.nested_quantifiers` does not see this shape."""
    findings = []
    stack: list[int] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            stack.append(i)
        elif c == ")" and stack:
            start = stack.pop()
            nxt = pattern[i + 1 : i + 2]
            if nxt in ("*", "+") or (pattern[i + 1 :].startswith("{") and ",}" in pattern[i + 1 : i + 8]):
                body = pattern[start + 1 : i]
                if body.startswith("?:"):
                    body = body[2:]
                alts = [a for a in _alternatives(body) if a]
                if any((a != b and b.startswith(a)) or (a == b and j != k)
                       for j, a in enumerate(alts) for k, b in enumerate(alts)):
                    findings.append(f"alternatives of the repeated group {pattern[start : i + 2]!r} overlap (one "
                                    "is a prefix of another) and can backtrack catastrophically; make them "
                                    "mutually exclusive or the repetition possessive")
        i += 1
    return findings


def _p(rule: Rule, code: str, message: str, severity: str = ERROR) -> LintProblem:
    return LintProblem(rule.location.path, rule.location.line, rule.id, code, message, severity)


def _rule_problems(rule: Rule) -> list[LintProblem]:
    out: list[LintProblem] = []
    template = rule_template(rule)
    for pattern, flags in rule_patterns(rule):
        for message in check_pattern(pattern, flags, template):
            code = "dangerous-pattern" if "backtrack" in message or "empty string" in message else "pattern"
            out.append(_p(rule, code, message))
        out += [_p(rule, "dangerous-pattern", m) for m in overlapping_alternation(pattern)]
    seen: set[str] = set()
    for phrase in rule_literals(rule):
        key = lower_aligned(phrase.strip())
        if key in seen:
            out.append(_p(rule, "duplicate-phrase", f"phrase {phrase!r} is listed twice", WARNING))
        seen.add(key)
    if not (rule.examples.fix or rule.examples.keep):
        out.append(_p(rule, "no-examples", "the rule has no 'fix' or 'keep' examples; 'cleantext rules test' "
                      "fails it"))
    return out


def _cross_problems(rules: Sequence[Rule]) -> list[LintProblem]:
    out: list[LintProblem] = []
    first: dict[tuple[str, str], Rule] = {}
    for r in rules:
        key = (r.pass_name, r.id)
        if key in first and first[key].location.path != r.location.path:
            out.append(_p(r, "duplicate-id", f"id {r.id!r} is also defined at {first[key].location}; the later "
                          "file replaces the earlier rule", WARNING))
        first.setdefault(key, r)
    ids = {r.id for r in rules}
    for r in rules:
        for a in r.after:
            if a not in ids:
                out.append(_p(r, "after", f"'after' names {a!r}, which is not a rule here"
                              + (f"; rules: {', '.join(sorted(ids))[:200]}" if ids else ""), WARNING))
    # within one file and one kind: phrases of different kinds mean different things (a cue word, a line);
    # and within the group of rules of the kind in which the pass credits a phrase to one rule only
    owners: dict[tuple[str, str, str, str], Rule] = {}
    for r in rules:
        group = KINDS.get(r.kind).phrase_group(r) if r.kind in KINDS else ""
        if group is None:
            continue
        for phrase in dict.fromkeys(lower_aligned(p.strip()) for p in rule_literals(r)):
            owner_key = (r.location.path, r.kind, group, phrase)
            if owner_key in owners and owners[owner_key].id != r.id:
                out.append(_p(r, "duplicate-phrase", f"phrase {phrase!r} is also listed by rule "
                              f"{owners[owner_key].id!r} ({owners[owner_key].location}); only one of them is "
                              "credited with a hit", WARNING))
            owners.setdefault(owner_key, r)
    out += _shadowed(rules)
    return out


def _shadowed(rules: Sequence[Rule]) -> list[LintProblem]:
    """Rules whose own fix examples, run through the whole pass, are taken by another rule instead."""
    out: list[LintProblem] = []
    by_pass: dict[str, list[Rule]] = {}
    for r in rules:
        by_pass.setdefault(r.pass_name, []).append(r)
    for group in by_pass.values():
        if len(group) < 2:
            continue
        try:
            runner = Runner(group)
        except Exception as exc:  # a pass that cannot be built from these rules: say so, do not crash
            out.append(LintProblem(group[0].location.path, None, None, "build",
                                   f"the {group[0].pass_name} pass cannot be built: {type(exc).__name__}: {exc}"))
            continue
        for r in group:
            for fx in r.examples.fix:
                try:
                    run = runner.run(fx.input)
                except Exception:
                    break  # crashes are for 'rules test' to report with their input
                owners = [rule_of(e, group) for e in run.edits]
                if owners and all(o is not None and o.id != r.id for o in owners) and run.output != fx.output:
                    names = ", ".join(dict.fromkeys(o.id for o in owners if o is not None))
                    out.append(_p(r, "shadowed", f"on its fix example {fx.input!r} the pack applies {names} "
                                  f"instead of this rule; order them with 'after' or narrow one of them", WARNING))
                    break
    return out
