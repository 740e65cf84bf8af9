"""许昌: the 2024 draft measures (征求意见稿) — evaluated, but every result warns that it is a draft."""

from __future__ import annotations

import datetime as dt

import pytest

from assertions import assert_due, assert_json_shape, assert_no_due, warning_codes
from enforcement_rules import Calendar, due_date, load_profile

D = dt.date
XUCHANG = load_profile("xuchang")
NO_CALENDAR = Calendar([])
"""A calendar that holds no year at all: any calendar lookup under it raises (strict policy)."""


def test_xuchang_has_the_three_deadline_rules_of_the_spec() -> None:
    deadlines = {rule_id for rule_id, rule in XUCHANG.rules.items() if rule.kind == "deadline"}
    assert deadlines == {"annual_report_and_plan", "supervision_letter_response",
                         "qualification_reapplication_bar"}


def test_annual_report_and_plan_is_undeterminable_for_want_of_a_period_in_the_text() -> None:
    # 第十二条第二款 says only "按规定的时限": the engine does not guess.
    # The trigger is the year (报告上年度、计划本年度), not a date.
    result = assert_no_due(XUCHANG, "annual_report_and_plan", 2025, "undeterminable")
    assert "deadline_not_set" in warning_codes(result)
    assert result.unit == "undeterminable"


def test_supervision_letter_response_is_set_by_the_letter() -> None:
    result = assert_no_due(XUCHANG, "supervision_letter_response", D(2025, 3, 10), "set_by_document")
    assert "deadline_not_set" in warning_codes(result)


def test_qualification_reapplication_bar_ends_on_the_second_anniversary() -> None:
    # 2025-03-10 + 2 years = 2027-03-10 (C4); a bar consults no calendar, so 2027 need not be loaded.
    assert_due(XUCHANG, "qualification_reapplication_bar", D(2025, 3, 10), D(2027, 3, 10),
               nominal=D(2027, 3, 10), rolled=False)


def test_qualification_reapplication_bar_ending_on_a_saturday_does_not_roll() -> None:
    # 2025-05-01 (劳动节, a Thursday) + 2 years = 2027-05-01, a Saturday: C9, a bar never rolls (and 2027, which the
    # calendar does not hold, is never consulted).
    result = assert_due(XUCHANG, "qualification_reapplication_bar", D(2025, 5, 1), D(2027, 5, 1),
                        nominal=D(2027, 5, 1), rolled=False)
    assert "C9" in result.explanation
    assert "顺延至" not in result.explanation


def test_qualification_reapplication_bar_from_the_first_day_the_draft_is_applied() -> None:
    # 2025-01-01 (元旦 R) + 2 years = 2027-01-01: no roll.
    assert_due(XUCHANG, "qualification_reapplication_bar", D(2025, 1, 1), D(2027, 1, 1),
               nominal=D(2027, 1, 1), rolled=False)


def test_qualification_reapplication_bar_from_february_29_2028_ends_on_a_monday_february_28_2030() -> None:
    # 2028-02-29 + 2 years → 2030-02-28 (C4); far outside the loaded calendar, no error.
    assert_due(XUCHANG, "qualification_reapplication_bar", D(2028, 2, 29), D(2030, 2, 28))


def test_qualification_reapplication_bar_never_consults_the_calendar() -> None:
    # Under a calendar holding no year, any working-day lookup would raise CalendarCoverageError.
    result = due_date(XUCHANG, "qualification_reapplication_bar", D(2025, 10, 4), calendar=NO_CALENDAR)
    assert (result.status, result.due) == ("ok", D(2027, 10, 4))
    assert (result.rolled, result.provisional) == (False, False)


def test_the_draft_applies_from_the_date_the_profile_gives_for_it() -> None:
    # SPEC §4 Validity: the draft has no effective date ("自2024年X月X日起施行"); it is evaluated from 2025-01-01, the
    # reported commencement of the adopted text (许昌市人民政府令第17号), and is not_in_force before.
    assert due_date(XUCHANG, "qualification_reapplication_bar", D(2024, 12, 31)).status == "not_in_force"
    assert_due(XUCHANG, "qualification_reapplication_bar", D(2025, 1, 2), D(2027, 1, 2))


@pytest.mark.parametrize(("rule", "trigger"), [("annual_report_and_plan", 2025),
                                               ("supervision_letter_response", D(2025, 3, 10)),
                                               ("qualification_reapplication_bar", D(2025, 3, 10)),
                                               ("qualification_reapplication_bar", D(2024, 2, 29))])
def test_every_xuchang_result_carries_a_draft_instrument_warning(rule: str, trigger: dt.date | int) -> None:
    result = due_date(XUCHANG, rule, trigger)
    assert "draft_instrument" in warning_codes(result)
    draft = next(warning for warning in result.warnings if warning.code == "draft_instrument")
    assert "征求意见稿" in draft.message


@pytest.mark.parametrize("rule", ["annual_report_and_plan", "supervision_letter_response",
                                  "qualification_reapplication_bar"])
def test_xuchang_deadlines_as_json_have_exactly_the_contract_keys(rule: str) -> None:
    trigger: dt.date | int = 2025 if rule == "annual_report_and_plan" else D(2025, 3, 10)
    data = assert_json_shape(due_date(XUCHANG, rule, trigger))
    assert data["profile"] == "xuchang"
    citation = data["citation"]
    assert isinstance(citation, dict)
    assert citation["instrument"] == "许昌市行政执法监督办法（征求意见稿）"
    warnings = data["warnings"]
    assert isinstance(warnings, list)
    assert any(warning["code"] == "draft_instrument" for warning in warnings)
