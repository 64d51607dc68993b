"""How hard ``cleantext rules test`` looks: hypothesis examples, stress inputs and time budgets per profile."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import CleantextError


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    name: str
    #: generated inputs per rule (all per-rule properties are checked on each)
    max_examples: int
    #: targeted inputs per rule tried before the generated ones (a changed word of a fix tripled, ...)
    explicit: int
    #: generated inputs per pack (fixed point, pack idempotence, order independence)
    pack_examples: int
    #: pumped inputs per rule, and their size in characters
    pumps: int
    pump_size: int
    #: a rule may take this many seconds per KB of input, plus a fixed allowance per run
    budget_per_kb: float
    budget_floor: float
    #: the matcher timeout rules run with during the checks (bounds a catastrophic pattern)
    rule_timeout: float
    #: applications of a pack before it is declared not to reach a fixed point
    max_rounds: int


PROFILES: dict[str, Profile] = {
    # quick enough to run on every save
    "dev": Profile(name="dev", max_examples=8, explicit=6, pack_examples=10, pumps=3, pump_size=1000,
                   budget_per_kb=0.02, budget_floor=0.05, rule_timeout=0.25, max_rounds=6),
    "ci": Profile(name="ci", max_examples=40, explicit=16, pack_examples=60, pumps=16, pump_size=4000,
                  budget_per_kb=0.02, budget_floor=0.05, rule_timeout=0.25, max_rounds=8),
    "thorough": Profile(name="thorough", max_examples=400, explicit=64, pack_examples=600, pumps=64, pump_size=10000,
                        budget_per_kb=0.02, budget_floor=0.05, rule_timeout=0.5, max_rounds=12),
}


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise CleantextError(f"unknown profile {name!r}. Available profiles: {', '.join(PROFILES)}") from None
