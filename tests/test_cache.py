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
