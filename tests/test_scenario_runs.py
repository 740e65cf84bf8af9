"""`enforcement-rules test` and scenario files: an invalid file does not stop the run, duplicate names are
refused, `--show-actual` shows what the report said, and `expect` may only name what a report has."""

from __future__ import annotations

from pathlib import Path

import pytest

from enforcement_rules._cli import main
from enforcement_rules._scenarios import ScenarioError, load_scenarios

FIXTURES = Path(__file__).parent / "fixtures" / "scenarios"
GOOD = """\
- name: 威海：2个月内办结，按期
  profile: weihai
  as_of: 2026-11-22
  case:
    events:
      - {type: case_filed, on: 2026-03-10}   # + 2 months = 2026-05-10, a Sunday → 2026-05-11
      - {type: case_closed, on: 2026-05-11}
  expect:
    deadlines:
      - {rule: case_handling, due: 2026-05-11, status: met}
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_invalid_file_is_reported_and_the_others_still_run(capsys: pytest.CaptureFixture[str],
                                                              tmp_path: Path) -> None:
    _write(tmp_path, "a_bad.yaml", "- name: x\n  profile: weihai\n")
    _write(tmp_path, "b_good.yaml", GOOD)
    assert main(["test", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert out == "1 passed, 0 failed, 1 invalid\n"
    assert err.startswith(f"invalid  {tmp_path / 'a_bad.yaml'}:1: [0].as_of: missing required key")


def test_duplicate_scenario_names_in_a_file_are_refused_naming_both_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, "twice.yaml", GOOD + GOOD)
    with pytest.raises(ScenarioError) as caught:
        load_scenarios(path)
    assert (caught.value.line, caught.value.key) == (11, "[1].name")
    assert "duplicate scenario name '威海：2个月内办结，按期' (first at line 1)" in str(caught.value)


def test_show_actual_prints_the_report_entries_the_expectation_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(FIXTURES / "one_wrong.yaml"), "--show-actual"]) == 1
    out = capsys.readouterr().out
    failure = out[out.index("FAILED"):]
    assert "  actual:\n    deadlines:\n    - rule: case_handling\n" in failure
    assert "      status: overdue\n" in failure  # never closed: overdue (2026-05-11 passed)
    assert "supervision_archiving" not in failure


@pytest.mark.parametrize(("expect", "key", "message"), [
    ("deadline: []", "[0].expect.deadline", "a report has no key 'deadline' (did you mean 'deadlines'?)"),
    ("deadlines:\n      - {rule: case_handlin, status: met}", "[0].expect.deadlines[0].rule",
     "'case_handlin' is not a rule of weihai"),
    ("deadlines:\n      - {rule: case_handling, stauts: met}", "[0].expect.deadlines[0].stauts",
     "a report has no key 'stauts' (did you mean 'status'?)"),
    ("deadlines:\n      - {rule: case_handling, status: done}", "[0].expect.deadlines[0].status",
     "expected one of met, late, overdue"),
    ("procedure:\n      - {rule: min_two_supervisors, status: ok}", "[0].expect.procedure[0].status",
     "expected one of complied, violated"),
])
def test_expect_may_name_only_what_a_report_has(tmp_path: Path, expect: str, key: str, message: str) -> None:
    text = GOOD[:GOOD.index("  expect:")] + "  expect:\n    " + expect + "\n"
    with pytest.raises(ScenarioError) as caught:
        load_scenarios(_write(tmp_path, "s.yaml", text))
    assert caught.value.key == key
    assert message in str(caught.value)


def test_validate_checks_the_expectation_too(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = GOOD.replace("deadlines:\n      - {rule: case_handling", "deadlines:\n      - {rule: case_handlng")
    assert main(["validate", str(_write(tmp_path, "s.yaml", text))]) == 2
    assert "'case_handlng' is not a rule of weihai" in capsys.readouterr().err
