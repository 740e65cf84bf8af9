"""Due dates of deadline rules (SPEC §3, §6): ``due_date``, the computation without a case."""

from __future__ import annotations

import datetime as dt

from ._calendar import Calendar, national_calendar
from ._errors import InvalidInputError
from ._kinds.deadline import (
    NOT_SET,
    CountedPeriod,
    DeadlineRule,
    DocumentPeriod,
    UndeterminablePeriod,
    check_trigger,
    compute,
    unknown_rule,
    validity_day,
)
from ._loader import load_profile
from ._profile import Instrument, Profile
from ._results import Deadline, DeadlineStatus, ReportWarning, cite, draft_warning
from ._words import computation, not_in_force


def deadline_rule(profile: Profile, rule_id: str) -> DeadlineRule:
    """The deadline rule ``rule_id`` of ``profile``, or a clear error listing the known ones."""
    rule = profile.rules.get(rule_id)
    if isinstance(rule, DeadlineRule):
        return rule
    raise InvalidInputError(unknown_rule(profile, rule_id))


def due_date(profile: Profile | str, rule_id: str, trigger: dt.date | int, *,
             extension_months: int | None = None, calendar: Calendar | None = None) -> Deadline:
    """When the duty of ``rule_id`` falls due for ``trigger`` (a date, or a year for annual rules)."""
    if not isinstance(profile, Profile):
        profile = load_profile(profile)
    calendar = calendar or national_calendar()
    rule = deadline_rule(profile, rule_id)
    check_trigger(rule, rule_id, trigger)
    _check_extension(rule, rule_id, extension_months)
    instrument = profile.instruments[rule.citation.instrument]
    warnings = instrument_warnings(instrument)
    period = rule.period
    cited = cite(profile, rule.citation, rule.text)
    amount = period.amount if isinstance(period, CountedPeriod) else None

    def result(status: DeadlineStatus, explanation: str, *, nominal: dt.date | None = None,
               due: dt.date | None = None, rolled: bool = False, provisional: bool = False) -> Deadline:
        return Deadline(profile=profile.name, rule=rule_id, trigger=trigger, nominal_due=nominal, due=due,
                        rolled=rolled, unit=period.unit, amount=amount, status=status, provisional=provisional,
                        citation=cited, explanation=explanation, warnings=warnings)

    day = validity_day(rule, trigger)
    in_force = instrument.in_force_on(day) if day is not None else (
        isinstance(trigger, int) and instrument.in_force_during(trigger))
    if not in_force:
        shown = day.isoformat() if day is not None else f"{trigger}年"
        first = instrument.first_day
        return result("not_in_force", not_in_force(instrument.title, first.isoformat() if first else None,
                                                   _iso(instrument.effective_until), shown))
    if isinstance(period, UndeterminablePeriod | DocumentPeriod):
        status: DeadlineStatus = "undeterminable" if isinstance(period, UndeterminablePeriod) else "set_by_document"
        warnings.append(ReportWarning(code="deadline_not_set", message=NOT_SET[status]))
        return result(status, computation(cited, [], [], period=period.unit))
    computed = compute(rule, trigger, calendar, extension_months)
    if computed.provisional:
        warnings.append(ReportWarning(code="provisional_calendar", message="；".join(computed.calendar_notes)))
    return result("ok", computation(cited, computed.steps, computed.calendar_notes, period=period.unit),
                  nominal=computed.nominal_due, due=computed.due, rolled=computed.rolled,
                  provisional=computed.provisional)


def instrument_warnings(instrument: Instrument) -> list[ReportWarning]:
    if instrument.status != "draft":
        return []
    return [draft_warning(instrument.title)]


def _check_extension(rule: DeadlineRule, rule_id: str, months: int | None) -> None:
    if months is None:
        return
    extension = rule.extension
    if extension is None:
        raise InvalidInputError(f"{rule_id} allows no extension")
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise InvalidInputError(f"{rule_id}: an extension is a whole number of months, at least 1; got {months!r}")
    if months > extension.max:
        raise InvalidInputError(f"{rule_id}: an extension of {months} months exceeds the maximum of "
                                f"{extension.max} ({rule.citation.label}: 延长期限不得超过{extension.max}个月)")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
