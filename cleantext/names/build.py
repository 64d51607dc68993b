"""Building the names index from gazetteers, and loading it from the on-disk cache.

Conflicts are settled once, here: a later gazetteer wins over an earlier one for the same form; within
one gazetteer a canonical name wins over a listed variant, which wins over an abbreviation or alias;
two entities of one gazetteer claiming the same form at the same rank make it ambiguous (never
rewritten). Building is deterministic, so the on-disk cache (keyed by a hash of the gazetteer
content) can never change results.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..cache import entry_path, load_entry, store_entry
from ..entity_parse import entity_meta_problems
from ..errors import Problem, RuleError
from ..kinds import Entity, Gazetteer
from .families import case_variants, family_keys
from .fold import CAPITAL_ARTICLES, name_key, skeleton, surface_fold
from .index import (
    ABBREVIATION,
    ALIAS,
    AMBIGUOUS,
    CANONICAL,
    LISTED,
    LOOKALIKE,
    PERSON_TYPES,
    ROLES,
    Form,
    NameIndex,
    block_keys,
)
from .runs import RUN_RE
from .supersede import apply_takeovers

#: Bump when the index layout or the folding changes: old cache files are then ignored.
INDEX_VERSION = 10
#: Gazetteers smaller than this compile faster than a cache file loads: no cache.
CACHE_MIN_ENTITIES = 2000
# What a form is to its entity, best rank first (used to settle conflicts inside one gazetteer).
_RANK = {CANONICAL: 0, LISTED: 1, ABBREVIATION: 2, ALIAS: 2, LOOKALIKE: 3}
#: a name whose hyphens join letters (Jean-Claude, al-Qaida): also found with the hyphen spaced out
_SPACED_HYPHEN_OK = re.compile(r"[^\W\d_]+(?:[ '][^\W\d_]+)*(?:-[^\W\d_]+(?:[ '][^\W\d_]+)*)+")
#: an article that may be written apart ("Al Qaeda"), hyphened to the word it belongs to
_ARTICLE_HYPHEN = re.compile(r"(?i)\b(" + "|".join(sorted(CAPITAL_ARTICLES)) + r")-(?=[^\W\d_])")
#: (priority, rank, value) of a folded form or a key: conflicts settled as the module docstring says
_Claimed = dict[str, tuple[int, int, Any]]


def _is_acronym(form: str) -> bool:
    if len(form) <= 3:
        return True
    if len(form) > 8:  # tested first: most forms are longer, and building 100k entities calls this 400k times
        return False
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


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
            problems += [Problem(where.path, where.line, f"{key!r} of {ent.canonical!r} {msg}")
                         for key, msg in entity_meta_problems(ent.meta)]
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


def _add_variant_surnames(surnames: dict[str, list[int]], skey: str, variants: Sequence[str], eid: int) -> None:
    """A listed spelling's own surname names the person alone too ("Mr Sinegubov" after "Oleg Sinegubov",
    a listed spelling of Oleh Syniehubov), as the canonical form's surname does."""
    for variant in variants:
        if len(name_key(variant).parts) < 2:
            continue
        surname, _ = _surname(variant)
        key = name_key(surname).key if surname else ""
        if len(key) >= 4 and key != skey and eid not in surnames.get(key, ()):
            surnames.setdefault(key, []).append(eid)


def _is_shipped(gaz: Gazetteer) -> bool:
    """Whether ``gaz`` was read from the rules shipped with cleantext (not a user's file, not built in memory)."""
    from ..rulefiles import default_rules_dir

    path = gaz.location.path
    if path.startswith("<"):
        return False
    try:
        return Path(path).resolve().is_relative_to(default_rules_dir().resolve())
    except OSError:
        return False


class _Builder:
    """The tables of an index being built, filled entity by entity in priority order."""

    def __init__(self) -> None:
        self.idx = NameIndex()
        self.forms: dict[str, tuple[int, int, Form]] = {}
        self.keys: _Claimed = {}
        self.generated: _Claimed = {}
        self.endings: _Claimed = {}
        self.names: list[tuple[int, str, tuple[str, ...]]] = []

    def claim_form(self, folded: str, prio: int, form: Form) -> None:
        rank = _RANK[form[1]]
        old = self.forms.get(folded)
        if old is None or (prio, -rank) > (old[0], -old[1]):
            self.forms[folded] = (prio, rank, form)
        elif (prio, rank) == (old[0], old[1]) and old[2][0] != form[0]:
            self.forms[folded] = (prio, rank, (AMBIGUOUS, form[1], form[2], form[3]))

    @staticmethod
    def claim_key(table: _Claimed, key: str, prio: int, rank: int, eid: int) -> None:
        old = table.get(key)
        if old is None or (prio, -rank) > (old[0], -old[1]):
            table[key] = (prio, rank, eid)
        elif (prio, rank) == (old[0], old[1]) and old[2] != eid:
            table[key] = (prio, rank, AMBIGUOUS)

    def add_entity(self, prio: int, gaz: Gazetteer, ent: Entity, *, shipped: bool) -> None:
        idx = self.idx
        eid = len(idx.rows)
        meta = dict(ent.meta)
        lookalikes = (_str_list(meta.get("lookalikes")) or []) + (_str_list(meta.get("not")) or [])
        canon_key = name_key(ent.canonical)
        surname = bare = skey = ""
        if ent.type.lower() in PERSON_TYPES and meta.get("surname_alone", True) and len(canon_key.parts) >= 2:
            surname, bare = _surname(ent.canonical)
            skey = name_key(surname).key if surname else ""
            if len(skey) >= 4:
                idx.surnames.setdefault(skey, []).append(eid)
                _add_variant_surnames(idx.surnames, skey, ent.variants, eid)
            else:
                surname = bare = skey = ""
        idx.rows.append((
            ent.canonical, ent.type, meta, gaz.name, surname, bare, skey,
            bool(meta.get("expand_abbreviation", False)),
            frozenset(name_key(x).key for x in lookalikes),
            len(canon_key.parts) == 1 and canon_key.has_article,
            shipped,
        ))
        for role, written_forms in (
            (CANONICAL, [ent.canonical]),
            (LISTED, list(ent.variants)),
            (ABBREVIATION, _str_list(meta.get("abbreviations")) or []),
            (ALIAS, _str_list(meta.get("aliases")) or []),
            (LOOKALIKE, lookalikes),
        ):
            for raw in written_forms:
                self.add_written(prio, eid, role, " ".join(raw.split()), ent.type)

    def add_written(self, prio: int, eid: int, role: str, written: str, etype: str) -> None:
        """One written form of entity ``eid``: its folded forms, its keys and generated keys, its name."""
        folded = surface_fold(written)
        if not folded:
            return
        self.claim_form(folded, prio, (eid, role, written, _is_acronym(written)))
        if role != LOOKALIKE and _SPACED_HYPHEN_OK.fullmatch(written):
            # MT detokenisation writes a name's hyphen with spaces ("Jean - Claude", "al - Qaida")
            spaced = written.replace("-", " - ")
            self.claim_form(surface_fold(spaced), prio, (eid, role, spaced, False))
            # "Al Qaida" for the listed al-Qaida: an article that may be written apart, written apart
            apart = _ARTICLE_HYPHEN.sub(r"\1 ", written)
            if apart != written:
                self.claim_form(surface_fold(apart), prio, (eid, role, apart, False))
        if role in (ABBREVIATION, ALIAS):
            return
        if role != LOOKALIKE and _is_acronym(written):
            return  # an acronym (SANA) is found as written: its letters spell no name (Sanaa)
        nk = name_key(written)
        if not nk.key:
            return
        # a look-alike's keys are taken, so its spellings are never rewritten
        target = AMBIGUOUS if role == LOOKALIKE else eid
        self.claim_key(self.keys, nk.key, prio, _RANK[role], target)
        for fkey in family_keys(written):
            self.claim_key(self.generated, fkey, prio, _RANK[role], target)
        for declined in case_variants(written, etype):
            self.claim_key(self.endings, name_key(declined).key, prio, _RANK[role], target)
        if role != LOOKALIKE:
            self.names.append((eid, nk.key, nk.parts))

    def finish(self) -> NameIndex:
        idx = self.idx
        for folded, (_, _, form) in self.forms.items():
            written = form[2]
            if RUN_RE.fullmatch(written):
                eid, role, _, case_sensitive = form
                idx.forms[folded] = (eid << 4) | (ROLES.index(role) << 1) | int(case_sensitive)
                if case_sensitive:
                    idx.cs_written[folded] = written
                idx.max_words = max(idx.max_words, written.count(" ") + 1)
            else:
                idx.odd_forms[folded] = form
        idx.keys = {k: entry for k, (_, _, entry) in self.keys.items()}
        # a generated spelling that is some name's own key is that name's (looked up first, in ``keys``)
        idx.family_keys = {k: entry for k, (_, _, entry) in self.generated.items()}
        idx.ending_keys = {k: entry for k, (_, _, entry) in self.endings.items() if k not in idx.keys}
        seen: set[tuple[int, str]] = set()
        for eid, key, parts in self.names:
            if (eid, key) in seen:
                continue
            seen.add((eid, key))
            i = len(idx.names_entity)
            idx.names_entity.append(eid)
            idx.names_parts.append(" ".join(parts))
            if len(parts) == 1:
                idx.skeleton_postings.setdefault(skeleton(key), []).append(i)
            else:
                for block in set(block_keys(parts)):
                    idx.part_postings.setdefault(block, []).append(i)
        idx.max_words = min(idx.max_words + 2, 10)  # articles written apart add words to a name
        idx.compile()
        return idx


def build_index(gazetteers: Sequence[Gazetteer]) -> NameIndex:
    """Compile gazetteers (in priority order: later wins) into a :class:`NameIndex`."""
    problems = check_gazetteers(gazetteers)
    if problems:
        raise RuleError(problems)
    gazetteers = apply_takeovers(gazetteers)  # a later gazetteer's entity naming an earlier one replaces it
    builder = _Builder()
    for prio, gaz in enumerate(gazetteers):
        shipped = _is_shipped(gaz)
        for ent in gaz.entities:
            builder.add_entity(prio, gaz, ent, shipped=shipped)
    return builder.finish()


def gazetteer_digest(gazetteers: Sequence[Gazetteer]) -> str:
    """A hash of everything in the gazetteers that the index depends on (content, order, names)."""
    h = hashlib.sha256(f"cleantext-names-index-v{INDEX_VERSION}".encode())
    for gaz in gazetteers:
        # repr of builtins is deterministic (dicts keep the file's key order) and far faster than JSON
        h.update(repr((gaz.name, [(e.canonical, e.type, e.variants, dict(e.meta)) for e in gaz.entities])).encode())
    return h.hexdigest()


def load_index(gazetteers: Sequence[Gazetteer], *, use_cache: bool = True) -> NameIndex:
    """The index of ``gazetteers``, from the on-disk cache when a large one was built before.

    The cache is an optimisation only: a missing, unreadable or stale file means a rebuild, and a
    failed write is ignored. Where it lives and whether it is on is :mod:`cleantext.cache`'s policy.
    """
    n = sum(len(g.entities) for g in gazetteers)
    if not use_cache or n < CACHE_MIN_ENTITIES:
        return build_index(gazetteers)
    # marshal, not pickle: plain data only, so a cache file can never run code
    path = entry_path("names", gazetteer_digest(gazetteers), "marshal")
    if path is None:
        return build_index(gazetteers)
    state = load_entry(path, marshal.loads)
    if isinstance(state, tuple) and len(state) == len(NameIndex._STATE):
        with contextlib.suppress(ValueError, TypeError):  # a stale layout: rebuilt below
            return NameIndex.from_state(state)
    idx = build_index(gazetteers)
    try:
        data = marshal.dumps(idx.state())
    except ValueError:
        return idx  # metadata marshal cannot store (a date, say): this index is simply not cached
    store_entry(path, data)
    return idx
