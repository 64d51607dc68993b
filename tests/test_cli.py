"""The command line, through click's CliRunner: outputs, exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleantext.cli import main
from cleantext.edits import Edit, replay, restore

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_stdin_to_stdout(runner: CliRunner) -> None:
    r = runner.invoke(main, ["clean", "-q"], input="Idlib\u00a0province  \n\n\n")
    assert r.exit_code == 0, r.output
    assert r.stdout == "Idlib province\n"


def test_file_to_output_file(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("caf\u00e9\u00a0 noir\n", encoding="utf-8")
    r = runner.invoke(main, ["clean", str(src), "-o", str(tmp_path / "out.txt"), "-q"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "café  noir\n"


def test_folder_mirrors_tree_and_explain_names_rules(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("one\u00a0two\n", encoding="utf-8")
    (src / "sub" / "b.txt").write_text("three   \n\n\n\nfour", encoding="utf-8")
    (src / "ignored.md").write_text("not a .txt", encoding="utf-8")
    out = tmp_path / "out"
    r = runner.invoke(main, ["clean", str(src), "-o", str(out), "--explain"])
    assert r.exit_code == 0, r.output
    assert (out / "a.txt").read_text(encoding="utf-8") == "one two\n"
    assert (out / "sub" / "b.txt").read_text(encoding="utf-8") == "three\n\nfour\n"
    assert not (out / "ignored.md").exists()
    assert "unicode.odd_space" in r.output and "tidy.blank_run" in r.output


def test_folder_without_output_is_a_usage_error(runner: CliRunner) -> None:
    r = runner.invoke(main, ["clean", str(SEEDS)])
    assert r.exit_code == 2
    assert "need -o FOLDER" in r.output


def test_unknown_pass_lists_choices(runner: CliRunner) -> None:
    r = runner.invoke(main, ["clean", "--passes", "boilerplat", "-"], input="x")
    assert r.exit_code == 2
    assert "Available passes:" in r.output and "did you mean 'boilerplate'?" in r.output


def test_invalid_utf8_is_reported_and_the_rest_cleaned(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes("caf\u00e9 au lait\n".encode("latin-1"))
    (tmp_path / "good.txt").write_text("fine\u00a0text\n", encoding="utf-8")
    out = tmp_path / "out"
    r = runner.invoke(main, ["clean", str(tmp_path / "bad.txt"), str(tmp_path / "good.txt"), "-o", str(out)])
    assert r.exit_code == 1
    assert "bad.txt: not valid utf-8: byte 0xe9 at offset 3" in r.stderr
    assert "--encoding" in r.stderr
    assert (out / "good.txt").read_text(encoding="utf-8") == "fine text\n"
    r2 = runner.invoke(main, ["clean", str(tmp_path / "bad.txt"), "--encoding", "latin-1", "-q"])
    assert r2.exit_code == 0 and r2.stdout == "café au lait\n"


def test_binary_file_in_folder_is_skipped_with_warning(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "blob.txt").write_bytes(b"\x89PNG\x00\x00\x01binary")
    (src / "ok.txt").write_text("ok\n", encoding="utf-8")
    r = runner.invoke(main, ["clean", str(src), "-o", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert "warning" in r.stderr and "blob.txt: binary file" in r.stderr
    assert (tmp_path / "out" / "ok.txt").exists() and not (tmp_path / "out" / "blob.txt").exists()


def test_jsonl_keeps_other_fields_and_rejects_bad_lines(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "x\u00a0y", "lang": "en", "n": [1, 2]}),
        "{not json",
        json.dumps({"id": "b", "body": "no text field"}),
        json.dumps({"id": "c", "text": 42}),
        json.dumps({"id": "d", "text": "fine"}),
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rejects = tmp_path / "rej.jsonl"
    r = runner.invoke(main, ["clean", str(src), "-o", str(tmp_path / "out.jsonl"), "--rejects", str(rejects)])
    assert r.exit_code == 1
    assert f"{src}:2: malformed JSON" in r.stderr
    assert f"{src}:3: no 'text' field" in r.stderr
    assert f"{src}:4: field 'text' is int" in r.stderr
    out = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert out == [{"id": "a", "text": "x y\n", "lang": "en", "n": [1, 2]}, {"id": "d", "text": "fine\n"}]
    assert rejects.read_text(encoding="utf-8").splitlines() == lines[1:4]


def test_jsonl_text_field_option(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "d.jsonl"
    src.write_text(json.dumps({"body": "a  \n\n\nb"}) + "\n", encoding="utf-8")
    r = runner.invoke(main, ["clean", str(src), "--text-field", "body", "-q"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {"body": "a\n\nb\n"}


def test_edits_log_replays_and_restores(runner: CliRunner, tmp_path: Path) -> None:
    seed = next(SEEDS.glob("004_*.txt"))
    out, log = tmp_path / "out.txt", tmp_path / "edits.jsonl"
    r = runner.invoke(main, ["clean", str(seed), "-o", str(out), "--edits", str(log), "-q"])
    assert r.exit_code == 0, r.output
    edits = [Edit.from_dict(json.loads(x)) for x in log.read_text(encoding="utf-8").splitlines()]
    assert edits, "the seed has at least its non-breaking spaces fixed"
    original = seed.read_text(encoding="utf-8")
    cleaned = out.read_text(encoding="utf-8")
    assert replay(original, edits) == cleaned
    assert restore(cleaned, edits) == original


def test_explain_shows_unicode_and_tidy_rules(runner: CliRunner) -> None:
    # 004 has no odd spaces or mojibake (its curly quotes are kept on purpose), so its unicode edits
    # are shown on 000, which has non-breaking spaces.
    for pattern, rule in [("004_*.txt", "tidy.final_newline"), ("000_*.txt", "unicode.odd_space")]:
        seed = next(SEEDS.glob(pattern))
        r = runner.invoke(main, ["clean", str(seed), "--explain", "-q"])
        assert r.exit_code == 0
        assert f"== {seed}:" in r.stderr
        assert rule in r.stderr


def test_broken_rule_file_reports_all_problems(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: a\n    kind: nosuchkind\n  - kind: x\n", encoding="utf-8")
    r = runner.invoke(main, ["clean", "--rules", str(bad), "-"], input="text")
    assert r.exit_code == 2
    assert "2 problems" in r.stderr or "3 problems" in r.stderr
    assert f"{bad}:3" in r.stderr and "unknown kind 'nosuchkind'" in r.stderr
    assert f"{bad}:4" in r.stderr and "missing 'id'" in r.stderr


def test_jobs_gives_same_output(runner: CliRunner, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert runner.invoke(main, ["clean", str(SEEDS), "-o", str(one), "-q"]).exit_code == 0
    assert runner.invoke(main, ["clean", str(SEEDS), "-o", str(two), "-q", "--jobs", "2"]).exit_code == 0
    for f in sorted(one.iterdir()):
        assert (two / f.name).read_bytes() == f.read_bytes()


def test_empty_and_whitespace_documents(runner: CliRunner) -> None:
    for text in ["", "   \n\n\t\n"]:
        r = runner.invoke(main, ["clean", "-q"], input=text)
        assert r.exit_code == 0
        assert r.stdout == ""


def test_python_m_and_help() -> None:
    p = subprocess.run([sys.executable, "-m", "cleantext", "clean", "--help"], capture_output=True, text=True)
    assert p.returncode == 0
    assert "Exit status" in p.stdout and "--explain" in p.stdout and "--jobs" in p.stdout


def test_passes_lists_pipeline_order_with_kinds_and_rules(runner: CliRunner) -> None:
    r = runner.invoke(main, ["passes"])
    assert r.exit_code == 0
    order = [line.split()[0] for line in r.output.splitlines() if line and not line.startswith(" ")]
    # every registered pass is listed: the test-only passes of tests/authoring_kinds.py and
    # tests/extension_kinds.py too, when imported
    test_only = {"authoring_test", "ext_expand"}
    assert [n for n in order if n not in test_only] == ["unicode", "boilerplate", "mt_repair", "names", "tidy"]
    assert "line_phrase" in r.output and "mt_phrase" in r.output and "entities" in r.output


def test_site_batch_removes_lines_repeated_across_pages(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "site"
    src.mkdir()
    stories = ["The council approved the new budget on Monday after a long debate.",
               "Floods closed the northern road for a second day, officials said.",
               "The museum reopened its east wing after two years of repairs.",
               "Local farmers expect a smaller harvest after the dry summer.",
               "The city will add three bus lines to the airport next spring."]
    for i, story in enumerate(stories):
        (src / f"p{i}.txt").write_text(f"Story {i}\n\n{story}\n\nRiverside Gazette Evening Edition\n",
                                       encoding="utf-8")
    plain, batch = tmp_path / "plain", tmp_path / "batch"
    assert runner.invoke(main, ["clean", str(src), "-o", str(plain), "-q"]).exit_code == 0
    r = runner.invoke(main, ["clean", str(src), "-o", str(batch), "-q", "--site-batch", "--explain"])
    assert r.exit_code == 0, r.output
    assert "Riverside Gazette Evening Edition" in (plain / "p0.txt").read_text(encoding="utf-8")
    for i, story in enumerate(stories):
        out = (batch / f"p{i}.txt").read_text(encoding="utf-8")
        assert story in out and "Riverside Gazette" not in out
    assert "bp.signal.batch-repeat" in r.output


def test_site_batch_counts_the_pages_the_run_cleans(runner: CliRunner, tmp_path: Path) -> None:
    """The first look at the batch reads the inputs as the run does: pages the run skips (over
    --max-doc-bytes) are not pages of the batch, and are reported once, by the run."""
    src = tmp_path / "site"
    src.mkdir()
    stories = ["The council approved the new budget on Monday after a long debate.",
               "Floods closed the northern road for a second day, officials said.",
               "The museum reopened its east wing after two years of repairs.",
               "Local farmers expect a smaller harvest after the dry summer.",
               "The city will add three bus lines to the airport next spring."]
    for i, story in enumerate(stories):
        (src / f"p{i}.txt").write_text(f"Story {i}\n\n{story}\n\nRiverside Gazette Evening Edition\n",
                                       encoding="utf-8")
    # twelve pages the run skips: counted as pages of the batch, they would put the footer on 5 of 17 (under 30%)
    for i in range(12):
        (src / f"big{i}.txt").write_text("A long page. " * 400, encoding="utf-8")
    r = runner.invoke(main, ["clean", str(src), "-o", str(tmp_path / "out"), "--site-batch", "--max-doc-bytes", "2K"])
    assert r.exit_code == 1, r.output  # the twelve were skipped
    assert r.output.count("cleantext: error:") == 12, r.output
    for i, story in enumerate(stories):
        out = (tmp_path / "out" / f"p{i}.txt").read_text(encoding="utf-8")
        assert story in out and "Riverside Gazette" not in out


def test_site_batch_needs_files(runner: CliRunner) -> None:
    r = runner.invoke(main, ["clean", "--site-batch", "-"], input="x")
    assert r.exit_code == 2 and "--site-batch" in r.output
