"""The compiled form of the gazetteers: everything the names pass looks names up in.

* one Aho-Corasick automaton of every canonical name, listed variant, abbreviation, alias and
  look-alike, folded by :func:`~cleantext.names.fold.surface_fold` (case, accents, apostrophe shapes),
  so the exact matcher scans a document once whatever the size of the gazetteers;
* a dictionary from name keys (:func:`~cleantext.names.fold.name_key`) to entities: the generated
  variants, found by looking up the key of a capitalized span;
* blocking tables for fuzzy matching (each part of a name; the consonant skeleton of one-part
  names), so a span is scored against a few candidates, not against every name.

Built, and loaded from the on-disk cache, by :mod:`cleantext.names.build`; the runs of name words a text
is read in are :mod:`cleantext.names.runs`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import ahocorasick

from .families import family_keys
from .fold import (
    ascii_surface_fold,
    first_class,
    name_key,
    skeleton,
    surface_fold,
)

#: Posting lists longer than this are useless for blocking (a part shared by thousands of names).
MAX_POSTING = 3000

PERSON_TYPES = frozenset({"person", "per", "people", "human"})

# What a form is to its entity, best rank first (used to settle conflicts inside one gazetteer).
CANONICAL, LISTED, ABBREVIATION, ALIAS, LOOKALIKE = "canonical", "listed", "abbreviation", "alias", "lookalike"
ROLES = (CANONICAL, LISTED, ABBREVIATION, ALIAS, LOOKALIKE)
#: an entity id meaning "two entities claim this": found, never rewritten, not reported
AMBIGUOUS = -1

#: Metadata keys the names pass interprets (all others are passed through to mentions untouched).
META_KEYS: Mapping[str, str] = {
    "abbreviations": "list of short forms (HTS, ISIS): recognized as mentions, matched case-sensitively",
    "expand_abbreviation": "true to rewrite the abbreviations to the canonical name (default false)",
    "aliases": "list of other names (Daesh): recognized as mentions, never rewritten",
    "lookalikes": "list of real, different names that look like this one: never rewritten into it",
    "not": "same as lookalikes",
    "surname_alone": "false to stop a person's surname alone from being normalized (default true)",
}


@dataclass(frozen=True, slots=True)
class EntityInfo:
    """One entity as the pass needs it."""

    canonical: str
    type: str
    meta: Mapping[str, Any]
    gazetteer: str
    #: the canonical's last part with its article ("al-Assad"), and without it ("Assad"); persons only
    surname: str = ""
    surname_bare: str = ""
    surname_key: str = ""
    expand_abbreviation: bool = False
    #: keys of names never rewritten into this entity
    lookalike_keys: frozenset[str] = frozenset()
    #: one-part canonical written with an article ("al-Qaeda"): the bare part alone is not a mention
    needs_article: bool = False
    #: from a gazetteer shipped with cleantext (rules/names/): its generated and fuzzy matches need the
    #: document to name another of its entities (a Syrian town's look-alike in a text about Japan is not it)
    shipped: bool = False

    @property
    def is_person(self) -> bool:
        return self.type.lower() in PERSON_TYPES


#: A written form: (entity id, role, the form as written, case-sensitive). Acronyms and very short
#: forms only match with their exact letter case. Plain tuples, so a cached index loads fast.
Form = tuple[int, str, str, bool]
#: An entity as stored: the fields of EntityInfo in order.
EntityRow = tuple[str, str, dict[str, Any], str, str, str, str, bool, frozenset[str], bool, bool]

class NameIndex:
    """Everything the pass looks names up in, held in plain dicts, lists and tuples (fast to cache)."""

    def __init__(self) -> None:
        self.rows: list[EntityRow] = []
        #: surface-folded form -> encoded Form (see :meth:`form`), for forms written as one run of name words
        self.forms: dict[str, int] = {}
        #: the written form of the case-sensitive ones among them
        self.cs_written: dict[str, str] = {}
        #: surface-folded form -> Form, for the others: matched by the automaton
        self.odd_forms: dict[str, Form] = {}
        #: name key -> entity id
        self.keys: dict[str, int] = {}
        #: "family:key" (rules/names/data/families.yaml) -> entity id, of every name: a span whose name key
        #: is not in ``keys`` is looked up by its own family keys (Lugansk = Luhansk, Alexey = Oleksii)
        self.family_keys: dict[str, int] = {}
        #: name key of a place's spelling with a Slavic case ending left by MT (Donetska) -> entity id
        self.ending_keys: dict[str, int] = {}
        #: fuzzy blocking for names of several parts: :func:`block_keys` -> ids into ``names``. The guards
        #: of a fuzzy match (same first letters, at most one part differing in a consonant) mean a match
        #: shares one of these keys, so the blocking loses nothing the guards would accept
        self.part_postings: dict[str, list[int]] = {}
        #: fuzzy blocking for one-part names: consonant skeleton -> ids into ``names``
        self.skeleton_postings: dict[str, list[int]] = {}
        #: entity and folded parts (joined by spaces) of every canonical name and listed variant, for fuzzy
        #: scoring; two flat lists, so that a cached index of 100,000 entities loads in a second
        self.names_entity: list[int] = []
        self.names_parts: list[str] = []
        #: derived from names_parts after building or loading: each name's key, and its number of parts
        #: (capped at 255), so fuzzy candidates are filtered and scored in bulk without decoding them
        self.names_keys: list[str] = []
        self.names_nparts: bytes = b""
        #: surname key -> person entity ids that have it (surname-alone matching)
        self.surnames: dict[str, list[int]] = {}
        #: the most words a span worth looking up can have
        self.max_words = 1
        self.automaton: Any = None
        self.odd_ascii = True
        self._entities: dict[int, EntityInfo] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def entity(self, eid: int) -> EntityInfo:
        info = self._entities.get(eid)
        if info is None:
            info = self._entities[eid] = EntityInfo(*self.rows[eid])
        return info

    def form(self, folded: str) -> Form | None:
        code = self.forms.get(folded)
        if code is None:
            return None
        case_sensitive = bool(code & 1)
        return (code >> 4, ROLES[(code >> 1) & 7], self.cs_written.get(folded, ""), case_sensitive)

    def name(self, i: int) -> tuple[int, str, tuple[str, ...]]:
        """(entity, key, parts) of name ``i``."""
        parts = self.names_parts[i]
        return self.names_entity[i], parts.replace(" ", ""), tuple(parts.split(" "))

    def compile(self) -> None:
        """Build the automaton of the odd forms and the derived fuzzy tables (after building or loading)."""
        self.names_keys = [p.replace(" ", "") for p in self.names_parts]
        self.names_nparts = bytes(min(p.count(" ") + 1, 255) for p in self.names_parts)
        # all-ASCII odd forms can be found in the cheaper ASCII fold of a text
        self.odd_ascii = all(f.isascii() and "\x00" not in f for f in self.odd_forms)
        automaton = ahocorasick.Automaton()
        for folded, form in self.odd_forms.items():
            automaton.add_word(folded, (len(folded), form))
        if self.odd_forms:
            automaton.make_automaton()
        self.automaton = automaton

    def find_odd_forms(self, text: str) -> list[tuple[int, int, Form]]:
        """(start, end, form) of every automaton hit in ``text``, folded (overlapping, unfiltered)."""
        if not self.odd_forms or not text:
            return []
        # one character for one: spans of the folded text are spans of the text
        folded = ascii_surface_fold(text) if self.odd_ascii else surface_fold(text)
        return [(end - length + 1, end + 1, form) for end, (length, form) in self.automaton.iter(folded)]

    _STATE = ("rows", "forms", "cs_written", "odd_forms", "keys", "family_keys", "ending_keys", "part_postings",
              "skeleton_postings", "names_entity", "names_parts", "surnames", "max_words")

    def generated_entity(self, span: str) -> int | None:
        """The entity (or AMBIGUOUS) whose generated spelling ``span`` is, by a family key or a case ending;
        None when neither table has it. Asked only of spans whose name key no name has."""
        eid = self.ending_keys.get(name_key(span).key) if self.ending_keys else None
        if eid is not None or not self.family_keys:
            return eid
        found = {e for k in family_keys(span) if (e := self.family_keys.get(k)) is not None}
        if not found:
            return None
        return found.pop() if len(found) == 1 else AMBIGUOUS

    def state(self) -> tuple[Any, ...]:
        return tuple(getattr(self, k) for k in self._STATE)

    @classmethod
    def from_state(cls, state: tuple[Any, ...]) -> NameIndex:
        idx = cls()
        for k, v in zip(cls._STATE, state, strict=True):
            setattr(idx, k, v)
        idx.compile()
        return idx


@functools.lru_cache(maxsize=65_536)  # asked again for every fuzzy candidate span with the same parts
def block_keys(parts: tuple[str, ...]) -> tuple[str, ...]:
    """The blocking keys of a name of several folded parts: for each part, the part count, its place, its
    consonant skeleton and the first letters of all parts ("2:1:sd:ba" for bashar assad)."""
    firsts = "".join(first_class(p) for p in parts)
    n = len(parts)
    return tuple(f"{n}:{i}:{skeleton(p)}:{firsts}" for i, p in enumerate(parts))


