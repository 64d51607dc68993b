"""A test-only rule kind and pass, so the authoring tests plant broken rules without depending on the
kinds other passes ship. ``spill`` is a planted bug: the edit also swallows that many characters after
the match, which is exactly what the locality property must catch."""

from __future__ import annotations

from cleantext.document import Document, PassResult
from cleantext.edits import Edit
from cleantext.kinds import KINDS, Param, Rule, RuleKind, register_kind
from cleantext.matching import CombinedRegex, ScanReport, check_pattern
from cleantext.passes.base import PASSES, Pass, register_pass

KIND = "authoring_test_sub"
PASS = "authoring_test"


def _validate(rule: Rule) -> list[str]:
    return check_pattern(rule.param("pattern"), rule.param("flags", ""), rule.param("replace"))


class SubPass(Pass):
    name = PASS
    description = "test-only: regex substitutions"

    def setup(self) -> None:
        self.by_id = {r.id: r for r in self.rules}
        self.matcher: CombinedRegex[str] = CombinedRegex(
            ((r.id, r.param("pattern"), r.param("flags", "")) for r in self.rules), timeout=self.options.rule_timeout)

    def run(self, doc: Document) -> PassResult:
        text = doc.text
        scan = ScanReport()
        edits = []
        for hit in self.matcher.scan(text, scan):
            rule = self.by_id[hit.key]
            start, end = hit.match.span()
            end = min(len(text), end + int(rule.param("spill", 0)))
            edits.append(Edit(PASS, rule.id, start, end, text[start:end], hit.match.expand(rule.param("replace"))))
        return PassResult(edits=edits, report={"timed_out": scan.timed_out} if scan.timed_out else {})


if PASS not in PASSES:
    register_pass(SubPass, default=False)  # runs where its rules are tried, never in a default pipeline
if KIND not in KINDS:
    register_kind(RuleKind(
        name=KIND, pass_name=PASS,
        params={"pattern": Param((str,), required=True), "replace": Param((str,), required=True),
                "flags": Param((str,)), "spill": Param((int,)), "keep_case": Param((bool,))},
        validate=_validate, pattern_params=("pattern",), flags_param="flags", template_param="replace",
        case_param="keep_case",
    ))
