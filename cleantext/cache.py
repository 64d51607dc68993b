"""The on-disk caches of cleantext: one location, one naming and one writing policy for every cache.

Two things are cached, both only to load faster and never changing a result:

* parsed gazetteer files (``gazetteer-KEY.pickle``, :func:`cached_parse`): parsing YAML is the slow
  part of loading a gazetteer (about 20 s for 100,000 variants with the strict, line-tracking loader).
  A file that holds only entities, parsed without problems, is stored under a key made of its content,
  its path and the cleantext version, so any edit of the file, a move, or an upgrade misses the cache.
  Rule files are never cached: their validation depends on the code of their kinds.
* the compiled names index (``names-KEY.marshal``, written by :mod:`cleantext.names.index` through
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

#: files smaller than this parse faster than a cache look-up is worth
MIN_BYTES = 64 * 1024
#: values of CLEANTEXT_CACHE_DIR that turn the caches off (compared lower-cased, stripped)
OFF_VALUES = ("", "off", "none", "0", "false")
_FORMAT = 1

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


def _key(text: str, path: str) -> str:
    h = hashlib.sha256(f"{_FORMAT}\0{__version__}\0{Path(path).resolve()}\0".encode())
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def cached_parse(text: str, path: str, parse: Callable[[str, str], tuple[list[Any], list[Any], list[Any]]]
                 ) -> tuple[list[Any], list[Any], list[Any]]:
    """``parse(text, path)``, from the cache when this exact gazetteer file was parsed before."""
    if len(text) < MIN_BYTES or "entities:" not in text:
        return parse(text, path)
    entry = entry_path("gazetteer", _key(text, path), "pickle")
    if entry is None:
        return parse(text, path)
    cached = load_entry(entry, pickle.loads)
    if isinstance(cached, tuple) and len(cached) == 3:
        return cached
    result = parse(text, path)
    rules, gazetteers, problems = result
    if not rules and gazetteers and not problems:
        with contextlib.suppress(pickle.PicklingError):
            store_entry(entry, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return result
