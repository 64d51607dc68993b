"""No module of cleantext over 400 lines and no function over 60, unless it says why at its top.

A module (or a function) that is bigger for a reason states it in its docstring, on a line starting
with ``Size:`` followed by the reason; anything else is split (issue 16: one module a job, short
functions a newcomer can read).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cleantext"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
#: modules over the limits without a stated reason, each waiting for its split; an entry goes when the
#: module fits (test_the_allowlist_holds_only_modules_still_over_the_limits says when)
ALLOWED: set[str] = set()


def _states_a_size_reason(node: ast.Module | ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    doc = ast.get_docstring(node) or ""
    return any(line.strip().startswith("Size:") and line.strip()[len("Size:"):].strip()
               for line in doc.splitlines())


def oversized(source: str) -> list[str]:
    """What in one module's source is over the limits without a ``Size:`` reason at its top."""
    tree = ast.parse(source)
    if _states_a_size_reason(tree):
        return []
    found = []
    lines = len(source.splitlines())
    if lines > MAX_MODULE_LINES:
        found.append(f"the module has {lines} lines (limit {MAX_MODULE_LINES})")
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not _states_a_size_reason(node):
            assert node.end_lineno is not None
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{node.name} (line {node.lineno}) has {length} lines (limit {MAX_FUNCTION_LINES})")
    return found


def _package_findings() -> dict[str, list[str]]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        found = oversized(path.read_text(encoding="utf-8"))
        if found:
            out[path.relative_to(PACKAGE).as_posix()] = found
    return out


def test_no_module_or_function_is_over_the_limits_without_a_reason() -> None:
    problems = [f"cleantext/{name}: {finding}" for name, found in _package_findings().items()
                if name not in ALLOWED for finding in found]
    assert not problems, ("split these, or state the reason on a 'Size:' line of the docstring:\n"
                          + "\n".join(problems))


def test_the_allowlist_holds_only_modules_still_over_the_limits() -> None:
    findings = _package_findings()
    stale = sorted(name for name in ALLOWED if name not in findings)
    assert not stale, f"these now fit the limits: remove them from ALLOWED: {stale}"


def _module(function_lines: int, doc: str = "") -> str:
    body = "\n".join(f"    x{i} = {i}" for i in range(function_lines - 2))
    return f'"""A module.{doc}"""\n\n\ndef f() -> int:\n    """A function."""\n{body}\n'


def test_the_check_counts_lines_as_the_limits_say() -> None:
    assert oversized(_module(MAX_FUNCTION_LINES)) == []
    assert oversized(_module(MAX_FUNCTION_LINES + 1)) == [f"f (line 4) has {MAX_FUNCTION_LINES + 1} lines (limit 60)"]
    long_module = _module(3) + "\n" * MAX_MODULE_LINES
    assert oversized(long_module) == [f"the module has {len(long_module.splitlines())} lines (limit 400)"]


def test_a_size_line_with_a_reason_exempts_a_module_or_a_function() -> None:
    reason = "\n\nSize: one table of 500 entries, read as one.\n"
    assert oversized(_module(MAX_FUNCTION_LINES + 1, reason)) == []
    assert oversized(_module(MAX_FUNCTION_LINES + 1, "\n\nSize:\n")) != [], "a Size: line needs a reason"
    with_reason = '"""A function.\n\n    Size: a reason.\n    """'
    in_function = _module(MAX_FUNCTION_LINES + 1).replace('"""A function."""', with_reason)
    assert oversized(in_function) == []
