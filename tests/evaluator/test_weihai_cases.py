"""威海: whole cases evaluated under 《威海市行政执法监督办法》 (令第70号) and the 2016 opinion.

Every expected date is counted by hand from the national schedule as holiday-cn records it
(``shared/reference/holiday-cn``); the reasoning is in the comment beside each value. 2026: rest days
01-01..03, 02-15..23, 04-04..06, 05-01..05, 06-19..21, 09-25..27, 10-01..07; make-up working days
01-04 (Sun), 02-14 (Sat), 02-28 (Sat), 05-09 (Sat), 09-20 (Sun), 10-10 (Sat).
"""

from __future__ import annotations

from typing import Any

import pytest

from enforcement_rules import CalendarCoverageError, CaseError, evaluate, load_profile, national_calendar
from enforcement_rules._case import case_from_data

from .scenario import (
    D,
    deadline_of,
    deadlines_of,
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

WEIHAI = load_profile("weihai")
FIVE_CANDIDATES = ["order_performance", "order_correction", "revoke", "confirm_illegal", "confirm_void"]
COMPLETE_COMPLAINT = {"identifies_target": True, "states_facts_and_reasons": True, "in_supervision_scope": True,
                      "targets_specific_act": True}


def complaint(received_on: str = "2026-03-02", /, **flags: bool) -> dict[str, Any]:
    return {"received_on": received_on, **COMPLETE_COMPLAINT, **flags}


# -- admission: complaint routing (第二十七、二十八条), in order ------------------------------------

@pytest.mark.parametrize(("flags", "expected", "article", "item"), [
    ({"identifies_target": False}, "incomplete", "第二十七条", None),
    ({"states_facts_and_reasons": False}, "incomplete", "第二十七条", None),
    ({"in_supervision_scope": False}, "refer_elsewhere", "第二十八条", None),
    ({"targets_specific_act": False}, "record_as_clue", "第二十八条", "第（一）项"),
])
def test_a_complaint_is_routed_by_the_first_step_that_applies(flags: dict[str, bool], expected: str,
                                                              article: str, item: str | None) -> None:
    report = run(WEIHAI, {"complaint": complaint(**flags)}, D(2026, 3, 10))
    assert report.admission is not None
    assert report.admission.verdict == expected
    (ground,) = report.admission.grounds
    assert ground.code == expected
    assert (ground.citation.article, ground.citation.item) == (article, item)


EVERY_BAR: dict[str, Any] = {
    "act": {"decided_on": "2020-01-01",  # over 3 years before 2026-03-02
            "remedies": {"reconsideration": "pending", "litigation": "concluded", "petition": "pending"}},
    "bars": ["outside_scope", "already_handled", "other_statutory_bar"],
}


@pytest.mark.parametrize(("flags", "expected"), [
    # 第二十七条 first, even when the complaint is also outside the scope and not aimed at an act.
    ({"identifies_target": False, "in_supervision_scope": False, "targets_specific_act": False}, "incomplete"),
    # 第二十八条 outside the scope before 第（一）项 not aimed at a specific act.
    ({"in_supervision_scope": False, "targets_specific_act": False}, "refer_elsewhere"),
    ({"targets_specific_act": False}, "record_as_clue"),
])
def test_routing_wins_over_every_filing_bar(flags: dict[str, bool], expected: str) -> None:
    # Routing comes before individual-case supervision, so the 第三十五条 bars are never reached.
    report = run(WEIHAI, {**EVERY_BAR, "complaint": complaint(**flags)}, D(2026, 3, 10))
    assert verdict(report) == expected
    assert ground_codes(report) == [expected]


@pytest.mark.parametrize(("facts", "ground", "item"), [
    ({"bars": ["outside_scope"]}, "outside_scope", "第（一）项"),
    ({"act": {"remedies": {"reconsideration": "pending"}}}, "reconsideration_or_litigation", "第（二）项"),
    ({"act": {"remedies": {"reconsideration": "concluded"}}}, "reconsideration_or_litigation", "第（二）项"),
    ({"act": {"remedies": {"litigation": "pending"}}}, "reconsideration_or_litigation", "第（二）项"),
    ({"act": {"remedies": {"litigation": "concluded"}}}, "reconsideration_or_litigation", "第（二）项"),
    ({"act": {"remedies": {"petition": "pending"}}}, "petition", "第（三）项"),
    ({"act": {"remedies": {"petition": "concluded"}}}, "petition", "第（三）项"),
    ({"bars": ["already_handled"]}, "already_handled", "第（四）项"),
    # decided 2022-03-01, anniversary 2025-03-01; complaint 2026-03-02 is after it.
    ({"act": {"decided_on": "2022-03-01"}}, "older_than_3_years", "第（五）项"),
    ({"bars": ["other_statutory_bar"]}, "other_statutory_bar", "第（六）项"),
])
def test_each_filing_bar_of_article_35_rejects_with_its_own_ground(facts: dict[str, Any], ground: str,
                                                                   item: str) -> None:
    report = run(WEIHAI, {**facts, "complaint": complaint("2026-03-02")}, D(2026, 3, 10))
    assert report.admission is not None
    assert report.admission.verdict == "reject"
    (found,) = report.admission.grounds
    assert found.code == ground
    assert (found.citation.article, found.citation.item) == ("第三十五条", item)


def test_a_complaint_with_no_bar_is_admitted() -> None:
    # decided 2024-01-10, complaint 2026-03-02: within 3 years (anniversary 2027-01-10).
    report = run(WEIHAI, {"act": {"decided_on": "2024-01-10"}, "complaint": complaint("2026-03-02")},
                 D(2026, 3, 10))
    assert verdict(report) == "admit"
    assert ground_codes(report) == []


def test_several_bars_at_once_are_all_listed_in_the_order_of_article_35() -> None:
    report = run(WEIHAI, {**EVERY_BAR, "complaint": complaint("2026-03-02")}, D(2026, 3, 10))
    assert verdict(report) == "reject"
    assert ground_codes(report) == ["outside_scope", "reconsideration_or_litigation", "petition",
                                    "already_handled", "older_than_3_years", "other_statutory_bar"]


# -- 第三十五条第（五）项: "超过3年" by C8 --------------------------------------------------------

@pytest.mark.parametrize(("received_on", "over"), [
    ("2024-03-01", False),  # before the anniversary
    ("2024-03-02", False),  # the anniversary of 2021-03-02 itself is not "超过" (C8)
    ("2024-03-03", True),   # the day after the anniversary is over
])
def test_three_years_are_over_only_strictly_after_the_anniversary(received_on: str, over: bool) -> None:
    report = run(WEIHAI, {"act": {"decided_on": "2021-03-02"}, "complaint": complaint(received_on)},
                 D(2024, 4, 1))
    assert ground_codes(report) == (["older_than_3_years"] if over else [])
    assert verdict(report) == ("reject" if over else "admit")


def test_an_act_of_29_february_reaches_its_third_anniversary_on_28_february() -> None:
    # C4 without roll: 2020-02-29 + 3 years → 2023-02-28 (2023 has no 29 February); 03-01 is over.
    assert ground_codes(run(WEIHAI, {"act": {"decided_on": "2020-02-29"},
                                     "complaint": complaint("2023-02-28")}, D(2023, 3, 10))) == []
    assert ground_codes(run(WEIHAI, {"act": {"decided_on": "2020-02-29"},
                                     "complaint": complaint("2023-03-01")}, D(2023, 3, 10))) == [
        "older_than_3_years"]


@pytest.mark.parametrize("exception", ["statute_provides_otherwise", "filing_deemed_necessary"])
def test_either_exception_lifts_the_three_year_bar(exception: str) -> None:
    # 2021-03-02 → 2024-03-03 is over 3 years, but "除法律法规另有规定或者……认为确有立案必要外".
    report = run(WEIHAI, {"act": {"decided_on": "2021-03-02"}, "complaint": complaint("2024-03-03"),
                          "exceptions": [exception]}, D(2024, 4, 1))
    assert verdict(report) == "admit"
    assert any(exception in sentence for sentence in report.explanation)


def test_an_exception_lifts_only_the_three_year_bar_not_the_others() -> None:
    report = run(WEIHAI, {"act": {"decided_on": "2021-03-02"}, "complaint": complaint("2024-03-03"),
                          "bars": ["already_handled"], "exceptions": ["filing_deemed_necessary"]}, D(2024, 4, 1))
    assert ground_codes(report) == ["already_handled"]


def test_without_a_complaint_the_matter_arises_when_the_case_is_filed() -> None:
    # No complaint: the limitation runs to case_filed (2024-03-03, the day after the anniversary),
    # not to the earlier investigation (2024-03-01) nor to as_of.
    report = run(WEIHAI, {"act": {"decided_on": "2021-03-02"},
                          "events": [event("investigation", "2024-03-01", supervisors=2),
                                     event("case_filed", "2024-03-03")]}, D(2024, 4, 1))
    assert ground_codes(report) == ["older_than_3_years"]
    # case_filed on the anniversary itself: not over, although as_of is a month later.
    report = run(WEIHAI, {"act": {"decided_on": "2021-03-02"}, "events": [event("case_filed", "2024-03-02")]},
                 D(2024, 4, 1))
    assert ground_codes(report) == []


def test_a_complaint_date_comes_before_the_case_filed_date() -> None:
    # complaint 2024-03-02 (the anniversary: not over) although the case is filed on 2024-03-10.
    report = run(WEIHAI, {"act": {"decided_on": "2021-03-02"}, "complaint": complaint("2024-03-02"),
                          "events": [event("case_filed", "2024-03-10")]}, D(2024, 4, 1))
    assert ground_codes(report) == []


@pytest.mark.parametrize(("as_of", "over"), [(D(2024, 3, 2), False), (D(2024, 3, 3), True)])
def test_with_neither_complaint_nor_case_filed_the_matter_arises_on_as_of(as_of: Any, over: bool) -> None:
    report = run(WEIHAI, {"act": {"decided_on": "2021-03-02"}}, as_of)
    assert ground_codes(report) == (["older_than_3_years"] if over else [])


def test_without_the_date_of_the_act_the_three_year_bar_cannot_be_judged_and_does_not_reject() -> None:
    report = run(WEIHAI, {"act": {"defects": []}, "complaint": complaint("2026-03-02")}, D(2026, 3, 10))
    assert verdict(report) == "admit"
    assert any("act.decided_on" in sentence for sentence in report.explanation)


# -- deadlines started by events ------------------------------------------------------------------

FILED = event("case_filed", "2026-08-03")


def test_case_handling_of_two_months_rolls_past_national_day() -> None:
    # 2026-08-03 + 2 months = 2026-10-03 (Sat, 国庆 R 10-01..07) → first working day Thu 2026-10-08.
    handling = deadline_of(run(WEIHAI, {"events": [FILED]}, D(2026, 9, 1)), "case_handling")
    assert (handling.trigger, handling.nominal_due, handling.due) == (D(2026, 8, 3), D(2026, 10, 3), D(2026, 10, 8))
    assert handling.status == "pending"
    assert handling.citation.article == "第三十九条"


@pytest.mark.parametrize(("closed", "status"), [("2026-10-08", "met"), ("2026-10-09", "late")])
def test_case_closed_on_the_due_date_is_on_time(closed: str, status: str) -> None:
    # Due 2026-10-08 (above); "内" includes the due date (C6).
    report = run(WEIHAI, {"events": [FILED, event("case_closed", closed)]}, D(2026, 11, 1))
    assert deadline_of(report, "case_handling").status == status
    # The duty is the supervision body's own: 第四十四条 (aimed at enforcement agencies) has no item for it.
    assert liabilities(report) == []


def test_case_handling_not_closed_after_the_due_date_is_overdue() -> None:
    report = run(WEIHAI, {"events": [FILED]}, D(2026, 10, 9))
    assert deadline_of(report, "case_handling").status == "overdue"


def test_an_extension_of_exactly_the_maximum_runs_from_the_rolled_end() -> None:
    # C7: original due 2026-10-08 (rolled); + 1 month = 2026-11-08 (Sun) → Mon 2026-11-09.
    events = [FILED, event("extension_approved", "2026-09-20", months=1)]
    handling = deadline_of(run(WEIHAI, {"events": [*events, event("case_closed", "2026-11-09")]},
                               D(2026, 11, 20)), "case_handling")
    assert (handling.nominal_due, handling.due, handling.status) == (D(2026, 11, 8), D(2026, 11, 9), "met")
    handling = deadline_of(run(WEIHAI, {"events": [*events, event("case_closed", "2026-11-10")]},
                               D(2026, 11, 20)), "case_handling")
    assert handling.status == "late"


@pytest.mark.parametrize(("extensions", "key"), [
    ([event("extension_approved", "2026-09-20", months=2)], "events[1].months"),
    # Two approvals of 1 month each: 2 months in all, over the maximum of 1.
    ([event("extension_approved", "2026-09-20", months=1), event("extension_approved", "2026-10-20", months=1)],
     "events[2].months"),
])
def test_an_extension_over_the_maximum_of_article_39_is_invalid_input(extensions: list[dict[str, Any]],
                                                                      key: str) -> None:
    with pytest.raises(CaseError) as caught:
        run(WEIHAI, {"events": [FILED, *extensions]}, D(2026, 11, 20))
    assert caught.value.key == key
    assert "maximum of 1" in str(caught.value)


def test_an_extension_approved_after_the_period_ran_out_does_not_revive_it() -> None:
    # 第三十九条: "不能在规定期限内处理完结的……可以适当延长" — approval must come within the two months.
    # Approved 2026-10-20, after the original due date 2026-10-08: closure on 2026-10-30 is late.
    report = run(WEIHAI, {"events": [FILED, event("extension_approved", "2026-10-20", months=1),
                                     event("case_closed", "2026-10-30")]}, D(2026, 11, 20))
    handling = deadline_of(report, "case_handling")
    assert (handling.due, handling.status) == (D(2026, 10, 8), "late")
    # Approved on the original due date itself: still in time, so the period runs to 2026-11-09.
    report = run(WEIHAI, {"events": [FILED, event("extension_approved", "2026-10-08", months=1),
                                     event("case_closed", "2026-10-30")]}, D(2026, 11, 20))
    handling = deadline_of(report, "case_handling")
    assert (handling.due, handling.status) == (D(2026, 11, 9), "met")


OPINION = document("2026-09-01", "opinion")


def test_opinion_correction_passes_over_national_day() -> None:
    # 2026-09-01 + 30 days = 2026-10-01 (国庆 R) → 10-02..10-07 R → Thu 2026-10-08.
    correction = deadline_of(run(WEIHAI, {"act": {"defects": ["insufficient_evidence"]}, "events": [OPINION]},
                                 D(2026, 9, 15)), "opinion_correction")
    assert (correction.nominal_due, correction.due, correction.status) == (D(2026, 10, 1), D(2026, 10, 8),
                                                                           "pending")
    assert correction.citation.article == "第三十三条"


@pytest.mark.parametrize(("requested", "as_of", "status"), [
    # 5 working days from 2026-09-01 (Tue): 09-02, 03, 04, 07, 08 → due Tue 2026-09-08.
    ("2026-09-08", D(2026, 9, 20), "met"),
    ("2026-09-09", D(2026, 9, 20), "late"),   # exercised out of time
    (None, D(2026, 9, 8), "pending"),        # the window is still open on its last day
    (None, D(2026, 9, 9), "lapsed"),         # never exercised, window passed
])
def test_the_review_request_is_a_right_late_or_lapsed_but_never_a_liability(requested: str | None, as_of: Any,
                                                                            status: str) -> None:
    events = [OPINION] + ([event("review_requested", requested)] if requested else [])
    report = run(WEIHAI, {"act": {"defects": ["insufficient_evidence"]}, "events": events}, as_of)
    review = deadline_of(report, "opinion_review_request")
    assert (review.due, review.status) == (D(2026, 9, 8), status)
    assert "opinion_review_request" not in {rule for rule, _ in liabilities(report)}


@pytest.mark.parametrize(("replied", "status"), [("2026-09-22", "met"), ("2026-09-30", "late")])
def test_the_review_reply_counts_the_make_up_sunday(replied: str, status: str) -> None:
    # 10 working days from 2026-09-09 (Wed): 09-10, 11, 14, 15, 16, 17, 18 (7), Sun 09-20 make-up (8),
    # 09-21 (9), 09-22 (10) → due Tue 2026-09-22.
    report = run(WEIHAI, {"act": {"defects": ["insufficient_evidence"]},
                          "events": [OPINION, event("review_requested", "2026-09-09"),
                                     event("review_replied", replied)]}, D(2026, 10, 1))
    reply = deadline_of(report, "opinion_review_reply")
    assert (reply.trigger, reply.due, reply.status) == (D(2026, 9, 9), D(2026, 9, 22), status)
    # The reply is the supervision body's duty: no item of 第四十四条.
    assert "opinion_review_reply" not in {rule for rule, _ in liabilities(report)}


@pytest.mark.parametrize(("reported", "as_of", "status"), [
    ("2026-04-07", D(2026, 4, 20), "met"),
    ("2026-04-08", D(2026, 4, 20), "late"),
    (None, D(2026, 4, 7), "pending"),
    (None, D(2026, 4, 8), "overdue"),
])
def test_decision_execution_report_rolls_past_qingming(reported: str | None, as_of: Any, status: str) -> None:
    # 2026-03-05 + 30 days = 2026-04-04 (Sat, 清明 R 04-04..06) → Tue 2026-04-07.
    events = [event("decision_received", "2026-03-05", outcome="revoke")]
    events += [event("execution_reported", reported)] if reported else []
    report = run(WEIHAI, {"events": events}, as_of)
    execution = deadline_of(report, "decision_execution_report")
    assert (execution.nominal_due, execution.due, execution.status) == (D(2026, 4, 4), D(2026, 4, 7), status)
    expected = [("decision_execution_report", "第四十四条第（八）项")] if status in {"late", "overdue"} else []
    assert liabilities(report) == expected


def test_supervision_archiving_rolls_past_labour_day_and_gives_no_liability() -> None:
    # 2026-04-01 + 30 days = 2026-05-01 (劳动节 R 05-01..05) → Wed 2026-05-06; archived 05-07: late.
    report = run(WEIHAI, {"events": [event("case_closed", "2026-04-01"), event("archived", "2026-05-07")]},
                 D(2026, 5, 20))
    archiving = deadline_of(report, "supervision_archiving")
    assert (archiving.nominal_due, archiving.due, archiving.status) == (D(2026, 5, 1), D(2026, 5, 6), "late")
    assert liabilities(report) == []


def test_each_document_starts_its_own_period_and_each_correction_meets_one() -> None:
    # Opinion 1 on 2026-03-02 → +30 = 2026-04-01 (Wed) due; corrected 03-20: met.
    # Opinion 2 on 2026-06-01 → +30 = 2026-07-01 (Wed) due; no second correction by 07-02: overdue.
    report = run(WEIHAI, {"act": {"defects": ["clearly_improper"]},
                          "events": [document("2026-03-02", "opinion"), event("corrected", "2026-03-20"),
                                     document("2026-06-01", "opinion")]}, D(2026, 7, 2))
    first, second = deadlines_of(report, "opinion_correction")
    assert (first.due, first.status) == (D(2026, 4, 1), "met")
    assert (second.due, second.status) == (D(2026, 7, 1), "overdue")
    # The latest document decides where the matter stands.
    assert disposition(report).outcome == "government_decides"


# -- obligations (the agency's own duties) ----------------------------------------------------------

@pytest.mark.parametrize(("obligation", "due", "status", "item"), [
    # 7 working days from Mon 2026-09-28: 09-29, 09-30, (10-01..07 R), 10-08, 10-09, Sat 10-10 make-up,
    # 10-12, 10-13 → due Tue 2026-10-13.
    ({"rule": "decision_disclosure", "trigger": "2026-09-28", "done_on": "2026-10-13"}, D(2026, 10, 13), "met",
     None),
    ({"rule": "decision_disclosure", "trigger": "2026-09-28", "done_on": "2026-10-14"}, D(2026, 10, 13), "late",
     "第四十四条第（五）项"),
    # 2 working days from Fri 2026-10-09: Sat 10-10 make-up, Mon 10-12 → due 2026-10-12.
    ({"rule": "av_record_storage", "trigger": "2026-10-09"}, D(2026, 10, 12), "overdue", "第四十四条第（五）项"),
    # C5: 2026-01-31 is a Saturday → Mon 2026-02-02.
    ({"rule": "annual_plan_filing", "year": 2026, "done_on": "2026-02-02"}, D(2026, 2, 2), "met", None),
    ({"rule": "annual_plan_filing", "year": 2026, "done_on": "2026-02-03"}, D(2026, 2, 2), "late",
     "第四十四条第（一）项"),
    # 2026-01-20 is an ordinary Tuesday.
    ({"rule": "annual_report", "year": 2026}, D(2026, 1, 20), "overdue", "第四十四条第（七）项"),
    # 2026-01-05 + 20 days = 2026-01-25 (Sun) → Mon 2026-01-26.
    ({"rule": "discretion_benchmark_publication", "trigger": "2026-01-05", "done_on": "2026-03-01"},
     D(2026, 1, 26), "late", "第四十四条第（三）项"),
    # 2026-09-28 + 20 days = 2026-10-18 (Sun) → Mon 2026-10-19; 第四十四条 has no item for 第九条.
    ({"rule": "subject_change_confirmation", "trigger": "2026-09-28"}, D(2026, 10, 19), "overdue", None),
])
def test_obligations_are_evaluated_like_event_deadlines_with_their_liability(
        obligation: dict[str, Any], due: Any, status: str, item: str | None) -> None:
    report = run(WEIHAI, {"obligations": [obligation]}, D(2026, 10, 20))
    found = deadline_of(report, obligation["rule"])
    assert (found.due, found.status) == (due, status)
    assert found.trigger == (obligation["year"] if "year" in obligation else D.fromisoformat(obligation["trigger"]))
    assert liabilities(report) == ([(obligation["rule"], item)] if item else [])


def test_a_liability_quotes_its_item_and_the_sanction_ladder() -> None:
    report = run(WEIHAI, {"obligations": [{"rule": "annual_report", "year": 2026}]}, D(2026, 3, 1))
    (liability,) = report.liabilities
    assert (liability.citation.article, liability.citation.item) == ("第四十四条", "第（七）项")
    assert liability.citation.text == "（七）未报告年度行政执法情况的；"
    assert liability.sanction.startswith("由行政执法监督机构责令限期改正")


def test_obligation_triggers_are_reported_as_given() -> None:
    report = run(WEIHAI, {"obligations": [{"rule": "annual_report", "year": 2026},
                                          {"rule": "decision_disclosure", "trigger": "2026-09-28"}]},
                 D(2026, 3, 1))
    assert [d.trigger for d in report.deadlines] == [2026, D(2026, 9, 28)]


# -- disposition (第三十一、三十三、四十、四十二条) ------------------------------------------------

DEFECTIVE = {"defects": ["insufficient_evidence", "wrong_law_applied"]}


def test_an_act_without_defects_ends_the_supervision() -> None:
    found = disposition(run(WEIHAI, {"events": [OPINION]}, D(2026, 10, 20)))
    assert (found.outcome, found.if_uncorrected, found.document) == ("terminate", "terminate", None)


def test_a_defective_act_first_needs_an_opinion_and_then_the_government_decides() -> None:
    found = disposition(run(WEIHAI, {"act": DEFECTIVE}, D(2026, 9, 1)))
    assert (found.document, found.outcome) == ("opinion", "issue_corrective_document")
    assert found.if_uncorrected == "government_decides"
    # "由本级人民政府根据行政执法行为的性质、程度等情况，分别作出" — the engine lists, never chooses.
    assert found.candidates == FIVE_CANDIDATES
    assert [ground.code for ground in found.grounds] == ["insufficient_evidence", "wrong_law_applied"]
    assert [c.article for c in found.citations] == ["第四十条", "第四十二条"]


def test_a_notice_is_not_the_opinion_weihai_prescribes() -> None:
    # Only the 意见书 starts the 30-day correction period of 第三十三条.
    report = run(WEIHAI, {"act": DEFECTIVE, "events": [document("2026-09-01", "notice")]}, D(2026, 10, 20))
    assert deadlines_of(report, "opinion_correction") == []
    assert disposition(report).outcome == "issue_corrective_document"


@pytest.mark.parametrize(("corrected", "as_of", "outcome", "liable"), [
    (None, D(2026, 10, 8), "awaiting_correction", False),  # due 2026-10-08 (rolled past 国庆)
    ("2026-10-08", D(2026, 10, 20), "corrected", False),
    ("2026-10-09", D(2026, 10, 20), "corrected_late", True),
    (None, D(2026, 10, 9), "government_decides", True),
])
def test_where_the_matter_stands_on_as_of(corrected: str | None, as_of: Any, outcome: str, liable: bool) -> None:
    events = [OPINION] + ([event("corrected", corrected)] if corrected else [])
    report = run(WEIHAI, {"act": DEFECTIVE, "events": events}, as_of)
    assert disposition(report).outcome == outcome
    assert liabilities(report) == ([("opinion_correction", "第四十四条第（八）项")] if liable else [])
    assert disposition_grounds(report) == ["insufficient_evidence", "wrong_law_applied"]


# -- procedure ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("investigations", "status"), [
    ([], "not_applicable"),
    ([{"supervisors": 2}], "complied"),
    ([{"supervisors": 1}], "violated"),
    ([{}], "undetermined"),
    ([{"supervisors": 3}, {"supervisors": 1}], "violated"),
    ([{"supervisors": 3}, {}], "undetermined"),
])
def test_investigations_need_at_least_two_supervisors(investigations: list[dict[str, Any]], status: str) -> None:
    events = [event("investigation", "2026-03-03", **fields) for fields in investigations]
    report = run(WEIHAI, {"events": events}, D(2026, 3, 10))
    assert procedure_status(report, "min_two_supervisors") == status


@pytest.mark.parametrize(("at", "emergency", "status"), [
    ("2026-10-09T21:59:00", False, "complied"),   # Friday, a working day, before 22:00
    ("2026-10-09T22:00:00", False, "violated"),   # night begins at 22:00
    ("2026-10-09T05:59:00", False, "violated"),   # still night
    ("2026-10-09T06:00:00", False, "complied"),   # night ends at 06:00
    ("2026-10-05T10:00:00", False, "violated"),   # Monday of 国庆: a statutory rest day
    ("2026-10-11T10:00:00", False, "violated"),   # an ordinary Sunday: a rest day
    ("2026-10-10T10:00:00", False, "complied"),   # Saturday, but a make-up working day: not a rest day
    ("2026-10-05T23:00:00", True, "complied"),    # "除紧急情况外": an emergency exempts night and holiday
])
def test_no_coercive_execution_at_night_or_on_a_rest_day_unless_an_emergency(at: str, emergency: bool,
                                                                              status: str) -> None:
    report = run(WEIHAI, {"events": [{"type": "coercive_execution", "at": at, "emergency": emergency}]},
                 D(2026, 10, 20))
    assert procedure_status(report, "no_night_or_holiday_execution") == status
    check = next(c for c in report.procedure if c.rule == "no_night_or_holiday_execution")
    assert check.citation.instrument == "关于改进和加强行政执法工作的意见"


# -- validity, as_of ------------------------------------------------------------------------------

def test_the_2020_measures_apply_to_matters_arising_from_1_january_2021() -> None:
    report = run(WEIHAI, {"act": DEFECTIVE, "complaint": complaint("2021-01-01")}, D(2021, 2, 1))
    assert report.status == "ok"
    assert (verdict(report), disposition(report).outcome) == ("admit", "issue_corrective_document")
    # Rules come layer by layer, lowest first: the 2016 opinion's (profiles/layers/weihai-2016.yaml), then the city's.
    assert [check.rule for check in report.procedure] == ["no_night_or_holiday_execution", "min_two_supervisors"]


def test_before_2021_only_the_2016_opinion_applies() -> None:
    # 2020-12-31: the 2020 measures (in force 2021-01-01) do not govern what happened that day — no admission,
    # no 第三十七条 for the investigation — but the 2016 opinion (in force since 2016-04-16) does. Each rule on its
    # own date (SPEC §4 Validity): the disposition, with no opinion received, is judged on as_of (2021-02-01,
    # in force): an opinion is to be issued.
    report = run(WEIHAI, {"act": DEFECTIVE, "complaint": complaint("2020-12-31"),
                          "events": [event("investigation", "2020-12-31", supervisors=1)]}, D(2021, 2, 1))
    assert report.status == "ok"
    assert (report.admission, report.liabilities) == (None, [])
    assert disposition(report).outcome == "issue_corrective_document"
    assert [(check.rule, check.status) for check in report.procedure] == [
        ("no_night_or_holiday_execution", "not_applicable"), ("min_two_supervisors", "not_in_force")]
    assert any("威海市行政执法监督办法" in s and "not_in_force" in s for s in report.explanation)


def test_a_duty_breached_under_the_2020_measures_gives_its_liability_whenever_the_matter_arose() -> None:
    report = run(WEIHAI, {"complaint": complaint("2020-12-31"), "obligations": [{"rule": "annual_report",
                                                                                 "year": 2021}]}, D(2021, 3, 1))
    # 2021-01-20 is a Wednesday: due that day; not reported by 2021-03-01.
    assert (deadline_of(report, "annual_report").due, deadline_of(report, "annual_report").status) == (
        D(2021, 1, 20), "overdue")
    assert liabilities(report) == [("annual_report", "第四十四条第（七）项")]


def test_before_the_2016_opinion_nothing_applies() -> None:
    report = run(WEIHAI, {"complaint": complaint("2016-04-15")}, D(2016, 5, 1))
    assert report.status == "not_in_force"
    assert (report.admission, report.disposition, report.deadlines, report.procedure) == (None, None, [], [])


def test_the_2016_opinion_governs_a_night_execution_before_the_2020_measures_took_effect() -> None:
    # SPEC §4 Validity is per instrument: Tuesday 2020-06-02 at 23:00 is night under the 2016 opinion.
    report = run(WEIHAI, {"events": [{"type": "coercive_execution", "at": "2020-06-02T23:00:00"}]},
                 D(2020, 7, 1))
    assert procedure_status(report, "no_night_or_holiday_execution") == "violated"


def test_events_after_as_of_are_ignored_with_a_warning() -> None:
    # Corrected on 2026-10-21, after as_of 2026-10-20: not seen, so the opinion is overdue (due 10-08).
    report = run(WEIHAI, {"act": DEFECTIVE, "events": [OPINION, event("corrected", "2026-10-21"),
                                                       event("archived", "2026-11-30")]}, D(2026, 10, 20))
    assert warning_codes(report) == ["events_after_as_of"]
    assert "2个事件" in report.warnings[0].message
    assert deadline_of(report, "opinion_correction").status == "overdue"
    assert disposition(report).outcome == "government_decides"


def test_an_event_on_as_of_itself_is_seen() -> None:
    report = run(WEIHAI, {"act": DEFECTIVE, "events": [OPINION, event("corrected", "2026-10-08")]}, D(2026, 10, 8))
    assert warning_codes(report) == []
    assert disposition(report).outcome == "corrected"


def test_an_extension_approved_after_as_of_is_not_yet_counted() -> None:
    # Without the (future) extension the due date is 2026-10-08, passed on as_of 2026-10-09.
    report = run(WEIHAI, {"events": [FILED, event("extension_approved", "2026-10-10", months=1)]}, D(2026, 10, 9))
    assert (deadline_of(report, "case_handling").due, deadline_of(report, "case_handling").status) == (
        D(2026, 10, 8), "overdue")
    assert warning_codes(report) == ["events_after_as_of"]


# -- the edge of the calendar (C10) ---------------------------------------------------------------

def test_a_deadline_in_the_last_week_of_the_last_loaded_year_is_provisional() -> None:
    # Opinion received Sat 2026-11-28: + 30 days = Mon 2026-12-28, a working day under the 2026 schedule,
    # but inside December 25–31 while 2027 is not loaded. The review window (5 working days: 11-30,
    # 12-01, 02, 03, 04 → 2026-12-04) stays clear of that week.
    report = run(WEIHAI, {"act": DEFECTIVE, "events": [document("2026-11-28", "opinion")]}, D(2026, 12, 1))
    correction = deadline_of(report, "opinion_correction")
    assert (correction.due, correction.provisional) == (D(2026, 12, 28), True)
    review = deadline_of(report, "opinion_review_request")
    assert (review.due, review.provisional) == (D(2026, 12, 4), False)
    assert "provisional_calendar" in warning_codes(report)


def test_a_deadline_ending_in_an_unloaded_year_raises_calendar_coverage_unless_weekends_are_chosen() -> None:
    # 2026-12-10 + 2 months = 2027-02-10: 2027 is not loaded.
    case = case_from_data({"events": [event("case_filed", "2026-12-10")]})
    with pytest.raises(CalendarCoverageError) as caught:
        evaluate(WEIHAI, case, as_of=D(2026, 12, 20))
    assert caught.value.year == 2027
    # Under the weekends policy 2027-02-10 (a Wednesday) is taken as a working day, provisionally.
    report = evaluate(WEIHAI, case, as_of=D(2026, 12, 20), calendar=national_calendar().with_policy("weekends"))
    handling = deadline_of(report, "case_handling")
    assert (handling.due, handling.provisional) == (D(2027, 2, 10), True)


def test_an_obligation_done_after_as_of_is_not_yet_done() -> None:
    # decision_disclosure 2026-09-30 + 7 working days = 2026-10-15 (10-01..07 rest, 10-10 Saturday worked).
    # As of 2026-10-12 the disclosure made on 2026-10-14 has not happened yet: pending, not met.
    data = {"obligations": [{"rule": "decision_disclosure", "trigger": "2026-09-30", "done_on": "2026-10-14"}]}
    found = deadline_of(run("weihai", data, D(2026, 10, 12)), "decision_disclosure")
    assert (found.due, found.done_on, found.status) == (D(2026, 10, 15), None, "pending")
    later = deadline_of(run("weihai", data, D(2026, 10, 20)), "decision_disclosure")
    assert (later.done_on, later.status) == (D(2026, 10, 14), "met")
