"""威海: the sixteen deadline rules of the 2020 measures (令第70号) and the 2016 opinion, by hand.

Every expected date is counted by hand from the State Council's schedule as holiday-cn records it
(rest days R, make-up working days W); the reasoning is in the comment above each assertion.
"""

from __future__ import annotations

import datetime as dt

import pytest

from assertions import (
    assert_due,
    assert_json_shape,
    assert_no_due,
    assert_not_in_force,
    warning_codes,
)
from enforcement_rules import (
    CalendarCoverageError,
    InvalidInputError,
    RulesError,
    due_date,
    load_profile,
    national_calendar,
)

D = dt.date
WEIHAI = load_profile("weihai")

# SPEC §4 deadline table, weihai rows: id → (unit, amount) (None for fixed annual dates).
SPEC_TABLE: dict[str, tuple[str, int | None]] = {
    "annual_plan_filing": ("annual_date", None),
    "subject_change_confirmation": ("days", 20),
    "entrustment_publication": ("days", 20),
    "discretion_benchmark_publication": ("days", 20),
    "decision_disclosure": ("working_days", 7),
    "other_info_disclosure": ("working_days", 20),
    "av_record_storage": ("working_days", 2),
    "annual_report": ("annual_date", None),
    "opinion_review_request": ("working_days", 5),
    "opinion_review_reply": ("working_days", 10),
    "opinion_correction": ("days", 30),
    "case_handling": ("months", 2),
    "decision_execution_report": ("days", 30),
    "supervision_archiving": ("days", 30),
    "personnel_qualification_review": ("years", 2),
    "legal_knowledge_test": ("years", 4),
}
ANNUAL_RULES = ("annual_plan_filing", "annual_report")
MEASURES_2020_DATE_RULES = tuple(rule for rule in SPEC_TABLE if rule not in ANNUAL_RULES
                                 and rule not in ("personnel_qualification_review", "legal_knowledge_test"))


# -- the catalog ---------------------------------------------------------------------------------

def test_weihai_has_exactly_the_sixteen_deadline_rules_of_the_spec() -> None:
    deadlines = {rule_id for rule_id, rule in WEIHAI.rules.items() if rule.kind == "deadline"}
    # SPEC §4a (revised): every operative article is encoded; 第二十三条 (案卷评查 at least once a year) is the
    # supervisory body's own annual duty, beyond the catalog.
    assert deadlines == set(SPEC_TABLE) | {"annual_case_file_review"}


@pytest.mark.parametrize(("rule", "unit", "amount"),
                         [(rule, unit, amount) for rule, (unit, amount) in SPEC_TABLE.items()])
def test_each_deadline_reports_the_unit_and_amount_of_the_spec_table(rule: str, unit: str,
                                                                     amount: int | None) -> None:
    trigger: dt.date | int = 2025 if rule in ANNUAL_RULES else D(2022, 3, 3)
    result = due_date(WEIHAI, rule, trigger)
    assert result.status == "ok"
    assert (result.unit, result.amount) == (unit, amount)


# -- fixed annual dates (C5) ---------------------------------------------------------------------

def test_annual_plan_filing_for_2026_rolls_from_saturday_january_31_to_monday_february_2() -> None:
    # 2026-01-31 is a Saturday (not in the 2026 notice), 02-01 Sunday → Monday 2026-02-02.
    result = assert_due(WEIHAI, "annual_plan_filing", 2026, D(2026, 2, 2),
                        nominal=D(2026, 1, 31), rolled=True)
    assert "2026-01-31 为星期六休息日，顺延至 2026-02-02" in result.explanation


def test_annual_plan_filing_for_2022_falls_on_chuxi_and_rolls_past_the_spring_festival_holiday() -> None:
    # 2022-01-31 (Monday, 除夕) is a 春节 rest day; the holiday runs 01-31..02-06 (R);
    # first working day after it: Monday 2022-02-07.
    result = assert_due(WEIHAI, "annual_plan_filing", 2022, D(2022, 2, 7),
                        nominal=D(2022, 1, 31), rolled=True)
    assert "2022-01-31 为春节休息日，顺延至 2022-02-07" in result.explanation


def test_annual_plan_filing_for_2025_falls_inside_the_spring_festival_holiday() -> None:
    # 2025-01-31 Friday R (春节 01-28..02-04), 02-01 Sat R, 02-02 Sun R, 02-03 Mon R, 02-04 Tue R
    # → Wednesday 2025-02-05.
    result = assert_due(WEIHAI, "annual_plan_filing", 2025, D(2025, 2, 5),
                        nominal=D(2025, 1, 31), rolled=True)
    assert "春节" in result.explanation


def test_annual_plan_filing_for_2024_is_due_on_wednesday_january_31_itself() -> None:
    # 2024-01-31 is an ordinary Wednesday: no roll.
    assert_due(WEIHAI, "annual_plan_filing", 2024, D(2024, 1, 31), nominal=D(2024, 1, 31), rolled=False)


def test_annual_plan_filing_for_2014_predates_the_measures_though_january_31_was_in_spring_festival() -> None:
    # 2014-01-31 was a 春节 rest day (would roll to 2014-02-07), but the 2020 measures only took
    # effect on 2021-01-01: for 2014 the rule is not in force and gives no due date.
    assert_not_in_force(WEIHAI, "annual_plan_filing", 2014)


def test_annual_plan_filing_for_2021_is_in_force_and_rolls_from_sunday_to_monday() -> None:
    # 2021-01-31 Sunday (first year of the measures, in force since 2021-01-01) → Monday 2021-02-01.
    assert_due(WEIHAI, "annual_plan_filing", 2021, D(2021, 2, 1), nominal=D(2021, 1, 31), rolled=True)


def test_annual_report_for_2026_is_due_tuesday_january_20_2026_reporting_on_2025() -> None:
    # C5: the year is the year the due date falls in; 2026-01-20 is an ordinary Tuesday.
    result = assert_due(WEIHAI, "annual_report", 2026, D(2026, 1, 20), nominal=D(2026, 1, 20), rolled=False)
    assert result.trigger == 2026


def test_annual_report_for_2024_rolls_from_saturday_january_20_to_monday_january_22() -> None:
    # 2024-01-20 Saturday, 01-21 Sunday (the 2024 notice lists neither) → Monday 2024-01-22.
    result = assert_due(WEIHAI, "annual_report", 2024, D(2024, 1, 22), nominal=D(2024, 1, 20), rolled=True)
    assert "2024-01-20 为星期六休息日，顺延至 2024-01-22" in result.explanation


def test_annual_report_for_2020_predates_the_measures() -> None:
    # 2020-01-20 is before 2021-01-01.
    assert_not_in_force(WEIHAI, "annual_report", 2020)


# -- calendar days (C3) ---------------------------------------------------------------------------

def test_subject_change_confirmation_crossing_the_spring_festival_rolls_to_the_first_day_back() -> None:
    # 2026-01-30 + 20 days = 2026-02-19 (Thursday, 春节 R 02-15..02-23) → 02-20 Fri R, 02-21 Sat R,
    # 02-22 Sun R, 02-23 Mon R → Tuesday 2026-02-24.
    result = assert_due(WEIHAI, "subject_change_confirmation", D(2026, 1, 30), D(2026, 2, 24),
                        nominal=D(2026, 2, 19), rolled=True)
    assert "2026-02-19 为春节休息日，顺延至 2026-02-24" in result.explanation


def test_entrustment_publication_ending_on_a_make_up_saturday_does_not_roll() -> None:
    # 2026-09-20 + 20 days = 2026-10-10, a Saturday worked for 国庆节 (W): C3, no roll.
    assert_due(WEIHAI, "entrustment_publication", D(2026, 9, 20), D(2026, 10, 10),
               nominal=D(2026, 10, 10), rolled=False)


def test_discretion_benchmark_publication_ending_on_qingming_rolls_past_the_holiday() -> None:
    # 2026-03-16 + 20 days = 2026-04-05 (Sunday, 清明 R 04-04..04-06), 04-06 Mon R → Tuesday 2026-04-07.
    result = assert_due(WEIHAI, "discretion_benchmark_publication", D(2026, 3, 16), D(2026, 4, 7),
                        nominal=D(2026, 4, 5), rolled=True)
    assert "清明" in result.explanation


def test_opinion_correction_ending_in_national_day_rolls_and_names_the_holiday() -> None:
    # 2026-09-05 + 30 days = 2026-10-05 (Monday, 国庆节 R 10-01..10-07), 10-06 R, 10-07 R
    # → Thursday 2026-10-08.
    result = assert_due(WEIHAI, "opinion_correction", D(2026, 9, 5), D(2026, 10, 8),
                        nominal=D(2026, 10, 5), rolled=True)
    assert "2026-10-05 为国庆节休息日，顺延至 2026-10-08" in result.explanation


def test_decision_execution_report_ending_on_the_spring_festival_make_up_saturday_does_not_roll() -> None:
    # 2026-01-29 + 30 days = 2026-02-28, a Saturday worked for 春节 (W): no roll.
    assert_due(WEIHAI, "decision_execution_report", D(2026, 1, 29), D(2026, 2, 28),
               nominal=D(2026, 2, 28), rolled=False)


def test_decision_execution_report_ending_on_the_first_day_of_spring_festival_rolls_over_it() -> None:
    # 2026-01-16 + 30 days = 2026-02-15 (Sunday, 春节 R) … 02-23 Mon R → Tuesday 2026-02-24.
    assert_due(WEIHAI, "decision_execution_report", D(2026, 1, 16), D(2026, 2, 24),
               nominal=D(2026, 2, 15), rolled=True)


def test_supervision_archiving_ending_on_labour_day_rolls_past_the_may_holiday() -> None:
    # 2026-04-01 + 30 days = 2026-05-01 (Friday, 劳动节 R 05-01..05-05) → Wednesday 2026-05-06.
    result = assert_due(WEIHAI, "supervision_archiving", D(2026, 4, 1), D(2026, 5, 6),
                        nominal=D(2026, 5, 1), rolled=True)
    assert "劳动节" in result.explanation


# -- working days (C2) ----------------------------------------------------------------------------

def test_decision_disclosure_skips_national_day_and_counts_the_make_up_saturday() -> None:
    # 2026-09-30 + 7 working days: 10-01..10-07 国庆节 R; 10-08 Thu (1), 10-09 Fri (2),
    # 10-10 Sat W (3), 10-11 Sun R, 10-12 (4), 10-13 (5), 10-14 (6), 10-15 Thu (7) → 2026-10-15.
    result = assert_due(WEIHAI, "decision_disclosure", D(2026, 9, 30), D(2026, 10, 15),
                        nominal=D(2026, 10, 15), rolled=False)
    assert "C2" in result.explanation


def test_decision_disclosure_made_on_monday_before_national_day_is_due_tuesday_october_13() -> None:
    # 2026-09-28 (Mon) + 7 working days: 09-29 (1), 09-30 (2), 10-01..10-07 R, 10-08 (3),
    # 10-09 (4), 10-10 Sat W (5), 10-12 (6), 10-13 (7) → 2026-10-13 (the SPEC §5 example obligation).
    assert_due(WEIHAI, "decision_disclosure", D(2026, 9, 28), D(2026, 10, 13))


def test_decision_disclosure_across_spring_festival_counts_both_make_up_saturdays() -> None:
    # 2026-02-12 (Thu) + 7 working days: 02-13 Fri (1), 02-14 Sat W (2), 02-15..02-23 春节 R,
    # 02-24 Tue (3), 02-25 (4), 02-26 (5), 02-27 Fri (6), 02-28 Sat W (7) → 2026-02-28.
    assert_due(WEIHAI, "decision_disclosure", D(2026, 2, 12), D(2026, 2, 28))


def test_decision_disclosure_made_on_new_year_day_2021_the_first_day_in_force_counts_from_the_next() -> None:
    # 2021-01-01 (Fri, 元旦 R; the measures' first day in force) is not counted (C1); 01-02/01-03 R;
    # 01-04 Mon (1), 01-05 (2), 01-06 (3), 01-07 (4), 01-08 Fri (5), 01-11 Mon (6), 01-12 Tue (7).
    assert_due(WEIHAI, "decision_disclosure", D(2021, 1, 1), D(2021, 1, 12))


def test_decision_disclosure_made_on_a_sunday_counts_from_monday() -> None:
    # 2026-03-01 (Sun) + 7 working days: 03-02 (1), 03-03 (2), 03-04 (3), 03-05 (4), 03-06 Fri (5),
    # 03-09 Mon (6), 03-10 Tue (7) → 2026-03-10.
    assert_due(WEIHAI, "decision_disclosure", D(2026, 3, 1), D(2026, 3, 10))


def test_other_info_disclosure_skips_the_may_holiday_and_counts_the_make_up_saturday() -> None:
    # 2026-04-30 (Thu) + 20 working days: 05-01..05-05 劳动节 R; 05-06 Wed (1), 05-07 (2), 05-08 (3),
    # 05-09 Sat W (4), 05-11 Mon (5) … 05-15 (9), 05-18 (10) … 05-22 (14), 05-25 (15) … 05-29 (19),
    # 06-01 Mon (20) → 2026-06-01.
    assert_due(WEIHAI, "other_info_disclosure", D(2026, 4, 30), D(2026, 6, 1))


def test_av_record_storage_counts_the_make_up_saturday_then_waits_out_spring_festival() -> None:
    # 2026-02-13 (Fri) + 2 working days: 02-14 Sat W (1), 02-15..02-23 春节 R, 02-24 Tue (2).
    assert_due(WEIHAI, "av_record_storage", D(2026, 2, 13), D(2026, 2, 24))


def test_av_record_storage_formed_on_an_ordinary_friday_is_due_tuesday() -> None:
    # 2026-03-06 (Fri) + 2 working days: 03-09 Mon (1), 03-10 Tue (2).
    assert_due(WEIHAI, "av_record_storage", D(2026, 3, 6), D(2026, 3, 10))


def test_opinion_review_request_counts_the_make_up_sunday_before_national_day() -> None:
    # 2025-09-26 (Fri) + 5 working days: 09-27 Sat R, 09-28 Sun W (1), 09-29 Mon (2), 09-30 Tue (3),
    # 10-01..10-08 R, 10-09 Thu (4), 10-10 Fri (5) → 2025-10-10.
    assert_due(WEIHAI, "opinion_review_request", D(2025, 9, 26), D(2025, 10, 10))


def test_opinion_review_reply_across_national_day_2024_counts_both_make_up_weekend_days() -> None:
    # 2024-09-27 (Fri) + 10 working days: 09-29 Sun W (1), 09-30 Mon (2), 10-01..10-07 R,
    # 10-08 Tue (3), 10-09 (4), 10-10 (5), 10-11 Fri (6), 10-12 Sat W (7), 10-14 Mon (8),
    # 10-15 (9), 10-16 Wed (10) → 2024-10-16.
    assert_due(WEIHAI, "opinion_review_reply", D(2024, 9, 27), D(2024, 10, 16))


# -- months (C4) and the extension (C7) -----------------------------------------------------------

def test_case_handling_from_december_31_is_clamped_to_february_28_a_make_up_saturday() -> None:
    # 2025-12-31 + 2 months: 2026 has no February 31 → its last day, 2026-02-28 (C4);
    # that Saturday is worked for 春节 (W), so no roll.
    assert_due(WEIHAI, "case_handling", D(2025, 12, 31), D(2026, 2, 28), nominal=D(2026, 2, 28), rolled=False)


def test_case_handling_from_december_31_into_a_leap_february_ends_on_the_29th() -> None:
    # 2023-12-31 + 2 months → 2024-02-29 (leap year), an ordinary Thursday.
    assert_due(WEIHAI, "case_handling", D(2023, 12, 31), D(2024, 2, 29), nominal=D(2024, 2, 29), rolled=False)


def test_case_handling_from_july_31_is_clamped_to_september_30() -> None:
    # 2025-07-31 + 2 months: September has no 31st → 2025-09-30, an ordinary Tuesday.
    assert_due(WEIHAI, "case_handling", D(2025, 7, 31), D(2025, 9, 30), nominal=D(2025, 9, 30), rolled=False)


def test_case_handling_clamped_to_september_30_in_mid_autumn_rolls_to_the_make_up_saturday() -> None:
    # 2023-07-31 + 2 months → 2023-09-30 (C4 clamp; Saturday, 中秋/国庆 R 09-29..10-06);
    # 10-07 is a Saturday worked (W) → 2023-10-07.
    assert_due(WEIHAI, "case_handling", D(2023, 7, 31), D(2023, 10, 7), nominal=D(2023, 9, 30), rolled=True)


def test_case_handling_extended_by_the_maximum_month_runs_from_the_rolled_end() -> None:
    # 2026-08-05 + 2 months = 2026-10-05 (国庆节 R) → rolled end 2026-10-08 (Thursday).
    # C7: + 1 month from 2026-10-08 (not from 10-05) = 2026-11-08, a Sunday → Monday 2026-11-09.
    assert_due(WEIHAI, "case_handling", D(2026, 8, 5), D(2026, 10, 8), nominal=D(2026, 10, 5), rolled=True)
    result = assert_due(WEIHAI, "case_handling", D(2026, 8, 5), D(2026, 11, 9), nominal=D(2026, 11, 8),
                        rolled=True, extension_months=1)
    assert "2026-10-08" in result.explanation
    assert "C7" in result.explanation


def test_case_handling_extended_from_an_unrolled_end_keeps_the_corresponding_day() -> None:
    # 2026-03-10 + 2 months = 2026-05-10 (Sunday) → Monday 2026-05-11; + 1 month = 2026-06-11 (Thursday).
    assert_due(WEIHAI, "case_handling", D(2026, 3, 10), D(2026, 6, 11), nominal=D(2026, 6, 11),
               rolled=False, extension_months=1)


@pytest.mark.parametrize("months", [2, 3, 12])
def test_case_handling_extension_over_one_month_is_rejected(months: int) -> None:
    with pytest.raises(InvalidInputError, match="不得超过1个月") as caught:
        due_date(WEIHAI, "case_handling", D(2026, 3, 10), extension_months=months)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, RulesError)


@pytest.mark.parametrize("months", [0, -1])
def test_case_handling_extension_of_no_month_or_less_is_rejected(months: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        due_date(WEIHAI, "case_handling", D(2026, 3, 10), extension_months=months)


@pytest.mark.parametrize("rule", [rule for rule in SPEC_TABLE if rule != "case_handling"])
def test_no_rule_but_case_handling_allows_an_extension(rule: str) -> None:
    trigger: dt.date | int = 2026 if rule in ANNUAL_RULES else D(2026, 3, 10)
    with pytest.raises(InvalidInputError, match="allows no extension"):
        due_date(WEIHAI, rule, trigger, extension_months=1)


# -- years (C4), the 2016 opinion ---------------------------------------------------------------------

def test_personnel_qualification_review_from_february_29_falls_on_february_28_a_make_up_saturday() -> None:
    # 2024-02-29 + 2 years: 2026 has no February 29 → 2026-02-28 (C4), a Saturday worked (W): no roll.
    assert_due(WEIHAI, "personnel_qualification_review", D(2024, 2, 29), D(2026, 2, 28),
               nominal=D(2026, 2, 28), rolled=False)


def test_personnel_qualification_review_from_february_29_2020_falls_on_monday_february_28_2022() -> None:
    # 2020-02-29 + 2 years → 2022-02-28 (C4), an ordinary Monday.
    assert_due(WEIHAI, "personnel_qualification_review", D(2020, 2, 29), D(2022, 2, 28),
               nominal=D(2022, 2, 28), rolled=False)


def test_personnel_qualification_review_anniversary_in_national_day_rolls() -> None:
    # 2024-10-05 + 2 years = 2026-10-05 (国庆节 R) → Thursday 2026-10-08.
    result = assert_due(WEIHAI, "personnel_qualification_review", D(2024, 10, 5), D(2026, 10, 8),
                        nominal=D(2026, 10, 5), rolled=True)
    assert "国庆节" in result.explanation


def test_legal_knowledge_test_from_february_29_lands_on_the_next_leap_day() -> None:
    # 2020-02-29 + 4 years = 2024-02-29: 2024 is a leap year, the day exists; an ordinary Thursday.
    assert_due(WEIHAI, "legal_knowledge_test", D(2020, 2, 29), D(2024, 2, 29),
               nominal=D(2024, 2, 29), rolled=False)


def test_legal_knowledge_test_anniversary_in_spring_festival_rolls_to_the_first_day_back() -> None:
    # 2022-02-15 + 4 years = 2026-02-15 (Sunday, 春节 R 02-15..02-23) → Tuesday 2026-02-24.
    assert_due(WEIHAI, "legal_knowledge_test", D(2022, 2, 15), D(2026, 2, 24),
               nominal=D(2026, 2, 15), rolled=True)


# -- validity -----------------------------------------------------------------------------------

@pytest.mark.parametrize("rule", MEASURES_2020_DATE_RULES)
def test_a_trigger_on_2020_12_31_is_before_the_2020_measures_took_effect(rule: str) -> None:
    # The 2020 measures took effect on 2021-01-01 (第四十七条).
    assert_not_in_force(WEIHAI, rule, D(2020, 12, 31))


def test_the_2016_opinion_is_in_force_on_2020_12_31_and_its_review_rolls_past_new_year() -> None:
    # 2020-12-31 + 2 years = 2022-12-31 (Saturday; 元旦 R 2022-12-31..2023-01-02) → Tuesday 2023-01-03.
    assert_due(WEIHAI, "personnel_qualification_review", D(2020, 12, 31), D(2023, 1, 3),
               nominal=D(2022, 12, 31), rolled=True)


def test_the_2016_opinion_is_in_force_on_2020_12_31_for_the_legal_knowledge_test() -> None:
    # 2020-12-31 + 4 years = 2024-12-31, an ordinary Tuesday.
    assert_due(WEIHAI, "legal_knowledge_test", D(2020, 12, 31), D(2024, 12, 31), nominal=D(2024, 12, 31),
               rolled=False)


def test_the_2016_opinion_applies_from_the_day_it_was_issued() -> None:
    # Issued 2016-04-16 (a Saturday): + 2 years = 2018-04-16, an ordinary Monday.
    # The day before it was issued: not in force.
    assert_due(WEIHAI, "personnel_qualification_review", D(2016, 4, 16), D(2018, 4, 16))
    assert_not_in_force(WEIHAI, "personnel_qualification_review", D(2016, 4, 15))
    assert_not_in_force(WEIHAI, "legal_knowledge_test", D(2016, 4, 15))


# -- trigger kind --------------------------------------------------------------------------------

@pytest.mark.parametrize("rule", ANNUAL_RULES)
def test_a_fixed_annual_rule_given_a_date_instead_of_a_year_is_rejected(rule: str) -> None:
    with pytest.raises(InvalidInputError, match="counts from a year"):
        due_date(WEIHAI, rule, D(2026, 1, 31))


@pytest.mark.parametrize("rule", ANNUAL_RULES)
def test_a_fixed_annual_rule_given_true_as_the_year_is_rejected(rule: str) -> None:
    with pytest.raises(InvalidInputError):
        due_date(WEIHAI, rule, True)


@pytest.mark.parametrize("rule", [rule for rule in SPEC_TABLE if rule not in ANNUAL_RULES])
def test_a_dated_rule_given_a_year_instead_of_a_date_is_rejected(rule: str) -> None:
    with pytest.raises(InvalidInputError, match="counts from a date"):
        due_date(WEIHAI, rule, 2026)


def test_a_dated_rule_given_a_datetime_is_rejected() -> None:
    with pytest.raises(InvalidInputError):
        due_date(WEIHAI, "decision_disclosure", dt.datetime(2026, 9, 30, 10, 0))


def test_an_unknown_rule_and_a_non_deadline_rule_are_rejected() -> None:
    with pytest.raises(InvalidInputError, match="not a rule"):
        due_date(WEIHAI, "no_such_rule", D(2026, 3, 10))
    with pytest.raises(InvalidInputError, match="not a deadline"):
        due_date(WEIHAI, "min_two_supervisors", D(2026, 3, 10))


# -- calendar coverage (C10) -----------------------------------------------------------------------

def test_decision_disclosure_counting_through_the_last_week_of_2026_is_provisional() -> None:
    # 2026-12-22 (Tue) + 7 working days: 12-23 (1), 12-24 (2), 12-25 Fri (3), 12-28 Mon (4), 12-29 (5),
    # 12-30 (6), 12-31 Thu (7) → 2026-12-31; it inspected 12-25..12-31 while 2027 is not loaded.
    result = assert_due(WEIHAI, "decision_disclosure", D(2026, 12, 22), D(2026, 12, 31), provisional=True)
    assert "provisional_calendar" in warning_codes(result)


def test_a_review_due_in_2027_needs_the_2027_calendar() -> None:
    # 2025-03-03 + 2 years = 2027-03-03: the 2027 schedule is not loaded (strict policy).
    with pytest.raises(CalendarCoverageError, match="2027"):
        due_date(WEIHAI, "personnel_qualification_review", D(2025, 3, 3))


def test_a_review_due_in_2027_under_the_weekends_policy_is_provisional() -> None:
    # 2027-03-03 is a Wednesday: a working day under the weekends policy; the result is provisional.
    result = due_date(WEIHAI, "personnel_qualification_review", D(2025, 3, 3),
                      calendar=national_calendar("weekends"))
    assert (result.status, result.due, result.provisional) == ("ok", D(2027, 3, 3), True)


# -- JSON (SPEC §6) --------------------------------------------------------------------------------

def test_a_working_day_deadline_as_json_has_exactly_the_contract_keys() -> None:
    data = assert_json_shape(due_date(WEIHAI, "decision_disclosure", D(2026, 9, 30)))
    assert data["trigger"] == "2026-09-30"
    assert data["nominal_due"] == data["due"] == "2026-10-15"
    assert (data["unit"], data["amount"], data["status"], data["rolled"]) == ("working_days", 7, "ok", False)
    assert data["citation"] == {
        "instrument": "威海市行政执法监督办法",
        "article": "第十五条",
        "paragraph": "第二款",
        "item": None,
        "text": "行政许可、行政处罚的执法决定信息应当自执法决定作出之日起7个工作日内公开；"
                "……法律法规另有规定的，从其规定。",
    }
    assert data["warnings"] == []


def test_an_annual_deadline_as_json_carries_the_year_as_its_trigger() -> None:
    data = assert_json_shape(due_date(WEIHAI, "annual_plan_filing", 2026))
    assert (data["trigger"], data["nominal_due"], data["due"], data["rolled"]) == (
        2026, "2026-01-31", "2026-02-02", True)
    assert (data["unit"], data["amount"]) == ("annual_date", None)


def test_a_not_in_force_deadline_as_json_has_null_dates() -> None:
    result = assert_no_due(WEIHAI, "case_handling", D(2020, 12, 31), "not_in_force")
    data = assert_json_shape(result)
    assert data["nominal_due"] is None
    assert data["due"] is None


def test_the_2016_opinion_citation_names_part_section_and_point() -> None:
    data = assert_json_shape(due_date(WEIHAI, "legal_knowledge_test", D(2022, 2, 15)))
    citation = data["citation"]
    assert isinstance(citation, dict)
    assert (citation["instrument"], citation["article"], citation["paragraph"], citation["item"]) == (
        "关于改进和加强行政执法工作的意见", "四", "（二）", "3")
