"""Any input file: each problem gets a message naming the file (and line), is counted in the end-of-run
summary, and never stops the rest; unusable JSON Lines lines are copied unchanged to the rejects file.

Runs use ``--passes unicode,tidy`` where the test is about reading, not cleaning, so they stay fast and
independent of the rule packs.
"""

from __future__ import annotations

import codecs
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cleantext.cli import main
from cleantext.cli_write import Writer
from cleantext.io import InputError, JsonRecord, Reject, read_jsonl

FAST = ["--passes", "unicode,tidy"]


def clean(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["clean", *args], input=input)


def jsonl(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def summary(r: Result) -> str:
    return r.stderr.strip().splitlines()[-1]


# -- text files ------------------------------------------------------------------------------------------

def test_invalid_utf8_names_file_offset_line_and_hint(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"first line\nd\xe9j\xe0 vu\n")
    r = clean(str(bad), *FAST)
    assert r.exit_code == 1
    assert f"{bad}: not valid utf-8: byte 0xe9 at offset 12 (line 2)" in r.stderr
    assert "pass --encoding cp1252" in r.stderr
    assert "1 not decodable" in summary(r)


def test_latin1_news_file_with_encoding(tmp_path: Path) -> None:
    news = tmp_path / "news.txt"
    news.write_bytes("Le ministre a déclaré à l'AFP: « c'est réglé ».\n".encode("latin-1"))
    r = clean(str(news), *FAST, "--encoding", "latin-1")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "Le ministre a déclaré à l'AFP: « c'est réglé ».\n"


def test_unknown_encoding_is_named(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("x", encoding="utf-8")
    r = clean(str(f), *FAST, "--encoding", "klingon")
    assert r.exit_code == 2  # a usage error, before any file is read
    assert "unknown encoding 'klingon'" in r.stderr


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-8"])
def test_byte_order_marks_choose_the_encoding(tmp_path: Path, codec: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE, "utf-8": codecs.BOM_UTF8}[codec]
    f = tmp_path / "bom.txt"
    f.write_bytes(bom + "Idlib\u00a0province — ok\n".encode(codec))
    r = clean(str(f), *FAST)
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "Idlib province — ok\n"


def test_binary_and_empty_files(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (src / "empty.txt").write_bytes(b"")
    (src / "ok.txt").write_text("fine\n", encoding="utf-8")
    out = tmp_path / "out"
    r = clean(str(src), "-o", str(out), *FAST)
    assert r.exit_code == 1
    assert f"warning: {src / 'image.txt'}: binary file" in r.stderr
    assert (out / "empty.txt").read_bytes() == b""
    assert (out / "ok.txt").read_text(encoding="utf-8") == "fine\n"
    assert not (out / "image.txt").exists()
    assert "cleaned 2 documents" in summary(r) and "1 binary" in summary(r)


def test_missing_file_does_not_stop_the_others(tmp_path: Path) -> None:
    ok = tmp_path / "ok.txt"
    ok.write_text("a\u00a0b\n", encoding="utf-8")
    out = tmp_path / "out"
    r = clean(str(tmp_path / "gone.txt"), str(ok), "-o", str(out), *FAST)
    assert r.exit_code == 1
    assert f"{tmp_path / 'gone.txt'}: no such file or folder" in r.stderr
    assert (out / "ok.txt").read_text(encoding="utf-8") == "a b\n"
    assert "1 missing" in summary(r)


def test_files_that_vanish_or_become_unreadable_mid_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are listed first and read lazily: after the first document is written, one file is
    deleted and another replaced by a folder (unreadable even for root); both are reported, the
    rest is cleaned."""
    src = tmp_path / "in"
    src.mkdir()
    for name in ["a.txt", "b.txt", "c.txt", "d.txt"]:
        (src / name).write_text(f"{name}\u00a0text\n", encoding="utf-8")
    original_emit = Writer.emit

    def emit_then_sabotage(self: Writer, origin: Any, result: Any) -> None:
        original_emit(self, origin, result)
        if (src / "b.txt").exists():
            (src / "b.txt").unlink()
            (src / "c.txt").unlink()
            (src / "c.txt").mkdir()

    monkeypatch.setattr(Writer, "emit", emit_then_sabotage)
    out = tmp_path / "out"
    r = clean(str(src), "-o", str(out), *FAST)
    assert r.exit_code == 1
    assert f"{src / 'b.txt'}: cannot read: No such file or directory" in r.stderr
    assert f"{src / 'c.txt'}: cannot read: Is a directory" in r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "d.txt"]
    assert "cleaned 2 documents" in summary(r) and "2 unreadable" in summary(r)


def test_text_file_over_the_size_limit_is_skipped_not_read(tmp_path: Path) -> None:
    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    big.write_bytes(b"x" * 5000)
    small.write_bytes(b"y\n")
    out = tmp_path / "out"
    r = clean(str(big), str(small), "-o", str(out), "--max-doc-bytes", "4K", *FAST)
    assert r.exit_code == 1
    assert f"{big}: too large: 5000 bytes, over the limit of 4096 (raise it with --max-doc-bytes)" in r.stderr
    assert (out / "small.txt").read_text(encoding="utf-8") == "y\n"
    assert "1 too large" in summary(r)


def test_bad_size_option_lists_the_forms() -> None:
    r = clean("--max-doc-bytes", "lots", "-")
    assert r.exit_code == 2
    assert "use bytes or a number with K, M or G" in r.output


# -- JSON Lines ------------------------------------------------------------------------------------------

BAD_LINES: dict[str, tuple[bytes, str]] = {
    "malformed": (b'{"id": 1, "text": "unterminated', "malformed JSON"),
    "not an object": (b'["text", "in", "a", "list"]', "expected a JSON object, got list"),
    "missing text": (b'{"id": 3, "body": "elsewhere"}', "no 'text' field"),
    "null text": (b'{"id": 4, "text": null}', "field 'text' is NoneType, not a string"),
    "number text": (b'{"id": 5, "text": 12}', "field 'text' is int, not a string"),
    "object text": (b'{"id": 6, "text": {"en": "x"}}', "field 'text' is dict, not a string"),
    "invalid utf-8": (b'{"id": 7, "text": "caf\xe9"}',
                      "not valid utf-8 at byte 22 of the line; pass --encoding cp1252?"),
    "deep nesting": (b'{"id": 8, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b', "text": "t"}',
                     "malformed JSON: nested too deeply"),
    "huge integer": (b'{"id": ' + b"9" * 5000 + b', "text": "t"}', "unusable JSON"),
    "bare string": (b'"just text"', "expected a JSON object, got str"),
}


def test_jsonl_bad_lines_are_reported_counted_and_copied_unchanged(tmp_path: Path) -> None:
    good = [json.dumps({"id": i, "text": f"doc\u00a0{i}", "keep": [i]}).encode() for i in range(3)]
    bad = [raw for raw, _ in BAD_LINES.values()]
    lines = [good[0], *bad[:5], good[1], *bad[5:], good[2]]
    src = jsonl(tmp_path / "in.jsonl", lines)
    rejects, out = tmp_path / "rejects.jsonl", tmp_path / "out.jsonl"
    r = clean(str(src), "-o", str(out), "--rejects", str(rejects), *FAST)
    assert r.exit_code == 1
    for number, (raw, message) in enumerate(BAD_LINES.values()):
        line_no = lines.index(raw) + 1
        assert f"{src}:{line_no}: {message}" in r.stderr, (number, message)
    assert rejects.read_bytes() == b"".join(b + b"\n" for b in bad)
    records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert records == [{"id": i, "text": f"doc {i}\n", "keep": [i]} for i in range(3)]
    assert f"{len(BAD_LINES)} rejected lines" in summary(r) and "cleaned 3 documents" in summary(r)


def test_jsonl_enormous_line_is_streamed_to_rejects(tmp_path: Path) -> None:
    huge = json.dumps({"id": "big", "text": "word " * 400_000}).encode()  # 2 MB
    src = jsonl(tmp_path / "in.jsonl", [b'{"text": "before"}', huge, b'{"text": "after"}'])
    rejects = tmp_path / "rej.jsonl"
    r = clean(str(src), "--rejects", str(rejects), "--max-doc-bytes", "64K", *FAST)
    assert r.exit_code == 1
    assert f"{src}:2: line longer than 65536 bytes" in r.stderr
    assert rejects.read_bytes() == huge + b"\n"
    assert [json.loads(x)["text"] for x in r.stdout.splitlines()] == ["before\n", "after\n"]


def test_jsonl_first_line_utf8_bom_is_accepted(tmp_path: Path) -> None:
    src = jsonl(tmp_path / "in.jsonl", [codecs.BOM_UTF8 + b'{"text": "a"}', b'{"text": "b"}'])
    r = clean(str(src), *FAST)
    assert r.exit_code == 0, r.stderr
    assert [json.loads(x)["text"] for x in r.stdout.splitlines()] == ["a\n", "b\n"]


def test_jsonl_in_utf16_is_refused_with_a_fix(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes('{"text": "a"}\n'.encode("utf-16"))
    other = jsonl(tmp_path / "other.jsonl", [b'{"text": "still cleaned"}'])
    r = clean(str(src), str(other), *FAST)
    assert r.exit_code == 1
    assert f"{src}:" in r.stderr and "utf-16 byte-order mark" in r.stderr and "iconv" in r.stderr
    assert json.loads(r.stdout)["text"] == "still cleaned\n"


def test_jsonl_lone_surrogate_escapes_survive_with_edit_log(tmp_path: Path) -> None:
    """Found by fuzzing: a JSON escape can carry a lone surrogate, which UTF-8 cannot; the edit log
    writer crashed on it. Outputs now fall back to ASCII escapes for such a line."""
    src = jsonl(tmp_path / "in.jsonl", [b'{"text": "a\\ud800b\\u00a0c"}'])
    edits, out = tmp_path / "edits.jsonl", tmp_path / "out.jsonl"
    r = clean(str(src), "-o", str(out), "--edits", str(edits), "--passes", "tidy")
    assert r.exit_code == 0, r.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["text"] == "a\ud800b\u00a0c\n"
    assert any(json.loads(x)["rule"] == "tidy.final_newline" for x in edits.read_text(encoding="utf-8").splitlines())


class FailingStream(io.BytesIO):
    """A stream whose device fails after some lines, like a vanished network mount."""

    def __init__(self, data: bytes, fail_after: int) -> None:
        super().__init__(data)
        self.calls = 0
        self.fail_after = fail_after

    def readline(self, size: int | None = -1) -> bytes:
        self.calls += 1
        if self.calls > self.fail_after:
            raise OSError(5, "Input/output error")
        return super().readline(size)


def test_read_failure_mid_stream_names_the_line() -> None:
    stream = FailingStream(b'{"text": "a"}\n{"text": "b"}\n{"text": "c"}\n', fail_after=2)
    items: list[JsonRecord | Reject] = []
    with pytest.raises(InputError, match=r"^feed.jsonl:3: read failed: Input/output error$"):
        items.extend(read_jsonl(stream, "feed.jsonl"))
    assert [i.text for i in items if isinstance(i, JsonRecord)] == ["a", "b"]


def test_read_failure_mid_stream_in_the_cli_keeps_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = jsonl(tmp_path / "a.jsonl", [b'{"text": "a1"}', b'{"text": "a2"}', b'{"text": "a3"}'])
    b = jsonl(tmp_path / "b.jsonl", [b'{"text": "b1"}'])
    real_open = Path.open

    def flaky_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if self == a:
            with real_open(self, "rb") as f:
                return FailingStream(f.read(), fail_after=2)
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", flaky_open)
    r = clean(str(a), str(b), *FAST)
    assert r.exit_code == 1
    assert f"{a}:3: read failed: Input/output error" in r.stderr
    assert [json.loads(x)["text"] for x in r.stdout.splitlines()] == ["a1\n", "a2\n", "b1\n"]
    assert "1 unreadable" in summary(r)


def test_summary_counts_every_category_at_once(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "bin.txt").write_bytes(b"\x00\x01")
    (src / "latin.txt").write_bytes(b"\xe9t\xe9\n")
    (src / "big.txt").write_bytes(b"z" * 3000)
    (src / "ok.txt").write_bytes(b"ok\n")
    r = clean(str(src), str(tmp_path / "nope.txt"), "-o", str(tmp_path / "out"), "--max-doc-bytes", "2K", *FAST)
    assert r.exit_code == 1
    line = summary(r)
    assert "cleaned 1 document " in line
    assert "4 inputs skipped (1 binary, 1 missing, 1 not decodable, 1 too large; see above)" in line
