"""Module boundaries that the code relies on, checked from the source (AST), so a regression fails here."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cleantext"


def _imported_names(path: Path) -> list[tuple[int, str, str]]:
    """(line, module, name) for every ``from cleantext... import name`` in a module (relative or absolute)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.level > 0 or (node.module or "").startswith("cleantext")):
            found.extend((node.lineno, node.module or ".", alias.name) for alias in node.names)
    return found


def test_no_module_imports_another_modules_private_names() -> None:
    """A private helper is its module's own: a second user (integrations/ray.py took ``_as_document`` and
    ``_chunks`` from cleaner.py) means it belongs in a public place."""
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: from {module} import {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, module, name in _imported_names(path)
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not offenders, "\n".join(offenders)
