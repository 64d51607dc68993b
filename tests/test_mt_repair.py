"""The mt_repair pass: detection, the per-document report, quotes, precision on English, language packs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Cleaner, Document, Options
from cleantext.cleaner import default_ruleset
from cleantext.edits import apply_edits, select_compatible
from cleantext.mt.detect import LANGDETECT
from cleantext.mt.text import quoted_spans
from cleantext.passes.mt_repair import MtRepairPass

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ENGLISH_SEEDS = ["000_ad0e96d315bd7f22.txt", "001_e908a7f738fb081a.txt", "002_77f266810fff45d1.txt",
                 "003_936a07e2af6f924f.txt"]
FRENCH_MT_SEED = "004_fe03f11e8146d806.txt"


def mt_pass(**options: object) -> MtRepairPass:
    return MtRepairPass(default_ruleset().for_pass("mt_repair"), options=Options(**options))  # type: ignore[arg-type]


def run(text: str, **options: object) -> tuple[str, dict[str, object]]:
    """The text after the mt_repair pass alone, and its report."""
    result = mt_pass(**options).run(Document(text))
    kept, rejected = select_compatible(text, result.edits)
    assert not rejected, "the pass must not propose overlapping edits"
    return apply_edits(text, kept), dict(result.report)


# A machine translation from French that is not in the seeds: other wording, other names.
FR_MT = textwrap.dedent("""\
    The weapons weapons negotiated by Moscow and Ankara was broken again, according to the OSDH.
    Selon the Observatory, a dozen of civilians were killed in the Idleb region, near Alep.
    The army of the president Bacharal-Assad shelled the village of Kafral-Zeit on the night Friday to Saturday.
    The Trego had allowed some 120 000 displaced people to return. is it lasting, lasting?
    The rate of destruction reached 3,5 % in the region.
    "The weapons weapons is dead", said a commander of Ahraral-Sham.
    """)

ENGLISH = textwrap.dedent("""\
    Russian warplanes struck the rebel-held city of Idlib on Sunday, the Syrian Observatory said.
    He had had enough of the talks, he said, and that that was the end of it.
    "We need to preserve the ceasefire in the Idlib are first of all," the minister said.
    Trade on the Portugal-Spain and Baghdad-Damascus routes fell 12% in 2019, to 1,500 trucks.
    Le Monde and El Pais reported the arms agreement signed with Saudi Arabia.
    A driver suffered a serious accident last night near Bora Bora.
    """)


def test_french_mt_is_detected_and_repaired() -> None:
    out, report = run(FR_MT)
    assert report["source_lang"] == "fr"
    assert report["source_lang_decided_by"] == "evidence"
    assert report["machine_translated"] is True
    assert "The ceasefire negotiated by Moscow" in out
    assert "a dozen civilians" in out
    assert "President Bacharal" not in out and "Bachar al-Assad" in out
    assert "Kafr al-Zeit" in out
    assert "on the night of Friday to Saturday" in out
    assert "The truce had allowed some 120,000 displaced" in out
    assert "Is it lasting?" in out  # sentence start and stutter, both repaired
    assert "3.5% in the region" in out
    # quoted speech keeps its words; only spacing (the glued article) is repaired inside quotes
    assert '"The weapons weapons is dead", said a commander of Ahrar al-Sham.' in out
    artifacts = report["artifacts"]
    assert isinstance(artifacts, dict)
    assert {"mistranslation", "glued_particle", "doubled_word", "number_format", "sentence_case"} <= set(artifacts)
    kept = report["kept_in_quotes"]
    assert isinstance(kept, list) and any(e["rule"] == "fr-weapons-weapons" for e in kept)


def test_low_confidence_is_reported_not_applied_unless_asked() -> None:
    out, report = run(FR_MT)
    assert "the president Bachar al-Assad" in out
    low = report["low_confidence"]
    assert isinstance(low, list) and [e["rule"] for e in low] == ["fr-the-president"]
    out, report = run(FR_MT, apply_low_confidence=True)
    assert "The army of President Bachar al-Assad" in out
    assert report["low_confidence"] == []


def test_english_text_is_only_touched_by_generic_rules() -> None:
    out, report = run(ENGLISH)
    assert report["source_lang"] is None
    assert report["machine_translated"] is False
    assert out == ENGLISH  # no generic artifact in it either: nothing changes
    # the same text with generic artifacts gets exactly those repaired
    messy = ENGLISH.replace("struck the", "struck the the").replace("Sunday,", "Sunday ,")
    out, report = run(messy)
    assert out == ENGLISH
    assert report["source_lang"] is None
    assert report["artifacts"] == {"doubled_word": 1, "typography": 1}


@pytest.mark.parametrize("name", ENGLISH_SEEDS)
def test_english_seeds_pass_unchanged(name: str) -> None:
    text = (SEEDS / name).read_text(encoding="utf-8")
    out, report = run(text)
    assert out == text
    assert report["source_lang"] is None


def test_french_seed_report() -> None:
    result = Cleaner().clean_and_explain((SEEDS / FRENCH_MT_SEED).read_text(encoding="utf-8"))
    report = result.reports["mt_repair"]
    assert report["source_lang"] == "fr"
    evidence = report["evidence"]["fr"]
    assert evidence["score"] >= 4 and evidence["cue_words"] and evidence["rule_hits"]
    # every repair names its rule and its artifact kind
    edits = [e for e in result.edits if e.pass_name == "mt_repair"]
    assert edits and all(e.rule and e.category and e.reason for e in edits)
    assert {e.category for e in edits} >= {"mistranslation", "glued_particle", "doubled_word", "sentence_case"}


def test_forced_source_language() -> None:
    text = "The Trego holds, he said.\n"
    assert run(text)[0] == text  # one artifact is not enough evidence of French
    out, report = run(text, source_lang="fr")
    assert out == "The truce holds, he said.\n"
    assert report["source_lang_decided_by"] == "option"


def test_untranslated_fragments_are_found_and_reported() -> None:
    # mostly English, as MT output is: a document mostly in French is not English output (left alone)
    text = ("The army advanced on Sunday in the north of the province.\n"
            "Le gouvernement syrien a annoncé une nouvelle trêve dans la région de Idleb.\n"
            "The rebels said they would respect the truce if the bombing of the towns stopped.\n"
            "Thousands of families have fled the fighting since the start of the offensive last month.\n")
    _, report = run(text)
    fragments = report["untranslated_fragments"]
    assert isinstance(fragments, list) and len(fragments) == 1
    assert fragments[0]["lang"] == "fr" and fragments[0]["text"].startswith("Le gouvernement")
    assert report["source_lang"] == "fr"


def test_langdetect_is_deterministic_and_total() -> None:
    sentence = "Le gouvernement a annoncé une trêve dans la région."
    assert len({LANGDETECT.detect(sentence) for _ in range(5)}) == 1
    for odd in ["", " ", "1234 5678", "!!!", "\x00", "a"]:
        LANGDETECT.detect(odd)  # returns None or a guess, never raises


@pytest.mark.parametrize(("text", "expected"), [
    ("He said: “it is viable, viable?” and left", "He said: “it is viable, viable?” and left"),
    ("«Weapons weapons» it said", "“Weapons weapons” it said"),
    ("a 'weapons weapons' quote", "a 'weapons weapons' quote"),
    ("the rebels' weapons weapons", "the rebels' ceasefire"),
])
def test_quoted_speech_keeps_its_words(text: str, expected: str) -> None:
    assert run(text, source_lang="fr")[0] == expected


def test_quoted_spans() -> None:
    text = 'a "b c" d “e f” g «h» i ‘j’ k regime’s \'l m\' rebels\' n “open to the end\nnext'
    spans = [text[s:e] for s, e in quoted_spans(text)]
    assert spans == ['"b c"', "“e f”", "«h»", "‘j’", "'l m'", "“open to the end"]


def test_new_language_pack_by_files_only(tmp_path: Path) -> None:
    pack = tmp_path / "de.yaml"
    pack.write_text(textwrap.dedent("""\
        pack:
          name: mt-de
          description: German-to-English repairs
          source_lang: de
        rules:
          - id: de-cues
            kind: source_cues
            words: [und, der, die, das, nicht, mit, laut, Waffenruhe]
            langdetect_code: de
            examples:
              keep: ["laut der Regierung"]
          - id: de-weapon-rest
            kind: mt_phrase
            description: '"Waffenruhe" rendered word for word as "weapon rest"'
            phrases: [weapon rest, weapons rest]
            replace: ceasefire
            examples:
              fix:
                - {in: "the weapon rest holds", out: "the ceasefire holds"}
              keep:
                - "the weapon rested on the table"
        """), encoding="utf-8")
    cleaner = Cleaner(rules=[pack], passes=["mt_repair"])
    german_mt = ("The weapon rest holds, laut der Regierung und die Armee. Die Waffenruhe is fragile.\n"
                 "The two sides have agreed to meet again next week to discuss the release of prisoners.\n")
    result = cleaner.clean_and_explain(german_mt)
    assert result.text.startswith("The ceasefire holds")
    assert result.reports["mt_repair"]["source_lang"] == "de"
    # an English text mentioning a weapon rest is not German: the German rule does not run
    english = "The soldier put the weapon rest on the ground and left.\n"
    assert cleaner.clean(english) == english
    assert cleaner.clean_and_explain(english).reports["mt_repair"]["source_lang"] is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*"ab ,.?!«»\"“”'-\n", "al-", "Bacharal-Assad", "the", "weapons", "Trego", "1 000",
                                 "3,5", " %", "la", "Idleb", "also", "viable"]), max_size=40).map("".join))
def test_total_and_idempotent_on_artifact_soup(text: str) -> None:
    once, _ = run(text, source_lang="fr")
    twice, _ = run(once, source_lang="fr")
    assert twice == once


def test_english_original_never_reaches_langdetect(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(LANGDETECT, "detect", lambda text: calls.append(text))
    for name in ENGLISH_SEEDS:
        run((SEEDS / name).read_text(encoding="utf-8"))
    run(ENGLISH + "Déjà vu: the café near the Zürich gare was full.\n")  # diacritics alone are no cue
    assert calls == []


def test_unseen_french_idioms_and_false_friends() -> None:
    text = ("Selon the OSDH, the leaders met in the margin of the summit in Sochi. In the stride of the talks, "
            "fears of an eventual offensive on Idleb grew, and 3,000 people are actually displaced.\n")
    out, report = run(text)
    assert report["source_lang"] == "fr"
    assert "on the sidelines of the summit" in out and "In the wake of the talks" in out
    # false friends are plausible English elsewhere: reported, applied only on request
    assert {e["rule"] for e in report["low_confidence"]} >= {"fr-eventual-possible", "fr-actually-currently"}
    out, _ = run(text, apply_low_confidence=True)
    assert "a possible offensive" in out and "are currently displaced" in out
    english = "Notes in the margin of the page were actually his, the eventual winner said.\n"
    assert run(english)[0] == english


def test_needs_must_cover_the_fix_examples(tmp_path: Path) -> None:
    from cleantext.errors import RuleError
    from cleantext.rulefiles import load_rules

    pack = tmp_path / "p.yaml"
    pack.write_text(textwrap.dedent("""\
        pack: {name: p}
        rules:
          - id: slow-space
            kind: mt_pattern
            pattern: '(?<=\\p{L}) (?=;)'
            replace: ''
            needs: [" :"]
            examples:
              fix: [{in: "a ;", out: "a;"}]
        """), encoding="utf-8")
    with pytest.raises(RuleError, match="needs"):
        load_rules([pack])


@pytest.mark.parametrize(("text", "expected"), [
    ("is it viable, viable, viable? yes", "is it viable? yes"),
    ("the the the army", "the army"),
    ("The the army", "The army"),
    ("x\nthe the army", "x\nthe army"),
    ("Bacharal-Assad and Kafral-Zeit", "Bachar al-Assad and Kafr al-Zeit"),
])
def test_generic_repairs_at_text_and_line_edges(text: str, expected: str) -> None:
    assert run(text)[0] == expected


# Round 3: held-out dispatches written for this pass (not from the seeds): 8 French-to-English machine
# translations and 8 English originals on the same stories (Sahel, Ukraine, Yemen, Libya, Myanmar, Haiti, Sudan,
# Colombia).
HELDOUT = Path(__file__).resolve().parent / "mt_heldout"
HELDOUT_DOCS = sorted(p.name for p in HELDOUT.glob("*.txt"))
# French acronyms a careful translator (or a names pass upstream) would already have expanded
EXPANDED = {"ONU": "UN", "OTAN": "NATO", "UE": "EU", "HCR": "UNHCR", "CICR": "ICRC", "OMS": "WHO", "PAM": "WFP",
            "OIM": "IOM", "ONG": "NGO"}


def test_heldout_set_is_there() -> None:
    assert sum(n.startswith("fr_") for n in HELDOUT_DOCS) >= 8 and sum(n.startswith("en_") for n in HELDOUT_DOCS) >= 8


@pytest.mark.parametrize("name", HELDOUT_DOCS)
def test_heldout_source_language(name: str) -> None:
    import re

    text = (HELDOUT / name).read_text(encoding="utf-8")
    want = "fr" if name.startswith("fr_") else None
    assert run(text)[1]["source_lang"] == want
    # without the French acronyms, the calques alone still betray a translation
    expanded = re.sub(r"\b(" + "|".join(EXPANDED) + r")\b", lambda m: EXPANDED[m.group()], text)
    assert run(expanded)[1]["source_lang"] == want


@pytest.mark.parametrize("name", [n for n in HELDOUT_DOCS if n.startswith("en_")])
def test_heldout_english_originals_only_get_generic_repairs(name: str) -> None:
    text = (HELDOUT / name).read_text(encoding="utf-8")
    result = mt_pass().run(Document(text))
    assert {e.category for e in result.edits} <= {"doubled_word"}  # en_haiti has a real 'the the'
    assert all(e.old.strip().lower() == "the" for e in result.edits)


@pytest.mark.parametrize(("text", "expected"), [
    ("As part of the inquiry, in the frame of a UN mission, police proceeded.",
     "As part of the inquiry, as part of a UN mission, police proceeded."),
    ("The town has been the object of repeated bombardments since several weeks.",
     "The town has been subject to repeated bombardments for several weeks."),
    ("Nearly 3 million of Afghans returned; the rebels have taken the control of Goma.",
     "Nearly 3 million Afghans returned; the rebels have taken control of Goma."),
    ("Prices have increased of 40% and the economy has known a sharp decline in 2020.",
     "Prices have increased by 40% and the economy has experienced a sharp decline in 2020."),
    ("A farmer of 54 years told the AFP that the Hezbollah had fired.",
     "A 54-year-old farmer told AFP that Hezbollah had fired."),
    ("Floods have made at least 40 dead, in majority women, in the night of Monday to Tuesday.",
     "Floods have left at least 40 dead, mostly women, overnight from Monday to Tuesday."),
])
def test_round3_french_calques(text: str, expected: str) -> None:
    assert run(text, source_lang="fr")[0] == expected


@pytest.mark.parametrize("text", [
    "A face appeared in the frame of the window; she was the object of his affection.\n",
    "Millions of people, a million of them children, took control of the square since two years ago.\n",
    "The Ministry of the Interior said the Hamas leadership and the Iraq war had known a rise was coming.\n",
    "He said the AFP report was wrong; the chad was hanging; the town was liberated in 1944.\n",
])
def test_round3_english_lookalikes_untouched_even_when_forced(text: str) -> None:
    assert run(text, source_lang="fr")[0] == text


def test_glued_particles_survive_slow_word_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    # the word lists load on the first glued candidate; on a busy machine that took longer than the finder's
    # time-out, and the glued repairs of the document were silently dropped
    import time

    from cleantext.mt import lexicon

    real = lexicon.zipf
    slow = [True]

    def zipf(word: str, langs: object) -> float:
        if slow:
            slow.clear()
            time.sleep(0.3)
        return real(word, langs)  # type: ignore[arg-type]

    monkeypatch.setattr(lexicon, "zipf", zipf)
    out, report = run("Bacharal-Assad and Kafral-Zeit met.", rule_timeout=0.2)
    assert out == "Bachar al-Assad and Kafr al-Zeit met."
    assert "timed_out" not in report


def test_space_before_full_stop_and_the_next_sentence_start_in_one_run() -> None:
    """Removing ' .' and capitalizing the next sentence happen in the same run, so a second clean changes nothing."""
    from cleantext import Cleaner

    cleaner = Cleaner(passes=["mt_repair"])
    once = cleaner.clean("The toll could still rise . the army said it took the town .")
    assert once == "The toll could still rise. The army said it took the town."
    assert cleaner.clean(once) == once


# -- English output only (issue 15): a page in another language gets no English repairs ----------------------

# boilerplate-web/input/2c1f41b0c9f4dd38.txt (EFE, Spanish): space-before-percent changed "102,6 %"
SPANISH_PAGE = (
    "(EFE).- Nicaragua cerró 2021 con una deuda externa total de 14.372,4 millones de dólares, lo que equivale "
    "al 102,6 % del producto interior bruto (PIB) del país (14.013 millones de dólares), informó este martes el "
    "Banco Central nicaragüense.\n\nLa autoridad monetaria indicó en un informe que del total del endeudamiento "
    "al finalizar diciembre pasado, 7.805,9 millones de dólares corresponden al sector público (55,7 % del PIB "
    "y 54,3 % del total).\n"
)


def test_a_spanish_page_gets_no_english_typography_repairs() -> None:
    text, report = run(SPANISH_PAGE)
    assert text == SPANISH_PAGE
    assert report["document_lang"] == "es"
    assert report["machine_translated"] is False


def test_a_spanish_page_is_left_alone_even_with_source_lang_forced() -> None:
    text, _ = run(SPANISH_PAGE, source_lang="fr")
    assert text == SPANISH_PAGE


def test_english_text_still_gets_the_percent_repair_and_reports_its_language() -> None:
    text, report = run("Inflation in the country rose to 102,6 % over the whole of last year, the bank said.\n")
    assert "102,6%" in text
    assert report["document_lang"] == "en"


def test_a_german_name_ending_in_el_is_not_split_as_a_glued_arabic_article() -> None:
    # fr_google:0097 / fr_bing:0097 (source: "la coalition Schüssel-Haider en Autriche"): was "Schüss el-Haider"
    sentence = "Berlusconi in Italy and the coalition Schüssel-Haider in Austria, the true nature of politics.\n"
    text, _ = run(sentence)
    assert text == sentence


def test_words_english_shares_with_french_are_no_evidence_of_french() -> None:
    # issue 15: a three-sentence English paragraph about Hezbollah was flagged as French ('Hezbollah', 'car')
    text = ("A car bomb exploded on Sunday near a Hezbollah office in the south of Beirut, the army said.\n"
            "Hezbollah blamed Israel for the attack, and Hezbollah officials said the car had been stolen.\n"
            "She wore a silver pendant; the car was found near the Hezbollah checkpoint.\n")
    _, report = run(text)
    assert report["source_lang"] is None
    evidence = report["evidence"]
    assert isinstance(evidence, dict)
    assert not evidence.get("fr", {}).get("cue_words")


# -- the fitted "translated from French" score (issue 15, detection) ------------------------------------------

# fr_google:0021 of realdata/mt-fr-en/dev.jsonl (Google Translate 2012, French commentary), one paragraph
REAL_MT_EXCERPT = (
    "These books (and the trends they indicate) are becoming less dogmatic and increasingly sophisticated in the "
    "adoption of modern management techniques. Their research surely includes the young science of virtual "
    "enterprise management: how to nurture and support cells self - organized. The first lesson for Western "
    "policymakers may - be that virtual enterprises run on a culture of trust.\n")


def test_a_real_mt_excerpt_is_flagged_by_the_score_with_its_evidence() -> None:
    _, report = run(REAL_MT_EXCERPT)
    assert report["source_lang"] == "fr"
    assert report["source_lang_decided_by"] == "score"
    score = report["mt_score"]
    assert isinstance(score, dict) and score["flagged"] is True
    assert score["signals"] == {"split_inverted_question": 1, "split_prefix": 1, "split_lowercase": 2}


def test_the_hezbollah_paragraph_is_not_flagged_by_the_score() -> None:
    text = ("A car bomb exploded on Sunday near a Hezbollah office in the south of Beirut, the army said.\n"
            "Hezbollah blamed Israel for the attack, and Hezbollah officials said the car had been stolen.\n"
            "She wore a silver pendant; the car was found near the Hezbollah checkpoint.\n")
    _, report = run(text)
    score = report["mt_score"]
    assert isinstance(score, dict) and score["flagged"] is False and score["signals"] == {}
    assert report["source_lang"] is None


def test_one_weak_signal_is_not_enough() -> None:
    # an English dash typed as a spaced hyphen, once: no translation
    text = ("The committee met on Tuesday - the third time this month - and agreed on the budget for schools.\n"
            "Members said the plan would be published next week after a final review by the council.\n")
    _, report = run(text)
    assert report["source_lang"] is None
    assert report["mt_score"]["signals"] == {"split_lowercase": 1}  # type: ignore[index]


def test_the_shipped_weights_load_and_the_score_is_deterministic() -> None:
    from cleantext.mt.score import SIGNALS, load_model, score

    model = load_model()
    assert set(model.weights) == set(SIGNALS) and 0.5 <= model.threshold < 1
    rates = model.fitted_on["rates"]
    # the figures of the shipped fit, on documents the weights were not fitted on (issue 15 asks >= 80% of MT;
    # the fit reaches 79.9%): native English must stay under 1%, and MT must not fall back
    assert rates["native/held_out"]["rate"] <= 0.01 and rates["english_web_pages/held_out"]["rate"] <= 0.01
    assert rates["mt/held_out"]["rate"] >= 0.75
    first, second = score(REAL_MT_EXCERPT), score(REAL_MT_EXCERPT)
    assert first == second and first.flagged
    # the same paragraph with its split compounds joined, as an English writer has them: no longer flagged
    joined = score(REAL_MT_EXCERPT.replace("self - organized", "self-organized").replace("may - be", "may be"))
    assert not joined.flagged and joined.probability < first.probability


def test_weights_naming_an_unknown_signal_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import json as _json

    from cleantext.mt import score as score_module

    bad = _json.dumps({"bias": 0, "weights": {"split_prefx": 1}, "threshold": 0.9})
    monkeypatch.setattr(score_module.resources, "files", lambda _pkg: _FakeFiles(bad))
    score_module.load_model.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"split_prefx.*did you mean .split_prefix."):
            score_module.load_model()
    finally:
        monkeypatch.undo()
        score_module.load_model.cache_clear()


class _FakeFiles:
    def __init__(self, text: str) -> None:
        self.text = text

    def joinpath(self, _name: str) -> _FakeFiles:
        return self

    def read_text(self, encoding: str = "utf-8") -> str:
        return self.text


def test_titles_and_menus_are_no_evidence() -> None:
    # a web page's title line: its spaced hyphens separate, they split no French compound
    from cleantext.mt.score import count_signals

    page = ("Spring Workouts - My Daily Magazine - Art, Design, Fashion and Beauty !\n"
            "Home - News - Contact\n"
            "Spring is here, and before the summer starts it is worth planning a few short workouts a week.\n")
    counts = count_signals(page)
    assert counts["split_capitalised"] == 0 and counts["space_before_punct"] == 0
    assert count_signals(page.replace("Home - News - Contact\n", "We went - with Maria - to Paris, then - Home.\n")
                         )["split_lowercase"] == 1
