"""A calibrated document score for "machine-translated from French", from many weak signals.

No single signal decides: each is counted in the document, turned into a rate per 1000 words (damped by
``log1p``, so ten hits are not ten times one), and a logistic model weighs them. The weights, the
threshold and the figures they were chosen on are data (``detect_weights.json``), fitted by
``benchmarks/fit_mt_detect.py`` on real MT output and native English (MT as positives), never by hand.

The signals are surface forms a translation from French leaves and English writing does not use:
split compounds with spaced hyphens (French hyphenated words and inverted questions, 'United - States',
'can - it', 'him - even'), French typography (space before ; : ? !, guillemets, comma decimals), calques
and French word order ('the France', 'M. Obama', 'of 54 years'), lowercase French function words mid-sentence,
and the evidence the repair rules already collect (cue words, rule hits, untranslated sentences). Proper
nouns English writes the same way are no evidence; they are in no list here.
"""
from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import regex

_AUX = r"(?:can|could|may|might|must|should|would|will|shall|is|are|was|were|have|has|had|do|does|did)"
_PRONOUN = r"(?:it|they|he|she|we|you|I|one|there|be|not|this)"
#: surface signals, each a pattern counted in the text; the names are the keys of the weights file
PATTERNS: dict[str, str] = {
    # French hyphenated words split by the MT tokenizer: 'peut-être' -> 'can - be', 'est-il' -> 'is - it'
    "split_inverted_question": rf"(?i)\b{_AUX} - {_PRONOUN}\b",
    # '-même', '-là': 'lui-même' -> 'him - even', 'ceux-là' -> 'those - there'
    "split_even_same": r"(?i)\b(?:him|her|it|them|itself|themselves|himself|herself|those|that|this) - "
                       r"(?:even|same|there|here)\b",
    # a prefix English writes glued or hyphenated, here spaced: 'anti - American', 'post - war'
    "split_prefix": r"(?i)\b(?:anti|post|pro|sub|self|non|pre|ex|neo|co|semi|multi|counter|inter|half|after|"
                    r"vice|quasi|well|so|mid) - \p{L}",
    # 'States - States' (États-Unis), 'Kingdom - Kingdom'; and 'vis - à - vis', 'face - à - face'
    "split_repeated": r"\b(\p{L}{3,}) - \1\b|\b\p{L}+ - (?:à|a) - \p{L}+",
    # two capitalised words joined by a spaced hyphen: 'United - States', 'Jean - Paul', 'Great - Britain'
    "split_capitalised": r"\b\p{Lu}\p{Ll}+ - \p{Lu}\p{Ll}+\b",
    # any other spaced hyphen between lowercase words (English prose uses it as a dash, so weak)
    "split_lowercase": r"\b\p{Ll}{2,} - \p{Ll}{2,}\b",
    "space_before_punct": r"\p{L} [;:?!](?=\s|$)",
    "guillemets": r"[«»]",
    "comma_decimal": r"\b\d+,\d{1,2}\b(?![,.]?\d)|\b\d{1,3}, \d{3}\b",
    "thin_space_number": r"\d[\u202f\u2009]\d",
    # French '55 €' / '40 000 €' comes out as '€ 55', '5500 €', '55 euros' (English writes '€55')
    "euro_spacing": r"€ \d|\d ?€|\d euros?\b",
    # « guillemets » become '" Green Revolution. "', the spaces inside kept
    "spaced_quotes": r'(?:^|(?<=\s))" [^"\n]{1,150}? "(?=[\s.,;:]|$)',
    "monsieur_abbrev": r"\bM\. \p{Lu}\p{Ll}",
    # a country name with the French article: 'the France', 'The Iran' (English says 'France', 'Iran')
    "article_country": r"\b[Tt]he (?:France|Germany|Italy|Russia|Iran|Iraq|Syria|Egypt|Spain|China|Japan|"
                       r"Europe|Turkey|Israel|Lebanon|Algeria|Morocco|Tunisia|Libya|Afghanistan|Pakistan|"
                       r"India|Brazil|Mexico|Canada|Africa|Asia|America|Britain|Poland|Greece|Serbia|Kosovo)\b",
    "calque_phrase": r"(?i)\b(?:at the level of|proceeded to the|in vigou?r|since (?:\d+|two|three|four|five|six|"
                     r"seven|eight|nine|ten|several|many) (?:years|months|weeks|days)|of \d+ years)\b",
    # sentence adverbs French MT over-uses ('En effet' -> 'Indeed', 'ainsi' -> 'thus', 'dont' -> 'whose')
    "discourse_calque": r"\b(?:Indeed|[Tt]hus|whose)\b",
    # lowercase French function words between lowercase words: 'Jančura dans l'a indiqué'
    "french_function_word": r"(?<=\p{Ll} )(?:de|la|les|du|des|et|dans|sur|pour|avec|qui|que|est|le|une|au|"
                            r"aux|sont|mais|cette|ces|pas|nous|vous|ils|elle)(?= \p{Ll})",
    "french_elision": r"(?<![\p{L}'’])[ldjnsqc]['’](?:\p{L}*[aeiouéèêh])\p{L}*",
    "diacritic_word": r"(?<!\p{Lu}\p{L}*)\b\p{Ll}*[éèêàçùûôîœ]\p{Ll}*\b",
}
_COMPILED = {name: regex.compile(p) for name, p in PATTERNS.items()}
#: a letter a signal cannot match without: a C-speed test for it spares the scan of a text that has none.
#: ``diacritic_word`` is tried at every position of the text (its look-behind), and only about one in nine
#: real MT texts holds one of its letters: with the test its cost falls from 0.30 s to 0.045 s on the 646
#: dev documents, with the same counts (docs/performance.md)
_NEEDS = {"diacritic_word": re.compile("[éèêàçùûôîœ]")}
_WORD = regex.compile(r"\p{L}+")
#: signals the pass passes in from its own scan (cue words, language-tagged rule hits, untranslated sentences)
EVIDENCE_SIGNALS = ("cue_words", "rule_hits", "untranslated_fragments")
SIGNALS = (*PATTERNS, *EVIDENCE_SIGNALS)
#: a short text is read as at least this many words, so one hit in a tweet is not a huge rate
MIN_WORDS = 200
#: a line of prose has this many words and ends like a sentence (closing quotes and brackets allowed)
MIN_PROSE_WORDS = 8
#: and at least this share of its words start in lowercase
MIN_PROSE_LOWER = 0.5
_SENTENCE_END = regex.compile(r"[.!?;:][\"'”’»)\]]*\s*$")


def prose(text: str) -> str:
    """The lines of ``text`` that read as sentences: enough words, mostly lowercase, ending like a sentence.
    Titles, menus and lists ('News - Sport - Weather', 'Home - Contact') are left out: their spaced hyphens
    are separators, not split compounds."""
    return "\n".join(line for line in text.splitlines() if _is_prose(line))


def _is_prose(line: str) -> bool:
    if not _SENTENCE_END.search(line):
        return False
    words = _WORD.findall(line)
    # a title has most words capitalised ('Halloween Workouts - My Daily Magazine - Art, Design !')
    lower = sum(1 for w in words if w[0].islower())
    return len(words) >= MIN_PROSE_WORDS and lower >= MIN_PROSE_LOWER * len(words)


def count_signals(text: str, evidence: Mapping[str, int] | None = None) -> dict[str, int]:
    """How often each signal occurs in the prose of ``text`` (the pass's own evidence counts added as given)."""
    return _count_in_prose(prose(text), evidence)


def _count_in_prose(text: str, evidence: Mapping[str, int] | None) -> dict[str, int]:
    counts = {name: 0 if (needs := _NEEDS.get(name)) is not None and not needs.search(text)
              else sum(1 for _ in pattern.finditer(text)) for name, pattern in _COMPILED.items()}
    for name in EVIDENCE_SIGNALS:
        counts[name] = int((evidence or {}).get(name, 0))
    return counts


def features(counts: Mapping[str, int], words: int) -> dict[str, float]:
    """Each signal as log1p(rate per 1000 words)."""
    scale = 1000 / max(words, MIN_WORDS)
    return {name: math.log1p(counts.get(name, 0) * scale) for name in SIGNALS}


def prose_words(text: str) -> int:
    """The number of words in the prose of ``text``: what the rates are per 1000 of."""
    return len(_WORD.findall(prose(text)))


@dataclass(frozen=True, slots=True)
class Model:
    """A logistic model: bias + sum(weight * feature); flagged when the probability reaches ``threshold``."""

    bias: float
    weights: dict[str, float]
    threshold: float
    fitted_on: dict[str, Any]

    def probability(self, feats: Mapping[str, float]) -> float:
        z = self.bias + sum(w * feats.get(name, 0.0) for name, w in self.weights.items())
        return 1 / (1 + math.exp(-z)) if z > -700 else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"bias": self.bias, "weights": dict(self.weights), "threshold": self.threshold,
                "fitted_on": self.fitted_on}


@lru_cache(maxsize=1)
def load_model() -> Model:
    """The shipped weights (``cleantext/mt/detect_weights.json``)."""
    data = json.loads(resources.files("cleantext.mt").joinpath("detect_weights.json").read_text(encoding="utf-8"))
    unknown = sorted(set(data["weights"]) - set(SIGNALS))
    if unknown:
        hints = {u: difflib.get_close_matches(u, SIGNALS, n=1) for u in unknown}
        did_you_mean = "; ".join(f"{u!r}: did you mean {h[0]!r}?" for u, h in hints.items() if h)
        raise ValueError(f"detect_weights.json names unknown signals {unknown} ({did_you_mean or 'no close match'}); "
                         f"valid signals: {list(SIGNALS)}")
    return Model(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()},
                 float(data["threshold"]), dict(data.get("fitted_on", {})))


@dataclass(frozen=True, slots=True)
class Score:
    """The document's score and what it rests on."""

    probability: float
    threshold: float
    counts: dict[str, int]

    @property
    def flagged(self) -> bool:
        return self.probability >= self.threshold

    def to_dict(self) -> dict[str, Any]:
        return {"probability": round(self.probability, 4), "threshold": self.threshold, "flagged": self.flagged,
                "signals": {k: v for k, v in self.counts.items() if v}}


def score(text: str, evidence: Mapping[str, int] | None = None, *, model: Model | None = None) -> Score:
    """The probability that ``text`` was machine-translated from French, with the signal counts."""
    model = model or load_model()
    lines = prose(text)  # once: the counts and the word count read the same prose
    counts = _count_in_prose(lines, evidence)
    return Score(model.probability(features(counts, len(_WORD.findall(lines)))), model.threshold, counts)
