"""cleantext on Ray: clean a Ray Data dataset column, or a stream of documents, on a Ray cluster.

Install with ``pip install 'cleantext-repair[ray]'``. Nothing here is imported by ``import cleantext``;
Ray is imported when this module is.

* :func:`clean_dataset` cleans one column of a ``ray.data.Dataset`` batch by batch and keeps every
  other column; rows keep their order.
* :func:`clean_many` is ``Cleaner.clean_many`` on Ray actors: same results, in input order, with a
  bounded number of chunks in flight. The CLI's ``--engine ray`` uses it, so reading and writing are
  the local engine's own and the output is byte-identical.

Each actor receives the Cleaner pickled (rules and options, not compiled matchers) and compiles it
once. :func:`connect` starts a private local Ray instance unless an address is given, so cleantext
never attaches to somebody else's cluster by accident.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import ray

from ..cleaner import Cleaner, settle_memory
from ..document import CleanResult, Document, DocumentLike, as_document, document_chunks


def connect(address: str | None = None, **init_kwargs: Any) -> None:
    """Make sure Ray is initialized: with ``address`` (e.g. ``"ray://head:10001"`` or ``"auto"``) or a new
    local instance (``address="local"``); an already initialized Ray is used as it is."""
    if ray.is_initialized():
        return
    init_kwargs.setdefault("include_dashboard", False)
    init_kwargs.setdefault("log_to_driver", False)
    ray.init(address=address or "local", **init_kwargs)


def _cluster_cpus() -> int:
    resources: dict[str, float] = getattr(ray, "cluster_resources")()  # noqa: B009 (untyped in Ray)
    return max(1, int(resources.get("CPU", 1)))


@ray.remote
class _CleanerActor:
    """One worker: builds its Cleaner once, then cleans chunk after chunk."""

    def __init__(self, cleaner: Cleaner) -> None:
        self.cleaner = cleaner  # unpickling compiled the rules, here, once
        settle_memory()  # the actor's process is ours

    def clean(self, docs: list[Document]) -> list[CleanResult]:
        return [self.cleaner.pipeline.run(d) for d in docs]


def clean_many(cleaner: Cleaner, docs: Iterable[DocumentLike], *, actors: int | None = None, chunk_size: int = 64,
               address: str | None = None) -> Iterator[CleanResult]:
    """``cleaner.clean_many`` on Ray actors; results in input order, at most ``4 * actors`` chunks in flight.

    ``actors`` defaults to the cluster's CPU count.
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    connect(address)
    n = actors or _cluster_cpus()
    if n < 1:
        raise ValueError(f"actors must be at least 1, got {n}")
    cleaner_ref = ray.put(cleaner)
    pool = [_CleanerActor.options(num_cpus=1).remote(cleaner_ref) for _ in range(n)]  # type: ignore[attr-defined]
    pending: deque[Any] = deque()
    try:
        stream = (as_document(d, i) for i, d in enumerate(docs))
        for k, chunk in enumerate(document_chunks(stream, chunk_size)):
            pending.append(pool[k % n].clean.remote(chunk))
            if len(pending) >= 4 * n:
                yield from ray.get(pending.popleft())
        while pending:
            yield from ray.get(pending.popleft())
    finally:
        for actor in pool:
            ray.kill(actor)


class _CleanColumn:
    """The batch function of :func:`clean_dataset`; a class, so Ray builds the Cleaner once per actor."""

    def __init__(self, cleaner: Cleaner, column: str) -> None:
        self.cleaner = cleaner
        self.column = column
        settle_memory()

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        texts = batch.column(self.column).to_pylist()
        cleaned = [self.cleaner.clean(t) if isinstance(t, str) else t for t in texts]
        index = batch.schema.get_field_index(self.column)
        return batch.set_column(index, self.column, pa.array(cleaned, type=pa.string()))


def clean_dataset(ds: Any, *, cleaner: Cleaner | None = None, column: str = "text", batch_size: int = 64,
                  concurrency: int | None = None) -> Any:
    """A dataset like ``ds`` whose ``column`` is cleaned; every other column is kept as it was.

    Rows keep their order: this sets Ray Data's ``preserve_order`` on the dataset's own context, which
    ``ds`` and the datasets derived from it share (Ray copies the global ``DataContext`` into a dataset
    when the dataset is created, so setting the global one here would not reach ``ds``). Missing values
    stay missing. ``concurrency`` is the number of cleaning actors (default: the cluster's CPUs).
    """
    if column not in ds.schema().names:
        raise ValueError(f"dataset has no column {column!r}; its columns are: {', '.join(ds.schema().names)}")
    n = concurrency or _cluster_cpus()
    cleaned = ds.map_batches(_CleanColumn, fn_constructor_kwargs={"cleaner": cleaner or Cleaner(), "column": column},
                             batch_size=batch_size, batch_format="pyarrow", concurrency=n, num_cpus=1)
    # the context the returned dataset executes with; set after map_batches so it is that dataset's own
    cleaned.context.execution_options.preserve_order = True
    return cleaned


__all__ = ["clean_dataset", "clean_many", "connect"]
