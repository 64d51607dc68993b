"""The pytest plugin, as another project would use it: one line of configuration, rule files as items."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import authoring_kinds

RULES = rf"""rules:
  - id: doubled
    kind: {authoring_kinds.KIND}
    pattern: '\b(\w+) \1\b'
    replace: '\1'
    examples:
      fix: [{{in: "the the cat", out: "the cat"}}]
      keep: ["the cat sat"]
"""
CONFTEST = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import authoring_kinds  # noqa\n"


def test_plugin_collects_rule_files_with_stable_ids(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "x.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text("def test_ok():\n    pass\n", encoding="utf-8")
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\ncleantext_rules = rules\ntestpaths = tests\n", encoding="utf-8")
    installed = any(e.value == "cleantext.pytest_plugin" for e in entry_points(group="pytest11"))
    plugin = [] if installed else ["-p", "cleantext.pytest_plugin"]
    p = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", *plugin],
                       cwd=tmp_path, capture_output=True, text=True, timeout=300)
    out = p.stdout + p.stderr
    assert p.returncode == 1, out
    assert "PASSED rules/x.yaml::doubled::fix[0]" in out and "PASSED rules/x.yaml::doubled::keep[0]" in out
    assert "FAILED rules/x.yaml::doubled::idempotent" in out
    assert "reproduce: cleantext rules test rules/x.yaml --rule doubled --seed 0 --profile ci" in out
    assert "PASSED tests/test_a.py::test_ok" in out
