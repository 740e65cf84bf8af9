"""A case seen through the facts a profile can test: events in date order, facts flattened by path."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from typing import Any

from ._case import Case, Event


# Not frozen (a frozen dataclass sets each field through object.__setattr__, once per case): a view is read, never
# changed.
@dataclass(slots=True)
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
        events = [event for event in case.events if event.on <= as_of]
        events.sort(key=_ON_AND_TYPE)
        by_type, tied = _by_type(events)
        if tied:  # same day, same type: ordered by content, so the listed order never changes a verdict
            events.sort(key=lambda event: (event.on, event.type, repr(event)))
            by_type, _ = _by_type(events)
        act, complaint = case.act, case.complaint
        facts: dict[str, Any] = {
            "act.type": act.type,
            "act.defects": frozenset(act.defects) if act.defects else _NONE,
            "act.context": frozenset(act.context) if act.context else _NONE,
            "act.remedies.reconsideration": act.remedies.reconsideration,
            "act.remedies.litigation": act.remedies.litigation,
            "act.remedies.petition": act.remedies.petition,
            "bars": frozenset(case.bars) if case.bars else _NONE,
            "exceptions": frozenset(case.exceptions) if case.exceptions else _NONE,
        }
        if act.decided_on is not None:
            facts["act.decided_on"] = act.decided_on
        if complaint is not None:
            facts["complaint.received_on"] = complaint.received_on
            facts["complaint.identifies_target"] = complaint.identifies_target
            facts["complaint.states_facts_and_reasons"] = complaint.states_facts_and_reasons
            facts["complaint.in_supervision_scope"] = complaint.in_supervision_scope
            facts["complaint.targets_specific_act"] = complaint.targets_specific_act
        for name, value in case.facts.items():
            facts[f"facts.{name}"] = frozenset(value) if isinstance(value, list) else value
        return cls(case, as_of, tuple(events), facts, by_type)

    def of_type(self, kind: str) -> list[Event]:
        """The events of one type, in date order (a copy: callers may consume it)."""
        return list(self.by_type.get(kind, ()))


_ON_AND_TYPE = operator.attrgetter("on", "type")
_NONE: frozenset[str] = frozenset()


def _by_type(events: list[Event]) -> tuple[dict[str, list[Event]], bool]:
    """The events (in date order) by type, and whether two of one type fall on the same day."""
    by_type: dict[str, list[Event]] = {}
    tied = False
    for event in events:
        found = by_type.get(event.type)
        if found is None:
            by_type[event.type] = [event]
        else:
            tied = tied or found[-1].on == event.on
            found.append(event)
    return by_type, tied
