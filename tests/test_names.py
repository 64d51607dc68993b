"""The names pass: variant families, guards, mentions, user gazetteers, scale, and its properties.

Sentences here are written for these tests (not taken from the seeds); most use small in-memory
gazetteers so each test shows one behaviour.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleantext import Cleaner
from cleantext.document import Document
from cleantext.edits import Edit, apply_edits, select_compatible
from cleantext.errors import RuleError
from cleantext.kinds import Entity, Gazetteer
from cleantext.names import build as build_module
from cleantext.names.build import build_index, load_index
from cleantext.names.fold import name_key
from cleantext.options import Options
from cleantext.passes.names import NamesPass
from cleantext.rulefiles import default_rules_dir, load_rules

NAMES_DIR = default_rules_dir() / "names"
DEFAULT_GAZ = list(load_rules([NAMES_DIR]).gazetteers)


def ent(canonical: str, type_: str = "person", *variants: str, **meta: object) -> Entity:
    return Entity(canonical, type_, tuple(variants), dict(meta))


def gaz(*entities: Entity, name: str = "test") -> Gazetteer:
    return Gazetteer(name, tuple(entities))


def names_pass(*gazetteers: Gazetteer, **options: object) -> NamesPass:
    return NamesPass([], list(gazetteers), options=Options(strict=True, **options))  # type: ignore[arg-type]


def edits_of(p: NamesPass, text: str) -> list[Edit]:
    kept, rejected = select_compatible(text, p.run(Document(text)).edits)
    assert not rejected, "the names pass proposed overlapping edits"
    return kept


def norm(p: NamesPass, text: str) -> str:
    return apply_edits(text, edits_of(p, text))


@pytest.fixture(scope="module")
def default() -> NamesPass:
    return NamesPass([], DEFAULT_GAZ, options=Options(strict=True))


# ---- variant families ---------------------------------------------------------------------------

HARIRI = gaz(ent("Ahmad al-Hariri", "person"))


@pytest.mark.parametrize("written", [
    "Ahmad el-Hariri", "Ahmad al Hariri", "Ahmad el Hariri", "Ahmad Hariri", "Ahmadal-Hariri", "Ahmed al-Hariri",
])
def test_articles_glued_particles_and_vowels(written: str) -> None:
    assert norm(names_pass(HARIRI), f"A statement by {written} was read out.") == \
        "A statement by Ahmad al-Hariri was read out."


@pytest.mark.parametrize("written", ["Sa'adallah al-Jabri", "Sa’adallah al-Jabri", "Saʿadallah al-Jabri",
                                     "Saadallah Jabri"])
def test_apostrophes_and_ayn(written: str) -> None:
    p = names_pass(gaz(ent("Saadallah al-Jabri")))
    assert norm(p, f"Officials met {written} on Monday.") == "Officials met Saadallah al-Jabri on Monday."


def test_diacritics_both_directions() -> None:
    ascii_canon = names_pass(gaz(ent("Mevlut Cavusoglu")))
    assert norm(ascii_canon, "Minister Mevlüt Çavuşoğlu arrived.") == "Minister Mevlut Cavusoglu arrived."
    accented_canon = names_pass(gaz(ent("Ahmet Davutoğlu")))
    assert norm(accented_canon, "Minister Ahmet Davutoglu arrived.") == "Minister Ahmet Davutoğlu arrived."


@pytest.mark.parametrize(("canonical", "written"), [
    ("Jisr al-Shughur", "Djisr al-Choughour"),  # French: dj, ch, ou
    ("Jisr al-Shughur", "Dschisr asch-Schughur"),  # German: dsch, sch
    ("Khan Sheikhoun", "Khan Cheikhoun"),  # ch/sh
    ("Ahmed Jibril", "Ahmed Djibril"),  # j/dj
    ("Hurras al-Din", "Houras al-Din"),  # ou/u
    ("Hurras al-Din", "Huras al-Din"),  # doubled consonant
    ("Idlib", "Idleb"),  # e/i
    ("Rami Abdulrahman", "Rami AbdelRahmane"),  # Abdel/Abdul, final -e
    ("Qassem Soleimani", "Kassem Soleymani"),  # q/k, y/i
    ("Sergey Lavrov", "Sergej Lawrow"),  # German j, w
])
def test_transliteration_families(canonical: str, written: str) -> None:
    p = names_pass(gaz(ent(canonical, "place")))
    assert norm(p, f"Reports from {written} came in late.") == f"Reports from {canonical} came in late."


def test_surname_alone_after_the_full_name() -> None:
    p = names_pass(gaz(ent("Yevgeny Prigozhin")))
    text = "Yevgeny Prigozhin spoke first. Later Mr Prigojine said no, and Prigojine left."
    assert norm(p, text) == "Yevgeny Prigozhin spoke first. Later Mr Prigozhin said no, and Prigozhin left."
    alone = "Later Mr Prigojine said no."
    assert norm(p, alone) == alone  # nobody of that name was mentioned in full


def test_surname_alone_in_a_listed_spelling_after_the_full_name() -> None:
    """The surname of a listed spelling names the person alone too, whichever spelling the full name had."""
    p = names_pass(gaz(ent("Oleh Syniehubov", "person", "Oleg Sinegubov")))
    assert norm(p, "Oleg Sinegubov said. Later Mr Sinegubov left.") == (
        "Oleh Syniehubov said. Later Mr Syniehubov left.")
    assert norm(p, "Oleh Syniehubov said. Sinegubov left.") == "Oleh Syniehubov said. Syniehubov left."
    alone = "Later Mr Sinegubov left."
    assert norm(p, alone) == alone  # nobody of that name was mentioned in full


def test_surname_keeps_or_omits_the_article_as_written() -> None:
    p = names_pass(gaz(ent("Bashar al-Assad", "person", "Bashar Assad")))
    text = "Bashar Assad spoke. Assad said little; el-Assad left."
    assert norm(p, text) == "Bashar al-Assad spoke. Assad said little; al-Assad left."


def test_possessive_and_curly_possessive(default: NamesPass) -> None:
    assert norm(default, "They met Bashar Assad's envoy and Bashar Assad’s aide.") == \
        "They met Bashar al-Assad's envoy and Bashar al-Assad’s aide."


def test_sentence_start_capitalizes_a_lower_case_canonical(default: NamesPass) -> None:
    assert norm(default, "Talks failed. al Qaeda claimed the attack.") == "Talks failed. Al-Qaeda claimed the attack."
    assert norm(default, "Al Qaeda claimed it.") == "Al-Qaeda claimed it."
    assert norm(default, "He said al Qaeda did it.") == "He said al-Qaeda did it."
    for fixed in ("Al-Qaeda claimed it.", "He said al-Qaeda did it."):
        assert norm(default, fixed) == fixed


def test_names_inside_quotations_are_normalized(default: NamesPass) -> None:
    assert norm(default, '"We will return to Idleb," he said.') == '"We will return to Idlib," he said.'


def test_all_capitals_headline_stays_in_capitals(default: NamesPass) -> None:
    assert norm(default, "STRIKES HIT IDLEB\n") == "STRIKES HIT IDLIB\n"


def test_fuzzy_misspelling_nobody_listed() -> None:
    p = names_pass(gaz(ent("Qassem Soleimani")))
    edits = edits_of(p, "A portrait of Qassem Soleimnai hung there.")
    assert [(e.old, e.new, e.rule) for e in edits] == [("Qassem Soleimnai", "Qassem Soleimani", "names.fuzzy")]
    assert edits[0].score is not None and 0.9 <= edits[0].score < 1.0  # the 0-1 scale of every Edit.score


# ---- abbreviations ------------------------------------------------------------------------------

def test_abbreviations_are_mentions_not_expanded(default: NamesPass) -> None:
    text = "Fighters of HTS, a group once tied to ISIS, withdrew."
    result = default.run(Document(text))
    assert result.edits == []
    found = {(m.text, m.canonical, m.match) for m in result.mentions}
    assert ("HTS", "Hayat Tahrir al-Sham", "alias") in found
    assert ("ISIS", "Islamic State", "alias") in found


def test_abbreviation_expanded_when_the_gazetteer_asks() -> None:
    p = names_pass(gaz(ent("Syrian Democratic Forces", "group", abbreviations=["SDF"], expand_abbreviation=True)))
    assert norm(p, "The SDF said so.") == "The Syrian Democratic Forces said so."


def test_abbreviations_are_case_sensitive(default: NamesPass) -> None:
    text = "Isis, the goddess, and the word hts."
    assert default.run(Document(text)).mentions == []


# ---- guards -------------------------------------------------------------------------------------

def test_a_relative_keeps_his_own_given_name() -> None:
    p = names_pass(gaz(ent("Bashar al-Assad", "person", "Bashar Assad")))
    text = "Bashar Assad spoke; his brother Maher Assad and his father Hafez el-Assad did not."
    assert norm(p, text) == "Bashar al-Assad spoke; his brother Maher Assad and his father Hafez el-Assad did not."


def test_a_different_known_entity_is_never_rewritten(default: NamesPass) -> None:
    text = "Hamas and Hama are different; so are the Duma and Douma."
    assert norm(default, text) == text


def test_places_a_letter_or_two_apart_are_not_merged() -> None:
    p = names_pass(gaz(ent("Darayya", "place")), fuzzy_cutoff=75.0)
    assert norm(p, "Shelling hit Daraa overnight.") == "Shelling hit Daraa overnight."
    q = names_pass(gaz(ent("Hama", "place")), fuzzy_cutoff=75.0)
    assert norm(q, "Leaders of Hamas met.") == "Leaders of Hamas met."


def test_listed_lookalikes_are_never_rewritten() -> None:
    p = names_pass(gaz(ent("Sochi", "place", lookalikes=["Sushi"])))
    assert norm(p, "Talks in Sochi ended and Sushi was served.") == "Talks in Sochi ended and Sushi was served."


def test_ambiguous_forms_are_left_alone() -> None:
    p = names_pass(gaz(ent("Mohammed Rashid", "person", "Mohammed Rasheed"),
                       ent("Mohamed Rachid", "person", "Mohammed Rasheed")))
    assert norm(p, "Mohammed Rasheed told reporters.") == "Mohammed Rasheed told reporters."


def test_english_word_at_a_sentence_start_is_not_a_place() -> None:
    p = names_pass(gaz(ent("Tartus", "place")))
    assert norm(p, "Tartous is a port.") == "Tartous is a port."  # no evidence this is the place
    assert norm(p, "Ships left Tartus. Tartous is a port.") == "Ships left Tartus. Tartus is a port."


def test_urls_handles_and_lower_case_words_are_untouched(default: NamesPass) -> None:
    text = "See https://news.example/Idleb-strikes, @Idleb_news, #Idleb and idleb.com."
    assert norm(default, text) == text


def test_seed_traps_stay(default: NamesPass) -> None:
    for text in ["the Syrian Arab Army (SAA) said", "Speaking to Al-Masdar from Damascus", "Vladimir Putin",
                 "the Nusra Front, an al-Qaeda affiliate", "Sergey Lavrov", "Turkish President Recep Tayyip Erdogan",
                 "Mohammed Rasheed, a former rebel", "he told CNN Turk", "the Syrian Observatory for Human Rights",
                 "jihadists from Hayat Tahrir al-Sham (HTS, former Syrian branch"]:
        assert norm(default, text) == text


# ---- mentions -----------------------------------------------------------------------------------

def test_mentions_in_the_cleaned_text() -> None:
    cleaner = Cleaner(default_rules=False, rules=[NAMES_DIR], passes=["names"])
    result = cleaner.clean_and_explain("Bashar Assad's forces shelled Idleb; Idlib answered.")
    assert result.text == "Bashar al-Assad's forces shelled Idlib; Idlib answered."
    by_text = {(m.text, m.canonical, m.type, m.match) for m in result.mentions}
    assert ("Bashar al-Assad", "Bashar al-Assad", "person", "exact") in by_text
    assert ("Idlib", "Idlib", "place", "exact") in by_text
    for m in result.mentions:
        assert result.text[m.start : m.end] == m.text
        assert m.meta["gazetteer"] == "syria-conflict"


def test_mention_kinds_and_metadata() -> None:
    p = names_pass(gaz(ent("Qassem Soleimani", "person", wikidata="Q1")))
    text = "Qassem Soleimani and Kassem Soleymani and Qassem Soleimnai."
    found = [(m.text, m.match, m.meta.get("wikidata")) for m in p.run(Document(text)).mentions]
    assert found == [("Qassem Soleimani", "exact", "Q1"), ("Kassem Soleymani", "variant", "Q1"),
                     ("Qassem Soleimnai", "fuzzy", "Q1")]


# ---- user gazetteers ----------------------------------------------------------------------------

def test_user_gazetteer_file_works_and_wins(tmp_path: Path) -> None:
    mine = tmp_path / "my_names.yaml"
    mine.write_text(
        "entities:\n"
        "  - canonical: Idleb\n    type: place\n    variants: [Idlib]\n"
        "  - canonical: Jane Roe-Smith\n    type: person\n    variants: [Jane Smith]\n    employer: ACME\n",
        encoding="utf-8",
    )
    cleaner = Cleaner(default_rules=False, rules=[NAMES_DIR, mine], passes=["names"])
    result = cleaner.clean_and_explain("Jane Smith flew from Idlib to Aleppo via Edlib.")
    # The user's Idleb lists the shipped canonical Idlib, so it is the shipped entity: its other spellings
    # (Edlib) go to the user's canonical too (issue 18: a user's gazetteer overrides the shipped one).
    assert result.text == "Jane Roe-Smith flew from Idleb to Aleppo via Idleb."
    jane = next(m for m in result.mentions if m.canonical == "Jane Roe-Smith")
    assert jane.meta["employer"] == "ACME"


def test_bad_metadata_is_reported_with_its_place() -> None:
    bad = Gazetteer("bad", (Entity("Idlib", "place", (), {"abbreviations": 5}),))
    with pytest.raises(RuleError, match="'abbreviations' of 'Idlib' must be a name or a list of names"):
        build_index([bad])


# ---- scale and cache ----------------------------------------------------------------------------

def synthetic(n: int, seed: str = "") -> Gazetteer:
    """n distinct made-up names (letters the test sentences never use together)."""
    consonants, vowels = "bdfgklmnprstvz", "aiou"
    out = []
    for i in range(n):
        x, parts = i, []
        for _ in range(3):
            x, r = divmod(x, len(consonants) * len(vowels))
            parts.append(consonants[r % len(consonants)] + vowels[r // len(consonants)])
        word = ("Zq" + "".join(parts) + seed).capitalize()
        out.append(Entity(f"Xu {word}", "org", (f"Xou {word}e",)))
    return Gazetteer(f"synthetic{n}{seed}", tuple(out))


def test_cache_never_changes_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLEANTEXT_CACHE_DIR", str(tmp_path))
    big = synthetic(3000)
    gazetteers = [*DEFAULT_GAZ, big]
    built = NamesPass([], gazetteers, options=Options(strict=True))
    assert list(tmp_path.glob("names-*.marshal")), "a large gazetteer's index is cached"

    def no_rebuild(_: object) -> None:
        raise AssertionError("the index was built again instead of loaded from the cache")

    monkeypatch.setattr(build_module, "build_index", no_rebuild)
    cached = NamesPass([], gazetteers, options=Options(strict=True))
    text = f"Bashar Assad met {big.entities[7].variants[0]} in Idleb. {big.entities[99].canonical} was there."
    assert built.run(Document(text)) == cached.run(Document(text))
    assert norm(cached, text).count("Xu ") == 2


def test_a_broken_cache_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLEANTEXT_CACHE_DIR", str(tmp_path))
    big = synthetic(2500, "x")
    load_index([big])
    for f in tmp_path.glob("names-*.marshal"):
        f.write_bytes(b"not a pickle")
    idx = load_index([big])
    assert len(idx) == 2500


# ---- properties ---------------------------------------------------------------------------------

CANONICALS = sorted({e.canonical for g in DEFAULT_GAZ for e in g.entities})
FRAMES = ["Reports said {} was involved.", "Officials in {} denied it.", "a statement by {} on Monday",
          "({}) and others", "talks with {}, then a break"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(CANONICALS), st.sampled_from(FRAMES)), min_size=1, max_size=6))
def test_canonical_names_are_fixed_points(default: NamesPass, picks: list[tuple[str, str]]) -> None:
    text = " ".join(frame.format(name) for name, frame in picks)
    assert edits_of(default, text) == []


NEWSISH = st.lists(st.sampled_from([
    "Bashar Assad", "Idleb", "Hay'at Tahrir al-Cham", "said on Monday", "Mr Lavrentyev", "Alexander Lavrentyev",
    "Al Qaeda", "HTS", ".", ", ", " ", "\n", "Turkestan Islamic Party", "Hemeimim", "the rebels", "Hamas",
    "Qassem Soleimnai", "Houras al-Din", "Maher Assad", "Sahlal-Ghab", "OSDH", "’s", "\"", "Hama",
]), max_size=30).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEWSISH, st.integers(min_value=1, max_value=40))
def test_an_unrelated_entity_changes_nothing(text: str, n: int) -> None:
    base = DEFAULT_GAZ
    before = NamesPass([], list(base), options=Options(strict=True))
    after = NamesPass([], [*base, synthetic(n)], options=Options(strict=True))
    assert norm(before, text) == norm(after, text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEWSISH, st.floats(min_value=60, max_value=100), st.floats(min_value=0, max_value=40))
def test_raising_the_cutoff_never_adds_edits(text: str, low: float, delta: float) -> None:
    gazetteers = DEFAULT_GAZ
    loose = NamesPass([], gazetteers, options=Options(strict=True, fuzzy_cutoff=low))
    strict = NamesPass([], gazetteers, options=Options(strict=True, fuzzy_cutoff=min(100.0, low + delta)))
    as_set = lambda p: {(e.start, e.end, e.new) for e in edits_of(p, text)}  # noqa: E731
    assert as_set(strict) <= as_set(loose)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), NEWSISH))
def test_total_and_idempotent_on_any_text(default: NamesPass, text: str) -> None:
    once = norm(default, text)
    assert norm(default, once) == once


def test_key_folding_is_total_on_odd_input() -> None:
    for s in ["", "-", "'", "al-", "Al", "\u0130stanbul", "ß", "ﬁ", "\x00", "İİİ", "a'-'b"]:
        name_key(s)


# ---- round 2: recall without a part written as listed, memoised runs, complete blocking -----------

def test_vowel_slips_in_every_part_of_a_name() -> None:
    # no part folds to the listed part, so the old blocking (a whole part in common) never saw this one
    p = names_pass(gaz(ent("Sultanahmet Square", "place")))
    assert norm(p, "Crowds filled Sultanehmet Squaro at noon.") == "Crowds filled Sultanahmet Square at noon."


def test_a_slip_in_each_written_part_of_a_person_name() -> None:
    p = names_pass(gaz(ent("Bouthaina Shaaban", "person"), ent("Mustafa Tlass", "person")))
    assert norm(p, "Adviser Bouthaena Shaabon spoke.") == "Adviser Bouthaina Shaaban spoke."
    assert norm(p, "General Mustafo Tlass retired.") == "General Mustafa Tlass retired."


def test_short_parts_all_changed_are_not_a_name() -> None:
    # every part differs and one is two letters long: too weak, even with a low cutoff
    p = names_pass(gaz(ent("Ras al-Ain", "place")), fuzzy_cutoff=80.0)
    assert norm(p, "TALKS REACH AN AGREEMENT\n") == "TALKS REACH AN AGREEMENT\n"


def test_a_given_name_of_the_same_consonants_still_keeps_a_relative_apart() -> None:
    # Hassan / Hussein share their consonants: a slip in the surname must not make them one person
    p = names_pass(gaz(ent("Hassan Nasrallah", "person")))
    assert norm(p, "Hussein Nasralah attended.") == "Hussein Nasralah attended."


def test_memoised_runs_give_what_a_fresh_pass_gives() -> None:
    # the same run of name words at a sentence start and inside one, cut by an automaton form, near an
    # address: one pass seeing the documents in turn must answer as a fresh pass for each
    docs = [
        "Tartous is a port.", "Ships left Tartus. Tartous is a port.", "Ships reached Tartous.",
        "Hay'at Tahrir al-Cham and the Syrian Observatory for Human Rights Idleb office said.",
        "See https://example.org/Idleb Idleb", "Mr Lavrentyev said.", "Alexander Lavrentyev met Mr Lavrentyev.",
        "Tartous is a port.",
    ]
    gazetteers = [*DEFAULT_GAZ, gaz(ent("Tartus", "place"))]
    shared = NamesPass([], gazetteers, options=Options(strict=True))
    for text in docs + docs:
        fresh = NamesPass([], gazetteers, options=Options(strict=True))
        assert shared.run(Document(text)) == fresh.run(Document(text)), text


def _brute_force(p: NamesPass, span: str) -> tuple[int, float] | None:
    """Fuzzy scoring against every name, with the pass's guards: what the blocking must agree with."""
    from rapidfuzz import fuzz

    from cleantext.names.claims import MIN_FUZZY_KEY, MIN_PART_ALL_CHANGED
    from cleantext.names.fuzzy import FUZZY_FLOOR, parts_agree
    from cleantext.names.index import AMBIGUOUS

    idx, k = p.index, name_key(span)
    if len(k.key) < MIN_FUZZY_KEY or k.key in idx.keys:
        return None
    best: dict[int, float] = {}
    for i in range(len(idx.names_entity)):
        eid, nkey, nparts = idx.name(i)
        ent_ = idx.entity(eid)
        if len(nparts) != len(k.parts) or k.key in ent_.lookalike_keys or (ent_.needs_article and not k.has_article):
            continue
        score = fuzz.ratio(k.key, nkey, score_cutoff=FUZZY_FLOOR)
        if not score or score <= best.get(eid, 0.0) or not parts_agree(k.parts, nparts, ent_):
            continue
        weak = min(map(len, k.parts + nparts)) < MIN_PART_ALL_CHANGED
        if len(nparts) > 1 and not set(k.parts) & set(nparts) and weak:
            continue
        best[eid] = score
    if not best:
        return None
    ranked = sorted(best.items(), key=lambda t: -t[1])
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return (AMBIGUOUS, ranked[0][1])
    return ranked[0]


SLIPS = st.tuples(st.sampled_from(CANONICALS),
                  st.lists(st.tuples(st.integers(0, 40), st.sampled_from("aeiouy-bdhklmnrst")), max_size=2))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SLIPS)
def test_fuzzy_blocking_loses_nothing_the_guards_accept(default: NamesPass,
                                                       slip: tuple[str, list[tuple[int, str]]]) -> None:
    name, changes = slip
    for pos, letter in changes:  # a letter replaced: vowel slips, consonant slips, a hyphen
        pos %= len(name)
        name = name[:pos] + letter + name[pos + 1 :]
    assert default.fuzzy.score(name) == _brute_force(default, name)


# ASCII look-alikes and the characters whose classes matter to the run pattern: modifier letters that
# look like apostrophes, marks, numbers that are not digits, joiners, final sigma, astral letters
SHADOW_ALPHABET = st.sampled_from(
    list("aAbBlLeEsSdD ''`-_0123456789.,xX")
    + list("’ʼʿʾ‘‐‑–—\u00a0\u200b\u200c\u200dÇçİıÉéß²³½٣ǅ\u0301\u0308ªº‿©€Σσς𝐀𝐚")
    + ["al-", "Al ", "bin ", "el ", "'s ", "’s "])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(SHADOW_ALPHABET, max_size=30).map("".join), st.text(max_size=60), NEWSISH))
def test_runs_found_on_the_ascii_shadow_are_the_runs_of_the_pattern(text: str) -> None:
    from cleantext.names.runs import RUN_RE, run_spans

    assert [m.span() for m in run_spans(text)] == [m.span() for m in RUN_RE.finditer(text)]


DEFAULT_INDEX = build_index(DEFAULT_GAZ)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.lists(SHADOW_ALPHABET, max_size=30).map("".join), st.text(max_size=60), NEWSISH),
       st.sampled_from(sorted(DEFAULT_INDEX.odd_forms)))
def test_the_ascii_fold_finds_what_the_full_fold_finds(text: str, form: str) -> None:
    from cleantext.names.fold import ascii_surface_fold, surface_fold

    idx = DEFAULT_INDEX
    assert idx.odd_ascii
    for t in (text, f"{text} {form.upper()}, {text}", f"{form}{text}"):
        assert len(ascii_surface_fold(t)) == len(t)
        assert sorted(idx.automaton.iter(ascii_surface_fold(t))) == sorted(idx.automaton.iter(surface_fold(t)))


# ---- round 3: held-out documents and the findings they gave ------------------------------------

HELD_OUT = Path(__file__).parent / "names_docs"


def test_held_out_documents_get_exactly_the_judged_edits(default: NamesPass) -> None:
    """Twenty documents written for this test (not like the seeds): Syria and its neighbours in English,
    French and German machine translation, plus Yemen, Libya, Ukraine, sports, business and European
    politics. Every edit was read and judged; any new edit (a false positive) or lost edit (a miss) fails."""
    expected: dict[str, list[tuple[str, str]]] = {}
    for line in (HELD_OUT / "expected_edits.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, old, new = line.split("\t")
            expected.setdefault(name, []).append((old, new))
    docs = sorted(HELD_OUT.glob("*.txt"))
    assert len(docs) >= 20
    for doc in docs:
        got = [(e.old, e.new) for e in edits_of(default, doc.read_text(encoding="utf-8"))]
        assert got == expected.get(doc.name, []), doc.name


@pytest.mark.parametrize("text", [
    "Shares of Hims & Hers rose and Hims said demand was strong.",        # a company, not Homs
    "Uber chief executive Dara Khosrowshahi spoke in Paris.",             # a given name, not Daraa
    "Former minister Johann Schneider-Ammann and Ammann reported orders.",  # a Swiss surname, not Amman
    "Israeli troops and Iraqi officials met Iranian envoys.",             # demonyms, not Israel / Iraq
    "Maria Sakkari beat Daria Kasatkina in Doha.",                        # a given name, not Darayya
    "Naseeb Khan took four wickets for Pakistan.",                        # a given name, not Nasib
    "Busra Kilicli and Büşra Cansu starred for Turkey.",                  # a Turkish given name, not Bosra
    "Bilal Erdogan, his son, and Farouk al-Sharaa spoke.",                # relatives and namesakes keep their names
    "Former England star Gazza was in hospital.",                         # a nickname, not Gaza
    "Officials in Dera Ismail Khan said the road was closed.",            # Khan is not Qaani plus a slip
    "Director Haifaa al-Mansour won a prize.",                            # a given name, not Haifa
    "Interior minister Mohsen Najafi spoke in Tehran.",                   # a family name made from a city
    "US jets struck Sanaa, and SANAA residents fled.",                    # Yemen's capital, not the agency SANA
])
def test_round3_look_alikes_are_left_alone(default: NamesPass, text: str) -> None:
    assert edits_of(default, text) == []


@pytest.mark.parametrize(("written", "expected"), [
    ("Hizballah fighters crossed the border.", "Hezbollah fighters crossed the border."),
    ("Talks with Ahmed al-Charaa went on.", "Talks with Ahmed al-Sharaa went on."),
    ("Farouk al-Charaa, an ex-vice-president, was absent.", "Farouk al-Sharaa, an ex-vice-president, was absent."),
    ("Envoys of Massoud Barzani and Massud Peseschkian met.", "Envoys of Masoud Barzani and Masoud Pezeshkian met."),
    ("Followers of Moqtada al-Sadr marched.", "Followers of Muqtada al-Sadr marched."),
    ("He flew to Irbil, not Irbid.", "He flew to Erbil, not Irbid."),
    ("Hasakeh province had no water.", "Hasakah province had no water."),
    ("Fighting flared near Rakka Province.", "Fighting flared near Raqqa Province."),
    ("In Rakka the market reopened.", "In Raqqa the market reopened."),
    ("NAIM KASSEM SPEAKS", "NAIM QASSEM SPEAKS"),
])
def test_round3_gazetteer_and_variants(default: NamesPass, written: str, expected: str) -> None:
    assert norm(default, written) == expected


def test_a_place_beside_a_given_name_is_not_rewritten_but_one_beside_a_headline_word_is() -> None:
    p = names_pass(gaz(ent("Zabadani", "place")))
    assert norm(p, "Coach Zabbadani Omar resigned.") == "Coach Zabbadani Omar resigned."
    assert norm(p, "Shelling hit Zabbadani on Friday.") == "Shelling hit Zabadani on Friday."
    assert norm(p, "Shelling In Zabbadani Countryside") == "Shelling In Zabadani Countryside"
    # a group beside a capitalized word is a headline, never a person's name
    assert norm(names_pass(gaz(ent("Hezbollah", "group"))), "A New Hizbollah Chief") == "A New Hezbollah Chief"


# ---- round 4: one-word matches need corroboration ---------------------------------------------

ROUND4 = HELD_OUT / "round4"


def test_round4_blind_batch_gets_exactly_the_judged_edits(default: NamesPass) -> None:
    """Eight documents written blind before the corroboration policy; every edit of the pass after it was
    judged (expected_edits.tsv, known false positives marked FP and kept so that any change shows)."""
    expected: dict[str, list[tuple[str, str]]] = {}
    for line in (ROUND4 / "expected_edits.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, old, new, _verdict = line.split("\t")
            expected.setdefault(name, []).append((old, new))
    docs = sorted(ROUND4.glob("*.txt"))
    assert len(docs) == 8
    for doc in docs:
        got = [(e.old, e.new) for e in edits_of(default, doc.read_text(encoding="utf-8"))]
        assert got == expected.get(doc.name, []), doc.name


@pytest.mark.parametrize(("text", "span", "canonical"), [
    ("The singer Kelis released an album.", "Kelis", "Kilis"),                      # generated variant, no context
    ("Pakistani actress Afreen said she would star.", "Afreen", "Afrin"),
    ("Dutch defender Jordaan scored the winner.", "Jordaan", "Jordan"),
    ("On the coast, El Hamma draws visitors.", "El Hamma", "Hama"),
    ("The broadcaster Al Mayadeen said crews were safe.", "Al Mayadeen", "Mayadin"),
    ("Quarterback Hamah Wilson led the league.", "Hamah", "Hama"),                  # listed, inside a person's name
])
def test_uncorroborated_one_word_match_is_a_candidate_not_an_edit(default: NamesPass, text: str, span: str,
                                                                   canonical: str) -> None:
    result = default.run(Document(text))
    assert result.edits == []
    assert [(m.text, m.canonical, m.match) for m in result.mentions] == [(span, canonical, "candidate")]


@pytest.mark.parametrize(("written", "expected"), [
    ("The singer Kilis was born in Kilis, not Kelis.", "The singer Kilis was born in Kilis, not Kilis."),  # named
    # place after "in", in a text naming another entity of the shipped gazetteer (Baghdad): see also
    # test_names_candidates.py, where without one the shipped gazetteer's generated match stays a candidate
    ("Reinforcements from Baghdad arrived in Mossul.", "Reinforcements from Baghdad arrived in Mosul."),
    ("Troops massed near Albukamal and Hasakeh province.", "Troops massed near Abu Kamal and Hasakah province."),
    ("Hizballah fighters crossed the border.", "Hezbollah fighters crossed the border."),  # group before "fighters"
    ("Hizballah said it would respond. Hezbollah denied it.", "Hezbollah said it would respond. Hezbollah denied it."),
    ("Road between Tartus and Banyas, in Baniyas itself.", "Road between Tartus and Baniyas, in Baniyas itself."),
    ("STRIKES HIT IDLEB", "STRIKES HIT IDLIB"),                                          # a headline, not a name
])
def test_corroborated_one_word_match_is_rewritten(default: NamesPass, written: str, expected: str) -> None:
    assert norm(default, written) == expected


def test_a_weak_mention_does_not_corroborate() -> None:
    """A listed spelling inside another name ("Jordan Henderson") is no evidence for a variant elsewhere."""
    p = names_pass(gaz(ent("Jordan", "place")))
    assert norm(p, "Jordaan scored and Jordan Henderson came on.") == "Jordaan scored and Jordan Henderson came on."
    assert norm(p, "Jordaan scored. Talks in Jordan went on.") == "Jordan scored. Talks in Jordan went on."


@pytest.mark.parametrize("sentence", [
    "Clashes in Libyan capital kill 27, health officials say.",
    "Fighting in the Libyan capital spread to the port.",
    "The Israeli army said it struck targets near the border.",
])
def test_everyday_words_are_not_misspelt_names(sentence: str) -> None:
    """A frequent English word is itself, not a fuzzy or generated spelling of a gazetteer name."""
    assert Cleaner().clean(sentence) == sentence + "\n"


def test_a_full_run_memo_forgets_its_older_half_and_results_do_not_change(monkeypatch: pytest.MonkeyPatch) -> None:
    """The run memo is bounded (a worker streaming 1 GB must not grow without end); what it forgets is
    analysed again, to the same result."""
    import cleantext.names.memo as memo_module

    root = Path(__file__).resolve().parent.parent
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    unbounded = [Cleaner().clean_and_explain(t) for t in texts]
    monkeypatch.setattr(memo_module, "RUN_MEMO_LIMIT", 8)
    small = Cleaner()
    names = next(p for p in small.pipeline.passes if p.name == "names")
    bounded = []
    for t in texts:
        bounded.append(small.clean_and_explain(t))
        assert len(names.memo.runs) <= 8  # type: ignore[attr-defined]
    assert bounded == unbounded
    assert sum(len(r.mentions) for r in bounded) > 0


# ---- sharing across threads ----------------------------------------------------------------------

def _thread_docs() -> list[str]:
    """Documents whose runs recur across documents, so that threads meet the same memoised claims: full
    names, surnames alone, one-word variants that need corroboration (withheld or not), sentence starts."""
    bodies = [
        "Yevgeny Prigozhin spoke first. Later Mr Prigojine said no, and Prigojine left for Idlib.",
        "Idleb was shelled. Fighters near Idleb and in Hama left; Lattakia Foods opened in Homs.",
        "Hamah Wilson said Idlib is quiet. Bashar Assad spoke. Assad said little; el-Assad left.",
        "al-Qaeda fighters entered Idleb. Al-Qaeda Idleb said Prigojine was gone.",
    ]
    return [f"{bodies[i % len(bodies)]} Report {i}: {bodies[(i * 7 + 3) % len(bodies)]}" for i in range(64)]


@pytest.mark.parametrize("memo_limit", [None, 4])
def test_clean_from_eight_threads_equals_serial(monkeypatch: pytest.MonkeyPatch, memo_limit: int | None) -> None:
    """One pass shared by 8 threads (their documents in different orders, started together) gives each
    document the edits and mentions a serial run gives: claims shared by the run memo are not mutated, and a
    tiny memo that threads keep evicting from stays consistent."""
    import threading

    def fresh() -> NamesPass:
        return names_pass(gaz(ent("Yevgeny Prigozhin"), ent("Bashar al-Assad", "person", "Bashar Assad"),
                              ent("Idlib", "place", "Idleb"), ent("Hama", "place", "Hamah"),
                              ent("Latakia", "place", "Lattakia"), ent("Homs", "place"),
                              ent("al-Qaeda", "organization")), **{})

    def outcome(p: NamesPass, text: str) -> tuple[object, ...]:
        result = p.run(Document(text))
        return tuple(result.edits), tuple(result.mentions)

    import cleantext.names.memo as memo_module

    if memo_limit is not None:
        monkeypatch.setattr(memo_module, "RUN_MEMO_LIMIT", memo_limit)
    docs = _thread_docs()
    serial_pass = fresh()
    serial = [outcome(serial_pass, d) for d in docs]
    shared = fresh()
    barrier = threading.Barrier(8)
    got: list[list[tuple[int, tuple[object, ...]]]] = [[] for _ in range(8)]

    def work(k: int) -> None:
        order = list(range(len(docs)))[k:] + list(range(len(docs)))[:k]
        barrier.wait()
        for i in order:
            got[k].append((i, outcome(shared, docs[i])))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch as often as the interpreter lets them: interleavings are many
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    for k in range(8):
        assert len(got[k]) == len(docs), f"thread {k} stopped early (an error in it)"
        for i, result in got[k]:
            assert result == serial[i], f"thread {k}, document {i}"
