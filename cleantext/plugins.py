"""Passes and rule kinds from other installed packages, found by entry points (as pytest finds its plugins).

A package adds to cleantext by declaring entry points in two groups, in its ``pyproject.toml``::

    [project.entry-points."cleantext.passes"]
    ext_expand = "my_package.expand:ExpandPass"      # a Pass subclass, whose ``name`` is the entry point's

    [project.entry-points."cleantext.rule_kinds"]
    ext_expand = "my_package.expand:EXPAND_KIND"     # a RuleKind, whose ``name`` is the entry point's

The object may also be a module whose import registers the pass or kind itself (``register_pass`` with a
place, ``register_kind``); a Pass or RuleKind that nothing registered yet is registered here (a pass then
runs before ``tidy``, by default). The entry points are read once per process, when the registry of
passes or of kinds is first used, never at ``import cleantext``; a plugin that cannot be loaded raises
:class:`PluginError` naming the entry point, its distribution and the reason. ``CLEANTEXT_NO_PLUGINS=1``
in the environment loads none (to run while an installed plugin is broken).
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .errors import CleantextError

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from .registry import Registry

#: the entry-point group of passes and the one of rule kinds
PASS_GROUP = "cleantext.passes"
KIND_GROUP = "cleantext.rule_kinds"
#: set (to anything but "", "0") to load no plugins
DISABLE_ENV = "CLEANTEXT_NO_PLUGINS"


class PluginError(CleantextError):
    """An installed plugin's entry point could not be loaded or does not give what its group needs."""


#: held while plugins load: another thread's first lookup waits for them. An RLock: a plugin's module,
#: imported while it is held, looks names up in the registries again (and is answered at once)
_LOCK = threading.RLock()
#: the plugins are loaded (or none are to be, or loading failed: then _failure says how)
_done = False
#: the plugins are being loaded, by the thread that holds _LOCK
_loading = False
#: the error of a failed load, raised again by every later call
_failure: PluginError | None = None
#: whether the built-in passes and kinds are all registered (cleantext.passes is imported)
_built_ins = False


def load_plugins() -> bool:
    """Load every plugin pass, then every plugin kind, once per process; True once they are loaded.

    Called by the registries of passes and kinds before their lookups until it returns True. Plugins load
    after the built-in passes and kinds are registered (so a plugin pass can be placed after a built-in
    one): a lookup made while those are being imported gets False, and the registry asks again at its next.
    """
    global _done, _loading, _failure
    if _done and _failure is None:
        return True
    # outside the lock: a thread importing the built-ins (holding the import lock) may look names up
    importlib.import_module("cleantext.passes")  # registers the built-ins, unless they are being imported
    with _LOCK:
        if _failure is not None:
            raise _failure
        if _done or _loading:  # _loading: a plugin's own import, in this thread, looks a name up
            return True
        if not _built_ins:
            return False
        if os.environ.get(DISABLE_ENV, "") not in ("", "0"):
            _done = True
            return True
        _loading = True
        try:
            _load_all()
        except PluginError as exc:
            _failure = exc
            raise
        finally:
            _loading, _done = False, True
        return True


def _load_all() -> None:
    from importlib import metadata  # here, not at import: it reads every installed distribution

    for group in (PASS_GROUP, KIND_GROUP):
        for entry in sorted(metadata.entry_points(group=group), key=lambda e: e.name):
            _load(entry, group)


def built_ins_registered() -> None:
    """Called by ``cleantext.passes`` once every built-in pass and kind is registered."""
    global _built_ins
    _built_ins = True


def reset_for_tests() -> None:
    """Forget that plugins were loaded, so the next lookup reads the entry points again (tests only)."""
    global _done, _failure
    with _LOCK:
        _done, _failure = False, None


def _describe(entry: EntryPoint, group: str) -> str:
    dist = getattr(entry, "dist", None)
    source = f", distribution {dist.name} {dist.version}" if dist is not None else ""
    return f"plugin entry point {entry.name!r} = {entry.value!r} (group {group}{source})"


_HINT = f" (fix or uninstall the plugin; {DISABLE_ENV}=1 runs cleantext without plugins)"


def _load(entry: EntryPoint, group: str) -> None:
    try:
        obj = entry.load()
    except Exception as exc:  # any failure of someone else's import is reported as theirs, by name
        raise PluginError(f"cannot load {_describe(entry, group)}: {type(exc).__name__}: {exc}{_HINT}") from exc
    try:
        _register(entry.name, obj, group)
    except (CleantextError, ValueError) as exc:  # ValueError: registered twice, placed after and before
        raise PluginError(f"{_describe(entry, group)}: {exc}{_HINT}") from exc


def _register(name: str, obj: object, group: str) -> None:
    """Register what an entry point gave, unless its import did; then check that ``name`` is registered."""
    from .kinds import KINDS, RuleKind, register_kind
    from .passes.base import PASSES, Pass, register_pass

    registry: Registry[Any]
    register: Callable[[Any], object]
    if group == PASS_GROUP:
        registry, register, what, expected = PASSES, register_pass, "pass", "a Pass subclass"
        given: Any = obj if isinstance(obj, type) and issubclass(obj, Pass) else None
    else:
        registry, register, what, expected = KINDS, register_kind, "rule kind", "a RuleKind"
        given = obj if isinstance(obj, RuleKind) else None
    if given is not None:
        if given.name != name:
            raise PluginError(f"the {what} it gives is named {given.name!r}; the entry point must have the same name")
        if name not in registry:
            register(given)
    elif not isinstance(obj, ModuleType):
        raise PluginError(f"gives {type(obj).__name__}, not {expected} or a module")
    if name not in registry:
        raise PluginError(f"no {what} {name!r} was registered by loading it")
