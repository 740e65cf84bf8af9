"""Due dates of deadline rules (SPEC §3, §6): ``due_date`` and the computation the evaluator shares."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from ._calendar import Calendar, national_calendar
from ._describe import UNIT_WORDS
from ._errors import InvalidInputError
from ._loader import load_profile
from ._periods import add_days, add_months, add_years, roll
from ._profile import (
    AnnualDatePeriod,
    CountedPeriod,
    DeadlineRule,
    DocumentPeriod,
    Instrument,
    Profile,
    UndeterminablePeriod,
)
from ._results import Deadline, DeadlineStatus, ReportWarning, cite, label


@dataclass(frozen=True)
class Computed:
    """The arithmetic of one period: nominal and actual due, and the sentences that explain it."""

    nominal_due: dt.date
    due: dt.date
    rolled: bool
    provisional: bool
    sentences: tuple[str, ...]
    calendar_notes: tuple[str, ...] = ()


def deadline_rule(profile: Profile, rule_id: str) -> DeadlineRule:
    """The deadline rule ``rule_id`` of ``profile``, or a clear error listing the known ones."""
    rule = profile.rules.get(rule_id)
    if isinstance(rule, DeadlineRule):
        return rule
    known = ", ".join(sorted(profile.rules_of(DeadlineRule)))
    what = f"is a {rule.kind} rule, not a deadline" if rule is not None else "is not a rule of this profile"
    raise InvalidInputError(f"{rule_id!r} {what} ({profile.name}); deadline rules: {known}")


def compute(rule: DeadlineRule, trigger: dt.date | int, calendar: Calendar,
            extension_months: int | None = None) -> Computed:
    """Apply the rule's period to its trigger under C1–C10 (set-by-document and undeterminable excluded)."""
    period = rule.period
    if isinstance(period, AnnualDatePeriod):
        assert isinstance(trigger, int)
        nominal = dt.date(trigger, period.month, period.day)
        first = f"每年{period.month}月{period.day}日前（含当日，C5/C6），{trigger}年的期限为 {nominal.isoformat()}"
        return _rolled(calendar, nominal, (first,))
    if not isinstance(period, CountedPeriod):
        raise InvalidInputError(f"{period.unit} periods have no computed due date")
    assert isinstance(trigger, dt.date)
    amount = f"{period.amount}{UNIT_WORDS[period.unit]}"
    start = f"自 {trigger.isoformat()} 起（当日不计入，C1）"
    if period.bar:
        end = add_years(trigger, period.amount) if period.unit == "years" else (
            add_months(trigger, period.amount) if period.unit == "months" else add_days(trigger, period.amount))
        return Computed(end, end, False, False, (
            f"{start}{amount}内为限制期，至 {end.isoformat()} 届满（C9：不顺延，不适用工作日历），"
            f"自 {(end + dt.timedelta(days=1)).isoformat()} 起限制解除",))
    if period.unit == "working_days":
        due = calendar.add_working_days(trigger, period.amount)
        span = calendar.check(trigger + dt.timedelta(days=1), due)
        sentence = f"{start}第{period.amount}个工作日为 {due.isoformat()}（C2：工作日期间不顺延）"
        result = Computed(due, due, False, span.provisional, (sentence,), span.reasons)
    else:
        if period.unit == "days":
            nominal = add_days(trigger, period.amount)
            rule_note = "C3"
        else:
            months = period.amount * (12 if period.unit == "years" else 1)
            nominal = add_months(trigger, months)
            rule_note = "C4：对应日，无对应日的为月末"
        result = _rolled(calendar, nominal,
                         (f"{start}{amount}，期间届满日为 {nominal.isoformat()}（{rule_note}）",))
    if extension_months is None:
        return result
    extension = period.extension
    assert extension is not None
    nominal = add_months(result.due, extension_months)
    extended = _rolled(calendar, nominal, (
        f"经批准延长{extension_months}个月（上限{extension.max}个月），自原期限届满日 {result.due.isoformat()} "
        f"起算，延长后届满日为 {nominal.isoformat()}（C7）",))
    return Computed(extended.nominal_due, extended.due, extended.rolled,
                    result.provisional or extended.provisional, result.sentences + extended.sentences,
                    result.calendar_notes + extended.calendar_notes)


def _rolled(calendar: Calendar, nominal: dt.date, sentences: tuple[str, ...]) -> Computed:
    """C3 roll of a nominal due; only the days from the nominal due to the actual due are inspected."""
    moved = roll(calendar, nominal)
    span = calendar.check(nominal, moved.due)
    if moved.rolled:
        sentences = (*sentences, f"{nominal.isoformat()} 为{calendar.rest_reason(nominal)}，"
                                 f"顺延至 {moved.due.isoformat()}（民法典第二百零三条）")
    return Computed(nominal, moved.due, moved.rolled, span.provisional, sentences, span.reasons)


def instrument_warnings(instrument: Instrument) -> list[ReportWarning]:
    if instrument.status != "draft":
        return []
    return [_draft_warning(instrument.title)]


@functools.cache
def _draft_warning(title: str) -> ReportWarning:
    return ReportWarning(code="draft_instrument",
                         message=f"《{title}》为草案（征求意见稿），并非生效文本；结果仅供参考")


_NOT_SET = {
    "undeterminable": ReportWarning(code="deadline_not_set", message="原文未规定具体期限，本引擎不推定期限"),
    "set_by_document": ReportWarning(code="deadline_not_set",
                                     message="期限由监督文书（通知书、督办函或意见书）规定，须以文书载明的期限为准"),
}


@dataclass(frozen=True)
class Resolved:
    """A rule applied to a trigger: what ``due_date`` reports, before it becomes a ``Deadline``."""

    rule: DeadlineRule
    status: DeadlineStatus
    nominal_due: dt.date | None
    due: dt.date | None
    rolled: bool
    provisional: bool
    warnings: tuple[ReportWarning, ...]
    explanation: str


_RESOLVED_KEPT = 20_000


def resolve_cached(profile: Profile, rule_id: str, trigger: dt.date | int, *, extension_months: int | None = None,
                   calendar: Calendar) -> Resolved:
    """``resolve``, remembered per profile and calendar: batches meet the same triggers again and again."""
    memo: dict[Any, tuple[Calendar, Resolved]] = profile.memo.setdefault("resolved", {})
    key = (rule_id, type(trigger), trigger, extension_months, id(calendar))
    hit = memo.get(key)
    if hit is not None and hit[0] is calendar:
        return hit[1]
    result = resolve(profile, rule_id, trigger, extension_months=extension_months, calendar=calendar)
    if len(memo) >= _RESOLVED_KEPT:
        memo.clear()
    memo[key] = (calendar, result)
    return result


def resolve(profile: Profile, rule_id: str, trigger: dt.date | int, *, extension_months: int | None = None,
            calendar: Calendar) -> Resolved:
    """Validity, then the period (C1–C10), with the explanation; invalid arguments raise ``InvalidInputError``."""
    rule = deadline_rule(profile, rule_id)
    _check_trigger(rule, rule_id, trigger)
    _check_extension(rule, rule_id, extension_months)
    instrument = profile.instruments[rule.citation.instrument]
    warnings = instrument_warnings(instrument)
    period = rule.period
    when: dt.date | str
    if isinstance(period, AnnualDatePeriod):
        assert isinstance(trigger, int)
        checked = dt.date(trigger, period.month, period.day)
        in_force, when = instrument.in_force_on(checked), checked
    elif isinstance(trigger, int):
        in_force, when = instrument.in_force_during(trigger), f"{trigger}年"
    else:
        in_force, when = instrument.in_force_on(trigger), trigger
    if not in_force:
        shown = when.isoformat() if isinstance(when, dt.date) else when
        return Resolved(rule, "not_in_force", None, None, False, False, tuple(warnings),
                        f"{shown} 不在《{instrument.title}》的有效期内（{validity_words(instrument)}），该规则不适用。")
    if isinstance(period, UndeterminablePeriod | DocumentPeriod):
        status: DeadlineStatus = "undeterminable" if isinstance(period, UndeterminablePeriod) else "set_by_document"
        warning = _NOT_SET[status]
        return Resolved(rule, status, None, None, False, False, (*warnings, warning),
                        f"依据{label(profile, rule.citation)}：{warning.message}。")
    computed = compute(rule, trigger, calendar, extension_months)
    sentences = [f"依据{label(profile, rule.citation)}", *computed.sentences]
    if computed.provisional:
        notes = "；".join(computed.calendar_notes)
        warnings = [*warnings, ReportWarning(code="provisional_calendar", message=notes)]
        sentences.append("结果为临时性结果：" + notes)
    return Resolved(rule, "ok", computed.nominal_due, computed.due, computed.rolled, computed.provisional,
                    tuple(warnings),
                    "，".join(sentences[:2]) + "".join(f"；{s}" for s in sentences[2:]) + "。")


def due_date(profile: Profile | str, rule_id: str, trigger: dt.date | int, *,
             extension_months: int | None = None, calendar: Calendar | None = None) -> Deadline:
    """When the duty of ``rule_id`` falls due for ``trigger`` (a date, or a year for annual rules)."""
    if not isinstance(profile, Profile):
        profile = load_profile(profile)
    result = resolve(profile, rule_id, trigger, extension_months=extension_months,
                     calendar=calendar or national_calendar())
    rule, period = result.rule, result.rule.period
    return Deadline(profile=profile.name, rule=rule_id, trigger=trigger, nominal_due=result.nominal_due,
                    due=result.due, rolled=result.rolled, unit=period.unit,
                    amount=period.amount if isinstance(period, CountedPeriod) else None, status=result.status,
                    provisional=result.provisional, citation=cite(profile, rule.citation, rule.text),
                    explanation=result.explanation, warnings=list(result.warnings))


def validity_words(instrument: Instrument) -> str:
    start = instrument.effective_from.isoformat() if instrument.effective_from else "未定"
    end = instrument.effective_until.isoformat() if instrument.effective_until else "无"
    return f"施行日期 {start}，终止日期 {end}"


def _check_trigger(rule: DeadlineRule, rule_id: str, trigger: object) -> None:
    if rule.trigger_is_year:
        if isinstance(trigger, bool) or not isinstance(trigger, int):
            raise InvalidInputError(f"{rule_id} counts from a year (the year the due date falls in, e.g. "
                                    f"2026), not {_shown(trigger)}")
        if not 1950 <= trigger <= 2149:
            raise InvalidInputError(f"{rule_id}: year {trigger} is outside 1950–2149")
    elif not isinstance(trigger, dt.date) or isinstance(trigger, dt.datetime):
        raise InvalidInputError(f"{rule_id} counts from a date (YYYY-MM-DD: {rule.trigger}), not a year: "
                                f"{_shown(trigger)}")


def _check_extension(rule: DeadlineRule, rule_id: str, months: int | None) -> None:
    if months is None:
        return
    period = rule.period
    extension = period.extension if isinstance(period, CountedPeriod) else None
    if extension is None:
        raise InvalidInputError(f"{rule_id} allows no extension")
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise InvalidInputError(f"{rule_id}: an extension is a whole number of months, at least 1; got {months!r}")
    if months > extension.max:
        raise InvalidInputError(f"{rule_id}: an extension of {months} months exceeds the maximum of "
                                f"{extension.max} ({rule.citation.label}: 延长期限不得超过{extension.max}个月)")



def _shown(trigger: object) -> str:
    return trigger.isoformat() if isinstance(trigger, dt.date) else repr(trigger)
