"""cleantext.language: one cached detection of the document's language."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from cleantext import Cleaner, Document, language
from cleantext.language import LanguageGuess, document_language

ENGLISH = "The central bank said on Tuesday that the country's external debt rose again over the past year.\n"
GERMAN = "Die Zentralbank teilte am Dienstag mit, dass die Auslandsschulden des Landes im vergangenen Jahr stiegen.\n"


def test_english_and_german_are_told_apart() -> None:
    assert document_language(ENGLISH).lang == "en"
    german = document_language(GERMAN)
    assert german.lang == "de" and german.share("de") > 0.9 and german.share("en") == 0.0


def test_too_little_text_is_unknown_and_unknown_gates_nothing() -> None:
    guess = document_language("12 345 --")
    assert guess == LanguageGuess("und")
    assert not guess.is_mostly_not("en", min_share=0.5)


def test_a_text_mostly_in_another_language_is_not_english_and_a_mixed_one_is() -> None:
    assert LanguageGuess("de", (("de", 0.9), ("en", 0.1))).is_mostly_not("en", min_share=0.5)
    assert not LanguageGuess("de", (("de", 0.5), ("en", 0.5))).is_mostly_not("en", min_share=0.5)
    assert not LanguageGuess("en", (("en", 0.99),)).is_mostly_not("en", min_share=0.5)


def test_characters_the_detector_refuses_are_read_as_spaces() -> None:
    """pycld2 raises on a lone surrogate or a C1 control character (mis-decoded text: real pages have
    "\x84Brave New World"); the rest of the text still decides, and nothing raises."""
    assert document_language("Die Zentralbank \ud800 teilte mit, dass die Schulden stiegen. " * 3).lang == "de"
    assert document_language(GERMAN.replace("Zentralbank", "\x84Zentralbank\x80") * 2).lang == "de"
    assert document_language("\x00\x85\udfff").lang == "und"


def test_when_the_sample_is_unreliable_the_whole_text_decides() -> None:
    """A page whose start and middle are menus and figures, its article after them (a French page read as
    unknown got English repairs)."""
    menu = "".join(f"{n} | {n + 1} | {n * 7} >> \n" for n in range(400))
    text = menu + GERMAN * 30
    assert document_language(language._sample(text)).lang == "und"
    assert len(text) // 2 < len(menu)  # the sample's middle part falls in the menu too
    assert document_language(text).lang == "de"


def test_a_long_document_is_read_from_its_start_and_middle_only() -> None:
    # 4,000 characters of German before English: the sample is its first half and a part from its middle
    text = GERMAN * 40 + ENGLISH * 40
    sample = language._sample(text)
    assert len(sample) <= language.SAMPLE_CHARS + 1
    assert sample.startswith(GERMAN[:50])


def test_the_detection_is_computed_once_per_text() -> None:
    document_language.cache_clear()
    document_language(ENGLISH)
    document_language(ENGLISH)
    info = document_language.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_the_passes_share_a_detection_of_the_same_text_and_detect_a_changed_one_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    detect = language.pycld2.detect

    def counted(text: str) -> Any:
        calls.append(text)
        return detect(text)

    monkeypatch.setattr(language.pycld2, "detect", counted)
    document_language.cache_clear()
    # boilerplate removes nothing: mt_repair reads the text boilerplate read, and its detection answers both
    result = Cleaner().clean_and_explain(ENGLISH * 3)
    assert not result.removed_lines() and result.reports["mt_repair"]["document_lang"] == "en"
    assert len(calls) == 1
    # boilerplate removes the copyright line: mt_repair reads another text, and the repairs follow its
    # language, so that cleaning the output again decides the same way
    document_language.cache_clear()
    page = ENGLISH * 3 + "© 2024 Example Media Group. All rights reserved.\n"
    result = Cleaner().clean_and_explain(page)
    assert result.removed_lines()
    assert len(calls) == 3 and "All rights reserved" in calls[1] and "All rights reserved" not in calls[2]


def test_a_menu_in_another_language_does_not_decide_the_repairs_of_the_article() -> None:
    """Found by hypothesis (tests/test_boilerplate_idempotence.py): with the language read on the page
    before its menus went, a German-and-English page got no English typography repair the first time and
    got it when its output was cleaned again."""
    page = ("Home\n" * 11 + "Der Stadtrat hat am Montag den Haushalt für das kommende Jahr nach langer Debatte "
            "beschlossen.\nThe council met on Monday and agreed the budget for next year after a long debate.\n\n"
            "Passwort ( Passwort vergessen ?)")
    cleaner = Cleaner()
    once = cleaner.clean(page)
    assert cleaner.clean(once) == once


def test_a_document_copy_with_the_same_text_shares_its_language() -> None:
    doc = Document(text=ENGLISH * 3)
    assert doc.language.lang == "en"
    assert replace(doc, text=ENGLISH * 3).language.lang == "en"  # the copy a later pass gets, same text
    assert replace(doc, text=GERMAN * 3).language.lang == "de"  # another text: its own language
    assert Document(text=GERMAN * 3).language.lang == "de"
