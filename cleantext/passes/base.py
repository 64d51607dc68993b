"""The pass interface and the registry of passes."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, overload

from ..document import Document, PassResult
from ..errors import UnknownNameError
from ..kinds import Gazetteer, Rule
from ..options import Options
from ..plugins import load_plugins
from ..registry import Registry

#: The built-in passes in the order the pipeline runs them; :func:`pipeline_order` adds registered ones.
PIPELINE_ORDER: tuple[str, ...] = ("unicode", "boilerplate", "mt_repair", "names", "tidy")


class Pass(ABC):
    """One step of the pipeline. Pure: it reads a document and returns edits; it never changes state.

    A pass is built once from its rules and options (compile matchers here, not in ``run``) and then
    called on many documents, from several threads at once.
    """

    name: ClassVar[str]
    description: ClassVar[str] = ""
    #: the pass's built-in rules (not from rule files) that can be disabled by id: the pass skips those in
    #: ``options.disabled_rules`` (``Cleaner(disable=[...])`` checks the ids and fills it)
    rule_ids: ClassVar[tuple[str, ...]] = ()

    def __init__(self, rules: Sequence[Rule] = (), gazetteers: Sequence[Gazetteer] = (), *,
                 options: Options | None = None) -> None:
        self.rules = list(rules)
        self.gazetteers = list(gazetteers)
        self.options = options or Options()
        self.setup()

    def setup(self) -> None:
        """Compile matchers from ``self.rules`` / ``self.gazetteers``; called once, at construction."""
        return None  # passes without rules (unicode, tidy) need no set-up

    def runs(self, rule_id: str) -> bool:
        """Whether a built-in rule of this pass runs (it was not disabled)."""
        return rule_id not in self.options.disabled_rules

    @abstractmethod
    def run(self, doc: Document) -> PassResult:
        """Edits against ``doc.text``; never mutates ``doc``."""


#: passes of other installed packages (entry points, cleantext.plugins) join on the first lookup
PASSES: Registry[type[Pass]] = Registry("pass", "passes", loader=load_plugins)


@dataclass(frozen=True, slots=True)
class _Placement:
    """Where a pass that is not built in runs: right after or before ``anchor``, and whether by default."""

    name: str
    anchor: str
    after: bool
    default: bool


#: placements of the registered passes that are not built in, in registration order
_PLACED: dict[str, _Placement] = {}


@overload
def register_pass(cls: type[Pass], /, *, after: str | None = None, before: str | None = None,
                  default: bool = True) -> type[Pass]: ...


@overload
def register_pass(*, after: str | None = None, before: str | None = None,
                  default: bool = True) -> Callable[[type[Pass]], type[Pass]]: ...


def register_pass(cls: type[Pass] | None = None, /, *, after: str | None = None, before: str | None = None,
                  default: bool = True) -> type[Pass] | Callable[[type[Pass]], type[Pass]]:
    """Register a pass (as ``@register_pass`` or ``@register_pass(after="mt_repair")``).

    A pass that is not built in runs right ``after`` or ``before`` a registered pass (passes placed at
    the same point run in registration order), by default before ``tidy``, which tidies last. With
    ``default=False`` it runs only when named (``Cleaner(passes=[...])``, ``--passes``). A place naming
    an unknown pass is an error, raised here rather than the pass being left out of the pipeline.
    """
    def deco(c: type[Pass]) -> type[Pass]:
        placement = None if c.name in PIPELINE_ORDER else _placement(c.name, after=after, before=before,
                                                                     default=default)
        PASSES.register(c.name)(c)
        if placement is not None:
            _PLACED[c.name] = placement
        return c

    return deco if cls is None else deco(cls)


def _placement(name: str, *, after: str | None, before: str | None, default: bool) -> _Placement:
    if after is not None and before is not None:
        raise ValueError(f"pass {name!r}: give after= or before=, not both")
    anchor = after or before or "tidy"
    if anchor not in PASSES or anchor == name:
        raise UnknownNameError(f"pass {name!r} cannot be placed {'after' if after else 'before'} {anchor!r}: "
                               + PASSES.unknown_message(anchor))
    return _Placement(name, anchor, after is not None, default)


def pipeline_order() -> tuple[str, ...]:
    """Every registered pass in the order the pipeline runs them: the built-in ones, and each other one at
    its place."""
    load_plugins()  # plugin passes take their places
    order = list(PIPELINE_ORDER)
    placed_after: dict[str, int] = {}  # passes already placed right after each anchor
    for p in _PLACED.values():
        at = order.index(p.anchor)
        if p.after:
            at += 1 + placed_after.get(p.anchor, 0)
            placed_after[p.anchor] = placed_after.get(p.anchor, 0) + 1
        order.insert(at, p.name)
    return tuple(order)


def default_passes() -> tuple[str, ...]:
    """The passes a pipeline runs when none are named: all but those registered with ``default=False``."""
    return tuple(n for n in pipeline_order() if n not in _PLACED or _PLACED[n].default)
