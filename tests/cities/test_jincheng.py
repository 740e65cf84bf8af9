"""晋城: the 2021 interim measures (晋市政发〔2021〕23号), in force 2021-12-01..2023-11-30 ("有效期二年")."""

from __future__ import annotations

import datetime as dt

import pytest

from assertions import assert_due, assert_json_shape, assert_no_due, assert_not_in_force, warning_codes
from enforcement_rules import due_date, load_profile
from enforcement_rules._kinds.deadline import DeadlineRule

D = dt.date
JINCHENG = load_profile("jincheng")


def test_jincheng_has_the_two_deadline_rules_of_the_spec() -> None:
    # SPEC §4a (revised): every operative article is encoded, so besides the catalog's two deadlines the profile
    # has the two "及时" duties with no period (第八条第（三）项, 第十一条), both undeterminable.
    deadlines = {rule_id: rule for rule_id, rule in JINCHENG.rules.items() if isinstance(rule, DeadlineRule)}
    assert set(deadlines) == {"notice_handling", "decision_review_request", "information_system_entry",
                              "assistance_duty"}
    assert {deadlines[name].period.unit for name in ("information_system_entry", "assistance_duty")} == \
        {"undeterminable"}


def test_decision_review_request_on_the_last_day_in_force_is_computed() -> None:
    # 2023-11-30 (Thu) is the last day of the two-year validity, so the rule applies.
    # + 5 working days: 12-01 Fri (1), 12-04 Mon (2), 12-05 (3), 12-06 (4), 12-07 Thu (5) → 2023-12-07,
    # even though the window itself ends after the measures expired.
    result = assert_due(JINCHENG, "decision_review_request", D(2023, 11, 30), D(2023, 12, 7),
                        nominal=D(2023, 12, 7), rolled=False)
    assert (result.unit, result.amount) == ("working_days", 5)
    assert result.warnings == []


def test_decision_review_request_the_day_after_expiry_is_not_in_force() -> None:
    assert_not_in_force(JINCHENG, "decision_review_request", D(2023, 12, 1))


def test_decision_review_request_before_the_measures_took_effect_is_not_in_force() -> None:
    # Issued 2021-11-15, in force only from 2021-12-01.
    assert_not_in_force(JINCHENG, "decision_review_request", D(2021, 11, 30))


def test_decision_review_request_on_the_first_day_in_force_is_computed() -> None:
    # 2021-12-01 (Wed) + 5 working days: 12-02 Thu (1), 12-03 Fri (2), 12-06 Mon (3), 12-07 (4),
    # 12-08 Wed (5) → 2021-12-08.
    assert_due(JINCHENG, "decision_review_request", D(2021, 12, 1), D(2021, 12, 8))


def test_decision_review_request_counts_the_make_up_weekend_after_national_day_2022() -> None:
    # 2022-09-29 (Thu) + 5 working days: 09-30 Fri (1), 10-01..10-07 国庆节 R, 10-08 Sat W (2),
    # 10-09 Sun W (3), 10-10 Mon (4), 10-11 Tue (5) → 2022-10-11.
    assert_due(JINCHENG, "decision_review_request", D(2022, 9, 29), D(2022, 10, 11))


def test_decision_review_request_across_spring_festival_2023_counts_the_make_up_weekend() -> None:
    # 2023-01-19 (Thu) + 5 working days: 01-20 Fri (1), 01-21..01-27 春节 R, 01-28 Sat W (2),
    # 01-29 Sun W (3), 01-30 Mon (4), 01-31 Tue (5) → 2023-01-31.
    assert_due(JINCHENG, "decision_review_request", D(2023, 1, 19), D(2023, 1, 31))


def test_notice_handling_is_set_by_the_notice_and_has_no_due_date() -> None:
    result = assert_no_due(JINCHENG, "notice_handling", D(2022, 6, 1), "set_by_document")
    assert "deadline_not_set" in warning_codes(result)
    assert (result.unit, result.amount) == ("set_by_document", None)
    assert result.citation.article == "第九条"
    assert result.citation.item == "第（三）项"


@pytest.mark.parametrize("trigger", [D(2021, 11, 30), D(2023, 12, 1)])
def test_notice_handling_outside_the_validity_is_not_in_force(trigger: dt.date) -> None:
    assert_not_in_force(JINCHENG, "notice_handling", trigger)


def test_notice_handling_on_the_last_day_in_force_is_set_by_document() -> None:
    assert_no_due(JINCHENG, "notice_handling", D(2023, 11, 30), "set_by_document")


@pytest.mark.parametrize(("rule", "trigger"), [("decision_review_request", D(2022, 9, 29)),
                                               ("notice_handling", D(2022, 9, 29)),
                                               ("decision_review_request", D(2023, 12, 1))])
def test_jincheng_deadlines_as_json_have_exactly_the_contract_keys(rule: str, trigger: dt.date) -> None:
    data = assert_json_shape(due_date(JINCHENG, rule, trigger))
    assert data["profile"] == "jincheng"
    assert data["rule"] == rule
    assert data["trigger"] == trigger.isoformat()
