"""clean_many with worker processes gives the serial results, in input order (no timing asserted here)."""

from __future__ import annotations

import sys
from pathlib import Path

from cleantext import Cleaner
from cleantext.document import Mention
from cleantext.edits import Edit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402


def test_clean_many_jobs_2_equals_serial_in_order() -> None:
    cleaner = Cleaner()
    docs = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    docs += list(generate.iter_documents(generate.make_gazetteer(300), 40))
    serial = list(cleaner.clean_many(docs, jobs=1))
    parallel = list(cleaner.clean_many(docs, jobs=2, chunk_size=3))
    assert [r.id for r in parallel] == [d for d, _ in docs]
    assert [(r.text, r.edits) for r in parallel] == [(r.text, r.edits) for r in serial]
    # results come back pickled (edits and mentions as plain tuples): the same values, of the same types
    assert parallel == serial
    assert {type(e) for r in parallel for e in r.edits} == {Edit}
    assert {type(m) for r in parallel for m in r.mentions} == {Mention}
    assert sum(len(r.mentions) for r in parallel) > 0


def test_clean_many_jobs_2_with_fewer_docs_than_the_priming_batch() -> None:
    cleaner = Cleaner(passes=["tidy"])
    assert [r.text for r in cleaner.clean_many(["a  ", "b\n\n\n"], jobs=2)] == ["a\n", "b\n"]
    assert list(cleaner.clean_many([], jobs=2)) == []
