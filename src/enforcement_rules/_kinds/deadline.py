"""``kind: deadline`` — a period (C1–C10) started by an event or an obligation's trigger and met by another.

The arithmetic returns structured steps (``Step``); ``_words`` turns them into sentences.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple

from pydantic import Field, PositiveInt, model_validator

from .._calendar import Calendar
from .._errors import CaseError, InvalidInputError
from .._periods import add_days, add_months, add_years, roll
from .._profile import Citation, Code, DutyOf, Profile, RuleBase, Strict
from .._report import DeadlineState, DeadlineStatus, Finding
from .._results import CitedArticle, cite
from . import Kind, Problem

if TYPE_CHECKING:  # the case models load with the first case, not with the profile (cold start, issue 10)
    from .._case import Event, ExtensionApproved
    from .._evaluation import Evaluation

MAX_AMOUNT = {"working_days": 366, "days": 3660, "months": 120, "years": 100}
"""The longest period a profile may state, per unit: the law's periods run from days to a few years."""


class LateApproval(Strict):
    """Whether an extension approved after the period ran out counts, and the words that decide it."""

    counts: bool
    """whether an approval after the end of the period still counts"""
    citation: Citation
    text: str = Field(description="the words that decide it, verbatim")


class Extension(Strict):
    unit: Literal["months"] = "months"
    """the period's unit (its tag)"""
    max: PositiveInt = Field(le=12)
    """the longest extension allowed, in months"""
    approval: str | None = Field(default=None, description="who approves, as the text says")
    late_approval: LateApproval | None = Field(
        default=None, description="omitted: a late approval counts (the text sets no condition)")


class CountedPeriod(Strict):
    """N working days (C2), days (C3), months or years (C4); ``bar: true`` for C9."""

    unit: Literal["working_days", "days", "months", "years"]
    """the period's unit (its tag)"""
    amount: PositiveInt
    """how many units"""
    bar: bool = Field(default=False, description="C9: a bar never rolls and never consults the calendar")
    extension: Extension | None = None
    """whether and how far the period may be extended (C7)"""

    @model_validator(mode="after")
    def _consistent(self) -> CountedPeriod:
        if self.amount > MAX_AMOUNT[self.unit]:
            raise ValueError(f"a period of {self.amount} {self.unit} is longer than any the law sets "
                             f"(at most {MAX_AMOUNT[self.unit]})")
        if self.bar and self.unit == "working_days":
            raise ValueError("a bar (C9) never consults the calendar: it cannot count working days")
        if self.bar and self.extension:
            raise ValueError("a bar (C9) cannot be extended")
        return self


class AnnualDatePeriod(Strict):
    """A fixed date every year ("每年1月31日前", C5); the trigger is the year the date falls in."""

    unit: Literal["annual_date"]
    """the period's unit (its tag)"""
    month: int = Field(ge=1, le=12)
    """the month of the fixed annual date"""
    day: int = Field(ge=1, le=31)
    """the day of the fixed annual date"""

    @model_validator(mode="after")
    def _real_date(self) -> AnnualDatePeriod:
        try:
            dt.date(2000, self.month, self.day)
        except ValueError:
            raise ValueError(f"month {self.month} has no day {self.day}") from None
        return self


class DocumentPeriod(Strict):
    """The period is set by the corrective document itself ("在规定的期限内")."""

    unit: Literal["set_by_document"]
    """the period's unit (its tag)"""


class UndeterminablePeriod(Strict):
    """The text names no period ("按规定的时限"): the engine says so and never guesses."""

    unit: Literal["undeterminable"]
    """the period's unit (its tag)"""


Period = Annotated[CountedPeriod | AnnualDatePeriod | DocumentPeriod | UndeterminablePeriod,
                   Field(discriminator="unit")]
_NOT_COUNTED = (DocumentPeriod, UndeterminablePeriod)
"""the periods a rule does not count: the document's, or none the text sets"""


class DeadlineEvents(Strict):
    """Which case events start and meet the deadline (SPEC §4)."""

    start: Code
    """the event type that starts the period"""
    done: Code
    """the event type that meets the period"""
    documents: list[Code] = Field(default=[], description="for a document event: which documents")
    document_deadline: Literal["governs", "ignored"] | None = Field(
        default=None, description="a 限期 the starting document sets itself (its deadline): governs the case, or "
                                  "is ignored for the rule's own period; default: governs a set_by_document period")


class DeadlineRule(RuleBase):
    kind: Literal["deadline"]
    """the rule kind (the tag of a registered kind: deadline, admission, requirement …)"""
    trigger: str = Field(description="what starts the period, in Chinese")
    trigger_kind: Literal["date", "year"] | None = Field(
        default=None, description="date or year; defaults to year for annual_date periods, else date")
    period: Period
    """the period (C1–C10)"""
    right: bool = Field(default=False, description="a right, not a duty: out of time is late/lapsed, never a "
                                                   "liability")
    duty_of: DutyOf = "agency"
    events: DeadlineEvents | None = None

    @property
    def trigger_is_year(self) -> bool:
        if self.trigger_kind is not None:
            return self.trigger_kind == "year"
        return isinstance(self.period, AnnualDatePeriod)

    @property
    def is_bar(self) -> bool:
        return isinstance(self.period, CountedPeriod) and self.period.bar

    @property
    def extension(self) -> Extension | None:
        return self.period.extension if isinstance(self.period, CountedPeriod) else None

    @property
    def document_governs(self) -> bool:
        events = self.events
        if events is None:
            return False
        if events.document_deadline is None:
            return isinstance(self.period, DocumentPeriod)
        return events.document_deadline == "governs"

    @model_validator(mode="after")
    def _annual_dates_count_from_years(self) -> DeadlineRule:
        if isinstance(self.period, AnnualDatePeriod) and self.trigger_kind == "date":
            raise ValueError("an annual_date period counts from a year: trigger_kind must be year")
        return self


# -- arithmetic ---------------------------------------------------------------------------------------

class Computed(NamedTuple):
    """One period applied to one trigger: nominal and actual due, and the steps that explain it. (A named tuple:
    immutable like a frozen dataclass, and made in a third of its time; a batch computes one per new trigger.)"""

    nominal_due: dt.date
    due: dt.date
    rolled: bool
    provisional: bool
    steps: tuple[dict[str, Any], ...]
    calendar_notes: tuple[str, ...] = ()


def compute(rule: DeadlineRule, trigger: dt.date | int, calendar: Calendar,
            extension_months: int | None = None) -> Computed:
    """Apply the rule's period to its trigger under C1–C10 (set-by-document and undeterminable excluded)."""
    period = rule.period
    if isinstance(period, AnnualDatePeriod):
        assert isinstance(trigger, int)
        nominal = dt.date(trigger, period.month, period.day)
        return rolled(calendar, nominal, ({"step": "annual", "month": period.month, "day": period.day,
                                           "year": trigger, "nominal": nominal},))
    if not isinstance(period, CountedPeriod):
        raise InvalidInputError(f"{period.unit} periods have no computed due date")
    assert isinstance(trigger, dt.date)
    try:
        return _counted(period, trigger, calendar, extension_months)
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, InvalidInputError):
            raise
        raise InvalidInputError(f"{trigger.isoformat()} + {period.amount} {period.unit} is past the last date "
                                "this engine can represent (9999-12-31)") from None


def _counted(period: CountedPeriod, trigger: dt.date, calendar: Calendar, extension_months: int | None) -> Computed:
    base = {"start": trigger, "amount": period.amount, "unit": period.unit}
    if period.bar:
        end = add_years(trigger, period.amount) if period.unit == "years" else (
            add_months(trigger, period.amount) if period.unit == "months" else add_days(trigger, period.amount))
        return Computed(end, end, False, False, ({"step": "bar", **base, "end": end},))
    if period.unit == "working_days":
        due = calendar.add_working_days(trigger, period.amount)
        span = calendar.check(trigger + dt.timedelta(days=1), due)
        result = Computed(due, due, False, span.provisional, ({"step": "working_days", **base, "due": due},),
                          span.reasons)
    else:
        if period.unit == "days":
            nominal = add_days(trigger, period.amount)
        else:
            nominal = add_months(trigger, period.amount * (12 if period.unit == "years" else 1))
        result = rolled(calendar, nominal, ({"step": "counted", **base, "nominal": nominal},))
    if extension_months is None:
        return result
    assert period.extension is not None
    nominal = add_months(result.due, extension_months)
    extended = rolled(calendar, nominal, ({"step": "extended", "months": extension_months,
                                           "max": period.extension.max, "from": result.due, "nominal": nominal},))
    return Computed(extended.nominal_due, extended.due, extended.rolled, result.provisional or extended.provisional,
                    result.steps + extended.steps, result.calendar_notes + extended.calendar_notes)


def rolled(calendar: Calendar, nominal: dt.date, steps: tuple[dict[str, Any], ...]) -> Computed:
    """C3 roll of a nominal due; only the days from the nominal due to the actual due are inspected."""
    moved = roll(calendar, nominal)
    span = calendar.check(nominal, moved.due)
    if moved.rolled:
        steps = (*steps, {"step": "rolled", "nominal": nominal, "reason": calendar.rest_reason(nominal),
                          "due": moved.due})
    return Computed(nominal, moved.due, moved.rolled, span.provisional, steps, span.reasons)


def state(due: dt.date, done_on: dt.date | None, as_of: dt.date, *, right: bool, bar: bool = False) -> DeadlineState:
    """C6: done on the due date is on time; a right never exercised in time lapses. A bar (C9) runs until ``due``:
    the act it forbids (``done_on``, e.g. 重新申领) inside it is ``violated``, after it ``met``; with no such act
    it is ``pending`` while it runs and ``lapsed`` once it has run out."""
    if bar:
        if done_on is not None:
            return "met" if done_on > due else "violated"
        return "lapsed" if as_of > due else "pending"
    if done_on is not None:
        return "met" if done_on <= due else "late"
    if as_of > due:
        return "lapsed" if right else "overdue"
    return "pending"


# -- evaluation ---------------------------------------------------------------------------------------

def evaluate(evaluation: Evaluation, rules: dict[str, DeadlineRule]) -> None:
    started = _from_events(evaluation, rules)
    evaluation.deadlines.extend(started)
    evaluation.deadlines.extend(_from_obligations(evaluation))


def _from_events(evaluation: Evaluation, rules: dict[str, DeadlineRule]) -> list[DeadlineStatus]:
    view = evaluation.view
    by_type = view.by_type
    plan: list[tuple[_EventRule, Event, dt.date | None]] = []
    for started_by in _event_rules(evaluation.profile, rules):
        started = by_type.get(started_by.start)
        if not started:
            continue
        accepted = started_by.accepted
        starts = [event for event in started if getattr(event, "document", None) in accepted] if accepted \
            else started
        dones = by_type.get(started_by.done)
        if not dones:
            plan.extend((started_by, start, None) for start in starts)
            continue
        dones = list(dones)
        for start in starts:
            done_on = None
            for index, done in enumerate(dones):  # the first done on or after the start, used once
                if done.on >= start.on:
                    done_on = done.on
                    del dones[index]
                    break
            plan.append((started_by, start, done_on))
    extensions = _extensions(evaluation, plan)
    memo = due_dates(evaluation.profile, evaluation.calendar)
    results = []
    for started_by, start, done_on in plan:
        spec = started_by.spec
        rule_id, rule = spec.rule_id, spec.rule
        if not evaluation.in_force(rule_id, rule, start.on):
            results.append(_not_in_force(spec, start.on, done_on))
            continue
        if spec.contested and not evaluation.chosen(rule_id, rule, start.on):
            continue  # set aside by the declared precedence (a finding says which rule applies instead)
        # (the type, not isinstance: an import here would cost more than the rest of the loop; only the core
        # CorrectiveDocumentReceived has this type, a declared event never a core one)
        if started_by.governs and start.type == "corrective_document_received" and (
                due := getattr(start, "deadline", None)) is not None:
            results.append(_document_deadline(evaluation, spec, start, due=due, done_on=done_on))
        else:
            results.append(deadline(evaluation, spec, start.on, done_on=done_on, memo=memo,
                                    extension=_extension_months(evaluation, rule_id, rule, start, extensions)
                                    if extensions else None))
    return results


class _Spec(NamedTuple):
    """What evaluating one deadline rule reads of the rule and its profile, worked out once per profile."""

    rule_id: str
    rule: DeadlineRule
    cited: CitedArticle
    layer: str
    counted: bool
    """a period with a computed due date (not set by a document, not undeterminable)"""
    right: bool
    bar: bool
    contested: bool
    """``rule.competes``"""


def _specs(profile: Profile) -> dict[str, _Spec]:
    """Every deadline rule's ``_Spec`` — once per profile."""
    found: dict[str, _Spec] | None = profile.memo.get("deadline specs")
    if found is None:
        found = profile.memo["deadline specs"] = {
            rule_id: _Spec(rule_id, rule, cite(profile, rule.citation, rule.text), profile.layer_map[rule_id],
                           not isinstance(rule.period, _NOT_COUNTED), rule.right, rule.is_bar, rule.competes)
            for rule_id, rule in profile.rules.items() if isinstance(rule, DeadlineRule)}
    return found


class _EventRule(NamedTuple):
    """A deadline rule that case events start, with what its evaluation reads of it (once per profile)."""

    spec: _Spec
    start: str
    done: str
    accepted: frozenset[str]
    """the document kinds whose receipt starts it (empty: any event of the start type)"""
    governs: bool
    """``rule.document_governs``"""


def _event_rules(profile: Profile, rules: dict[str, DeadlineRule]) -> list[_EventRule]:
    """The rules case events start — once per profile."""
    found = profile.memo.get("event rules")
    if found is None:
        specs = _specs(profile)
        found = profile.memo["event rules"] = [
            _EventRule(specs[rule_id], rule.events.start, rule.events.done,
                       frozenset(kind for code in rule.events.documents for kind in profile.document_kinds(code)),
                       rule.document_governs)
            for rule_id, rule in rules.items() if rule.events is not None]
    return found


def _extensions(evaluation: Evaluation, plan: list[tuple[_EventRule, Event, dt.date | None]]
                ) -> dict[str, list[tuple[int, ExtensionApproved]]]:
    """Each ``extension_approved`` event assigned to the rule it names (or the case's one extendable deadline)."""
    if "extension_approved" not in evaluation.view.by_type:
        return {}
    from .._case import ExtensionApproved  # noqa: PLC0415 - see the imports

    extendable = sorted({started_by.spec.rule_id for started_by, _, _ in plan
                         if started_by.spec.rule.extension is not None})
    assigned: dict[str, list[tuple[int, ExtensionApproved]]] = {}
    for index, event in enumerate(evaluation.case.events):
        if not isinstance(event, ExtensionApproved) or event.on > evaluation.as_of:
            continue
        target = event.rule
        if evaluation.skip_unknown_obligations and ((target is None and len(extendable) != 1) or (target is not None
                                                    and target not in extendable)):
            evaluation.warn("event_not_in_profile", f"events[{index}]: 延长批准不对应{evaluation.profile.name}"
                                                    "本案中可延长的期限，未评价")
            continue
        if target is None:
            if len(extendable) != 1:
                choices = ", ".join(extendable) or "none in this case"
                raise CaseError(f"name the rule this extension extends (extendable deadlines here: {choices})",
                                key=f"events[{index}].rule")
            target = extendable[0]
        rule = evaluation.profile.rules.get(target)
        if not isinstance(rule, DeadlineRule) or rule.extension is None:
            raise CaseError(f"{target!r} is not an extendable deadline rule of {evaluation.profile.name}; "
                            f"extendable: {', '.join(extendable) or 'none in this case'}",
                            key=f"events[{index}].rule")
        assigned.setdefault(target, []).append((index, event))
    return assigned


def _extension_months(evaluation: Evaluation, rule_id: str, rule: DeadlineRule, start: Event,
                      extensions: dict[str, list[tuple[int, ExtensionApproved]]]) -> int | None:
    extension = rule.extension
    approved = [(index, event) for index, event in extensions.get(rule_id, ()) if event.on >= start.on]
    if extension is None or not approved:
        return None
    total = sum(event.months for _, event in approved)
    if total > extension.max:
        raise CaseError(f"extensions of {total} months in all exceed the maximum of {extension.max} for {rule_id} "
                        f"({rule.citation.label})", key=f"events[{approved[-1][0]}].months")
    late = extension.late_approval
    if late is None or late.counts:
        return total
    original = compute(rule, start.on, evaluation.calendar).due
    timely = 0
    for _, event in approved:
        if event.on <= original:
            timely += event.months
        else:
            evaluation.find(rule_id, "extension_too_late", citation=evaluation.cite_as(late.citation, late.text),
                            facts={"months": event.months}, dates={"approved": event.on, "end": original})
    return timely or None


def deadline(evaluation: Evaluation, spec: _Spec, trigger: dt.date | int, *, done_on: dt.date | None,
             memo: DueDates, extension: int | None = None) -> DeadlineStatus:
    """One deadline of the case: its period computed and its state on ``as_of``. (Its finding goes straight onto
    the trace, as ``Evaluation.find`` would put it: a case has several deadlines, a batch millions.)"""
    rule_id, rule = spec.rule_id, spec.rule
    day = trigger if isinstance(trigger, dt.date) else None
    if not spec.counted:
        status: DeadlineState = "set_by_document" if isinstance(rule.period, DocumentPeriod) else "undeterminable"
        evaluation.warn("deadline_not_set", NOT_SET[status])
        evaluation.trace.append(Finding(rule_id, "deadline",
                                        {"status": status, "steps": [], "period": rule.period.unit},
                                        {"trigger": day, "done_on": done_on}, spec.cited, spec.layer))
        return DeadlineStatus.built(rule=rule_id, trigger=trigger, nominal_due=None, due=None, done_on=done_on,
                                    status=status, provisional=False, citation=spec.cited, layer=spec.layer)
    computed = compute_cached(memo, spec, trigger, evaluation.calendar, extension)
    due, provisional = computed.due, computed.provisional
    if provisional:
        evaluation.warn("provisional_calendar", "；".join(computed.calendar_notes))
    status = state(due, done_on, evaluation.as_of, right=spec.right, bar=spec.bar)
    evaluation.trace.append(Finding(
        rule_id, "deadline", {"status": status, "steps": computed.steps, "period": rule.period.unit,
                              "provisional": provisional, "notes": computed.calendar_notes},
        {"trigger": day, "due": due, "done_on": done_on}, spec.cited, spec.layer))
    return DeadlineStatus.built(rule=rule_id, trigger=trigger, nominal_due=computed.nominal_due, due=due,
                                done_on=done_on, status=status, provisional=provisional, citation=spec.cited,
                                layer=spec.layer)


def _document_deadline(evaluation: Evaluation, spec: _Spec, start: Event, *, due: dt.date,
                       done_on: dt.date | None) -> DeadlineStatus:
    """SPEC §4c: a period set by the document is the date it names, inclusive, never rolled: the calendar is not
    consulted, so the result is never provisional."""
    status = state(due, done_on, evaluation.as_of, right=spec.right)
    evaluation.trace.append(Finding(spec.rule_id, "document_deadline", {"status": status},
                                    {"received": start.on, "due": due, "done_on": done_on}, spec.cited, spec.layer))
    return DeadlineStatus.built(rule=spec.rule_id, trigger=start.on, nominal_due=due, due=due, done_on=done_on,
                                status=status, provisional=False, citation=spec.cited, layer=spec.layer)


def _not_in_force(spec: _Spec, trigger: dt.date | int, done_on: dt.date | None) -> DeadlineStatus:
    return DeadlineStatus.built(rule=spec.rule_id, trigger=trigger, nominal_due=None, due=None, done_on=done_on,
                                status="not_in_force", provisional=False, citation=spec.cited, layer=spec.layer)


def _from_obligations(evaluation: Evaluation) -> list[DeadlineStatus]:
    results: list[DeadlineStatus] = []
    profile = evaluation.profile
    specs = _specs(profile) if evaluation.case.obligations else {}
    for index, obligation in enumerate(evaluation.case.obligations):
        path = f"obligations[{index}]"
        rule = profile.rules.get(obligation.rule)
        if not isinstance(rule, DeadlineRule):
            if evaluation.skip_unknown_obligations:
                city = profile.city or profile.name
                evaluation.warn("obligation_not_in_profile",
                                f"{path}: {obligation.rule} 不是{city}监督办法的期限规则，未评价")
                continue
            raise CaseError(unknown_rule(profile, obligation.rule), key=f"{path}.rule")
        trigger: dt.date | int = obligation.trigger if obligation.trigger is not None else obligation.year  # type: ignore[assignment]
        try:
            check_trigger(rule, obligation.rule, trigger)
        except InvalidInputError as exc:
            raise CaseError(str(exc), key=path) from None
        done_on = obligation.done_on if obligation.done_on and obligation.done_on <= evaluation.as_of else None
        day = validity_day(rule, trigger)
        in_force = (evaluation.in_force(obligation.rule, rule, day) if day is not None
                    else _in_force_during(evaluation, obligation.rule, rule, trigger))
        if not in_force:
            results.append(_not_in_force(specs[obligation.rule], trigger, done_on))
            continue
        try:
            results.append(deadline(evaluation, specs[obligation.rule], trigger, done_on=done_on,
                                    memo=due_dates(profile, evaluation.calendar)))
        except InvalidInputError as exc:
            raise CaseError(str(exc), key=path) from None
    return results


def _in_force_during(evaluation: Evaluation, rule_id: str, rule: DeadlineRule, year: dt.date | int) -> bool:
    assert isinstance(year, int)
    if evaluation.instrument(rule).in_force_during(year):
        evaluation.applied += 1
        return True
    return evaluation.in_force(rule_id, rule, dt.date(year, 12, 31))


def validity_day(rule: DeadlineRule, trigger: dt.date | int) -> dt.date | None:
    """The day that decides whether the rule applies (its trigger; a fixed annual date: that date)."""
    if isinstance(rule.period, AnnualDatePeriod):
        assert isinstance(trigger, int)
        return dt.date(trigger, rule.period.month, rule.period.day)
    return trigger if isinstance(trigger, dt.date) else None


_KEPT = 20_000


DueDates = dict[tuple[str, dt.date | int, int | None], Computed]
"""(rule id, trigger, extension months) → the period computed (a year and a day never compare equal)"""


def due_dates(profile: Profile, calendar: Calendar) -> DueDates:
    """The periods computed under ``profile`` and ``calendar`` (``compute_cached``): batches meet the same triggers
    again and again. Each memo holds at most ``_KEPT`` entries (emptied when full); it keeps its calendar, so that
    calendar's id names no other while it is remembered."""
    by_calendar: dict[int, tuple[Calendar, DueDates]] = profile.memo.setdefault("computed", {})
    found = by_calendar.get(id(calendar))
    if found is None or found[0] is not calendar:
        if len(by_calendar) >= _CALENDARS_KEPT:
            by_calendar.clear()
        found = by_calendar[id(calendar)] = (calendar, {})
    return found[1]


def compute_cached(memo: DueDates, spec: _Spec, trigger: dt.date | int, calendar: Calendar,
                   extension: int | None = None) -> Computed:
    """``compute``, remembered in ``memo`` (``due_dates`` of the profile and ``calendar``)."""
    key = (spec.rule_id, trigger, extension)
    hit = memo.get(key)
    if hit is None:
        hit = compute(spec.rule, trigger, calendar, extension)
        if len(memo) >= _KEPT:
            memo.clear()
        memo[key] = hit
    return hit


_CALENDARS_KEPT = 8


NOT_SET = {
    "undeterminable": "原文未规定具体期限，本引擎不推定期限",
    "set_by_document": "期限由监督文书（通知书、督办函或意见书）规定，须以文书载明的期限为准",
}


def unknown_rule(profile: Profile, rule_id: str) -> str:
    rule = profile.rules.get(rule_id)
    known = ", ".join(sorted(r for r, v in profile.rules.items() if isinstance(v, DeadlineRule)))
    what = f"is a {rule.kind} rule, not a deadline" if rule is not None else "is not a rule of this profile"
    return f"{rule_id!r} {what} ({profile.name}); deadline rules: {known}"


def check_trigger(rule: DeadlineRule, rule_id: str, trigger: object) -> None:
    if rule.trigger_is_year:
        if isinstance(trigger, bool) or not isinstance(trigger, int):
            raise InvalidInputError(f"{rule_id} counts from a year (the year the due date falls in, e.g. "
                                    f"2026), not {_shown(trigger)}")
        if not 1950 <= trigger <= 2149:
            raise InvalidInputError(f"{rule_id}: year {trigger} is outside 1950–2149")
    elif not isinstance(trigger, dt.date) or isinstance(trigger, dt.datetime):
        raise InvalidInputError(f"{rule_id} counts from a date (YYYY-MM-DD: {rule.trigger}), not a year: "
                                f"{_shown(trigger)}")


def _shown(trigger: object) -> str:
    return trigger.isoformat() if isinstance(trigger, dt.date) else repr(trigger)


# -- checks, summary ------------------------------------------------------------------------------------

UNIT_WORDS = {"working_days": "个工作日", "days": "日", "months": "个月", "years": "年"}


def describe_period(period: Period) -> str:
    """``2个月，可延长≤1个月`` / ``每年1月31日前`` / ``期限由文书规定``."""
    if isinstance(period, CountedPeriod):
        text = f"{period.amount}{UNIT_WORDS[period.unit]}"
        if period.bar:
            text += "（限制期，不顺延）"
        if period.extension:
            text += f"，可延长≤{period.extension.max}个月"
        return text
    if isinstance(period, AnnualDatePeriod):
        return f"每年{period.month}月{period.day}日前"
    return {"set_by_document": "期限由文书规定", "undeterminable": "原文未规定期限"}[period.unit]


def summary(rule: DeadlineRule) -> str:
    return f"{rule.title}：{rule.trigger} → {describe_period(rule.period)}{'（权利）' if rule.right else ''}"


def check(profile: Profile, _rule_id: str, rule: DeadlineRule) -> Iterator[Problem]:
    events = rule.events
    if events is not None:
        for key in ("start", "done"):
            name = getattr(events, key)
            if name not in profile.event_specs:
                yield ("events", key), f"unknown event {name!r}"
        for index, code in enumerate(events.documents):
            if code not in profile.codes("documents"):
                yield ("events", "documents", index), f"unknown document {code!r}; " \
                                                      f"documents: {', '.join(sorted(profile.codes('documents')))}"
        if events.document_deadline == "governs" and events.start != "corrective_document_received":
            yield ("events", "document_deadline"), "only a corrective document carries its own deadline"
    late = rule.extension.late_approval if rule.extension else None
    if late is not None and late.citation.instrument not in profile.instruments:
        yield ("period", "extension", "late_approval", "citation", "instrument"), \
            f"unknown instrument {late.citation.instrument!r}"


def quotes(rule: DeadlineRule) -> Iterator[tuple[tuple[str | int, ...], Citation, str]]:
    yield ("citation",), rule.citation, rule.text
    late = rule.extension.late_approval if rule.extension else None
    if late is not None:
        yield ("period", "extension", "late_approval", "citation"), late.citation, late.text


def lint(profile: Profile, rule_id: str, rule: DeadlineRule) -> Iterator[Problem]:
    if rule.events is None and isinstance(rule.period, DocumentPeriod):
        yield (), ("no event starts this rule and an obligation cannot carry the document's period: it can never "
                   "be triggered (add events: {start: corrective_document_received, …})")
    if rule.events is not None and rule.events.start == "corrective_document_received" and not rule.events.documents:
        yield ("events",), "events.documents is empty: any corrective document starts this rule"
    issued = {getattr(rule, "document", None) for rule in profile.rules.values()} - {None}
    if rule.events is not None and rule.events.documents and issued:
        accepted = {kind for code in issued for kind in profile.document_kinds(str(code))}
        if not set(rule.events.documents) & accepted:
            yield ("events", "documents"), (f"no document of this profile's disposition "
                                            f"({', '.join(sorted(map(str, issued)))}) starts {rule_id}")


# -- vectorized form (_columnar) ----------------------------------------------------------------------

def _vector_due(plan: Any, rule: DeadlineRule, trigger: Any, year: Any = None) -> tuple[Any, Any, Any]:
    """The due date, and whether it is provisional or leaves the calendar, over a column of triggers (or years),
    as ``compute`` does for one (C1–C10; extensions: ``_extended``)."""
    import polars as pl  # noqa: PLC0415

    from .._columnar import add_months  # noqa: PLC0415

    period = rule.period
    if isinstance(period, AnnualDatePeriod):
        nominal = pl.DataFrame({"y": year}).select(pl.date(pl.col("y"), period.month, period.day)).to_series()
    else:
        assert isinstance(period, CountedPeriod)
        if period.unit == "working_days":
            due = plan.add_working_days(trigger, period.amount)
            return due, *plan.span(trigger + dt.timedelta(days=1), due)
        if period.unit == "days":
            nominal = trigger + dt.timedelta(days=period.amount)
        else:
            nominal = add_months(trigger, period.amount * (12 if period.unit == "years" else 1))
        if period.bar:  # C9: never rolled, the calendar never consulted
            never = pl.Series([False] * len(nominal))
            return nominal, never, never
    due = plan.next_working_day(nominal)
    return due, *plan.span(nominal, due)


def vector_state(due: Any, done: Any, as_of: dt.date, *, right: bool, bar: bool) -> Any:
    """``state`` over columns."""
    import polars as pl  # noqa: PLC0415

    if bar:
        return pl.when(done.is_not_null()).then(pl.when(done > due).then(pl.lit("met")).otherwise(pl.lit("violated"))) \
            .when(pl.lit(as_of) > due).then(pl.lit("lapsed")).otherwise(pl.lit("pending"))
    return pl.when(done.is_not_null()).then(pl.when(done <= due).then(pl.lit("met")).otherwise(pl.lit("late"))) \
        .when(pl.lit(as_of) > due).then(pl.lit("lapsed" if right else "overdue")).otherwise(pl.lit("pending"))


def _results(plan: Any, rule_id: str, rule: DeadlineRule, frame: Any, *, day: str, trigger_text: Any,
             doc_deadline: str | None = None, approvals: Any = None) -> Any:
    """Each row of ``frame`` (its trigger day in ``day``, done day in ``__done``) judged under ``rule``: columns
    ``__status``, ``__due``, ``__provisional``, ``__live``, ``__fallback``, ``__struct``."""
    import polars as pl  # noqa: PLC0415

    as_of = plan.as_of
    frame = plan.live(rule, frame, pl.col(day), applies=pl.col(day).is_not_null())
    warnings = []
    period = rule.period
    done = pl.col("__done")
    fallback = pl.lit(False)
    if isinstance(period, DocumentPeriod | UndeterminablePeriod):
        status = pl.lit("set_by_document" if isinstance(period, DocumentPeriod) else "undeterminable")
        frame = frame.with_columns(__due=pl.lit(None, dtype=pl.Date), __provisional=pl.lit(False))
        warnings.append(("deadline_not_set", pl.col("__live") & pl.col(day).is_not_null()
                         & (pl.col(doc_deadline).is_null() if doc_deadline and rule.document_governs else True)))
        if doc_deadline and rule.document_governs:
            frame = frame.with_columns(__due=pl.col(doc_deadline))
            status = pl.when(pl.col(doc_deadline).is_not_null()).then(
                vector_state(pl.col("__due"), done, as_of, right=rule.right, bar=False)).otherwise(status)
    else:
        trigger = frame.get_column(day) if not isinstance(period, AnnualDatePeriod) else None
        year = frame.get_column("year") if isinstance(period, AnnualDatePeriod) else None
        due, provisional, outside = _vector_due(plan, rule, trigger, year)
        frame = frame.with_columns(__due=due, __provisional=provisional, __outside=outside)
        fallback = pl.col("__outside") & pl.col("__live")
        if approvals is not None and len(approvals):
            frame = _extended(plan, rule, frame, approvals)
            fallback = fallback | pl.col("__over_max")
        status = vector_state(pl.col("__due"), done, as_of, right=rule.right, bar=rule.is_bar)
        if doc_deadline and rule.document_governs:
            frame = frame.with_columns(
                __due=pl.when(pl.col(doc_deadline).is_not_null()).then(pl.col(doc_deadline)).otherwise(pl.col("__due")),
                __provisional=pl.when(pl.col(doc_deadline).is_not_null()).then(False).otherwise(pl.col("__provisional")))
            fallback = fallback & pl.col(doc_deadline).is_null()
            status = vector_state(pl.col("__due"), done, as_of, right=rule.right, bar=False)
        warnings.append(("provisional_calendar", pl.col("__live") & pl.col("__provisional")))
    frame = frame.with_columns(
        __status=pl.when(pl.col("__live")).then(status).otherwise(pl.lit("not_in_force")),
        __due=pl.when(pl.col("__live")).then(pl.col("__due")).otherwise(None),
        __provisional=pl.when(pl.col("__live")).then(pl.col("__provisional")).otherwise(False),
        __fallback=fallback)
    for code, when in warnings:
        plan.mark(code, frame, when)
    return frame.with_columns(__struct=pl.struct(
        rule=pl.lit(rule_id), trigger=trigger_text, due=pl.col("__due"), done_on=done,
        status=pl.col("__status"), provisional=pl.col("__provisional")))


def _extended(plan: Any, rule: DeadlineRule, frame: Any, approvals: Any) -> Any:
    """C7 over columns: the approved months (within the maximum; a late approval only where it counts) added to
    the due date, then rolled (as ``compute`` with ``extension_months``)."""
    import polars as pl  # noqa: PLC0415

    from .._columnar import add_months  # noqa: PLC0415

    extension = rule.extension
    assert extension is not None
    total = approvals.group_by("row").agg(pl.col("months").sum().alias("__total"))
    late = extension.late_approval
    if late is not None and not late.counts:
        timely = approvals.join(frame.select("row", "__due"), on="row").filter(pl.col("on") <= pl.col("__due")) \
            .group_by("row").agg(pl.col("months").sum().alias("__months"))
        total = total.join(timely, on="row", how="left")
    else:
        total = total.with_columns(__months=pl.col("__total"))
    frame = frame.join(total, on="row", how="left").with_columns(
        __over_max=(pl.col("__total") > extension.max).fill_null(False),
        __months=pl.col("__months").fill_null(0))
    months = frame.get_column("__months")
    due = frame.get_column("__due")
    nominal = add_months(due, months)
    moved = plan.next_working_day(nominal)
    provisional, outside = plan.span(nominal, moved)
    extended = months > 0
    return frame.with_columns(
        __due=pl.when(extended).then(moved).otherwise(pl.col("__due")),
        __provisional=pl.when(extended).then(pl.col("__provisional") | provisional).otherwise(pl.col("__provisional")),
        __outside=pl.col("__outside") | (extended & outside)).drop("__total", "__months")


def columnar(plan: Any, rules: dict[str, DeadlineRule]) -> None:
    """Deadlines started by events (one start per rule; more go to the reference), extended by the approvals
    assigned to them, and the case's obligations, exploded and gathered back in their order."""
    import polars as pl  # noqa: PLC0415

    started = {}
    for spec, start_type, done_type, accepted, _ in _event_rules(plan.profile, rules):
        rule_id, rule = spec.rule_id, spec.rule
        starts = plan.events_of(start_type).frame
        if accepted:
            starts = starts.filter(pl.col("document").is_in(sorted(accepted)))
        per_row = starts.group_by("row").agg(
            pl.len().alias("__n"), pl.col("on").first().alias("__start"),
            *([pl.col("deadline").first().alias("__doc_deadline")] if "deadline" in starts.columns else []))
        started[rule_id] = (rule, done_type, per_row)
    approvals = _assigned_extensions(plan, started)
    for rule_id, (rule, done_type, per_row) in started.items():
        dones = plan.events_of(done_type).frame.select("row", pl.col("on").alias("__done_on"))
        frame = plan.cases.select("row").join(per_row, on="row", how="inner")
        done = frame.select("row", "__start").join(dones, on="row").filter(pl.col("__done_on") >= pl.col("__start")) \
            .group_by("row").agg(pl.col("__done_on").min().alias("__done"))
        frame = frame.join(done, on="row", how="left")
        if "__doc_deadline" not in frame.columns:
            frame = frame.with_columns(__doc_deadline=pl.lit(None, dtype=pl.Date))
        mine = None
        if rule.extension is not None and approvals is not None:
            mine = approvals.filter(pl.col("__target") == rule_id).join(frame.select("row", "__start"), on="row") \
                .filter(pl.col("on") >= pl.col("__start")).select("row", "on", "months")
        judged = _results(plan, rule_id, rule, frame, day="__start",
                          trigger_text=pl.col("__start").dt.to_string("%Y-%m-%d"), doc_deadline="__doc_deadline",
                          approvals=mine)
        prefix = f"__deadline.{rule_id}"
        plan.add_joined(judged.select(
            "row", pl.col("__n").alias(f"{prefix}.n"), pl.col("__struct").alias(prefix),
            pl.col("__status").alias(f"{prefix}.status"), pl.col("__due").alias(f"{prefix}.due"),
            pl.col("__done").alias(f"{prefix}.done"), pl.col("__fallback").alias(f"{prefix}.fallback"),
            pl.col("__start").alias(f"{prefix}.start")))
        plan.mark("fallback", plan.cases, (pl.col(f"{prefix}.n") > 1) | pl.col(f"{prefix}.fallback"))
        plan.deadlines.append(pl.col(prefix))
        plan.deadline_columns[rule_id] = prefix
        plan.deadline_breaches.append((rule_id, rule, prefix))
    _obligations(plan)


def _assigned_extensions(plan: Any, started: dict[str, Any]) -> Any:
    """Each ``extension_approved`` event with the rule it extends (``__target``): the rule it names, or the case's
    one extendable deadline; a case where that is not so (the reference's error) goes to the reference."""
    import polars as pl  # noqa: PLC0415

    events = plan.events_of("extension_approved").frame
    if not len(events):
        return None
    extendable = [rule_id for rule_id, (rule, _, _) in started.items() if rule.extension is not None]
    present = [started[rule_id][2].select("row", pl.lit(rule_id).alias("__present")) for rule_id in extendable]
    in_case = pl.concat(present).group_by("row").agg(pl.col("__present")) if present else None
    named = events.get_column("rule") if "rule" in events.columns else pl.Series([None] * len(events), dtype=pl.String)
    frame = events.select("row", "on", "months").with_columns(__named=named)
    if in_case is None:
        plan.mark("fallback", frame, pl.lit(True))
        return None
    frame = frame.join(in_case, on="row", how="left").with_columns(pl.col("__present").fill_null([]))
    target = pl.when(pl.col("__named").is_null() & (pl.col("__present").list.len() == 1)) \
        .then(pl.col("__present").list.first()) \
        .when(pl.col("__named").is_not_null() & pl.col("__present").list.contains(pl.col("__named"))) \
        .then(pl.col("__named"))
    frame = frame.with_columns(__target=target)
    plan.mark("fallback", frame, pl.col("__target").is_null())
    return frame


def _obligations(plan: Any) -> None:
    import polars as pl  # noqa: PLC0415

    frame = plan.obligations
    profile = plan.profile
    deadline_rules = {rule_id: rule for rule_id, rule in profile.rules.items() if isinstance(rule, DeadlineRule)}
    bad = ~pl.col("rule").is_in(sorted(deadline_rules))
    parts = []
    for rule_id, rule in deadline_rules.items():
        mine = frame.filter(pl.col("rule") == rule_id)
        if not len(mine):
            continue
        wrong = mine.select(pl.col("trigger").is_null() if not rule.trigger_is_year else pl.col("year").is_null())
        yearly_other = rule.trigger_is_year and not isinstance(rule.period, AnnualDatePeriod)
        leap = isinstance(rule.period, AnnualDatePeriod) and (rule.period.month, rule.period.day) == (2, 29)
        if isinstance(rule.period, AnnualDatePeriod):
            mine = mine.with_columns(__day=pl.date(pl.col("year").fill_null(2000), rule.period.month,
                                                   rule.period.day if not leap else 28))
            text = pl.col("year").cast(pl.String)
        else:
            mine = mine.with_columns(__day=pl.col("trigger"))
            text = pl.col("trigger").dt.to_string("%Y-%m-%d")
        mine = mine.with_columns(
            __done=pl.when(pl.col("done_on") <= pl.lit(plan.as_of)).then(pl.col("done_on")).otherwise(None),
            __bad=wrong.to_series() | yearly_other | leap)
        judged = _results(plan, rule_id, rule, mine.with_columns(
            __day=pl.when(pl.col("__bad")).then(None).otherwise(pl.col("__day"))), day="__day", trigger_text=text)
        parts.append(judged.select("row", "pos", pl.col("__struct"), pl.col("__status"), pl.col("__due"),
                                   pl.col("trigger").alias("__started"), pl.lit(rule_id).alias("__rule"),
                                   (pl.col("__bad") | pl.col("__fallback")).alias("__bad")))
    if len(frame):
        plan.mark("fallback", frame, bad)
    if not parts:
        plan.obligation_results = None
        return
    results = pl.concat(parts).sort("row", "pos")
    plan.mark("fallback", results, pl.col("__bad"))
    plan.obligation_results = results
    gathered = results.group_by("row", maintain_order=True).agg(pl.col("__struct").alias("__obligation_deadlines"))
    plan.add_joined(gathered)
    plan.deadlines.append(pl.col("__obligation_deadlines").fill_null([]))


KIND = Kind(name="deadline", model=DeadlineRule, order=10, evaluate=evaluate, summary=summary, check=check,
            quotes=quotes, lint=lint, section="deadlines", columnar=columnar,
            without_rules=True)  # an obligation naming no deadline rule of the profile is an error
