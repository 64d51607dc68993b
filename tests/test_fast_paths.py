"""The fast paths of the core give exactly what the slow, obvious computation gives.

The unicode pass skips ftfy where ftfy's own preconditions say it cannot change anything; the
reference below disables every such gate, so each line with a non-ASCII or control character goes
through ftfy, as the pass did before it was made fast.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.document import Document
from cleantext.edits import Edit, OffsetMap
from cleantext.passes import unicode as unicode_pass
from cleantext.passes.unicode import UnicodePass


class _UngatedUnicodePass(UnicodePass):
    def _ftfy_may_change(self, line: str, *, check_mojibake: bool = True) -> bool:
        return True


# characters that exercise every gate: mojibake fragments, C0/C1 controls, odd and invisible spaces,
# surrogates, curly quotes, combining marks (normalization), line starts
_ALPHABET = [
    *"ab .,\n\t\r\x07\x0c\x1b[\x80\x9d\u00a0\u200b\ufeff\u00ad\u2019\u201c\u201d\u0301\ud800\u00e9",
    "\u00c3", "\u00c2", "\u00c3\u00a9", "\u00e2\u20ac\u2122", "\u00c3 ", "\u00d0\u00bf", "caf\u00c3\u00a9",
    "\u0432\u0402", "\u00f0\u0178", "\u00e0\u00b2",
]
_FAST = UnicodePass()
_SLOW = _UngatedUnicodePass()


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join))
def test_unicode_gates_change_nothing(text: str) -> None:
    assert _FAST.run(Document(text)).edits == _SLOW.run(Document(text)).edits


def test_unicode_gates_on_news_like_text() -> None:
    lines = [
        "President \u201cX\u201d said the caf\u00e9\u2019s d\u00e9j\u00e0 vu was na\u00efve.",
        "\u00c3 la carte, the caf\u00c3\u00a9 said \u00e2\u20ac\u0153yes\u00e2\u20ac\x9d",  # mojibake
        "plain ASCII line",
        "Montr\u00e9al\u00a0Qu\u00e9bec",
        "e\u0301t\u00e9",  # not NFC
    ]
    for i in range(len(lines)):
        for j in range(i, len(lines)):
            text = "\n".join(lines[i : j + 1]) + "\n"
            assert _FAST.run(Document(text)).edits == _SLOW.run(Document(text)).edits, text


# every non-ASCII character ftfy's mojibake pattern names (its categories and its literal sequences),
# a few it does not, and the ASCII its alternatives look at
_BADNESS_CHARS = sorted({c for c in unicode_pass.BADNESS_RE.pattern if ord(c) > 0x7F}
                        | set("\x85\x9d\u00e4\u00f6\u00df"))
_BADNESS_ALPHABET = [*_BADNESS_CHARS, *"aZz .,?!1\n\t", "\u00c3 ", "\u00c2 ", "abcdefgh"]


def _flagged_lines(text: str, seed: object) -> set[int]:
    """The lines (by number) that the unicode pass's mojibake windows touch, with windows opened by ``seed``."""
    saved = unicode_pass._WINDOW_SEED
    unicode_pass._WINDOW_SEED = seed  # type: ignore[assignment]
    try:
        return {text.count("\n", 0, lo) for lo, _ in unicode_pass._bad_windows(text)}
    finally:
        unicode_pass._WINDOW_SEED = saved


def test_mojibake_seeds_are_used_with_the_installed_ftfy() -> None:
    # fails when ftfy's mojibake pattern changes: read it again, check that every alternative still holds
    # a seed of _MOJIBAKE_SEED, and update _SEED_CHECKED_FOR (the pass is then only slower, never wrong)
    assert unicode_pass._WINDOW_SEED is unicode_pass._MOJIBAKE_SEED


@settings(max_examples=1500)
@given(st.lists(st.sampled_from(_BADNESS_ALPHABET), max_size=30).map("".join))
def test_mojibake_seeds_flag_the_lines_every_non_ascii_run_flags(text: str) -> None:
    lines = text.split("\n")
    bad = {i for i, line in enumerate(lines) if unicode_pass.is_bad(line)}
    assert _flagged_lines(text, unicode_pass._MOJIBAKE_SEED) == bad
    assert _flagged_lines(text, unicode_pass._NON_ASCII_RUN) == bad


def _offset_linear(edits: list[Edit], pos: int) -> int:
    """The obvious walk over the edits, for reference."""
    shift = 0
    for e in edits:
        if e.end <= pos:
            shift += e.delta
        elif e.start < pos:
            return e.start + shift + len(e.new)
        else:
            break
    return pos + shift


@st.composite
def _text_and_edits(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    text = draw(st.text(alphabet="abc", max_size=30))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    edits = []
    pos = 0
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if a < pos:
            continue
        edits.append(Edit("p", "r", a, b, text[a:b], draw(st.text(alphabet="xy", max_size=4))))
        pos = b
    return text, edits


@settings(max_examples=300)
@given(_text_and_edits())
def test_offset_map_matches_linear_walk(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    shift = OffsetMap(tuple(edits))
    for pos in range(len(text) + 1):
        assert shift(pos) == _offset_linear(edits, pos)


@settings(max_examples=400)
@given(st.text(alphabet="ab \n\r\t\x0b\x0c\x1c\x85\u2028\u00a0\u3000.", max_size=40))
def test_tidy_trailing_space_prefilter_finds_every_match(text: str) -> None:
    """Tidy tests one character before searching a line; the obvious search of every line agrees."""
    from cleantext.passes.tidy import _TRAILING, TidyPass

    edits = TidyPass().run(Document(text)).edits
    if any(e.rule == "tidy.blank_document" for e in edits):
        return
    got = [(e.start, e.old) for e in edits if e.rule == "tidy.trailing_space"]
    want = []
    pos = 0
    for line in text.split("\n"):
        m = _TRAILING.search(line) if line.strip() else None
        if m:
            want.append((pos + m.start(), m.group()))
        pos += len(line) + 1
    assert got == want


_PATTERN_POOL = [
    (r"\bab\b", ""), (r"a+b", "i"), (r"(?<=\p{L}) (?=,)", ""), (r"^ab", "m"), (r"b$", "m"), (r"(a)(b)?", ""),
    (r"\bthe (\w+)", "i"), (r"[ab]{2,3}", ""), (r"ba|ab", ""), (r"(?<![a-z])b", ""), (r"a(?=b)", ""),
    (r"\p{Lu}\p{Ll}+", ""), (r"the", "i"),
]


@settings(max_examples=300)
@given(
    st.lists(st.sampled_from(_PATTERN_POOL), min_size=1, max_size=8),
    st.text(alphabet="abAB ,.\nthe", max_size=60),
)
def test_combined_regex_merged_scan_equals_alternation(patterns: list[tuple[str, str]], text: str) -> None:
    from cleantext.matching import CombinedRegex

    entries = [(i, p, f) for i, (p, f) in enumerate(patterns)]
    merged = CombinedRegex(entries, strategy="merged").scan(text)
    alternation = CombinedRegex(entries, strategy="alternation").scan(text)
    assert [(h.key, h.match.span(), h.match.groups()) for h in merged] == \
        [(h.key, h.match.span(), h.match.groups()) for h in alternation]


def test_combined_regex_rejects_unknown_strategy() -> None:
    import pytest

    from cleantext.matching import CombinedRegex

    with pytest.raises(ValueError, match="choose one of auto, merged, alternation"):
        CombinedRegex([(0, "a", "")], strategy="fast")


def test_respanned_mention_keeps_every_field() -> None:
    from cleantext.document import Mention
    from cleantext.pipeline import _respan

    m = Mention(5, 9, "Assd", "Assad", "person", "fuzzy", 91.0, {"k": 1})
    moved = _respan(m, 6, 10)
    assert (moved.start, moved.end) == (6, 10)
    assert set(Mention._fields) == {"start", "end", "text", "canonical", "type", "match", "score", "meta"}
    assert all(getattr(moved, f) == getattr(m, f) for f in Mention._fields if f not in ("start", "end"))


@given(st.data())
def test_mapping_mentions_at_the_end_equals_moving_them_pass_by_pass(data: st.DataObject) -> None:
    """The pipeline maps a mention once through every later pass's edits: exactly what walking its two
    ends through each pass's edits in turn gives, with the surface text read in the output."""
    from cleantext.document import Mention
    from cleantext.edits import Edit, apply_edits
    from cleantext.pipeline import _map_mentions

    text = data.draw(st.text(alphabet="ab \n", max_size=40))
    spans = data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, 5)), max_size=8))
    mentions = [Mention(a, min(a + w, len(text)), text[a : a + w], "c") for a, w in spans]
    groups = []
    current = text
    for _ in range(data.draw(st.integers(0, 3))):
        cuts = sorted(data.draw(st.lists(st.integers(0, len(current)), max_size=10)))
        edits = [Edit("p", "r", a, b, current[a:b], data.draw(st.text(alphabet="xy", max_size=3)))
                 for a, b in zip(cuts[::2], cuts[1::2], strict=False)]
        groups.append(edits)
        current = apply_edits(current, edits)
    spans = [(m.start, m.end) for m in mentions]
    for edits in groups:
        spans = [(_offset_linear(edits, a), _offset_linear(edits, b)) for a, b in spans]
    expected = [Mention(a, b, current[a:b], m.canonical) for m, (a, b) in zip(mentions, spans, strict=True)]
    assert _map_mentions(mentions, groups, current) == expected




def _boilerplate_pass() -> object:
    from cleantext import Cleaner

    return next(p for p in Cleaner().pipeline.passes if p.name == "boilerplate")


_BP = _boilerplate_pass()


@settings(max_examples=300)
@given(st.data())
def test_fuzzy_phrase_choices_by_length_find_what_the_whole_catalogue_finds(data: st.DataObject) -> None:
    """A piece is compared only with catalogue phrases of a length that can reach the cutoff: the best
    phrase (ties to the earlier one) is what extractOne over the whole catalogue returns."""
    from rapidfuzz import fuzz, process

    catalogue: list[str] = _BP._catalogue  # type: ignore[attr-defined]
    base = data.draw(st.sampled_from(catalogue))
    # a phrase with a few characters changed, cut or added: near the cutoff, where the length bound bites
    chars = list(base)
    for _ in range(data.draw(st.integers(0, max(1, len(chars) // 4)))):
        k = data.draw(st.integers(0, len(chars)))
        op = data.draw(st.sampled_from(["del", "ins", "sub"]))
        if op == "ins" or not chars:
            chars.insert(k, data.draw(st.sampled_from("aeiost ")))
        elif op == "del":
            del chars[min(k, len(chars) - 1)]
        else:
            chars[min(k, len(chars) - 1)] = data.draw(st.sampled_from("aeiost "))
    # cut short or padded by up to a third: the lengths at the very edge of the bound
    edge = data.draw(st.integers(-(len(chars) // 3), len(chars) // 3))
    piece = "".join(chars[:edge] if edge < 0 else chars + list("s" * edge))
    cutoff = _BP._fuzzy_cutoff  # type: ignore[attr-defined]
    full = process.extractOne(piece, catalogue, scorer=fuzz.ratio, score_cutoff=cutoff)
    choices, positions = _BP._fuzzy_choices_for(len(piece))  # type: ignore[attr-defined]
    sliced = process.extractOne(piece, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
    if full is None:
        assert sliced is None
    else:
        assert sliced is not None and (sliced[0], sliced[1], positions[sliced[2]]) == full


@settings(max_examples=300)
@given(_text_and_edits(), st.data())
def test_offset_map_maps_many_positions_as_the_linear_walk(case: tuple[str, list[Edit]], data: st.DataObject) -> None:
    text, edits = case
    positions = data.draw(st.lists(st.integers(0, len(text)), max_size=12))  # any order, repeats
    assert OffsetMap(tuple(edits)).map_all(positions) == [_offset_linear(edits, p) for p in positions]


_FRENCHISH = st.text(alphabet=st.sampled_from(list("abcdeéèêàçùûôîœ ÉAB'.,-\n")), max_size=120)


@settings(max_examples=200, deadline=None)
@given(_FRENCHISH)
def test_mt_score_letter_tests_change_no_count(text: str) -> None:
    """A signal skipped because its text lacks a letter it needs counts what its full scan counts."""
    from cleantext.mt import score as mt_score

    fast = mt_score._count_in_prose(text, None)
    slow = {name: sum(1 for _ in pattern.finditer(text)) for name, pattern in mt_score._COMPILED.items()}
    assert {k: fast[k] for k in slow} == slow


def test_mt_score_reads_the_prose_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from cleantext.mt import score as mt_score

    calls: list[str] = []
    real = mt_score.prose
    monkeypatch.setattr(mt_score, "prose", lambda text: calls.append(text) or real(text))
    text = "The government said on Monday that the truce was holding in the north , selon le ministre.\n" * 3
    got = mt_score.score(text)
    assert len(calls) == 1
    assert got.counts == mt_score.count_signals(text) and got.probability == pytest.approx(
        mt_score.load_model().probability(mt_score.features(got.counts, mt_score.prose_words(text))))
