"""Start-up: what ``cleantext clean`` imports. Module counts, never time (timing is benchmarks/bench_startup.py)."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(statement: str) -> set[str]:
    code = f"{statement}\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_the_cli_imports_hypothesis_only_for_rules_test() -> None:
    # hypothesis (0.2 s of CPU, a third of the import) is for `cleantext rules test` and the pytest plugin
    assert "hypothesis" not in _modules_after("import cleantext.cli")
    assert "hypothesis" in _modules_after("from cleantext.authoring import run_tests")


def test_the_authoring_package_still_exports_the_suite() -> None:
    import cleantext.authoring as authoring
    from cleantext.authoring import suite

    assert authoring.run_tests is suite.run_tests and authoring.check_rule is suite.check_rule
    assert set(authoring.__all__) >= {"TestReport", "check_pack", "check_rule", "run_tests"}
