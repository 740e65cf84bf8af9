"""Hypothesis strategies and ready-made property checks for regression suites of any profile.

Import it from a downstream test suite (it needs ``hypothesis``)::

    from enforcement_rules import load_profile
    from enforcement_rules.testing import check_profile_invariants

    def test_my_city_profile_keeps_its_invariants() -> None:
        check_profile_invariants(load_profile("profiles/my_city.yaml"))
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ._calendar import Calendar, national_calendar
from ._case import Case, case_from_data
from ._evaluate import evaluate
from ._kinds import kind_of
from ._kinds.deadline import AnnualDatePeriod, CountedPeriod, DeadlineRule
from ._kinds.disposition import DispositionRule
from ._kinds.liability import LiabilityRule
from ._profile import Profile
from ._report import Report
from ._results import cite
from ._vocabulary import CORE_FACTS, VocabularyName

__all__ = ["case_data", "cases", "check_profile_invariants", "dates", "obligations", "report_citations"]

_CALENDAR_MARGIN = dt.timedelta(days=200)


def dates(calendar: Calendar | None = None, *, min_value: dt.date | None = None,
          max_value: dt.date | None = None) -> st.SearchStrategy[dt.date]:
    """Dates inside the loaded calendar (before its last December 25, so nothing is provisional)."""
    calendar = calendar or national_calendar()
    span = calendar.span
    assert span is not None, "the calendar holds no year"
    low = max(min_value or dt.date(span[0], 1, 1), dt.date(span[0], 1, 1))
    high = min(max_value or dt.date(span[1], 12, 24), dt.date(span[1], 12, 24))
    return st.dates(min_value=low, max_value=high)


def _window(profile: Profile, calendar: Calendar) -> tuple[dt.date, dt.date]:
    """Matter dates for which the principal instrument is in force and every period ends in the calendar."""
    span = calendar.span
    assert span is not None
    cited = [rule.citation.instrument for rule in profile.rules.values()]
    principal = profile.instruments[max(sorted(set(cited)), key=cited.count)] if cited \
        else next(iter(profile.instruments.values()))
    low = max(principal.effective_from or dt.date(span[0], 1, 1), dt.date(span[0] + 1, 1, 1))
    high = min(principal.effective_until or dt.date(span[1], 12, 31), dt.date(span[1], 12, 24) - _CALENDAR_MARGIN)
    return low, high


def _later(start: dt.date, days: int) -> st.SearchStrategy[dt.date]:
    return st.integers(min_value=0, max_value=days).map(lambda n: start + dt.timedelta(days=n))


def _listed(profile: Profile, vocabulary: VocabularyName) -> st.SearchStrategy[list[Any]]:
    return st.lists(st.sampled_from(sorted(profile.codes(vocabulary))), unique=True, max_size=3)


@st.composite
def case_data(draw: st.DrawFn, profile: Profile, calendar: Calendar | None = None) -> dict[str, Any]:
    """A case as plain data (SPEC §5), consistent for ``profile``: events in a plausible order, dates that keep
    every period inside the calendar, extensions within the maximum."""
    calendar = calendar or national_calendar()
    low, high = _window(profile, calendar)
    arose = draw(st.dates(min_value=low, max_value=high))
    data: dict[str, Any] = {"id": draw(st.none() | st.text("ABC-0123456789", min_size=1, max_size=8))}
    data["act"] = {
        "type": draw(st.sampled_from(CORE_FACTS["act.type"].values)),
        "decided_on": (arose - dt.timedelta(days=draw(st.integers(0, 5 * 366)))).isoformat(),
        "defects": draw(_listed(profile, "defects")),
        "context": draw(_listed(profile, "contexts")),
        "remedies": {kind: draw(st.sampled_from(CORE_FACTS[f"act.remedies.{kind}"].values))
                     for kind in ("reconsideration", "litigation", "petition")},
    }
    if draw(st.booleans()):
        data["complaint"] = {"received_on": arose.isoformat(),
                             **{key: draw(st.booleans()) for key in ("identifies_target", "states_facts_and_reasons",
                                                                     "in_supervision_scope", "targets_specific_act")}}
    data["bars"] = draw(_listed(profile, "bars"))
    data["exceptions"] = draw(_listed(profile, "exceptions"))
    data["events"] = draw(_events(profile, arose))
    data["obligations"] = draw(st.lists(obligations(profile, calendar), max_size=3)) if any(
        rule.events is None for rule in profile.rules_of(DeadlineRule).values()) else []
    return data


@st.composite
def _events(draw: st.DrawFn, profile: Profile, arose: dt.date) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    filed = draw(_later(arose, 10))
    events.append({"type": "case_filed", "on": filed.isoformat()})
    extendable = [(rule_id, rule) for rule_id, rule in profile.rules_of(DeadlineRule).items()
                  if rule.extension is not None and rule.events is not None and rule.events.start == "case_filed"]
    extend: bool = draw(st.booleans())
    if extendable and extend:
        rule_id, rule = extendable[draw(st.integers(0, len(extendable) - 1))]
        assert rule.extension is not None
        events.append({"type": "extension_approved", "on": draw(_later(filed, 50)).isoformat(), "rule": rule_id,
                       "months": draw(st.integers(1, rule.extension.max))})
    for _ in range(draw(st.integers(0, 2))):
        event: dict[str, Any] = {"type": "investigation", "on": draw(_later(filed, 20)).isoformat()}
        for key, values in (("supervisors", st.integers(0, 4)), ("credentials_shown", st.booleans()),
                            ("conflicted_supervisor_recused", st.booleans())):
            if draw(st.booleans()):
                event[key] = draw(values)
        events.append(event)
    events.extend(draw(_document_events(profile, filed)))
    if draw(st.booleans()):
        decided = draw(_later(filed, 60))
        events.append({"type": "decision_received", "on": decided.isoformat()})
        if draw(st.booleans()):
            events.append({"type": "execution_reported", "on": draw(_later(decided, 40)).isoformat()})
    if draw(st.booleans()):
        closed = draw(_later(filed, 100))
        events.append({"type": "case_closed", "on": closed.isoformat()})
        if draw(st.booleans()):
            events.append({"type": "archived", "on": draw(_later(closed, 40)).isoformat()})
    if draw(st.booleans()):
        moment = dt.datetime.combine(draw(_later(filed, 30)), dt.time(draw(st.integers(0, 23)),
                                                                      draw(st.integers(0, 59))))
        events.append({"type": "coercive_execution", "at": moment.isoformat(), "emergency": draw(st.booleans())})
    return draw(st.permutations(events))


@st.composite
def _document_events(draw: st.DrawFn, profile: Profile, filed: dt.date) -> list[dict[str, Any]]:
    """Maybe a corrective document of a kind the profile knows, and what may follow it."""
    documents = [rule.events.documents for rule in profile.rules_of(DeadlineRule).values()
                 if rule.events and rule.events.start == "corrective_document_received"]
    kinds = sorted({kind for listed in documents for code in listed for kind in profile.document_kinds(code)}) \
        or sorted(profile.codes("documents"))
    if not draw(st.booleans()):
        return []
    received = draw(_later(filed, 40))
    document: dict[str, Any] = {"type": "corrective_document_received", "on": received.isoformat(),
                                "document": draw(st.sampled_from(kinds))}
    if draw(st.booleans()):
        document["deadline"] = draw(_later(received + dt.timedelta(days=5), 40)).isoformat()
    follow = [{"type": kind, "on": draw(_later(received, 45)).isoformat()}
              for kind in ("corrected", "review_requested", "review_replied") if draw(st.booleans())]
    return [document, *follow]


@st.composite
def obligations(draw: st.DrawFn, profile: Profile, calendar: Calendar | None = None) -> dict[str, Any]:
    """An obligation of ``profile`` (a deadline rule that no case event starts) with a trigger in range."""
    calendar = calendar or national_calendar()
    rules = sorted(rule_id for rule_id, rule in profile.rules_of(DeadlineRule).items() if rule.events is None)
    if not rules:
        return draw(st.nothing())
    rule_id = draw(st.sampled_from(rules))
    rule = profile.rules_of(DeadlineRule)[rule_id]
    low, high = _window(profile, calendar)
    if isinstance(rule.period, CountedPeriod) and rule.period.unit == "years" and not rule.period.bar:
        high = max(low, dt.date(high.year - rule.period.amount, high.month, 1))
    trigger = draw(st.dates(min_value=low, max_value=high))
    data: dict[str, Any] = {"rule": rule_id}
    if rule.trigger_is_year:
        year = trigger.year
        if isinstance(rule.period, AnnualDatePeriod):
            year = max(year, (low + dt.timedelta(days=366)).year) if dt.date(year, rule.period.month,
                                                                             rule.period.day) < low else year
        data["year"] = year
    else:
        data["trigger"] = trigger.isoformat()
    if draw(st.booleans()):
        data["done_on"] = draw(_later(trigger, 90)).isoformat()
    return data


def cases(profile: Profile, calendar: Calendar | None = None) -> st.SearchStrategy[Case]:
    """Valid ``Case`` objects for ``profile``."""
    return case_data(profile, calendar).map(case_from_data)


def report_citations(report: Report) -> list[Any]:
    """Every citation a report carries."""
    found: list[Any] = [d.citation for d in report.deadlines]
    found += [p.citation for p in report.procedure] + [item.citation for item in report.liabilities]
    found += [r.citation for r in report.requirements]
    if report.admission:
        found += [g.citation for g in report.admission.grounds]
    if report.disposition:
        found += report.disposition.citations + [g.citation for g in report.disposition.grounds]
    return found


def _profile_citations(profile: Profile) -> list[Any]:
    """Every citation the profile's rules quote (each kind says which)."""
    cited: list[Any] = []
    for rule in profile.rules.values():
        for path, quoted, text in kind_of(rule).quotes(rule):
            citation = quoted
            if isinstance(rule, LiabilityRule) and path and path[0] == "items":
                citation = quoted.model_copy(update={"item": rule.items[int(path[1])].item})
            cited.append(cite(profile, citation, text))
    return cited


def check_profile_invariants(profile: Profile, *, calendar: Calendar | None = None, max_examples: int = 100) -> None:
    """Run the properties every profile must keep; raises on the first counterexample."""
    calendar = calendar or national_calendar()
    known = _profile_citations(profile)
    as_of_dates = dates(calendar)

    @settings(max_examples=max_examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=case_data(profile, calendar), as_of=as_of_dates, seed=st.randoms(use_true_random=False))
    def properties(data: dict[str, Any], as_of: dt.date, seed: Any) -> None:
        case = case_from_data(data)
        report = evaluate(profile, case, as_of=as_of, calendar=calendar)
        # Deterministic, and independent of the order in which events are listed.
        shuffled = list(data["events"])
        seed.shuffle(shuffled)
        assert evaluate(profile, case_from_data({**data, "events": shuffled}), as_of=as_of,
                        calendar=calendar) == report
        # Every citation in the report exists in the profile, text included.
        for citation in report_citations(report):
            assert citation in known, citation
        if report.status != "ok":
            return
        # No defects: the outcome the profile names for it (终结).
        if not case.act.defects and report.disposition is not None:
            ends = {rule.no_defects for rule in profile.rules_of(DispositionRule).values()}
            assert report.disposition.outcome in ends
        for deadline in report.deadlines:
            rule = profile.rules_of(DeadlineRule)[deadline.rule]
            bar = isinstance(rule.period, CountedPeriod) and rule.period.bar
            if deadline.due is not None and deadline.done_on is not None:
                on_time = deadline.done_on > deadline.due if bar else deadline.done_on <= deadline.due
                assert deadline.status == ("met" if on_time else "violated" if bar else "late")
            if deadline.due is not None and deadline.done_on is None and deadline.status in {"overdue", "lapsed"}:
                assert as_of > deadline.due
        # Rights (复查申请) never give rise to a liability.
        rights = {rule_id for rule_id, rule in profile.rules_of(DeadlineRule).items() if rule.right}
        assert not rights & {item.rule for item in report.liabilities}

    properties()
