"""Files and paths on the command line (issue 13): stdout and special files, rejects, folders, broken pipes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleantext.cli import main


def _cleantext(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "cleantext", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


# ---- a reader that goes away (`cleantext ... | head`) ----------------------------------------------


@pytest.mark.parametrize("kind", ["text", "jsonl"])
def test_a_closed_pipe_ends_the_run_quietly_with_status_141(kind: str, tmp_path: Path) -> None:
    if kind == "text":
        src = tmp_path / "big.txt"
        src.write_text("".join(f"Officials met {i} times in the capital.\n" for i in range(20_000)), encoding="utf-8")
    else:
        src = tmp_path / "big.jsonl"
        src.write_text("".join(json.dumps({"id": i, "text": f"Line {i} of the news.\n"}) + "\n"
                               for i in range(20_000)), encoding="utf-8")
    proc = _cleantext("clean", "-q", str(src), cwd=tmp_path)
    assert proc.stdout is not None and proc.stderr is not None
    assert len(proc.stdout.read(100)) == 100  # the output is far larger than a pipe holds: the writer blocks
    proc.stdout.close()  # as `head` does once it has its lines
    err = proc.stderr.read().decode()
    assert proc.wait() == 141
    assert err == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == [src.name]


# ---- outputs that are not regular files ---------------------------------------------------------------

TEXT = "Idlib\u00a0province  \n\n\n"


def _src(tmp_path: Path) -> Path:
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    return src


def test_a_symlinked_output_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real" / "report.jsonl"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "report.jsonl"
    link.symlink_to(target)
    out_link = tmp_path / "out.txt"
    out_link.symlink_to(tmp_path / "real" / "out.txt")  # dangling: the target is created
    r = CliRunner().invoke(main, ["clean", "-q", str(_src(tmp_path)), "-o", str(out_link), "--report", str(link)])
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and out_link.is_symlink()
    assert json.loads(target.read_text(encoding="utf-8"))["doc"].endswith("a.txt")
    assert (tmp_path / "real" / "out.txt").read_text(encoding="utf-8") == "Idlib province\n"
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["out.txt", "report.jsonl"]


@pytest.mark.parametrize("option", ["-o", "--edits", "--report"])
def test_a_fifo_output_is_written_into_and_stays_a_fifo(option: str, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "to-pipe"
    link.symlink_to(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there, so the writer's open does not block
    try:
        args = ["clean", "-q", str(_src(tmp_path)), option, str(link)]
        if option != "-o":
            args += ["-o", str(tmp_path / "out.txt")]
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 0, r.output
        received = os.read(reader, 65536).decode()
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and link.is_symlink()
    assert received == "Idlib province\n" if option == "-o" else received.startswith('{"doc"')
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no partial or checkpoint left


@pytest.mark.parametrize("option", ["--edits", "--report"])
def test_dash_is_stdout_for_logs(option: str, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    r = CliRunner().invoke(main, ["clean", "-q", str(_src(tmp_path)), "-o", str(out), option, "-"])
    assert r.exit_code == 0, r.output
    first = json.loads(r.stdout.splitlines()[0])
    assert first["doc"].endswith("a.txt")
    assert out.read_text(encoding="utf-8") == "Idlib province\n"
    assert not (tmp_path / "-").exists()


def test_dash_output_is_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["clean", "-q", str(_src(tmp_path)), "-o", "-"])
    assert r.exit_code == 0, r.output
    assert r.stdout == "Idlib province\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


@pytest.mark.parametrize("args", [["--edits", "-", "--report", "-", "-o", "out.txt"], ["--edits", "-"],
                                  ["-o", "-", "--report", "-"], ["--report", "-", "--edits", "/dev/stdout",
                                                                 "-o", "out.txt"]])
def test_two_outputs_on_stdout_are_a_usage_error(args: list[str], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["clean", "-q", str(_src(tmp_path)), *args])
    assert r.exit_code == 2, r.output
    assert "stdout" in r.stderr and "interleave" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_resume_into_a_fifo_is_a_usage_error(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    r = CliRunner().invoke(main, ["clean", "-q", str(_src(tmp_path)), "-o", str(fifo), "--resume"])
    assert r.exit_code == 2, r.output
    assert "--resume" in r.stderr and "regular file" in r.stderr


# ---- rejected JSON Lines lines ------------------------------------------------------------------------


def _bad_jsonl(tmp_path: Path) -> Path:
    src = tmp_path / "in" / "news.jsonl"
    src.parent.mkdir()
    src.write_text('{"text": "fine"}\n{not json\n', encoding="utf-8")
    return src


def _empty_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def test_rejects_go_beside_the_output_and_the_message_names_the_full_path(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    work, src = _empty_cwd(tmp_path, monkeypatch), _bad_jsonl(tmp_path)
    out = tmp_path / "out" / "clean.jsonl"
    out.parent.mkdir()
    r = CliRunner().invoke(main, ["clean", "-q", str(src), "-o", str(out)])
    assert r.exit_code == 1, r.output
    rejects = tmp_path / "out" / "news.rejects.jsonl"
    assert rejects.read_text(encoding="utf-8") == "{not json\n"
    assert f"copied unchanged to {rejects}" in r.stderr
    assert list(work.iterdir()) == []


def test_rejects_with_output_on_stdout_are_reported_not_written(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    work, src = _empty_cwd(tmp_path, monkeypatch), _bad_jsonl(tmp_path)
    r = CliRunner().invoke(main, ["clean", "-q", str(src)])
    assert r.exit_code == 1, r.output
    assert f"{src}:2: malformed JSON" in r.stderr and "--rejects FILE" in r.stderr
    assert list(work.iterdir()) == [] and sorted(p.name for p in src.parent.iterdir()) == ["news.jsonl"]
