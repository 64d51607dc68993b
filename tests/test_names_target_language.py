"""The names pass rewrites to English forms, so it runs on English text only.

Found on real web pages (../shared/realdata/boilerplate-web): on Polish and German pages the pass rewrote
'Rosji' to 'Russia' and 'Jordanien' to 'Jordan', which are the right words in those languages.
"""

from cleantext import Cleaner

POLISH = ("Rzecznik Kremla Dmitrij Pieskow powiedział w poniedziałek, że władze Rosji nie planują nowych "
          "rozmów z Ukrainą w tym tygodniu. Według agencji prasowych delegacje mają spotkać się później. "
          "Wcześniej prezydent zapowiedział, że decyzja zapadnie po konsultacjach z rządem w Moskwie.")
ENGLISH = ("Kremlin spokesman Dmitrij Peskov said on Monday that Russia had no plans for new talks this "
           "week. According to news agencies, the delegations are expected to meet later in the month.")


def test_names_pass_leaves_a_page_in_another_language_alone() -> None:
    result = Cleaner().clean_and_explain(POLISH)
    assert not [e for e in result.edits if e.pass_name == "names"]
    assert "Rosji" in result.text
    assert "not English" in result.reports["names"]["skipped"]


def test_names_pass_still_runs_on_english() -> None:
    result = Cleaner().clean_and_explain(ENGLISH)
    assert "skipped" not in result.reports["names"]
    assert result.reports["names"]["mentions"] >= 1
