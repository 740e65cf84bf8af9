"""Procedure: the checks an ordinance imposes on supervision events (two supervisors, recusal, no night or
rest-day coercive execution)."""

from __future__ import annotations

import datetime as dt

from ._calendar import Calendar
from ._case import CoerciveExecution, Event
from ._facts import CaseView
from ._profile import Forbidden, ProcedureRule, Profile, Requirement
from ._report import ProcedureCheck, ProcedureState
from ._results import cite, label


def check_procedure(profile: Profile, view: CaseView, scope: frozenset[str], calendar: Calendar,
                    explain: list[str]) -> list[ProcedureCheck]:
    checks = []
    for rule_id, rule in profile.rules_of(ProcedureRule).items():
        if rule.citation.instrument not in scope:
            continue
        events = view.of_type(rule.event)
        states = [_check_event(rule, event, calendar) for event in events]
        status: ProcedureState
        if not states:
            status = "not_applicable"
        elif "violated" in states:
            status = "violated"
        elif "undetermined" in states:
            status = "undetermined"
        else:
            status = "complied"
        if status != "not_applicable":
            explain.append(f"依据{label(profile, rule.citation)}，{rule.title}：{_WORDS[status]}"
                           f"（{rule_id}: {status}）。")
        checks.append(ProcedureCheck(rule=rule_id, status=status, citation=cite(profile, rule.citation, rule.text)))
    return checks


_WORDS = {"complied": "符合", "violated": "违反", "undetermined": "案件未载明相关事实，无法判断",
          "not_applicable": "不适用"}


def _check_event(rule: ProcedureRule, event: Event, calendar: Calendar) -> ProcedureState:
    if rule.unless and all(_meets(event, r) == "complied" for r in rule.unless):
        return "complied"
    states = [_meets(event, requirement) for requirement in rule.requires]
    if rule.forbids is not None and isinstance(event, CoerciveExecution):
        states.append(_forbidden(rule.forbids, event.at, calendar))
    if "violated" in states:
        return "violated"
    return "undetermined" if "undetermined" in states else "complied"


def _meets(event: Event, requirement: Requirement) -> ProcedureState:
    value = getattr(event, requirement.field, None)
    if value is None:
        return requirement.if_absent
    if requirement.at_least is not None:
        return "complied" if value >= requirement.at_least else "violated"
    return "complied" if value == requirement.equals else "violated"


def _forbidden(forbids: Forbidden, at: dt.datetime, calendar: Calendar) -> ProcedureState:
    moment = at.time()
    start, end = forbids.night_from, forbids.night_until
    at_night = (start <= moment or moment < end) if start > end else (start <= moment < end)
    if at_night:
        return "violated"
    if forbids.rest_days and not calendar.is_workday(at.date()):
        return "violated"
    return "complied"
