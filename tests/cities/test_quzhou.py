"""衢州: the 2022 interim measures (衢政办发〔2022〕16号), in force from issue on 2022-07-14."""

from __future__ import annotations

import datetime as dt

from assertions import assert_json_shape, assert_no_due, assert_not_in_force, warning_codes
from enforcement_rules import due_date, load_profile

D = dt.date
QUZHOU = load_profile("quzhou")


def test_quzhou_has_the_one_deadline_rule_of_the_spec() -> None:
    deadlines = {rule_id for rule_id, rule in QUZHOU.rules.items() if rule.kind == "deadline"}
    assert deadlines == {"notice_correction"}


def test_notice_correction_is_set_by_the_notice_and_has_no_due_date() -> None:
    result = assert_no_due(QUZHOU, "notice_correction", D(2024, 5, 6), "set_by_document")
    assert "deadline_not_set" in warning_codes(result)
    assert "draft_instrument" not in warning_codes(result)
    assert result.citation.article == "第十六条"


def test_notice_correction_on_the_day_of_issue_is_in_force() -> None:
    # "自印发之日起施行": in force on 2022-07-14 itself.
    assert_no_due(QUZHOU, "notice_correction", D(2022, 7, 14), "set_by_document")


def test_notice_correction_the_day_before_issue_is_not_in_force() -> None:
    assert_not_in_force(QUZHOU, "notice_correction", D(2022, 7, 13))


def test_notice_correction_as_json_has_exactly_the_contract_keys() -> None:
    data = assert_json_shape(due_date(QUZHOU, "notice_correction", D(2024, 5, 6)))
    assert (data["profile"], data["rule"], data["status"], data["due"], data["nominal_due"]) == (
        "quzhou", "notice_correction", "set_by_document", None, None)
    assert data["citation"] == {
        "instrument": "衢州市行政执法协调监督暂行办法",
        "article": "第十六条",
        "paragraph": None,
        "item": None,
        "text": "行政执法监督中发现行政执法机关及其工作人员存在违法或不当行政执法行为的,司法行政机关有权制作"
                "《行政执法监督通知书》,通知其限期纠正并落实整改措施。",
    }
