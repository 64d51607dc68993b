"""The compiled form of the gazetteers: everything the names pass looks names up in.

* one Aho-Corasick automaton of every canonical name, listed variant, abbreviation, alias and
  look-alike, folded by :func:`~cleantext.names.fold.surface_fold` (case, accents, apostrophe shapes),
  so the exact matcher scans a document once whatever the size of the gazetteers;
* a dictionary from name keys (:func:`~cleantext.names.fold.name_key`) to entities: the generated
  variants, found by looking up the key of a capitalized span;
* blocking tables for fuzzy matching (each part of a name; the consonant skeleton of one-part
  names), so a span is scored against a few candidates, not against every name.

Conflicts are settled once, here: a later gazetteer wins over an earlier one for the same form; within
one gazetteer a canonical name wins over a listed variant, which wins over an abbreviation or alias;
two entities of one gazetteer claiming the same form at the same rank make it ambiguous (never
rewritten). Building is deterministic, so the on-disk cache (keyed by a hash of the gazetteer
content) can never change results.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick
import regex

from ..cache import entry_path, load_entry, store_entry
from ..errors import Problem, RuleError
from ..kinds import Gazetteer
from ..rulefiles import entity_meta_problems
from .families import case_variants, family_keys
from .fold import (
    ARTICLES,
    CAPITAL_ARTICLES,
    ascii_mapper,
    ascii_surface_fold,
    first_class,
    name_key,
    skeleton,
    surface_fold,
)
from .supersede import apply_takeovers

#: Bump when the index layout or the folding changes: old cache files are then ignored.
INDEX_VERSION = 10
#: Gazetteers smaller than this compile faster than a cache file loads: no cache.
CACHE_MIN_ENTITIES = 2000
#: Posting lists longer than this are useless for blocking (a part shared by thousands of names).
MAX_POSTING = 3000

PERSON_TYPES = frozenset({"person", "per", "people", "human"})

# What a form is to its entity, best rank first (used to settle conflicts inside one gazetteer).
CANONICAL, LISTED, ABBREVIATION, ALIAS, LOOKALIKE = "canonical", "listed", "abbreviation", "alias", "lookalike"
_RANK = {CANONICAL: 0, LISTED: 1, ABBREVIATION: 2, ALIAS: 2, LOOKALIKE: 3}
_ROLES = (CANONICAL, LISTED, ABBREVIATION, ALIAS, LOOKALIKE)
#: a name whose hyphens join letters (Jean-Claude, al-Qaida): also found with the hyphen spaced out
_SPACED_HYPHEN_OK = re.compile(r"[^\W\d_]+(?:[ '][^\W\d_]+)*(?:-[^\W\d_]+(?:[ '][^\W\d_]+)*)+")
#: an article that may be written apart ("Al Qaeda"), hyphened to the word it belongs to
_ARTICLE_HYPHEN = re.compile(r"(?i)\b(" + "|".join(sorted(CAPITAL_ARTICLES)) + r")-(?=[^\W\d_])")
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

# A run of name words: capitalized words (or an article attached to one, "al-Assad") with the
# lower-case particles between them. The names pass looks spans of such runs up by their folded
# form; forms that are not one run ("Syrian Observatory for Human Rights") go into an automaton.
# Written apart, only "al", "el" and "ul" are articles: "an", "as", "at", "en", "et" are English or
# French words ("an al-Qaeda affiliate").
CONNECTOR_WORDS = frozenset({"al", "el", "ul", "bin", "ibn", "bint", "abu", "abou", "de", "du", "des", "la", "le",
                             "von", "van", "der", "den", "da", "di", "dos", "del"})


def _trie(words: frozenset[str]) -> str:
    """One regex for a set of literal words, factored by prefix: the engine then tries each letter once at a
    word start instead of every word in turn (the run pattern below runs ~30% faster)."""
    tree: dict[str, Any] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [regex.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return f"(?:{body})?" if len(body) > 1 else body + "?"
        return body

    return emit(tree)


_ART = _trie(ARTICLES)
_CONN = _trie(CONNECTOR_WORDS)
_CAPWORD = (rf"(?:\p{{Lu}}|(?:{_ART})[-‐‑]\p{{Lu}})[\p{{L}}\p{{M}}\p{{N}}]*"
            r"(?:['’ʼʿʾ‘`](?![sS]\b)[\p{L}\p{M}]+|[-‐‑][\p{L}\p{M}\p{N}]+)*")
# "\b" first: it fails at once inside a word, before the look-behind and the alternatives are tried
RUN_RE = regex.compile(
    rf"\b(?<![\p{{L}}\p{{M}}\p{{N}}'’ʼ‐‑-])(?:(?:{_CONN})[ \u00a0])*{_CAPWORD}"
    rf"(?:[ \u00a0](?:(?:{_CONN})[ \u00a0])*{_CAPWORD})*(?![\p{{L}}\p{{M}}\p{{N}}])"
)


# The same pattern over an ASCII *shadow* of the text: every non-ASCII character replaced, one for one,
# by an ASCII character of the same classes in RUN_RE (upper-case letter "X", other letter or mark "x",
# number "0", other word character "_", the apostrophes and dashes RUN_RE names by their ASCII twins,
# anything else "#"). The standard re engine runs this ASCII pattern about twice as fast as the regex
# module runs RUN_RE; the spans are the same (a property test compares them on arbitrary text).
_CAPWORD_ASCII = rf"(?:[A-Z]|(?:{_ART})-[A-Z])[A-Za-z0-9]*(?:['`](?![sS]\b)[A-Za-z]+|-[A-Za-z0-9]+)*"
_RUN_ASCII = re.compile(rf"\b(?<![A-Za-z0-9'\-])(?:(?:{_CONN}) )*{_CAPWORD_ASCII}"
                        rf"(?: (?:(?:{_CONN}) )*{_CAPWORD_ASCII})*(?![A-Za-z0-9])", re.ASCII)
_IS_LU = regex.compile(r"\p{Lu}")
_IS_LM = regex.compile(r"[\p{L}\p{M}]")
_IS_N = regex.compile(r"\p{N}")
_IS_WORD = regex.compile(r"\w")
# (the modifier letters ʼ ʿ ʾ are letters to RUN_RE, so they shadow as "x", whatever their look)
_SHADOW_FIXED = {"’": "'", "‘": "`", "‐": "-", "‑": "-", "\u00a0": " "}


def _shadow_of(c: str) -> str:
    """The ASCII shadow of one non-ASCII character, classified by the regex module itself."""
    fixed = _SHADOW_FIXED.get(c)
    if fixed is not None:
        return fixed
    if _IS_LU.match(c):
        return "X"
    if _IS_LM.match(c):
        return "x"
    if _IS_N.match(c):
        return "0"
    if _IS_WORD.match(c):
        return "_"
    return "#"


_shadow = ascii_mapper("cleantext.names-shadow", _shadow_of)


def shadow(text: str) -> str:
    """The ASCII shadow of ``text`` (same length; see _RUN_ASCII)."""
    return text if text.isascii() else _shadow(text)


def run_spans(text: str) -> Iterator[re.Match[str]]:
    """The runs of name words of ``text`` (the matches of RUN_RE), as matches over its ASCII shadow:
    use their spans on ``text``."""
    return _RUN_ASCII.finditer(shadow(text))


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
        return (code >> 4, _ROLES[(code >> 1) & 7], self.cs_written.get(folded, ""), case_sensitive)

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


def build_index(gazetteers: Sequence[Gazetteer]) -> NameIndex:
    """Compile gazetteers (in priority order: later wins) into a :class:`NameIndex`."""
    problems = check_gazetteers(gazetteers)
    if problems:
        raise RuleError(problems)
    gazetteers = apply_takeovers(gazetteers)  # a later gazetteer's entity naming an earlier one replaces it
    idx = NameIndex()
    # folded form / key -> (priority, rank, value); conflicts settled as the module docstring says
    forms: dict[str, tuple[int, int, Form]] = {}
    keys: dict[str, tuple[int, int, int]] = {}
    generated: dict[str, tuple[int, int, int]] = {}
    endings: dict[str, tuple[int, int, int]] = {}
    names: list[tuple[int, str, tuple[str, ...]]] = []

    def claim_form(folded: str, prio: int, form: Form) -> None:
        rank = _RANK[form[1]]
        old = forms.get(folded)
        if old is None or (prio, -rank) > (old[0], -old[1]):
            forms[folded] = (prio, rank, form)
        elif (prio, rank) == (old[0], old[1]) and old[2][0] != form[0]:
            forms[folded] = (prio, rank, (AMBIGUOUS, form[1], form[2], form[3]))

    def claim_key(key: str, prio: int, rank: int, eid: int, table: dict[str, tuple[int, int, int]] = keys) -> None:
        old = table.get(key)
        if old is None or (prio, -rank) > (old[0], -old[1]):
            table[key] = (prio, rank, eid)
        elif (prio, rank) == (old[0], old[1]) and old[2] != eid:
            table[key] = (prio, rank, AMBIGUOUS)

    for prio, gaz in enumerate(gazetteers):
        shipped = _is_shipped(gaz)
        for ent in gaz.entities:
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
                    written = " ".join(raw.split())
                    folded = surface_fold(written)
                    if not folded:
                        continue
                    claim_form(folded, prio, (eid, role, written, _is_acronym(written)))
                    if role != LOOKALIKE and _SPACED_HYPHEN_OK.fullmatch(written):
                        # MT detokenisation writes a name's hyphen with spaces ("Jean - Claude", "al - Qaida")
                        spaced = written.replace("-", " - ")
                        claim_form(surface_fold(spaced), prio, (eid, role, spaced, False))
                        # "Al Qaida" for the listed al-Qaida: an article that may be written apart, written apart
                        apart = _ARTICLE_HYPHEN.sub(r"\1 ", written)
                        if apart != written:
                            claim_form(surface_fold(apart), prio, (eid, role, apart, False))
                    if role in (ABBREVIATION, ALIAS):
                        continue
                    if role != LOOKALIKE and _is_acronym(written):
                        continue  # an acronym (SANA) is found as written: its letters spell no name (Sanaa)
                    nk = name_key(written)
                    if not nk.key:
                        continue
                    # a look-alike's keys are taken, so its spellings are never rewritten
                    target = AMBIGUOUS if role == LOOKALIKE else eid
                    claim_key(nk.key, prio, _RANK[role], target)
                    for fkey in family_keys(written):
                        claim_key(fkey, prio, _RANK[role], target, generated)
                    for declined in case_variants(written, ent.type):
                        claim_key(name_key(declined).key, prio, _RANK[role], target, endings)
                    if role != LOOKALIKE:
                        names.append((eid, nk.key, nk.parts))
    for folded, (_, _, form) in forms.items():
        written = form[2]
        if RUN_RE.fullmatch(written):
            eid, role, _, case_sensitive = form
            idx.forms[folded] = (eid << 4) | (_ROLES.index(role) << 1) | int(case_sensitive)
            if case_sensitive:
                idx.cs_written[folded] = written
            idx.max_words = max(idx.max_words, written.count(" ") + 1)
        else:
            idx.odd_forms[folded] = form
    idx.keys = {k: entry for k, (_, _, entry) in keys.items()}
    # a generated spelling that is some name's own key is that name's (looked up first, in ``keys``)
    idx.family_keys = {k: entry for k, (_, _, entry) in generated.items()}
    idx.ending_keys = {k: entry for k, (_, _, entry) in endings.items() if k not in idx.keys}
    seen: set[tuple[int, str]] = set()
    for eid, key, parts in names:
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
