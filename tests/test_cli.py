"""The command line: contract output, one-line errors on stderr with nothing on stdout, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from enforcement_rules._cli import main, profile_schema

ROOT = Path(__file__).resolve().parents[1]
DEADLINE_KEYS = {"profile", "rule", "trigger", "nominal_due", "due", "rolled", "unit", "amount", "status",
                 "provisional", "citation", "explanation", "warnings"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_deadline_json_is_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    # 2026-09-30 + 7 working days: 10-01..10-07 National Day rest; 10-08 (1), 10-09 (2),
    # 10-10 Saturday make-up working day (3), 10-12 (4), 10-13 (5), 10-14 (6), 10-15 (7).
    code, out, err = run(capsys, "deadline", "weihai", "decision_disclosure", "2026-09-30", "--json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert set(result) == DEADLINE_KEYS
    assert result["due"] == "2026-10-15"
    assert result["status"] == "ok"
    assert result["unit"] == "working_days" and result["amount"] == 7
    assert set(result["citation"]) == {"instrument", "article", "paragraph", "item", "text"}
    assert result["citation"]["article"] == "第十五条" and result["citation"]["paragraph"] == "第二款"


def test_deadline_human_output_names_the_holiday_that_rolled_it(capsys: pytest.CaptureFixture[str]) -> None:
    # 2026-08-05 + 2 months = 2026-10-05, a National Day rest day; next working day 2026-10-08.
    code, out, _ = run(capsys, "deadline", "weihai", "case_handling", "2026-08-05")
    assert code == 0
    assert "2026-10-05 为国庆节休息日，顺延至 2026-10-08" in out
    assert "届满日   2026-10-08（顺延）" in out


def test_a_year_trigger_for_an_annual_rule(capsys: pytest.CaptureFixture[str]) -> None:
    # 2026-01-31 is a Saturday; the next working day is Monday 2026-02-02.
    code, out, _ = run(capsys, "deadline", "weihai", "annual_plan_filing", "2026", "--json")
    assert code == 0
    assert json.loads(out)["trigger"] == 2026
    assert json.loads(out)["due"] == "2026-02-02"


@pytest.mark.parametrize(("argv", "fragment"), [
    (["deadline", "harbin", "case_handling", "2026-01-05"], "unknown profile 'harbin'"),
    (["deadline", "weihai", "no_such_rule", "2026-01-05"], "'no_such_rule' is not a rule"),
    (["deadline", "weihai", "disposition", "2026-01-05"], "is a disposition rule, not a deadline"),
    (["deadline", "weihai", "case_handling", "2026-02-30"], "malformed date '2026-02-30'"),
    (["deadline", "weihai", "case_handling", "5 May"], "expected a date YYYY-MM-DD or a year YYYY"),
    (["deadline", "weihai", "case_handling", "2026"], "counts from a date"),
    (["deadline", "weihai", "annual_report", "2026-01-01"], "counts from a year"),
    (["deadline", "weihai", "case_handling", "2026-01-05", "--extension-months", "2"], "exceeds the maximum of 1"),
    (["deadline", "weihai", "case_handling", "2026-01-05", "--extension-months", "0"], "at least 1"),
    (["deadline", "weihai", "decision_disclosure", "2026-01-05", "--extension-months", "1"], "allows no extension"),
    (["deadline", "weihai", "case_handling", "2026-01-05", "--calendar-policy", "lenient"], "invalid choice"),
    (["deadline", "weihai", "case_handling", "2026-01-05", "--calendar", "/nonexistent.yaml"], "cannot read"),
    (["frobnicate"], "invalid choice"),
    (["show", "weihai", "--bogus"], "unrecognized arguments"),
])
def test_invalid_input_exits_2_with_one_line_on_stderr_and_nothing_on_stdout(
        capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n")
    assert fragment in err


def test_a_year_outside_the_calendar_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    # 2026-11-05 + 2 months = 2027-01-05: 2027 is not in chinese-calendar 1.11.0.
    code, out, err = run(capsys, "deadline", "weihai", "case_handling", "2026-11-05")
    assert (code, out) == (3, "")
    assert "does not cover 2027" in err and "--calendar" in err and err.count("\n") == 1


def test_the_weekends_policy_gives_a_provisional_result(capsys: pytest.CaptureFixture[str]) -> None:
    # 2027-01-05 is a Tuesday; under the weekends policy it is a working day: no roll.
    code, out, _ = run(capsys, "deadline", "weihai", "case_handling", "2026-11-05", "--calendar-policy",
                       "weekends", "--json")
    result = json.loads(out)
    assert code == 0
    assert (result["due"], result["provisional"]) == ("2027-01-05", True)
    assert [w["code"] for w in result["warnings"]] == ["provisional_calendar"]


def test_not_in_force_is_a_status_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deadline", "jincheng", "decision_review_request", "2023-12-01", "--json")
    result = json.loads(out)
    assert code == 0
    assert (result["status"], result["due"]) == ("not_in_force", None)


def test_profiles_lists_the_four_cities(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "profiles", "--json")
    assert code == 0
    assert [row["profile"] for row in json.loads(out)] == ["jincheng", "quzhou", "weihai", "xuchang"]
    code, out, _ = run(capsys, "profiles")
    assert "weihai" in out and "威海市" in out


def test_show_prints_instruments_and_a_rule_table_with_articles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "jincheng")
    assert code == 0
    assert "晋市政发〔2021〕23号" in out and "2021-12-01 – 2023-11-30" in out
    assert "decision_review_request" in out and "第十条第二款" in out and "5个工作日" in out
    code, out, _ = run(capsys, "show", "weihai", "--json")
    data = json.loads(out)
    assert data["rules"]["case_handling"]["period"]["extension"]["max"] == 1
    assert data["rules"]["filing_bar_older_than_3_years"]["limitation"]["from"] == "act.decided_on"


def test_validate_reports_each_file_and_fails_on_any_invalid(capsys: pytest.CaptureFixture[str]) -> None:
    good = str(ROOT / "profiles" / "weihai.yaml")
    bad = str(ROOT / "tests" / "fixtures" / "profiles" / "broken" / "unknown_key.yaml")
    code, out, err = run(capsys, "validate", good)
    assert code == 0 and "ok" in out and "profile weihai" in out
    code, out, err = run(capsys, "validate", good, bad)
    assert code == 2
    assert "unknown_key.yaml:20: rules.case_handling.period.amuont: unknown key 'amuont'" in err


def test_the_bundled_schema_file_is_the_models_schema() -> None:
    on_disk = json.loads((ROOT / "schemas" / "profile.schema.json").read_text(encoding="utf-8"))
    assert on_disk == profile_schema(), "regenerate: enforcement-rules schema profile > schemas/profile.schema.json"


def test_every_bundled_profile_points_editors_at_the_schema() -> None:
    for path in sorted((ROOT / "profiles").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schemas/profile.schema.json", path.name


def test_python_dash_m_runs_the_same_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "enforcement_rules", "deadline", "weihai", "av_record_storage",
                           "2026-02-13", "--json"], capture_output=True, text=True, check=False)
    # 2026-02-13 (Fri) + 2 working days: 02-14 Saturday is a Spring Festival make-up working day (1);
    # 02-15..02-23 rest; 02-24 (2).
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["due"] == "2026-02-24"
