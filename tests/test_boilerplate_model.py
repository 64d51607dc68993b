"""The fitted boilerplate line model: features, shipped weights, the knob, and its edits on a real page."""

from __future__ import annotations

import pytest

from cleantext import Cleaner, Options
from cleantext.errors import OptionError
from cleantext.options import BOILERPLATE_SETTINGS
from cleantext.passes.boilerplate_model import feature_names, load_model, page_features
from cleantext.passes.boilerplate_signals import split_lines


def test_weights_file_loads_and_matches_the_features() -> None:
    model = load_model()
    assert model.names == feature_names()
    assert len(model.weights) == len(model.names)
    assert set(model.thresholds) == set(BOILERPLATE_SETTINGS) - {"off"}
    # more aggressive settings remove at a lower probability
    t = model.thresholds
    assert t["conservative"] >= t["balanced"] >= t["aggressive"]


def test_features_are_one_row_per_non_blank_line_and_deterministic() -> None:
    text = "Home | News | Sport\n\nThe council met on Monday and agreed the budget for next year.\nShare\n"
    idx, rows = page_features(split_lines(text))
    assert idx == [0, 2, 3]
    assert all(len(r) == len(feature_names()) for r in rows)
    assert page_features(split_lines(text)) == (idx, rows)


def test_unknown_setting_names_the_choices() -> None:
    with pytest.raises(OptionError, match=r"conservative, balanced, aggressive.*did you mean 'balanced'"):
        Options(boilerplate="balance")


# A real page's menu and first paragraph, as plain text (rs-ingenieure.de, Hochbau / Tragwerksplanung page of
# the boilerplate-web dev set, /work/shared/realdata/boilerplate-web, page e2b19d382f649495).
MENU_PAGE = """Projektingenieure
Stellenangebote
Aktuell
Hochbau
Leistungen
Projekte
Tiefbau
Leistungen
Projekte
Brückenbau
Leistungen
Projekte
Kontakt
Anfahrt
zurück ►
Tragwerksplanung
Arbeitsschwerpunkt unserer Hochbauabteilung ist die Planung von Tragwerken im Hoch- und Ingenieurbau. Wir \
bearbeiten alle Leistungsbilder gemäß der HOAI § 49 und führen auch „Besondere Leistungen“ durch \
(Bewehrungskontrollen,Wärmeschutznachweise nach EnEV, Schallschutznachweise etc.). Oberstes Ziel sind dauerhafte \
und unterhaltungsarme Tragwerkskonstruktionen, die auch wirtschaftliche Darstellbarkeit berücksichtigen.
"""
ARTICLE_LINE = MENU_PAGE.splitlines()[-1]


def test_model_removes_a_real_menu_line_and_keeps_the_article() -> None:
    result = Cleaner(options=Options(boilerplate="aggressive")).clean_and_explain(MENU_PAGE)
    model_edits = [e for e in result.edits if e.rule == "bp.model"]
    assert "Brückenbau\n" in [e.old for e in model_edits]
    assert all(e.old.endswith("\n") and e.new == "" for e in model_edits)  # whole lines only
    assert all(e.reason.startswith("model 0.") for e in model_edits)
    assert ARTICLE_LINE in result.text.splitlines()
    assert result.replay() == result.text


def test_model_off_leaves_the_menu_to_the_rules_and_the_same_page_gives_the_same_edits() -> None:
    off = Cleaner(options=Options(boilerplate="off")).clean_and_explain(MENU_PAGE)
    assert "Brückenbau" in off.text.splitlines()
    assert not [e for e in off.edits if e.rule == "bp.model"]
    first = Cleaner(options=Options(boilerplate="aggressive")).clean_and_explain(MENU_PAGE)
    again = Cleaner(options=Options(boilerplate="aggressive")).clean_and_explain(MENU_PAGE)
    assert first.edits == again.edits


def test_model_skips_short_documents() -> None:
    # fewer lines than a page: the hand-written seeds are such documents
    short = "\n".join(MENU_PAGE.splitlines()[8:])
    result = Cleaner(options=Options(boilerplate="aggressive")).clean_and_explain(short)
    assert not [e for e in result.edits if e.rule == "bp.model"]


def test_cli_boilerplate_choice_is_validated() -> None:
    from click.testing import CliRunner

    from cleantext.cli import main

    bad = CliRunner().invoke(main, ["clean", "--boilerplate", "max", "-"], input="x\n")
    assert bad.exit_code != 0 and "conservative" in bad.output
    ok = CliRunner().invoke(main, ["clean", "-q", "--boilerplate", "off", "-"], input=MENU_PAGE)
    assert ok.exit_code == 0 and "Brückenbau" in ok.output


def _base(text: str) -> dict[str, list[float]]:
    """Base features (by name) of each non-blank line of ``text``."""
    from cleantext.passes.boilerplate_model import BASE_NAMES

    idx, rows = page_features(split_lines(text))
    lines = text.split("\n")
    return {lines[i]: dict(zip(BASE_NAMES, row[: len(BASE_NAMES)], strict=True)) for i, row in zip(idx, rows,
                                                                                                 strict=True)}


ARTICLE = ("Der Stadtrat hat am Montag den Haushalt für das kommende Jahr nach einer langen Debatte beschlossen.\n"
           "Die Anwohner warten seit Jahren auf die neue Brücke über den Fluss, sagte der Bürgermeister am Abend.\n"
           "Die Arbeiten sollen im Frühjahr beginnen und zwei Jahre dauern, wie die Stadt am Dienstag schrieb.\n")


def test_page_structure_features() -> None:
    page = "Home\nNews\nSport\nKontakt\n" + ARTICLE + "1. Impressum\nwww.example.org\nMehr\n"
    f = _base(page)
    # a run of four short lines above the main block; the lone short line below is a run of one
    assert f["Home"]["short_run"] == f["Kontakt"]["short_run"] > f["Mehr"]["short_run"] > 0
    assert f["Home"]["above_main"] == 1 and f["Home"]["below_main"] == 0
    assert f["Mehr"]["below_main"] == 1 and f["Mehr"]["above_main"] == 0
    first = ARTICLE.split("\n")[0]
    assert f[first]["in_main"] == 1 and f[first]["above_main"] == f[first]["below_main"] == 0
    assert f[first]["short_run"] == 0
    assert f["www.example.org"]["web_address"] == 1 and f[first]["web_address"] == 0
    assert f["1. Impressum"]["list_marker"] == 1 and f["Home"]["list_marker"] == 0
    # length against the main block's median line: a menu label is a small fraction of it
    assert f["Home"]["main_length"] < 0.1 and f[first]["main_length"] > 0.8
