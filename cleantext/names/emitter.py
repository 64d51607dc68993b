"""The names pass's output: one Mention per name found and at most one Edit, from the claims.

A run's mentions and edits are made once, with its analysis (as rows, offsets relative to the run), and
placed at each occurrence; claims settled per document (corroborated, surnames) are emitted one by one.
What a claim's mention and edit say, and the replacement of a span, are memoised by value.
"""

from __future__ import annotations

import operator
from typing import Any

from ..document import Mention, PassResult
from ..edits import Edit
from .claims import HOW, MEMO_LIMIT, Claim, ClaimOut, RunInfo, certainty, rule_of
from .context import sentence_start
from .fold import name_key
from .index import ABBREVIATION, ALIAS, LOOKALIKE, EntityInfo, NameIndex

_mention_start = operator.itemgetter(0)




_edit_start = operator.itemgetter(2)



_new = tuple.__new__
#: the field order the bulk of Emitter.result builds Mentions and Edits in: a change to either named tuple
#: fails at import, not silently in the output
_FIELDS = (("start", "end", "text", "canonical", "type", "match", "score", "meta"),
           ("pass_name", "rule", "start", "end", "old", "new", "reason", "category", "score"))
if (Mention._fields, Edit._fields) != _FIELDS:
    raise ImportError(f"Mention or Edit fields changed: update the emitter's rows ({_FIELDS})")


class Emitter:
    """Mentions and edits of claims, with the memos of what each says."""

    def __init__(self, index: NameIndex, pass_name: str) -> None:
        self.index, self.pass_name = index, pass_name
        #: (span, entity, how, role) -> the replacement (not at a sentence start, at one)
        self.replacement_memo: dict[tuple[str, int, str, str], tuple[str | None, str | None]] = {}
        #: (entity, how, role, score, withheld) -> what a claim's mention and edit say (emit)
        self.outs: dict[tuple[int, str, str, float, bool], ClaimOut] = {}
        self.reasons: dict[tuple[int, str], str] = {}
        self.metas: dict[int, dict[str, Any]] = {}

    def result(self, text: str, runs: list[tuple[int, RunInfo]], special: list[tuple[int, RunInfo]],
                flagged: list[tuple[int, Claim]], surnames: list[Claim]) -> PassResult:
        edits: list[Edit] = []
        mentions: list[Mention] = []
        for o, c in flagged:
            self.emit(text, o, c, mentions, edits)
        for c in surnames:
            self.emit(text, 0, c, mentions, edits)
        done = [(o, info) for o, info in runs if not info.flagged] if flagged else runs
        name, category = self.pass_name, "name_variant"
        # The bulk: one Mention and at most one Edit per name, from the rows its run's analysis made. Built
        # with tuple.__new__ in the field order checked below (_FIELDS), which is all the named tuples' own
        # __new__ does: by keyword, it cost 1.2 us more a name, 20-30 ms/MB on name-dense text.
        mentions += [_new(Mention, (o + s, o + e, span, canonical, etype, how, score, meta))
                     for o, info in done for s, e, span, canonical, etype, how, score, meta in info.mentions]
        edits += [_new(Edit, (name, rule, o + s, o + e, old, new, reason, category, score))
                  for o, info in done for s, e, old, rule, new, reason, score in info.edits]
        for o, info in special:
            if info.initial is not None:
                self.emit(text, o, info.initial, None, edits)
        if not mentions:
            return PassResult()
        # one order for both, as the spans of claims never overlap: by start
        mentions.sort(key=_mention_start)
        edits.sort(key=_edit_start)
        return PassResult(edits=edits, mentions=mentions, report={"mentions": len(mentions), "rewritten": len(edits)})

    def emit(self, text: str, off: int, c: Claim, mentions: list[Mention] | None, edits: list[Edit]) -> None:
        """The mention (unless ``mentions`` is None) and the edit of one claim at ``off``, where the claim's
        analysis did not make them already."""
        eid = c.entity
        if eid < 0 or not c.accepted or c.role == LOOKALIKE:
            return
        key = (eid, c.how, c.role, c.score, c.withheld)
        out = self.outs.get(key)
        if out is None:
            if len(self.outs) >= MEMO_LIMIT:
                self.outs.clear()
            ent = self.index.entity(eid)
            sure = certainty(c.score)
            out = self.outs[key] = (ent.canonical, ent.type, "candidate" if c.withheld else c.how, sure,
                                     self.meta(eid, ent), rule_of(c), self.reason(eid, c.how, ent),
                                     sure if c.how == "fuzzy" else None)
        canonical, etype, match, score, meta, rule, reason, edit_score = out
        start, end = off + c.start, off + c.end
        span = text[start:end]
        if mentions is not None:
            mentions.append(Mention(start=start, end=end, text=span, canonical=canonical, type=etype, match=match,
                                    score=score, meta=meta))
        if c.withheld:
            return
        pair = self.claim_replacements(span, c, self.index.entity(eid))
        new = pair[0] if pair[0] is pair[1] else pair[sentence_start(text, start)]
        if new is not None:
            edits.append(Edit(pass_name=self.pass_name, rule=rule, start=start, end=end, old=span, new=new,
                              reason=reason, category="name_variant", score=edit_score))

    def claim_replacements(self, span: str, c: Claim, ent: EntityInfo) -> tuple[str | None, str | None]:
        key = (span, c.entity, c.how, c.role)
        pair = self.replacement_memo.get(key)
        if pair is None:
            pair = self.replacements(key, ent)
        return pair

    def meta(self, eid: int, ent: EntityInfo) -> dict[str, Any]:
        meta = self.metas.get(eid)
        if meta is None:  # one dict per entity, shared by its mentions (as the mentions of one document were)
            meta = self.metas[eid] = {**ent.meta, "gazetteer": ent.gazetteer}
        return meta

    def reason(self, eid: int, how: str, ent: EntityInfo) -> str:
        reason = self.reasons.get((eid, how))
        if reason is None:
            if len(self.reasons) >= MEMO_LIMIT:
                self.reasons.clear()
            reason = self.reasons[eid, how] = (
                f"{HOW[how]} of {ent.canonical!r} ({ent.type or 'entity'}, gazetteer {ent.gazetteer})")
        return reason

    def replacements(self, key: tuple[str, int, str, str], ent: EntityInfo) -> tuple[str | None, str | None]:
        """The replacement of a span not at a sentence start and at one (the same object when equal), memoised."""
        span, _, how, role = key
        plain = self.replacement(span, how, role, ent, initial=False)
        at_start = self.replacement(span, how, role, ent, initial=True)
        pair = (plain, plain if at_start == plain else at_start)
        if len(self.replacement_memo) >= MEMO_LIMIT:
            self.replacement_memo.clear()
        self.replacement_memo[key] = pair
        return pair

    @staticmethod
    def replacement(span: str, how: str, role: str, ent: EntityInfo, *, initial: bool) -> str | None:
        """What ``span`` becomes (None: left as written)."""
        if role == ALIAS or (role == ABBREVIATION and not ent.expand_abbreviation):
            return None
        new = ent.canonical
        if how == "surname":  # keep the article if the text wrote one ("el-Assad"), add none if not
            new = ent.surname if name_key(span).has_article else ent.surname_bare
        letters = [ch for ch in span if ch.isalpha()]
        if len(letters) > 4 and all(ch.isupper() for ch in letters):
            new = new.upper()  # an all-capitals headline stays in capitals
        if initial and new[:1].islower():
            new = new[0].upper() + new[1:]
        if new.lower() == span.lower() and new != span and not (initial and span[:1].islower()):
            return None  # only the letter case differs: the author's choice ("Al-Qaeda"), kept
        return None if new == span else new
