"""The evaluation report of SPEC §6: what an evaluator returns and the CLI prints."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ._results import CitedArticle, ReportWarning, _Out
from ._vocabulary import AdmissionVerdict, Disposition, ProfileDocument

DeadlineState = Literal["met", "late", "overdue", "pending", "lapsed", "violated", "undeterminable",
                        "set_by_document", "not_in_force"]
Outcome = Literal["terminate", "issue_corrective_document", "awaiting_correction", "corrected",
                  "corrected_late"] | Disposition
ProcedureState = Literal["complied", "violated", "not_applicable", "undetermined"]


class Ground(_Out):
    code: str
    citation: CitedArticle


class Admission(_Out):
    verdict: AdmissionVerdict
    grounds: list[Ground]


class DeadlineStatus(_Out):
    """One deadline of the case (from its events or its obligations) as of ``as_of``."""

    rule: str
    trigger: dt.date | int
    nominal_due: dt.date | None
    due: dt.date | None
    done_on: dt.date | None
    status: DeadlineState
    provisional: bool
    citation: CitedArticle


class DispositionReport(_Out):
    document: ProfileDocument | None
    outcome: Outcome
    if_uncorrected: Disposition
    candidates: list[Disposition]
    grounds: list[Ground]
    citations: list[CitedArticle]


class ProcedureCheck(_Out):
    rule: str
    status: ProcedureState
    citation: CitedArticle


class Liability(_Out):
    rule: str
    item: str
    sanction: str
    citation: CitedArticle


class Report(_Out):
    """Everything the ordinance says about one case on one day."""

    profile: str
    as_of: dt.date
    status: Literal["ok", "not_in_force"]
    warnings: list[ReportWarning]
    admission: Admission | None
    deadlines: list[DeadlineStatus]
    disposition: DispositionReport | None
    procedure: list[ProcedureCheck]
    liabilities: list[Liability]
    explanation: list[str]
