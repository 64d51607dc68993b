"""Running cleantext inside data-processing engines.

* :mod:`cleantext.integrations.batch`: ``clean_batch``, a list or pandas Series in, cleaned texts out;
  the building block for Spark pandas UDFs, Dask or any engine that hands out batches.
* :mod:`cleantext.integrations.ray`: Ray Data datasets and a Ray-backed ``clean_many`` (optional extra
  ``cleantext-repair[ray]``; Ray is imported only when that module is used).
"""

from __future__ import annotations

from .batch import clean_batch

__all__ = ["clean_batch"]
