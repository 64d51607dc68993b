"""Benchmark: `cleantext rules test` with the dev profile on a generated 200-rule pack (target: under 10 s).

    .venv/bin/python benchmarks/bench_rules_test.py [N_RULES]

The pack mixes phrase and pattern rules (mt_phrase / mt_pattern), each with fix and keep examples, in
four files of 50 rules, so per-rule and per-pack properties both run. Prints the wall time of the
command and of the checks themselves.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett",
         "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"]


def rule(i: int) -> dict[str, object]:
    a, b = WORDS[i % 20], WORDS[(i // 20) % 20]
    wrong, right = f"{a}{b}{i}x", f"{a}{b}{i}"
    if i % 2:
        return {"id": f"phrase-{i}", "kind": "mt_phrase", "phrases": [wrong], "replace": right,
                "examples": {"fix": [{"in": f"the {wrong} said", "out": f"the {right} said"}],
                             "keep": [f"the {right} said"]}}
    return {"id": f"pattern-{i}", "kind": "mt_pattern", "pattern": rf"\b{a}-{b}-{i}\b", "replace": f"{a} {b} {i}",
            "examples": {"fix": [{"in": f"a {a}-{b}-{i} b", "out": f"a {a} {b} {i} b"}],
                         "keep": [f"a {a}{b}{i} b"]}}


def main(n: int = 200) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pack"
        folder.mkdir()
        per_file = 50
        for f in range(0, n, per_file):
            rules = [rule(i) for i in range(f, min(n, f + per_file))]
            (folder / f"pack{f // per_file}.yaml").write_text(yaml.safe_dump({"rules": rules}, allow_unicode=True),
                                                              encoding="utf-8")
        exe = Path(sys.executable).parent / "cleantext"
        started = time.perf_counter()
        p = subprocess.run([str(exe), "rules", "test", str(folder), "--profile", "dev", "--seed", "1"],
                           capture_output=True, text=True)
        wall = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(p.stdout.strip().splitlines()[-1] if p.stdout.strip() else p.stderr)
        # CPU time too: on a shared, loaded machine the wall time mostly measures the other processes
        print(f"{n} rules, dev profile: {wall:.1f}s wall, {usage.ru_utime + usage.ru_stime:.1f}s CPU "
              f"(exit {p.returncode}); target < 10 s")
        if p.returncode != 0:
            print(p.stdout[-3000:])
        return wall


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
