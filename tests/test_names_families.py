"""Transliteration families and case endings (rules/names/data/families.yaml) in the names pass.

Example pairs come from the table itself; the sentences are written for these tests, with spellings seen
in real WMT22 Russian- and Japanese-to-English MT (benchmarks/names_real/public_mt.jsonl).
"""

from __future__ import annotations

import pytest
import yaml

from cleantext.document import Document
from cleantext.edits import apply_edits, select_compatible
from cleantext.kinds import Entity, Gazetteer
from cleantext.names.context import in_context, word_after, word_before
from cleantext.names.families import case_variants, example_pairs, family_keys, load_tables
from cleantext.names.fold import name_key
from cleantext.options import Options
from cleantext.passes.names import NamesPass
from cleantext.rulefiles import default_rules_dir, load_rules

PAIRS = example_pairs(load_tables())


def one_name(what: str, a: str, b: str) -> bool:
    if what == "folded_by_key":
        return name_key(a).key == name_key(b).key
    if what.startswith("case ending"):
        return name_key(b).key in {name_key(v).key for v in case_variants(a, "place")}
    return bool(set(family_keys(a)) & set(family_keys(b)))


@pytest.mark.parametrize(("what", "a", "b"), PAIRS, ids=[f"{w}: {a} = {b}" for w, a, b in PAIRS])
def test_every_example_pair_of_the_table_is_one_name(what: str, a: str, b: str) -> None:
    assert one_name(what, a, b)


def test_the_table_has_examples_for_each_language_and_the_case_endings() -> None:
    whats = {w.split(" ")[0] for w, _, _ in PAIRS}
    assert {"ru-uk", "ja", "case", "folded_by_key"} <= whats


def test_families_keep_different_names_apart() -> None:
    for a, b in [("Kharkiv", "Kherson"), ("Lviv", "Lutsk"), ("Yamatsuri Town", "Yamagata Town"),
                 ("Oleksii Reznikov", "Oleksii Danilov"), ("Donetsk", "Dnipro")]:
        assert not set(family_keys(a)) & set(family_keys(b)), (a, b)


GAZ = Gazetteer("test", (
    Entity("Luhansk", "place"), Entity("Kharkiv", "place"), Entity("Donetsk", "place"),
    Entity("Oleksii Reznikov", "person"), Entity("Yamatsuri Town", "place"), Entity("Mateusz Morawiecki", "person"),
))


def norm(text: str, gazetteers: list[Gazetteer] | None = None) -> str:
    p = NamesPass([], gazetteers or [GAZ], options=Options(strict=True))
    kept, rejected = select_compatible(text, p.run(Document(text)).edits)
    assert not rejected
    return apply_edits(text, kept)


def test_russian_forms_of_ukrainian_names_are_rewritten() -> None:
    assert norm("Minister Alexey Reznikov spoke.") == "Minister Oleksii Reznikov spoke."
    assert norm("Shelling hit Kharkov; troops entered Lugansk.") == "Shelling hit Kharkiv; troops entered Luhansk."


def test_japanese_suffix_kept_in_romaji_is_the_translated_suffix() -> None:
    assert norm("He lives in Yamatsuri-cho, Fukushima.") == "He lives in Yamatsuri Town, Fukushima."
    assert norm("He lives in Yamatsuri-machi.") == "He lives in Yamatsuri Town."


def test_a_case_ending_left_on_a_place_is_removed_where_a_place_is_meant() -> None:
    assert norm("The mayor of Donetska said so.") == "The mayor of Donetsk said so."


def test_a_one_word_family_variant_without_corroboration_stays_a_candidate() -> None:
    p = NamesPass([], [GAZ], options=Options(strict=True))
    r = p.run(Document("They ate at the Lugansk cafe."))
    assert not r.edits
    assert [(m.text, m.match) for m in r.mentions] == [("Lugansk", "candidate")]


def test_the_data_folder_is_not_loaded_as_rules() -> None:
    rules = load_rules([default_rules_dir() / "names"])
    assert all("data" not in str(g.location.path) for g in rules.gazetteers)
    assert (default_rules_dir() / "names" / "data" / "families.yaml").is_file()


# ---- the context words (rules/names/data/context_en.yaml) ---------------------------------------------

CONTEXT = yaml.safe_load((default_rules_dir() / "names" / "data" / "context_en.yaml").read_text(encoding="utf-8"))
CONTEXT_EXAMPLES = [(key, entry.get("type"), text, name) for key, entry in CONTEXT["lists"].items()
                    for text, name in entry["examples"]]


@pytest.mark.parametrize(("key", "etype", "text", "name"), CONTEXT_EXAMPLES,
                         ids=[f"{k}: {t}" for k, _, t, _ in CONTEXT_EXAMPLES])
def test_every_context_example_has_its_word_next_to_the_name(key: str, etype: str | None, text: str,
                                                              name: str) -> None:
    start = text.index(name)
    end = start + len(name)
    words = set(CONTEXT["lists"][key]["words"])
    assert {word_before(text, start).rstrip("."), word_after(text, end)} & words
    if etype is not None:
        assert in_context(text, start, end, etype)
