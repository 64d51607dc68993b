"""The strict YAML loader of rule files: line numbers kept, duplicate keys reported, values shown briefly.

Files are parsed with a safe loader (no tags that build objects, no code). Every mapping it builds is
a :class:`LineDict` that remembers the line it and each of its keys started on, so a problem found
later (by :mod:`cleantext.rule_parse`, :mod:`cleantext.entity_parse`) names the line.
"""

from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any

import yaml

from .errors import Problem


class LineDict(dict[Any, Any]):
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


# Values from a rule file are shown in messages through a bounded repr: a YAML alias bomb (an alias
# nested in aliases) is cheap to load, as the nodes are shared, but exponential to print in full.
SHORT = reprlib.Repr()
SHORT.maxlevel, SHORT.maxlist, SHORT.maxdict, SHORT.maxstring, SHORT.maxother = 2, 4, 4, 60, 60


def describe(value: Any) -> str:
    """A value from a rule file as a message shows it: its type and a bounded repr."""
    if isinstance(value, bool):
        return f"{value!r} (YAML reads yes/no/on/off as true/false: quote it)"
    what = "mapping" if isinstance(value, dict) else type(value).__name__
    return f"{what} {SHORT.repr(value)}"[:80]


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            loader.problems.append(Problem(loader.path, line, f"a key must be text, not {SHORT.repr(key)}"))
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


def key_line(mapping: Mapping[Any, Any], key: Any) -> int | None:
    """The line ``key`` of a loaded mapping is on (the mapping's own line for a missing key)."""
    if isinstance(mapping, LineDict):
        return mapping.key_lines.get(key, mapping.line)
    return None


def line_of(obj: Any) -> int | None:
    """The line a loaded mapping starts on; None for anything else."""
    return obj.line if isinstance(obj, LineDict) else None
