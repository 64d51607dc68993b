import atexit
import os
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))

# The suite's caches (parsed rule files, name indexes) live in a folder of this run, removed at its end: a test run
# leaves nothing in the user's ~/.cache. Set before any test module builds a Cleaner at import; tests of the
# cache itself point CLEANTEXT_CACHE_DIR elsewhere with monkeypatch.
_cache = tempfile.TemporaryDirectory(prefix="cleantext-test-cache-")
atexit.register(_cache.cleanup)
os.environ["CLEANTEXT_CACHE_DIR"] = _cache.name

# Hypothesis profiles: "ci" (default) keeps the suite quick and reproducible; "thorough" digs deeper,
# e.g. HYPOTHESIS_PROFILE=thorough python -m pytest tests/test_properties.py
settings.register_profile("ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# No test may write where the user did not name: the suite runs from the checkout, so a test whose output
# path falls back to the current directory (a '-' taken as a file name, a default report path) would leave a
# stray file there. The session fails if the working directory gained an entry.
_cwd_before = {p.name for p in Path.cwd().iterdir()}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    ignored = {".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache", "__pycache__"}
    stray = sorted({p.name for p in Path.cwd().iterdir()} - _cwd_before - ignored)
    if stray:
        print(f"\nthe test run left files in the working directory {Path.cwd()}: {', '.join(stray)}",
              file=sys.stderr)
        session.exitstatus = 1
