"""A pytest plugin that turns rule files into test items: ``rules/x.yaml::rule-id::fix[0]``, ``::idempotent``.

One line of configuration in a project's pytest settings turns it on::

    [tool.pytest.ini_options]
    cleantext_rules = ["rules"]

Every rule file below the listed paths is collected (whether or not pytest walks that folder), with
one item per example and per property of each rule and per property of each file's pack. A rule is
checked once, when its first item runs; its items then report their own verdicts. Without the
setting the plugin does nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .authoring.profiles import get_profile
from .authoring.properties import PACK_PROPERTIES, RULE_PROPERTIES, keeps_case
from .authoring.report import outcome_text
from .authoring.results import FAILED, PACK, SKIPPED, Outcome
from .authoring.suite import check_pack, check_rule
from .errors import CleantextError
from .kinds import Rule
from .rulefiles import RULE_SUFFIXES, parse_rule_file, rule_files

_INI = "cleantext_rules"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(_INI, type="paths", default=[],
                  help="cleantext: rule files or folders whose rules run as tests (examples and properties)")
    parser.addini("cleantext_rules_profile", default="ci", help="cleantext: dev, ci or thorough (default ci)")
    group = parser.getgroup("cleantext")
    group.addoption("--cleantext-seed", type=int, default=0, help="seed of generated rule inputs (default 0)")
    group.addoption("--cleantext-profile", default=None, help="override cleantext_rules_profile")


def pytest_configure(config: pytest.Config) -> None:
    """A profile that does not exist is one usage error at the start, not a failure of every rule item."""
    if not _roots(config):
        return
    try:
        get_profile(_profile(config))
    except CleantextError as exc:
        raise pytest.UsageError(f"--cleantext-profile / cleantext_rules_profile: {exc}") from None


def _profile(config: pytest.Config) -> str:
    return str(config.getoption("--cleantext-profile") or config.getini("cleantext_rules_profile") or "ci")


def _roots(config: pytest.Config) -> list[Path]:
    return [Path(p).resolve() for p in config.getini(_INI)]


def _wanted(config: pytest.Config, path: Path) -> bool:
    path = path.resolve()
    return path.suffix in RULE_SUFFIXES and any(path == r or r in path.parents for r in _roots(config))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if _wanted(parent.config, file_path):
        return RuleFile.from_parent(parent, path=file_path)
    return None


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Collect configured rule files that pytest did not walk into (outside testpaths), once each."""
    if not _roots(config) or config.option.collectonly is None:
        return
    seen = {Path(str(i.path)).resolve() for i in items if isinstance(i, RuleItem)}
    args = [Path(a.split("::")[0]).resolve() for a in config.args]
    for root in _roots(config):
        # only when the run is not narrowed to other files (pytest tests/test_x.py)
        if not root.exists() or (config.args and not any(a == root or a in root.parents or root in a.parents
                                                         for a in args) and not _is_default_run(config)):
            continue
        for path in rule_files(root):
            if path.resolve() in seen:
                continue
            rule_file = RuleFile.from_parent(session, path=path)
            items.extend(i for i in rule_file.collect() if isinstance(i, pytest.Item))


def _is_default_run(config: pytest.Config) -> bool:
    # plain `pytest`: the args are the testpaths (or the invocation dir)
    return config.args == list(config.getini("testpaths")) or config.args == [str(config.invocation_params.dir)]


class RuleFile(pytest.File):
    """One rule file: items for its rules' examples and properties, and for its pack."""

    def collect(self) -> Iterator[pytest.Item]:
        text = self.path.read_text(encoding="utf-8")
        rules, _, problems = parse_rule_file(text, self._shown_path())
        if problems:
            yield RuleItem.from_parent(self, name="load", rule=None, check="load",
                                       problems="\n".join(str(p) for p in problems))
        for rule in rules:
            for check in _checks(rule):
                yield RuleItem.from_parent(self, name=f"{rule.id}::{check}", rule=rule, check=check)
        if len(rules) > 1:
            for check in PACK_PROPERTIES:
                yield RuleItem.from_parent(self, name=f"{PACK}::{check}", rule=None, check=check, pack=rules)

    def _shown_path(self) -> str:
        try:
            return str(self.path.relative_to(self.config.rootpath))
        except ValueError:
            return str(self.path)

    def outcomes(self, key: str, compute: Any) -> dict[str, Outcome]:
        cache: dict[str, dict[str, Outcome]] = self.__dict__.setdefault("_cleantext_cache", {})
        if key not in cache:
            cache[key] = {o.check: o for o in compute()}
        return cache[key]


def _checks(rule: Rule) -> list[str]:
    ex = rule.examples
    if not (ex.fix or ex.keep):
        return ["examples"]
    checks = [f"fix[{i}]" for i in range(len(ex.fix))] + [f"keep[{i}]" for i in range(len(ex.keep))]
    checks += [f"known_fp[{i}]" for i in range(len(ex.known_fp))]
    checks += [f"known_miss[{i}]" for i in range(len(ex.known_miss))]
    return checks + [p for p in RULE_PROPERTIES if p != "case" or keeps_case(rule)] + ["budget"]


class RuleCheckFailed(Exception):
    pass


class RuleItem(pytest.Item):
    def __init__(self, *, rule: Rule | None, check: str, pack: list[Rule] | None = None, problems: str = "",
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rule = rule
        self.check = check
        self.pack = pack
        self.problems = problems

    def runtest(self) -> None:
        if self.check == "load":
            raise RuleCheckFailed(self.problems)
        parent = self.parent
        assert isinstance(parent, RuleFile)
        config = self.config
        profile = _profile(config)
        seed = int(config.getoption("--cleantext-seed"))
        if self.rule is not None:
            rule = self.rule
            found = parent.outcomes(rule.id, lambda: check_rule(rule, profile=profile, seed=seed))
        else:
            pack = self.pack or []
            path = parent._shown_path()
            found = parent.outcomes(PACK, lambda: check_pack(pack, path=path, profile=profile, seed=seed))
        outcome = found.get(self.check)
        if outcome is None:
            pytest.skip(f"{self.check}: not applicable")
        if outcome.status == SKIPPED:
            pytest.skip(outcome.message or "skipped after an earlier failure")
        if outcome.status == FAILED:
            raise RuleCheckFailed(outcome_text(outcome))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, RuleCheckFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.rule.location.line if self.rule is not None else None
        return self.path, (line - 1) if line else None, self.nodeid
