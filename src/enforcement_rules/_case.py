"""The case input of SPEC §5 as strict models: an act, a complaint, events and obligations.

Dates are ISO ``YYYY-MM-DD`` (a YAML date or a JSON string, nothing else: no timestamps, no
datetimes for dates); booleans are ``true``/``false``. Unknown keys and vocabulary are errors.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError, model_validator

from ._documents import Document, IsoDate, LocalDateTime, parse_yaml, read_text
from ._errors import CaseError
from ._vocabulary import ActType, Bar, Context, Defect, Disposition, Exception_, RemedyState
from ._vocabulary import Document as DocumentKind


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Remedies(_Strict):
    reconsideration: RemedyState = "none"
    litigation: RemedyState = "none"
    petition: RemedyState = "none"


class Act(_Strict):
    """The supervised enforcement act."""

    type: ActType = "other"
    decided_on: IsoDate | None = None
    defects: list[Defect] = Field(default_factory=list)
    context: list[Context] = Field(default_factory=list)
    remedies: Remedies = Field(default_factory=Remedies)


class Complaint(_Strict):
    """A complaint or report (投诉举报) that started the matter."""

    received_on: IsoDate
    identifies_target: StrictBool = True
    states_facts_and_reasons: StrictBool = True
    in_supervision_scope: StrictBool = True
    targets_specific_act: StrictBool = True


class _Dated(_Strict):
    on: IsoDate


class CaseFiled(_Dated):
    type: Literal["case_filed"] = "case_filed"


class ExtensionApproved(_Dated):
    type: Literal["extension_approved"] = "extension_approved"
    months: StrictInt = Field(ge=1)


class Investigation(_Dated):
    type: Literal["investigation"] = "investigation"
    supervisors: StrictInt | None = Field(default=None, ge=0)
    credentials_shown: StrictBool | None = None
    conflicted_supervisor_recused: StrictBool | None = Field(
        default=None, description="absent: no supervisor had a conflict; false: one had and did not recuse")


class CorrectiveDocumentReceived(_Dated):
    type: Literal["corrective_document_received"] = "corrective_document_received"
    document: DocumentKind
    deadline: IsoDate | None = Field(default=None, description="the period the document sets, if it sets one")


class Corrected(_Dated):
    type: Literal["corrected"] = "corrected"


class ReviewRequested(_Dated):
    type: Literal["review_requested"] = "review_requested"


class ReviewReplied(_Dated):
    type: Literal["review_replied"] = "review_replied"


class DecisionReceived(_Dated):
    type: Literal["decision_received"] = "decision_received"
    outcome: Disposition | None = None


class ExecutionReported(_Dated):
    type: Literal["execution_reported"] = "execution_reported"


class CaseClosed(_Dated):
    type: Literal["case_closed"] = "case_closed"


class Archived(_Dated):
    type: Literal["archived"] = "archived"


class CoerciveExecution(_Strict):
    type: Literal["coercive_execution"] = "coercive_execution"
    at: LocalDateTime
    emergency: StrictBool = False

    @property
    def on(self) -> dt.date:
        return self.at.date()


Event = Annotated[
    CaseFiled | ExtensionApproved | Investigation | CorrectiveDocumentReceived | Corrected | ReviewRequested
    | ReviewReplied | DecisionReceived | ExecutionReported | CaseClosed | Archived | CoerciveExecution,
    Field(discriminator="type"),
]


class Obligation(_Strict):
    """An agency's own duty under a deadline rule: a trigger date (or a year) and when it was done."""

    rule: str
    trigger: IsoDate | None = None
    year: StrictInt | None = Field(default=None, ge=1950, le=2149)
    done_on: IsoDate | None = None

    @model_validator(mode="after")
    def _one_trigger(self) -> Obligation:
        if (self.trigger is None) == (self.year is None):
            raise ValueError("an obligation has exactly one of trigger (a date) or year (for annual rules)")
        return self


class Case(_Strict):
    """One supervision matter (SPEC §5)."""

    id: str | None = None
    act: Act = Field(default_factory=Act)
    complaint: Complaint | None = None
    bars: list[Bar] = Field(default_factory=list)
    exceptions: list[Exception_] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    obligations: list[Obligation] = Field(default_factory=list)


def case_from_data(data: Any, *, file: str = "<case>", lines: dict[tuple[str | int, ...], int] | None = None,
                   line: int | None = None) -> Case:
    """Validate plain data (from JSON or YAML) into a ``Case``; errors are ``CaseError`` with key path."""
    if not isinstance(data, dict):
        raise CaseError("a case is a mapping (keys: id, act, complaint, bars, exceptions, events, obligations)",
                        file=file, line=line or 1)
    try:
        return Case.model_validate(data)
    except ValidationError:
        pass  # validate again below, keeping the lines, to name the place
    document = Document(data, file, dict(lines or {}))
    if line is not None and not document.lines:
        document.lines[()] = line
    return document.validate(Case, CaseError)


def load_case(path: str | os.PathLike[str]) -> Case:
    """Read one case file, JSON or YAML (by content: YAML is a superset of the JSON used here)."""
    shown = str(path)
    text = read_text(Path(path), CaseError)
    document = parse_yaml(text, shown, CaseError)
    return case_from_data(document.data, file=shown, lines=document.lines)


def case_from_json_line(text: str, *, file: str, line: int) -> Case:
    """One line of a JSONL batch."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseError(f"invalid JSON: {exc.msg} (column {exc.colno})", file=file, line=line) from None
    return case_from_data(data, file=file, line=line)
