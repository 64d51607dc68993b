"""Outputs are written safely: an interrupted run (Ctrl-C, kill, full disk) never leaves a half-written
output under its final name, and ``--resume`` continues a killed run to exactly the bytes an
uninterrupted run writes. The kill tests really kill a child process (SIGKILL) part-way.

Runs use ``--no-default-rules`` (a checkpoint rightly refuses to resume with different rules, and
the shipped rules may change between two runs of a test while they are being written) and only the
fast passes: what is tested is the writing, not the cleaning.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cleantext.cli import main
from cleantext.cli_resume import Progress
from cleantext.cli_write import Writer
from cleantext.writes import PartialWriter, atomic_writer

STABLE = ["--no-default-rules", "--passes", "unicode,tidy"]


def clean(*args: str) -> Result:
    return CliRunner().invoke(main, ["clean", *args])


def corpus(path: Path, n: int) -> Path:
    """A JSON Lines corpus with something for every pass to do, and a few bad lines among the good."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            if i % 97 == 13:
                f.write("{broken line " + str(i) + "\n")
            text = (f"Headline {i}\u00a0here  \n\n\n\nParagraph {i} about Idlib province, the the talks.  \n"
                    f"Share this article\n" + "More text of the article. " * 10 + "\n")
            f.write(json.dumps({"id": f"d{i}", "text": text, "n": i}) + "\n")
    return path


def spawn(args: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "cleantext", "clean", *args], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_after_checkpoint(proc: subprocess.Popen[bytes], marker: Path, sig: int = signal.SIGKILL) -> int:
    """Wait until the run has recorded some progress, then kill it; returns the documents recorded."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("the run finished before it could be killed: make the corpus bigger")
        try:
            done = int(json.loads(marker.read_text(encoding="utf-8"))["done"])
        except (OSError, ValueError, KeyError):
            done = 0
        if done > 0:
            proc.send_signal(sig)
            proc.wait(timeout=30)
            return done
        time.sleep(0.01)
    proc.kill()
    pytest.fail("no checkpoint appeared within 60 s")


def outputs(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_kill_and_resume_jsonl_gives_byte_identical_outputs(tmp_path: Path) -> None:
    src = corpus(tmp_path / "in.jsonl", 1500)
    args = [str(src), "--edits", "edits.jsonl", "--report", "report.jsonl", "--rejects", "rejects.jsonl", *STABLE]
    ref, run = tmp_path / "ref", tmp_path / "run"
    ref.mkdir()
    run.mkdir()
    p = spawn([*args, "-o", "out.jsonl", "-q"], ref)
    assert p.wait(timeout=120) == 1  # 1: the broken lines were rejected
    proc = spawn([*args, "-o", "out.jsonl", "-q", "--checkpoint-seconds", "0.05"], run)
    done = kill_after_checkpoint(proc, run / ".out.jsonl.cleantext-progress.json")
    assert 0 < done < 1500
    assert not (run / "out.jsonl").exists(), "a killed run must not leave its output under the final name"
    assert (run / ".out.jsonl.partial").exists()
    resumed = spawn([*args, "-o", "out.jsonl", "--resume"], run)
    _, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 1, err
    assert f"{done} already done before (resumed)" in err.decode()
    assert outputs(run) == outputs(ref)  # out, edits, report, rejects; no partial or checkpoint left


def test_kill_and_resume_folder_gives_byte_identical_outputs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    for i in range(150):
        sub = src / f"part{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"doc{i:04d}.txt").write_text(f"Title {i}\u00a0x  \n\n\n\nBody {i}.\n" * 3, encoding="utf-8")
    ref, run = tmp_path / "ref", tmp_path / "run"
    args = [str(src), "--checkpoint-seconds", "0.05", *STABLE, "-q"]
    assert subprocess.run([sys.executable, "-m", "cleantext", "clean", *args, "-o", str(ref), "--edits",
                           str(tmp_path / "ref.edits.jsonl")], timeout=120).returncode == 0
    proc = spawn([*args, "-o", str(run), "--edits", str(tmp_path / "run.edits.jsonl")], tmp_path)
    done = kill_after_checkpoint(proc, run / ".cleantext-progress.json")
    assert 0 < done < 150
    p = subprocess.run([sys.executable, "-m", "cleantext", "clean", *args, "-o", str(run), "--edits",
                        str(tmp_path / "run.edits.jsonl"), "--resume"], timeout=120)
    assert p.returncode == 0
    assert outputs(run) == outputs(ref)
    assert (tmp_path / "run.edits.jsonl").read_bytes() == (tmp_path / "ref.edits.jsonl").read_bytes()


def test_sigterm_stops_cleanly_and_resume_finishes(tmp_path: Path) -> None:
    src = corpus(tmp_path / "in.jsonl", 1500)
    proc = spawn([str(src), "-o", "out.jsonl", "--checkpoint-seconds", "0.05", *STABLE], tmp_path)
    kill_after_checkpoint(proc, tmp_path / ".out.jsonl.cleantext-progress.json", signal.SIGTERM)
    assert proc.returncode == 130
    assert proc.stderr is not None and b"run again with --resume" in proc.stderr.read()
    assert not (tmp_path / "out.jsonl").exists()
    p = subprocess.run([sys.executable, "-m", "cleantext", "clean", str(src), "-o", "out.jsonl", "--resume", "-q",
                        *STABLE], cwd=tmp_path, timeout=120)
    assert p.returncode == 1
    ref = clean(str(src), "-o", str(tmp_path / "ref.jsonl"), "-q", "--rejects", str(tmp_path / "ref.rejects.jsonl"),
                *STABLE)
    assert ref.exit_code == 1
    assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "ref.jsonl").read_bytes()


def test_ctrl_c_leaves_no_output_under_its_final_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = corpus(tmp_path / "in.jsonl", 20)
    emitted = []
    original = Writer.emit

    def emit_then_interrupt(self: Writer, origin: Any, result: Any) -> None:
        original(self, origin, result)
        emitted.append(result.id)
        if len(emitted) == 5:
            raise KeyboardInterrupt

    monkeypatch.setattr(Writer, "emit", emit_then_interrupt)
    out = tmp_path / "out.jsonl"
    r = clean(str(src), "-o", str(out), "--edits", str(tmp_path / "e.jsonl"), *STABLE)
    assert r.exit_code == 130
    assert "interrupted" in r.stderr
    assert not out.exists() and not (tmp_path / "e.jsonl").exists()
    assert (tmp_path / ".out.jsonl.partial").exists()


def test_ctrl_c_without_output_file_removes_partial_logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = corpus(tmp_path / "in.jsonl", 5)

    def interrupt(self: Writer, origin: Any, result: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Writer, "emit", interrupt)
    r = clean(str(src), "--edits", str(tmp_path / "e.jsonl"), *STABLE)
    assert r.exit_code == 130
    assert not any(p.name.endswith(".partial") for p in tmp_path.iterdir())
    assert not (tmp_path / "e.jsonl").exists()


def test_full_disk_stops_the_run_with_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = corpus(tmp_path / "in.jsonl", 10)
    out = tmp_path / "out.jsonl"
    out.write_text("previous complete output\n", encoding="utf-8")
    calls = []

    def full(self: PartialWriter, text: str) -> None:
        calls.append(text)
        if len(calls) > 3:
            raise OSError(28, "No space left on device", str(self.partial))

    monkeypatch.setattr(PartialWriter, "write", full)
    r = clean(str(src), "-o", str(out), *STABLE)
    assert r.exit_code == 1
    assert f"cannot write {tmp_path / '.out.jsonl.partial'}: No space left on device" in r.stderr
    assert out.read_text(encoding="utf-8") == "previous complete output\n"  # the old output is untouched


def test_atomic_writer_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_writer(target) as f:
        f.write("half of the new")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_resume_refuses_a_checkpoint_of_different_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = corpus(tmp_path / "in.jsonl", 30)

    def interrupt_late(self: Progress, sizes: Any) -> None:
        self.done += 1  # the first document is written: record it, then stop
        self.save(sizes)
        raise KeyboardInterrupt

    monkeypatch.setattr(Progress, "emitted", interrupt_late)
    assert clean(str(src), "-o", str(tmp_path / "out.jsonl"), *STABLE).exit_code == 130
    monkeypatch.undo()
    with src.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"text": "a new document"}) + "\n")
    r = clean(str(src), "-o", str(tmp_path / "out.jsonl"), "--resume", *STABLE)
    assert r.exit_code == 2
    assert "cannot resume: the inputs or settings differ from the interrupted run" in r.stderr
    assert "run without --resume" in r.stderr


def test_resume_needs_an_output() -> None:
    r = CliRunner().invoke(main, ["clean", "--resume", "-"], input="x")
    assert r.exit_code == 2
    assert "--resume needs -o" in r.output


def test_resume_after_a_finished_folder_run_cleans_only_new_files(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text("a\u00a0\n", encoding="utf-8")
    assert clean(str(src), "-o", str(out), *STABLE).exit_code == 0
    (out / "a.txt").write_text("marker: not rewritten\n", encoding="utf-8")
    (src / "b.txt").write_text("b\u00a0\n", encoding="utf-8")
    r = clean(str(src), "-o", str(out), "--resume", *STABLE)
    assert r.exit_code == 0, r.stderr
    assert "cleaned 1 document " in r.stderr and "1 already done before (resumed)" in r.stderr
    assert (out / "a.txt").read_text(encoding="utf-8") == "marker: not rewritten\n"
    assert (out / "b.txt").read_text(encoding="utf-8") == "b\n"
    assert not (out / ".cleantext-progress.json").exists()


def test_partial_writer_refuses_a_partial_shorter_than_its_checkpoint(tmp_path: Path) -> None:
    w = PartialWriter(tmp_path / "o.jsonl")
    w.write("abc\n")
    w.abandon(keep=True)
    with pytest.raises(Exception, match="partial output has 4 bytes, the checkpoint says 10"):
        PartialWriter(tmp_path / "o.jsonl", resume_at=10)
    w2 = PartialWriter(tmp_path / "o.jsonl", resume_at=2)
    w2.write("X\n")
    w2.commit()
    assert (tmp_path / "o.jsonl").read_text(encoding="utf-8") == "abX\n"
    assert os.listdir(tmp_path) == ["o.jsonl"]


def test_a_dead_worker_stops_the_run_resumably(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from cleantext import Cleaner

    src = corpus(tmp_path / "in.jsonl", 10)
    real = Cleaner.clean_many

    def dies_after_three(self: Cleaner, docs: Any, **kwargs: Any) -> Any:
        for i, result in enumerate(real(self, docs)):
            if i == 3:
                raise BrokenProcessPool("A process in the process pool was terminated abruptly")
            yield result

    monkeypatch.setattr(Cleaner, "clean_many", dies_after_three)
    out = tmp_path / "out.jsonl"
    r = clean(str(src), "-o", str(out), "--jobs", "2", *STABLE)
    assert r.exit_code == 1
    assert "a worker process died" in r.stderr and "--resume" in r.stderr
    assert not out.exists() and (tmp_path / ".out.jsonl.partial").exists()
