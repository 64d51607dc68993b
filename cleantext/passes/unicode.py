"""The ``unicode`` pass: mojibake repair and Unicode clean-up, each fix explained.

ftfy does the repair, with settings chosen for news text: it fixes encoding errors, control and
terminal-escape characters, surrogate pairs and normalizes to NFC, but it does **not** straighten
curly quotes, unfold ligatures, narrow full-width characters, rewrite line breaks or unescape HTML
(that is not idempotent on text that really contains ``&amp;``), because those are legitimate
typography or content.

Cost: only lines holding a non-ASCII or control character are looked at, found with one scan of
the document. Of those, only lines where ftfy could change something are given to ftfy: ftfy's own
preconditions are checked first (its mojibake heuristic ``is_bad``, C1 and other control characters,
surrogates, text not in the normalization form), so a line of clean accented text or curly quotes
costs a couple of C-speed checks instead of a full ``fix_and_explain`` (about 15x more).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator

import ftfy
from ftfy.badness import BADNESS_RE, is_bad

from ..document import Document, PassResult
from ..edits import Edit
from .base import Pass, register_pass

# Spaces that are not U+0020 but mean one: NBSP, the typographic spaces, narrow NBSP, ideographic.
_ODD_SPACE = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Characters that render as nothing and break matching: ZWSP, word joiner, BOM, soft hyphen.
# ZWJ and ZWNJ (U+200C/D) are left alone: Persian, Indic scripts and emoji need them.
_INVISIBLE = "\u200b\u2060\ufeff\u00ad"
# Plain character classes only, so the standard ``re`` module (several times faster here than ``regex``).
_CHAR_FIXES = re.compile(
    rf"(?P<odd_space>[{_ODD_SPACE}])|(?P<invisible>[{_INVISIBLE}]+)|(?P<lone_surrogate>[\ud800-\udfff])"
)
# anything but tab, line feed, carriage return and printable ASCII (one class: faster than an alternation)
_NEEDS_FTFY = re.compile(r"[^\t\n\r\x20-\x7e]")
_ANY_CHAR_FIX = re.compile(rf"[{_ODD_SPACE}{_INVISIBLE}\ud800-\udfff]")
# Characters some ftfy fixer acts on with our settings, whatever their context: C0/C1 controls and the
# other characters of ftfy's remove_control_chars, terminal escapes (ESC), surrogates.
_FTFY_TRIGGER = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u206a-\u206f\ufeff\ufff9-\ufffc\ud800-\udfff]"
)
_QUOTES = re.compile("[\u02bc\u2018-\u201f]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# Every alternative of ftfy's mojibake pattern (BADNESS_RE) matches at most 7 characters, at least one
# of them non-ASCII; so a match lies within this many characters of a non-ASCII run, and is_bad can be
# asked about small windows of a line instead of the whole line (a window starting inside a line may
# only add false alarms, via the pattern's "^": they cost a call of ftfy, never a missed repair).
_BADNESS_REACH = 8
# Where a match of ftfy's mojibake pattern can be. Read off that pattern (ftfy 6.3): every alternative
# holds a C1 control, a Œ/œ/Ã/Â, or two adjacent non-ASCII characters (all its character categories are
# non-ASCII). So windows are opened only around those, not around every accented letter: in German or
# French text most non-ASCII runs are one letter and open none. Used only while ftfy's pattern is the
# one this was read from (its hash below); otherwise every non-ASCII run opens a window, as before.
_MOJIBAKE_SEED = re.compile("[\x80-\x9f\u0152\u0153\u00c2\u00c3]|[^\x00-\x7f]{2,}")
_SEED_CHECKED_FOR = "9dcc0f2ac90d9ae3"  # sha256 of BADNESS_RE.pattern, first 16 hex digits
_WINDOW_SEED = (_MOJIBAKE_SEED if hashlib.sha256(BADNESS_RE.pattern.encode()).hexdigest()[:16] == _SEED_CHECKED_FOR
                and BADNESS_RE.flags & re.MULTILINE == 0 else _NON_ASCII_RUN)
_REPLACEMENT = {"odd_space": " ", "invisible": "", "lone_surrogate": "\ufffd"}
_REASONS = {
    "odd_space": "non-breaking or typographic space to a plain space",
    "invisible": "invisible character removed",
    "lone_surrogate": "lone surrogate (not a character) to U+FFFD",
}
# ftfy may need a second look after its first repair (mojibake of mojibake); it never needs many.
_MAX_ROUNDS = 3


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
            normalization=self.options.normalization,
            explain=True,
        )

    def run(self, doc: Document) -> PassResult:
        text = doc.text
        edits: list[Edit] = []
        if text.isascii() and not _NEEDS_FTFY.search(text):
            return PassResult()
        if _ANY_CHAR_FIX.search(text) or self._ftfy_may_change(text, check_mojibake=False):
            # Jump from one line with something non-ASCII to the next; ASCII lines are never visited.
            pos = 0
            while (m := _NEEDS_FTFY.search(text, pos)) is not None:
                start, end = _line_around(text, m.start(), m.end())
                edits.extend(self._fix_line(text[start:end], start))
                pos = end + 1
        else:
            # The common case (curly quotes, accents, nothing broken): only mojibake could still be
            # there, and only around non-ASCII runs; lines with a suspect window get the full check.
            done = -1
            for lo, hi in _bad_windows(text):
                start, end = _line_around(text, lo, hi)
                while start < end and start > done:
                    line_end = text.find("\n", start)
                    line_end = len(text) if line_end < 0 else line_end
                    edits.extend(self._fix_line(text[start:line_end], start))
                    done = start
                    start = line_end + 1
        counts: dict[str, int] = {}
        for e in edits:
            counts[e.rule] = counts.get(e.rule, 0) + 1
        return PassResult(edits=edits, report={"fixes": counts} if counts else {})

    def _fix_line(self, line: str, offset: int) -> list[Edit]:
        # Character fixes first; ftfy then sees what is left. The two are repeated to a fixed point,
        # because removing an odd space can reveal mojibake (and repairing mojibake can yield an NBSP),
        # so the pass is idempotent: its output has nothing left for it to fix.
        has_char_fixes = _ANY_CHAR_FIX.search(line) is not None
        pre = _char_fixed(line) if has_char_fixes else line
        if not self._ftfy_may_change(pre):
            return list(self._char_fixes(line, 0, len(line), offset)) if has_char_fixes else []
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

    def _ftfy_may_change(self, line: str, *, check_mojibake: bool = True) -> bool:
        """False only when no ftfy fixer enabled in ``self.config`` can change ``line``.

        These are ftfy's own preconditions: fix_encoding does nothing unless ``is_bad``; the control,
        C1, escape and surrogate fixers need their characters; normalization needs un-normalized text.
        """
        if _FTFY_TRIGGER.search(line) or (check_mojibake and any(_bad_windows(line))):
            return True
        form = self.options.normalization
        if form and not unicodedata.is_normalized(form, line):
            return True
        return bool(self.options.uncurl_quotes and _QUOTES.search(line))

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


def _bad_windows(text: str) -> Iterator[tuple[int, int]]:
    """Spans around mojibake seeds where ``ftfy.badness.is_bad`` finds something (or a false alarm).

    The lines these spans touch are the lines where ``is_bad`` finds something, whichever seeds open
    the windows: a window starts at its line's start or at a character that cannot start a match."""
    lo = hi = -1
    for m in _WINDOW_SEED.finditer(text):
        # A window never crosses a line end: each line is checked on its own, so its first character
        # must stay the window's first character for the pattern's "^" to see it.
        a = max(text.rfind("\n", 0, m.start()) + 1, m.start() - _BADNESS_REACH)
        b = text.find("\n", m.end(), m.end() + _BADNESS_REACH)
        b = m.end() + _BADNESS_REACH if b < 0 else b
        if a <= hi:  # overlaps the current window (so on the same line): extend it
            hi = b
            continue
        if hi >= 0 and is_bad(text[lo:hi]):
            yield lo, min(hi, len(text))
        lo, hi = a, b
    if hi >= 0 and is_bad(text[lo:hi]):
        yield lo, min(hi, len(text))


def _line_around(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Start of the line holding ``lo`` and end (before its newline) of the line holding ``hi - 1``."""
    start = text.rfind("\n", 0, lo) + 1
    end = text.find("\n", max(lo, hi - 1))
    return start, len(text) if end < 0 else end


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
