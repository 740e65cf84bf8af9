"""Helpers for the evaluator's scenario tests: a case from plain data, evaluated, and read back in the
report's own terms (rule ids, ground codes, statuses)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from enforcement_rules import Profile, Report, evaluate, load_profile
from enforcement_rules._case import case_from_data
from enforcement_rules._report import DeadlineStatus, DispositionReport

D = dt.date


def run(profile: Profile | str, data: dict[str, Any], as_of: dt.date) -> Report:
    """Evaluate the case written as ``data`` (SPEC §5) under ``profile`` on ``as_of``."""
    return evaluate(load_profile(profile) if isinstance(profile, str) else profile, case_from_data(data),
                    as_of=as_of)


def deadlines_of(report: Report, rule: str) -> list[DeadlineStatus]:
    return [deadline for deadline in report.deadlines if deadline.rule == rule]


def deadline_of(report: Report, rule: str) -> DeadlineStatus:
    """The one deadline of ``rule`` in the report."""
    found = deadlines_of(report, rule)
    assert len(found) == 1, f"{len(found)} deadlines of {rule}: {report.deadlines}"
    return found[0]


def ground_codes(report: Report) -> list[str]:
    assert report.admission is not None, report.explanation
    return [ground.code for ground in report.admission.grounds]


def verdict(report: Report) -> str:
    assert report.admission is not None, report.explanation
    return report.admission.verdict


def disposition(report: Report) -> DispositionReport:
    assert report.disposition is not None, report.explanation
    return report.disposition


def disposition_grounds(report: Report) -> list[str]:
    return [ground.code for ground in disposition(report).grounds]


def warning_codes(report: Report) -> list[str]:
    return [warning.code for warning in report.warnings]


def procedure_status(report: Report, rule: str) -> str:
    (status,) = [check.status for check in report.procedure if check.rule == rule]
    return status


def liabilities(report: Report) -> list[tuple[str, str]]:
    """(rule, item) of every liability, e.g. ``("annual_report", "第四十四条第（七）项")``."""
    return [(liability.rule, liability.item) for liability in report.liabilities]


def document(on: str, kind: str, deadline: str | None = None) -> dict[str, Any]:
    """A ``corrective_document_received`` event, with the period the document sets if it sets one."""
    event: dict[str, Any] = {"type": "corrective_document_received", "on": on, "document": kind}
    if deadline is not None:
        event["deadline"] = deadline
    return event


def event(kind: str, on: str, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "on": on, **fields}
