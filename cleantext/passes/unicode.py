"""The ``unicode`` pass: mojibake repair and Unicode clean-up, each fix explained.

ftfy does the repair, with settings chosen for news text: it fixes encoding errors, control and
terminal-escape characters, surrogate pairs and normalizes to NFC, but it does **not** straighten
curly quotes, unfold ligatures, narrow full-width characters, rewrite line breaks or unescape HTML
(that is not idempotent on text that really contains ``&amp;``), because those are legitimate
typography or content.

Cost: a line that is pure ASCII without control characters cannot need any of this and is skipped,
so clean English text pays one ``isascii`` check per line.
"""

from __future__ import annotations

from collections.abc import Iterator

import ftfy
import regex

from ..document import Document, PassResult
from ..edits import Edit
from .base import Pass, register_pass

# Spaces that are not U+0020 but mean one: NBSP, the typographic spaces, narrow NBSP, ideographic.
_ODD_SPACE = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Characters that render as nothing and break matching: ZWSP, word joiner, BOM, soft hyphen.
# ZWJ and ZWNJ (U+200C/D) are left alone: Persian, Indic scripts and emoji need them.
_INVISIBLE = "\u200b\u2060\ufeff\u00ad"
_CHAR_FIXES = regex.compile(
    rf"(?P<odd_space>[{_ODD_SPACE}])|(?P<invisible>[{_INVISIBLE}]+)|(?P<lone_surrogate>[\ud800-\udfff])"
)
_NEEDS_FTFY = regex.compile(r"[^\x00-\x7f]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_REPLACEMENT = {"odd_space": " ", "invisible": "", "lone_surrogate": "\ufffd"}
_REASONS = {
    "odd_space": "non-breaking or typographic space to a plain space",
    "invisible": "invisible character removed",
    "lone_surrogate": "lone surrogate (not a character) to U+FFFD",
}
# ftfy may need a second look after its first repair (mojibake of mojibake); it never needs many.
_MAX_ROUNDS = 3


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line without its newline) for every line; only "\\n" separates lines here."""
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


@register_pass
class UnicodePass(Pass):
    name = "unicode"
    description = "mojibake repair (ftfy), Unicode normalization, odd spaces to plain spaces"

    def setup(self) -> None:
        self.config = ftfy.TextFixerConfig(
            unescape_html=False,
            fix_latin_ligatures=False,
            fix_character_width=False,
            uncurl_quotes=self.options.uncurl_quotes,
            fix_line_breaks=False,
            normalization=self.options.normalization,  # type: ignore[arg-type]
            explain=True,
        )

    def run(self, doc: Document) -> PassResult:
        text = doc.text
        edits: list[Edit] = []
        if text.isascii() and not _NEEDS_FTFY.search(text):
            return PassResult()
        for offset, line in _lines(text):
            if line.isascii() and not _NEEDS_FTFY.search(line):
                continue
            edits.extend(self._fix_line(line, offset))
        counts: dict[str, int] = {}
        for e in edits:
            counts[e.rule] = counts.get(e.rule, 0) + 1
        return PassResult(edits=edits, report={"fixes": counts} if counts else {})

    def _fix_line(self, line: str, offset: int) -> list[Edit]:
        # Character fixes first; ftfy then sees what is left. The two are repeated to a fixed point,
        # because removing an odd space can reveal mojibake (and repairing mojibake can yield an NBSP),
        # so the pass is idempotent: its output has nothing left for it to fix.
        pre = _char_fixed(line)
        fixed, steps = self._ftfy(pre)
        if fixed == pre:  # the common case: only character fixes, each its own precise edit
            return list(self._char_fixes(line, 0, len(line), offset))
        for _ in range(_MAX_ROUNDS):
            again, more = self._ftfy(_char_fixed(fixed))
            if again == fixed:
                break
            fixed, steps = again, steps + more
        start = _common_prefix(line, fixed)
        tail = _common_suffix(line[start:], fixed[start:])
        end = len(line) - tail
        category = "mojibake" if any(kind in ("encode", "decode", "transcode") for kind, _ in steps) else (
            steps[0][1] if steps else "unicode")
        extra = "; odd spaces and invisible characters fixed" if pre != line else ""
        return [
            Edit(
                pass_name=self.name,
                rule=f"unicode.{category}",
                start=offset + start,
                end=offset + end,
                old=line[start:end],
                new=fixed[start : len(fixed) - tail],
                reason="ftfy: " + ", ".join(f"{kind} {arg}" for kind, arg in steps) + extra,
                category=category,
            )
        ]

    def _ftfy(self, line: str) -> tuple[str, list[tuple[str, str]]]:
        """ftfy's repair of a line, repeated while it keeps finding something, and the steps it took."""
        steps: list[tuple[str, str]] = []
        current = line
        for _ in range(_MAX_ROUNDS):
            try:
                result = ftfy.fix_and_explain(current, self.config)
            except Exception:  # ftfy on adversarial input: keep the line rather than fail the document
                break
            if result.text == current:
                break
            steps.extend((str(k), str(a)) for k, a in result.explanation or ())
            current = _char_fixed(result.text)
        return current, steps

    def _char_fixes(self, line: str, lo: int, hi: int, offset: int) -> Iterator[Edit]:
        for m in _CHAR_FIXES.finditer(line, lo, hi):
            group = m.lastgroup or ""
            yield Edit(
                pass_name=self.name,
                rule=f"unicode.{group}",
                start=offset + m.start(),
                end=offset + m.end(),
                old=m.group(),
                new=_REPLACEMENT[group],
                reason=_REASONS[group],
                category=group,
            )


def _char_fixed(text: str) -> str:
    return _CHAR_FIXES.sub(lambda m: _REPLACEMENT[m.lastgroup or ""], text)


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _common_suffix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[-1 - i] == b[-1 - i]:
        i += 1
    return i
