"""Laws of the edit log and the pipeline, checked with hypothesis on arbitrary Unicode text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext.edits import Edit, apply_edits, invert_edits, replay, restore

# Text with the characters the passes care about over-represented: newlines, odd spaces, mojibake.
messy = st.text(
    alphabet=st.one_of(
        st.characters(codec=None),
        st.sampled_from(list("\n\n \t\r\u00a0\u202f\u200b\u00ad\ufeffÂâ€™Ã©\u2019\u201c\u00e9")),
    ),
    max_size=300,
)
newsish = st.lists(
    st.sampled_from([
        "Idlib province", "Turkey\u2019s demands", "Turkeyâ€™s", "\u00a0", "  ", "\n", "\n\n\n", "Â ",
        "Cookies", "Facebook Twitter", "the the", "Bashar Assad", "caf\u00e9", "cafe\u0301", "\t", "\r\n",
    ]),
    max_size=40,
).map("".join)
anytext = st.one_of(messy, newsish)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(anytext)
def test_log_replays_and_restores(text: str) -> None:
    r = cleantext.clean_and_explain(text)
    assert replay(r.original, r.edits) == r.text
    assert restore(r.text, r.edits) == text


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(anytext)
def test_idempotent(text: str) -> None:
    once = cleantext.clean(text)
    assert cleantext.clean(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_never_raises(text: str) -> None:
    out = cleantext.clean(text)
    assert isinstance(out, str)


@st.composite
def text_and_edits(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    text = draw(st.text(max_size=60))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        edits.append(Edit("p", "r", a, b, text[a:b], draw(st.text(max_size=5))))
    return text, edits


@given(text_and_edits())
def test_invert_undoes_apply(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    out = apply_edits(text, edits)
    assert apply_edits(out, invert_edits(edits)) == text


@given(st.text(max_size=30), st.integers(-5, 40), st.integers(-5, 40), st.text(max_size=5))
def test_edits_that_do_not_fit_are_rejected_not_applied(text: str, start: int, end: int, new: str) -> None:
    from cleantext.edits import select_compatible

    old = text[start:end] if 0 <= start <= end else "x"
    edit = Edit("p", "r", start, end, old, new)
    kept, rejected = select_compatible(text, [edit])
    fits = 0 <= start <= end <= len(text) and text[start:end] == old
    assert (kept, rejected) == (([edit], []) if fits else ([], [edit]))
