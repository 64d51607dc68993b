"""Untrusted rules: loading someone else's rule pack cannot execute code, and cannot hang or exhaust
memory. Patterns are checked at load (catastrophic backtracking shapes, repeat counts that make the
regex compiler itself explode), every match runs under a timeout, and a rule that times out on a
document is skipped for that document, reported, while the other rules still clean it.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cleantext import Cleaner
from cleantext.cli import main
from cleantext.errors import RuleError
from cleantext.kinds import KINDS, Rule
from cleantext.matching import CombinedRegex, ScanReport, check_pattern, compile_pattern, repeat_budget
from cleantext.options import Options
from cleantext.rulefiles import RuleSet, load_rules

#: backtracks exponentially in any backtracking engine: (x+x+)+y on "xxxx...x"
CATASTROPHIC = r"(x+x+)+y"
#: compiling it alone takes minutes and gigabytes with the regex module
EXPLOSIVE = r"(?:(?:a{1000}){1000}){1000}"


def pattern_kinds() -> list[str]:
    import cleantext.passes  # noqa: F401  (registers the kinds)

    return [n for n in KINDS.names() if "pattern" in KINDS.get(n).params]


def rule_yaml(kind: str, pattern: str) -> str:
    """A rule of ``kind`` with ``pattern``, every other required key filled with something valid."""
    lines = ["rules:", "  - id: untrusted", f"    kind: {kind}", f"    pattern: '{pattern}'"]
    for name, spec in KINDS.get(kind).params.items():
        if spec.required and name != "pattern":
            lines.append(f"    {name}: " + ("'x'" if str in spec.types else "[x]" if list in spec.types else "1"))
    return "\n".join(lines) + "\n"


# -- no code execution -----------------------------------------------------------------------------------

@pytest.mark.parametrize("payload", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    "!!python/name:os.system",
    "!!python/module:os",
])
def test_yaml_tags_that_build_objects_are_refused(tmp_path: Path, payload: str) -> None:
    marker = tmp_path / "pwned"
    f = tmp_path / "evil.yaml"
    f.write_text("rules:\n  - id: x\n    kind: " + payload.format(marker=marker) + "\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"evil\.yaml"):
        load_rules([f])
    assert not marker.exists()


class _Exploit:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (self.marker,))


@pytest.mark.parametrize("name", ["rules.pkl", "rules.yaml"])
def test_a_pickle_is_never_unpickled(tmp_path: Path, name: str) -> None:
    marker = tmp_path / "pwned"
    f = tmp_path / name
    f.write_bytes(pickle.dumps(_Exploit(marker)))
    with pytest.raises(RuleError):
        load_rules([f])
    assert not marker.exists()


def test_the_cli_reports_an_evil_rule_file_and_exits_2(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    f = tmp_path / "evil.yaml"
    f.write_text(f"rules: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["clean", "--rules", str(f), "-"], input="text")
    assert r.exit_code == 2
    assert str(f) in r.stderr
    assert not marker.exists()


# -- checked at load -------------------------------------------------------------------------------------

def test_every_pattern_kind_rejects_catastrophic_backtracking_at_load(tmp_path: Path) -> None:
    kinds = pattern_kinds()
    assert kinds, "no rule kind takes a pattern: nothing to check"
    for kind in kinds:
        f = tmp_path / f"{kind}.yaml"
        f.write_text(rule_yaml(kind, CATASTROPHIC), encoding="utf-8")
        with pytest.raises(RuleError, match="catastrophically") as exc:
            load_rules([f])
        assert f"{f}:2" in str(exc.value) and "untrusted" in str(exc.value)


def test_explosive_repeat_counts_are_refused_before_compiling(tmp_path: Path) -> None:
    for kind in pattern_kinds():
        f = tmp_path / f"{kind}.yaml"
        f.write_text(rule_yaml(kind, EXPLOSIVE), encoding="utf-8")
        with pytest.raises(RuleError, match="the limit is 10000"):
            load_rules([f])


def test_compile_pattern_itself_refuses_explosive_patterns() -> None:
    """Rules built in code skip the loader; the matcher still refuses to compile such a pattern."""
    import regex

    for pattern in [EXPLOSIVE, "a{4294967294}", "(?:x{200}){200}"]:
        with pytest.raises(regex.error, match="limit"):
            compile_pattern(pattern)


@pytest.mark.parametrize(("pattern", "budget"), [
    ("a{2,5}b{3}", 5), ("(?:ab{10}){20}", 200), (r"\{1000\}", 1), ("[{]1000}", 1), ("x{1000,}", 1000),
    ("(a{100}|b{200}){3}", 600), ("(x+x+)+y", 1),
])
def test_repeat_budget(pattern: str, budget: int) -> None:
    assert repeat_budget(pattern) == budget


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(\w+\s*)*x", r"(?:a|b+)*c+", r"(x{2,})+"])
def test_nested_unbounded_quantifiers_are_flagged(pattern: str) -> None:
    assert any("catastrophically" in p for p in check_pattern(pattern)), pattern


@pytest.mark.parametrize("pattern", [r"\b(\w+) \1\b", r"(?:Share|Tweet)\s+(?:this|on)", r"Mr\.? [A-Z][a-z]+"])
def test_ordinary_patterns_pass(pattern: str) -> None:
    assert check_pattern(pattern) == []


def test_yaml_alias_bombs_do_not_blow_up_the_loader(tmp_path: Path) -> None:
    """A "billion laughs" file where the aliases end up in a key the loader ignores or rejects."""
    levels = ['  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        levels.append(f"  a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    f = tmp_path / "laughs.yaml"
    f.write_text("pack:\n" + "\n".join(levels) + "\nrules:\n  - id: x\n    kind: *a8\n", encoding="utf-8")
    with pytest.raises(RuleError):  # returns at all: expanded, the aliases would be 9**9 strings
        load_rules([f])


def test_yaml_alias_bomb_in_a_typed_key_loads_in_bounded_time(tmp_path: Path) -> None:
    kind = pattern_kinds()[0]
    levels = ['  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        levels.append(f"  a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    f = tmp_path / "laughs.yaml"
    f.write_text("anchors:\n" + "\n".join(levels) + f"\nrules:\n  - id: x\n    kind: {kind}\n    pattern: *a9\n",
                 encoding="utf-8")
    code = f"from cleantext.rulefiles import load_rules\ntry: load_rules([{str(f)!r}])\nexcept Exception: pass\n"
    # a hang guard, not a speed limit: expanded, the aliases would be 9**10 strings (tens of GB), which no
    # machine loads in minutes; a process, so that a loader that does expand them can be killed
    try:
        subprocess.run([sys.executable, "-c", code], timeout=300, check=True)
    except subprocess.TimeoutExpired:
        pytest.fail("loading did not finish in 300 s: the aliases were expanded")


# -- bounded at run time ---------------------------------------------------------------------------------

def test_combined_regex_skips_a_rule_that_times_out_and_keeps_the_others() -> None:
    matcher = CombinedRegex([("bad", CATASTROPHIC, ""), ("good", r"\bend\b", "")], timeout=0.1)
    report = ScanReport()
    hits = matcher.scan("x" * 3000 + " the end", report)  # returns at all: the timeout stopped "bad"
    assert [h.key for h in hits] == ["good"]
    assert report.timed_out == ["bad"]
    assert report.as_report() == {"timed_out": ["bad"]}
    assert ScanReport().as_report() == {}


def _pattern_rule(rule_id: str, pattern: str, replace: str) -> Rule:
    return Rule(id=rule_id, kind="mt_pattern", pass_name="mt_repair", params={"pattern": pattern, "replace": replace})


@pytest.mark.skipif("mt_pattern" not in pattern_kinds(), reason="needs the mt_pattern kind")
def test_a_rule_that_times_out_is_skipped_for_that_document_and_reported() -> None:
    # built in code, so the load-time check does not stop it: the run-time bound must
    rules = RuleSet(rules=(_pattern_rule("slow", CATASTROPHIC, "z"), _pattern_rule("teh", r"\bteh\b", "the")))
    cleaner = Cleaner(rules=rules, default_rules=False, passes=["mt_repair"], options=Options(rule_timeout=0.1))
    result = cleaner.clean_and_explain("x" * 3000 + "\nteh end\n")
    assert result.text.endswith("\nthe end\n")  # the other rule still applied
    assert result.reports["mt_repair"]["timed_out"] == ["slow"]
    quick = cleaner.clean_and_explain("teh x\n")  # skipped for that document only
    assert quick.text == "the x\n" and "timed_out" not in quick.reports["mt_repair"]


@pytest.mark.skipif("mt_pattern" not in pattern_kinds(), reason="needs the mt_pattern kind")
def test_the_cli_warns_about_a_timed_out_rule_and_counts_it(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = RuleSet(rules=(_pattern_rule("slow", CATASTROPHIC, "z"), _pattern_rule("teh", r"\bteh\b", "the")))
    original = Cleaner.__init__

    def with_slow_rule(self: Cleaner, **kwargs: Any) -> None:
        original(self, **{**kwargs, "rules": rules, "default_rules": False,
                          "options": Options(rule_timeout=0.1)})

    monkeypatch.setattr(Cleaner, "__init__", with_slow_rule)
    r = CliRunner().invoke(main, ["clean", "--passes", "mt_repair"], input="x" * 3000 + "\nteh end\n")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.endswith("\nthe end\n")
    assert "<stdin>: rule slow of pass mt_repair ran out of time and was skipped for this document" in r.stderr
    assert "1 rule timeout (rule skipped for that document)" in r.stderr


@pytest.mark.skipif("mt_pattern" not in pattern_kinds(), reason="needs the mt_pattern kind")
def test_a_rule_whose_context_times_out_is_reported_by_its_id_not_its_kind() -> None:
    slow = Rule(id="slow-context", kind="mt_pattern", pass_name="mt_repair",
                params={"pattern": r"\bteh\b", "replace": "the", "before": r"(?:(\w|\w\w)+)+\d"})
    rules = RuleSet(rules=(slow, _pattern_rule("quick", r"\bdoe\b", "does")))
    cleaner = Cleaner(rules=rules, default_rules=False, passes=["mt_repair"], options=Options(rule_timeout=0.01))
    result = cleaner.clean_and_explain("x" * 60 + " teh doe\n")
    assert result.reports["mt_repair"]["timed_out"] == ["slow-context"]
    assert result.text.endswith(" teh does\n")  # the other rule still applied
