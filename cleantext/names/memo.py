"""The names pass's memo of runs: what stages 2-4 made of each distinct run of name words.

Most runs ("The", "On Monday", a name seen before) recur, so a document costs one dictionary lookup per
run. The memo is bounded: when full it forgets its older half (a worker streaming 1 GB with a 10,000-variant
gazetteer peaked at 790 MB with 200,000 runs).
"""

from __future__ import annotations

from .claims import RunInfo

#: Distinct runs of name words remembered per pass. An entry holds the run's claims, mentions and edits:
#: 1-2 KB, so 200,000 made a worker streaming 1 GB with a 10,000-variant gazetteer peak at 790 MB. When
#: full, the older half is forgotten (RunMemo.remember).
RUN_MEMO_LIMIT = 50_000



class RunMemo:
    """Run of name words -> its analysis (a :class:`RunInfo`), bounded at RUN_MEMO_LIMIT entries."""

    def __init__(self) -> None:
        self.runs: dict[str, RunInfo] = {}

    def remember(self, s: str, info: RunInfo) -> None:
        """Store the analysis of run ``s``; a full memo first forgets its older half (the first inserted:
        recent runs, likely to recur in the next documents, stay), so its size stays bounded at amortized
        O(1) per entry."""
        memo = self.runs
        if len(memo) >= RUN_MEMO_LIMIT:
            # Threads share the memo: list(memo) copies its keys in one step (iterating it while another
            # thread inserts raised), and a key another thread evicted first is skipped.
            for key in list(memo)[: len(memo) // 2]:
                memo.pop(key, None)
        memo[s] = info
