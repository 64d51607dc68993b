"""The ``tidy`` pass: trailing spaces, runs of blank lines, blank lines at the ends, a final newline.

It runs last, so it also tidies the gaps that removed boilerplate lines leave behind.
"""

from __future__ import annotations

import regex

from ..document import Document, PassResult
from ..edits import Edit
from .base import Pass, register_pass

_TRAILING = regex.compile(r"[^\S\r\n]+(?=\r?$)")
_SPACE = regex.compile(r"[^\S\r\n]")


@register_pass
class TidyPass(Pass):
    name = "tidy"
    description = "trailing spaces, runs of blank lines, final newline"
    rule_ids = ("tidy.blank_document", "tidy.leading_blank", "tidy.trailing_space", "tidy.blank_run",
                "tidy.final_newline")

    def run(self, doc: Document) -> PassResult:
        text = doc.text
        if not text:
            return PassResult()
        edits: list[Edit] = []
        eol = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
        # (offset, line including its "\n") for every line; only "\n" ends a line
        lines: list[tuple[int, str]] = []
        pos = 0
        parts = text.split("\n")
        last_part = parts.pop()
        for part in parts:
            lines.append((pos, part + "\n"))
            pos += len(part) + 1
        if last_part:
            lines.append((pos, last_part))
        blank = [not line.strip() for _, line in lines]
        n = len(lines)
        first = next((i for i in range(n) if not blank[i]), n)
        last = next((i for i in range(n - 1, -1, -1) if not blank[i]), -1)
        if first == n:  # nothing but white space
            return PassResult(edits=[self._edit("tidy.blank_document", 0, text, "", "document is only white space")]
                              if self.runs("tidy.blank_document") else [])
        if first > 0 and self.runs("tidy.leading_blank"):
            edits.append(self._edit("tidy.leading_blank", 0, text[: lines[first][0]], "",
                                    "blank lines before the text"))
        trailing, runs = self.runs("tidy.trailing_space"), self.runs("tidy.blank_run")
        i = first
        while i <= last:
            offset, line = lines[i]
            if not blank[i]:
                content = line.rstrip("\n")
                # the full search walks the whole line; only lines whose last character (before a
                # final \r) is white space can match, and a one-character test finds those
                last_char = len(content) - 1 - content.endswith("\r")
                m = (_TRAILING.search(content) if trailing and last_char >= 0 and _SPACE.match(content, last_char)
                     else None)
                if m:
                    edits.append(self._edit("tidy.trailing_space", offset + m.start(), m.group(), "",
                                            "white space at the end of a line"))
                i += 1
                continue
            j = i
            while j <= last and blank[j]:
                j += 1
            run = text[offset : lines[j][0]]
            if run != eol and runs:
                edits.append(self._edit("tidy.blank_run", offset, run, eol, "blank lines folded to one"))
            i = j
        # the end: exactly one newline after the last line of text
        last_offset, last_line = lines[last]
        content_end = last_offset + len(last_line.rstrip("\r\n"))
        tail = text[content_end:]
        if tail != eol and self.runs("tidy.final_newline"):
            edits.append(self._edit("tidy.final_newline", content_end, tail, eol,
                                    "text ends with exactly one newline"))
        return PassResult(edits=edits)

    def _edit(self, rule: str, start: int, old: str, new: str, reason: str) -> Edit:
        return Edit(self.name, rule, start, start + len(old), old, new, reason, category="whitespace")
