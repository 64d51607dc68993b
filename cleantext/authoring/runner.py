"""Running rules alone: a pass (or the passes of a pack) built from given rules only, with its edit log.

The property checks need more than the output text: the edits each run made (to check locality and
to name the rules that fight) and the time it took. The passes are built once per rule set into a
:class:`~cleantext.pipeline.Pipeline` and reused for every generated input: a rule is tested through
the same code that runs it in ``clean`` (error isolation, rejected edits, mentions), not a copy of it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..document import Document, Mention
from ..edits import Edit
from ..kinds import Gazetteer, Rule
from ..options import Options
from ..passes import PASSES, pipeline_order
from ..passes.base import Pass
from ..pipeline import Pipeline
from ..reports import PassReport


@dataclass(frozen=True, slots=True)
class Run:
    """One application of a rule set to a text: the output, the edits (pass by pass) and the time taken."""

    input: str
    output: str
    edits: tuple[Edit, ...] = ()
    #: CPU seconds the run took (time.thread_time), which a busy machine does not inflate
    seconds: float = 0.0
    #: what the passes reported (timed-out rules, errors, rejected edits), by pass name, as the pipeline does
    reports: dict[str, Any] = field(default_factory=dict)
    #: the entity mentions the passes found, on the output
    mentions: tuple[Mention, ...] = ()
    #: the typed report of each pass (timed-out rules, errors, rejected edits)
    pass_reports: tuple[PassReport, ...] = ()


def pass_order(rules: Iterable[Rule], *, gazetteers: bool = False) -> list[str]:
    """The passes the rules belong to (and the names pass when there are gazetteers), in pipeline order."""
    names = {r.pass_name for r in rules} | ({"names"} if gazetteers else set())
    return [p for p in pipeline_order() if p in names]


def order_rules(rules: Sequence[Rule], *, reverse: bool = False) -> list[Rule]:
    """The rules in the given (or reversed) order, moved as needed so every rule follows its ``after`` ids."""
    pending = list(reversed(rules)) if reverse else list(rules)
    ids = {r.id for r in pending}
    placed: set[str] = set()
    out: list[Rule] = []
    while pending:
        for i, r in enumerate(pending):
            if all(a in placed or a not in ids for a in r.after):
                out.append(pending.pop(i))
                placed.add(r.id)
                break
        else:  # a cycle of 'after' declarations (lint reports it): keep the rest as they are
            out.extend(pending)
            break
    return out


class Runner:
    """The passes of ``rules``, each built from its rules alone, applied in pipeline order.

    Rules tagged with a source language run as on a text translated from it, unless ``detect_source_lang``
    (then the pass decides the source language from the text, as the pipeline does). ``gazetteers`` go to
    the names pass, so a gazetteer is tested the way rules are.
    """

    def __init__(self, rules: Sequence[Rule], *, gazetteers: Sequence[Gazetteer] = (),
                 options: Options | None = None, detect_source_lang: bool = False) -> None:
        self.rules = list(rules)
        self.gazetteers = list(gazetteers)
        opts = options or Options(strict=True)
        langs = sorted({r.source_lang for r in self.rules if r.source_lang})
        if langs and opts.source_lang is None and not detect_source_lang:
            # rules tagged with a source language run as on a document translated from it
            opts = replace(opts, source_lang=langs[0])
        self.options = opts
        self.pipeline = Pipeline([
            PASSES.get(name)([r for r in self.rules if r.pass_name == name],
                             self.gazetteers if name == "names" else (), options=opts)
            for name in pass_order(self.rules, gazetteers=bool(self.gazetteers))
        ], strict=opts.strict)

    @property
    def passes(self) -> list[Pass]:
        return self.pipeline.passes

    def run(self, text: str) -> Run:
        # CPU time of this thread, not wall time: the budget check compares it with a budget, and a run that
        # waited for a busy machine's CPU (CI on two loaded cores) did no more work than one that did not
        started = time.thread_time()
        result = self.pipeline.run(Document(text=text, id="rule-test"))
        return Run(text, result.text, result.edits, time.thread_time() - started, dict(result.reports),
                   result.mentions, result.pass_reports)

    def __call__(self, text: str) -> str:
        return self.run(text).output


def rule_of(edit: Edit, rules: Sequence[Rule]) -> Rule | None:
    """The rule an edit came from: passes name edits by rule id, sometimes with a prefix or suffix."""
    for r in rules:
        if edit.rule == r.id:
            return r
    for r in rules:
        if r.id in edit.rule:
            return r
    return None
