"""A rule kind and a pass registered from outside the package (tests/extension_kinds.py) run through
the Pipeline, the Cleaner and ``cleantext rules test`` like the built-in ones; a source language is one
rule file."""

from __future__ import annotations

import json
from pathlib import Path

import extension_kinds
import pytest
from click.testing import CliRunner

from cleantext import Cleaner, CleantextError, Document, Options
from cleantext.cli import main
from cleantext.passes import default_passes, pipeline_order

RULES = f"""\
rules:
  - id: ext.govt
    kind: {extension_kinds.KIND}
    words: [govt, gov't]
    replace: government
    examples:
      fix:
        - {{in: "The govt said.", out: "The government said."}}
        - {{in: "Govt sources.", out: "Government sources."}}
      keep: ["The governor said."]
"""


def _rule_file(tmp_path: Path, text: str = RULES) -> Path:
    path = tmp_path / "expand.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_pass_takes_its_place_and_stays_out_of_the_default_pipeline() -> None:
    order = pipeline_order()
    assert order.index(extension_kinds.PASS) == order.index("mt_repair") + 1
    assert extension_kinds.PASS not in default_passes()


def test_the_cleaner_and_its_pipeline_run_the_new_kind(tmp_path: Path) -> None:
    cleaner = Cleaner(rules=[_rule_file(tmp_path)], passes=[*default_passes(), extension_kinds.PASS])
    assert extension_kinds.PASS in cleaner.pipeline.names
    result = cleaner.pipeline.run(Document(text="Govt sources said the govt fell.\n", id="x"))
    assert result.text == "Government sources said the government fell.\n"
    assert {(e.pass_name, e.rule) for e in result.edits} == {(extension_kinds.PASS, "ext.govt")}
    assert result.reports[extension_kinds.PASS] == {"expanded": 2}
    # without the pass named, the rules load but do not run
    assert Cleaner(rules=[_rule_file(tmp_path)]).clean("The govt said.") == "The govt said.\n"


def _rules_test(path: Path) -> tuple[int, list[dict[str, object]]]:
    r = CliRunner().invoke(main, ["rules", "test", str(path), "--format", "json", "--seed", "0", "--profile", "ci"])
    return r.exit_code, json.loads(r.output)["outcomes"]


def test_rules_test_checks_the_new_kind(tmp_path: Path) -> None:
    code, outcomes = _rules_test(_rule_file(tmp_path))
    assert code == 0, outcomes
    checks = {str(o["check"]) for o in outcomes if o["rule"] == "ext.govt" and o["status"] == "passed"}
    assert {"total", "local", "idempotent", "case", "budget"} <= checks
    assert any(str(c).startswith("fix") for c in checks) and any(str(c).startswith("keep") for c in checks)


def test_rules_test_fails_a_wrong_example_of_the_new_kind(tmp_path: Path) -> None:
    code, outcomes = _rules_test(_rule_file(tmp_path, RULES.replace('out: "The government said."',
                                                                    'out: "The gvmt said."')))
    assert code == 1
    assert [o["rule"] for o in outcomes if o["status"] == "failed"] == ["ext.govt"]


SOURCE_LANG_PACK = """\
pack:
  name: mt-de-test
  description: a source language added by one rule file
  source_lang: de

rules:
  - id: de-cues
    kind: source_cues
    words: [und, nicht, sich, wurde, dass, auch]
    weight: 1
    threshold: 4
    examples:
      keep: ["und nicht sich wurde"]
  - id: de-fire-pause
    kind: mt_phrase
    phrases: [fire pause]
    replace: ceasefire
    examples:
      fix: [{in: "The fire pause held.", out: "The ceasefire held."}]
      keep: ["the fire paused"]
"""


def test_a_source_language_is_one_rule_file(tmp_path: Path) -> None:
    """A language pair is a pack with ``source_lang``: cue words that detect it and the repairs it enables."""
    path = tmp_path / "de.yaml"
    path.write_text(SOURCE_LANG_PACK, encoding="utf-8")
    with pytest.raises(CleantextError, match="unknown source language 'de'"):
        Cleaner(options=Options(source_lang="de"))
    cleaner = Cleaner(rules=[path])
    text = "The fire pause held, und officials said it was nicht over; the army wurde ready, dass was clear, auch.\n"
    result = cleaner.clean_and_explain(text)
    assert result.text.startswith("The ceasefire held,") and result.reports["mt_repair"]["source_lang"] == "de"
    assert Cleaner(rules=[path], options=Options(source_lang="de")).clean("The fire pause held.") == \
        "The ceasefire held.\n"
    assert Cleaner(rules=[path]).clean("The fire pause held.") == "The fire pause held.\n"  # not detected: kept
    code, outcomes = _rules_test(path)
    assert code == 0, [o for o in outcomes if o["status"] == "failed"]
