"""Which language was this document machine-translated from? Evidence, weighed per language.

Three sorts of evidence, all from data except the statistical one:

* **cue words**: ``source_cues`` rules of a pack list words that betray their language when left in an
  English text (French 'selon', 'OSDH'; German 'und', 'Waffenruhe');
* **artifacts**: hits of the pack's own repair rules (a rule tagged ``source_lang: fr`` that matches is
  evidence of French);
* **untranslated fragments**: sentences that langdetect (seeded, so deterministic) reads as another
  language. langdetect is slow, so it only sees sentences that already look foreign (cue words,
  letters with diacritics), and at most a few per document.

A language whose evidence reaches its threshold is the document's source language.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import regex

#: evidence needed to decide a language, unless its cue rules say otherwise
DEFAULT_THRESHOLD = 4.0
#: evidence of one language-tagged repair rule that matched, and of one untranslated sentence
RULE_HIT_WEIGHT = 2.0
FRAGMENT_WEIGHT = 3.0
#: one cue word counts at most this many times (a name repeated ten times is one signal, not ten)
MAX_HITS_PER_CUE = 3
#: langdetect calls per document, and what a sentence needs to be sent to it
MAX_LANGDETECT_CALLS = 8
MIN_FRAGMENT_WORDS = 4
MIN_FRAGMENT_PROB = 0.90
MAX_FRAGMENT_CHARS = 600

_ENDS = regex.compile(r"[.!?]+|\n")
#: how far to look for the ends of a sentence around a cue word
MAX_SENTENCE = 2000
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*")
_DIACRITIC_WORD = regex.compile(r"\b\p{L}*[^\p{ASCII}\p{P}\p{S}\p{Z}\p{N}]\p{L}*\b")


class _Langdetect:
    """A private, seeded langdetect factory: deterministic, and loaded once, on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._factory: Any = None

    def _get(self) -> Any:
        with self._lock:
            if self._factory is None:
                from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

                factory = DetectorFactory()
                factory.load_profile(PROFILES_DIRECTORY)
                factory.seed = 0  # langdetect is random; a fixed seed makes every run give the same answer
                self._factory = factory
            return self._factory

    def detect(self, text: str) -> tuple[str, float] | None:
        """The most probable language of ``text`` and its probability; None when langdetect cannot tell."""
        try:
            detector = self._get().create()
            detector.append(text)
            best = detector.get_probabilities()
        except Exception:  # no features (digits, symbols), or anything else langdetect trips on
            return None
        if not best:
            return None
        return str(best[0].lang), float(best[0].prob)


LANGDETECT = _Langdetect()


@dataclass(slots=True)
class Evidence:
    """What points at one source language."""

    cue_words: dict[str, int] = field(default_factory=dict)
    cue_score: float = 0.0
    rule_hits: dict[str, int] = field(default_factory=dict)
    fragments: int = 0

    @property
    def score(self) -> float:
        # distinct rules, not hits: one odd phrase repeated is one signal
        rules = RULE_HIT_WEIGHT * len(self.rule_hits)
        return self.cue_score + rules + FRAGMENT_WEIGHT * self.fragments

    def to_dict(self) -> dict[str, Any]:
        return {"score": round(self.score, 2), "cue_words": dict(sorted(self.cue_words.items())),
                "rule_hits": dict(sorted(self.rule_hits.items())), "untranslated_fragments": self.fragments}


@dataclass(frozen=True, slots=True)
class Fragment:
    """A sentence langdetect reads as another language than English."""

    start: int
    end: int
    lang: str
    prob: float
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "lang": self.lang, "prob": round(self.prob, 3),
                "text": self.text}


def _sentence_at(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos``: a run without . ! ? or newline, plus its closing marks (not the
    newline), looking at most MAX_SENTENCE characters either way."""
    floor = max(0, pos - MAX_SENTENCE)
    s = max(max(text.rfind(c, floor, pos) for c in ".!?\n") + 1, floor)
    m = _ENDS.search(text, pos, min(len(text), pos + MAX_SENTENCE))
    if m is None:
        return s, min(len(text), pos + MAX_SENTENCE)
    return s, (m.start() if m.group() == "\n" else m.end())


def suspect_sentences(text: str, cue_positions: Iterable[int]) -> list[tuple[int, int]]:
    """Sentences worth asking langdetect about: with two cue words, or a cue word and two words with
    diacritics. Only sentences that hold a cue word are looked at, so a text without cue words costs
    nothing here."""
    out: list[tuple[int, int]] = []
    seen_until = -1
    cues = sorted(cue_positions)
    i = 0
    while i < len(cues):
        if cues[i] < seen_until:
            i += 1
            continue
        s, e = _sentence_at(text, cues[i])
        seen_until = max(e, cues[i] + 1)
        n_cues = 0
        while i < len(cues) and cues[i] < seen_until:
            n_cues += 1
            i += 1
        sentence = text[s:e]
        if len(_WORD.findall(sentence)) < MIN_FRAGMENT_WORDS:
            continue
        if n_cues >= 2 or len(_DIACRITIC_WORD.findall(sentence)) >= 2:
            out.append((s, e))
    return out


def untranslated_fragments(text: str, cue_positions: Iterable[int], *, target: str = "en") -> list[Fragment]:
    """Sentences that langdetect confidently reads as a language other than ``target``."""
    found: list[Fragment] = []
    for s, e in suspect_sentences(text, cue_positions)[:MAX_LANGDETECT_CALLS]:
        sentence = text[s:e]
        result = LANGDETECT.detect(sentence[:MAX_FRAGMENT_CHARS])
        if result is None:
            continue
        lang, prob = result
        if lang != target and prob >= MIN_FRAGMENT_PROB:
            lead = len(sentence) - len(sentence.lstrip())
            found.append(Fragment(s + lead, e, lang, prob, sentence.strip()))
    return found


def decide(evidence: dict[str, Evidence], thresholds: dict[str, float]) -> str | None:
    """The language with the most evidence, if that reaches its threshold; ties go to the first code."""
    best: tuple[float, str] | None = None
    for lang in sorted(evidence):
        score = evidence[lang].score
        if score >= thresholds.get(lang, DEFAULT_THRESHOLD) and (best is None or score > best[0]):
            best = (score, lang)
    return best[1] if best else None
