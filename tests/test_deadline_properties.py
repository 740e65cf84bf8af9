"""Properties of due dates, stated in the law's terms (SPEC §3, C1–C9), for every computed rule.

The working-day calendar they are checked against is the holiday-cn transcription in
``tests/assertions.py``, independent of the chinese-calendar data the code under test uses.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings

from assertions import corresponding_day, first_working_day_on_or_after, is_working_day, working_days_in
from enforcement_rules import Calendar, InvalidInputError, due_date
from strategies import (
    ANNUAL_RULES,
    BAR_RULES,
    CASE_HANDLING,
    COMPUTED_RULES,
    ROLLING_RULES,
    WORKING_DAY_RULES,
    RuleWindow,
    annual_years,
    extension_months_over_the_maximum,
    rule_and_ordered_triggers,
    rule_and_trigger,
    triggers,
)

NO_CALENDAR = Calendar([])


def law_nominal_due(window: RuleWindow, trigger: dt.date) -> dt.date:
    """C3: trigger + N days (the trigger day not counted); C4: the corresponding day N months/years on."""
    if window.unit == "days":
        return trigger + dt.timedelta(days=window.amount)
    months = window.amount * (12 if window.unit == "years" else 1)
    return corresponding_day(trigger, months)


def computed_due(window: RuleWindow, trigger: dt.date, *, extension_months: int | None = None) -> dt.date:
    result = due_date(window.profile, window.rule, trigger, extension_months=extension_months)
    assert result.status == "ok", result.explanation
    assert result.due is not None
    return result.due


@settings(deadline=None)
@given(case=rule_and_trigger(WORKING_DAY_RULES))
def test_a_working_day_due_is_the_nth_working_day_strictly_after_the_trigger(
        case: tuple[RuleWindow, dt.date]) -> None:
    window, trigger = case
    result = due_date(window.profile, window.rule, trigger)
    assert result.status == "ok"
    assert (result.unit, result.amount) == (window.unit, window.amount)
    assert result.due is not None
    # C1: the trigger day is not counted, so the due is strictly after it.
    assert result.due > trigger
    # C2: such a period ends on a working day and never rolls.
    assert is_working_day(result.due)
    assert result.rolled is False
    assert result.nominal_due == result.due
    # C2: the due is the Nth working day after the trigger.
    assert working_days_in(trigger, result.due) == window.amount
    assert result.provisional is False


@settings(deadline=None)
@given(case=rule_and_trigger(ROLLING_RULES))
def test_a_rolled_due_is_the_first_working_day_on_or_after_the_nominal_due(
        case: tuple[RuleWindow, dt.date]) -> None:
    window, trigger = case
    result = due_date(window.profile, window.rule, trigger)
    assert result.status == "ok"
    assert (result.unit, result.amount) == (window.unit, window.amount)
    nominal = law_nominal_due(window, trigger)
    assert result.nominal_due == nominal
    # C3/C4 (民法典第二百零三条): a nominal due that is not worked moves to the next working day.
    assert result.due == first_working_day_on_or_after(nominal)
    assert result.rolled is (result.due != nominal)
    assert result.provisional is False


@settings(deadline=None)
@given(year=annual_years())
@pytest.mark.parametrize("rule", ANNUAL_RULES, ids=[rule for _, rule, _, _ in ANNUAL_RULES])
def test_a_fixed_annual_due_is_the_first_working_day_on_or_after_that_date_of_the_year(
        rule: tuple[str, str, int, int], year: int) -> None:
    profile, rule_id, month, day = rule
    result = due_date(profile, rule_id, year)
    nominal = dt.date(year, month, day)
    # C5: that date of the year in which the due falls, inclusive; rolled as C3.
    assert result.nominal_due == nominal
    assert result.due == first_working_day_on_or_after(nominal)
    assert result.rolled is (result.due != nominal)


@settings(deadline=None)
@given(case=rule_and_ordered_triggers(COMPUTED_RULES))
def test_due_dates_never_go_backwards_as_the_trigger_moves_later(
        case: tuple[RuleWindow, dt.date, dt.date]) -> None:
    window, earlier, later = case
    assert computed_due(window, earlier) <= computed_due(window, later)


@pytest.mark.parametrize("rule", ANNUAL_RULES, ids=[rule for _, rule, _, _ in ANNUAL_RULES])
def test_fixed_annual_dues_never_go_backwards_as_the_year_moves_later(
        rule: tuple[str, str, int, int]) -> None:
    profile, rule_id, _, _ = rule
    dues = [due_date(profile, rule_id, year).due for year in range(2021, 2027)]
    known = [due for due in dues if due is not None]
    assert len(known) == len(dues)
    assert known == sorted(known)


@settings(deadline=None)
@given(trigger=triggers(CASE_HANDLING))
def test_an_extension_never_makes_case_handling_due_earlier(trigger: dt.date) -> None:
    plain = computed_due(CASE_HANDLING, trigger)
    extended = due_date(CASE_HANDLING.profile, CASE_HANDLING.rule, trigger, extension_months=1)
    assert extended.due is not None
    assert extended.due > plain
    # C7: the extension runs from the actual (rolled) end of the original period, counted as C4, then rolls.
    assert extended.nominal_due == corresponding_day(plain, 1)
    assert extended.due == first_working_day_on_or_after(corresponding_day(plain, 1))


@settings(deadline=None)
@given(trigger=triggers(CASE_HANDLING), months=extension_months_over_the_maximum())
def test_an_extension_over_the_maximum_is_always_rejected(trigger: dt.date, months: int) -> None:
    with pytest.raises(InvalidInputError):
        due_date(CASE_HANDLING.profile, CASE_HANDLING.rule, trigger, extension_months=months)


@settings(deadline=None)
@given(case=rule_and_trigger(BAR_RULES))
def test_a_bar_ends_on_its_anniversary_and_never_rolls(case: tuple[RuleWindow, dt.date]) -> None:
    window, trigger = case
    # C9: no calendar is consulted — a calendar holding no year would raise on any lookup.
    result = due_date(window.profile, window.rule, trigger, calendar=NO_CALENDAR)
    assert result.status == "ok"
    assert result.nominal_due == corresponding_day(trigger, 12 * window.amount)
    assert result.due == result.nominal_due
    assert result.rolled is False
    assert result.provisional is False
