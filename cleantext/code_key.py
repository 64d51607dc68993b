"""The hash of the code that parses and validates rule files, keying the rule-file cache (:mod:`cleantext.cache`)."""

from __future__ import annotations

import functools
import hashlib
import inspect
from pathlib import Path
from typing import Any

from .kinds import KINDS


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
