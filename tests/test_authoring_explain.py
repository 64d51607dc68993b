"""``cleantext rules explain``: a rule that made no edit is explained by the condition that turned it down."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cleantext.cli import main

GENERIC = str(Path(__file__).resolve().parents[1] / "rules" / "mt_repair" / "generic.yaml")
LONG_PITCH = "Subscribe to " + " ".join(f"word{i}" for i in range(30))
PROSE_PITCH = ("Subscribe to the view that the war is over, and you will be disappointed, the general said "
               "in a long interview.")


def explain(*args: str) -> str:
    r = CliRunner().invoke(main, ["rules", "explain", *args])
    assert r.exit_code == 0, r.output
    return r.output


def test_max_words_is_named() -> None:
    out = explain("bp.en.newsletter-prefix", LONG_PITCH)
    assert "line 1: the line starts with 'Subscribe to', but the line has 32 words, more than max_words: 25" in out


def test_prose_guard_is_named() -> None:
    out = explain("bp.en.newsletter-prefix", PROSE_PITCH)
    assert "reads like prose and the prose guard protects it (allow_prose: false)" in out


def test_min_hits_is_named() -> None:
    out = explain("bp.en.cookie-contains", "The site uses cookies.")
    assert "holds 'uses cookies', 1 of the min_hits: 2 distinct phrases" in out


def test_rule_read_only_by_its_pass_is_run_not_dismissed() -> None:
    """A fuzzy phrase rule's matches cannot be read from its params: its pass runs and says what it found."""
    out = explain("bp.en.cookie-notice", "Nothing to see here.")
    assert "cannot be read from its params" not in out
    assert "ran its pass (boilerplate) on the text: nothing in it matched this rule" in out
    out = explain("bp.en.cookie-notice", "This website uses cookies")
    assert "MATCH   bp.en.cookie-notice" in out and "-This website uses cookies" in out


def test_context_condition_is_named() -> None:
    out = explain("fr-in-the-frame-of", "She saw a face in the frame of the window.", "--source-lang", "fr")
    assert "it matches 'in the frame of' but its context condition not_after: " in out


def test_source_language_not_detected_is_named() -> None:
    out = explain("fr-in-the-frame-of", "She acted in the frame of the plan.")
    assert "source_lang: fr - run alone, it did not find the text translated from 'fr' (detected: none)" in out
    assert "MATCH   fr-in-the-frame-of" in explain("fr-in-the-frame-of", "She acted in the frame of the plan.",
                                                   "--source-lang", "fr")


def test_quotes_are_named() -> None:
    out = explain("fr-in-the-frame-of", '"We act in the frame of the law," he said.', "--source-lang", "fr")
    assert "its hit is inside quoted speech" in out


def test_document_not_english_is_named() -> None:
    out = explain("doubled-word", "El presidente dijo que que la economía del país crecerá este año, según "
                  "los datos publicados por el gobierno.")
    assert "the mt_repair pass skipped the text: document is in 'es', not English" in out


def test_all_lists_every_rule() -> None:
    text = "The the president spoke."
    short = explain(GENERIC, text)
    full = explain(GENERIC, text, "--all")
    assert "MATCH   doubled-word" in short and "MATCH   doubled-word" in full
    assert "found nothing in the text (--all lists them)" in short
    hidden = [ln for ln in full.splitlines() if ln.startswith("no ") and ln not in short.splitlines()]
    assert hidden and "(--all lists them)" not in full


def test_an_unknown_source_language_is_a_usage_error() -> None:
    """As ``clean`` refuses it: a language no rule is for would be accepted and explain nothing."""
    r = CliRunner().invoke(main, ["rules", "explain", "fr-in-the-frame-of", "She acted in the frame of the plan.",
                                  "--source-lang", "french"])
    assert r.exit_code == 2
    assert "unknown source language 'french'" in r.output and "did you mean 'fr'?" in r.output
    assert "Invalid value for '--source-lang'" in r.output
