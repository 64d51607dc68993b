"""``cleantext rules test`` on a gazetteer: every variant is cleaned to its canonical form, through the real
pipeline with that gazetteer; failures are reported per entity, look-alikes of other entities clearly."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cleantext.authoring.gazetteer_check import SENTENCE, owners_of, variant_failure
from cleantext.cli import main
from cleantext.kinds import Entity

GAZETTEER = """\
entities:
  - canonical: Kyiv
    type: place
    variants: [Kiev, Kiew]
  - canonical: Lviv
    type: place
    variants: [lvov city]
  - canonical: Zaporizhzhia
    type: place
    variants: [Zaporozhye, Odessa]
  - canonical: Odesa
    type: place
    variants: [Odessa]
"""


def run(path: Path) -> dict[str, dict[str, object]]:
    r = CliRunner().invoke(main, ["rules", "test", str(path), "--format", "json"])
    assert r.exit_code == 1, r.output
    return {o["rule"]: o for o in json.loads(r.output)["outcomes"] if o["check"] == "variants"}


def test_rules_test_checks_every_variant_per_entity(tmp_path: Path) -> None:
    path = tmp_path / "places.yaml"
    path.write_text(GAZETTEER, encoding="utf-8")
    out = run(path)
    assert out["Kyiv"]["status"] == "passed"
    assert out["Lviv"]["status"] == "failed" and out["Lviv"]["line"] == 5
    assert out["Lviv"]["message"] == (f"variant 'lvov city' came out as {SENTENCE.format('lvov city')!r}, "
                                      f"not {SENTENCE.format('Lviv')!r}")
    assert "variant 'Odessa' is also listed as the variant of 'Odesa': it is a look-alike of another entity" \
        in str(out["Zaporizhzhia"]["message"])
    assert "'Zaporozhye'" not in str(out["Zaporizhzhia"]["message"])
    assert "also listed as the variant of 'Zaporizhzhia'" in str(out["Odesa"]["message"])


def test_variant_rewritten_to_another_entity_is_named_a_lookalike() -> None:
    kyiv, kiev_oblast = Entity("Kyiv", "place", ("Kiev",)), Entity("Kyiv Oblast", "place", ())

    class ToOther:
        def clean(self, text: str) -> str:
            return text.replace("Kiev", "Kyiv Oblast")

    msg = variant_failure(ToOther(), kyiv, "Kiev", owners_of([kyiv, kiev_oblast]))
    assert msg.startswith("variant 'Kiev' was rewritten to another listed entity, 'Kyiv Oblast': it is a "
                          "look-alike of it")


def test_shipped_gazetteer_variants_all_map() -> None:
    path = Path(__file__).resolve().parents[1] / "rules" / "names" / "syria.yaml"
    r = CliRunner().invoke(main, ["rules", "test", str(path), "--format", "json"])
    outcomes = [o for o in json.loads(r.output)["outcomes"] if o["check"] == "variants"]
    assert r.exit_code == 0 and len(outcomes) > 50, [o["message"] for o in outcomes if o["status"] == "failed"]
