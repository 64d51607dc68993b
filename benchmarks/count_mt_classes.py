"""Count the MT artifact classes of issue 15 on the real FR-EN dev set, and how many default cleaning repairs.

    PYTHONPATH=$PWD python benchmarks/count_mt_classes.py [--limit N] [--show CLASS] [--out FILE]

Each document of ``mt-fr-en/dev.jsonl`` has its MT ``segments``, the French ``source_fr`` (one segment a line)
and a human post-edit of another system (one segment a line), all aligned. An occurrence is found by a general
pattern in one MT segment and kept only when the aligned French line and the post-edit say it is real:

* ``split_compound``: words joined by a spaced hyphen (``States - States``, ``may - be``) in a segment with more
  spaced hyphens than its French line has spaced dashes, and a hyphenated French word on that line;
* ``article_country``: ``the`` + a country name (pycountry's English names, not those English writes with
  ``the``) whose French line has an article before the French name (pycountry's French translation) and whose
  post-edit line does not write ``the`` + that name;
* ``calque``: ``of 54 years``, ``M. Obama``, ``since three years``, ``at the level of``, ``in vigour``,
  ``proceeded to the arrest``, ``of which four``, each only where the French line has its French original and
  the post-edit line does not have the calque;
* ``number_format``: ``12.595,75``, ``50, 000``, decimal commas, space-grouped thousands, each only where the
  French line holds the same number written that way (so ``600 700`` from ``600 à 700`` and two prices of a list
  are not French numbers); ``range_kept`` counts such ranges and lists, which must stay as they are;
* ``doubled_word``: a word repeated (any case: ``Party Party``) that the post-edit does not repeat and the French
  line does not repeat either;
* ``name_form``: a capitalised word written as in the French line (``Moubarak``, ``Pékin``, ``ONU``) that the
  post-edit document never uses and that is a French form (more frequent in French than in English by wordfreq,
  or a near spelling of a word the post-edit line uses instead);
* ``leftover_french``: a lowercase word of the French line left in the MT (``dans``, ``l'a``, ``après`` glued to
  ``1981``) that the post-edit never uses and that is French, not English, by wordfreq.

An occurrence is *repaired* when an edit of the default cleaner (``cleantext.clean``) touches it and the
output there no longer shows the artifact; a leftover fragment counts when the mt_repair report lists a span
covering it (``leftover_french`` or ``untranslated_fragments``) or an edit repaired it. Writes
``benchmarks/results/mt_classes.json``.
"""

from __future__ import annotations

import argparse
import difflib
import gettext
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import realsets  # noqa: E402

from cleantext import Cleaner, CleanResult  # noqa: E402
from cleantext.coordinates import input_spans  # noqa: E402
from cleantext.mt import lexicon  # noqa: E402

CLASSES = ("split_compound", "article_country", "calque", "number_format", "doubled_word", "name_form",
           "leftover_french")
RESULTS = HERE / "results" / "mt_classes.json"
_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*")


@dataclass(frozen=True, slots=True)
class Occurrence:
    cls: str
    start: int  # in the document's MT text
    end: int
    text: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    offset: int  # where the segment starts in the document's MT text
    fr: str
    post_edit: str
    post_edit_words: frozenset[str]  # every word of the whole post-edited document, lowercase


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _occ(seg: Segment, cls: str, m: regex.Match[str], detail: str = "", group: int = 0) -> Occurrence:
    s, e = m.span(group)
    return Occurrence(cls, seg.offset + s, seg.offset + e, m.group(group), detail)


# -- split compounds ---------------------------------------------------------------------------------------

_SPLIT = regex.compile(r"(?<![\p{L}\p{N}])\p{L}+(?: - \p{L}+)+(?![\p{L}\p{N}])")
_FR_DASH = regex.compile(r"\s[-–—]\s")
_FR_COMPOUND = regex.compile(r"\p{L}-\p{L}")


def split_compounds(seg: Segment) -> Iterator[Occurrence]:
    hits = list(_SPLIT.finditer(seg.text))
    if not hits or not _FR_COMPOUND.search(seg.fr):
        return
    excess = sum(m.group().count(" - ") for m in hits) - len(_FR_DASH.findall(seg.fr))
    for m in hits:  # the French dashes kept as dashes are taken to be the first ones
        if excess <= 0:
            return
        excess -= m.group().count(" - ")
        yield _occ(seg, "split_compound", m)


def _split_fixed(fragment: str) -> bool:
    return " - " not in fragment


# -- article before a country name -------------------------------------------------------------------------

# English writes these with 'the'; a name in plural or with a common noun in it is one of them
_ENGLISH_THE = regex.compile(r"Republic|Kingdom|States|Islands|Emirates|Federation|Union|Netherlands|Philippines|"
                             r"Bahamas|Gambia|Congo|Maldives|Comoros|Seychelles|Holy See|Vatican|Sudan|Territory|"
                             r"Lebanon|Ukraine|Yemen|Ivory|Caribbean")
_FR_ARTICLE = r"(?:\b(?:[Ll][ea]s?|[Dd]u|[Aa]ux?|[Dd]es) |\b[LlDd]['’])"
# pycountry's names that are not the short name English uses
_SHORT = {"Russian Federation": "Russia"}


def _country_names() -> dict[str, str]:
    """English short country name -> French short name, from pycountry's ISO 3166 names and translations."""
    import pycountry

    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    out: dict[str, str] = {}
    for c in pycountry.countries:
        english = _SHORT.get(c.name) or getattr(c, "common_name", None) or c.name.split(",")[0]
        french = fr.gettext(c.name).split(",")[0].strip()
        if not _ENGLISH_THE.search(english) and " " not in english:
            out[english] = french
    return out


class ArticleCountry:
    def __init__(self) -> None:
        self.names = _country_names()
        self.pattern = regex.compile(r"\b[Tt]he (" + "|".join(sorted(self.names, key=len, reverse=True)) + r")\b")

    def __call__(self, seg: Segment) -> Iterator[Occurrence]:
        for m in self.pattern.finditer(seg.text):
            name = m.group(1)
            if not regex.search(_FR_ARTICLE + regex.escape(self.names[name]) + r"\b", seg.fr):
                continue
            if regex.search(r"\bthe " + regex.escape(name) + r"\b", seg.post_edit, flags=regex.I):
                continue
            yield _occ(seg, "article_country", m, name)


def _article_fixed(fragment: str) -> bool:
    return not fragment.lower().startswith("the ")


# -- calques -----------------------------------------------------------------------------------------------

_NUMBER_WORD = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|" \
               r"forty|fifty|sixty|seventy|eighty|ninety|hundred|several|many|some|a few)"
#: (name, English calque, its French original): the calque counts only where the French line has the original
CALQUES: tuple[tuple[str, str, str], ...] = (
    ("of N years (age)", r"\b\p{L}+ of (?:\d+|\p{Ll}+(?:-\p{Ll}+)?) years\b(?! (?:ago|of|in|and|or|to|later|before|"
                         r"after|earlier|since|old))",
     r"\bde \d+ ans\b|\bâgée? de\b"),
    ("M. Name", r"\bM\. \p{Lu}", r"\bM\. \p{Lu}"),
    ("since N years", r"\b[Ss]ince " + _NUMBER_WORD + r" (?:years?|months?|weeks?|days?|decades?)\b(?! ago)",
     r"\bdepuis\b"),
    ("at the level of", r"\b[Aa]t the level of\b", r"\bau niveau d"),
    ("in vigour", r"\bin (?:vigour|vigor)\b", r"\ben vigueur\b"),
    ("proceeded to the arrest", r"\bproceeded to (?:the )?arrest", r"\bprocédé à l['’]arrestation"),
    ("of which N", r"\bof (?:which|whom) " + _NUMBER_WORD + r"\b", r"\bdont\b"),
)
_CALQUES = [(name, regex.compile(en), regex.compile(fr)) for name, en, fr in CALQUES]


def calques(seg: Segment) -> Iterator[Occurrence]:
    for name, en, fr in _CALQUES:
        if not fr.search(seg.fr):
            continue
        if en.search(seg.post_edit):  # the post-editor kept it: English enough
            continue
        for m in en.finditer(seg.text):
            yield _occ(seg, "calque", m, name)


def _calque_fixed(name: str) -> Callable[[str], bool]:
    en = next(p for n, p, _ in _CALQUES if n == name)
    return lambda fragment: en.search(fragment) is None


# -- number formats ----------------------------------------------------------------------------------------

_NUMBERS: tuple[tuple[str, regex.Pattern[str]], ...] = (
    ("dotted thousands, comma decimals", regex.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+,\d+(?![\d])")),
    ("comma then space thousands", regex.compile(r"(?<![\d.,])\d{1,3}, \d{3}(?![\d,])")),
    ("space thousands", regex.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d,.])")),
    ("decimal comma", regex.compile(r"(?<![\d.,])\d+,\d+(?![\d.,])")),
)
_FR_NUMBER = regex.compile(r"\d+(?:[ \u00a0\u202f.]\d{3})*(?:,\d+)?")


def _digits(s: str) -> str:
    return regex.sub(r"\D", "", s)


def numbers(seg: Segment) -> Iterator[Occurrence]:
    """French number formats whose French line writes the same number as one number (not a range, not a list)."""
    fr_numbers = {_digits(n): n for n in _FR_NUMBER.findall(seg.fr)}
    taken: list[tuple[int, int]] = []
    for name, pattern in _NUMBERS:
        for m in pattern.finditer(seg.text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append(m.span())
            fr = fr_numbers.get(_digits(m.group()))
            if fr is None:
                yield _occ(seg, "range_kept", m, name)  # two numbers in French: a range or a list
                continue
            # a comma before three digits is English thousands ('1,500' from '1 500') unless French wrote that
            # comma and the post-edit the decimal point
            decimal = len(m.group().split(",")[-1]) != 3 or m.group().replace(",", ".") in seg.post_edit
            if name == "decimal comma" and not (m.group() in fr and decimal):
                continue
            yield _occ(seg, "number_format", m, name)


def _number_fixed(name: str) -> Callable[[str], bool]:
    pattern = dict(_NUMBERS)[name]
    return lambda fragment: pattern.search(fragment) is None


# -- doubled words -----------------------------------------------------------------------------------------

_DOUBLE = regex.compile(r"(?<![\p{L}\p{M}'’-])([\p{L}\p{M}]+)(?: \1)+(?![\p{L}\p{M}'’-])", regex.I | regex.V0)


def doubled(seg: Segment) -> Iterator[Occurrence]:
    if _DOUBLE.search(seg.fr):
        return
    for m in _DOUBLE.finditer(seg.text):
        if regex.search(r"(?<!\p{L})" + regex.escape(m.group()) + r"(?!\p{L})", seg.post_edit, flags=regex.I):
            continue
        yield _occ(seg, "doubled_word", m)


def _doubled_fixed(fragment: str) -> bool:
    return _DOUBLE.search(fragment) is None


# -- name forms and leftover French ------------------------------------------------------------------------

def _french_not_english(word: str, margin: float) -> bool:
    return lexicon.zipf(word, ["fr"]) - lexicon.zipf(word, ["en"]) >= margin


def _near_spelling(word: str, post_edit: str, mt: str) -> bool:
    """Whether the post-edit line writes a similar word instead (Mubarak for Moubarak, Qaeda for Qaida)."""
    return any(difflib.SequenceMatcher(None, word.lower(), w.lower()).ratio() >= 0.75
               for w in set(_words(post_edit)) - set(_words(mt)) if w[:1].isupper())


def name_forms(seg: Segment) -> Iterator[Occurrence]:
    fr_words = set(_words(seg.fr))
    for m in _WORD.finditer(seg.text):
        word = m.group()
        if not word[:1].isupper() or len(word) < 2 or word not in fr_words or word.lower() in seg.post_edit_words:
            continue
        if lexicon.zipf(word.lower(), ["fr"]) >= 4.5 and not word.isupper():
            continue  # a capitalised common French word ('Selon'): leftover French, not a name
        # a near spelling of the post-edit's word (Qaida / Qaeda) counts only for a word with a French letter
        if _french_not_english(word, 1.0) or (_FRENCH_LETTER.search(word)
                                              and _near_spelling(word, seg.post_edit, seg.text)):
            yield _occ(seg, "name_form", m)


_FRENCH_LETTER = regex.compile(r"[àâçéèêëîïôûùüÿœ]", regex.I)
_GLUED = regex.compile(r"(?<=\d)\p{Ll}+")


def leftover_french(seg: Segment) -> Iterator[Occurrence]:
    fr_words = set(_words(seg.fr))
    seen: set[int] = set()
    for m in [*_WORD.finditer(seg.text), *_GLUED.finditer(seg.text)]:
        word = m.group()
        if m.start() in seen or not word.islower() or word not in fr_words or word.lower() in seg.post_edit_words:
            continue
        if len(word) == 1 and word.isascii():  # 'd', 'l' alone: a letter of a split elision, counted with it
            continue
        if _french_not_english(word, 1.5) and lexicon.zipf(word, ["fr"]) >= 3.0 and lexicon.zipf(word, ["en"]) < 3.0:
            seen.add(m.start())
            yield _occ(seg, "leftover_french", m)


def _changed(fragment: str) -> bool:
    return True  # any change of a name form is a repair (the names pass or mt_repair rewrote it)


# -- the document ------------------------------------------------------------------------------------------

def segments(row: dict[str, Any]) -> list[Segment]:
    text, fr, pe = row["text"], row["source_fr"].split("\n"), row["post_edit_of_other_system"].split("\n")
    pe_words = frozenset(w.lower() for w in _words(row["post_edit_of_other_system"]))
    out, pos = [], 0
    for i, seg in enumerate(row["segments"]):
        at = text.find(seg, pos)
        if at < 0 or i >= len(fr) or i >= len(pe):
            break  # the segments do not line up with the text: count the ones that do
        out.append(Segment(seg, at, fr[i], pe[i], pe_words))
        pos = at + len(seg)
    return out


class Detectors:
    def __init__(self) -> None:
        self.detectors: list[Callable[[Segment], Iterator[Occurrence]]] = [
            split_compounds, ArticleCountry(), calques, numbers, doubled, name_forms, leftover_french]

    def occurrences(self, row: dict[str, Any]) -> list[Occurrence]:
        found = [o for seg in segments(row) for detect in self.detectors for o in detect(seg)]
        return sorted(found, key=lambda o: (o.start, o.end))


def fixed_test(o: Occurrence) -> Callable[[str], bool]:
    tests: dict[str, Callable[[str], bool]] = {
        "split_compound": _split_fixed, "article_country": _article_fixed, "doubled_word": _doubled_fixed,
        "name_form": _changed, "leftover_french": _changed}
    if o.cls == "calque":
        return _calque_fixed(o.detail)
    if o.cls in ("number_format", "range_kept"):
        return _number_fixed(o.detail)
    return tests[o.cls]


class Outcome:
    """The default cleaner's output of one document, with its edits placed in the MT text."""

    def __init__(self, result: CleanResult, passes_before_mt: set[str]) -> None:
        self.result = result
        self.edits = list(zip(result.edits, input_spans(result.original, result.edits), strict=True))
        report = result.reports.get("mt_repair", {})
        spans = [*report.get("leftover_fragments", []), *report.get("untranslated_fragments", [])]
        before = [e for e in result.edits if e.pass_name in passes_before_mt]
        self.reported = _to_input(result.original, before, [(int(s["start"]), int(s["end"])) for s in spans])

    def fragment(self, start: int, end: int) -> str | None:
        """The output that ``[start, end)`` of the input became, when an edit touched it; None otherwise."""
        touching = [(e, sp) for e, sp in self.edits
                    if (sp.start < end and start < sp.end) or (sp.start == sp.end and start <= sp.start <= end)]
        if not touching:
            return None
        lo = min(start, *(sp.start for _, sp in touching))
        hi = max(end, *(sp.end for _, sp in touching))
        shift_lo = sum(e.delta for e, sp in self.edits if sp.end <= lo and not sp.start == sp.end == lo)
        shift_hi = sum(e.delta for e, sp in self.edits if sp.end <= hi)
        return self.result.text[lo + shift_lo : hi + shift_hi]

    def repaired(self, o: Occurrence) -> bool:
        if o.cls == "leftover_french" and any(s <= o.start and o.end <= e for s, e in self.reported):
            return True
        fragment = self.fragment(o.start, o.end)
        if o.cls == "range_kept":  # kept is right here: 'repaired' means it was wrongly changed
            return fragment is not None and fragment != o.text
        return fragment is not None and fragment != o.text and fixed_test(o)(fragment)


def _to_input(original: str, before: list[Any], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in the mt_repair pass's input mapped back onto the original, through the edits before it."""
    if not before:
        return spans
    from cleantext.edits import Edit

    probes = [Edit("probe", "probe", s, s, "", "") for s, _ in spans] + [Edit("probe", "probe", e, e, "", "")
                                                                          for _, e in spans]
    placed = input_spans(original, [*before, *sorted(probes, key=lambda p: p.start)])[len(before):]
    starts = {p.start: sp.start for p, sp in zip(sorted(probes, key=lambda p: p.start), placed, strict=True)}
    return [(starts[s], starts[e]) for s, e in spans]


def count(rows: list[dict[str, Any]], *, show: str = "") -> dict[str, Any]:
    detectors, cleaner = Detectors(), Cleaner()
    before_mt = set(cleaner.pass_names[: cleaner.pass_names.index("mt_repair")])
    found: Counter[str] = Counter()
    repaired: Counter[str] = Counter()
    by_detail: dict[str, Counter[str]] = {}
    for row in rows:
        occurrences = detectors.occurrences(row)
        if not occurrences:
            continue
        outcome = Outcome(cleaner.clean_and_explain(row["text"]), before_mt)
        for o in occurrences:
            ok = outcome.repaired(o)
            found[o.cls] += 1
            repaired[o.cls] += ok
            by_detail.setdefault(o.cls, Counter())[f"{o.detail or o.text.lower()}|{'repaired' if ok else 'left'}"] += 1
            if show in (o.cls, "all"):
                frag = outcome.fragment(o.start, o.end)
                around = row["text"][max(0, o.start - 40) : o.end + 40].replace("\n", " ")
                print(f"{row['id']}\t{o.cls}\t{'REPAIRED' if ok else 'left'}\t{o.text!r} -> {frag!r}\t{o.detail}"
                      f"\t{around}")
    classes = {c: {"found": found[c], "repaired": repaired[c],
                   "pct": round(100 * repaired[c] / found[c], 1) if found[c] else None} for c in CLASSES}
    total_found = sum(found[c] for c in CLASSES)
    total_repaired = sum(repaired[c] for c in CLASSES)
    return {"docs": len(rows), "classes": classes,
            "total": {"found": total_found, "repaired": total_repaired,
                      "pct": round(100 * total_repaired / total_found, 1) if total_found else None},
            "ranges_and_lists": {"found": found["range_kept"], "wrongly_changed": repaired["range_kept"]},
            "top": {c: by_detail.get(c, Counter()).most_common(15) for c in [*CLASSES, "range_kept"]}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    ap.add_argument("--show", default="", help="print every occurrence of this class (or 'all')")
    ap.add_argument("--out", type=Path, default=RESULTS, help=f"where to write the JSON (default {RESULTS})")
    args = ap.parse_args()
    path = realsets.realdata_dir() / "mt-fr-en" / "dev.jsonl"
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    rows = rows[: args.limit] if args.limit else rows
    result = count(rows, show=args.show)
    for c, v in result["classes"].items():
        print(f"{c:16} found {v['found']:5}  repaired {v['repaired']:5}  {v['pct']}%")
    t = result["total"]
    print(f"{'total':16} found {t['found']:5}  repaired {t['repaired']:5}  {t['pct']}%")
    r = result["ranges_and_lists"]
    print(f"ranges and lists of numbers (must stay): {r['found']}, changed: {r['wrongly_changed']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
