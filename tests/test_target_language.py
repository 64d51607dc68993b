"""The target language is a parameter (``Options.target_language``, ``--target-lang``): mt_repair and names
leave a document alone when it is mostly in another language, whichever language that target is."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleantext import Cleaner, Options
from cleantext.cli import main
from cleantext.errors import OptionError
from cleantext.language import LANGUAGES, TARGET_LANG

POLISH = ("Rzecznik Kremla Dmitrij Pieskow powiedział w poniedziałek, że władze Rosji nie planują nowych "
          "rozmów z Ukrainą w tym tygodniu. Według agencji prasowych delegacje mają spotkać się później. "
          "Wcześniej prezydent zapowiedział, że decyzja zapadnie po konsultacjach z rządem w Moskwie.\n")
ENGLISH = ("Kremlin spokesman Dmitrij Peskov said on Monday that Russia had no plans for new talks this week. "
           "According to news agencies, the delegations are expected to meet later in the month, after the "
           "president has consulted the government in Moscow.\n")


def _skipped(text: str, target: str) -> dict[str, str | None]:
    reports = Cleaner(options=Options(target_language=target)).clean_and_explain(text).reports
    return {p: reports[p].get("skipped") for p in ("mt_repair", "names")}


def test_the_default_target_is_english() -> None:
    assert Options().target_language == TARGET_LANG == "en"
    assert _skipped(ENGLISH, "en") == {"mt_repair": None, "names": None}
    assert _skipped(POLISH, "en") == {"mt_repair": "document is in 'pl', not English",
                                      "names": "document is in 'pl', not English"}


def test_the_gates_follow_the_target() -> None:
    assert _skipped(POLISH, "pl") == {"mt_repair": None, "names": None}
    assert _skipped(ENGLISH, "pl") == {"mt_repair": "document is in 'en', not Polish",
                                       "names": "document is in 'en', not Polish"}


@pytest.mark.parametrize(("value", "hint"), [("english", "did you mean 'en'?"), ("EN", "did you mean 'en'?"),
                                             ("en_US", "did you mean 'en'?"), ("Deutsch", "did you mean 'de'?"),
                                             ("he", "did you mean 'iw'?"), ("xx", "160 known)")])
def test_an_unknown_target_is_refused_with_a_hint(value: str, hint: str) -> None:
    with pytest.raises(OptionError, match=f"unknown target language {value!r}") as err:
        Options(target_language=value)
    assert str(err.value).endswith(hint) and len(LANGUAGES) == 160


def test_the_target_travels_with_the_options() -> None:
    opts = Options(target_language="de")
    assert pickle.loads(pickle.dumps(opts)) == opts and "target_language='de'" in repr(opts)


def test_the_cli_takes_the_target(tmp_path: Path) -> None:
    runner = CliRunner()
    report = tmp_path / "report.jsonl"
    r = runner.invoke(main, ["clean", "--target-lang", "pl", "--report", str(report), "-q"], input=POLISH)
    assert r.exit_code == 0, r.output
    names = json.loads(report.read_text(encoding="utf-8"))["reports"]["names"]
    assert "skipped" not in names and names["rewritten"] >= 1  # the (English) gazetteer runs on Polish text
    assert r.output != POLISH and "Dmitry Peskov" in r.output
    r = runner.invoke(main, ["clean", "--report", str(report), "-q"], input=POLISH)
    assert r.exit_code == 0 and r.output == POLISH
    assert json.loads(report.read_text(encoding="utf-8"))["reports"]["names"]["skipped"].endswith("not English")


def test_the_cli_refuses_an_unknown_target_as_a_usage_error() -> None:
    r = CliRunner().invoke(main, ["clean", "--target-lang", "english"], input="text\n")
    assert r.exit_code == 2
    assert "Invalid value for '--target-lang': unknown target language 'english'" in r.output
    assert "did you mean 'en'?" in r.output
