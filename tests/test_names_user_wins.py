"""The names pass with a user gazetteer on top of the shipped one, and spellings that are English words.

Sentences are written for these tests; the shipped gazetteer (rules/names/) lists Sergey Lavrov with the
variants Sergei Lavrov, Sergueï Lavrov and Sergej Lawrow.
"""

from __future__ import annotations

from cleantext.document import Document
from cleantext.edits import apply_edits, select_compatible
from cleantext.kinds import Entity, Gazetteer
from cleantext.options import Options
from cleantext.passes.names import NamesPass
from cleantext.rulefiles import default_rules_dir, load_rules

SHIPPED = list(load_rules([default_rules_dir() / "names"]).gazetteers)


def user(*entities: Entity) -> Gazetteer:
    return Gazetteer("mine", tuple(entities))


def norm(gazetteers: list[Gazetteer], text: str) -> str:
    p = NamesPass([], gazetteers, options=Options(strict=True))
    kept, rejected = select_compatible(text, p.run(Document(text)).edits)
    assert not rejected
    return apply_edits(text, kept)


def test_user_entity_claiming_a_shipped_variant_takes_over_that_entity() -> None:
    # The user writes the person "Sergej Lavrov" and lists one shipped spelling: every spelling the shipped
    # entity has (its canonical, its other variants, its surname alone) is now the user's person.
    mine = user(Entity("Sergej Lavrov", "person", ("Sergei Lavrov",)))
    text = "Sergueï Lavrov met Sergey Lavrov's deputy. Lavrov said no."
    assert norm([*SHIPPED, mine], text) == "Sergej Lavrov met Sergej Lavrov's deputy. Lavrov said no."
    assert norm([*SHIPPED, mine], "Sergei Lavrov spoke.") == "Sergej Lavrov spoke."


def test_user_entity_sharing_no_spelling_leaves_the_shipped_one_alone() -> None:
    mine = user(Entity("Sergej Lavrov", "person", ("S. Lavrov",)))
    assert norm([*SHIPPED, mine], "Sergueï Lavrov spoke.") == "Sergey Lavrov spoke."


def test_two_user_entities_claiming_one_shipped_entity_take_over_nothing() -> None:
    # Which of the two the shipped person is cannot be told: the shipped entity stays as it is.
    mine = user(Entity("Sergej Lavrov", "person", ("Sergei Lavrov",)),
                Entity("Sergei Lavrov Jr", "person", ("Sergueï Lavrov",)))
    assert norm([*SHIPPED, mine], "Sergey Lavrov spoke.") == "Sergey Lavrov spoke."


# ---- a listed spelling that is an everyday English word ------------------------------------------

KYIV = Gazetteer("places", (Entity("Kyiv", "place", ("Kiev",)), Entity("Türkiye", "place", ("Turkey",))))


def mentions(text: str) -> list[tuple[str, str]]:
    p = NamesPass([], [KYIV], options=Options(strict=True))
    return [(m.text, m.match) for m in p.run(Document(text)).mentions]


def test_listed_common_word_capitalized_mid_sentence_is_claimed() -> None:
    assert norm([KYIV], "Talks were held in Kiev on Monday.") == "Talks were held in Kyiv on Monday."
    assert norm([KYIV], "Officials said Kiev would answer.") == "Officials said Kyiv would answer."


def test_listed_common_word_lower_case_is_never_claimed() -> None:
    assert norm([KYIV], "we had chicken kiev and roast turkey.") == "we had chicken kiev and roast turkey."
    assert mentions("we had chicken kiev and roast turkey.") == []


def test_listed_common_word_starting_a_sentence_needs_evidence_and_is_reported_when_held_back() -> None:
    text = "The oven was hot. Turkey is best cooked slowly."
    assert norm([KYIV], text) == text
    assert mentions(text) == [("Turkey", "candidate")]
    # named mid-sentence elsewhere in the document: the sentence-initial spelling is the place too
    named = "Kiev answered at once. The talks in Kiev went on."
    assert norm([KYIV], named) == "Kyiv answered at once. The talks in Kyiv went on."


# ---- a surname alone as the document writes it -------------------------------------------------

PEOPLE = Gazetteer("people", (Entity("Gerhard Schroeder", "person"), Entity("Franz Müntefering", "person")))


def test_surname_alone_as_written_in_a_fuzzily_found_full_name_is_that_person() -> None:
    text = ("Chancellor Gerhard Schreder resigned. Franz Mentefering leads the group. "
            "Schreder depends on the loyalty of Mentefering.")
    assert norm([PEOPLE], text) == ("Chancellor Gerhard Schroeder resigned. Franz Müntefering leads the group. "
                                    "Schroeder depends on the loyalty of Müntefering.")


def test_written_surname_is_not_claimed_without_its_full_name_or_after_another_given_name() -> None:
    assert norm([PEOPLE], "Schreder depends on the loyalty of Mentefering.") == (
        "Schreder depends on the loyalty of Mentefering.")
    # after another given name it is a relative or namesake, who keeps his own name
    text = "Gerhard Schreder resigned. Anna Schreder stayed."
    assert norm([PEOPLE], text) == "Gerhard Schroeder resigned. Anna Schreder stayed."


# ---- a person known in the document only by a surname the gazetteer has ---------------------------

EGYPT = Gazetteer("egypt", (Entity("Hosni Mubarak", "person", ("Hosni Moubarak",)),))


def test_surname_used_consistently_for_one_person_is_rewritten_without_the_full_name() -> None:
    text = "Moubarak and the new cabinet met. Later, president Moubarak spoke."
    assert norm([EGYPT], text) == "Mubarak and the new cabinet met. Later, president Mubarak spoke."


def test_surname_once_or_of_two_persons_stays_without_the_full_name() -> None:
    assert norm([EGYPT], "Later, president Moubarak spoke.") == "Later, president Moubarak spoke."
    two = Gazetteer("two", (Entity("Hosni Mubarak", "person", ("Hosni Moubarak",)),
                            Entity("Alaa Moubarak", "person")))
    text = "Moubarak and the new cabinet met. Later, president Moubarak spoke."
    assert norm([two], text) == text


# ---- a name's hyphen written with spaces (MT detokenisation) --------------------------------------

EUROPE = Gazetteer("europe", (Entity("Jean-Claude Juncker", "person", ("Jean-Claude Junker",)),
                              Entity("Great Britain", "place", ("Grande-Bretagne",))))


def test_a_listed_name_with_its_hyphen_spaced_out_is_found_and_joined() -> None:
    text = "Jean - Claude Junker said the Grande - Bretagne agreed."
    assert norm([EUROPE], text) == "Jean-Claude Juncker said the Great Britain agreed."
    assert norm([EUROPE], "Jean - Claude Juncker spoke.") == "Jean-Claude Juncker spoke."


def test_a_spaced_dash_between_other_words_is_left() -> None:
    text = "The Grande - Paris line and Claude - Junker talks."
    assert norm([EUROPE], text) == text


def test_a_listed_article_hyphen_written_as_a_space_is_the_listed_form() -> None:
    qaida = Gazetteer("groups", (Entity("al-Qaeda", "group", ("al-Qaida",)),))
    text = "Saddam had no links with Al Qaida, they said."
    assert norm([qaida], text) == "Saddam had no links with al-Qaeda, they said."
    assert [m.match for m in NamesPass([], [qaida], options=Options(strict=True)).run(Document(text)).mentions] == [
        "exact"]
