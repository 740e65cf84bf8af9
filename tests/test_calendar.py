"""The national working-day calendar (SPEC §3 C2, C3, C10) against two independent sources.

- holiday-cn (``tests/reference/holiday-cn``, an unchanged MIT-licensed copy; 2007–2026): a parse of
  the State Council's yearly notices, compared day by day, make-up working days included;
- the ``holidays`` package (2004–2026): its own tables of the same notices, including the weekend
  make-up working days it records as ``weekend_workdays``.

Then the fast index (cumulative counts) against naive day-by-day loops, coverage (C10) and
``rest_reason``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import chinese_calendar
import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enforcement_rules import CalendarCoverageError, due_date, load_calendar, national_calendar
from enforcement_rules._calendar import ERRATA, Calendar, national_schedules
from enforcement_rules._errors import InvalidInputError

HOLIDAY_CN = Path(__file__).resolve().parent / "reference" / "holiday-cn"
FIXTURES = Path(__file__).parent / "fixtures" / "calendars"

ONE_DAY = dt.timedelta(days=1)


def days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def plain_week(day: dt.date) -> bool:
    return day.weekday() < 5


# -- 1. holiday-cn, 2007–2026, day by day ---------------------------------------------------------

ERRATA_HOLIDAY_CN: dict[dt.date, str] = {
    # Days on which the project's calendar and holiday-cn disagree, with which one is right and why.
    # There are none: every day 2007-01-01..2026-12-31 (7,305 days) and every day holiday-cn lists
    # outside that window (2006-12-30 Sat and 2006-12-31 Sun, make-up working days for the 2007 New
    # Year in the 2007 notice) agree. That includes the days a table most often gets wrong:
    # 2015-09-03/04 (rest for the 抗战胜利70周年纪念日 by the State Council's 2015 notice on it; 09-06
    # Sun worked), 2018-12-29 (Saturday make-up for the 2019 New Year, placed in 2018 by the 2019
    # notice, 国办发明电〔2018〕15号) and 2020-01-31..02-02 (Spring Festival extended for COVID-19,
    # 国办发明电〔2020〕1号).
    # The 2005-12-31 correction (ERRATA in _calendar.py) lies before holiday-cn's first year.
}


def holiday_cn_days() -> dict[dt.date, bool]:
    """Every day holiday-cn lists: date → is a working day."""
    listed: dict[dt.date, bool] = {}
    for year in range(2007, 2027):
        data = json.loads((HOLIDAY_CN / f"{year}.json").read_text(encoding="utf-8"))
        assert data["year"] == year
        assert data["days"], f"{year}.json lists no days"
        for entry in data["days"]:
            listed[dt.date.fromisoformat(entry["date"])] = not entry["isOffDay"]
    return listed


def disagreements_with_holiday_cn(calendar: Calendar) -> set[dt.date]:
    listed = holiday_cn_days()
    window = set(days(dt.date(2007, 1, 1), dt.date(2026, 12, 31))) | set(listed)
    return {day for day in window if calendar.is_workday(day) != listed.get(day, plain_week(day))}


def test_national_calendar_agrees_with_holiday_cn_2007_2026() -> None:
    assert disagreements_with_holiday_cn(national_calendar()) == set(ERRATA_HOLIDAY_CN)


def test_holiday_cn_cross_check_has_teeth() -> None:
    # The same comparison on a calendar whose 2026 is replaced by a file with only New Year's Day
    # must find the real 2026 holidays, e.g. 2026-10-05 (National Day, rest) and 2026-10-10 (Sat,
    # make-up working day).
    found = disagreements_with_holiday_cn(load_calendar([FIXTURES / "2026-replacement.yaml"]))
    assert {dt.date(2026, 10, 5), dt.date(2026, 10, 10), dt.date(2026, 2, 17)} <= found
    assert all(day.year == 2026 for day in found)


def test_holiday_cn_covers_2007_2026_with_both_kinds_of_day() -> None:
    listed = holiday_cn_days()
    assert {day.year for day in listed} >= set(range(2007, 2027))
    assert any(working for working in listed.values())
    assert any(not working for working in listed.values())


# -- 2. the holidays package, 2004–2026 -----------------------------------------------------------

ERRATA_HOLIDAYS_PACKAGE: dict[dt.date, str] = {
    # Days on which the project's calendar and the ``holidays`` package (0.109) disagree. None: the
    # package records weekend make-up working days (``weekend_workdays``, e.g. 2005-12-31 for the
    # 2006 New Year) and its ``is_working_day`` agrees on every day 2004-01-01..2026-12-31,
    # 2005-12-31 included (which is why the project's 2005-12-31 correction is right: see below).
}


def disagreements_with_holidays_package() -> set[dt.date]:
    # One year either side, so that make-up days a neighbouring year's notice places in this year
    # (2005-12-31 is in the 2006 notice) are loaded.
    reference = holidays.country_holidays("CN", years=range(2003, 2028))
    assert dt.date(2005, 12, 31) in reference.weekend_workdays  # it does know make-up working days
    calendar = national_calendar()
    return {day for day in days(dt.date(2004, 1, 1), dt.date(2026, 12, 31))
            if calendar.is_workday(day) != reference.is_working_day(day)}


def test_national_calendar_agrees_with_holidays_package_2004_2026() -> None:
    assert disagreements_with_holidays_package() == set(ERRATA_HOLIDAYS_PACKAGE)


# -- 3. the 2005-12-31 correction -----------------------------------------------------------------

def test_2005_12_31_is_a_make_up_working_saturday() -> None:
    day = dt.date(2005, 12, 31)
    assert day.weekday() == 5  # a Saturday
    # The 2006 notice (国务院办公厅关于2006年部分节假日安排的通知, cited in _calendar.ERRATA as
    # 国办发明电〔2005〕35号): New Year 2006-01-01..01-03 rest, "2005年12月31日（星期六）上班".
    # chinese-calendar 1.11.0's tables list it as an ordinary Saturday, hence the correction; the
    # ``holidays`` package has it as a make-up working day too (cross-check 2 above).
    assert national_calendar().is_workday(day)
    assert chinese_calendar.is_workday(day) is False
    assert ERRATA[day][0] is True
    schedule_2005 = {s.year: s for s in national_schedules()}[2005]
    assert day in schedule_2005.working_days
    # Consequence for C2: from Friday 2005-12-30, the first working day is Saturday 12-31, the second
    # Wednesday 2006-01-04 (01-01..01-03 rest).
    assert national_calendar().add_working_days(dt.date(2005, 12, 30), 1) == day
    assert national_calendar().add_working_days(dt.date(2005, 12, 30), 2) == dt.date(2006, 1, 4)


# -- hand-checked days ------------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "working"), [
    # 2026 notice: 元旦 01-01..01-03 rest, 01-04 (Sun) worked.
    (dt.date(2026, 1, 2), False),
    (dt.date(2026, 1, 4), True),
    # 2026: 春节 02-15..02-23 rest, 02-14 (Sat) and 02-28 (Sat) worked.
    (dt.date(2026, 2, 14), True),
    (dt.date(2026, 2, 17), False),
    (dt.date(2026, 2, 23), False),
    (dt.date(2026, 2, 28), True),
    # 2026: 国庆节 10-01..10-07 rest, 09-20 (Sun) and 10-10 (Sat) worked (中秋节 09-25 is separate).
    (dt.date(2026, 9, 20), True),
    (dt.date(2026, 10, 5), False),
    (dt.date(2026, 10, 7), False),
    (dt.date(2026, 10, 8), True),
    (dt.date(2026, 10, 10), True),
    (dt.date(2026, 10, 11), False),  # a plain Sunday
    # 2019 notice: 2018-12-30..2019-01-01 rest, 2018-12-29 (Sat) worked.
    (dt.date(2018, 12, 29), True),
    (dt.date(2018, 12, 31), False),
    # 2015: 09-03..09-05 rest for the 70th anniversary of victory, 09-06 (Sun) worked.
    (dt.date(2015, 9, 3), False),
    (dt.date(2015, 9, 4), False),
    (dt.date(2015, 9, 6), True),
    # 2020: Spring Festival extended to 02-02 (国办发明电〔2020〕1号); 02-03 (Mon) worked.
    (dt.date(2020, 1, 31), False),
    (dt.date(2020, 2, 3), True),
])
def test_hand_checked_days(day: dt.date, working: bool) -> None:
    assert national_calendar().is_workday(day) is working


def test_c2_working_days_across_national_day_2026() -> None:
    calendar = national_calendar()
    # 10-01..10-07 rest, so from Wednesday 09-30: 1st working day Thursday 10-08, 2nd Friday 10-09,
    # 3rd the make-up Saturday 10-10, 4th Monday 10-12.
    assert calendar.add_working_days(dt.date(2026, 9, 30), 1) == dt.date(2026, 10, 8)
    assert calendar.add_working_days(dt.date(2026, 9, 30), 3) == dt.date(2026, 10, 10)
    assert calendar.add_working_days(dt.date(2026, 9, 30), 4) == dt.date(2026, 10, 12)
    # C3 roll: 10-03 (rest) rolls to 10-08; 10-10 (make-up Saturday) does not roll.
    assert calendar.next_working_day(dt.date(2026, 10, 3)) == dt.date(2026, 10, 8)
    assert calendar.next_working_day(dt.date(2026, 10, 10)) == dt.date(2026, 10, 10)
    assert calendar.count_working_days(dt.date(2026, 9, 30), dt.date(2026, 10, 12)) == 4


def test_add_working_days_rejects_counts_below_one() -> None:
    with pytest.raises(InvalidInputError, match="at least 1"):
        national_calendar().add_working_days(dt.date(2026, 3, 2), 0)


# -- 4. properties: the fast index against naive loops ---------------------------------------------

# The oracle is ``is_workday`` of the weekends-policy calendar (the same day flags, which the
# cross-checks above pin to holiday-cn and ``holidays``) walked one day at a time; it may run past
# 2026, which strict ``is_workday`` would refuse, while the fast functions never check coverage.
ORACLE: Callable[[dt.date], bool] = national_calendar("weekends").is_workday
FAST = national_calendar()

dates_2004_2025 = st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2025, 12, 31))
counts = st.integers(min_value=1, max_value=300)


def naive_add(day: dt.date, count: int) -> dt.date:
    while count:
        day += ONE_DAY
        if ORACLE(day):
            count -= 1
    return day


def naive_next(day: dt.date) -> dt.date:
    while not ORACLE(day):
        day += ONE_DAY
    return day


@settings(max_examples=300)
@given(dates_2004_2025, counts)
def test_add_working_days_agrees_with_a_naive_loop(day: dt.date, count: int) -> None:
    due = FAST.add_working_days(day, count)
    assert due == naive_add(day, count)
    assert due > day
    assert ORACLE(due)


@given(dates_2004_2025)
def test_next_working_day_is_the_first_working_day_on_or_after(day: dt.date) -> None:
    found = FAST.next_working_day(day)
    assert found == naive_next(day)
    assert found >= day
    assert ORACLE(found)
    assert not any(ORACLE(between) for between in days(day, found - ONE_DAY))


@given(dates_2004_2025, st.integers(min_value=0, max_value=400))
def test_count_working_days_agrees_with_a_naive_count(start: dt.date, length: int) -> None:
    end = start + dt.timedelta(days=length)
    expected = sum(1 for day in days(start + ONE_DAY, end) if ORACLE(day))
    assert FAST.count_working_days(start, end) == expected


@given(dates_2004_2025, counts)
def test_add_then_count_round_trips(day: dt.date, count: int) -> None:
    assert FAST.count_working_days(day, FAST.add_working_days(day, count)) == count


@given(dates_2004_2025, dates_2004_2025, counts)
def test_add_working_days_is_monotone_in_the_start_date(first: dt.date, second: dt.date,
                                                         count: int) -> None:
    earlier, later = sorted((first, second))
    assert FAST.add_working_days(earlier, count) <= FAST.add_working_days(later, count)


@given(dates_2004_2025, st.integers(min_value=1, max_value=299))
def test_add_working_days_is_strictly_increasing_in_the_count(day: dt.date, count: int) -> None:
    assert FAST.add_working_days(day, count) < FAST.add_working_days(day, count + 1)


# -- 5. coverage (C10) -----------------------------------------------------------------------------

def test_strict_policy_raises_naming_the_year_and_how_to_add_it() -> None:
    calendar = national_calendar()
    assert calendar.policy == "strict"
    assert calendar.span == (2004, 2026)
    with pytest.raises(CalendarCoverageError) as caught:
        calendar.is_workday(dt.date(2027, 1, 4))
    assert caught.value.year == 2027
    message = str(caught.value)
    assert "2027" in message
    assert "calendar file" in message
    assert "--calendar" in message
    assert "weekends" in message  # and the provisional alternative
    assert isinstance(caught.value, LookupError)
    with pytest.raises(CalendarCoverageError, match="2027"):
        calendar.check(dt.date(2026, 12, 20), dt.date(2027, 1, 10))
    with pytest.raises(CalendarCoverageError, match="2003"):
        calendar.check(dt.date(2003, 12, 30), dt.date(2004, 1, 5))


def test_strict_due_date_past_2026_raises() -> None:

    # weihai decision_disclosure: 7 working days; from 2026-12-28 it ends in January 2027.
    with pytest.raises(CalendarCoverageError, match="2027"):
        due_date("weihai", "decision_disclosure", dt.date(2026, 12, 28))


def test_weekends_policy_gives_a_provisional_result() -> None:
    calendar = national_calendar().with_policy("weekends")
    assert calendar.policy == "weekends"
    assert national_calendar("weekends").policy == "weekends"
    # 2027 not loaded: Saturday/Sunday rest, every other day worked (01-01, a Friday, is worked).
    assert calendar.is_workday(dt.date(2027, 1, 1))
    assert not calendar.is_workday(dt.date(2027, 1, 2))
    start = dt.date(2026, 12, 28)
    due = calendar.add_working_days(start, 7)
    # 12-29, 12-30, 12-31, 2027-01-01, 01-04, 01-05, 01-06
    assert due == dt.date(2027, 1, 6)
    span = calendar.check(start + ONE_DAY, due)
    assert span.provisional
    assert any("2027" in reason for reason in span.reasons)


def test_last_week_of_the_last_loaded_year_is_provisional_even_in_strict() -> None:
    calendar = national_calendar()
    # 2027's notice may move 2026-12-25..31 (as 2019's did with 2018-12-29); 2027 is not loaded.
    span = calendar.check(dt.date(2026, 12, 25), dt.date(2026, 12, 31))
    assert span.provisional
    assert any("2026年12月25日至31日" in reason for reason in span.reasons)
    assert calendar.check(dt.date(2026, 12, 31), dt.date(2026, 12, 31)).provisional
    assert calendar.check(dt.date(2026, 12, 1), dt.date(2026, 12, 25)).provisional
    assert not calendar.check(dt.date(2026, 12, 1), dt.date(2026, 12, 24)).provisional


def test_last_week_of_a_year_whose_next_year_is_loaded_is_firm() -> None:
    calendar = national_calendar()
    span = calendar.check(dt.date(2025, 12, 25), dt.date(2025, 12, 31))
    assert not span.provisional
    assert span.reasons == ()
    assert not calendar.check(dt.date(2025, 12, 20), dt.date(2026, 1, 10)).provisional


def test_unknown_policy_is_invalid_input() -> None:
    with pytest.raises(InvalidInputError, match="policy"):
        national_calendar().with_policy("lenient")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="policy"):
        Calendar(national_schedules(), "lenient")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="policy"):
        national_calendar("lenient")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="policy"):  # InvalidInputError is a ValueError too
        national_calendar().with_policy("")  # type: ignore[arg-type]


# -- 6. rest_reason --------------------------------------------------------------------------------

def test_rest_reason_names_the_holiday_or_the_weekday() -> None:
    calendar = national_calendar()
    # 2026: 国庆节 10-01..10-07 rest; 10-05 is a Monday.
    assert "国庆节" in calendar.rest_reason(dt.date(2026, 10, 5))
    # 2026-03-07: a plain Saturday, no holiday near.
    assert "星期六" in calendar.rest_reason(dt.date(2026, 3, 7))
    assert "星期日" in calendar.rest_reason(dt.date(2026, 3, 8))
    # 2026: 春节 02-15..02-23 rest; 02-17 is 正月初一.
    assert "春节" in calendar.rest_reason(dt.date(2026, 2, 17))
    # A weekend day inside a holiday is named after the holiday: 2026-10-03 is a Saturday.
    assert "国庆节" in calendar.rest_reason(dt.date(2026, 10, 3))
