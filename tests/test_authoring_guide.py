"""The rule-authoring guide (docs/authoring.md), followed step by step as a new user would, from an empty folder."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleantext.cli import main

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "authoring.md"


def test_guide_worked_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken, fixed = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)[:2]
    monkeypatch.chdir(tmp_path)
    assert not os.listdir(tmp_path)
    Path("mypack").mkdir()
    Path("mypack/doubled.yaml").write_text(broken, encoding="utf-8")
    cli = CliRunner()
    r = cli.invoke(main, ["rules", "lint", "mypack"])
    assert r.exit_code == 0 and "0 errors" in r.output, r.output
    r = cli.invoke(main, ["rules", "test", "mypack", "--seed", "1"])
    assert r.exit_code == 1, r.output
    assert "FAIL mypack/doubled.yaml::my-doubled-word::idempotent" in r.output
    assert "reproduce: cleantext rules test mypack/doubled.yaml --rule my-doubled-word --seed 1" in r.output
    Path("mypack/doubled.yaml").write_text(fixed, encoding="utf-8")
    r = cli.invoke(main, ["rules", "test", "mypack"])
    assert r.exit_code == 0 and "0 failed" in r.output, r.output
    r = cli.invoke(main, ["rules", "explain", "mypack", "It was the the the best."])
    assert "MATCH   my-doubled-word" in r.output
    r = cli.invoke(main, ["clean", "--rules", "mypack", "--no-default-rules", "-q"], input="It was the the the best.\n")
    assert r.exit_code == 0 and r.output == "It was the best.\n", r.output
