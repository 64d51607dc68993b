"""clean_batch in a Spark pandas UDF on a local Spark session (skipped without pyspark or Java).

pyspark and pandas are in the test extra; the test skips only on a machine without Java.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'cleantext-repair[spark]')")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java, and no java is on PATH", allow_module_level=True)

# pandas at module level: Spark reads the UDF's type hints from the module
import pandas as pd

from cleantext import Cleaner

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.fixture(scope="module")
def spark(monkeypatch_module: pytest.MonkeyPatch) -> Iterator[Any]:
    from pyspark.sql import SparkSession

    monkeypatch_module.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch_module.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    # Spark's Python workers must be this interpreter (the one with cleantext), not the first python on PATH
    session = (SparkSession.builder.master("local[2]").appName("cleantext-test")
               .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.ui.enabled", "false").config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .getOrCreate())
    try:
        yield session
    finally:
        session.stop()


def test_clean_batch_in_pandas_udf_equals_local(spark: Any) -> None:
    from pyspark.sql.functions import pandas_udf

    from cleantext.integrations import clean_batch

    @pandas_udf("string")  # type: ignore[misc]
    def clean_udf(texts: pd.Series) -> pd.Series:
        return clean_batch(texts)

    rows = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    rows += [(f"extra-{i}", f"line {i}\u00a0 with space  \n\n\n") for i in range(50)] + [("missing", None)]
    df = spark.createDataFrame(rows, "id string, text string").repartition(3)
    out = {r["id"]: r["clean"] for r in df.withColumn("clean", clean_udf("text")).collect()}
    cleaner = Cleaner()
    for doc_id, text in rows:
        assert out[doc_id] == (cleaner.clean(text) if text is not None else None), doc_id
