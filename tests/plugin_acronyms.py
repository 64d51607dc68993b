"""A plugin as another package would ship it: a pass and a rule kind that register nothing themselves.

``tests/test_plugins.py`` installs it as a distribution with entry points (a ``.dist-info`` folder on
``sys.path``) and cleantext finds it there: ``cleantext.passes`` gives ``AcronymPass``,
``cleantext.rule_kinds`` gives ``ACRONYM_KIND``. ``ext_acronyms`` writes listed acronyms in capitals
("nato" to "NATO").
"""

from __future__ import annotations

from cleantext.document import Document, PassResult
from cleantext.edits import Edit
from cleantext.kinds import Param, Rule, RuleKind
from cleantext.matching import PhraseIndex
from cleantext.passes.base import Pass

NAME = "ext_acronyms"


def _validate(rule: Rule) -> list[str]:
    words = rule.param("words")
    ok = isinstance(words, list) and words and all(isinstance(w, str) and w.strip() for w in words)
    return [] if ok else ["'words' must be a non-empty list of texts"]


class AcronymPass(Pass):
    name = NAME
    description = "test plugin: write listed acronyms in capitals"

    def setup(self) -> None:
        self.index: PhraseIndex[str] = PhraseIndex((r.id, w) for r in self.rules for w in r.param("words"))

    def run(self, doc: Document) -> PassResult:
        edits = []
        for hit in self.index.find(doc.text):
            old = doc.text[hit.start:hit.end]
            if old != old.upper():
                edits.append(Edit(NAME, hit.keys[0], hit.start, hit.end, old, old.upper(), reason="acronym"))
        return PassResult(edits=edits, report={"acronyms": len(edits)} if edits else {})


ACRONYM_KIND = RuleKind(
    name=NAME, pass_name=NAME, doc="acronyms written in capitals",
    params={"words": Param((list,), required=True, doc="the acronyms, in any case")},
    validate=_validate, literal_params=("words",),
)
