"""A rule kind and a pass added from outside the package, the way a user's own module would add them:
one ``register_kind`` and one ``register_pass``, nothing else. ``ext_expand`` writes out listed
abbreviations ("govt" to "government"), keeping a capital at the start of the hit."""

from __future__ import annotations

from cleantext.document import Document, PassResult
from cleantext.edits import Edit
from cleantext.kinds import KINDS, Param, Rule, RuleKind, register_kind
from cleantext.matching import PhraseIndex
from cleantext.passes.base import PASSES, Pass, register_pass

KIND = "ext_expand"
PASS = "ext_expand"


def _validate(rule: Rule) -> list[str]:
    words = rule.param("words")
    ok = isinstance(words, list) and words and all(isinstance(w, str) and w.strip() for w in words)
    return [] if ok else ["'words' must be a non-empty list of texts"]


class ExpandPass(Pass):
    name = PASS
    description = "test-only: write out listed abbreviations"

    def setup(self) -> None:
        self.by_id = {r.id: r for r in self.rules}
        self.index: PhraseIndex[str] = PhraseIndex((r.id, w) for r in self.rules for w in r.param("words"))

    def run(self, doc: Document) -> PassResult:
        edits = []
        for hit in self.index.find(doc.text):
            rule = self.by_id[hit.keys[0]]
            old = doc.text[hit.start:hit.end]
            new = str(rule.param("replace"))
            if KINDS.get(KIND).keeps_case(rule) and old[:1].isupper():
                new = new[:1].upper() + new[1:]
            edits.append(Edit(PASS, rule.id, hit.start, hit.end, old, new, reason=f"abbreviation {old!r}"))
        return PassResult(edits=edits, report={"expanded": len(edits)} if edits else {})


if PASS not in PASSES:
    register_pass(ExpandPass, after="mt_repair", default=False)  # runs only where it is named
if KIND not in KINDS:
    register_kind(RuleKind(
        name=KIND, pass_name=PASS, doc="abbreviations written out",
        params={"words": Param((list,), required=True, doc="the abbreviations"),
                "replace": Param((str,), required=True, doc="what they stand for"),
                "keep_case": Param((bool,), default=True, doc="capitalize the replacement after a capital")},
        validate=_validate, literal_params=("words",), case_param="keep_case",
    ))
