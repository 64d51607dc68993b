"""Loading rule files and gazetteers strictly, reporting every problem of a load at once.

Two shapes of YAML file are accepted::

    pack:                      # optional header
      description: French-to-English MT repairs
      source_lang: fr          # default for the rules below
    rules:
      - id: fr-arms-service
        kind: phrase
        ...

    entities:                  # a gazetteer
      - canonical: Bashar al-Assad
        type: person
        variants: [Bachar al-Assad, Bashar Assad]
        wikidata: Q44329       # any other key is kept as metadata, unless it misspells a known key

Files are parsed with a safe loader (no tags that build objects, no code); duplicate keys, unknown
keys, missing fields and patterns that do not compile are errors that name the file, the line and
the rule id. The jobs live apart: the YAML loader with line numbers in :mod:`cleantext.strict_yaml`,
the rules in :mod:`cleantext.rule_parse`, the entities in :mod:`cleantext.entity_parse`, the cache key
in :mod:`cleantext.code_key`; this module finds the files and puts their parts together.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import cached_parse
from .code_key import validation_code_key
from .entity_parse import (
    ENTITY_FLAG_KEYS,
    ENTITY_KEYS,
    ENTITY_NAME_LIST_KEYS,
    ENTITY_READ_KEYS,
    entity_meta_problems,
    parse_entities,
)
from .errors import Problem, RuleError
from .kinds import Gazetteer, Rule
from .registry import did_you_mean
from .rule_parse import EXAMPLE_KEYS, parse_rules
from .strict_yaml import LineDict, key_line, parse_yaml

__all__ = [
    "ENTITY_FLAG_KEYS",
    "ENTITY_KEYS",
    "ENTITY_NAME_LIST_KEYS",
    "ENTITY_READ_KEYS",
    "EXAMPLE_KEYS",
    "PACK_KEYS",
    "RULE_SUFFIXES",
    "TOP_KEYS",
    "RuleSet",
    "default_rules_dir",
    "entity_meta_problems",
    "load_rules",
    "parse_rule_file",
    "parse_yaml",
    "rule_files",
    "validation_code_key",
]

RULE_SUFFIXES = (".yaml", ".yml")
PACK_KEYS = frozenset({"name", "description", "source_lang", "target_lang", "pass", "priority"})
TOP_KEYS = frozenset({"pack", "rules", "entities"})


@dataclass(frozen=True, slots=True)
class RuleSet:
    """All rules and gazetteers of a configuration, in load order."""

    rules: tuple[Rule, ...] = ()
    gazetteers: tuple[Gazetteer, ...] = ()
    sources: tuple[str, ...] = field(default=())

    def for_pass(self, pass_name: str) -> list[Rule]:
        return [r for r in self.rules if r.pass_name == pass_name]

    def merged(self, other: RuleSet) -> RuleSet:
        """This set followed by ``other``; a rule of ``other`` replaces one here with the same id and pass."""
        theirs = {(r.pass_name, r.id) for r in other.rules}
        mine = tuple(r for r in self.rules if (r.pass_name, r.id) not in theirs)
        return RuleSet(
            rules=mine + other.rules,
            gazetteers=self.gazetteers + other.gazetteers,
            sources=self.sources + other.sources,
        )

    def __len__(self) -> int:
        return len(self.rules) + sum(len(g.entities) for g in self.gazetteers)


def default_rules_dir() -> Path:
    """The rules shipped with cleantext: inside the installed package, or the source tree's ``rules/``."""
    packaged = Path(str(importlib.resources.files("cleantext"))) / "default_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


def rule_files(path: Path) -> list[Path]:
    """The YAML files a path stands for: itself, or every rule file below a folder, sorted. A folder named
    ``data`` holds a pass's data tables, not rules (rules/names/data/families.yaml): skipped."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file()
                      and "data" not in p.relative_to(path).parts[:-1])
    return [path]


def load_rules(paths: Iterable[str | Path]) -> RuleSet:
    """Load rule files, gazetteers and folders of them; raise RuleError with every problem found."""
    _ensure_kinds_registered()
    code_key = validation_code_key()
    problems: list[Problem] = []
    rules: list[Rule] = []
    gazetteers: list[Gazetteer] = []
    sources: list[str] = []
    for top in paths:
        top = Path(top)
        if not top.exists():
            problems.append(Problem(str(top), None, "no such file or folder"))
            continue
        for path in rule_files(top):
            sources.append(str(path))
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(Problem(str(path), None, f"cannot read: {exc}"))
                continue
            # a file parsed without problems before comes from the disk cache (see cleantext/cache.py)
            file_rules, file_gaz, file_problems = cached_parse(text, str(path), parse_rule_file, code_key=code_key)
            problems.extend(file_problems)
            rules.extend(file_rules)
            gazetteers.extend(file_gaz)
    if problems:
        raise RuleError(problems)
    # a later file's rule replaces an earlier one with the same (pass, id), in the later one's place, as
    # RuleSet.merged does; one dict pass instead of a merge per rule (that was quadratic in the rule count)
    latest: dict[tuple[str, str], Rule] = {}
    for r in rules:
        latest.pop((r.pass_name, r.id), None)
        latest[(r.pass_name, r.id)] = r
    return RuleSet(rules=tuple(latest.values()), gazetteers=tuple(gazetteers), sources=tuple(sources))


def parse_rule_file(text: str, path: str) -> tuple[list[Rule], list[Gazetteer], list[Problem]]:
    """Parse and validate one file; return its rules, gazetteers and every problem found."""
    _ensure_kinds_registered()
    data, problems = parse_yaml(text, path)
    if data is None and not problems:
        return [], [], [Problem(path, None, "the file is empty; expected 'rules:' or 'entities:'")]
    if data is None:
        return [], [], problems
    if not isinstance(data, dict):
        return [], [], [*problems, Problem(path, 1, "the top level must be a mapping with 'rules:' or 'entities:'")]
    top = data if isinstance(data, LineDict) else LineDict(data)
    for key in top:
        if key not in TOP_KEYS:
            problems.append(
                Problem(path, key_line(top, key), f"unknown top-level key {key!r}. "
                        f"Allowed: {', '.join(sorted(TOP_KEYS))}" + did_you_mean(str(key), sorted(TOP_KEYS)))
            )
    if "rules" not in top and "entities" not in top:
        problems.append(Problem(path, top.line, "expected a 'rules:' list or an 'entities:' list"))
    pack = top.get("pack") or {}
    if not isinstance(pack, dict):
        problems.append(Problem(path, key_line(top, "pack"), "'pack' must be a mapping"))
        pack = {}
    for key in pack:
        if key not in PACK_KEYS:
            problems.append(
                Problem(path, key_line(pack, key), f"unknown pack key {key!r}. Allowed: "
                        f"{', '.join(sorted(PACK_KEYS))}" + did_you_mean(str(key), sorted(PACK_KEYS)))
            )
    pack_name = str(pack.get("name") or Path(path).stem)
    rules: list[Rule] = []
    gazetteers: list[Gazetteer] = []
    if "rules" in top:
        rules = parse_rules(top["rules"], pack, pack_name, path, key_line(top, "rules"), problems)
    if "entities" in top:
        gaz = parse_entities(top["entities"], pack_name, path, key_line(top, "entities"), problems)
        if gaz is not None:
            gazetteers.append(replace(gaz, meta={k: v for k, v in pack.items() if k != "name"}))
    return rules, gazetteers, problems


def _ensure_kinds_registered() -> None:
    # Kinds live with their passes; importing the passes package registers them all.
    from . import passes  # noqa: F401
