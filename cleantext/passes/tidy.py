"""The ``tidy`` pass: trailing spaces, runs of blank lines, blank lines at the ends, a final newline.

It runs last, so it also tidies the gaps that removed boilerplate lines leave behind.
"""

from __future__ import annotations

import regex

from ..document import Document, PassResult
from ..edits import Edit
from .base import Pass, register_pass

_TRAILING = regex.compile(r"[^\S\r\n]+(?=\r?$)")


@register_pass
class TidyPass(Pass):
    name = "tidy"
    description = "trailing spaces, runs of blank lines, final newline"

    def run(self, doc: Document) -> PassResult:
        text = doc.text
        if not text:
            return PassResult()
        edits: list[Edit] = []
        eol = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
        # (offset, line including its "\n") for every line
        lines: list[tuple[int, str]] = []
        pos = 0
        for line in text.splitlines(keepends=True) if "\n" in text else [text]:
            lines.append((pos, line))
            pos += len(line)
        # splitlines also breaks on \r, \x0b, \x85, \u2028...; re-join so only "\n" ends a line
        lines = _join_on_newline(lines)
        blank = [not line.strip() for _, line in lines]
        n = len(lines)
        first = next((i for i in range(n) if not blank[i]), n)
        last = next((i for i in range(n - 1, -1, -1) if not blank[i]), -1)
        if first == n:  # nothing but white space
            return PassResult(edits=[self._edit("tidy.blank_document", 0, text, "", "document is only white space")])
        if first > 0:
            edits.append(self._edit("tidy.leading_blank", 0, text[: lines[first][0]], "",
                                    "blank lines before the text"))
        i = first
        while i <= last:
            offset, line = lines[i]
            if not blank[i]:
                content = line.rstrip("\n")
                m = _TRAILING.search(content)
                if m:
                    edits.append(self._edit("tidy.trailing_space", offset + m.start(), m.group(), "",
                                            "white space at the end of a line"))
                i += 1
                continue
            j = i
            while j <= last and blank[j]:
                j += 1
            run = text[offset : lines[j][0]]
            if run != eol:
                edits.append(self._edit("tidy.blank_run", offset, run, eol, "blank lines folded to one"))
            i = j
        # the end: exactly one newline after the last line of text
        last_offset, last_line = lines[last]
        content_end = last_offset + len(last_line.rstrip("\r\n"))
        tail = text[content_end:]
        if tail != eol:
            edits.append(self._edit("tidy.final_newline", content_end, tail, eol,
                                    "text ends with exactly one newline"))
        return PassResult(edits=edits)

    def _edit(self, rule: str, start: int, old: str, new: str, reason: str) -> Edit:
        return Edit(self.name, rule, start, start + len(old), old, new, reason, category="whitespace")


def _join_on_newline(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for offset, line in lines:
        if out and not out[-1][1].endswith("\n"):
            prev_offset, prev = out.pop()
            out.append((prev_offset, prev + line))
        else:
            out.append((offset, line))
    return out
