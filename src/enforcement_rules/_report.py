"""The evaluation report of SPEC §6: what an evaluator returns and the CLI prints.

Codes a profile may extend (verdicts, grounds, outcomes, documents) are plain strings here: their meaning
is in the profile's vocabulary. The core codes are the Literal aliases below.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Literal

from pydantic import Field

from ._results import CitedArticle, ReportWarning, _Out

DeadlineState = Literal["met", "late", "overdue", "pending", "lapsed", "violated", "undeterminable",
                        "set_by_document", "not_in_force"]
AdmissionVerdict = Literal["admit", "reject", "incomplete", "refer_elsewhere", "record_as_clue"]
Disposition = Literal["confirm_void", "confirm_illegal", "revoke", "revoke_or_change", "order_performance",
                      "order_correction", "government_decides", "excluded", "no_decision_ground", "terminate"]
Outcome = Literal["terminate", "issue_corrective_document", "awaiting_correction", "corrected",
                  "corrected_late"] | Disposition
ProcedureState = Literal["complied", "violated", "not_applicable", "undetermined", "not_in_force"]
RequirementState = Literal["complied", "violated", "not_applicable", "undeterminable", "not_in_force"]


class Ground(_Out):
    code: str
    citation: CitedArticle


class Admission(_Out):
    verdict: str = Field(description="an AdmissionVerdict, or a verdict the profile declares")
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
    layer: str | None = None


class DispositionReport(_Out):
    document: str | None
    outcome: str = Field(description="an Outcome, or an outcome the profile declares")
    if_uncorrected: str
    candidates: list[str]
    grounds: list[Ground]
    citations: list[CitedArticle]
    layer: str | None = None


class ProcedureCheck(_Out):
    rule: str
    status: ProcedureState
    citation: CitedArticle
    layer: str | None = None


class RequirementCheck(_Out):
    """A requirement or prohibition (SPEC §4a) as it stands for the case."""

    rule: str
    status: RequirementState
    citation: CitedArticle
    layer: str | None = None


class Liability(_Out):
    rule: str
    item: str
    sanction: str
    citation: CitedArticle
    layer: str | None = None


# Not frozen: a frozen dataclass sets each field through object.__setattr__, three times the cost of building a
# plain one (0.69 against 0.20 µs), for several findings per case; a report's findings are read, never changed.
@dataclasses.dataclass(slots=True)
class Finding:
    """One structured step of an evaluation: what a rule found, from which facts and dates (the trace).

    A plain dataclass, not a model: the evaluator makes several per case, millions in a batch, from values it
    computed itself (nothing to validate); pydantic serializes it like a model."""

    rule: str | None
    code: str
    facts: dict[str, Any] = dataclasses.field(default_factory=dict)
    dates: dict[str, dt.date | None] = dataclasses.field(default_factory=dict)
    citation: CitedArticle | None = None
    layer: str | None = None


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
    requirements: list[RequirementCheck] = Field(default_factory=list)
    liabilities: list[Liability]
    explanation: list[str]
    trace: list[Finding] = Field(default_factory=list)
