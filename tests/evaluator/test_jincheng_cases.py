"""晋城: whole cases under 《晋城市行政执法监督暂行办法》 (晋市政发〔2021〕23号, in force 2021-12-01..2023-11-30).

Dates are counted by hand from holiday-cn; 2022: 国庆 rest days 10-01..10-07, make-up working days
Saturday 10-08 and Sunday 10-09.
"""

from __future__ import annotations

from typing import Any

import pytest

from enforcement_rules import load_profile

from .scenario import (
    D,
    deadline_of,
    disposition,
    disposition_grounds,
    document,
    event,
    ground_codes,
    liabilities,
    procedure_status,
    run,
    verdict,
    warning_codes,
)

JINCHENG = load_profile("jincheng")
ITEM_10 = ("notice_handling", "第十六条第（十）项")
ARTICLE_15_DEFECTS = ["no_subject_qualification", "no_legal_basis", "missing_valid_seal"]
ARTICLE_13_DEFECTS = ["main_facts_unclear", "insufficient_evidence", "wrong_law_applied", "procedure_violation",
                      "procedure_violation_serious_obvious", "ultra_vires", "abuse_of_power", "clearly_improper"]
ARTICLE_14_CONTEXTS = ["no_revocable_content", "revocation_harms_public_interest",
                       "act_already_changed_confirmation_requested"]


# -- validity: "自 2021 年 12 月 1 日起施行，有效期二年" -------------------------------------------

@pytest.mark.parametrize(("received_on", "status"), [
    ("2021-11-30", "not_in_force"),  # the day before it took effect
    ("2021-12-01", "ok"),
    ("2023-11-30", "ok"),            # the last day of the two years
    ("2023-12-01", "not_in_force"),  # expired
])
def test_a_matter_is_governed_only_if_it_arose_within_the_two_years(received_on: str, status: str) -> None:
    report = run(JINCHENG, {"complaint": {"received_on": received_on}, "act": {"defects": ["ultra_vires"]}},
                 D(2024, 6, 1))
    assert report.status == status
    if status == "not_in_force":
        assert (report.admission, report.disposition, report.procedure, report.liabilities) == (None, None, [], [])
        assert any("not_in_force" in sentence for sentence in report.explanation)


def test_without_a_complaint_the_matter_arises_on_the_earliest_event() -> None:
    # Filed on the last day in force; the notice follows after expiry: the case is still governed.
    report = run(JINCHENG, {"events": [event("case_filed", "2023-11-30"), event("investigation", "2023-12-04")]},
                 D(2024, 1, 10))
    assert report.status == "ok"
    report = run(JINCHENG, {"events": [event("case_filed", "2023-12-01")]}, D(2024, 1, 10))
    assert report.status == "not_in_force"


@pytest.mark.parametrize(("as_of", "status"), [(D(2023, 11, 30), "ok"), (D(2023, 12, 1), "not_in_force")])
def test_without_complaint_or_events_the_matter_arises_on_as_of(as_of: Any, status: str) -> None:
    assert run(JINCHENG, {"act": {"defects": ["ultra_vires"]}}, as_of).status == status


def test_a_deadline_triggered_after_expiry_is_not_in_force_even_in_a_governed_case() -> None:
    # SPEC §4: for a deadline, validity is judged on its trigger date. The case arose 2023-11-20; the
    # decision (2023-12-05) and an undated notice (2023-12-05) come after 2023-11-30.
    report = run(JINCHENG, {"act": {"defects": ["ultra_vires"]},
                            "events": [event("case_filed", "2023-11-20"), document("2023-12-05", "notice"),
                                       event("decision_received", "2023-12-05")]}, D(2024, 1, 10))
    assert report.status == "ok"
    assert deadline_of(report, "decision_review_request").status == "not_in_force"
    assert deadline_of(report, "notice_handling").status == "not_in_force"


def test_a_notice_with_its_deadline_received_after_expiry_is_not_in_force() -> None:
    # Same as above with the notice stating its own period: still not in force, and so no 第十六条 liability.
    report = run(JINCHENG, {"act": {"defects": ["ultra_vires"]},
                            "events": [event("case_filed", "2023-11-20"),
                                       document("2023-12-05", "notice", deadline="2023-12-20")]}, D(2024, 1, 10))
    handling = deadline_of(report, "notice_handling")
    assert (handling.status, handling.due) == ("not_in_force", None)
    assert liabilities(report) == []


# -- admission: only 第十二条 ------------------------------------------------------------------------

def test_a_matter_outside_its_authority_is_referred_elsewhere_under_article_12() -> None:
    report = run(JINCHENG, {"complaint": {"received_on": "2022-05-10", "in_supervision_scope": False}},
                 D(2022, 6, 1))
    assert verdict(report) == "refer_elsewhere"
    assert report.admission is not None
    assert report.admission.grounds[0].citation.article == "第十二条"


def test_jincheng_has_no_filing_bars_or_other_routing_steps_so_everything_else_is_admitted() -> None:
    report = run(JINCHENG, {"act": {"decided_on": "2010-01-01",
                                    "remedies": {"reconsideration": "pending", "litigation": "concluded",
                                                 "petition": "pending"}},
                            "complaint": {"received_on": "2022-05-10", "identifies_target": False,
                                          "states_facts_and_reasons": False, "targets_specific_act": False},
                            "bars": ["already_handled", "other_statutory_bar"]}, D(2022, 6, 1))
    assert verdict(report) == "admit"
    assert ground_codes(report) == []


# -- disposition: 第十五条 → 第十四条 → 第十三条 → 不履行职责 ----------------------------------------

@pytest.mark.parametrize("defect", ARTICLE_15_DEFECTS)
def test_an_article_15_defect_is_void_whatever_else_is_wrong(defect: str) -> None:
    report = run(JINCHENG, {"act": {"defects": [defect, "insufficient_evidence", "failure_to_perform"],
                                    "context": ARTICLE_14_CONTEXTS}}, D(2022, 6, 1))
    found = disposition(report)
    assert (found.document, found.if_uncorrected) == ("notice", "confirm_void")
    assert disposition_grounds(report) == [defect]
    assert (found.grounds[0].citation.article, found.grounds[0].citation.paragraph) == ("第十五条", "第一款")


@pytest.mark.parametrize("context", ARTICLE_14_CONTEXTS)
def test_an_article_14_context_confirms_illegality_rather_than_revoking(context: str) -> None:
    report = run(JINCHENG, {"act": {"defects": ["insufficient_evidence"], "context": [context]}}, D(2022, 6, 1))
    assert disposition(report).if_uncorrected == "confirm_illegal"
    assert disposition_grounds(report) == [context]
    assert disposition(report).grounds[0].citation.article == "第十四条"


def test_the_misprinted_second_item_of_article_14_is_quoted_as_printed() -> None:
    # Source defect: items numbered (一)(三)(三)(四); the quotation keeps the printed "（三）" twice.
    report = run(JINCHENG, {"act": {"defects": ["ultra_vires"], "context": ["revocation_harms_public_interest"]}},
                 D(2022, 6, 1))
    assert disposition(report).grounds[0].citation.text.count("（三）") == 2


@pytest.mark.parametrize("defect", ARTICLE_13_DEFECTS)
def test_an_article_13_defect_without_article_14_context_is_revoked(defect: str) -> None:
    report = run(JINCHENG, {"act": {"defects": [defect, "failure_to_perform"]}}, D(2022, 6, 1))
    assert disposition(report).if_uncorrected == "revoke"
    assert disposition_grounds(report) == [defect]
    assert disposition(report).grounds[0].citation.article == "第十三条"


def test_failure_to_perform_alone_is_ordered_to_perform() -> None:
    report = run(JINCHENG, {"act": {"defects": ["failure_to_perform"]}}, D(2022, 6, 1))
    assert disposition(report).if_uncorrected == "order_performance"
    assert disposition_grounds(report) == ["failure_to_perform"]
    citation = disposition(report).grounds[0].citation
    assert (citation.article, citation.item) == ("第九条", "第（四）项")


def test_an_article_14_context_without_any_defect_still_terminates() -> None:
    report = run(JINCHENG, {"act": {"context": ["no_revocable_content"]}}, D(2022, 6, 1))
    assert (disposition(report).outcome, disposition(report).if_uncorrected) == ("terminate", "terminate")


# -- notice_handling: the period is the notice's (set_by_document) -------------------------------------

NOTICE = document("2022-09-01", "notice", deadline="2022-10-01")


@pytest.mark.parametrize(("corrected", "as_of", "status", "outcome"), [
    # SPEC §4c: the date the notice names, 2022-10-01 (国庆, a rest day), is the due date, inclusive, never rolled.
    (None, D(2022, 10, 1), "pending", "awaiting_correction"),
    ("2022-10-01", D(2022, 10, 20), "met", "corrected"),
    ("2022-10-08", D(2022, 10, 20), "late", "corrected_late"),
    (None, D(2022, 10, 2), "overdue", "revoke"),
])
def test_the_notice_deadline_is_the_date_the_notice_names_never_rolled(
        corrected: str | None, as_of: Any, status: str, outcome: str) -> None:
    events = [NOTICE] + ([event("corrected", corrected)] if corrected else [])
    report = run(JINCHENG, {"act": {"defects": ["abuse_of_power"]}, "events": events}, as_of)
    handling = deadline_of(report, "notice_handling")
    assert (handling.trigger, handling.nominal_due, handling.due) == (D(2022, 9, 1), D(2022, 10, 1),
                                                                      D(2022, 10, 1))
    assert handling.status == status
    assert (handling.citation.article, handling.citation.item) == ("第九条", "第（三）项")
    assert disposition(report).outcome == outcome
    # 第十六条第（十）项 "不执行或者不报告《行政执法监督通知书》" (SPEC §4b): words of non-performance, breached by
    # overdue only; a late performance is no breach of this item.
    assert liabilities(report) == ([ITEM_10] if status == "overdue" else [])


@pytest.mark.parametrize(("defects", "outcome"), [
    (["missing_valid_seal"], "confirm_void"),
    (["ultra_vires"], "revoke"),
    (["failure_to_perform"], "order_performance"),
])
def test_after_an_unheeded_notice_the_outcome_is_the_prescribed_decision(defects: list[str], outcome: str) -> None:
    report = run(JINCHENG, {"act": {"defects": defects}, "events": [NOTICE]}, D(2022, 11, 1))
    assert disposition(report).outcome == outcome


def test_a_notice_without_a_deadline_is_set_by_document_and_warned() -> None:
    report = run(JINCHENG, {"act": {"defects": ["ultra_vires"]}, "events": [document("2022-09-01", "notice")]},
                 D(2023, 6, 1))
    handling = deadline_of(report, "notice_handling")
    assert (handling.status, handling.due, handling.nominal_due) == ("set_by_document", None, None)
    assert "deadline_not_set" in warning_codes(report)
    # Without a period nothing can be late, so nothing follows yet.
    assert disposition(report).outcome == "awaiting_correction"
    assert liabilities(report) == []


def test_a_missing_notice_deadline_is_warned_once() -> None:
    report = run(JINCHENG, {"act": {"defects": ["ultra_vires"]}, "events": [document("2022-09-01", "notice")]},
                 D(2023, 6, 1))
    assert warning_codes(report).count("deadline_not_set") == 1


# -- decision_review_request: a right (第十条第二款) ---------------------------------------------------

@pytest.mark.parametrize(("requested", "as_of", "status"), [
    # 5 working days from Wed 2022-09-28: 09-29, 09-30, Sat 10-08 and Sun 10-09 (make-up), Mon 10-10.
    ("2022-10-10", D(2022, 10, 20), "met"),
    ("2022-10-11", D(2022, 10, 20), "late"),
    (None, D(2022, 10, 10), "pending"),
    (None, D(2022, 10, 11), "lapsed"),
])
def test_the_review_request_of_a_decision_is_a_right_and_never_a_liability(requested: str | None, as_of: Any,
                                                                          status: str) -> None:
    events = [event("decision_received", "2022-09-28", outcome="revoke")]
    events += [event("review_requested", requested)] if requested else []
    report = run(JINCHENG, {"events": events}, as_of)
    review = deadline_of(report, "decision_review_request")
    assert (review.due, review.status) == (D(2022, 10, 10), status)
    assert liabilities(report) == []


# -- procedure: 第七条第二款 -----------------------------------------------------------------------------

@pytest.mark.parametrize(("supervisors", "status"), [(1, "violated"), (2, "complied"), (None, "undetermined")])
def test_supervision_measures_need_two_supervisors(supervisors: int | None, status: str) -> None:
    fields = {} if supervisors is None else {"supervisors": supervisors}
    report = run(JINCHENG, {"events": [event("investigation", "2022-05-10", **fields)]}, D(2022, 6, 1))
    assert procedure_status(report, "min_two_supervisors") == status
    assert [check.rule for check in report.procedure] == ["min_two_supervisors"]
