"""A case seen through the facts a profile can test: events in date order, facts flattened by path."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ._case import Case, Event


@dataclass(frozen=True)
class CaseView:
    """A case with its events (up to ``as_of``) in date order and its facts flattened for conditions.

    A fact the case does not state is absent from ``facts`` (a condition reads it as unknown)."""

    case: Case
    as_of: dt.date
    events: tuple[Event, ...]
    facts: dict[str, Any]
    by_type: dict[str, list[Event]]

    @classmethod
    def of(cls, case: Case, as_of: dt.date) -> CaseView:
        kept = [((event.on, event.type), event) for event in case.events]
        kept = [pair for pair in kept if pair[0][0] <= as_of]
        kept.sort(key=_first)
        if len({key for key, _ in kept}) < len(kept):
            # Same day, same type: ordered by content, so the listed order never changes a verdict.
            kept.sort(key=lambda pair: (*pair[0], repr(pair[1])))
        events = tuple(event for _, event in kept)
        by_type: dict[str, list[Event]] = {}
        for (_, kind), event in kept:
            found = by_type.get(kind)
            if found is None:
                by_type[kind] = [event]
            else:
                found.append(event)
        act, complaint = case.act, case.complaint
        facts: dict[str, Any] = {
            "act.type": act.type,
            "act.defects": frozenset(act.defects),
            "act.context": frozenset(act.context),
            "act.remedies.reconsideration": act.remedies.reconsideration,
            "act.remedies.litigation": act.remedies.litigation,
            "act.remedies.petition": act.remedies.petition,
            "bars": frozenset(case.bars),
            "exceptions": frozenset(case.exceptions),
        }
        if act.decided_on is not None:
            facts["act.decided_on"] = act.decided_on
        if complaint is not None:
            facts |= {
                "complaint.received_on": complaint.received_on,
                "complaint.identifies_target": complaint.identifies_target,
                "complaint.states_facts_and_reasons": complaint.states_facts_and_reasons,
                "complaint.in_supervision_scope": complaint.in_supervision_scope,
                "complaint.targets_specific_act": complaint.targets_specific_act,
            }
        for name, value in case.facts.items():
            facts[f"facts.{name}"] = frozenset(value) if isinstance(value, list) else value
        return cls(case, as_of, events, facts, by_type)

    def of_type(self, kind: str) -> list[Event]:
        """The events of one type, in date order (a copy: callers may consume it)."""
        return list(self.by_type.get(kind, ()))


def _first(pair: tuple[tuple[dt.date, str], Event]) -> tuple[dt.date, str]:
    return pair[0]
