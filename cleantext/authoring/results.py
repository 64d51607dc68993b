"""What a rule check finds: one outcome per test item, with everything needed to act on a failure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..edits import Edit
from ..kinds import Rule

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
#: the name pack-level checks carry where a rule id would be
PACK = "pack"


@dataclass(frozen=True, slots=True)
class RunView:
    """One run shown in a report: what went in, what came out, and the edits in between."""

    label: str
    input: str
    output: str
    edits: tuple[Edit, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "input": self.input, "output": self.output,
                "edits": [e.to_dict() for e in self.edits]}


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one check of one rule (or of a pack): ``path::rule::check``."""

    path: str
    rule: str  # the rule id, or PACK for pack-level checks
    check: str  # fix[0], keep[1], known_fp[0], examples, idempotent, local, budget, case, fixed_point, order
    status: str
    line: int | None = None
    message: str = ""
    #: the (shrunk) input that shows the failure
    counterexample: str | None = None
    expected: str | None = None
    runs: tuple[RunView, ...] = ()
    #: the rules a pack-level failure is about (the ones that fight, the ones that depend on order)
    rules: tuple[str, ...] = ()
    repro: str = ""
    seconds: float = 0.0

    @property
    def id(self) -> str:
        return f"{self.path}::{self.rule}::{self.check}"

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "path": self.path, "line": self.line, "rule": self.rule, "check": self.check,
            "status": self.status, "message": self.message, "counterexample": self.counterexample,
            "expected": self.expected, "runs": [r.to_dict() for r in self.runs], "rules": list(self.rules),
            "repro": self.repro, "seconds": round(self.seconds, 4),
        }


class PropertyFailed(Exception):
    """Raised inside a hypothesis run so that it shrinks the input; carries what the report shows.

    A plain class, not a frozen dataclass: hypothesis adds notes to the exceptions it reports.
    """

    def __init__(self, check: str, message: str, input: str, *, runs: tuple[RunView, ...] = (),
                 rules: tuple[str, ...] = (), expected: str | None = None) -> None:
        super().__init__(f"{check}: {message} (input {input!r})")
        self.check = check
        self.message = message
        self.input = input
        self.runs = runs
        self.rules = rules
        self.expected = expected


@dataclass(slots=True)
class Collector:
    """Outcomes of one rule or pack, with the place they are reported against."""

    path: str
    rule: str
    line: int | None
    repro: str
    outcomes: list[Outcome] = field(default_factory=list)

    @classmethod
    def for_rule(cls, rule: Rule, repro: str) -> Collector:
        return cls(rule.location.path, rule.id, rule.location.line, repro)

    def add(self, check: str, status: str, message: str = "", *, seconds: float = 0.0,
            failure: PropertyFailed | None = None, counterexample: str | None = None,
            expected: str | None = None, runs: tuple[RunView, ...] = (), rules: tuple[str, ...] = ()) -> None:
        if failure is not None:
            message = message or failure.message
            counterexample = failure.input
            expected = failure.expected
            runs = failure.runs
            rules = failure.rules
        self.outcomes.append(Outcome(
            path=self.path, rule=self.rule, check=check, status=status, line=self.line, message=message,
            counterexample=counterexample, expected=expected, runs=runs, rules=rules,
            repro=self.repro if status == FAILED else "", seconds=seconds,
        ))
