"""The boilerplate pass: what it removes, what it must keep, how it explains itself, and that it is total."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext.document import Document
from cleantext.edits import apply_edits, check_edits, sort_edits
from cleantext.errors import RuleError
from cleantext.passes.boilerplate import BoilerplatePass
from cleantext.passes.boilerplate_signals import (
    _TERMINAL,
    batch_line_key,
    build_batch_context,
    is_terminal,
    strip_title_suffix,
)
from cleantext.rulefiles import load_rules as _load
from cleantext.rulefiles import parse_rule_file

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules" / "boilerplate"


@functools.cache
def bp() -> BoilerplatePass:
    return BoilerplatePass(_load([RULES]).for_pass("boilerplate"))


def clean(text: str, **kw: object) -> str:
    result = bp().run(Document(text=text, **kw))  # type: ignore[arg-type]
    edits = sort_edits(result.edits)
    check_edits(text, edits)
    return apply_edits(text, edits)


ARTICLE = (
    "Officials said on Monday that the talks would resume next week in the capital, after a pause of a month.\n\n"
    "The opposition has rejected the proposal, saying it gives the government too much control over the process.\n\n"
)


# --- removal, including wordings no rule lists --------------------------------------------------------

@pytest.mark.parametrize("line", [
    "We use cookies to make your visit to our site better.",           # cookie notice, new wording
    "Our site uses cookies to improve your browsing experience. Accept",  # notice + button
    "Sign up for our weekly newsletter",                                # newsletter, new wording
    "Abonnez-vous à notre newsletter quotidienne",                      # French
    "Jetzt Newsletter kostenlos abonnieren",                            # German
    "Suscríbete a nuestro boletín semanal",                             # Spanish
    "Follow us on Telegram",
    "Instagram",                                                        # a lone network name
    "Share Tweet Email Print",
    "Read also: Ten things we learned this week",
    "Lire aussi : La crise s'aggrave",
    "Soldiers at the border crossing (Photo: Reuters)",
    "A convoy near the city [AFP]",
    "Rauch über der Stadt (Foto: dpa)",
    "5 min read",
    "Advertisement",
    "Tags: economy, inflation",
    "12 Comments",
    "Loading...",
    "© 2023 Example Media Ltd. All rights reserved.",
])
def test_removes_furniture_at_the_end_of_an_article(line: str) -> None:
    assert clean(ARTICLE + line + "\n") == ARTICLE


def test_caption_at_the_end_of_a_content_line_takes_the_whole_line() -> None:
    text = ARTICLE + "Russia has threatened to resume airstrikes on insurgents (Image: GETTY)\n\n" + ARTICLE
    assert "insurgents" not in clean(text)


def test_related_headlines_after_a_related_heading_go_with_it() -> None:
    tail = "You may also like\nStorm hits the coast\nMinister resigns over scandal\n"
    assert clean(ARTICLE + tail) == ARTICLE


def test_leftover_caption_between_two_captions_goes() -> None:
    captions = "Troops near the city (Image: GETTY)\n\nSyrian rebel\n\nA destroyed tank (Image: GETTY)\n\n"
    text = ARTICLE + captions + ARTICLE
    out = clean(text)
    assert "Syrian rebel" not in out and out.count("Officials said") == 2


# --- headlines and page titles -------------------------------------------------------------------------

def test_page_title_with_site_suffix_goes_and_one_headline_stays() -> None:
    text = ("Strikes resume on the city - truce near collapse • The Daily Example\n\n"
            "Strikes resume on the city – truce near collapse\n\n" + ARTICLE)
    out = clean(text)
    assert "Daily Example" not in out
    assert out.count("Strikes resume on the city") == 1


def test_near_duplicate_headline_keeps_the_first() -> None:
    text = ("Warplanes strike the city in heaviest bombardment since ceasefire\n\n"
            "Warplanes strike the rebel-held city in heaviest bombardment since ceasefire\n" + ARTICLE)
    out = clean(text)
    assert out.startswith("Warplanes strike the city in heaviest")
    assert "rebel-held city in heaviest" not in out


def test_strip_title_suffix() -> None:
    assert strip_title_suffix("Big news today | Site Name") == "Big news today"
    assert strip_title_suffix("No suffix here") == "No suffix here"


# --- what must be kept -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    ARTICLE + "A province that is still beyond Damascus control\n\n" + ARTICLE,           # subheading
    ARTICLE + "- Shelters are open at Hill Road.\n- Schools stay closed until Friday.\n" + ARTICLE,  # bullets
    ARTICLE + "\u201cWe will not leave,\u201d he said.\n\n" + ARTICLE,                      # one-line quote
    ARTICLE + "DAMASCUS, Oct 2 (Reuters) - Syrian forces shelled the town on Sunday, residents said.\n",
    ARTICLE + "The ministry urged residents to follow its updates on Facebook and Twitter.\n",
    ARTICLE + "The regulator fined the site because it used cookies without consent.\n",
    ARTICLE + "Shares in the company fell after it said advertising revenue had dropped.\n",
    ARTICLE + "Thousands subscribed to the channel within a day, its owner said.\n",
    "Breaking news without any article body\n",
    "Source: a senior official told reporters on Friday that the ceasefire would not hold beyond the weekend.\n",
])
def test_keeps_article_content(text: str) -> None:
    assert clean(text) == text


def test_when_in_doubt_a_lone_short_line_in_an_article_stays() -> None:
    text = ARTICLE + "Facebook's cookie problem\n\n" + ARTICLE
    assert clean(text) == text


# --- the edit log and --explain ------------------------------------------------------------------------------

def test_edits_delete_whole_lines_with_rule_reason_score_and_category() -> None:
    text = ARTICLE + "Follow us on Twitter\n"
    edits = bp().run(Document(text=text)).edits
    assert len(edits) == 1
    e = edits[0]
    assert (e.old, e.new, e.pass_name) == ("Follow us on Twitter\n", "", "boilerplate")
    assert e.rule == "bp.en.follow-us" and e.category == "social" and e.score == 1.0 and e.reason


def test_fuzzy_edits_carry_the_fuzzy_score() -> None:
    text = ARTICLE + "Get the latest headlines delivered to your mailbox\n"
    (e,) = bp().run(Document(text=text)).edits
    assert e.rule == "bp.en.newsletter" and e.score is not None and 0.8 <= e.score < 1.0
    assert "fuzzy" in e.reason


def test_structural_signals_are_named_as_such() -> None:
    text = ARTICLE + "Continue reading at Example News\nSurfCo - Winter Deal\n"
    rules = {e.rule for e in bp().run(Document(text=text)).edits}
    assert "bp.signal.tail-block" in rules


# --- round 2: the article's edges ------------------------------------------------------------------------

def test_article_may_end_with_a_list_before_the_furniture() -> None:
    # short lines between the last paragraph and the first furniture belong to the article
    text = (ARTICLE + "Delays are expected on these lines:\n- North line: 40 percent of trains\n"
            "- Coast line: 35 percent of trains\n" + "Read also: Strike talks resume\nOther headline of the day\n")
    out = clean(text)
    assert "- North line: 40 percent of trains" in out and "- Coast line" in out
    assert "Read also" not in out and "Other headline of the day" not in out


def test_headline_between_furniture_lines_stays() -> None:
    text = "Advertisement\nCouncil backs new swimming pool\nBy Jane Doe\n\n" + ARTICLE
    out = clean(text)
    assert "Council backs new swimming pool" in out and "By Jane Doe" not in out


def test_short_labels_above_the_headline_go_among_furniture() -> None:
    text = "Skip to main content\nRegional\nCouncil backs new swimming pool\n\n" + ARTICLE
    out = clean(text)
    assert "Regional" not in out and "Council backs new swimming pool" in out
    # without furniture above, a short first line is kept (it may be a kicker or a one-word title)
    assert "Regional" in clean("Regional\nCouncil backs new swimming pool\n\n" + ARTICLE)


def test_prose_furniture_after_the_article_goes() -> None:
    # a copyright line that reads like a sentence no longer counts as the last article paragraph
    text = (ARTICLE + "More on this story\nTalks collapse again in the capital\n"
            "Copyright 2024 Example Media. We are not responsible for the content of external sites.\n")
    out = clean(text)
    assert "Talks collapse again" not in out and "Copyright 2024" not in out
    assert ARTICLE.strip() in out


def test_sentence_inside_one_newsletter_box_goes_but_not_between_widgets() -> None:
    box = "Newsletter\nThe day's essential news, every morning in your inbox.\nSubscribe\n"
    out = clean(ARTICLE + box + "© 2024 Example Media\n")
    assert "essential news" not in out and ARTICLE.strip() in out
    # a last paragraph between a newsletter box and a related-links list is the article's
    last = "The minister is expected to answer the union on Friday.\n"
    out = clean(ARTICLE + "Subscribe\n" + last + "Related articles\nOther headline of the day\n")
    assert last.strip() in out


def test_evidence_cache_does_not_change_results() -> None:
    texts = [ARTICLE + "Share\nRead also: more news\n", "Share\n\n" + ARTICLE, ARTICLE + "Share this\n"] * 2
    warm = BoilerplatePass(_load([RULES]).for_pass("boilerplate"))
    for text in texts:
        cold = BoilerplatePass(_load([RULES]).for_pass("boilerplate"))
        assert warm.run(Document(text=text)).edits == cold.run(Document(text=text)).edits


@given(st.text(alphabet=st.sampled_from(list("ab .!?…。)\"'”’»] \t\u3002\u0964")), max_size=12))
def test_sentence_end_check_matches_the_regex(text: str) -> None:
    assert is_terminal(text) == bool(_TERMINAL.search(text.strip()))


# --- batch context -----------------------------------------------------------------------------------------

def test_line_on_many_pages_of_a_batch_is_site_furniture() -> None:
    furniture = "The Example Gazette, independent since 1901"
    texts = [f"{furniture}\n\nStory number {i} happened today in the town, witnesses told reporters.\n"
             for i in range(10)]
    ctx = build_batch_context(texts)
    assert ctx.n_docs == 10 and ctx.line_doc_counts[batch_line_key(furniture)] == 10
    assert furniture not in clean(texts[0], batch=ctx)
    assert furniture in clean(texts[0])  # without the batch it is just a line


# --- rule kinds are validated ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("rule", "message"), [
    ("{id: x, kind: line_phrase, phrases: [a], match: middle}", "'match' must be one of"),
    ("{id: x, kind: line_pattern, pattern: '(a+)+'}", "nested unbounded"),
    ("{id: x, kind: line_vocab, words: []}", "'words' must be"),
    ("{id: x, kind: line_phrase, phrases: [a], score: 3}", "'score' must be"),
])
def test_bad_rules_are_reported(rule: str, message: str) -> None:
    _, _, problems = parse_rule_file(f"rules:\n  - {rule}\n", "t.yaml")
    assert any(message in p.message for p in problems), problems


def test_broken_pack_raises_with_the_problem() -> None:
    with pytest.raises(RuleError):
        _load([ROOT / "no-such-folder"])


# --- the labelled set is a regression floor ------------------------------------------------------------------

def test_labelled_pages_precision_and_recall() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_boilerplate import precision_recall

    stats = precision_recall(bp(), verbose=False)
    tp = sum(s[0] for s in stats.values())
    fp = sum(s[1] for s in stats.values())
    fn = sum(s[2] for s in stats.values())
    assert len(stats) >= 3
    assert tp / (tp + fp) >= 0.97, stats
    assert tp / (tp + fn) >= 0.85, stats


@pytest.mark.parametrize(("folder", "min_recall"), [("heldout", 0.7), ("heldout2", 0.75), ("heldout3", 0.9)])
def test_heldout_pages_precision_and_recall_floor(folder: str, min_recall: float) -> None:
    # floors under the figures measured at the end of round 2 (docs/boilerplate.md): a regression guard,
    # not a claim about unseen pages
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_boilerplate import LABELLED, precision_recall

    stats = precision_recall(bp(), False, LABELLED / folder)
    tp, fp, fn = (sum(s[k] for s in stats.values()) for k in range(3))
    assert fp == 0, stats
    assert tp / (tp + fn) >= min_recall, stats


# --- round 3: findings on unseen pages, as regression tests (sentences written for these tests) -------------

def test_headline_opening_with_photos_stays_but_a_credit_line_goes() -> None:
    # a gallery page's headline starts like a credit; a credit is names and agencies, not "floods in the north"
    head = "Photos: Floods and landslides in northern Peru\n\n"
    text = head + ARTICLE + "Photo: Ernesto Benavides / AFP via Getty Images\n"
    out = clean(text)
    assert out.startswith("Photos: Floods and landslides in northern Peru\n")
    assert "Ernesto Benavides" not in out


@pytest.mark.parametrize("line", [
    "Police officers guard the port of Callao on June 4, 2024. EFE/Paolo Aguilar",
    "Des pêcheurs sur le fleuve Niger, le 3 mars 2024. ISSOUF SANOGO / AFP",
    "Une rue de Gao, le 5 juin 2024. © AFP",
    "Famílias deixam suas casas em Canoas — Foto: Joana Berwanger/Sul21",
    "7 of 15",
    "Key events",
    "To go to the main content",
    "Your email address will not be published. Required fields are marked *",
    "Il vous reste 45 % de cet article à lire.",
    "Déjà abonné ? Connectez-vous",
    "Vous avez choisi de refuser les cookies. Pour voir cette vidéo, acceptez les cookies.",
    "Las opiniones expresadas en este artículo son responsabilidad de su autora.",
    "Pular para o conteúdo principal",
    "Die Kommentarfunktion ist geschlossen.",
    "Stand: 03.06.2024 07:15 Uhr",
    "Get our best reporting on Latin America delivered to your inbox every week",
])
def test_round3_furniture_goes_after_an_article(line: str) -> None:
    assert clean(ARTICLE + line + "\n") == ARTICLE


@pytest.mark.parametrize("text", [
    # short one-line paragraphs of a live blog, quotes with agency names, sentences about paywalls and cookies
    "Good evening.\n\n" + ARTICLE,
    ARTICLE + "The statement was confirmed to Reuters. EFE and AFP reporters saw the convoy leave.\n\n" + ARTICLE,
    ARTICLE + "Il vous reste deux semaines pour déposer un recours, a rappelé l'avocat de la famille.\n\n" + ARTICLE,
    ARTICLE + "Las opiniones de los expertos no cambian la posición del Gobierno, dijo la ministra.\n\n" + ARTICLE,
    ARTICLE + "Live music returned to the city's squares for the first time since the war began.\n\n" + ARTICLE,
    ARTICLE + "Key points of the deal\n\nThe deal lowers tariffs on grain and fertiliser, the ministry said.\n",
])
def test_round3_traps_stay(text: str) -> None:
    assert clean(text) == text


# --- totality and stability ------------------------------------------------------------------------------------

pagey = st.lists(st.sampled_from([
    "Facebook Twitter", "Follow us on X", "(Image: GETTY)", "Read also: more", "\n", "\n\n", "Headline here",
    "Headline here | Site", "We use cookies.", ARTICLE, "3 min read", "Share", "Accept Read More", "\r\n", " ",
    "Syrian rebel", "\u00e9\u0301", "\u200b",
]), max_size=30).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), pagey))
def test_total_consistent_and_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


def test_cleaner_clean_together_removes_site_furniture() -> None:
    from cleantext import Cleaner

    furniture = "The Example Gazette, independent since 1901"
    texts = [f"{furniture}\n\nStory number {i} happened today in the town, witnesses told reporters.\n"
             for i in range(6)]
    cleaner = Cleaner(passes=["boilerplate", "tidy"])
    results = cleaner.clean_together(texts)
    assert [r.text for r in results] == [t.replace(furniture + "\n\n", "") for t in texts]
    assert all(any(e.rule == "bp.signal.batch-repeat" for e in r.edits) for r in results)
    assert [r.text for r in cleaner.clean_many(texts)] != [r.text for r in results]  # no batch, no signal


@pytest.mark.parametrize(("text", "rule"), [
    # issue 13: German "Foto:" was credited to bp.es.source-line, a Spanish banner to bp.pt.cookie-statement
    ("Foto: dpa\n\nDer Bundestag hat am Donnerstag nach langer Debatte ein neues Gesetz zur Energiepolitik "
     "beschlossen, wie die Regierung mitteilte.\n", "bp.photo-credit-line"),
    ("Utilizamos cookies propias y de terceros para mejorar nuestros servicios.\n\nEl Gobierno aprobó el jueves "
     "una nueva ley de energía después de un largo debate en el Congreso, informó la agencia.\n",
     "bp.es.cookie-statement"),
    # "usamos cookies" is listed by the es and the pt pack: the page's language names the rule
    ("Usamos cookies para tornar a sua visita melhor.\n\nO governo aprovou na quinta-feira uma nova lei de energia "
     "depois de um longo debate no Congresso, informou a agência.\n", "bp.pt.cookie-statement"),
])
def test_the_rule_credited_is_of_the_pages_language_or_neutral(text: str, rule: str) -> None:
    edits = [e for e in cleantext.clean_and_explain(text).edits if e.pass_name == "boilerplate"]
    assert [e.rule for e in edits] == [rule]


# A credit glued to the end of an article sentence (span_pattern rules): only the credit goes.
GLUED = ("Strikes hit the city overnight\n"
         "Rescue teams worked through the night to reach people trapped under the rubble of two buildings. "
         "(Photo: AFP)\n"
         "The ministry said the death toll was likely to rise as more bodies were found on Wednesday.\n")


def test_glued_credit_is_removed_alone_as_a_span_edit() -> None:
    result = bp().run(Document(text=GLUED))
    spans = [e for e in result.edits if e.rule == "bp.caption-credit-glued"]
    assert [(e.old, e.new) for e in spans] == [(" (Photo: AFP)", "")]
    assert "credit glued to the end of the line" in spans[0].reason
    out = apply_edits(GLUED, sort_edits(result.edits))
    assert "of two buildings.\nThe ministry" in out
    assert clean(out) == out  # the trimmed sentence is judged as it reads once the credit is gone


def test_glued_credit_of_a_removed_line_is_not_a_second_edit() -> None:
    # a caption line that ends with a credit goes whole (bp.caption-credit): no span edit inside it as well
    text = "Smoke over the city. (Photo: AFP)\n" + GLUED.split("\n", 1)[1]
    result = bp().run(Document(text=text))
    first = [e for e in result.edits if e.start < text.index("\n")]
    assert len(first) <= 1
    check_edits(text, sort_edits(result.edits))



def test_a_short_caption_ending_in_a_credit_goes_whole() -> None:
    # a caption (a short sentence, then a credit) is not an article sentence: the line rules take all of it
    text = "Soldiers at the border. (Photo: AFP)\n" + GLUED.split("\n", 1)[1]
    result = bp().run(Document(text=text))
    first = [e for e in result.edits if e.start == 0]
    assert [(e.rule, e.old) for e in first] == [("bp.caption-credit", "Soldiers at the border. (Photo: AFP)\n")]
