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
    from cleantext.names.index import load_index

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
    from cleantext.names.index import load_index

    monkeypatch.delenv("CLEANTEXT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    gaz = tmp_path / "g.yaml"
    _gazetteer(gaz, 2000)
    load_index(load_rules([gaz]).gazetteers)
    folder = tmp_path / "xdg" / "cleantext"
    assert len(list(folder.glob("gazetteer-*.pickle"))) == 1
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
