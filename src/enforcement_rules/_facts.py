"""A case seen through the facts a profile can test, and the dates the law counts from."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from ._case import Case, Event


@dataclass(frozen=True)
class CaseView:
    """A case with its events in date order and its facts flattened for profile conditions."""

    case: Case
    as_of: dt.date
    events: tuple[Event, ...]
    facts: dict[str, Any]
    by_type: dict[str, list[Event]]

    @classmethod
    def of(cls, case: Case, as_of: dt.date) -> CaseView:
        ordered = sorted((event for event in case.events if event.on <= as_of), key=_day_and_type)
        if any(_day_and_type(a) == _day_and_type(b) for a, b in itertools.pairwise(ordered)):
            # Same day, same type: ordered by content, so the listed order never changes a verdict.
            ordered.sort(key=lambda event: (*_day_and_type(event), repr(event)))
        events = tuple(ordered)
        by_type: dict[str, list[Event]] = {}
        for event in events:
            by_type.setdefault(event.type, []).append(event)
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
        if complaint is not None:
            facts |= {
                "complaint.identifies_target": complaint.identifies_target,
                "complaint.states_facts_and_reasons": complaint.states_facts_and_reasons,
                "complaint.in_supervision_scope": complaint.in_supervision_scope,
                "complaint.targets_specific_act": complaint.targets_specific_act,
            }
        return cls(case, as_of, events, facts, by_type)

    def of_type(self, kind: str) -> list[Event]:
        """The events of one type, in date order (a copy: callers may consume it)."""
        return list(self.by_type.get(kind, ()))

    def first(self, kind: str) -> Event | None:
        found = self.by_type.get(kind)
        return found[0] if found else None

    @property
    def arose_on(self) -> dt.date:
        """Validity (SPEC §4): complaint ``received_on``, else the earliest event, else ``as_of``."""
        if self.case.complaint is not None:
            return self.case.complaint.received_on
        return self.events[0].on if self.events else self.as_of

    @property
    def limitation_end(self) -> dt.date:
        """第三十五条(五) (SPEC §4): complaint ``received_on``, else ``case_filed``, else ``as_of``."""
        if self.case.complaint is not None:
            return self.case.complaint.received_on
        filed = self.first("case_filed")
        return filed.on if filed is not None else self.as_of


def _day_and_type(event: Event) -> tuple[dt.date, str]:
    return event.on, event.type
