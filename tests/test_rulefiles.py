"""The rule loader: strict, line-aware, every problem of a load reported at once."""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from cleantext import Cleaner, RuleError, load_rules
from cleantext.errors import UnknownNameError
from cleantext.passes import PASSES
from cleantext.rulefiles import default_rules_dir, parse_rule_file


def problems(text: str) -> list[str]:
    _, _, found = parse_rule_file(text, "x.yaml")
    return [str(p) for p in found]


def test_gazetteer_shape_is_accepted_with_metadata() -> None:
    rules, gaz, found = parse_rule_file(
        "entities:\n"
        "  - canonical: Bashar al-Assad\n"
        "    type: person\n"
        "    variants: [Bachar al-Assad, Bashar Assad]\n"
        "    wikidata: Q44329\n"
        "  - canonical: Idlib\n",
        "g.yaml",
    )
    assert not found and not rules
    (g,) = gaz
    assert [e.canonical for e in g.entities] == ["Bashar al-Assad", "Idlib"]
    assert g.entities[0].variants == ("Bachar al-Assad", "Bashar Assad")
    assert g.entities[0].meta == {"wikidata": "Q44329"}
    assert g.entities[0].location.line == 2


def test_duplicate_keys_are_errors_with_lines() -> None:
    out = problems("entities:\n  - canonical: A\n    canonical: B\n")
    assert out == ["x.yaml:3: duplicate key 'canonical' (first at line 2)"]


def test_unknown_kind_lists_available_kinds() -> None:
    (msg,) = problems("rules:\n  - id: r1\n    kind: no_such_kind\n")
    assert msg.startswith("x.yaml:3: [rule r1] unknown kind 'no_such_kind'. Available kinds:")


def test_all_problems_reported_together() -> None:
    out = problems(
        "pack: {nmae: x}\n"
        "rules:\n"
        "  - kind: whatever\n"
        "  - id: r2\n"
        "  - id: r3\n"
        "    kind: nope\n"
        "    confidence: maybe\n"
    )
    assert any("unknown pack key 'nmae'" in m and "did you mean 'name'?" in m for m in out)
    assert any("x.yaml:3:" in m and "missing 'id'" in m for m in out)
    assert any("[rule r2]" in m and "missing 'kind'" in m for m in out)
    assert any("[rule r3]" in m and "unknown kind 'nope'" in m for m in out)
    assert any("[rule r3]" in m and "'confidence' must be one of high, low" in m for m in out)


def test_yaml_syntax_error_names_line() -> None:
    (msg,) = problems("rules:\n  - id: a\n    kind: [unclosed\n")
    assert msg.startswith("x.yaml:") and "YAML syntax error" in msg


def test_unsafe_yaml_cannot_build_objects() -> None:
    (msg,) = problems("rules: !!python/object/apply:os.system ['echo pwned']\n")
    assert "YAML syntax error" in msg or "could not determine a constructor" in msg


def test_empty_and_wrong_top_level() -> None:
    assert problems("") == ["x.yaml: the file is empty; expected 'rules:' or 'entities:'"]
    assert "expected a 'rules:' list or an 'entities:' list" in problems("pack: {name: p}\n")[0]
    assert "top level must be a mapping" in problems("- a\n- b\n")[0]


def test_load_rules_raises_with_every_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("rules:\n  - id: a\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("entities:\n  - type: person\n", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path, tmp_path / "missing.yaml"])
    text = str(info.value)
    assert "a.yaml:2" in text and "b.yaml:2" in text and "missing.yaml: no such file" in text
    assert len(info.value.problems) == 3


def test_default_rules_load_and_cleaner_pickles() -> None:
    assert default_rules_dir().is_dir()
    cleaner = Cleaner()
    clone = pickle.loads(pickle.dumps(cleaner))
    text = "Turkey\u2019s\u00a0demands  \n\n\n\nend"
    assert clone.clean(text) == cleaner.clean(text)


def test_unknown_pass_in_api() -> None:
    with pytest.raises(Exception, match="did you mean 'names'"):
        Cleaner(passes=["namez"])
    with pytest.raises(UnknownNameError):
        PASSES.get("nope")


@pytest.mark.parametrize(
    ("pattern", "dangerous"),
    [
        (r"(a+)+$", True),
        (r"(\w+\s*)*$", True),
        (r"(?:-[\w-]+)*$", True),  # the delimiter is also matched inside: two ways to split
        (r"(?:-a+-?)*$", True),
        (r"[A-Z][a-z]+(?:-[A-Z][a-z]+)*$", False),  # each repetition starts at its own "-"
        (r"(?:,\s*\w+)*$", False),
    ],
)
def test_backtracking_detector(pattern: str, dangerous: bool) -> None:
    import regex

    from cleantext.matching import nested_quantifiers

    assert bool(nested_quantifiers(pattern)) == dangerous
    if not dangerous:
        # What it lets through grows polynomially on input pumped against it: search tries every start, so
        # doubling the input about quadruples the work (quadratic, which the per-rule timeout bounds), where a
        # catastrophic pattern's work squares or worse. A ratio of CPU times of this thread on the same
        # machine, so the machine's speed cancels out; thread time, because other threads of the test
        # process (Ray's, from an earlier test) count in process time; best of five, so a cold cache or a
        # pause of the scheduler does not count. The bound 16 allows quartic growth: the measured ratio is
        # about 4, and exponential growth would be beyond 1000 at these sizes.
        def work(n: int) -> float:
            pumped = "Ab" + "-Ab" * n + ",a" * n + "!"
            return min(_cpu_seconds(lambda: regex.search(pattern, pumped)) for _ in range(5))

        assert work(1600) / work(800) < 16


def _cpu_seconds(fn: Callable[[], object]) -> float:
    started = time.thread_time()
    fn()
    return max(time.thread_time() - started, 1e-6)


def test_a_later_file_replaces_a_rule_with_the_same_id(tmp_path: Path) -> None:
    rule = ("  - id: {id}\n    kind: mt_phrase\n    phrases: [{p}]\n    replace: x\n"
            "    examples: {{fix: [{{in: '{p}', out: x}}], keep: [y]}}\n")
    (tmp_path / "a.yaml").write_text("rules:\n" + rule.format(id="one", p="aaa") + rule.format(id="two", p="bbb"),
                                     encoding="utf-8")
    (tmp_path / "b.yaml").write_text("rules:\n" + rule.format(id="one", p="ccc"), encoding="utf-8")
    rules = load_rules([tmp_path]).rules
    assert [(r.id, r.params["phrases"]) for r in rules] == [("two", ["bbb"]), ("one", ["ccc"])]


def test_lint_notes_a_rule_that_replaces_a_shipped_rule(tmp_path: Path) -> None:
    from cleantext.authoring.lint import NOTE, lint_paths
    from cleantext.rulefiles import default_rules_dir

    shipped = next(r for r in load_rules([default_rules_dir()]).rules if r.kind == "mt_phrase")
    f = tmp_path / "mine.yaml"
    f.write_text(f"rules:\n  - id: {shipped.id}\n    kind: {shipped.kind}\n    phrases: [zzqq]\n    replace: x\n"
                 "    examples: {fix: [{in: zzqq, out: x}], keep: [y]}\n", encoding="utf-8")
    notes = [p for p in lint_paths([f]).problems if p.code == "replaces-shipped"]
    assert len(notes) == 1 and notes[0].severity == NOTE
    assert str(f) in notes[0].path and shipped.location.path in notes[0].message
    strict = lint_paths([f]).outcomes(strict=True)
    assert all(o.status == "passed" for o in strict if o.check == "lint:replaces-shipped")


def test_gazetteer_typos_and_wrong_types_are_all_errors_with_lines() -> None:
    """'variant: [Kiev]' and 'variants: Kiev, Kiew' used to load and do nothing; every error of the file is
    reported at once, each with its line; metadata keys far from a known key stay metadata."""
    text = ("entities:\n"
            "  - canonical: Kyiv\n"
            "    variant: [Kiev]\n"
            "  - canonical: Lviv\n"
            "    variants: Lvov, Lwow\n"
            "    wikidata: Q36036\n"
            "    notes: kept as metadata\n"
            "  - canonical: Odesa\n"
            "    Type: city\n"
            "    surname_alone: 'no'\n")
    out = problems(text)
    assert out == [
        "x.yaml:3: unknown key 'variant' of 'Kyiv'; did you mean 'variants'? (a metadata key this close to a "
        "key the names pass reads is taken for a typo: rename it)",
        "x.yaml:5: 'variants' of 'Lviv' must be a list of names, not str 'Lvov, Lwow' (write [Lvov, Lwow] "
        "for a list)",
        "x.yaml:9: unknown key 'Type' of 'Odesa'; did you mean 'type'? (a metadata key this close to a key "
        "the names pass reads is taken for a typo: rename it)",
        "x.yaml:10: 'surname_alone' of 'Odesa' must be true or false, not str 'no'",
    ]


def test_gazetteer_metadata_far_from_known_keys_is_kept() -> None:
    _, gaz, found = parse_rule_file("entities:\n  - canonical: Lviv\n    variants: [Lvov]\n    notes: x\n"
                                    "    role: city\n    full_name: Lviv city\n", "g.yaml")
    assert not found
    assert gaz[0].entities[0].meta == {"notes": "x", "role": "city", "full_name": "Lviv city"}


def test_cli_lint_strict_fails_on_gazetteer_typo(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cleantext.cli import main

    path = tmp_path / "g.yaml"
    path.write_text("entities:\n  - canonical: Kyiv\n    variant: [Kiev]\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["rules", "lint", "--strict", str(path)])
    assert r.exit_code == 1 and f"{path}:3: error:" in r.output and "did you mean 'variants'?" in r.output
