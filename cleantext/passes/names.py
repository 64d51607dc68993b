"""The ``names`` pass: normalize name variants to canonical forms from gazetteers.

Slot in the pipeline; the pass itself is built in its own issue. Until then it changes nothing.
"""

from __future__ import annotations

from ..document import Document, PassResult
from .base import Pass, register_pass


@register_pass
class NamesPass(Pass):
    name = "names"
    description = "normalize name variants to canonical forms from gazetteers"

    def run(self, doc: Document) -> PassResult:
        return PassResult()
