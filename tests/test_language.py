"""cleantext.language: one cached detection of the document's language."""

from __future__ import annotations

from cleantext import language
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


def test_text_the_detector_cannot_read_is_unknown_not_an_error() -> None:
    assert document_language("Die Zentralbank \ud800 teilte mit, dass die Schulden stiegen. " * 3).lang == "und"


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
