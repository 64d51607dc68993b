"""Exceptions cleantext raises, each naming what is wrong and where."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class CleantextError(Exception):
    """Base class of every error cleantext raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a rule file, with where it is."""

    path: str
    line: int | None
    message: str
    rule: str | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        rule = f" [rule {self.rule}]" if self.rule else ""
        return f"{where}:{rule} {self.message}"


class RuleError(CleantextError):
    """One or more rule files are broken. Carries every problem found in the load, not just the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in rule files:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class UnknownNameError(CleantextError, KeyError):
    """A name looked up in a registry (a pass, a kind) does not exist."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class OptionError(CleantextError, ValueError):
    """An option has a value outside its choices (the message lists them)."""


class UnknownOptionError(OptionError, TypeError):
    """``Options(...)`` was given a keyword that is no option (a TypeError too, as Python raises there)."""
