"""Rule authoring: examples as tests, properties checked with hypothesis, lint, explain and try.

The machinery behind ``cleantext rules ...``, the pytest plugin and :mod:`cleantext.testing`.
"""

from __future__ import annotations

from .profiles import PROFILES, Profile, get_profile
from .results import FAILED, PACK, PASSED, SKIPPED, Outcome, RunView
from .runner import Run, Runner
from .suite import TestReport, check_pack, check_rule, run_tests

__all__ = [
    "FAILED", "PACK", "PASSED", "PROFILES", "SKIPPED", "Outcome", "Profile", "Run", "RunView", "Runner",
    "TestReport", "check_pack", "check_rule", "get_profile", "run_tests",
]
