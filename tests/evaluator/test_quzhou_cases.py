"""衢州: whole cases under 《衢州市行政执法协调监督暂行办法》 (衢政办发〔2022〕16号, in force from 2022-07-14).

Dates are counted by hand from holiday-cn; 2025: 国庆/中秋 rest days 10-01..10-08, make-up working day
Saturday 10-11.
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

QUZHOU = load_profile("quzhou")
ARTICLE_17_GROUNDS = ["no_subject_qualification", "main_facts_unclear", "insufficient_evidence", "no_legal_basis",
                      "procedure_violation_serious_obvious"]
NO_DECISION_GROUND = ["missing_valid_seal", "wrong_law_applied", "procedure_violation", "ultra_vires",
                      "abuse_of_power", "clearly_improper", "failure_to_perform"]


@pytest.mark.parametrize(("received_on", "verdict"), [("2022-07-13", None), ("2022-07-14", "admit")])
def test_the_measures_apply_from_the_day_they_were_issued(received_on: str, verdict: str | None) -> None:
    # 第三十一条: "自印发之日起施行" — issued 2022-07-14; no end date. Admission is judged on the day the complaint
    # was received (SPEC §4 Validity). With no defect and no document there is nothing to dispose of, so the
    # report is not_in_force when the complaint predates the measures.
    report = run(QUZHOU, {"complaint": {"received_on": received_on}}, D(2022, 8, 1))
    assert (report.admission.verdict if report.admission else None) == verdict
    assert report.status == ("ok" if verdict else "not_in_force")
    # SPEC §4 Validity: the report is not_in_force only when no rule applies to anything in the case. Since
    # 第十四条第二款 is an admission rule (special_supervision_route), a complaint received on 2022-07-14 is judged
    # by it, in force that day, whatever as_of says; one received on 2022-07-13 has nothing in force.
    early = run(QUZHOU, {"complaint": {"received_on": received_on}}, D(2022, 7, 13))
    assert early.status == ("not_in_force" if verdict is None else "ok")


def test_quzhou_has_no_admission_articles_and_admits_every_matter() -> None:
    report = run(QUZHOU, {"act": {"decided_on": "2015-01-01", "remedies": {"litigation": "pending"}},
                          "complaint": {"received_on": "2025-05-06", "identifies_target": False,
                                        "in_supervision_scope": False, "targets_specific_act": False},
                          "bars": ["outside_scope", "already_handled", "other_statutory_bar"]}, D(2025, 6, 1))
    assert verdict(report) == "admit"
    assert ground_codes(report) == []


# -- notice_correction: "通知其限期纠正" (第十六条) ------------------------------------------------------

NOTICE = document("2025-09-10", "notice", deadline="2025-10-01")


@pytest.mark.parametrize(("corrected", "as_of", "status", "outcome"), [
    # SPEC §4c: the notice's own date 2025-10-01 (国庆, a rest day) is the due date, inclusive, never rolled.
    (None, D(2025, 10, 1), "pending", "awaiting_correction"),
    ("2025-10-01", D(2025, 10, 20), "met", "corrected"),
    ("2025-10-09", D(2025, 10, 20), "late", "corrected_late"),
    (None, D(2025, 10, 2), "overdue", "revoke_or_change"),
])
def test_the_notice_deadline_is_the_date_the_notice_names_never_rolled(
        corrected: str | None, as_of: Any, status: str, outcome: str) -> None:
    events = [NOTICE] + ([event("corrected", corrected)] if corrected else [])
    report = run(QUZHOU, {"act": {"defects": ["insufficient_evidence"]}, "events": events}, as_of)
    correction = deadline_of(report, "notice_correction")
    assert (correction.nominal_due, correction.due, correction.status) == (D(2025, 10, 1), D(2025, 10, 1), status)
    assert disposition(report).outcome == outcome
    # Quzhou's measures have no liability article: nothing follows even when overdue.
    assert liabilities(report) == []


def test_a_deadline_on_a_make_up_saturday_does_not_roll() -> None:
    # 2025-10-11 is a Saturday worked in exchange for the 国庆 holiday: a working day (C3).
    report = run(QUZHOU, {"act": {"defects": ["insufficient_evidence"]},
                          "events": [document("2025-09-10", "notice", deadline="2025-10-11")]}, D(2025, 10, 11))
    correction = deadline_of(report, "notice_correction")
    assert (correction.nominal_due, correction.due, correction.status) == (D(2025, 10, 11), D(2025, 10, 11),
                                                                           "pending")


def test_a_notice_without_a_deadline_is_set_by_document_and_warned() -> None:
    report = run(QUZHOU, {"act": {"defects": ["insufficient_evidence"]}, "events": [document("2025-09-10", "notice")]},
                 D(2026, 6, 1))
    correction = deadline_of(report, "notice_correction")
    assert (correction.status, correction.due) == ("set_by_document", None)
    assert "deadline_not_set" in warning_codes(report)
    assert disposition(report).outcome == "awaiting_correction"


def test_a_correction_under_a_notice_without_a_deadline_is_not_still_awaited() -> None:
    # Without a deadline it cannot be late; once corrected it is no longer awaited (SPEC §4 outcome).
    report = run(QUZHOU, {"act": {"defects": ["insufficient_evidence"]},
                          "events": [document("2025-09-20", "notice"), event("corrected", "2025-10-20")]},
                 D(2025, 11, 1))
    assert deadline_of(report, "notice_correction").done_on == D(2025, 10, 20)
    assert disposition(report).outcome == "corrected"


def test_an_opinion_is_not_the_notice_quzhou_prescribes() -> None:
    report = run(QUZHOU, {"act": {"defects": ["insufficient_evidence"]},
                          "events": [document("2025-09-10", "opinion", deadline="2025-09-30")]}, D(2025, 11, 1))
    assert deadlines_of(report, "notice_correction") == []
    assert disposition(report).outcome == "issue_corrective_document"


# -- disposition: 第十七条 or nothing -------------------------------------------------------------------

@pytest.mark.parametrize("defect", ARTICLE_17_GROUNDS)
def test_an_article_17_ground_leads_to_change_or_revocation_by_the_government(defect: str) -> None:
    report = run(QUZHOU, {"act": {"defects": [defect, "wrong_law_applied"]}}, D(2025, 6, 1))
    found = disposition(report)
    assert (found.document, found.outcome, found.if_uncorrected) == ("notice", "issue_corrective_document",
                                                                     "revoke_or_change")
    assert disposition_grounds(report) == [defect]
    assert found.grounds[0].citation.article == "第十七条"
    assert found.candidates == []


@pytest.mark.parametrize("defect", NO_DECISION_GROUND)
def test_other_defects_have_no_decision_ground_in_the_quzhou_measures(defect: str) -> None:
    report = run(QUZHOU, {"act": {"defects": [defect]}, "events": [NOTICE]}, D(2025, 11, 1))
    found = disposition(report)
    # The notice's deadline (2025-10-09) has passed uncorrected: what follows is "nothing prescribed".
    assert (found.outcome, found.if_uncorrected, found.grounds) == ("no_decision_ground", "no_decision_ground", [])
    assert [c.article for c in found.citations] == ["第十六条"]


def test_an_act_without_defects_ends_the_supervision() -> None:
    found = disposition(run(QUZHOU, {"events": [NOTICE]}, D(2025, 11, 1)))
    assert (found.outcome, found.document) == ("terminate", None)


# -- procedure: 第十三条 (two supervisors and their credentials) -----------------------------------------

@pytest.mark.parametrize(("fields", "status"), [
    ({"supervisors": 2, "credentials_shown": True}, "complied"),
    ({"supervisors": 2, "credentials_shown": False}, "violated"),
    ({"supervisors": 1, "credentials_shown": True}, "violated"),
    ({"supervisors": 1}, "violated"),
    ({"supervisors": 2}, "undetermined"),
    ({"credentials_shown": True}, "undetermined"),
])
def test_on_site_supervision_needs_two_supervisors_showing_credentials(fields: dict[str, Any], status: str) -> None:
    # SPEC §4c: 第十三条 applies to on-site supervision only ("实施现场行政执法监督的"): the event says on_site.
    report = run(QUZHOU, {"events": [event("investigation", "2025-05-06", on_site=True, **fields)]}, D(2025, 6, 1))
    assert procedure_status(report, "min_two_supervisors") == status
    assert report.procedure[0].citation.article == "第十三条"


@pytest.mark.parametrize(("on_site", "status"), [(False, "not_applicable"), (None, "undetermined")])
def test_article_13_applies_to_on_site_supervision_only(on_site: bool | None, status: str) -> None:
    # SPEC §4c: off-site supervision is outside 第十三条; an investigation that does not say whether it was on site
    # is not checked as on-site — undetermined, even with one supervisor and no credentials shown.
    fields: dict[str, Any] = {"supervisors": 1, "credentials_shown": False}
    if on_site is not None:
        fields["on_site"] = on_site
    report = run(QUZHOU, {"events": [event("investigation", "2025-05-06", **fields)]}, D(2025, 6, 1))
    assert procedure_status(report, "min_two_supervisors") == status
