"""Rule authoring: examples as tests, properties checked with hypothesis, lint, explain and try.

The machinery behind ``cleantext rules ...``, the pytest plugin and :mod:`cleantext.testing`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .profiles import PROFILES, Profile, get_profile
from .results import FAILED, PACK, PASSED, SKIPPED, Outcome, RunView
from .runner import Run, Runner

if TYPE_CHECKING:
    from .suite import TestReport, check_pack, check_rule, run_tests

#: names of the test suite, imported on first use: the suite imports hypothesis (0.4 s), which
#: ``cleantext clean`` never needs though the CLI imports this package for its ``rules`` commands
_FROM_SUITE = frozenset({"TestReport", "check_pack", "check_rule", "run_tests"})

__all__ = [
    "FAILED", "PACK", "PASSED", "PROFILES", "SKIPPED", "Outcome", "Profile", "Run", "RunView", "Runner",
    "TestReport", "check_pack", "check_rule", "get_profile", "run_tests",
]


def __getattr__(name: str) -> Any:
    if name in _FROM_SUITE:
        from . import suite

        return getattr(suite, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
