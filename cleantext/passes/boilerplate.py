"""The ``boilerplate`` pass: remove lines that web extraction left behind (banners, share bars, captions).

Slot in the pipeline; the pass itself is built in its own issue. Until then it changes nothing.
"""

from __future__ import annotations

from ..document import Document, PassResult
from .base import Pass, register_pass


@register_pass
class BoilerplatePass(Pass):
    name = "boilerplate"
    description = "remove lines that web extraction left behind (banners, share bars, captions)"

    def run(self, doc: Document) -> PassResult:
        return PassResult()
