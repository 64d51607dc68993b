"""The gold checks for the sample documents, each its own test.

Checks that the current code cannot pass yet are listed in gold_pending.txt and run as strict
expected failures: the day one passes, the build fails until its line is deleted from that file.
Optional fixes are counted and reported, never failed.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from goldcheck import SEEDS, Check, load_checks

import cleantext

PENDING = {
    line.strip()
    for line in (Path(__file__).parent / "gold_pending.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
}
CHECKS = [c for c in load_checks() if c.category != "optional"]
OPTIONAL = [c for c in load_checks() if c.category == "optional"]


@functools.cache
def cleaned(doc: str) -> str:
    return cleantext.clean((SEEDS / doc).read_text(encoding="utf-8"))


def _param(c: Check) -> object:
    marks = [pytest.mark.xfail(strict=True, reason="pending: listed in gold_pending.txt")] if c.id in PENDING else []
    return pytest.param(c, id=c.id, marks=marks)


@pytest.mark.parametrize("check", [_param(c) for c in CHECKS])
def test_gold(check: Check) -> None:
    ok, why = check.run(cleaned(check.doc))
    assert ok, f"{check.doc} [{check.category}] {check.kind}: {why}"


def test_pending_list_names_real_checks() -> None:
    known = {c.id for c in CHECKS}
    assert known >= PENDING, f"gold_pending.txt names checks that do not exist: {sorted(PENDING - known)}"


def test_optional_fixes_report(capsys: pytest.CaptureFixture[str]) -> None:
    results = [(c, c.run(cleaned(c.doc))[0]) for c in OPTIONAL]
    with capsys.disabled():
        done = sum(ok for _, ok in results)
        print(f"\noptional fixes: {done}/{len(results)} made: "
              + ", ".join(f"{c.arg['wrong']!r}{'+' if ok else '-'}" for c, ok in results))
    assert len(results) == sum(len(v.get("optional_fix", [])) for v in _gold().values())


def _gold() -> dict[str, dict[str, list[object]]]:
    import yaml
    from goldcheck import GOLD

    data: dict[str, dict[str, list[object]]] = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    return data
