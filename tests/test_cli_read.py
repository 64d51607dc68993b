"""The reader of ``clean`` yields each document with its origin, and the resume filter skips by origin."""

from __future__ import annotations

import json
from pathlib import Path

from cleantext.cli_read import Origin, Reader, ReadSettings
from cleantext.cli_resume import Progress


def _inputs(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("alpha\n", encoding="utf-8")
    (src / "sub" / "b.jsonl").write_text(json.dumps({"id": "r1", "text": "beta"}) + "\nnot json\n",
                                         encoding="utf-8")
    return src


def test_documents_come_with_where_they_go(tmp_path: Path) -> None:
    src, out = _inputs(tmp_path), tmp_path / "out"
    out.mkdir()
    reader = Reader(ReadSettings(out=out, globs=("*.txt", "*.jsonl")))
    items = list(reader.read([str(src)]))
    assert [(o.name, d.id, d.text) for o, d in items] == [
        (str(src / "a.txt"), str(src / "a.txt"), "alpha\n"),
        (f"{src / 'sub' / 'b.jsonl'}:1", "r1", "beta"),
    ]
    text_origin, record_origin = (o for o, _ in items)
    assert text_origin.dest == out / "a.txt" and text_origin.record is None
    assert record_origin.record == {"id": "r1", "text": "beta"} and record_origin.stream == out / "sub" / "b.jsonl"
    assert reader.skipped == {"rejected_line": 1}  # the line that is not JSON, reported and counted


def test_resume_skips_documents_whose_output_exists(tmp_path: Path) -> None:
    done, todo = tmp_path / "done.txt", tmp_path / "todo.txt"
    done.write_text("x", encoding="utf-8")
    progress = Progress(None, resume=True, by_files=True)
    items = [(Origin("a", done), 1), (Origin("b", todo), 2), (Origin("c"), 3)]
    assert [i for _, i in progress.remaining(items)] == [2, 3]
    assert (progress.resumed, progress.done) == (1, 1)
