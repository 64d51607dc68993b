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
