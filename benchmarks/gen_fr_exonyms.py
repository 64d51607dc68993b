"""Write ``rules/mt_repair/fr/exonyms.yaml``: French names of countries and cities that machine translation
from French leaves in English text ("Allemagne", "Pékin", "Royaume - Uni"), each mapped to its English name,
plus the rule that drops the French article before a country name ("the France, the Germany" -> "France,
Germany"), from the same country list.

Run at development time only; the runtime reads the YAML and needs none of these packages:

    pip install --target /tmp/gen babel pycountry      # BSD-3-Clause (code; CLDR data: Unicode licence),
    PYTHONPATH=$PWD:/tmp/gen python benchmarks/gen_fr_exonyms.py --write   # pycountry: LGPL-2.1

Sources, what each holds (measured with ``--stats``):

* babel's CLDR ``Locale('fr').territories`` against ``Locale('en')``: the common names of countries and
  regions (``Biélorussie``, ``Bolivie``), the best source for country names;
* babel's CLDR time-zone exemplar cities (``Locale('fr').time_zones[...]['city']``): capitals and large cities
  (``Londres``, ``Moscou``, ``Le Caire``, ``Varsovie``);
* pycountry's gettext ``iso3166-1`` French catalogue: ISO names and official names (``République arabe
  syrienne``); its short names are often inverted (``Bolivie, état plurinational de``) and are skipped then.

A French form is kept only when it is no repair to make in English: not any English name of the same place
(``Paris``, ``Iran``), not an English word or an English form of a name (``Maurice``, ``Grenade``, ``Chili``,
``Kiev``: their English word frequency, ``wordfreq``, is at least ``ENGLISH_WORD_ZIPF``), and not a form with
brackets or commas. The generated file records the package versions.
"""

from __future__ import annotations

import argparse
import gettext
import re
import sys
import unicodedata
from importlib.metadata import version
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "rules" / "mt_repair" / "fr" / "exonyms.yaml"
#: a French form at least this frequent as an English word is an English word or form: never rewritten
ENGLISH_WORD_ZIPF = 2.5
#: English country names that take "the" (plural, or a common noun in the name, and the Gambia): a French
#: article before them is right in English
THE_NAMES = re.compile(r"\b(?:Republic|Kingdom|Union|Emirates|Islands|Isles|States|Territories|Territory|Lands|"
                       r"Federation|Duchy|State|Principality|Commonwealth|Region|Netherlands|Philippines|Bahamas|"
                       r"Maldives|Comoros|Seychelles|Canaries|Azores|Faroes|Americas|Marquesas|Antilles|Nations|"
                       r"Isle of)\b|"
                       r"^(?:Gambia|Vatican|Vatican City|Congo|Caribbean|Eurozone)$")
#: CLDR region codes kept: continents and the regions English names the same way (not 'Middle Africa')
REGIONS = {"002", "003", "005", "009", "013", "029", "142", "143", "419", "EU"}
#: codes that are no place (pseudo-locales, unknown region, outlying parts)
NO_PLACE = {"XA", "XB", "ZZ", "QO", "UN", "EZ"}
#: the name English news uses where CLDR's English differs (CLDR follows the UN's 'Türkiye' since 2022)
ENGLISH_USAGE = {"Türkiye": "Turkey", "Republic of Türkiye": "Republic of Turkey"}
#: English names that are not in CLDR's list but take no article and that French writes with one
ARTICLE_EXTRA = ["Turkey", "Burma", "Britain", "Great Britain", "England", "Scotland", "Wales", "Palestine",
                 "Chechnya", "Tibet", "Kosovo", "Macedonia", "Yugoslavia"]
#: country names kept after "the" because English writes them with it too, or because "the X" is also a
#: river, a region or a thing: "the Jordan", "the Niger", "the Senegal", "the Congo" (rivers), "the Ukraine",
#: "the Sudan", "the Lebanon", "the Yemen" (older English usage), "the Georgia" (a ship, a state), "the
#: Jersey", "the Chad" (a person's name)
ARTICLE_KEEP = {"Jordan", "Niger", "Senegal", "Ukraine", "Sudan", "Lebanon", "Yemen", "Georgia", "Jersey", "Chad",
                "Guinea"}
#: the French article rule covers these too (l'Europe, l'Afrique): regions a French writer puts an article before
ARTICLE_REGIONS = ["Europe", "Africa", "Asia", "Latin America", "North Africa"]
#: what may follow "the <country>" for the article to be French: punctuation, or a word that cannot start a noun
#: phrase modifying the country ('the Iraq war', 'the France of de Gaulle', 'the Russia talks' stay English)
ARTICLE_NEXT = (r"\s*[,.;:)!?]|\s+(?:and|or|but|nor|in|on|at|to|from|with|by|for|as|into|against|than|towards|toward|"
                r"over|under|after|before|since|during|through|without|within|among|between|despite|like|who|which|"
                r"whose|where|is|was|are|were|has|have|had|will|would|can|could|may|might|must|should|shall|does|did|"
                r"do|already|also|still|alone|itself|herself|remains|wants|intends|seems|appears|cannot|sent|took|made|"
                r"said|became|began|gave|saw|knew|went|came|lost|won|put|kept|held|led|left|paid|found|brought|built|"
                r"chose|fought|got|grew|sold|spent|stood|thought|told|fell|rose|met|\p{Ll}+ed)\b"
                # a verb in -s takes an object ('the Russia threatens all', 'the Iraq sees a nation'); a plural noun
                # after a country ('the Iran talks have stalled') is followed by a verb instead
                r"|\s+\p{Ll}{2,}[^s\W]s\s+(?:the|a|an|all|its|their|his|her|our|that|this|these|those|no|not|itself|"
                r"more|less|\p{N}+)\b"
                r"|\s+\p{Ll}{2,}[^s\W]s\s+(?!(?:have|are|were|had|will|would|could|can|may|might|must|should|do|did|is|"
                r"was|of|in|at|on|with|for|and|or|to)\b)\p{Ll}"
                # an adverb and a verb: 'the France consistently opposed', 'the Iraq quickly found'
                r"|\s+\p{Ll}{3,}ly\s+\p{Ll}|\s+ought\b")
#: 'the Iraq and Afghanistan wars', 'the Iran, Iraq and Syria conflicts': a list of countries modifying a noun
ARTICLE_NOT_AFTER = (r"(?:\s*,\s*\p{Lu}\p{L}+){0,4}\s*,?\s*(?:and|or)\s+\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)?\s+(?:wars?|"
                     r"conflicts?|campaigns?|invasions?|borders?|relations|talks|governments|economies|markets|teams|"
                     r"embassies|cases|crises|elections|deals?|agreements?|accords?|summits?|negotiations|missions?|"
                     r"operations|experiences?|examples?|models?|veterans|fronts?|theaters|theatres|disputes?)\b")


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


def _plain(s: str) -> str:
    return s.replace("\u2019", "'").replace("St. ", "Saint ")


def babel_pairs() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(code, English, French) for territories and for time-zone exemplar cities."""
    from babel import Locale

    fr, en = Locale("fr"), Locale("en")
    territories = [(k, en.territories[k], fr.territories[k]) for k in en.territories
                   if k in fr.territories and k not in NO_PLACE
                   and (k in REGIONS or (len(k) == 2 and k.isalpha() and k.isupper()))]
    cities = []
    for tz, names in fr.time_zones.items():
        city = names.get("city")
        english = en.time_zones.get(tz, {}).get("city") or tz.split("/")[-1].replace("_", " ")
        if city:
            cities.append((tz, english, city))
    return territories, cities


def pycountry_pairs() -> list[tuple[str, str, str]]:
    import pycountry

    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    out = []
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            english = getattr(c, attr, None)
            if english:
                out.append((c.alpha_2, english, fr.gettext(english)))
    return out


def english_forms(pairs: list[tuple[str, str, str]]) -> dict[str, set[str]]:
    """Every English name of every code: a French form equal to one of them is no repair."""
    forms: dict[str, set[str]] = {}
    for code, english, _ in pairs:
        forms.setdefault(code, set()).add(_fold(_plain(english)))
    return forms


def keep_reason(french: str, english: str, known: set[str]) -> str | None:
    """Why a French form is not to be rewritten, or None to keep the pair."""
    from wordfreq import zipf_frequency

    if re.search(r"[(),\[\]/]", french) or re.search(r"[(),\[\]/]", english) or english[:1].islower():
        return "brackets, commas or not a name"
    if len(french.split()) > 4:
        return "a long official name (MT translates those; as a test example the line reads as French)"
    if _fold(_plain(french)) in known or re.sub(r"^(?:la|le|les|l')\s*", "", _fold(french)) in known:
        return "an English form"
    if re.search(r"\b" + re.escape(_fold(french)) + r"\b", _fold(english)):
        return "inside the English name (Galápagos: the Galápagos Islands): rewriting it would never settle"
    if zipf_frequency(french.lower(), "en") >= ENGLISH_WORD_ZIPF:
        return "an English word"
    return None


def lexicon(stats: bool = False) -> dict[str, set[str]]:
    """English name -> the French forms that stand for it."""
    territories, cities = babel_pairs()
    iso = pycountry_pairs()
    # territory codes are shared by babel and pycountry; cities get the English names of countries as well,
    # so that 'Mexico' (the city's French name) is no repair
    known = english_forms(territories + iso)
    all_english = {f for fs in known.values() for f in fs}
    by_french: dict[str, str] = {}  # a French form names one place: the first source to name it wins
    counts: dict[str, list[int]] = {}
    for source, pairs in (("babel territories", territories), ("pycountry", iso), ("babel cities", cities)):
        kept = 0
        for code, english, french in pairs:
            english = ENGLISH_USAGE.get(english, english).replace("&", "and")
            if " - " in english or "SAR" in english:
                continue  # 'Congo - Kinshasa', 'Hong Kong SAR China': CLDR's disambiguations, not names
            if keep_reason(french, english, known.get(code, set()) | all_english) is None:
                kept += by_french.setdefault(_plain(french), _plain(english)) == _plain(english)
        counts[source] = [len(pairs), kept]
    out: dict[str, set[str]] = {}
    for french, english in by_french.items():
        out.setdefault(english, set()).add(french)
    if stats:
        for source, (n, kept) in counts.items():
            print(f"{source}: {n} names, {kept} French forms kept", file=sys.stderr)
        print(f"union: {len(out)} English names, {sum(map(len, out.values()))} French forms", file=sys.stderr)
    return out


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(s)).strip("-")


def _form_pattern(french: str, english: str) -> str:
    """A French form as a regex: hyphens may have spaces around them (the MT tokenizer splits 'Royaume - Uni').
    A word the French and English names share ('Île Bouvet', 'Bouvet Island') must not be read again in the
    English name once it is written ('Île Île Bouvet' -> 'Île Bouvet Island' must not become '... Island
    Island' when cleaned again): the English words around the shared one are excluded after or before it."""
    parts = [re.escape(p) for p in re.split(r"\s*-\s*", french)]
    out = r"\s?-\s?".join(p.replace(r"\ ", r"\s+").replace("'", "['’]") for p in parts)
    words, e_words = re.split(r"[\s-]+", french), english.split()
    if words[-1] in e_words and e_words.index(words[-1]) < len(e_words) - 1:
        out += r"(?!\s+" + r"\s+".join(map(re.escape, e_words[e_words.index(words[-1]) + 1 :])) + ")"
    if words[0] in e_words and e_words.index(words[0]) > 0:
        out = r"(?<!" + re.escape(e_words[e_words.index(words[0]) - 1]) + r"\s)" + out
    return out


def _q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


#: a French form inside a French proper name stays: 'Banque du Liban', 'Air Algérie', "la Banque d'Espagne"
NOT_BEFORE = (r"\b(?:de|du|des|et|en|au|aux|à|sur|Air|Banque|Radio|Crédit|Credit|Tour|Rue|Place|Avenue|Boulevard|"
              r"Hôtel|Hotel|Café|Gare|Musée|Porte|Quai)\s+(?:la\s+|le\s+|les\s+)?|\b[dD]['’]")
#: French articles (and the English one the MT put for them) that belong to the French form
ARTICLE_REQUIRED = r"(?:\b(?:[Tt]he|[Ll]a|[Ll]e|[Ll]es)\s+|\b[Ll]['’])"
ARTICLE = ARTICLE_REQUIRED + "?"


def takes_the(english: str) -> bool:
    return bool(THE_NAMES.search(english))


def exonym_rules(english: str, forms: set[str]) -> list[str]:
    """The rules for one English name. A name that takes "the" gets two: one where an article stands before
    the French form ("les États-Unis", "the États-Unis" -> "the United States", capitalised at a sentence
    start), and one for the bare form ("in États-Unis" -> "in the United States", never capitalised)."""
    ordered = sorted(forms, key=lambda f: (-len(f), f))
    body = (r"(?<![\p{L}\p{M}\p{N}\-])(?:" + "|".join(_form_pattern(f, english) for f in ordered)
            + r")(?![\p{L}\p{M}\p{N}])")
    needs = sorted({max(re.split(r"[\s'’-]+", f), key=len) for f in ordered})
    first = ordered[-1] if len(ordered[-1]) > 3 else ordered[0]
    if not takes_the(english):
        return _exonym_rule(_slug(english), ARTICLE + body, english, needs, ordered,
                            ("talks in " + first + " on Monday", "talks in " + english + " on Monday"))
    target = "the " + english
    with_article = _exonym_rule(_slug(english) + "-article", ARTICLE_REQUIRED + body, target, needs, ordered,
                                ("On Monday the " + first + " said that the talks would go on",
                                 "On Monday the " + english + " said that the talks would go on"))
    bare = _exonym_rule(_slug(english), r"(?<!\b(?:[Tt]he|[Ll]es?|[Ll]a)\s)(?<![Ll]['’])" + body, target, needs,
                        ordered, ("talks in " + first + " on Monday", "talks in " + target + " on Monday"),
                        keep_case=False)
    return [*with_article, "", *bare]


def _exonym_rule(slug: str, pattern: str, target: str, needs: list[str], forms: list[str],
                 fix: tuple[str, str], *, keep_case: bool = True) -> list[str]:
    return [
        f"  - id: fr-exonym-{slug}",
        "    kind: mt_pattern",
        "    category: name_form",
        f"    description: {_q('French name ' + ', '.join(forms) + ' for ' + target)}",
        f"    pattern: {_q(pattern)}",
        f"    replace: {_q(target)}",
        *([] if keep_case else ["    keep_case: false"]),
        f"    needs: [{', '.join(_q(n) for n in needs)}]",
        f"    not_before: {_q(NOT_BEFORE)}",
        "    examples:",
        "      fix:",
        f"        - {{in: {_q(fix[0])}, out: {_q(fix[1])}}}",
        "      keep:",
        f"        - {_q('the Banque de ' + forms[-1])}",
    ]


def article_rule(countries: list[str]) -> list[str]:
    names = sorted(set(countries), key=lambda c: (-len(c), c))
    alternation = "|".join(re.escape(c).replace(r"\ ", " ") for c in names)
    needs = ", ".join(_q("he " + c) for c in names)
    pattern = r"\b[Tt]he (" + alternation + r")(?=" + ARTICLE_NEXT + ")"
    return [
        "  - id: fr-the-country",
        "    kind: mt_pattern",
        "    description: '\"la France, l''Allemagne\" rendered with an article (\"the France, the Germany\"); "
        "names English writes with \"the\" (the Netherlands, the Gambia) are not in the list'",
        f"    pattern: {_q(pattern)}",
        "    replace: '\\1'",
        f"    needs: [{needs}]",
        "    # after another 'the' the article is stuttered: the doubled-word rule takes it",
        "    not_before: '\\b(?i:the)\\s+'",
        f"    not_after: {_q(ARTICLE_NOT_AFTER)}",
        "    examples:",
        "      fix:",
        "        - {in: 'the France, the Germany, the Italy and the Russia will consider',",
        "           out: 'France, Germany, Italy and Russia will consider'}",
        "        - {in: 'The Iran already sends many agents', out: 'Iran already sends many agents'}",
        "        - {in: 'The Egypt has warned that it could suspend', out: 'Egypt has warned that it could suspend'}",
        "        - {in: 'opposed to the France.', out: 'opposed to France.'}",
        "        - {in: 'The Russia threatens all treaties', out: 'Russia threatens all treaties'}",
        "        - {in: 'when the Japan came into the scene', out: 'when Japan came into the scene'}",
        "        - {in: 'the France consistently opposed its veto', out: 'France consistently opposed its veto'}",
        "        - {in: 'the India oscillates between two policies', out: 'India oscillates between two policies'}",
        "      keep:",
        "        - 'the Iraq war'",
        "        - 'the Egypt of the pharaohs'",
        "        - 'the Syria talks have stalled'",
        "        - 'the France of de Gaulle'",
        "        - 'the chad was hanging'",
        "        - 'the Netherlands and the Philippines, the Gambia and the United States'",
        "        - 'a trip down the Jordan and the Niger'",
        "        - 'the Russia investigation'",
        "        - 'the Iran talks have stalled'",
        "        - 'veterans of the Iraq and Afghanistan wars'",
        "        - 'the Iran, Iraq and Syria conflicts'",
        "        - 'the Germany of the West'",
    ]


def article_countries(lex_territories: list[tuple[str, str, str]]) -> list[str]:
    """English country names (two-letter codes) that take no article, and regions French writes with one."""
    out = []
    for code, english, _ in lex_territories:
        english = ENGLISH_USAGE.get(english, _plain(english)).replace("&", "and")
        if (len(code) == 2 and code.isalpha() and not takes_the(english) and english not in ARTICLE_KEEP
                and not re.search(r"[(),\[\]/]", english) and "St." not in english):
            out.append(english)
    return [c for c in out + ARTICLE_EXTRA + ARTICLE_REGIONS if c not in ARTICLE_KEEP and " - " not in c]


def cue_rule(lex: dict[str, set[str]]) -> list[str]:
    """The French forms as evidence of a French source (the repairs themselves are not evidence: see
    docs/mt_repair.md); forms of one word or of words without hyphens, as the cue matcher reads them."""
    # one spelling per form as the linter compares them (lowercase): 'Guinée Équatoriale', 'Guinée équatoriale'
    forms = sorted({f.lower(): f for fs in lex.values() for f in sorted(fs) if "-" not in f and len(f.split()) <= 2}
                   .values())
    return [
        "  - id: fr-exonym-cues",
        "    kind: source_cues",
        "    description: French names of countries and cities left in the English (Allemagne, Londres, Pays Bas)",
        f"    words: [{', '.join(_q(f) for f in forms)}]",
        "    weight: 2",
        "    examples:",
        "      keep:",
        "        - 'talks in Allemagne and Londres'",
    ]


def render() -> str:
    territories, _ = babel_pairs()
    lex = lexicon()
    versions = {p: version(p) for p in ("babel", "pycountry", "wordfreq")}
    head = [
        "# GENERATED by benchmarks/gen_fr_exonyms.py --write; do not edit by hand (edit the generator, or add",
        "# reviewed names to names.yaml). Sources: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".",
        "# French names of countries and cities (CLDR via babel, ISO 3166 via pycountry) that differ from every",
        "# English name of the place and are not English words, mapped to the English name; and the French",
        "# article before a country name. Both run only on documents detected as translated from French:",
        "# in an English original a French form is a quoted French name (a bank, a street, an airline).",
        "pack:",
        "  name: mt-fr-exonyms",
        "  description: French names of countries and cities, and the French article before country names",
        "  source_lang: fr",
        "",
        "rules:",
    ]
    body = [*article_rule(article_countries(territories)), "", *cue_rule(lex)]
    for english in sorted(lex):
        body += ["", *exonym_rules(english, lex[english])]
    return "\n".join(head + body) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(OUT.parents[3])}")
    ap.add_argument("--stats", action="store_true", help="print what each source holds")
    args = ap.parse_args()
    if args.stats:
        lexicon(stats=True)
    text = render()
    if args.write:
        OUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUT} ({text.count('- id:')} rules)", file=sys.stderr)
    elif not args.stats:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
