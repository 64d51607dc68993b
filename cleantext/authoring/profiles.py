"""How hard ``cleantext rules test`` looks: hypothesis examples, stress inputs and growth budgets per profile."""

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
    #: doubling the input may multiply a rule's CPU time by at most this: linear work measures about 2,
    #: quadratic (a search that tries every start, or a pass comparing lines of a page) about 4 and up to 6
    #: on shipped rules, catastrophic backtracking far more. The margin above quadratic absorbs noise; the
    #: per-rule matcher timeout bounds what grows faster yet stays under it. A ratio of two runs on the same
    #: machine, so the check does not depend on the machine's speed.
    max_growth: float
    #: the matcher timeout rules run with during the checks (bounds a catastrophic pattern)
    rule_timeout: float
    #: applications of a pack before it is declared not to reach a fixed point
    max_rounds: int


PROFILES: dict[str, Profile] = {
    # quick enough to run on every save
    "dev": Profile(name="dev", max_examples=8, explicit=6, pack_examples=10, pumps=3, pump_size=1000,
                   max_growth=8.0, rule_timeout=0.25, max_rounds=6),
    "ci": Profile(name="ci", max_examples=40, explicit=16, pack_examples=60, pumps=16, pump_size=4000,
                  max_growth=8.0, rule_timeout=0.25, max_rounds=8),
    "thorough": Profile(name="thorough", max_examples=400, explicit=64, pack_examples=600, pumps=64, pump_size=10000,
                        max_growth=8.0, rule_timeout=0.5, max_rounds=12),
}


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise CleantextError(f"unknown profile {name!r}. Available profiles: {', '.join(PROFILES)}") from None
