"""The compiled form of the gazetteers: everything the names pass looks names up in.

* one Aho-Corasick automaton of every canonical name, listed variant, abbreviation, alias and
  look-alike, folded by :func:`~cleantext.names.fold.surface_fold` (case, accents, apostrophe shapes),
  so the exact matcher scans a document once whatever the size of the gazetteers;
* a dictionary from name keys (:func:`~cleantext.names.fold.name_key`) to entities: the generated
  variants, found by looking up the key of a capitalized span;
* blocking tables for fuzzy matching (first letters of each part; the consonant skeleton of one-part
  names), so a span is scored against a few candidates, not against every name.

Conflicts are settled once, here: a later gazetteer wins over an earlier one for the same form; within
one gazetteer a canonical name wins over a listed variant, which wins over an abbreviation or alias;
two entities of one gazetteer claiming the same form at the same rank make it ambiguous (never
rewritten). Building is deterministic, so the on-disk cache (keyed by a hash of the gazetteer
content) can never change results.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ahocorasick

from ..errors import Problem, RuleError
from ..kinds import Gazetteer
from .fold import name_key, skeleton, surface_fold

#: Bump when the index layout or the folding changes: old cache files are then ignored.
INDEX_VERSION = 3
#: Gazetteers smaller than this compile faster than a cache file loads: no cache.
CACHE_MIN_ENTITIES = 2000
#: Posting lists longer than this are useless for blocking (a part shared by thousands of names).
MAX_POSTING = 3000

PERSON_TYPES = frozenset({"person", "per", "people", "human"})

# What a form is to its entity, best rank first (used to settle conflicts inside one gazetteer).
CANONICAL, LISTED, ABBREVIATION, ALIAS, LOOKALIKE = "canonical", "listed", "abbreviation", "alias", "lookalike"
_RANK = {CANONICAL: 0, LISTED: 1, ABBREVIATION: 2, ALIAS: 2, LOOKALIKE: 3}
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

    @property
    def is_person(self) -> bool:
        return self.type.lower() in PERSON_TYPES


@dataclass(frozen=True, slots=True)
class Form:
    """A written form in the automaton: which entity, what it is to it, and the form as written."""

    entity: int
    role: str
    written: str
    #: acronyms and very short forms only match with their exact letter case
    case_sensitive: bool


@dataclass(frozen=True, slots=True)
class KeyEntry:
    entity: int
    parts: tuple[str, ...]


@dataclass(slots=True)
class NameIndex:
    entities: list[EntityInfo] = field(default_factory=list)
    automaton: Any = None
    n_forms: int = 0
    keys: dict[str, KeyEntry] = field(default_factory=dict)
    #: fuzzy blocking: first three letters of a folded part -> ids into ``names``
    prefix_postings: dict[str, list[int]] = field(default_factory=dict)
    #: fuzzy blocking for one-part names: consonant skeleton -> ids into ``names``
    skeleton_postings: dict[str, list[int]] = field(default_factory=dict)
    #: (entity, key, parts) of every canonical name and listed variant, for fuzzy scoring
    names: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)
    #: surname key -> person entity ids that have it (surname-alone matching)
    surnames: dict[str, list[int]] = field(default_factory=dict)
    #: longest name in parts, bounds the spans tried
    max_parts: int = 1

    def __len__(self) -> int:
        return len(self.entities)

    def find_forms(self, folded: str) -> list[tuple[int, int, Form]]:
        """(start, end, form) of every automaton hit in a surface-folded text (overlapping, unfiltered)."""
        if not self.n_forms or not folded:
            return []
        out: list[tuple[int, int, Form]] = []
        for end_idx, (length, form) in self.automaton.iter(folded):
            out.append((end_idx - length + 1, end_idx + 1, form))
        return out


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return len(form) <= 3 or (bool(letters) and all(c.isupper() for c in letters) and len(form) <= 8)


def _str_list(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return list(value)
    return None


def check_gazetteers(gazetteers: Sequence[Gazetteer]) -> list[Problem]:
    """Problems with the metadata keys the names pass interprets, each with its file and line."""
    problems: list[Problem] = []
    for gaz in gazetteers:
        for ent in gaz.entities:
            where = ent.location
            for key in ("abbreviations", "aliases", "lookalikes", "not"):
                if _str_list(ent.meta.get(key)) is None:
                    problems.append(Problem(where.path, where.line,
                                            f"{key!r} of {ent.canonical!r} must be a name or a list of names"))
            for key in ("expand_abbreviation", "surname_alone"):
                if key in ent.meta and not isinstance(ent.meta[key], bool):
                    problems.append(Problem(where.path, where.line,
                                            f"{key!r} of {ent.canonical!r} must be true or false"))
    return problems


def _surname(canonical: str) -> tuple[str, str]:
    """("al-Assad", "Assad") for "Bashar al-Assad"; ("Lavrentiev", "Lavrentiev") for one without article."""
    words = canonical.split()
    if len(words) < 2:
        return "", ""
    last = words[-1]
    bare = last
    if "-" in last:
        head, _, tail = last.partition("-")
        if surface_fold(head) in ("al", "el", "ad", "as", "ash", "at", "az", "an", "ar", "ed", "es", "ez", "et"):
            bare = tail
    elif len(words) >= 3 and surface_fold(words[-2]) in ("al", "el"):
        last = f"{words[-2]} {last}"
    return last, bare


def build_index(gazetteers: Sequence[Gazetteer]) -> NameIndex:
    """Compile gazetteers (in priority order: later wins) into a :class:`NameIndex`."""
    problems = check_gazetteers(gazetteers)
    if problems:
        raise RuleError(problems)
    idx = NameIndex()
    # folded form -> (priority, rank, Form); conflicts settled as the module docstring says
    forms: dict[str, tuple[int, int, Form]] = {}
    keys: dict[str, tuple[int, int, KeyEntry]] = {}

    def claim_form(folded: str, prio: int, form: Form) -> None:
        rank = _RANK[form.role]
        old = forms.get(folded)
        if old is None or (prio, -rank) > (old[0], -old[1]):
            forms[folded] = (prio, rank, form)
        elif (prio, rank) == (old[0], old[1]) and old[2].entity != form.entity:
            forms[folded] = (prio, rank, Form(AMBIGUOUS, form.role, form.written, form.case_sensitive))

    def claim_key(key: str, prio: int, rank: int, entry: KeyEntry) -> None:
        old = keys.get(key)
        if old is None or (prio, -rank) > (old[0], -old[1]):
            keys[key] = (prio, rank, entry)
        elif (prio, rank) == (old[0], old[1]) and old[2].entity != entry.entity:
            keys[key] = (prio, rank, KeyEntry(AMBIGUOUS, entry.parts))

    for prio, gaz in enumerate(gazetteers):
        for ent in gaz.entities:
            eid = len(idx.entities)
            meta = dict(ent.meta)
            lookalikes = (_str_list(meta.get("lookalikes")) or []) + (_str_list(meta.get("not")) or [])
            canon_key = name_key(ent.canonical)
            info = EntityInfo(
                canonical=ent.canonical,
                type=ent.type,
                meta=meta,
                gazetteer=gaz.name,
                expand_abbreviation=bool(meta.get("expand_abbreviation", False)),
                lookalike_keys=frozenset(name_key(x).key for x in lookalikes),
                needs_article=len(canon_key.parts) == 1 and canon_key.has_article,
            )
            if ent.type.lower() in PERSON_TYPES and meta.get("surname_alone", True):
                surname, bare = _surname(ent.canonical)
                skey = name_key(surname).key if surname else ""
                if skey and len(skey) >= 4 and len(canon_key.parts) >= 2:
                    info = _with_surname(info, surname, bare, skey)
                    idx.surnames.setdefault(skey, []).append(eid)
            idx.entities.append(info)
            for role, written_forms in (
                (CANONICAL, [ent.canonical]),
                (LISTED, list(ent.variants)),
                (ABBREVIATION, _str_list(meta.get("abbreviations")) or []),
                (ALIAS, _str_list(meta.get("aliases")) or []),
                (LOOKALIKE, lookalikes),
            ):
                for written in written_forms:
                    folded = surface_fold(written.strip())
                    if not folded:
                        continue
                    claim_form(folded, prio, Form(eid, role, written.strip(), _is_acronym(written.strip())))
                    if role in (CANONICAL, LISTED):
                        nk = name_key(written)
                        if nk.key:
                            claim_key(nk.key, prio, _RANK[role], KeyEntry(eid, nk.parts))
                            idx.names.append((eid, nk.key, nk.parts))
                    elif role == LOOKALIKE:
                        nk = name_key(written)
                        if nk.key:  # a look-alike's key is taken, so its spellings are never rewritten
                            claim_key(nk.key, prio, _RANK[role], KeyEntry(AMBIGUOUS, nk.parts))
    automaton = ahocorasick.Automaton()
    for folded, (_, _, form) in forms.items():
        automaton.add_word(folded, (len(folded), form))
    if forms:
        automaton.make_automaton()
    idx.automaton = automaton
    idx.n_forms = len(forms)
    idx.keys = {k: entry for k, (_, _, entry) in keys.items()}
    seen: set[tuple[int, str]] = set()
    for i, (eid, key, parts) in enumerate(idx.names):
        if (eid, key) in seen:
            continue
        seen.add((eid, key))
        idx.max_parts = max(idx.max_parts, len(parts))
        if len(parts) == 1:
            idx.skeleton_postings.setdefault(skeleton(key), []).append(i)
        else:
            for p in set(parts):
                idx.prefix_postings.setdefault(p[:3], []).append(i)
    idx.max_parts = min(idx.max_parts, 8)
    return idx


def _with_surname(info: EntityInfo, surname: str, bare: str, skey: str) -> EntityInfo:
    return EntityInfo(info.canonical, info.type, info.meta, info.gazetteer, surname, bare, skey,
                      info.expand_abbreviation, info.lookalike_keys, info.needs_article)


def gazetteer_digest(gazetteers: Sequence[Gazetteer]) -> str:
    """A hash of everything in the gazetteers that the index depends on."""
    h = hashlib.sha256(f"cleantext-names-index-v{INDEX_VERSION}".encode())
    for gaz in gazetteers:
        h.update(b"\x00G" + gaz.name.encode())
        for ent in gaz.entities:
            record = [ent.canonical, ent.type, list(ent.variants), ent.meta]
            h.update(json.dumps(record, sort_keys=True, default=repr, ensure_ascii=False).encode())
    return h.hexdigest()


def cache_dir() -> Path:
    env = os.environ.get("CLEANTEXT_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "cleantext"


def load_index(gazetteers: Sequence[Gazetteer], *, use_cache: bool = True) -> NameIndex:
    """The index of ``gazetteers``, from the on-disk cache when a large one was built before.

    The cache is an optimisation only: a missing, unreadable or stale file means a rebuild, and a
    failed write is ignored.
    """
    n = sum(len(g.entities) for g in gazetteers)
    if not use_cache or n < CACHE_MIN_ENTITIES:
        return build_index(gazetteers)
    path = cache_dir() / f"names-{gazetteer_digest(gazetteers)}.pickle"
    try:
        with path.open("rb") as fh:
            cached = pickle.load(fh)
        if isinstance(cached, NameIndex):
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    idx = build_index(gazetteers)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # write-then-rename, so a reader never sees half a file
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".names-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(idx, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return idx
