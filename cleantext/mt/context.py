"""The context conditions of phrase and pattern rules: text that must (or must not) stand before or after a
hit, and words its sentence must hold (``before``, ``not_before``, ``after``, ``not_after``, ``sentence_has``)."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..kinds import Rule
from ..matching import compile_pattern
from .text import sentence_bounds

#: how much text either side of a hit the ``before`` / ``after`` conditions see
CONTEXT_WINDOW = 80


@dataclass(frozen=True, slots=True)
class RuleContext:
    """A phrase or pattern rule's compiled context conditions."""

    before: regex.Pattern[str] | None
    after: regex.Pattern[str] | None
    not_before: regex.Pattern[str] | None
    not_after: regex.Pattern[str] | None
    sentence_has: regex.Pattern[str] | None

    @classmethod
    def of(cls, rule: Rule) -> RuleContext:
        def tail(key: str) -> regex.Pattern[str] | None:
            p = rule.param(key)
            return compile_pattern(f"(?:{p})\\Z") if p else None

        def head(key: str) -> regex.Pattern[str] | None:
            p = rule.param(key)
            return compile_pattern(p) if p else None

        words = rule.param("sentence_has")
        has = (compile_pattern(r"\b(?:" + "|".join(regex.escape(w) for w in words) + r")\b", "i")
               if words else None)
        return cls(tail("before"), head("after"), tail("not_before"), head("not_after"), has)

    @property
    def empty(self) -> bool:
        return all(c is None for c in (self.before, self.after, self.not_before, self.not_after, self.sentence_has))

    def holds(self, text: str, start: int, end: int, timeout: float) -> bool:
        return self.failing(text, start, end, timeout) is None

    def failing(self, text: str, start: int, end: int, timeout: float) -> str | None:
        """The first condition that does not hold around ``text[start:end]`` (its param name), or None."""
        if self.empty:
            return None
        left = text[max(0, start - CONTEXT_WINDOW) : start]
        right = text[end : end + CONTEXT_WINDOW]
        try:
            if self.before is not None and not self.before.search(left, timeout=timeout):
                return "before"
            if self.not_before is not None and self.not_before.search(left, timeout=timeout):
                return "not_before"
            if self.after is not None and not self.after.match(right, timeout=timeout):
                return "after"
            if self.not_after is not None and self.not_after.match(right, timeout=timeout):
                return "not_after"
            if self.sentence_has is not None:
                lo, hi = sentence_bounds(text, start, end)
                if not self.sentence_has.search(text, lo, hi, timeout=timeout):
                    return "sentence_has"
        except TimeoutError as exc:  # the caller skips the rule and reports it by its id
            raise TimeoutError(f"a context condition of {len(text)} characters ran out of time") from exc
        return None


def context_failure(rule: Rule, text: str, start: int, end: int, *, timeout: float) -> str | None:
    """The context param of ``rule`` (before, after, not_before, ...) that turns down a hit at ``start:end``."""
    return RuleContext.of(rule).failing(text, start, end, timeout)
