"""The gazetteer cache: same result as parsing, misses on any change, survives a corrupt entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleantext.rulefiles import load_rules


def _gazetteer(path: Path, n: int, suffix: str = "") -> None:
    lines = ["entities:"]
    for i in range(n):
        lines += [f"  - canonical: Name{i}{suffix}", "    type: person", f"    variants: [Nam{i}, Naem{i}{suffix}]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_cached_load_equals_parsed_load_and_misses_on_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("CLEANTEXT_CACHE_DIR", str(cache))
    gaz = tmp_path / "g.yaml"
    _gazetteer(gaz, 2000)
    first = load_rules([gaz])
    assert len(list(cache.glob("*.pickle"))) == 1
    assert load_rules([gaz]) == first
    _gazetteer(gaz, 2000, suffix="x")  # edited: the old entry must not be used
    edited = load_rules([gaz])
    assert edited.gazetteers[0].entities[0].canonical == "Name0x"
    assert len(list(cache.glob("*.pickle"))) == 2
    for entry in cache.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert load_rules([gaz]) == edited  # corrupt entries: parsed again


def test_cache_off_and_problems_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("CLEANTEXT_CACHE_DIR", "off")
    gaz = tmp_path / "g.yaml"
    _gazetteer(gaz, 2000)
    load_rules([gaz])
    assert not cache.exists()
    monkeypatch.setenv("CLEANTEXT_CACHE_DIR", str(cache))
    gaz.write_text(gaz.read_text(encoding="utf-8") + "  - type: person\n", encoding="utf-8")  # no canonical
    with pytest.raises(Exception, match="canonical"):
        load_rules([gaz])
    assert not list(cache.glob("*.pickle"))


# ---- one cache policy for every cache (issue 13) ----------------------------------------------------


@pytest.mark.parametrize("value", ["off", "OFF", "none", "0", "false", ""])
def test_cache_off_writes_nothing_anywhere(value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cleantext.names.build import load_index

    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("CLEANTEXT_CACHE_DIR", value)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    gaz = tmp_path / "g.yaml"
    _gazetteer(gaz, 2000)
    index = load_index(load_rules([gaz]).gazetteers)
    assert len(index) == 2000
    assert list(work.iterdir()) == []
    assert not (tmp_path / "home").exists() and not (tmp_path / "xdg").exists()


def test_every_cache_uses_the_same_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cleantext.names.build import load_index

    monkeypatch.delenv("CLEANTEXT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    gaz = tmp_path / "g.yaml"
    _gazetteer(gaz, 2000)
    load_index(load_rules([gaz]).gazetteers)
    folder = tmp_path / "xdg" / "cleantext"
    assert len(list(folder.glob("rulefile-*.pickle"))) == 1
    assert len(list(folder.glob("names-*.marshal"))) == 1
    assert not (tmp_path / "home").exists()


def test_cache_module_imports_nothing_from_the_package_init() -> None:
    import ast

    import cleantext.cache

    tree = ast.parse(Path(cleantext.cache.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert not (node.level >= 1 and node.module is None), "cache.py imports from the package __init__"
            assert node.module not in ("cleantext",)


# ---- start-up: rule files are cached too, keyed by content and the code that validates them (issue 17) ----

_RULE = """rules:
  - id: greeting-noise
    kind: line_pattern
    pattern: '^hello there$'
    description: {description}
"""


def _shipped_loaded_fresh(monkeypatch: pytest.MonkeyPatch) -> object:
    from cleantext.rulefiles import default_rules_dir

    monkeypatch.setenv("CLEANTEXT_CACHE_DIR", "off")
    fresh = load_rules([default_rules_dir()])
    return fresh


def test_shipped_rules_from_the_cache_equal_a_fresh_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cleantext.rulefiles as rulefiles

    fresh = _shipped_loaded_fresh(monkeypatch)
    cache = tmp_path / "cache"
    monkeypatch.setenv("CLEANTEXT_CACHE_DIR", str(cache))
    first = load_rules([rulefiles.default_rules_dir()])
    assert len(list(cache.glob("rulefile-*.pickle"))) == len(first.sources)

    def must_not_parse(text: str, path: str) -> None:
        raise AssertionError(f"{path} was parsed again although it is cached")

    monkeypatch.setattr(rulefiles, "parse_rule_file", must_not_parse)
    second = load_rules([rulefiles.default_rules_dir()])
    assert first == fresh and second == fresh


def test_an_edited_rule_file_misses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLEANTEXT_CACHE_DIR", str(tmp_path / "cache"))
    f = tmp_path / "r.yaml"
    f.write_text(_RULE.format(description="first"), encoding="utf-8")
    assert load_rules([f]).rules[0].description == "first"
    f.write_text(_RULE.format(description="second"), encoding="utf-8")
    assert load_rules([f]).rules[0].description == "second"
    assert len(list((tmp_path / "cache").glob("rulefile-*.pickle"))) == 2


def test_a_code_change_misses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cleantext.rulefiles as rulefiles

    monkeypatch.setenv("CLEANTEXT_CACHE_DIR", str(tmp_path / "cache"))
    f = tmp_path / "r.yaml"
    f.write_text(_RULE.format(description="first"), encoding="utf-8")
    load_rules([f])
    monkeypatch.setattr(rulefiles, "validation_code_key", lambda: "other code")
    load_rules([f])
    assert len(list((tmp_path / "cache").glob("rulefile-*.pickle"))) == 2


def test_rule_cache_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("CLEANTEXT_CACHE_DIR", "off")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    f = tmp_path / "r.yaml"
    f.write_text(_RULE.format(description="first"), encoding="utf-8")
    assert load_rules([f]).rules[0].description == "first"
    assert list(work.iterdir()) == []
    assert not (tmp_path / "home").exists() and not (tmp_path / "xdg").exists()


def test_a_broken_rule_file_reports_the_same_problems_every_load(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from cleantext.errors import RuleError

    cache = tmp_path / "cache"
    monkeypatch.setenv("CLEANTEXT_CACHE_DIR", str(cache))
    f = tmp_path / "r.yaml"
    f.write_text(_RULE.format(description="first"), encoding="utf-8")
    load_rules([f])  # the valid version is cached
    f.write_text(_RULE.format(description="first").replace("'^hello there$'", "'(unclosed'")
                 + "    colour: red\n", encoding="utf-8")
    reported = []
    for _ in range(2):
        with pytest.raises(RuleError) as caught:
            load_rules([f])
        reported.append([str(p) for p in caught.value.problems])
    assert reported[0] == reported[1]
    assert reported[0] and any("colour" in p for p in reported[0])
    assert len(list(cache.glob("rulefile-*.pickle"))) == 1  # only the valid version


def test_seeds_clean_the_same_with_and_without_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cleantext import Cleaner
    from cleantext.rulefiles import default_rules_dir

    fresh = _shipped_loaded_fresh(monkeypatch)
    monkeypatch.setenv("CLEANTEXT_CACHE_DIR", str(tmp_path / "cache"))
    load_rules([default_rules_dir()])
    cached = load_rules([default_rules_dir()])
    seeds = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
    assert seeds
    with_cache = Cleaner(rules=cached, default_rules=False)
    without = Cleaner(rules=fresh, default_rules=False)  # type: ignore[arg-type]
    for seed in seeds:
        text = seed.read_text(encoding="utf-8")
        a, b = with_cache.clean_and_explain(text), without.clean_and_explain(text)
        assert (a.text, a.edits) == (b.text, b.edits), seed.name


def test_the_c_yaml_parser_reads_the_shipped_rules_as_the_python_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import cleantext.rulefiles as rulefiles
    import cleantext.strict_yaml as strict_yaml

    if strict_yaml._FAST_LOADER is None:
        pytest.skip("PyYAML without libyaml")
    files = rulefiles.rule_files(rulefiles.default_rules_dir())
    fast = [rulefiles.parse_rule_file(p.read_text(encoding="utf-8"), str(p)) for p in files]
    monkeypatch.setattr(strict_yaml, "_FAST_LOADER", None)
    pure = [rulefiles.parse_rule_file(p.read_text(encoding="utf-8"), str(p)) for p in files]
    assert fast == pure
