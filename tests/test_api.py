"""The library API: clean, clean_and_explain, Cleaner (threads, pickling, clean_many), packaging."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import cleantext
from cleantext import Cleaner, Document, Options

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def test_clean_and_explain_unpacks_and_replays() -> None:
    raw = "Turkey\u2019s\u00a0demands were rejected.   \n\n\n\nThe talks went on."
    text, edits = cleantext.clean_and_explain(raw)
    # the curly apostrophe is kept: it is legitimate typography, not an error
    assert text == "Turkey\u2019s demands were rejected.\n\nThe talks went on.\n"
    assert {e.rule for e in edits} == {"unicode.odd_space", "tidy.trailing_space", "tidy.blank_run",
                                        "tidy.final_newline"}
    assert all(e.pass_name in ("unicode", "tidy") and e.reason for e in edits)
    result = cleantext.clean_and_explain(raw)
    assert result.replay() == result.text and result.restore() == raw


def test_mojibake_is_repaired_and_explained() -> None:
    result = cleantext.clean_and_explain("Turkeyâ€™s demands\n")
    assert result.text == "Turkey\u2019s demands\n"
    (edit,) = [e for e in result.edits if e.pass_name == "unicode"]
    assert edit.rule == "unicode.mojibake" and "ftfy" in edit.reason and edit.old == "â€™"


def test_uncurl_quotes_only_when_asked() -> None:
    text = "\u201cQuoted\u201d and \ufb01ne \uff21\n"
    assert cleantext.clean(text) == text  # quotes, ligature and full-width letter are kept
    assert Cleaner(options=Options(uncurl_quotes=True)).clean(text).startswith('"Quoted"')


def test_cleaner_is_thread_safe() -> None:
    cleaner = Cleaner()
    texts = [p.read_text(encoding="utf-8") for p in SEEDS] * 8
    expected = [cleaner.clean(t) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(cleaner.clean, texts))
    assert got == expected


def test_clean_many_keeps_order_across_processes() -> None:
    cleaner = Cleaner(passes=["unicode", "tidy"])
    docs = [f"doc {i}\u00a0text  \n\n\n" for i in range(300)]
    serial = [r.text for r in cleaner.clean_many(docs)]
    parallel = [r.text for r in cleaner.clean_many(docs, jobs=2, chunk_size=7)]
    assert parallel == serial == [f"doc {i} text\n" for i in range(300)]


def test_clean_many_accepts_documents_and_pairs() -> None:
    cleaner = Cleaner(passes=["tidy"])
    out = list(cleaner.clean_many([Document(text="a  ", id="x"), ("y", "b\n\n\n"), "c"]))
    assert [(r.id, r.text) for r in out] == [("x", "a\n"), ("y", "b\n"), ("2", "c\n")]


def test_clean_many_is_lazy() -> None:
    """A generator input is consumed as results are taken, not all at once (bounded memory)."""
    pulled = 0

    def gen() -> object:
        nonlocal pulled
        for i in range(10_000):
            pulled += 1
            yield f"t{i}"

    it = Cleaner(passes=["tidy"]).clean_many(gen())  # type: ignore[arg-type]
    next(it)
    assert pulled < 10


def test_keyword_only_options() -> None:
    with pytest.raises(TypeError):
        Cleaner(None)  # type: ignore[misc]


def test_clean_rejects_non_str() -> None:
    with pytest.raises(TypeError, match="needs a str"):
        cleantext.clean(b"bytes")  # type: ignore[arg-type]


def test_pass_selection() -> None:
    assert Cleaner(passes=["tidy"]).pass_names == ["tidy"]
    assert Cleaner(skip=["names", "mt_repair"]).pass_names == ["unicode", "boilerplate", "tidy"]


def test_huge_single_line_document() -> None:
    line = ("Idlib\u00a0province news " * 2_700_000)[: 50 * 1024 * 1024]  # 50 MB, one line
    out = Cleaner(passes=["unicode", "tidy"]).clean(line)
    assert len(out) == len(line.rstrip()) + 1 and "\u00a0" not in out


def test_wheel_ships_default_rules(tmp_path: Path) -> None:
    """The rules/ folder is packaged into the wheel, so an installed cleantext finds them without the source."""
    p = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                       capture_output=True, text=True)
    if p.returncode != 0:
        pytest.fail(f"building the wheel failed: {p.stderr[-2000:]}")
    (wheel,) = tmp_path.glob("cleantext_repair-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n.removeprefix("cleantext/default_rules/") for n in names if n.startswith("cleantext/default_rules/")}
    in_tree = {str(p.relative_to(ROOT / "rules")) for p in (ROOT / "rules").rglob("*.y*ml")}
    assert in_tree <= shipped
    assert "cleantext/py.typed" in names
