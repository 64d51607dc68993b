"""Rules as data: the rule and gazetteer model, and the registry of rule kinds.

A *kind* says which pass a rule belongs to, which keys it takes, and how to check them when the
file loads, and declares what the rest of the code needs to know about its rules without reading
their pass: priority and default category of its edits, which params hold patterns and literal
phrases (the rule's scope), the literals that gate it, whether it keeps case or matches fuzzily,
and each param's default. Passes register their kinds at import time (``register_kind``); the
loader uses the registry to validate every rule, so a typo in ``kind:`` lists the available kinds,
and authoring (``rules test``, lint, explain) reads the declarations instead of guessing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .plugins import load_plugins
from .registry import Registry


@dataclass(frozen=True, slots=True)
class Location:
    """Where something was written: a file and a 1-based line (None when not known)."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class FixExample:
    """``in`` must become exactly ``out``."""

    input: str
    output: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Examples:
    fix: tuple[FixExample, ...] = ()
    #: texts that must come out byte-identical
    keep: tuple[str, ...] = ()
    #: texts the rule wrongly changes today (strict expected failures: fixing the rule forces promotion)
    known_fp: tuple[str, ...] = ()
    #: fixes the rule fails to make today (strict expected failures too)
    known_miss: tuple[FixExample, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.fix or self.keep or self.known_fp or self.known_miss)


#: Confidence levels a rule may declare. Low-confidence rules are reported, not applied, unless asked.
CONFIDENCE_LEVELS = ("high", "low")


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule from a rule file, validated against its kind."""

    id: str
    kind: str
    pass_name: str
    params: Mapping[str, Any]
    examples: Examples = field(default_factory=Examples)
    description: str = ""
    confidence: str = "high"
    #: the language the text was translated from for this rule to apply (None: any document)
    source_lang: str | None = None
    #: ids of rules this one must run after (order dependence, declared)
    after: tuple[str, ...] = ()
    category: str = ""
    location: Location = field(default_factory=lambda: Location("<memory>"))
    pack: str = ""

    def param(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)


@dataclass(frozen=True, slots=True)
class Entity:
    """One gazetteer entry: a canonical name, its type, listed variants, and free metadata."""

    canonical: str
    type: str = ""
    variants: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)
    location: Location = field(default_factory=lambda: Location("<memory>"))


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """A file of entities. Later gazetteers win over earlier ones where they define the same variant."""

    name: str
    entities: tuple[Entity, ...]
    location: Location = field(default_factory=lambda: Location("<memory>"))
    #: the pack header's extra keys (description, defaults)
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Param:
    """One key a kind accepts besides the common ones."""

    types: tuple[type, ...]
    required: bool = False
    doc: str = ""
    #: the value a rule that leaves the key out gets (None: no default, or one the pass computes)
    default: Any = None

    def type_names(self) -> str:
        names = {str: "text", int: "integer", float: "number", bool: "true/false", list: "list", dict: "mapping"}
        return " or ".join(names.get(t, t.__name__) for t in self.types)


#: A deeper check of one rule's params (compile its pattern, ...); returns messages, empty when fine.
Validator = Callable[[Rule], Sequence[str]]


def no_gate(rule: Rule) -> tuple[str, ...]:
    """A kind whose rules run on every document (no literal they need)."""
    return ()


@dataclass(frozen=True, slots=True)
class RuleKind:
    """A sort of rule: which pass runs it, which keys it takes, how to check them."""

    name: str
    pass_name: str
    params: Mapping[str, Param]
    doc: str = ""
    validate: Validator | None = None
    #: How the pass credits a phrase that several rules of this kind list: the group of rules (within one
    #: file) among which such a phrase has a single owner, so that a second listing is dead; ``None`` for a
    #: rule whose matcher credits every rule listing the phrase. By default all rules of the kind are one group.
    phrase_group: Callable[[Rule], str | None] = lambda rule: ""
    #: where edits of several kinds of one pass compete for one place, the lower priority wins
    priority: int = 9
    #: what an edit of this kind repairs when the rule names no ``category`` ("" : the kind's name)
    category: str = ""
    #: params holding regular expressions the rule searches (its scope), and the param with their flags
    pattern_params: tuple[str, ...] = ()
    flags_param: str | None = None
    #: the param holding the replacement template of the patterns (its group references are checked)
    template_param: str | None = None
    #: params holding literal phrases or words the rule matches on word boundaries (its scope)
    literal_params: tuple[str, ...] = ()
    #: the literals one of which a text must contain for the rule to run there (a fast test before a scan)
    gate: Callable[[Rule], tuple[str, ...]] = no_gate
    #: the boolean param by which a rule keeps capitals of what it replaces (its default: the Param's)
    case_param: str | None = None
    #: the boolean param by which a rule also matches other wordings fuzzily (its default: the Param's)
    fuzzy_param: str | None = None

    def default_category(self) -> str:
        return self.category or self.name

    def flag(self, rule: Rule, param: str | None) -> bool:
        """A boolean param of ``rule``, or the declared default when the rule leaves it out."""
        if param is None:
            return False
        value = rule.param(param)
        return (self.params[param].default if value is None and param in self.params else value) is True

    def keeps_case(self, rule: Rule) -> bool:
        return self.flag(rule, self.case_param)

    def fuzzy(self, rule: Rule) -> bool:
        return self.flag(rule, self.fuzzy_param)


#: keys every rule may have, whatever its kind
COMMON_KEYS = frozenset(
    {"id", "kind", "description", "examples", "confidence", "source_lang", "after", "category"}
)

#: kinds of other installed packages (entry points, cleantext.plugins) join on the first lookup
KINDS: Registry[RuleKind] = Registry("kind", loader=load_plugins)


def register_kind(kind: RuleKind) -> RuleKind:
    """Add a kind to the registry (passes call this at import time)."""
    KINDS.register(kind.name)(kind)
    return kind


def kinds_of_pass(pass_name: str) -> list[RuleKind]:
    return [KINDS.get(n) for n in KINDS.names() if KINDS.get(n).pass_name == pass_name]


def kind_of(rule: Rule) -> RuleKind | None:
    """The registered kind of ``rule`` (None for a rule built in code with a kind nobody registered)."""
    return KINDS.get(rule.kind) if rule.kind in KINDS else None
