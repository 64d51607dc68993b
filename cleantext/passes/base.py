"""The pass interface and the registry of passes."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar

from ..document import Document, PassResult
from ..kinds import Gazetteer, Rule
from ..options import Options
from ..registry import Registry

#: The passes in the order the pipeline runs them.
PIPELINE_ORDER: tuple[str, ...] = ("unicode", "boilerplate", "mt_repair", "names", "tidy")


class Pass(ABC):
    """One step of the pipeline. Pure: it reads a document and returns edits; it never changes state.

    A pass is built once from its rules and options (compile matchers here, not in ``run``) and then
    called on many documents, from several threads at once.
    """

    name: ClassVar[str]
    description: ClassVar[str] = ""

    def __init__(self, rules: Sequence[Rule] = (), gazetteers: Sequence[Gazetteer] = (), *,
                 options: Options | None = None) -> None:
        self.rules = list(rules)
        self.gazetteers = list(gazetteers)
        self.options = options or Options()
        self.setup()

    def setup(self) -> None:
        """Compile matchers from ``self.rules`` / ``self.gazetteers``; called once, at construction."""
        return None  # passes without rules (unicode, tidy) need no set-up

    @abstractmethod
    def run(self, doc: Document) -> PassResult:
        """Edits against ``doc.text``; never mutates ``doc``."""


PASSES: Registry[type[Pass]] = Registry("pass", "passes")


def register_pass(cls: type[Pass]) -> type[Pass]:
    PASSES.register(cls.name)(cls)
    return cls
