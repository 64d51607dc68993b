"""A disk cache of parsed gazetteers, so a large gazetteer loads in a fraction of a second the second time.

Parsing YAML is the slow part of loading a gazetteer (about 20 s for 100,000 variants with the strict,
line-tracking loader). A file that holds only entities, parsed without problems, is stored pickled under
a key made of its content, its path and the cleantext version, so any edit of the file, a move, or an
upgrade misses the cache and parses afresh. Rule files are never cached: their validation depends on
the code of their kinds. Cache failures (unwritable folder, corrupt entry) fall back to parsing.

Where: ``$CLEANTEXT_CACHE_DIR``, else ``$XDG_CACHE_HOME/cleantext``, else ``~/.cache/cleantext``;
``CLEANTEXT_CACHE_DIR=off`` turns it off.
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
from typing import Any

#: files smaller than this parse faster than a cache look-up is worth
MIN_BYTES = 64 * 1024
_FORMAT = 1


def cache_dir() -> Path | None:
    configured = os.environ.get("CLEANTEXT_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "none") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cleantext"


def _key(text: str, path: str) -> str:
    from . import __version__

    h = hashlib.sha256(f"{_FORMAT}\0{__version__}\0{Path(path).resolve()}\0".encode())
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def cached_parse(text: str, path: str, parse: Callable[[str, str], tuple[list[Any], list[Any], list[Any]]]
                 ) -> tuple[list[Any], list[Any], list[Any]]:
    """``parse(text, path)``, from the cache when this exact gazetteer file was parsed before."""
    folder = cache_dir()
    if folder is None or len(text) < MIN_BYTES or "entities:" not in text:
        return parse(text, path)
    entry = folder / f"{_key(text, path)}.pickle"
    with contextlib.suppress(Exception):  # a missing or unreadable entry: parse instead
        with entry.open("rb") as f:
            # hundreds of thousands of small objects: the cyclic GC would run many times for nothing
            gc_was_on = gc.isenabled()
            gc.disable()
            try:
                cached = pickle.load(f)
            finally:
                if gc_was_on:
                    gc.enable()
        if isinstance(cached, tuple) and len(cached) == 3:
            return cached
    result = parse(text, path)
    rules, gazetteers, problems = result
    if not rules and gazetteers and not problems:
        with contextlib.suppress(OSError, pickle.PicklingError):
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)  # atomic: a reader never sees half an entry
    return result
