"""A downstream consumer of the public API, checked by ``mypy --strict`` (CI and tests/test_public_api.py).

It imports only from ``enforcement_rules`` and pins the type of every report field with ``assert_type``: a
change to the public types fails the type check before it reaches a user.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import assert_type

from enforcement_rules import (
    Admission,
    AdmissionVerdict,
    Case,
    CaseFiled,
    CitedArticle,
    Deadline,
    DeadlineState,
    DeadlineStatus,
    Disposition,
    DispositionReport,
    DueDateStatus,
    Finding,
    Ground,
    Liability,
    Outcome,
    ProcedureCheck,
    ProcedureState,
    Profile,
    Report,
    ReportStatus,
    ReportWarning,
    RequirementCheck,
    RequirementState,
    WarningCode,
    due_date,
    evaluate,
    load_profile,
    parse_case,
    render_report,
)


def read(report: Report) -> None:
    assert_type(report.profile, str)
    assert_type(report.as_of, dt.date)
    assert_type(report.status, ReportStatus)
    assert_type(report.warnings, list[ReportWarning])
    assert_type(report.admission, Admission | None)
    assert_type(report.deadlines, list[DeadlineStatus])
    assert_type(report.disposition, DispositionReport | None)
    assert_type(report.procedure, list[ProcedureCheck])
    assert_type(report.liabilities, list[Liability])
    assert_type(report.explanation, list[str])
    for warning in report.warnings:
        assert_type(warning.code, WarningCode)
    if report.admission is not None:
        assert_type(report.admission.verdict, str)  # an AdmissionVerdict, or a verdict the profile declares
        core_verdict: AdmissionVerdict = "admit"
        assert_type(core_verdict, AdmissionVerdict)
        assert_type(report.admission.grounds, list[Ground])
    for deadline in report.deadlines:
        assert_type(deadline.status, DeadlineState)
        assert_type(deadline.due, dt.date | None)
        assert_type(deadline.trigger, dt.date | int)
        assert_type(deadline.provisional, bool)
        assert_type(deadline.citation, CitedArticle)
    if report.disposition is not None:
        assert_type(report.disposition.outcome, str)  # an Outcome, or an outcome the profile declares
        assert_type(report.disposition.if_uncorrected, str)
        assert_type(report.disposition.candidates, list[str])
        core: tuple[Outcome, Disposition] = ("terminate", "revoke")
        assert_type(core, tuple[Outcome, Disposition])
    assert_type(report.requirements, list[RequirementCheck])
    for requirement in report.requirements:
        assert_type(requirement.status, RequirementState)
        assert_type(requirement.layer, str | None)
    assert_type(report.trace, list[Finding])
    for check in report.procedure:
        assert_type(check.status, ProcedureState)
    for liability in report.liabilities:
        assert_type(liability.item, str)
        assert_type(liability.citation.paragraph, str | None)


def run(path: Path) -> str:
    profile = load_profile("weihai")
    assert_type(profile, Profile)
    case = parse_case(path)
    assert_type(case, Case)
    assert_type(parse_case({"events": [{"type": "case_filed", "on": "2026-05-12"}]}), Case)
    assert_type(parse_case(b"events: []"), Case)
    built = Case(events=[CaseFiled(on=dt.date(2026, 5, 12))])
    report = evaluate(profile, built, as_of=dt.date(2026, 11, 22))
    assert_type(report, Report)
    read(evaluate("weihai", case, as_of=dt.date(2026, 11, 22)))
    due = due_date(profile, "case_handling", dt.date(2026, 5, 12))
    assert_type(due, Deadline)
    assert_type(due.status, DueDateStatus)
    return render_report(report, "html")
