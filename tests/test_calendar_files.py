"""User calendar files (SPEC §3 "Calendar file"): loading, coverage, replacement, errors, CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from enforcement_rules import due_date, load_calendar, load_calendar_file, national_calendar
from enforcement_rules._cli import main
from enforcement_rules._errors import CalendarFileError

FIXTURES = Path(__file__).parent / "fixtures" / "calendars"
VALID_2027 = FIXTURES / "2027-illustrative.yaml"
REPLACEMENT_2026 = FIXTURES / "2026-replacement.yaml"


# -- a valid file -----------------------------------------------------------------------------------

def test_the_illustrative_2027_file_loads_and_says_it_is_illustrative() -> None:
    schedule = load_calendar_file(VALID_2027)
    assert schedule.year == 2027
    assert "示意" in schedule.source
    assert "非官方" in schedule.source
    assert dt.date(2027, 2, 5) in schedule.rest_days
    assert dt.date(2027, 2, 20) in schedule.working_days
    assert len(schedule.rest_days) == 18
    assert len(schedule.working_days) == 5
    assert all(day.weekday() < 5 for day in schedule.rest_days)
    assert all(day.weekday() >= 5 for day in schedule.working_days)


def test_a_2027_file_extends_coverage_across_the_year_end() -> None:
    calendar = load_calendar([VALID_2027])
    assert calendar.span == (2004, 2027)
    assert calendar.policy == "strict"
    # From Monday 2026-12-28, 7 working days: 12-29, 12-30, 12-31, then 2027-01-01 is rest (元旦 in
    # the illustrative file), 01-04, 01-05, 01-06, 01-07 → the 7th is Thursday 2027-01-07.
    start = dt.date(2026, 12, 28)
    due = calendar.add_working_days(start, 7)
    assert due == dt.date(2027, 1, 7)
    assert not calendar.is_workday(dt.date(2027, 1, 1))
    assert calendar.is_workday(dt.date(2027, 2, 20))  # make-up Saturday in the file
    assert not calendar.is_workday(dt.date(2027, 10, 6))  # 国庆节 in the file
    span = calendar.check(start + dt.timedelta(days=1), due)
    assert not span.provisional
    # the last week of 2026 is no longer provisional: 2027 is loaded
    assert not calendar.check(dt.date(2026, 12, 25), dt.date(2026, 12, 31)).provisional
    assert national_calendar().check(dt.date(2026, 12, 25), dt.date(2026, 12, 31)).provisional
    # ... but the last week of 2027 is, since 2028 is not loaded
    assert calendar.check(dt.date(2027, 12, 27), dt.date(2027, 12, 31)).provisional


def test_due_date_with_the_2027_file_is_firm() -> None:
    calendar = load_calendar([VALID_2027])
    # weihai decision_disclosure: 7 working days (C2) from 2026-12-28, as above.
    deadline = due_date("weihai", "decision_disclosure", dt.date(2026, 12, 28), calendar=calendar)
    assert deadline.due == dt.date(2027, 1, 7)
    assert not deadline.provisional
    # weihai case_handling: 2 months (C4) from 2026-10-28 → 2026-12-28, a Monday, no roll. Without
    # 2027 it is provisional (it inspected 2026-12-28); with the 2027 file it is not.
    assert due_date("weihai", "case_handling", dt.date(2026, 10, 28)).provisional
    firm = due_date("weihai", "case_handling", dt.date(2026, 10, 28), calendar=calendar)
    assert firm.due == dt.date(2026, 12, 28)
    assert not firm.provisional


def test_a_file_for_a_loaded_year_replaces_that_year() -> None:
    calendar = load_calendar([REPLACEMENT_2026])
    assert calendar.schedules[2026].source.startswith("测试数据")
    # The file's 2026 has no National Day and no make-up days: 2026-10-05 (Mon) is worked and
    # 2026-10-10 (Sat) is not; the file's one rest day still is.
    assert calendar.is_workday(dt.date(2026, 10, 5))
    assert not calendar.is_workday(dt.date(2026, 10, 10))
    assert not calendar.is_workday(dt.date(2026, 1, 1))
    assert calendar.is_workday(dt.date(2026, 1, 2))
    # The shipped national calendar is untouched, and other years are unchanged.
    national = national_calendar()
    assert not national.is_workday(dt.date(2026, 10, 5))
    assert national.is_workday(dt.date(2026, 10, 10))
    assert not calendar.is_workday(dt.date(2025, 10, 1))
    # C2 over the replaced National Day: from 2026-09-30, the 1st working day is now 10-01.
    assert calendar.add_working_days(dt.date(2026, 9, 30), 1) == dt.date(2026, 10, 1)


def test_files_combine_with_the_weekends_policy() -> None:
    calendar = load_calendar([VALID_2027], policy="weekends")
    assert calendar.policy == "weekends"
    assert calendar.span == (2004, 2027)
    assert not calendar.is_workday(dt.date(2027, 2, 8))
    assert calendar.is_workday(dt.date(2028, 1, 3))  # 2028 not loaded: a Monday, worked
    assert calendar.check(dt.date(2028, 1, 3), dt.date(2028, 1, 3)).provisional


# -- broken files: one per kind of error -------------------------------------------------------------

@pytest.mark.parametrize(("name", "line", "key", "words"), [
    # working_days[1] is 2027-02-17, a Wednesday
    ("bad-weekday-as-working-day.yaml", 6, "working_days[1]", ("2027-02-17", "weekday")),
    # rest_days[2] is 2027-02-06, a Saturday
    ("bad-weekend-as-rest-day.yaml", 6, "rest_days[2]", ("2027-02-06", "weekend")),
    # rest_days[1] is 2026-12-31 in a 2027 file
    ("bad-date-outside-year.yaml", 5, "rest_days[1]", ("2026-12-31", "2027")),
    # rest_days[2] repeats rest_days[0]
    ("bad-duplicate-within-list.yaml", 6, "rest_days[2]", ("2027-02-05", "twice")),
    # 2027-02-19 (Fri) in both lists: the second listing is reported. It cannot be a weekday in
    # working_days and a weekday in rest_days at once, so the weekday check fires first.
    ("bad-duplicate-across-lists.yaml", 6, "working_days[0]", ("2027-02-19",)),
    ("bad-unknown-key.yaml", 4, "holidays", ("unknown key",)),
    ("bad-missing-year.yaml", 1, "year", ("missing",)),
    ("bad-malformed-date.yaml", 5, "rest_days[1]", ("2027-02-30", "date")),
])
def test_a_broken_file_names_the_file_the_line_and_the_key(name: str, line: int, key: str,
                                                           words: tuple[str, ...]) -> None:
    path = FIXTURES / name
    with pytest.raises(CalendarFileError) as caught:
        load_calendar_file(path)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.file == str(path)
    assert error.line == line
    assert error.key == key
    message = str(error)
    assert message.startswith(f"{path}:{line}: {key}: ")
    for word in words:
        assert word in message


@pytest.mark.parametrize(("name", "line", "words"), [
    # a YAML list, not a mapping: there is no key to name
    ("bad-not-a-mapping.yaml", 1, ("mapping",)),
    # the flow sequence on line 3 is never closed; the parser notices on line 4
    ("bad-invalid-yaml.yaml", 4, ("invalid YAML",)),
])
def test_a_file_that_is_not_a_calendar_mapping_names_the_file_and_the_line(
        name: str, line: int, words: tuple[str, ...]) -> None:
    path = FIXTURES / name
    with pytest.raises(CalendarFileError) as caught:
        load_calendar_file(path)
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.file, error.line, error.key) == (str(path), line, None)
    message = str(error)
    assert message.startswith(f"{path}:{line}: ")
    for word in words:
        assert word in message


def test_a_missing_file_is_a_calendar_file_error() -> None:
    path = FIXTURES / "no-such-file.yaml"
    with pytest.raises(CalendarFileError) as caught:
        load_calendar([path])
    assert caught.value.file == str(path)


def test_load_calendar_stops_at_the_first_broken_file() -> None:
    with pytest.raises(CalendarFileError, match="bad-weekend-as-rest-day"):
        load_calendar([VALID_2027, FIXTURES / "bad-weekend-as-rest-day.yaml"])


# -- the CLI --------------------------------------------------------------------------------------

def test_cli_deadline_with_a_2027_file_succeeds(capsys: pytest.CaptureFixture[str]) -> None:
    # weihai case_handling: 2 months (C4) from 2026-11-05 → 2027-01-05 (Tue), worked in the file.
    code = main(["deadline", "weihai", "case_handling", "2026-11-05", "--calendar", str(VALID_2027)])
    out, err = capsys.readouterr()
    assert code == 0
    assert "2027-01-05" in out
    assert err == ""


def test_cli_deadline_with_a_broken_file_is_invalid_input(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "bad-weekday-as-working-day.yaml"
    code = main(["deadline", "weihai", "case_handling", "2026-11-05", "--calendar", str(path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1
    assert f"{path}:6: working_days[1]" in lines[0]


def test_cli_deadline_without_2027_is_a_coverage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["deadline", "weihai", "case_handling", "2026-11-05"])
    out, err = capsys.readouterr()
    assert code == 3
    assert out == ""
    assert len(err.splitlines()) == 1
    assert "2027" in err
