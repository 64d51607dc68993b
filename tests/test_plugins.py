"""Plugins from other installed packages: a pass and a rule kind found by entry points (cleantext.plugins).

The plugin (tests/plugin_acronyms.py) registers nothing itself. Each test installs it as a distribution
(a ``.dist-info`` folder in tmp_path, on ``sys.path`` of a fresh interpreter, as pip would leave it) and
runs the command line there, so the registries of this process stay as they are. The errors of broken
entry points are checked in this process, with ``importlib.metadata.entry_points`` replaced.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

from cleantext import plugins
from cleantext.plugins import KIND_GROUP, PASS_GROUP, PluginError

TESTS = Path(__file__).resolve().parent
ENTRY_POINTS = f"""\
[{PASS_GROUP}]
ext_acronyms = plugin_acronyms:AcronymPass

[{KIND_GROUP}]
ext_acronyms = plugin_acronyms:ACRONYM_KIND
"""
RULES = """\
rules:
  - id: ext.acronyms
    kind: ext_acronyms
    words: [nato, unesco]
    examples:
      fix: [{in: "The nato summit.", out: "The NATO summit."}]
      keep: ["The NATO summit.", "Donato said."]
"""


def _install(tmp_path: Path, entry_points: str = ENTRY_POINTS) -> Path:
    """A distribution ``cleantext-acronyms`` with ``entry_points``, in a folder to put on sys.path."""
    site = tmp_path / "site"
    info = site / "cleantext_acronyms-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: cleantext-acronyms\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")
    return site


def _cleantext(site: Path, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join([str(site), str(TESTS), *filter(None, [os.environ.get("PYTHONPATH")])])
    return subprocess.run([sys.executable, "-m", "cleantext", *args], input=stdin, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": path, **env}, timeout=300, cwd=site)


def _rules(tmp_path: Path) -> Path:
    path = tmp_path / "acronyms.yaml"
    path.write_text(RULES, encoding="utf-8")
    return path


def test_an_installed_plugin_pass_and_kind_run_in_the_pipeline(tmp_path: Path) -> None:
    site = _install(tmp_path)
    p = _cleantext(site, "clean", "--rules", str(_rules(tmp_path)), "--explain", stdin="The nato and unesco met.\n")
    assert p.returncode == 0, p.stderr
    assert p.stdout == "The NATO and UNESCO met.\n"
    assert "ext_acronyms" in p.stderr and "ext.acronyms" in p.stderr  # --explain names the pass and the rule
    listed = _cleantext(site, "passes").stdout
    assert listed.index("ext_acronyms") < listed.index("tidy"), listed  # placed before tidy, run by default
    assert "kinds: ext_acronyms" in listed


def test_rules_test_checks_a_rule_of_a_plugin_kind(tmp_path: Path) -> None:
    p = _cleantext(_install(tmp_path), "rules", "test", str(_rules(tmp_path)), "--format", "json", "--seed", "0",
                   "--profile", "ci")
    outcomes = json.loads(p.stdout)["outcomes"]
    assert p.returncode == 0, [o for o in outcomes if o["status"] != "passed"]
    checks = {str(o["check"]) for o in outcomes if o["rule"] == "ext.acronyms" and o["status"] == "passed"}
    assert {"total", "local", "idempotent", "budget"} <= checks and "fix[0]" in checks, checks


def test_without_the_plugin_its_kind_is_unknown(tmp_path: Path) -> None:
    p = _cleantext(_install(tmp_path), "clean", "--rules", str(_rules(tmp_path)), stdin="x\n", CLEANTEXT_NO_PLUGINS="1")
    assert p.returncode == 2 and "unknown kind 'ext_acronyms'" in p.stderr, p.stderr


def test_a_broken_plugin_stops_the_command_naming_its_entry_point(tmp_path: Path) -> None:
    site = _install(tmp_path, f"[{PASS_GROUP}]\next_gone = no_such_module_here:Pass\n")
    p = _cleantext(site, "clean", stdin="text\n")
    assert p.returncode == 2 and p.stdout == ""
    assert ("cannot load plugin entry point 'ext_gone' = 'no_such_module_here:Pass' (group cleantext.passes, "
            "distribution cleantext-acronyms 1.0): ModuleNotFoundError") in p.stderr, p.stderr
    assert "Traceback" not in p.stderr
    assert _cleantext(site, "clean", stdin="text\n", CLEANTEXT_NO_PLUGINS="1").stdout == "text\n"


@pytest.fixture
def entry_points(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[metadata.EntryPoint]]:
    """Entry points that ``load_plugins`` reads instead of the installed ones; the state is reset after."""
    found: list[metadata.EntryPoint] = []
    monkeypatch.setattr(metadata, "entry_points", lambda group: [e for e in found if e.group == group])
    plugins.reset_for_tests()
    yield found
    plugins.reset_for_tests()
    monkeypatch.undo()
    plugins.load_plugins()  # what is installed, as before the test


@pytest.mark.parametrize(("group", "name", "value", "message"), [
    (PASS_GROUP, "ext_acronyms", "plugin_acronyms:NAME", "gives str, not a Pass subclass or a module"),
    (KIND_GROUP, "ext_acronyms", "plugin_acronyms:AcronymPass", "gives ABCMeta, not a RuleKind or a module"),
    (PASS_GROUP, "acronyms", "plugin_acronyms:AcronymPass",
     "the pass it gives is named 'ext_acronyms'; the entry point must have the same name"),
    (KIND_GROUP, "ext_acronyms", "plugin_acronyms", "no rule kind 'ext_acronyms' was registered by loading it"),
    (PASS_GROUP, "ext_x", "plugin_acronyms:Missing", "cannot load plugin entry point 'ext_x'"),
])
def test_an_entry_point_that_gives_the_wrong_thing_is_named(entry_points: list[metadata.EntryPoint], group: str,
                                                            name: str, value: str, message: str) -> None:
    entry_points.append(metadata.EntryPoint(name, value, group))
    with pytest.raises(PluginError, match=f"'{name}' = '{value}' \\(group {group}\\)") as first:
        plugins.load_plugins()
    assert message in str(first.value) and "CLEANTEXT_NO_PLUGINS=1" in str(first.value)
    with pytest.raises(PluginError) as again:  # every later lookup fails the same way, none goes on without it
        plugins.load_plugins()
    assert str(again.value) == str(first.value)
