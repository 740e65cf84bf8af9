"""The calendar directory (C10 lifecycle): where it is, what `calendar status|add|check` do, the warning when the
loaded calendar runs out, and rest-day questions answered with their provisional marker."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from enforcement_rules import CalendarCoverageError, evaluate, load_calendar, national_calendar, parse_case
from enforcement_rules import _cli as cli
from enforcement_rules._beijing import today
from enforcement_rules._calendar import (
    CALENDAR_DIR_ENV,
    bundled_calendar,
    calendar_dir,
    expiry_warning,
)
from enforcement_rules._calendar_commands import status
from enforcement_rules._cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "calendars"
VALID_2027 = FIXTURES / "2027-illustrative.yaml"
D = dt.date


# -- where the directory is ----------------------------------------------------------------------------

def test_the_directory_is_the_option_then_the_environment_then_the_user_data_directory(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CALENDAR_DIR_ENV, str(tmp_path / "env"))
    assert calendar_dir(tmp_path / "opt").path == tmp_path / "opt"
    assert calendar_dir(tmp_path / "opt").origin == "--calendar-dir"
    assert calendar_dir().path == tmp_path / "env"
    assert calendar_dir().origin == "ENFORCEMENT_RULES_CALENDAR_DIR"
    monkeypatch.delenv(CALENDAR_DIR_ENV)
    assert calendar_dir().origin == "user data directory"
    assert calendar_dir().path.name == "calendars"


def test_the_default_calendar_reads_the_directory_and_sees_a_file_added_later(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CALENDAR_DIR_ENV, str(tmp_path))
    assert national_calendar().span == (2004, 2026)
    (tmp_path / "2027.yaml").write_bytes(VALID_2027.read_bytes())
    assert national_calendar().span == (2004, 2027)
    assert national_calendar().schedules[2027].origin == str(tmp_path / "2027.yaml")
    assert bundled_calendar().span == (2004, 2026)


def test_two_files_for_one_year_in_the_directory_are_an_error_naming_the_second(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("2027.yaml", "2027-copy.yaml"):
        (tmp_path / name).write_bytes(VALID_2027.read_bytes())
    monkeypatch.setenv(CALENDAR_DIR_ENV, str(tmp_path))
    with pytest.raises(ValueError, match=r"2027\.yaml:1: a second file for 2027"):
        national_calendar()


# -- status, add, check -------------------------------------------------------------------------------

def test_status_on_the_bundled_data_reports_2004_to_2026_and_that_2027_is_missing(tmp_path: Path) -> None:
    report = status(str(tmp_path), D(2026, 11, 24))
    assert (report["first_year"], report["last_year"]) == (2004, 2026)
    assert {y["origin"] for y in report["years"]} == {"bundled"}
    assert report["days_left"] == 37  # 2026-11-24 → 2026-12-31: 6 days of November + 31 of December
    assert (report["next_year"], report["next_year_loaded"]) == (2027, False)


def test_status_prints_the_years_their_origin_and_the_missing_year(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["calendar", "status", "--calendar-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "2004–2026  bundled" in out
    assert "2026-12-31" in out


def test_add_installs_a_checked_file_and_check_reports_it(capsys: pytest.CaptureFixture[str],
                                                          tmp_path: Path) -> None:
    assert main(["calendar", "check", str(VALID_2027), "--calendar-dir", str(tmp_path)]) == 0
    assert "calendar 2027, 18 rest days, 5 make-up working days" in capsys.readouterr().out
    assert main(["calendar", "add", str(VALID_2027), "--calendar-dir", str(tmp_path / "new")]) == 0
    assert (tmp_path / "new" / "2027.yaml").read_bytes() == VALID_2027.read_bytes()
    assert "installed 2027" in capsys.readouterr().out
    assert main(["calendar", "add", str(VALID_2027), "--calendar-dir", str(tmp_path / "new")]) == 0
    assert "replaced 2027" in capsys.readouterr().out
    assert main(["calendar", "check", str(VALID_2027), "--calendar-dir", str(tmp_path / "new")]) == 0
    assert "replaces the loaded 2027" in capsys.readouterr().out


def test_add_refuses_an_invalid_file_and_installs_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = FIXTURES / "bad-weekday-as-working-day.yaml"
    assert main(["calendar", "add", str(bad), "--calendar-dir", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"enforcement-rules: {bad}:")
    assert len(err.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_after_calendar_add_a_2027_deadline_exits_0_without_flags_in_a_fresh_shell(tmp_path: Path) -> None:
    env = {**os.environ, CALENDAR_DIR_ENV: str(tmp_path)}
    command = [sys.executable, "-m", "enforcement_rules"]
    deadline = [*command, "deadline", "weihai", "case_handling", "2026-11-05"]
    before = subprocess.run(deadline, env=env, capture_output=True, text=True, check=False)
    assert before.returncode == 3
    added = subprocess.run([*command, "calendar", "add", str(VALID_2027)], env=env, capture_output=True,
                           text=True, check=False)
    assert added.returncode == 0, added.stderr
    after = subprocess.run(deadline, env=env, capture_output=True, text=True, check=False)
    # case_handling: 2 months (C4) from 2026-11-05 → 2027-01-05 (Tuesday), a working day in the file.
    assert after.returncode == 0, after.stderr
    assert "2027-01-05" in after.stdout
    assert "warning" not in after.stderr  # the loaded calendar now ends 2027-12-31


# -- the warning when the calendar runs out ---------------------------------------------------------------

@pytest.mark.parametrize(("today", "warns"), [
    (D(2026, 10, 31), None),        # 61 days before 2026-12-31: quiet
    (D(2026, 11, 1), "in 60 days"),  # 30 days of November + 30 to 12-31 = 60: warns
    (D(2026, 12, 31), "in 0 days"),
    (D(2027, 1, 2), "ended on 2026-12-31"),
])
def test_the_warning_starts_60_days_before_the_last_loaded_day(today: dt.date, warns: str | None) -> None:
    warning = expiry_warning(bundled_calendar(), today)
    if warns is None:
        assert warning is None
    else:
        assert warning is not None
        assert warns in warning
        assert "calendar add 2027.yaml" in warning


def test_every_command_warns_once_on_stderr_after_its_output(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    monkeypatch.setattr(cli, "warning_today", lambda: D(2026, 12, 1))
    assert main(["profiles"]) == 0
    assert main(["deadline", "weihai", "decision_disclosure", "2026-09-30", "--calendar-dir", str(tmp_path)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2
    assert all("ends on 2026-12-31, in 30 days" in line for line in err)
    assert main(["deadline", "weihai", "decision_disclosure", "2026-09-30", "--calendar", str(VALID_2027)]) == 0
    assert capsys.readouterr().err == ""


def test_an_error_keeps_its_one_line_on_stderr(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli, "warning_today", lambda: D(2026, 12, 1))
    assert main(["deadline", "weihai", "case_handling", "2026-11-05"]) == 3
    assert len(capsys.readouterr().err.splitlines()) == 1


# -- rest-day questions (C10 applies to them too) --------------------------------------------------------

@pytest.mark.parametrize(("day", "rest", "statutory"), [
    (D(2026, 10, 1), True, True),     # 国庆节 (Thursday): 10-01..10-07 off
    (D(2026, 10, 3), True, True),     # a Saturday inside the National Day run: a holiday rest day
    (D(2026, 10, 10), False, False),  # make-up working Saturday (国庆 调休上班)
    (D(2026, 10, 11), True, False),   # the Sunday after it: an ordinary weekend
    (D(2026, 11, 21), True, False),   # an ordinary Saturday
    (D(2026, 2, 15), True, True),     # Sunday, first day of the 春节 run 02-15..02-23
    (D(2026, 2, 14), False, False),   # make-up working Saturday before it
])
def test_statutory_holiday_rest_days_are_the_holiday_runs_not_ordinary_weekends(
        day: dt.date, rest: bool, statutory: bool) -> None:
    answer = national_calendar().rest_day(day)
    assert (answer.rest_day, answer.statutory_holiday, answer.provisional) == (rest, statutory, False)
    assert national_calendar().is_statutory_rest_day(day) is statutory


def test_a_late_december_day_is_provisional_until_the_next_year_is_loaded() -> None:
    answer = national_calendar().rest_day(D(2026, 12, 28))  # Monday; 2027's notice may move it
    assert (answer.rest_day, answer.provisional) == (False, True)
    assert "2027" in answer.reasons[0]
    assert not national_calendar().rest_day(D(2026, 12, 24)).provisional


def test_a_day_outside_the_loaded_years_is_an_error_or_provisional_under_weekends() -> None:
    with pytest.raises(CalendarCoverageError):
        national_calendar().rest_day(D(2027, 1, 4))
    answer = national_calendar("weekends").rest_day(D(2027, 1, 4))  # a Monday, judged as a plain weekday
    assert (answer.rest_day, answer.statutory_holiday, answer.provisional) == (False, False, True)


# -- the pytest plugin ----------------------------------------------------------------------------------

ONE_WRONG = Path(__file__).parent / "fixtures" / "scenarios" / "one_wrong.yaml"


def test_the_plugin_collects_nothing_in_a_project_that_did_not_ask(pytester: pytest.Pytester) -> None:
    (pytester.path / "tests" / "scenarios").mkdir(parents=True)
    (pytester.path / "tests" / "scenarios" / "unrelated.yaml").write_text("- just: some data\n", encoding="utf-8")
    pytester.makepyfile(test_one="def test_one() -> None:\n    assert True\n")
    result = pytester.runpytest("-q")
    result.assert_outcomes(passed=1)


def test_the_plugin_reads_the_calendar_directory_and_policy_from_ini_options(pytester: pytest.Pytester) -> None:
    (pytester.path / "cal").mkdir()
    (pytester.path / "cal" / "2027.yaml").write_bytes(VALID_2027.read_bytes())
    (pytester.path / "checks").mkdir()
    # case_handling from 2026-11-05: 2 months → 2027-01-05 (Tuesday, a working day in the 2027 file); closed
    # that day: met. Without the calendar directory this needs 2027 and fails with a coverage error.
    (pytester.path / "checks" / "s.yaml").write_text(
        "- name: across the year end\n  profile: weihai\n  as_of: 2027-02-01\n  case:\n    events:\n"
        "      - {type: case_filed, on: 2026-11-05}\n      - {type: case_closed, on: 2027-01-05}\n"
        "  expect:\n    deadlines:\n      - {rule: case_handling, due: 2027-01-05, status: met, provisional: false}\n",
        encoding="utf-8")
    pytester.makeini("[pytest]\nenforcement_rules_scenarios = checks/*.yaml\n"
                     "enforcement_rules_calendar_dir = cal\n")
    pytester.runpytest("-q").assert_outcomes(passed=1)
    pytester.makeini("[pytest]\nenforcement_rules_scenarios = checks/*.yaml\n")
    failed = pytester.runpytest("-q")
    failed.assert_outcomes(failed=1)
    failed.stdout.fnmatch_lines(["*does not cover 2027*"])


def test_a_test_run_warns_when_the_calendar_runs_out_and_still_passes(pytester: pytest.Pytester,
                                                                      tmp_path: Path) -> None:
    pytester.makeini(f"[pytest]\nenforcement_rules_calendar_dir = {tmp_path}\n")
    pytester.makepyfile(test_one="def test_one() -> None:\n    assert True\n")
    result = pytester.runpytest("-q")
    result.assert_outcomes(passed=1)
    assert result.ret == 0
    warns = expiry_warning(national_calendar(directory=tmp_path), today()) is not None
    assert ("calendar add 2027.yaml" in result.stdout.str()) is warns


def test_calendar_status_says_it_in_its_output_not_twice(monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    monkeypatch.setattr(cli, "warning_today", lambda: D(2026, 12, 1))
    assert main(["calendar", "status", "--calendar-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().err == ""


def test_a_coercive_execution_on_2026_12_28_is_judged_provisionally() -> None:
    # Monday 2026-12-28, 10:00: not night, a working day under the 2026 schedule — but 2027's notice may move
    # late-December days (C10), so the report carries provisional_calendar until 2027 is loaded.
    case = parse_case({"events": [{"type": "coercive_execution", "at": "2026-12-28T10:00:00"}]})
    report = evaluate("weihai", case, as_of=D(2026, 12, 30))
    assert "provisional_calendar" in [warning.code for warning in report.warnings]
    assert {p.rule: p.status for p in report.procedure}["no_night_or_holiday_execution"] == "complied"
    settled = evaluate("weihai", case, as_of=D(2026, 12, 30), calendar=load_calendar([VALID_2027]))
    assert "provisional_calendar" not in [warning.code for warning in settled.warnings]
