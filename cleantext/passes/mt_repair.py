"""The ``mt_repair`` pass: repair machine-translation artifacts.

Slot in the pipeline; the pass itself is built in its own issue. Until then it changes nothing.
"""

from __future__ import annotations

from ..document import Document, PassResult
from .base import Pass, register_pass


@register_pass
class MtRepairPass(Pass):
    name = "mt_repair"
    description = "repair machine-translation artifacts"

    def run(self, doc: Document) -> PassResult:
        return PassResult()
