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


def _package_of(path: Path, level: int) -> Path:
    here = path.parent
    for _ in range(level - 1):
        here = here.parent
    return here


def test_no_module_imports_from_a_package_init() -> None:
    """Arrows point down: a module takes what it needs from the module that defines it, never from a
    package's ``__init__`` (cache.py took ``__version__`` from ``cleantext``, which imports the whole
    library and runs back up). Importing a submodule (``from . import boilerplate``) is fine."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level > 0 and not node.module:
                package = _package_of(path, node.level)
            elif node.level == 0 and node.module == "cleantext":
                package = PACKAGE
            else:
                continue
            for alias in node.names:
                if not ((package / f"{alias.name}.py").exists() or (package / alias.name).is_dir()):
                    offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: imports {alias.name} "
                                     f"from {package.relative_to(PACKAGE.parent)}/__init__.py")
    assert not offenders, "\n".join(offenders)
