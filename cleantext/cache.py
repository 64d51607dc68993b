"""The on-disk caches of cleantext: one location, one naming and one writing policy for every cache.

Two things are cached, both only to load faster and never changing a result:

* parsed and validated rule files and gazetteers (``rulefile-KEY.pickle``, :func:`cached_parse`):
  parsing YAML and checking patterns is most of a start-up (about 2 s for the shipped rules, 20 s for a
  100,000-variant gazetteer). A file parsed without problems is stored under a key made of its content,
  its path, the cleantext version and a hash of the code that parses and validates it (``code_key``,
  given by :mod:`cleantext.rulefiles`), so an edit of the file, a move, an upgrade or a code change
  misses the cache. A file with problems is never stored: its problems are found and reported afresh.
* the compiled names index (``names-KEY.marshal``, written by :mod:`cleantext.names.build` through
  :func:`load_entry` and :func:`store_entry`).

Where: ``$CLEANTEXT_CACHE_DIR``, else ``$XDG_CACHE_HOME/cleantext``, else ``~/.cache/cleantext``.
``CLEANTEXT_CACHE_DIR`` set to ``off``, ``none``, ``0``, ``false`` or the empty string turns every
cache off: nothing is then written anywhere. Entries are written to a temporary file and renamed, so
a reader never sees half an entry; cache failures (unwritable folder, corrupt entry) fall back to
building afresh, silently.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ._version import __version__

#: values of CLEANTEXT_CACHE_DIR that turn the caches off (compared lower-cased, stripped)
OFF_VALUES = ("", "off", "none", "0", "false")
_FORMAT = 2

_T = TypeVar("_T")


def cache_dir() -> Path | None:
    """The folder every cache writes into, or None when caching is off."""
    configured = os.environ.get("CLEANTEXT_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in OFF_VALUES else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cleantext"


def entry_path(kind: str, key: str, suffix: str) -> Path | None:
    """Where the entry ``key`` of the cache ``kind`` lives (``KIND-KEY.SUFFIX``); None when caching is off."""
    folder = cache_dir()
    return None if folder is None else folder / f"{kind}-{key}.{suffix}"


def load_entry(path: Path, decode: Callable[[bytes], _T]) -> _T | None:
    """A cache entry decoded by ``decode``, or None when it is missing or cannot be decoded."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    # hundreds of thousands of small objects: the cyclic GC would run many times for nothing
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        return decode(data)
    except Exception:  # a corrupt or outdated entry is a miss
        return None
    finally:
        if gc_was_on:
            gc.enable()


def store_entry(path: Path, data: bytes) -> None:
    """Write an entry atomically (a temporary file renamed into place); a failed write is ignored."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def _key(text: str, path: str, code_key: str) -> str:
    h = hashlib.sha256(f"{_FORMAT}\0{__version__}\0{code_key}\0{Path(path).resolve()}\0".encode())
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


_Parsed = tuple[list[Any], list[Any], list[Any]]


def cached_parse(text: str, path: str, parse: Callable[[str, str], _Parsed], *, code_key: str) -> _Parsed:
    """``parse(text, path)``, from the cache when this exact file was parsed without problems before.

    Pickle is safe here only because the cache folder is the user's own (``~/.cache`` or a folder they
    chose): whoever can write an entry there can already run code as that user. A parse result holds
    rule and entity objects (dataclasses, nested mappings) that marshal and JSON cannot carry.
    """
    entry = entry_path("rulefile", _key(text, path, code_key), "pickle")
    if entry is None:
        return parse(text, path)
    cached = load_entry(entry, pickle.loads)
    if isinstance(cached, tuple) and len(cached) == 3 and not cached[2]:
        return cached
    result = parse(text, path)
    if not result[2]:  # problems are never cached: they must be found and reported on every load
        with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
            store_entry(entry, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return result
