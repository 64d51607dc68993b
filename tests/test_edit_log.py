"""The edit log as users read and undo it: one score scale, logs checked when replayed, rules disabled,
input-file coordinates, custom passes and values checked up front."""

from __future__ import annotations

from cleantext import Cleaner
from cleantext.cleaner import default_ruleset
from cleantext.kinds import Entity, Gazetteer
from cleantext.rulefiles import RuleSet

# ---- one score scale ----------------------------------------------------------------------------

_FUZZY_NAME = "A portrait of Qassem Soleimnai hung there.\n"
_BOILERPLATE = "Strikes hit Idlib on Monday, the monitor said, and more were feared.\n" \
               "Get the latest headlines delivered to your inboxx\n"


def test_edit_and_mention_scores_share_one_scale_across_passes() -> None:
    gazetteer = Gazetteer(name="t", entities=(Entity("Qassem Soleimani", "person"),))
    rules = RuleSet(rules=tuple(default_ruleset().for_pass("boilerplate")), gazetteers=(gazetteer,))
    cleaner = Cleaner(rules=rules, default_rules=False, passes=["boilerplate", "names"])
    result = cleaner.clean_and_explain(_BOILERPLATE + _FUZZY_NAME)
    scored = {e.pass_name: e.score for e in result.edits if e.score is not None}
    assert set(scored) == {"boilerplate", "names"}, result.edits
    assert all(0.0 < s <= 1.0 for s in scored.values()), scored
    assert 0.9 <= scored["names"] < 1.0
    assert result.mentions and all(0.0 < m.score <= 1.0 for m in result.mentions)
