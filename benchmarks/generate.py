"""Deterministic generator of news-like benchmark data: a gazetteer and a corpus that uses it.

Everything comes from one seeded ``random.Random``, so the same arguments give the same bytes on
every machine. Nothing here is taken from the seed documents: names are built from syllables,
sentences from templates, so the benchmark does not reward rules tuned to the samples.

What a document holds, in proportions chosen to look like scraped, machine-translated news:

* a headline and 6-20 paragraphs of article text mentioning people, places and organisations;
* name variants from the gazetteer (transliterations, glued particles, dropped particles), a few of
  them misspelt by one character (work for fuzzy matching);
* boilerplate lines: share buttons, cookie notices, newsletter prompts, bylines, copyright, menus,
  related-article teasers; many of them repeat across documents as real site furniture does;
* MT artifacts: doubled words ("weapons weapons"), echoed endings ("viable, viable?"), calques,
  glued particles ("Bacharal-Assad");
* Unicode trouble in a minority of documents: mojibake (UTF-8 read as Windows-1252), non-breaking
  spaces, zero-width spaces, trailing spaces and runs of blank lines.

Usage::

    python benchmarks/generate.py --mb 50                  # corpus_50mb.jsonl + gazetteer_10000.yaml
    python benchmarks/generate.py --variants 100000        # just a gazetteer
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SEED = 20240607

_ONSETS = ["b", "ch", "d", "f", "g", "h", "j", "k", "kh", "l", "m", "n", "p", "r", "s", "sh", "t", "v", "z",
           "br", "dr", "gr", "kr", "tr", "st", "sl", "zh", "ts", "y", "w"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "ei", "ia", "ya", "oa", "ee"]
_CODAS = ["", "", "", "n", "r", "s", "m", "l", "d", "k", "sh", "t", "v", "z", "nd", "st"]
# Spelling swaps that transliterations of one name really show (Bashar/Bachar, Idlib/Idleb).
_SWAPS = [("sh", "ch"), ("ou", "u"), ("k", "q"), ("ee", "i"), ("ia", "iya"), ("v", "w"), ("y", "i"),
          ("zh", "j"), ("kh", "h"), ("i", "e")]
_PARTICLES = ["al-", "el-", "ben ", "bin ", "abu ", "van ", "de ", "von ", "di "]
_ORG_HEADS = ["Movement", "Front", "Party", "Council", "Brigade", "Union", "Bank", "Agency", "Institute",
              "Committee", "Authority", "Alliance", "Observatory", "Group", "Corporation"]
_PLACE_HEADS = ["", "", "", " Province", " Valley", " Governorate", " District", " Heights"]


def _syllable(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)


def _word(rng: random.Random, lo: int = 2, hi: int = 3) -> str:
    return "".join(_syllable(rng) for _ in range(rng.randint(lo, hi))).capitalize()


@dataclass
class Entity:
    canonical: str
    type: str
    variants: list[str]


def _variants_of(rng: random.Random, canonical: str, count: int) -> list[str]:
    """Plausible other spellings of a name: swaps, a dropped or glued particle, a dropped given name."""
    out: list[str] = []
    seen = {canonical}
    tries = 0
    while len(out) < count and tries < count * 20:
        tries += 1
        v = canonical
        for a, b in rng.sample(_SWAPS, rng.randint(1, 3)):
            if a in v.lower():
                i = v.lower().index(a)
                rep = b.upper() if v[i].isupper() and len(b) == 1 else (b.capitalize() if v[i].isupper() else b)
                v = v[:i] + rep + v[i + len(a):]
        roll = rng.random()
        if roll < 0.15:  # the glued particle MT leaves behind: "Bashar al-Assad" -> "Basharal-Assad"
            for p in _PARTICLES:
                if " " + p in v:
                    v = v.replace(" " + p, p, 1)
                    break
        elif roll < 0.25 and " " in v:  # "Bashar al-Assad" -> "al-Assad"
            v = v.split(" ", 1)[1]
        if v not in seen and v.strip():
            seen.add(v)
            out.append(v)
    return out


def make_gazetteer(n_variants: int, seed: int = SEED) -> list[Entity]:
    """Entities with about ``n_variants`` variants in all (about 4 per entity, 1-7)."""
    rng = random.Random(seed * 7 + n_variants)
    entities: list[Entity] = []
    names: set[str] = set()
    total = 0
    while total < n_variants:
        kind = rng.choices(["person", "place", "org"], weights=[5, 3, 2])[0]
        if kind == "person":
            particle = rng.choice(_PARTICLES) if rng.random() < 0.4 else ""
            name = f"{_word(rng)} {particle}{_word(rng)}"
        elif kind == "place":
            name = _word(rng) + rng.choice(_PLACE_HEADS)
        else:
            name = f"{_word(rng)} {rng.choice(_ORG_HEADS)}" if rng.random() < 0.6 else \
                f"{rng.choice(_ORG_HEADS)} for {_word(rng)}"
        if name in names:
            continue
        names.add(name)
        want = min(rng.randint(1, 7), n_variants - total)
        variants = [v for v in _variants_of(rng, name, want) if v not in names]
        names.update(variants)
        if not variants:
            continue
        total += len(variants)
        entities.append(Entity(name, kind, variants))
    return entities


def _yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid YAML flow scalar


def write_gazetteer(entities: list[Entity], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        f.write("# Generated by benchmarks/generate.py: synthetic names, not real people or places.\n")
        f.write("pack:\n  description: benchmark gazetteer\nentities:\n")
        for e in entities:
            f.write(f"  - canonical: {_yaml_str(e.canonical)}\n    type: {e.type}\n")
            f.write(f"    variants: [{', '.join(_yaml_str(v) for v in e.variants)}]\n")


# -- documents ---------------------------------------------------------------------------------------------

_NOUNS = ["ceasefire", "offensive", "negotiations", "border", "government", "army", "rebels", "convoy",
          "refugees", "elections", "parliament", "budget", "protest", "airport", "hospital", "harvest",
          "inflation", "agreement", "delegation", "summit", "investigation", "court", "minister", "police",
          "exports", "pipeline", "drought", "floods", "vaccine", "university", "strike", "talks"]
_VERBS = ["announced", "rejected", "confirmed", "denied", "criticised", "welcomed", "postponed", "signed",
          "reported", "warned", "demanded", "approved", "suspended", "launched", "resumed", "blocked"]
_ADJS = ["new", "fragile", "strategic", "northern", "southern", "regional", "national", "temporary",
         "unprecedented", "controversial", "long-awaited", "joint", "serious", "limited", "major"]
_TIMES = ["on Monday", "on Tuesday", "late on Wednesday", "on Thursday", "early on Friday", "at the weekend",
          "last night", "this week", "in March", "since May", "after three months", "on the night of Tuesday"]
_TEMPLATES = [
    "{P} {verb} the {adj} {noun} {time}, according to a statement released by the {O}.",
    "The {noun} in {L} was {verb} {time}, {P} told reporters in {L2}.",
    "According to {P}, the {adj} {noun} \u201cwill not change the situation on the ground\u201d in {L}.",
    "Officials of the {O} {verb} that the {noun} near {L} would continue despite the {adj} {noun2}.",
    "{P}, who leads the {O}, said the {noun} had been {verb} because of the {adj} {noun2}.",
    "In {L}, residents said the {noun} {time} was the most {adj} since the {noun2} began.",
    "The {adj} {noun} between {L} and {L2} has been {verb} {time}, a spokesman for {P} said.",
    "Analysts at the {O} {verb} that {noun} and {noun2} figures for {L} were {adj}.",
    "{P} met {P2} in {L} {time} to discuss the {adj} {noun}.",
    "More than {num} people were affected by the {noun} in {L}, the {O} said {time}.",
]
# MT artifacts in the style of French-to-English machine translation.
_CALQUES = ["the arms service", "it is it still viable", "in the framework of the", "at the level of the",
            "he has affirmed that", "the putting in place of", "taking into account of"]
_BOILERPLATE = [
    "Share on Facebook", "Share on Twitter", "Share this article", "Tweet", "Email", "Print",
    "Subscribe to our newsletter", "Sign up for our daily briefing", "Read more:", "Related articles",
    "We use cookies to improve your experience. By continuing you accept our cookie policy.",
    "Accept all cookies", "Advertisement", "Click here to subscribe", "Follow us on Instagram",
    "Home | World | Politics | Business | Sport | Culture", "Skip to main content", "Most read",
    "This article was translated automatically.", "Comments are closed.", "Leave a comment",
    "Download our app", "All rights reserved.", "Back to top",
]
_MOJIBAKE_WORDS = ["café", "déjà vu", "Montréal", "naïve", "São Paulo", "Zürich", "résumé", "Ségolène",
                   "Gdańsk", "Málaga", "Besançon", "coöperation"]


def _mojibake(s: str) -> str:
    """UTF-8 bytes read as Windows-1252: the commonest mojibake on the web."""
    return s.encode("utf-8").decode("cp1252", errors="replace")


class DocGenerator:
    def __init__(self, entities: list[Entity], seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.people = [e for e in entities if e.type == "person"] or entities
        self.places = [e for e in entities if e.type == "place"] or entities
        self.orgs = [e for e in entities if e.type == "org"] or entities
        # Site furniture: a few hundred sites, each with its own menu, byline and copyright line.
        self.sites = [self._site(i) for i in range(300)]

    def _site(self, i: int) -> list[str]:
        rng = self.rng
        name = _word(rng) + rng.choice([" News", " Times", " Daily", " Post", " Observer", " 24"])
        return [
            f"\u00a9 {rng.randint(2005, 2024)} {name}. All rights reserved.",
            f"By {name} staff",
            f"{name} | " + " | ".join(rng.sample(["World", "Politics", "Economy", "Sport", "Culture", "Tech",
                                                 "Opinion", "Video", "Podcasts"], 5)),
            f"Follow {name} on Telegram",
        ]

    def _name(self, pool: list[Entity]) -> str:
        rng = self.rng
        e = rng.choice(pool)
        roll = rng.random()
        name = e.canonical if roll < 0.55 else rng.choice(e.variants)
        if roll > 0.97 and len(name) > 6:  # a one-letter slip: what fuzzy matching is for
            i = rng.randrange(1, len(name) - 1)
            if name[i].isalpha():
                name = name[:i] + rng.choice("aeioulnrst") + name[i + 1:]
        return name

    def _sentence(self) -> str:
        rng = self.rng
        s = rng.choice(_TEMPLATES).format(
            P=self._name(self.people), P2=self._name(self.people), O=self._name(self.orgs),
            L=self._name(self.places), L2=self._name(self.places), verb=rng.choice(_VERBS),
            adj=rng.choice(_ADJS), noun=rng.choice(_NOUNS), noun2=rng.choice(_NOUNS), time=rng.choice(_TIMES),
            num=rng.randint(2, 900) * 10,
        )
        roll = rng.random()
        if roll < 0.06:  # doubled word
            words = s.split(" ")
            i = rng.randrange(len(words))
            if words[i].isalpha():
                words.insert(i, words[i])
            s = " ".join(words)
        elif roll < 0.09:  # echoed ending
            s = s.rstrip(".") + ", " + s.rstrip(".").rsplit(" ", 1)[-1] + "?"
        elif roll < 0.13:
            s = s[:-1] + f", {rng.choice(_CALQUES)} {rng.choice(_NOUNS)}."
        return s

    def _paragraph(self) -> str:
        return " ".join(self._sentence() for _ in range(self.rng.randint(2, 6)))

    def document(self, idx: int) -> str:
        rng = self.rng
        site = rng.choice(self.sites)
        lines: list[str] = []
        if rng.random() < 0.7:
            lines += [site[2], rng.choice(_BOILERPLATE)]
        headline = self._sentence().rstrip(".")
        lines += [headline, ""]
        if rng.random() < 0.5:
            lines += [site[1], ""]
        for _ in range(rng.randint(6, 20)):
            lines += [self._paragraph(), ""]
            if rng.random() < 0.15:
                lines += [rng.choice(_BOILERPLATE), ""]
            if rng.random() < 0.05:
                lines += ["Read more: " + self._sentence().rstrip("."), ""]
        lines += [rng.choice(_BOILERPLATE) for _ in range(rng.randint(0, 4))]
        lines += [site[0], site[3]]
        text = "\n".join(lines) + "\n"
        roll = rng.random()
        if roll < 0.08:  # mojibake
            w = rng.choice(_MOJIBAKE_WORDS)
            text = text.replace(" the ", f" the {_mojibake(w)} ", 2)
        elif roll < 0.20:  # odd and invisible spaces
            text = text.replace(" in ", " in\u00a0", 3).replace("the ", "the\u200b ", 1)
        if rng.random() < 0.2:
            text = text.replace(".\n", ".  \n", 3).replace("\n\n", "\n\n\n\n", 2)
        return text


def iter_documents(entities: list[Entity], n: int | None = None, *, target_bytes: int | None = None,
                   seed: int = SEED) -> Iterator[tuple[str, str]]:
    """(id, text) pairs until ``n`` documents or ``target_bytes`` of UTF-8 text."""
    gen = DocGenerator(entities, seed)
    size = 0
    i = 0
    while (n is None or i < n) and (target_bytes is None or size < target_bytes):
        text = gen.document(i)
        size += len(text.encode("utf-8"))
        yield f"doc-{i:07d}", text
        i += 1


def gazetteer_path(n_variants: int) -> Path:
    return DATA / f"gazetteer_{n_variants}.yaml"


def ensure_gazetteer(n_variants: int) -> tuple[Path, list[Entity]]:
    entities = make_gazetteer(n_variants)
    path = gazetteer_path(n_variants)
    if not path.exists():
        write_gazetteer(entities, path)
    return path, entities


def nested_gazetteer(n_variants: int, base_variants: int = 100) -> tuple[Path, list[Entity]]:
    """The ``base_variants`` gazetteer's entities first, then entities of the ``n_variants`` gazetteer that
    share no spelling with them, up to about ``n_variants`` variants in all: gazetteers of every size that
    hold the same base entities, so that a corpus naming only those (:func:`names_corpus`) gives each size
    the same names to find and the others are distractors (which may still match words by chance)."""
    _, base = ensure_gazetteer(base_variants)
    if n_variants <= base_variants:
        return gazetteer_path(base_variants), base
    taken = {s for e in base for s in (e.canonical, *e.variants)}
    entities = list(base)
    total = sum(len(e.variants) for e in base)
    for e in make_gazetteer(n_variants):
        if total >= n_variants:
            break
        spellings = (e.canonical, *e.variants)
        if taken.isdisjoint(spellings):
            taken.update(spellings)
            entities.append(e)
            total += len(e.variants)
    path = DATA / f"gazetteer_{n_variants}_over_{base_variants}.yaml"
    if not path.exists():
        write_gazetteer(entities, path)
    return path, entities


def names_corpus(mb: float, base_variants: int = 100) -> Path:
    """A corpus of about ``mb`` megabytes whose names all come from the ``base_variants`` gazetteer."""
    path = DATA / f"corpus_{mb:g}mb_{base_variants}.jsonl"
    if not path.exists():
        write_corpus(path, ensure_gazetteer(base_variants)[1], mb=mb)
    return path


def write_corpus(path: Path, entities: list[Entity], *, mb: float, seed: int = SEED) -> int:
    """Write a JSON Lines corpus of about ``mb`` megabytes of text; returns the number of documents."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    n = 0
    with tmp.open("w", encoding="utf-8") as f:
        for doc_id, text in iter_documents(entities, target_bytes=int(mb * 1e6), seed=seed):
            f.write(json.dumps({"id": doc_id, "text": text, "source": "benchmark"}, ensure_ascii=False) + "\n")
            n += 1
    tmp.replace(path)
    return n


def corpus_path(mb: float, variants: int) -> Path:
    return DATA / f"corpus_{mb:g}mb_{variants}.jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=0, help="megabytes of corpus to write (0: none)")
    ap.add_argument("--variants", type=int, default=10_000, help="gazetteer size in variants")
    ap.add_argument("--out", type=Path, help="corpus path (default: benchmarks/data/corpus_<MB>mb_<V>.jsonl)")
    ap.add_argument("--txt-folder", type=Path, help="also write the first --txt-docs documents as .txt files here")
    ap.add_argument("--txt-docs", type=int, default=1000)
    args = ap.parse_args(argv)
    gaz, entities = ensure_gazetteer(args.variants)
    print(f"gazetteer: {gaz} ({len(entities)} entities, {sum(len(e.variants) for e in entities)} variants)")
    if args.mb:
        out = args.out or corpus_path(args.mb, args.variants)
        n = write_corpus(out, entities, mb=args.mb)
        print(f"corpus: {out} ({n} documents, {out.stat().st_size / 1e6:.1f} MB on disk)")
    if args.txt_folder:
        args.txt_folder.mkdir(parents=True, exist_ok=True)
        for doc_id, text in iter_documents(entities, args.txt_docs):
            (args.txt_folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        print(f"text files: {args.txt_folder} ({args.txt_docs} documents)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
