"""Typed pass reports: made by the pipeline for every pass, read by whatever counts or warns, summed by
``--stats``; ``result.reports`` (what ``--report`` writes) keeps its shape."""

from __future__ import annotations

import pickle
from pathlib import Path

import authoring_kinds
from click.testing import CliRunner

from cleantext import Cleaner
from cleantext.authoring.properties import timed_out
from cleantext.authoring.runner import Run, Runner
from cleantext.cli import main
from cleantext.kinds import Rule
from cleantext.options import Options
from cleantext.reports import PassReport, RunTotals

TEXT = "Idlib\u00a0province said the the talks.\n"


def test_every_pass_has_a_typed_report_matching_the_mapping() -> None:
    result = Cleaner().clean_and_explain(TEXT)
    assert [r.name for r in result.pass_reports] == ["unicode", "boilerplate", "mt_repair", "names", "tidy"]
    by_name = {r.name: r for r in result.pass_reports}
    assert by_name["mt_repair"].edits == 1 and by_name["names"].mentions == 1
    assert sum(r.edits for r in result.pass_reports) == len(result.edits)
    assert by_name["names"].details == result.reports["names"]
    assert by_name["mt_repair"].counters()["artifacts.doubled_word"] == 1
    assert all(r.seconds >= 0 and r.error is None and not r.timed_out for r in result.pass_reports)
    # results travel to and from worker processes with their reports
    assert pickle.loads(pickle.dumps(result)).pass_reports == result.pass_reports


def test_errors_and_timeouts_are_typed() -> None:
    broken = Rule(id="broken", kind=authoring_kinds.KIND, pass_name=authoring_kinds.PASS,
                  params={"pattern": "cat", "replace": "dog", "spill": "x"})
    [report] = Runner([broken], options=Options(strict=False)).run("a cat").pass_reports
    assert report.error is not None and report.error.startswith("ValueError") and report.edits == 0


def test_a_key_that_merely_mentions_timeouts_is_no_timeout() -> None:
    """The budget check used to look for "timeout" in any key of any report."""
    quiet = PassReport("x", details={"rule_timeout_setting": 1.0, "timeouts_allowed": True})
    assert not timed_out(Run("a", "a", pass_reports=(quiet,)))
    assert timed_out(Run("a", "a", pass_reports=(PassReport("x", timed_out=("r1",)),)))


def test_totals_sum_the_reports_of_a_run() -> None:
    totals = RunTotals()
    totals.add([PassReport("a", edits=2, details={"n": 1}), PassReport("b", error="E: x")])
    totals.add([PassReport("a", edits=0, details={"n": 2}, timed_out=("r",))])
    a, b = totals.passes["a"], totals.passes["b"]
    assert (a.docs, a.changed, a.edits, a.timeouts, a.counters["n"]) == (2, 1, 2, 1, 3)
    assert (b.docs, b.errors) == (1, 1)


def test_stats_prints_each_pass(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    r = CliRunner().invoke(main, ["clean", str(src), "-o", str(tmp_path / "out.txt"), "--stats", "-q"])
    assert r.exit_code == 0, r.output
    rows = {line.split()[0]: line.split() for line in r.output.splitlines() if line.strip()}
    assert rows["pass"][:4] == ["pass", "docs", "changed", "edits"]
    assert rows["mt_repair"][1:4] == ["1", "1", "1"] and rows["boilerplate"][1:4] == ["1", "0", "0"]
    assert " ".join(rows["names"]).endswith("mentions 1, rewritten 0")
