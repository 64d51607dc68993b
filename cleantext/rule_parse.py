"""The rules of a ``rules:`` list, each checked against its kind (:mod:`cleantext.kinds`), with its examples.

Unknown keys, missing fields, values of the wrong type and what a kind's validator refuses are
problems that name the file, the line and the rule id; a rule with a problem is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from .errors import Problem
from .kinds import COMMON_KEYS, CONFIDENCE_LEVELS, KINDS, Examples, FixExample, Location, Rule, RuleKind
from .registry import did_you_mean
from .strict_yaml import SHORT, describe, key_line, line_of

EXAMPLE_KEYS = frozenset({"fix", "keep", "known_fp", "known_miss"})


class _Report(Protocol):
    """Records one problem of the rule being parsed, at the line of ``key`` (the rule's line without one)."""

    def __call__(self, message: str, key: Any = None) -> None: ...


def parse_rules(
    items: Any, pack: Mapping[str, Any], pack_name: str, path: str, line: int | None, problems: list[Problem]
) -> list[Rule]:
    """The rules of a ``rules:`` list that have no problem; every problem is appended to ``problems``."""
    if not isinstance(items, list):
        problems.append(Problem(path, line, "'rules' must be a list of rules"))
        return []
    rules: list[Rule] = []
    seen: dict[str, int | None] = {}
    for item in items:
        rule = _parse_rule(item, pack, pack_name, path, problems)
        if rule is None:
            continue
        if rule.id in seen:
            problems.append(
                Problem(path, rule.location.line, f"duplicate rule id {rule.id!r} (first at line {seen[rule.id]})",
                        rule.id)
            )
            continue
        seen[rule.id] = rule.location.line
        rules.append(rule)
    return rules


def _parse_rule(
    item: Any, pack: Mapping[str, Any], pack_name: str, path: str, problems: list[Problem]
) -> Rule | None:
    line = line_of(item)
    if not isinstance(item, dict):
        problems.append(Problem(path, line, f"a rule must be a mapping, not {type(item).__name__}"))
        return None
    rid = item.get("id")
    before = len(problems)

    def problem(message: str, key: Any = None) -> None:
        where = key_line(item, key) if key is not None else line
        problems.append(Problem(path, where, message, rid if isinstance(rid, str) else None))

    if not isinstance(rid, str) or not rid.strip():
        problem("missing 'id' (a unique name for the rule, e.g. 'cookie-banner')", "id" if "id" in item else None)
    kind = _kind_of(item, problem)
    params = _params_of(item, kind, problem)
    confidence, source_lang, after = _common_fields(item, pack, problem)
    examples = _parse_examples(item.get("examples"), path, key_line(item, "examples") or line, problem)
    if len(problems) > before or kind is None or not isinstance(rid, str):
        return None
    rule = Rule(
        id=rid,
        kind=kind.name,
        pass_name=kind.pass_name,
        params=params,
        examples=examples,
        description=str(item.get("description", "")),
        confidence=str(confidence),
        source_lang=source_lang,
        after=tuple(after),
        category=str(item.get("category", "")),
        location=Location(path, line),
        pack=pack_name,
    )
    return rule if _validated(kind, rule, problem) else None


def _kind_of(item: Mapping[Any, Any], problem: _Report) -> RuleKind | None:
    """The registered kind a rule names, or None (reported) when it names none."""
    kind_name = item.get("kind")
    if not isinstance(kind_name, str):
        problem(f"missing 'kind'. Available kinds: {', '.join(sorted(KINDS.names()))}")
        return None
    if kind_name not in KINDS:
        problem(KINDS.unknown_message(kind_name), "kind")
        return None
    return KINDS.get(kind_name)


def _params_of(item: Mapping[Any, Any], kind: RuleKind | None, problem: _Report) -> dict[str, Any]:
    """A rule's keys beyond the common ones, each checked against what its kind accepts."""
    allowed = COMMON_KEYS | set(kind.params) if kind else None
    params: dict[str, Any] = {}
    for key, value in item.items():
        if key in COMMON_KEYS:
            continue
        if allowed is not None and key not in allowed:
            choices = sorted(allowed)
            problem(f"unknown key {key!r} for kind {item.get('kind')!r}. Allowed keys: {', '.join(choices)}"
                    + did_you_mean(str(key), choices), key)
            continue
        params[key] = value
    if kind:
        _check_param_types(kind, params, problem)
    return params


def _check_param_types(kind: RuleKind, params: Mapping[str, Any], problem: _Report) -> None:
    for name, spec in kind.params.items():
        if name not in params:
            if spec.required:
                problem(f"kind {kind.name!r} needs {name!r} ({spec.doc or spec.type_names()})")
            continue
        value = params[name]
        if not isinstance(value, spec.types) or (isinstance(value, bool) and bool not in spec.types):
            problem(f"{name!r} must be {spec.type_names()}, not {describe(value)}", name)


def _common_fields(
    item: Mapping[Any, Any], pack: Mapping[str, Any], problem: _Report
) -> tuple[Any, Any, list[str]]:
    """A rule's confidence, source language (the pack's by default) and ``after`` list, checked."""
    confidence = item.get("confidence", "high")
    if confidence not in CONFIDENCE_LEVELS:
        problem(f"'confidence' must be one of {', '.join(CONFIDENCE_LEVELS)}, not {SHORT.repr(confidence)}",
                "confidence")
    source_lang = item.get("source_lang", pack.get("source_lang"))
    if source_lang is not None and not isinstance(source_lang, str):
        problem("'source_lang' must be a language code such as 'fr'", "source_lang")
    after = item.get("after", [])
    if isinstance(after, str):
        after = [after]
    if not isinstance(after, list) or not all(isinstance(a, str) for a in after):
        problem("'after' must be a rule id or a list of rule ids", "after")
        after = []
    for key in ("description", "category"):
        if key in item and not isinstance(item[key], str):
            problem(f"{key!r} must be text", key)
    return confidence, source_lang, after


def _validated(kind: RuleKind, rule: Rule, problem: _Report) -> bool:
    """Whether the kind's own validator accepts the rule; what it refuses is reported."""
    if kind.validate is None:
        return True
    try:
        messages = list(kind.validate(rule))
    except Exception as exc:  # a validator bug must not hide the other problems of the load
        messages = [f"could not be checked: {type(exc).__name__}: {exc}"]
    for message in messages:
        problem(message)
    return not messages


def _parse_examples(raw: Any, path: str, line: int | None, problem: _Report) -> Examples:
    if raw is None:
        return Examples()
    if not isinstance(raw, dict):
        problem("'examples' must be a mapping with 'fix' and/or 'keep'", "examples")
        return Examples()
    for key in raw:
        if key not in EXAMPLE_KEYS:
            problem(f"unknown examples key {key!r}. Allowed: {', '.join(sorted(EXAMPLE_KEYS))}"
                    + did_you_mean(str(key), sorted(EXAMPLE_KEYS)), "examples")

    def pairs(key: str) -> tuple[FixExample, ...]:
        out = []
        for ex in raw.get(key) or []:
            if not isinstance(ex, dict) or set(ex) != {"in", "out"}:
                problem(f"each '{key}' example must be a mapping with exactly 'in' and 'out'", "examples")
                continue
            if not isinstance(ex["in"], str) or not isinstance(ex["out"], str):
                problem(f"'{key}' example 'in' and 'out' must be text, got {describe(ex['in'])} and "
                        f"{describe(ex['out'])}", "examples")
                continue
            out.append(FixExample(ex["in"], ex["out"], line_of(ex)))
        return tuple(out)

    def texts(key: str) -> tuple[str, ...]:
        out = []
        for ex in raw.get(key) or []:
            if not isinstance(ex, str):
                problem(f"each '{key}' example must be text, not {describe(ex)}", "examples")
                continue
            out.append(ex)
        return tuple(out)

    return Examples(fix=pairs("fix"), keep=texts("keep"), known_fp=texts("known_fp"), known_miss=pairs("known_miss"))
