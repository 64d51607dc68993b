"""Which inputs are read (issue 13): files inside folders (--glob), JSON Lines in folders and on stdin,
and `rules try --corpus` reading the same way as `clean`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleantext.cli import main

STORIES = ["The council approved the new budget on Monday after a long debate.",
           "Floods closed the northern road for a second day, officials said.",
           "The museum reopened its east wing after two years of repairs.",
           "Local farmers expect a smaller harvest after the dry summer.",
           "The city will add three bus lines to the airport next spring."]
FOOTER = "Riverside Gazette Evening Edition"
DOUBLED = ("rules:\n  - id: doubled\n    kind: mt_pattern\n    pattern: '\\b(\\w+)(?: \\1\\b)+'\n"
           "    replace: '\\1'\n    examples:\n      fix: [{in: 'the the cat', out: 'the cat'}]\n"
           "      keep: ['the cat']\n")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _mixed_folder(root: Path) -> Path:
    """A folder with a .txt, two .md and (in a sub-folder) a .jsonl file with one good and one broken line."""
    src = root / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("Idlib\u00a0province  \n", encoding="utf-8")
    (src / "b.md").write_text("Idlib\u00a0province  \n", encoding="utf-8")
    (src / "sub" / "c.md").write_text("Plain text.\n", encoding="utf-8")
    (src / "sub" / "d.jsonl").write_text(json.dumps({"id": "d1", "text": "Idlib\u00a0province  \n", "lang": "en"})
                                         + "\n{broken\n", encoding="utf-8")
    return src


def test_a_folder_says_how_many_files_the_default_glob_left_out(runner: CliRunner, tmp_path: Path) -> None:
    src = _mixed_folder(tmp_path)
    r = runner.invoke(main, ["clean", str(src), "-o", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output  # leaving files out is no error
    assert f"{src}: skipped 3 files not matching *.txt (2 .md, 1 .jsonl): use --glob" in r.stderr
    assert sorted(p.name for p in (tmp_path / "out").rglob("*") if p.is_file()) == ["a.txt"]
    quiet = runner.invoke(main, ["clean", str(src), "-o", str(tmp_path / "out2"), "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_glob_selects_files_and_jsonl_in_folders_is_json_lines(runner: CliRunner, tmp_path: Path) -> None:
    src = _mixed_folder(tmp_path)
    out = tmp_path / "out"
    r = runner.invoke(main, ["clean", str(src), "-o", str(out), "--glob", "*.md", "--glob", "*.jsonl"])
    assert r.exit_code == 1, r.output  # the broken JSON line was skipped
    assert "skipped 1 file not matching *.md or *.jsonl (1 .txt): use --glob" in r.stderr
    assert (out / "b.md").read_text(encoding="utf-8") == "Idlib province\n"
    assert (out / "sub" / "c.md").read_text(encoding="utf-8") == "Plain text.\n"
    assert not (out / "a.txt").exists()
    records = [json.loads(line) for line in (out / "sub" / "d.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records == [{"id": "d1", "text": "Idlib province\n", "lang": "en"}]
    rejects = out / "sub" / "d.rejects.jsonl"  # beside the mirrored output, named with its full path
    assert rejects.read_text(encoding="utf-8") == "{broken\n"
    assert f"{src / 'sub' / 'd.jsonl'}:2: malformed JSON" in r.stderr and str(rejects.absolute()) in r.stderr


def test_site_batch_reads_the_files_the_glob_selects(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "site"
    src.mkdir()
    for i, story in enumerate(STORIES[:3]):
        (src / f"p{i}.md").write_text(f"Story {i}\n\n{story}\n\n{FOOTER}\n", encoding="utf-8")
    (src / "more.jsonl").write_text("".join(json.dumps({"text": f"Story {i}\n\n{s}\n\n{FOOTER}\n"}) + "\n"
                                            for i, s in enumerate(STORIES[3:], 3)), encoding="utf-8")
    out = tmp_path / "out"
    r = runner.invoke(main, ["clean", str(src), "-o", str(out), "-q", "--site-batch", "--glob", "*.md",
                             "--glob", "*.jsonl"])
    assert r.exit_code == 0, r.output
    texts = [(out / f"p{i}.md").read_text(encoding="utf-8") for i in range(3)]
    texts += [json.loads(line)["text"] for line in (out / "more.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(texts) == 5
    for story, text in zip(STORIES, texts, strict=True):
        assert story in text and FOOTER not in text


def test_stdin_that_looks_like_json_lines_gets_a_hint(runner: CliRunner) -> None:
    line = json.dumps({"id": 1, "text": "Idlib\u00a0province  "}) + "\n"
    r = runner.invoke(main, ["clean", "-q"], input=line)
    assert r.exit_code == 0
    assert "stdin looks like JSON Lines: use --format jsonl" in r.stderr
    assert r.stdout == line  # read as text, as asked: nothing in it to clean
    as_jsonl = runner.invoke(main, ["clean", "-q", "--format", "jsonl"], input=line)
    assert as_jsonl.exit_code == 0 and as_jsonl.stderr == ""
    assert json.loads(as_jsonl.stdout) == {"id": 1, "text": "Idlib province\n"}
    plain = runner.invoke(main, ["clean", "-q"], input='{"title": "no text field"}\nIdlib\n')
    assert plain.exit_code == 0 and "looks like JSON Lines" not in plain.stderr


def test_rules_try_reads_a_json_lines_corpus(runner: CliRunner, tmp_path: Path) -> None:
    rules = tmp_path / "doubled.yaml"
    rules.write_text(DOUBLED, encoding="utf-8")
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(json.dumps({"text": "Nothing here."}) + "\n"
                      + json.dumps({"text": "It was the the best.", "id": 7}) + "\n{broken\n", encoding="utf-8")
    r = runner.invoke(main, ["rules", "try", str(rules), "--corpus", str(corpus)])
    assert r.exit_code == 0, r.output
    assert f"{corpus}:2:1:8: doubled" in r.stdout and "1 hit in 1 file" in r.stdout
    # the unusable line is named; rules try writes nothing, so it offers no --rejects
    assert f"{corpus}:3: malformed JSON" in r.stderr and "--rejects" not in r.stderr


def test_rules_try_reads_a_folder_as_clean_does(runner: CliRunner, tmp_path: Path) -> None:
    rules = tmp_path / "doubled.yaml"
    rules.write_text(DOUBLED, encoding="utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text("It was the the best.\n", encoding="utf-8")
    (corpus / "sub" / "b.jsonl").write_text(json.dumps({"body": "so so good"}) + "\n", encoding="utf-8")
    r = runner.invoke(main, ["rules", "try", str(rules), "--corpus", str(corpus)])
    assert r.exit_code == 0 and "1 hit in 1 file" in r.stdout
    assert "skipped 1 file not matching *.txt (1 .jsonl): use --glob" in r.stderr
    r = runner.invoke(main, ["rules", "try", str(rules), "--corpus", str(corpus), "--glob", "*.txt",
                             "--glob", "*.jsonl", "--text-field", "body"])
    assert r.exit_code == 0, r.output
    assert f"{corpus / 'sub' / 'b.jsonl'}:1:1:1: doubled" in r.stdout and "2 hits in 2 files" in r.stdout


@pytest.mark.parametrize("command", [["clean"], ["rules", "try", "x.yaml", "--corpus", "."]])
def test_a_glob_with_a_folder_in_it_is_a_usage_error(runner: CliRunner, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(main, [*command, "--glob", "sub/*.md"])
    assert r.exit_code == 2
    assert "--glob matches file names inside the folder inputs, at any depth: use --glob '*.md'" in r.stderr
