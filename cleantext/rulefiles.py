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
the rule id.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import inspect
import reprlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .cache import cached_parse
from .errors import Problem, RuleError
from .kinds import (
    COMMON_KEYS,
    CONFIDENCE_LEVELS,
    KINDS,
    Entity,
    Examples,
    FixExample,
    Gazetteer,
    Location,
    Rule,
)
from .registry import did_you_mean

RULE_SUFFIXES = (".yaml", ".yml")
PACK_KEYS = frozenset({"name", "description", "source_lang", "target_lang", "pass", "priority"})
TOP_KEYS = frozenset({"pack", "rules", "entities"})
ENTITY_KEYS = frozenset({"canonical", "type", "variants"})
#: metadata keys the names pass interprets (docs/names.md); every other key is free metadata
ENTITY_NAME_LIST_KEYS = ("abbreviations", "aliases", "lookalikes", "not")
ENTITY_FLAG_KEYS = ("expand_abbreviation", "surname_alone")
#: a key a few letters away from one of these is a typo, not metadata
ENTITY_READ_KEYS = ENTITY_KEYS | frozenset(ENTITY_NAME_LIST_KEYS) | frozenset(ENTITY_FLAG_KEYS)
EXAMPLE_KEYS = frozenset({"fix", "keep", "known_fp", "known_miss"})


class _LineDict(dict[Any, Any]):
    """A mapping that remembers the line it and each of its keys started on."""

    line: int | None = None
    key_lines: dict[Any, int]


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that records line numbers and reports duplicate keys instead of keeping the last."""

    def __init__(self, stream: str, path: str) -> None:
        super().__init__(stream)
        self.path = path
        self.problems: list[Problem] = []


if hasattr(yaml, "CSafeLoader"):  # PyYAML built with libyaml: the same loading, parsed in C (about 10x faster)
    class _FastStrictLoader(yaml.CSafeLoader):
        """The C-parsing twin of _StrictLoader; a file it cannot parse is parsed again by _StrictLoader."""

        def __init__(self, stream: str, path: str) -> None:
            super().__init__(stream)
            self.path = path
            self.problems: list[Problem] = []

    _FAST_LOADER: type[_FastStrictLoader] | None = _FastStrictLoader
else:  # pragma: no cover - PyYAML without libyaml
    _FAST_LOADER = None


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    mapping = _LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            loader.problems.append(Problem(loader.path, line, f"a key must be text, not {_SHORT.repr(key)}"))
            continue
        if key in mapping:
            loader.problems.append(
                Problem(loader.path, line, f"duplicate key {key!r} (first at line {mapping.key_lines[key]})")
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
if _FAST_LOADER is not None:
    _FAST_LOADER.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str, path: str) -> tuple[Any, list[Problem]]:
    """Parse YAML safely; return the data and the problems found (syntax, duplicate keys)."""
    if _FAST_LOADER is not None:
        loader = _FAST_LOADER(text, path)
        try:
            return loader.get_single_data(), loader.problems
        except yaml.YAMLError:
            pass  # libyaml words its syntax errors differently: the pure-Python parser reports them, as always
        finally:
            loader.dispose()
    return _parse_yaml_pure(text, path)


def _parse_yaml_pure(text: str, path: str) -> tuple[Any, list[Problem]]:
    loader = _StrictLoader(text, path)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        return None, [*loader.problems, Problem(path, line, f"YAML syntax error: {exc.problem or exc}")]
    except yaml.YAMLError as exc:
        return None, [*loader.problems, Problem(path, None, f"YAML error: {exc}")]
    finally:
        loader.dispose()
    return data, loader.problems


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
    top = data if isinstance(data, _LineDict) else _LineDict(data)
    for key in top:
        if key not in TOP_KEYS:
            problems.append(
                Problem(path, _key_line(top, key), f"unknown top-level key {key!r}. "
                        f"Allowed: {', '.join(sorted(TOP_KEYS))}" + did_you_mean(str(key), sorted(TOP_KEYS)))
            )
    if "rules" not in top and "entities" not in top:
        problems.append(Problem(path, top.line, "expected a 'rules:' list or an 'entities:' list"))
    pack = top.get("pack") or {}
    if not isinstance(pack, dict):
        problems.append(Problem(path, _key_line(top, "pack"), "'pack' must be a mapping"))
        pack = {}
    for key in pack:
        if key not in PACK_KEYS:
            problems.append(
                Problem(path, _key_line(pack, key), f"unknown pack key {key!r}. Allowed: "
                        f"{', '.join(sorted(PACK_KEYS))}" + did_you_mean(str(key), sorted(PACK_KEYS)))
            )
    pack_name = str(pack.get("name") or Path(path).stem)
    rules: list[Rule] = []
    gazetteers: list[Gazetteer] = []
    if "rules" in top:
        rules = _parse_rules(top["rules"], pack, pack_name, path, _key_line(top, "rules"), problems)
    if "entities" in top:
        gaz = _parse_entities(top["entities"], pack_name, path, _key_line(top, "entities"), problems)
        if gaz is not None:
            gazetteers.append(replace(gaz, meta={k: v for k, v in pack.items() if k != "name"}))
    return rules, gazetteers, problems


def _key_line(mapping: Mapping[Any, Any], key: Any) -> int | None:
    if isinstance(mapping, _LineDict):
        return mapping.key_lines.get(key, mapping.line)
    return None


def _line(obj: Any) -> int | None:
    return obj.line if isinstance(obj, _LineDict) else None


def _parse_rules(
    items: Any, pack: Mapping[str, Any], pack_name: str, path: str, line: int | None, problems: list[Problem]
) -> list[Rule]:
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
    line = _line(item)
    if not isinstance(item, dict):
        problems.append(Problem(path, line, f"a rule must be a mapping, not {type(item).__name__}"))
        return None
    rid = item.get("id")
    before = len(problems)

    def problem(message: str, key: Any = None) -> None:
        where = _key_line(item, key) if key is not None else line
        problems.append(Problem(path, where, message, rid if isinstance(rid, str) else None))

    if not isinstance(rid, str) or not rid.strip():
        problem("missing 'id' (a unique name for the rule, e.g. 'cookie-banner')", "id" if "id" in item else None)
    kind_name = item.get("kind")
    kind = None
    if not isinstance(kind_name, str):
        problem(f"missing 'kind'. Available kinds: {', '.join(sorted(KINDS.names()))}")
    elif kind_name not in KINDS:
        problem(KINDS.unknown_message(kind_name), "kind")
    else:
        kind = KINDS.get(kind_name)
    allowed = COMMON_KEYS | set(kind.params) if kind else None
    params: dict[str, Any] = {}
    for key, value in item.items():
        if key in COMMON_KEYS:
            continue
        if allowed is not None and key not in allowed:
            choices = sorted(allowed)
            problem(f"unknown key {key!r} for kind {kind_name!r}. Allowed keys: {', '.join(choices)}"
                    + did_you_mean(str(key), choices), key)
            continue
        params[key] = value
    if kind:
        for name, spec in kind.params.items():
            if name not in params:
                if spec.required:
                    problem(f"kind {kind.name!r} needs {name!r} ({spec.doc or spec.type_names()})")
                continue
            value = params[name]
            if not isinstance(value, spec.types) or (isinstance(value, bool) and bool not in spec.types):
                problem(f"{name!r} must be {spec.type_names()}, not {_describe(value)}", name)
    confidence = item.get("confidence", "high")
    if confidence not in CONFIDENCE_LEVELS:
        problem(f"'confidence' must be one of {', '.join(CONFIDENCE_LEVELS)}, not {_SHORT.repr(confidence)}",
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
    examples = _parse_examples(item.get("examples"), path, _key_line(item, "examples") or line, problem)
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
    if kind.validate is not None:
        try:
            messages = list(kind.validate(rule))
        except Exception as exc:  # a validator bug must not hide the other problems of the load
            messages = [f"could not be checked: {type(exc).__name__}: {exc}"]
        for message in messages:
            problem(message)
        if messages:
            return None
    return rule


# Values from a rule file are shown in messages through a bounded repr: a YAML alias bomb (an alias
# nested in aliases) is cheap to load, as the nodes are shared, but exponential to print in full.
_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxstring, _SHORT.maxother = 2, 4, 4, 60, 60


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{value!r} (YAML reads yes/no/on/off as true/false: quote it)"
    what = "mapping" if isinstance(value, dict) else type(value).__name__
    return f"{what} {_SHORT.repr(value)}"[:80]


def _parse_examples(raw: Any, path: str, line: int | None, problem: Any) -> Examples:
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
                problem(f"'{key}' example 'in' and 'out' must be text, got {_describe(ex['in'])} and "
                        f"{_describe(ex['out'])}", "examples")
                continue
            out.append(FixExample(ex["in"], ex["out"], _line(ex)))
        return tuple(out)

    def texts(key: str) -> tuple[str, ...]:
        out = []
        for ex in raw.get(key) or []:
            if not isinstance(ex, str):
                problem(f"each '{key}' example must be text, not {_describe(ex)}", "examples")
                continue
            out.append(ex)
        return tuple(out)

    return Examples(fix=pairs("fix"), keep=texts("keep"), known_fp=texts("known_fp"), known_miss=pairs("known_miss"))


def _parse_entities(
    items: Any, name: str, path: str, line: int | None, problems: list[Problem]
) -> Gazetteer | None:
    if not isinstance(items, list):
        problems.append(Problem(path, line, "'entities' must be a list of entities"))
        return None
    entities: list[Entity] = []
    for item in items:
        eline = _line(item)
        if not isinstance(item, dict):
            problems.append(Problem(path, eline, f"an entity must be a mapping, not {_describe(item)}"))
            continue
        found = _entity_problems(item)
        problems += [Problem(path, _key_line(item, key) if key else eline, msg) for key, msg in found]
        if found:
            continue
        meta = {k: v for k, v in item.items() if k not in ENTITY_KEYS}
        entities.append(Entity(item["canonical"], item.get("type", ""), tuple(item.get("variants") or ()), meta,
                               Location(path, eline)))
    return Gazetteer(name=name, entities=tuple(entities), location=Location(path, line))


def validation_code_key() -> str:
    """A hash of the code that parses and validates rule files, so that a cached parse dies with it.

    That code is all of cleantext's source (the loader, the kinds, the passes' validators and what they
    call) plus the registered kinds: their keys, and the source file of each validator, which covers
    kinds registered from outside the package (plugins, tests).
    """
    h = hashlib.sha256(_package_source_hash().encode())
    for name in sorted(KINDS.names()):
        kind = KINDS.get(name)
        params = sorted((k, p.type_names(), p.required) for k, p in kind.params.items())
        h.update(repr((name, kind.pass_name, params)).encode())
        if kind.validate is not None:
            h.update(_file_hash(_source_file(kind.validate)).encode())
    return h.hexdigest()


@functools.cache
def _package_source_hash() -> str:
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for source in sorted(root.rglob("*.py")):
        h.update(f"{source.relative_to(root)}\0{_file_hash(str(source))}\0".encode())
    return h.hexdigest()


@functools.cache
def _file_hash(path: str | None) -> str:
    if path is None:
        return "-"
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "?"


def _source_file(function: Any) -> str | None:
    try:
        return inspect.getsourcefile(function)
    except TypeError:  # a builtin or a C function: no source to hash
        return None


def _entity_problems(item: Mapping[Any, Any]) -> list[tuple[str, str]]:
    """Every problem of one entity, as (key, message): typos of known keys and values of the wrong type."""
    canonical = item.get("canonical")
    if not isinstance(canonical, str) or not canonical.strip():
        if "canonical" in item:
            return [("canonical", f"'canonical' must be the name to normalize to, not {_describe(canonical)}")]
        return [("", "entity without 'canonical' (the name to normalize to)")]
    out = [(str(key), f"unknown key {key!r} of {canonical!r}{did_you_mean(str(key), [close])} (a metadata key "
            "this close to a key the names pass reads is taken for a typo: rename it)")
           for key in item if (close := _typo_of(str(key))) is not None]
    if not isinstance(item.get("type", ""), str):
        out.append(("type", f"'type' of {canonical!r} must be text, not {_describe(item['type'])}"))
    variants = item.get("variants", [])
    if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip() for v in variants):
        hint = f" (write [{variants}] for a list)" if isinstance(variants, str) else ""
        out.append(("variants", f"'variants' of {canonical!r} must be a list of names, not "
                    f"{_describe(variants)}{hint}"))
    out += [(key, f"{key!r} of {canonical!r} {msg}") for key, msg in entity_meta_problems(item)]
    return out


def entity_meta_problems(meta: Mapping[Any, Any]) -> list[tuple[str, str]]:
    """(key, what is wrong) for the metadata keys the names pass interprets whose value has the wrong type."""
    out = []
    for key in ENTITY_NAME_LIST_KEYS:
        value = meta.get(key)
        if value is not None and not isinstance(value, str) and not (
                isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)):
            out.append((key, f"must be a name or a list of names, not {_describe(value)}"))
    out += [(key, f"must be true or false, not {_describe(meta[key])}") for key in ENTITY_FLAG_KEYS
            if key in meta and not isinstance(meta[key], bool)]
    return out


def _typo_of(key: str) -> str | None:
    """The known entity key that ``key`` misspells: at most 1 edit from a key of under 5 letters, else 2."""
    if key in ENTITY_READ_KEYS:
        return None
    for known in sorted(ENTITY_READ_KEYS):
        if _edit_distance(key.casefold(), known) <= (1 if len(known) < 5 else 2):
            return known
    return None


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _ensure_kinds_registered() -> None:
    # Kinds live with their passes; importing the passes package registers them all.
    from . import passes  # noqa: F401
