"""Leaving rules out: ``Cleaner(disable=[...])`` / ``--disable-rule``, from ids and globs to the rules they name.

What a user sees in the edit log (``rule``) is what can be disabled: the id of a rule from a rule file
(of any kind), the name of a gazetteer (its pack ``name``, or its file's stem), and the built-in rules a
pass declares in ``Pass.rule_ids`` (the ``tidy.*`` rules, the ``names.fuzzy`` and ``names.surname`` stages;
the unicode pass's fixes and the boilerplate pass's structural signals are not declared yet, so their ids
are refused rather than accepted and left running). A disabled rule does not run: rule-file rules
and gazetteers are left out of the rules the passes are built from, and a pass skips its built-in rules
listed in ``Options.disabled_rules``. An id or glob that names nothing is an error listing close ids,
as a typo would otherwise leave the rule running.
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Iterable
from dataclasses import replace

from .errors import CleantextError
from .passes import PASSES
from .rulefiles import RuleSet

_GLOB = frozenset("*?[")


def disableable_ids(ruleset: RuleSet) -> list[str]:
    """Every id that can be disabled, sorted: built-in rules of the passes, gazetteers, rule-file rules."""
    ids = {rid for name in PASSES for rid in PASSES.get(name).rule_ids}
    return sorted(ids | {g.name for g in ruleset.gazetteers} | {r.id for r in ruleset.rules})


def resolve_disabled(patterns: Iterable[str], ruleset: RuleSet) -> frozenset[str]:
    """The ids that ``patterns`` (ids, or globs such as ``bp.en.*``) name; raise CleantextError for any that
    names nothing, with the close ids."""
    ids = disableable_ids(ruleset)
    known = set(ids)
    chosen: set[str] = set()
    unknown: list[str] = []
    for pattern in patterns:
        if any(c in _GLOB for c in pattern):
            hits = [rid for rid in ids if fnmatch.fnmatchcase(rid, pattern)]  # ids are case-sensitive
        else:
            hits = [pattern] if pattern in known else []
        if not hits:
            unknown.append(pattern)
        chosen.update(hits)
    if unknown:
        raise CleantextError("; ".join(_unknown_message(p, ids) for p in unknown))
    return frozenset(chosen)


def _unknown_message(pattern: str, known: list[str]) -> str:
    glob = any(c in _GLOB for c in pattern)
    # a glob is compared with the globs of the ids' families (bp.en.* for bp.en.cookie-notice)
    choices = sorted({f"{rid.rsplit('.', 1)[0]}.*" for rid in known if "." in rid}) if glob else known
    close = difflib.get_close_matches(pattern, choices, n=5, cutoff=0.6)
    what = "glob" if glob else "rule id"
    hint = f"; close ids: {', '.join(close)}" if close else ""
    return (f"cannot disable {pattern!r}: no {what} of the loaded rules matches it ({len(known)} ids: rule-file "
            f"rules, gazetteers by name, built-in rules such as tidy.blank_run; --explain names the rule of each edit)"
            + hint)


def without(ruleset: RuleSet, disabled: frozenset[str]) -> RuleSet:
    """The rules and gazetteers that are not disabled."""
    if not disabled:
        return ruleset
    return replace(ruleset, rules=tuple(r for r in ruleset.rules if r.id not in disabled),
                   gazetteers=tuple(g for g in ruleset.gazetteers if g.name not in disabled))


def built_in(disabled: frozenset[str]) -> tuple[str, ...]:
    """The built-in rules among ``disabled``, sorted: what ``Options.disabled_rules`` holds."""
    return tuple(sorted(rid for name in PASSES for rid in PASSES.get(name).rule_ids if rid in disabled))
