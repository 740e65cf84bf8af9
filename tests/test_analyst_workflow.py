"""Analyst workflow: scenario files (CLI and pytest plugin), profile diff over a case corpus, static checks,
JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from enforcement_rules._cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- scenarios ---------------------------------------------------------------------------------------

def test_a_scenario_file_with_one_wrong_expectation_yields_one_failed_and_exit_1(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "test", str(FIXTURES / "scenarios" / "one_wrong.yaml"))
    assert code == 1
    assert out.splitlines()[-1] == "1 passed, 1 failed"
    assert "威海：错误的期望" in out
    assert "deadlines[rule=case_handling].status: expected 'met', got 'overdue'" in out


def test_an_invalid_scenario_file_exits_2_naming_file_line_and_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "test", str(FIXTURES / "scenarios" / "invalid.yaml"))
    assert (code, out) == (2, "0 passed, 0 failed, 1 invalid\n")
    assert "invalid.yaml:6: [0].case.act.defects[0]: expected one of" in err


def test_a_folder_of_scenarios_runs_every_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = (FIXTURES / "scenarios" / "one_wrong.yaml").read_text(encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "first.yaml").write_text(source.split("- name: 威海：错误的期望")[0], encoding="utf-8")
    code, out, _ = run(capsys, "test", str(tmp_path))
    assert (code, out.splitlines()[-1]) == (0, "1 passed, 0 failed")


def test_the_pytest_plugin_collects_scenarios_and_reports_the_difference(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nenforcement_rules_scenarios = checks/**/*.yaml\n")
    (pytester.path / "checks" / "deep").mkdir(parents=True)
    (pytester.path / "checks" / "deep" / "weihai.yaml").write_text(
        (FIXTURES / "scenarios" / "one_wrong.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = pytester.runpytest("-q")  # the plugin is registered by its entry point
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*deadlines[[]rule=case_handling[]].status: expected 'met', got 'overdue'*"])
    assert "Traceback" not in result.stdout.str()


# -- diff --------------------------------------------------------------------------------------------

def _weihai_with_three_months(tmp_path: Path) -> Path:
    text = (ROOT / "profiles" / "weihai.yaml").read_text(encoding="utf-8")
    start = text.index("  case_handling:")
    at = text.index("amount: 2", start)
    changed = tmp_path / "weihai-3-months.yaml"
    changed.write_text(text[:at] + "amount: 3" + text[at + len("amount: 2"):], encoding="utf-8")
    return changed


def test_diff_states_the_change_in_legal_terms(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "diff", "weihai", str(_weihai_with_three_months(tmp_path)))
    assert code == 1
    assert "第三十九条 case_handling: 2个月，可延长≤1个月 → 3个月，可延长≤1个月" in out


def test_diff_over_cases_lists_exactly_the_cases_whose_case_handling_due_changes(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "diff", "weihai", str(_weihai_with_three_months(tmp_path)), "--cases",
                       str(FIXTURES / "diff_cases"), "--as-of", "2026-11-22", "--json")
    assert code == 1
    cases = {entry["case"]: entry["changes"] for entry in json.loads(out)["cases"]}
    assert set(cases) == {"filed-march", "closed-early"}
    # filed 2026-03-10: 2 months → 05-10 (Sunday) → 05-11; 3 months → 06-10 (Wednesday).
    assert cases["filed-march"] == [{"what": "deadline case_handling (2026-03-10)",
                                     "before": "2026-05-11 overdue", "after": "2026-06-10 overdue"}]
    # filed 2026-01-05: 2 months → 03-05 (Thursday); 3 months → 04-05 清明 rest, 04-06 rest → 04-07.
    assert cases["closed-early"] == [{"what": "deadline case_handling (2026-01-05)",
                                      "before": "2026-03-05 met", "after": "2026-04-07 met"}]


def test_diff_of_identical_profiles_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", "weihai", str(ROOT / "profiles" / "weihai.yaml"), "--cases",
                       str(FIXTURES / "diff_cases"), "--as-of", "2026-11-22")
    assert code == 0
    assert "规则无变化" in out and "没有案件的结论发生变化" in out


def test_diff_reports_a_precedence_change(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = (ROOT / "profiles" / "jincheng.yaml").read_text(encoding="utf-8")
    swapped = text.replace("precedence: 1", "precedence: 9").replace("precedence: 2", "precedence: 1") \
        .replace("precedence: 9", "precedence: 2")
    path = tmp_path / "jincheng-swapped.yaml"
    path.write_text(swapped, encoding="utf-8")
    code, out, _ = run(capsys, "diff", "jincheng", str(path))
    assert code == 1
    assert "处理顺序 confirm_void > confirm_illegal > revoke > order_performance → " \
           "confirm_illegal > confirm_void > revoke > order_performance" in out


def test_diff_with_an_invalid_profile_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "diff", "weihai", str(FIXTURES / "profiles" / "broken" / "bad_unit.yaml"))
    assert (code, out) == (2, "")
    assert "bad_unit.yaml:18: rules.case_handling.period.unit" in err


# -- static checks -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("fixture", "line", "fragment"), [
    # The fixtures are overlays on the bundled profiles: a warning points at the overlay's line that made it.
    ("jincheng_shadowed.yaml", 7, "criterion confirm_void (precedence 1) is shadowed by revoke (precedence 0)"),
    ("jincheng_bad_article.yaml", 7, "rules.decision_review_request.citation.article: warning: "
                                     "《晋城市行政执法监督暂行办法》 has no 第二十条"),
    ("jincheng_quote_elsewhere.yaml", 7, "is not in 第十一条"),
    ("weihai_unreachable.yaml", 6, "rules.filing_bar_never_fires: warning: this bar can never fire"),
    ("weihai_unreachable.yaml", 16, "rules.untriggered_document_deadline: warning: no event starts this rule"),
])
def test_static_checks_warn_with_file_and_line(capsys: pytest.CaptureFixture[str], fixture: str, line: int,
                                               fragment: str) -> None:
    path = FIXTURES / "lint" / fixture
    code, out, err = run(capsys, "validate", str(path))
    assert code == 0
    assert "warnings" in out
    assert any(text.startswith(f"warning  {path}:{line}: ") and fragment in text for text in err.splitlines()), err
    code, _, _ = run(capsys, "validate", "--strict", str(path))
    assert code == 1


def test_the_bundled_profiles_have_no_static_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", "--strict", *map(str, sorted((ROOT / "profiles").glob("*.yaml"))))
    assert (code, err) == (0, "")


# -- schema --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("what", ["profile", "case", "scenario", "calendar", "report", "deadline"])
def test_the_bundled_schema_files_match_the_models(capsys: pytest.CaptureFixture[str], what: str) -> None:
    code, out, _ = run(capsys, "schema", what)
    assert code == 0
    on_disk = json.loads((ROOT / "schemas" / f"{what}.schema.json").read_text(encoding="utf-8"))
    assert json.loads(out) == on_disk, f"regenerate: enforcement-rules schema {what} > schemas/{what}.schema.json"


def test_the_case_schema_names_the_event_types_of_the_spec(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "schema", "case")
    schema = run(capsys, "schema", "case")[1]
    for event in ("case_filed", "extension_approved", "corrective_document_received", "coercive_execution"):
        assert f'"{event}"' in schema
