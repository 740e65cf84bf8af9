"""许昌: whole cases under 《许昌市行政执法监督办法（征求意见稿）》 (2024 draft, no effective date).

Dates are counted by hand from holiday-cn; 2025: 劳动节 rest days 05-01..05-05 (make-up Sunday 04-27),
国庆/中秋 rest days 10-01..10-08.
"""

from __future__ import annotations

from typing import Any

import pytest

from enforcement_rules import load_profile

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

XUCHANG = load_profile("xuchang")
ITEM_10 = ("supervision_letter_response", "第二十一条第（十）项")
FIVE_CANDIDATES = ["order_performance", "order_correction", "revoke", "confirm_illegal", "confirm_void"]
LETTER = document("2025-04-25", "supervision_letter", deadline="2025-05-01")


# -- a draft: evaluated, always warned --------------------------------------------------------------

@pytest.mark.parametrize("received_on", ["2015-03-02", "2024-06-03", "2026-06-01"])
def test_every_report_under_the_draft_carries_draft_instrument(received_on: str) -> None:
    # "本办法自2024年X月X日起施行": no date, so no day is outside its validity; every result is warned.
    report = run(XUCHANG, {"complaint": {"received_on": received_on}}, D(2026, 6, 1))
    assert report.status == "ok"
    assert warning_codes(report) == ["draft_instrument"]
    assert "征求意见稿" in report.warnings[0].message


def test_a_draft_report_with_other_warnings_still_leads_with_draft_instrument() -> None:
    report = run(XUCHANG, {"events": [document("2025-04-25", "opinion"), event("corrected", "2026-07-01")]},
                 D(2026, 6, 1))
    assert warning_codes(report)[0] == "draft_instrument"
    assert {"deadline_not_set", "events_after_as_of"} <= set(warning_codes(report))
    assert warning_codes(report).count("draft_instrument") == 1


def test_xuchang_has_no_admission_articles_and_admits_every_matter() -> None:
    report = run(XUCHANG, {"act": {"decided_on": "2010-01-01", "remedies": {"petition": "pending"}},
                           "complaint": {"received_on": "2025-03-03", "states_facts_and_reasons": False,
                                         "in_supervision_scope": False},
                           "bars": ["already_handled"]}, D(2025, 6, 1))
    assert (verdict(report), ground_codes(report)) == ("admit", [])


# -- supervision_letter_response: "在要求的期限内" (第十九条) ----------------------------------------------

@pytest.mark.parametrize(("corrected", "as_of", "status", "outcome"), [
    # SPEC §4c: the letter's own date 2025-05-01 (劳动节, a rest day) is the due date, inclusive, never rolled.
    (None, D(2025, 5, 1), "pending", "awaiting_correction"),
    ("2025-05-01", D(2025, 6, 1), "met", "corrected"),
    ("2025-05-06", D(2025, 6, 1), "late", "corrected_late"),
    (None, D(2025, 5, 2), "overdue", "government_decides"),
])
def test_the_letter_deadline_is_the_date_the_letter_names_never_rolled(
        corrected: str | None, as_of: Any, status: str, outcome: str) -> None:
    events = [LETTER] + ([event("corrected", corrected)] if corrected else [])
    report = run(XUCHANG, {"act": {"defects": ["abuse_of_power"]}, "events": events}, as_of)
    response = deadline_of(report, "supervision_letter_response")
    assert (response.nominal_due, response.due, response.status) == (D(2025, 5, 1), D(2025, 5, 1), status)
    assert response.citation.article == "第十九条"
    assert disposition(report).outcome == outcome
    # 第二十一条第（十）项 "不执行或者不报告" (SPEC §4b): overdue only.
    assert liabilities(report) == ([ITEM_10] if status == "overdue" else [])


def test_an_opinion_also_starts_the_response_period_but_a_notice_does_not() -> None:
    # 2025-03-31 is a Monday: no roll.
    report = run(XUCHANG, {"act": {"defects": ["abuse_of_power"]},
                           "events": [document("2025-03-03", "opinion", deadline="2025-03-31"),
                                      document("2025-03-03", "notice", deadline="2025-03-10")]}, D(2025, 4, 1))
    (response,) = deadlines_of(report, "supervision_letter_response")
    assert (response.due, response.status) == (D(2025, 3, 31), "overdue")


def test_a_letter_without_a_deadline_is_set_by_document() -> None:
    report = run(XUCHANG, {"act": {"defects": ["abuse_of_power"]},
                           "events": [document("2025-04-25", "supervision_letter")]}, D(2026, 6, 1))
    assert deadline_of(report, "supervision_letter_response").status == "set_by_document"
    assert "deadline_not_set" in warning_codes(report)
    assert (disposition(report).outcome, liabilities(report)) == ("awaiting_correction", [])


# -- disposition: 第二十条 and its proviso ------------------------------------------------------------

@pytest.mark.parametrize(("remedies", "ground"), [
    ({"reconsideration": "pending"}, "reconsideration:pending"),
    ({"reconsideration": "concluded"}, "reconsideration:concluded"),
    ({"litigation": "pending"}, "litigation:pending"),
    ({"litigation": "concluded"}, "litigation:concluded"),
])
def test_the_government_decides_nothing_once_the_party_has_applied_for_reconsideration_or_sued(
        remedies: dict[str, str], ground: str) -> None:
    # 第二十条: "但当事人已对该具体行政执法行为申请行政复议或者提起行政诉讼的除外" — pending or concluded.
    report = run(XUCHANG, {"act": {"defects": ["abuse_of_power"], "remedies": remedies}, "events": [LETTER]},
                 D(2025, 6, 1))
    found = disposition(report)
    assert (found.if_uncorrected, found.outcome, found.candidates) == ("excluded", "excluded", [])
    assert disposition_grounds(report) == [ground]
    assert found.grounds[0].citation.text.startswith("但当事人已")
    # The letter itself still had to be answered: 第二十一条第（十）项 applies regardless.
    assert liabilities(report) == [ITEM_10]


@pytest.mark.parametrize("remedies", [{}, {"petition": "pending"}, {"petition": "concluded"}])
def test_otherwise_the_government_decides_among_five_candidates(remedies: dict[str, str]) -> None:
    # 信访 is not 复议 or 诉讼: the proviso does not apply.
    report = run(XUCHANG, {"act": {"defects": ["abuse_of_power", "wrong_law_applied"], "remedies": remedies}},
                 D(2025, 6, 1))
    found = disposition(report)
    assert (found.document, found.outcome) == ("supervision_letter_or_opinion", "issue_corrective_document")
    assert (found.if_uncorrected, found.candidates) == ("government_decides", FIVE_CANDIDATES)
    assert disposition_grounds(report) == ["abuse_of_power", "wrong_law_applied"]


def test_an_act_without_defects_ends_the_supervision_even_if_litigated() -> None:
    report = run(XUCHANG, {"act": {"remedies": {"litigation": "pending"}}}, D(2025, 6, 1))
    assert disposition(report).outcome == "terminate"


# -- obligations ------------------------------------------------------------------------------------

def test_the_annual_report_and_plan_has_no_determinable_deadline_and_no_liability() -> None:
    # 第十二条第二款 "按规定的时限": no period in the text, none guessed.
    report = run(XUCHANG, {"obligations": [{"rule": "annual_report_and_plan", "year": 2025}]}, D(2026, 6, 1))
    found = deadline_of(report, "annual_report_and_plan")
    assert (found.trigger, found.status, found.due, found.nominal_due) == (2025, "undeterminable", None, None)
    assert liabilities(report) == []


def test_the_reapplication_bar_neither_rolls_nor_consults_the_calendar() -> None:
    # C9: 2025-10-01 (国庆 R) + 2 years = 2027-10-01, and the bar ends there (2027 is not in the calendar: a bar
    # never consults it).
    report = run(XUCHANG, {"obligations": [{"rule": "qualification_reapplication_bar", "trigger": "2025-10-01"}]},
                 D(2026, 6, 1))
    bar = deadline_of(report, "qualification_reapplication_bar")
    assert (bar.nominal_due, bar.due, bar.status) == (D(2027, 10, 1), D(2027, 10, 1), "pending")
    assert bar.citation.paragraph == "第二款"


@pytest.mark.parametrize(("done_on", "as_of", "status"), [
    ("2026-05-06", D(2026, 6, 1), "violated"),   # re-applied inside the two years
    ("2027-10-01", D(2027, 11, 1), "violated"),  # the last day of the bar is still inside it
    ("2027-10-02", D(2027, 11, 1), "met"),       # the bar is over: re-applying is allowed
    (None, D(2027, 10, 1), "pending"),           # the bar still runs
    (None, D(2027, 10, 2), "lapsed"),            # the bar has run out; nothing was forbidden
])
def test_reapplying_inside_the_bar_is_a_violation_not_a_duty_met(done_on: str | None, as_of: Any,
                                                                  status: str) -> None:
    obligation = {"rule": "qualification_reapplication_bar", "trigger": "2025-10-01"}
    report = run(XUCHANG, {"obligations": [{**obligation, **({"done_on": done_on} if done_on else {})}]}, as_of)
    bar = deadline_of(report, "qualification_reapplication_bar")
    assert (bar.due, bar.status) == (D(2027, 10, 1), status)
    # 第二十一条 maps no item to the bar: no liability either way.
    assert liabilities(report) == []


# -- procedure: 第十六条 回避 ---------------------------------------------------------------------------

@pytest.mark.parametrize(("fields", "status"), [
    ({}, "complied"),                                         # no supervisor had a conflict
    ({"conflicted_supervisor_recused": True}, "complied"),
    ({"conflicted_supervisor_recused": False}, "violated"),
    ({"supervisors": 1}, "complied"),                         # the draft has no two-supervisor rule
])
def test_a_conflicted_supervisor_must_recuse(fields: dict[str, Any], status: str) -> None:
    report = run(XUCHANG, {"events": [event("investigation", "2025-03-03", **fields)]}, D(2025, 6, 1))
    assert procedure_status(report, "recusal") == status
    assert [check.rule for check in report.procedure] == ["recusal"]
