"""Leftover French in English MT output: reported with its span (never edited); a year glued onto a word split."""

from __future__ import annotations

import pytest

from cleantext import Cleaner, Document, Options
from cleantext.cleaner import default_ruleset
from cleantext.kinds import Rule
from cleantext.mt.leftover import LeftoverFinder
from cleantext.passes.mt_repair import MtRepairPass


def _leftover_rules() -> list[Rule]:
    return [r for r in default_ruleset().for_pass("mt_repair") if r.kind == "leftover_words"]


def _finds(rule: Rule) -> list[tuple[str, list[str]]]:
    return [(case["in"], case["found"]) for case in rule.param("finds") or []]


CASES = [(rule, text, found) for rule in _leftover_rules() for text, found in _finds(rule)]


def test_a_french_leftover_rule_ships_with_examples() -> None:
    rules = _leftover_rules()
    assert [r.source_lang for r in rules] == ["fr"]
    assert any(found for _, _, found in CASES) and any(not found for _, _, found in CASES)


@pytest.mark.parametrize(("rule", "text", "found"), CASES, ids=[f"{r.id}:{t[:30]}" for r, t, _ in CASES])
def test_finds_examples_of_each_leftover_rule(rule: Rule, text: str, found: list[str]) -> None:
    assert [f.text for f in LeftoverFinder(rule).find(text)] == found


def test_the_pass_reports_leftover_fragments_with_spans_and_changes_nothing_for_them() -> None:
    text = "The minister Jančura dans l'a indiqué to the press on Monday."
    mt = MtRepairPass(default_ruleset().for_pass("mt_repair"), options=Options(source_lang="fr"))
    result = mt.run(Document(text))
    fragments = result.report["leftover_fragments"]
    assert fragments == [{"start": 21, "end": 37, "lang": "fr", "text": "dans l'a indiqué",
                          "rule": "fr-leftover-words"}]
    assert text[21:37] == "dans l'a indiqué"
    assert result.edits == []


def test_a_glued_year_is_split_and_the_french_word_reported() -> None:
    text = "The wall fell in 1989 and in 1981après the war the army left."
    assert "in 1981 après the war" in Cleaner().clean(text)  # the split needs no French source
    result = Cleaner(options=Options(source_lang="fr")).clean_and_explain(text)
    assert [e.rule for e in result.edits if e.pass_name == "mt_repair"] == ["year-glued-word"]
    assert [f["text"] for f in result.reports["mt_repair"]["leftover_fragments"]] == ["après"]


def test_leftover_words_are_looked_for_only_in_documents_translated_from_their_language() -> None:
    text = "The minister Jančura dans l'a indiqué to the press on Monday."
    english = Cleaner().clean_and_explain(text).reports["mt_repair"]
    assert english["source_lang"] is None and english["leftover_fragments"] == []


def test_native_english_with_french_loanwords_reports_nothing() -> None:
    text = "At the café, the naïve fiancé ordered a crêpe; the régime of d'Artagnan in the 1990s."
    result = Cleaner(options=Options(source_lang="fr")).clean_and_explain(text)
    assert result.reports["mt_repair"]["leftover_fragments"] == []
