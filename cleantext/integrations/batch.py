"""``clean_batch``: clean a batch of texts with a Cleaner built once per process.

Made for engines that call a function on batches in many worker processes (Spark pandas UDFs, Dask
``map_partitions``, Ray tasks): the Cleaner for a given configuration is built on the first batch a
process sees and reused for every later batch, so rules are compiled once per worker, not per batch.

>>> clean_batch(["Idlib\\u00a0province  \\n\\n\\n", None], passes=["unicode", "tidy"])
['Idlib province\\n', None]
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..cleaner import Cleaner
from ..options import Options

T = TypeVar("T")

_cache: dict[tuple[Any, ...], Cleaner] = {}
_lock = threading.Lock()


def cleaner_for(*, rules: Sequence[str | Path] = (), default_rules: bool = True, passes: Sequence[str] | None = None,
                options: Options | None = None) -> Cleaner:
    """The Cleaner of this configuration in this process, built on first use."""
    key = (tuple(str(r) for r in rules), default_rules, tuple(passes) if passes else None, options or Options())
    with _lock:
        cleaner = _cache.get(key)
        if cleaner is None:
            cleaner = Cleaner(rules=list(rules) or None, default_rules=default_rules, passes=passes,
                              options=options)
            _cache[key] = cleaner
    return cleaner


def clean_batch(texts: Iterable[str | None] | Any, *, cleaner: Cleaner | None = None,
                rules: Sequence[str | Path] = (), default_rules: bool = True, passes: Sequence[str] | None = None,
                options: Options | None = None) -> Any:
    """Cleaned texts in input order; missing values (None, NaN) stay missing.

    ``texts`` is any iterable of strings; a pandas Series gives back a Series with the same index and
    name. Pass a ``cleaner`` or the configuration to build one (cached per process).
    """
    c = cleaner or cleaner_for(rules=rules, default_rules=default_rules, passes=passes, options=options)
    values = texts.tolist() if hasattr(texts, "tolist") else list(texts)
    out = [c.clean(v) if isinstance(v, str) else (None if _is_missing(v) else _not_text(v)) for v in values]
    if hasattr(texts, "index") and hasattr(texts, "name"):  # a pandas Series: keep its shape
        series: Any = type(texts)
        return series(out, index=texts.index, name=texts.name, dtype=object)
    return out


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v)  # NaN is pandas' missing value


def _not_text(v: Any) -> str:
    raise TypeError(f"clean_batch() needs strings (or None for missing values), got {type(v).__name__}: {v!r}"[:200])
