"""The case input of SPEC §5 as strict models: an act, a complaint, events and obligations.

Dates are ISO ``YYYY-MM-DD`` (a YAML date or a JSON string, nothing else: no timestamps, no
datetimes for dates) inside the supported range of ``Limits``; booleans are ``true``/``false``.
Unknown keys and vocabulary are errors. A ``.json`` file is read as JSON, anything else as YAML 1.2.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    Tag,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ._documents import (
    Document,
    IsoDate,
    LocalDateTime,
    PathKey,
    decode,
    format_path,
    json_lines,
    parse_json,
    parse_yaml,
    read_bytes,
)
from ._errors import CaseError
from ._limits import DEFAULT_LIMITS, Limits
from ._vocabulary import CORE_CODES, CORE_EVENT_TYPES, ActType, RemedyState, VocabularyName

_SNAKE = r"^[a-z][a-z0-9_]*$"


def _in_vocabulary(vocabulary: VocabularyName) -> AfterValidator:
    """A code of one vocabulary: the core codes (SPEC §5), or those of the profile the case is read for
    (validation context ``{"codes": {vocabulary: codes}}``)."""

    def check(value: str, info: ValidationInfo) -> str:
        context = info.context or {}
        codes = context.get("codes", {}).get(vocabulary) or CORE_CODES[vocabulary]
        if value not in codes:
            shown = codes if isinstance(codes, tuple) else sorted(codes)
            raise ValueError(f"expected one of {', '.join(shown)}; got {value!r}")
        return value

    return AfterValidator(check)


DefectCode = Annotated[str, StringConstraints(pattern=_SNAKE), _in_vocabulary("defects")]
ContextCode = Annotated[str, StringConstraints(pattern=_SNAKE), _in_vocabulary("contexts")]
BarCode = Annotated[str, StringConstraints(pattern=_SNAKE), _in_vocabulary("bars")]
ExceptionCode = Annotated[str, StringConstraints(pattern=_SNAKE), _in_vocabulary("exceptions")]
DocumentCode = Annotated[str, StringConstraints(pattern=_SNAKE), _in_vocabulary("documents")]
OutcomeCode = Annotated[str, StringConstraints(pattern=_SNAKE)]
FactValue = StrictBool | StrictInt | str | list[str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


class Remedies(_Strict):
    reconsideration: RemedyState = "none"
    litigation: RemedyState = "none"
    petition: RemedyState = "none"


class Act(_Strict):
    """The supervised enforcement act."""

    type: ActType = "other"
    decided_on: IsoDate | None = None
    defects: list[DefectCode] = Field(default_factory=list)
    context: list[ContextCode] = Field(default_factory=list)
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
    rule: str | None = Field(default=None, description="the deadline rule extended; may be omitted when the case "
                                                       "has exactly one extendable deadline")


class Investigation(_Dated):
    type: Literal["investigation"] = "investigation"
    supervisors: StrictInt | None = Field(default=None, ge=0)
    credentials_shown: StrictBool | None = None
    conflicted_supervisor_recused: StrictBool | None = Field(
        default=None, description="absent: no supervisor had a conflict; false: one had and did not recuse")
    on_site: StrictBool | None = Field(default=None, description="on-site (现场) supervision")


class CorrectiveDocumentReceived(_Dated):
    type: Literal["corrective_document_received"] = "corrective_document_received"
    document: DocumentCode
    deadline: IsoDate | None = Field(default=None, description="the period the document sets, if it sets one")

    @field_validator("deadline")
    @classmethod
    def _deadline_after_receipt(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        # (a field validator: it runs only when the document sets a deadline, not for every document)
        received = info.data.get("on")
        if value is not None and received is not None and value < received:
            raise ValueError(f"the document's deadline {value.isoformat()} is before it was received "
                             f"({received.isoformat()})")
        return value


class Corrected(_Dated):
    type: Literal["corrected"] = "corrected"
    justified: StrictBool | None = Field(default=None, description="a 正当理由 for the delay is established")


class ReviewRequested(_Dated):
    type: Literal["review_requested"] = "review_requested"


class ReviewReplied(_Dated):
    type: Literal["review_replied"] = "review_replied"


class DecisionReceived(_Dated):
    type: Literal["decision_received"] = "decision_received"
    outcome: OutcomeCode | None = None


class ExecutionReported(_Dated):
    type: Literal["execution_reported"] = "execution_reported"
    justified: StrictBool | None = Field(default=None, description="a 正当理由 for the delay is established")


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


class DeclaredEvent(_Strict):
    """An event of a type a profile declares (``events:`` of the profile); its other keys are its ``fields``,
    checked against the declaration when the case is read for that profile."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True, defer_build=True)

    type: Annotated[str, StringConstraints(pattern=_SNAKE)]
    day: IsoDate | None = Field(default=None, alias="on")
    at: LocalDateTime | None = None
    fields: dict[Annotated[str, StringConstraints(pattern=_SNAKE)], FactValue] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _gather(cls, data: Any) -> Any:
        if isinstance(data, dict) and "fields" not in data:
            own = {"type", "on", "at"}
            return {**{k: v for k, v in data.items() if k in own},
                    "fields": {k: v for k, v in data.items() if k not in own}}
        return data

    @field_validator("type")
    @classmethod
    def _declared(cls, value: str, info: ValidationInfo) -> str:
        events = (info.context or {}).get("events") or {}
        if value not in events:
            known = ", ".join(sorted({*CORE_EVENT_TYPES, *events}))
            raise ValueError(f"expected one of {known}; got {value!r}")
        return value

    @model_validator(mode="after")
    def _dated(self, info: ValidationInfo) -> DeclaredEvent:
        if (self.day is None) == (self.at is None):
            raise ValueError(f"an event {self.type!r} has exactly one of on (a date) or at (a date and time)")
        declared = ((info.context or {}).get("events") or {}).get(self.type)
        if declared is not None:
            for name in self.fields:
                if name not in declared:
                    raise ValueError(f"event {self.type!r} has no field {name!r}; "
                                     f"fields: {', '.join(declared) or '(none)'}")
        return self

    @property
    def on(self) -> dt.date:
        if self.at is not None:
            return self.at.date()
        assert self.day is not None
        return self.day


def _event_tag(value: Any) -> str:
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    return kind if isinstance(kind, str) and kind in CORE_EVENT_TYPES else "declared"


Event = Annotated[
    Annotated[CaseFiled, Tag("case_filed")] | Annotated[ExtensionApproved, Tag("extension_approved")]
    | Annotated[Investigation, Tag("investigation")]
    | Annotated[CorrectiveDocumentReceived, Tag("corrective_document_received")]
    | Annotated[Corrected, Tag("corrected")] | Annotated[ReviewRequested, Tag("review_requested")]
    | Annotated[ReviewReplied, Tag("review_replied")] | Annotated[DecisionReceived, Tag("decision_received")]
    | Annotated[ExecutionReported, Tag("execution_reported")] | Annotated[CaseClosed, Tag("case_closed")]
    | Annotated[Archived, Tag("archived")] | Annotated[CoerciveExecution, Tag("coercive_execution")]
    | Annotated[DeclaredEvent, Tag("declared")],
    Discriminator(_event_tag),
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
    bars: list[BarCode] = Field(default_factory=list)
    exceptions: list[ExceptionCode] = Field(default_factory=list)
    facts: dict[Annotated[str, StringConstraints(pattern=_SNAKE)], FactValue] = Field(
        default_factory=dict, description="facts a profile declares (its facts: section), by name")
    events: list[Event] = Field(default_factory=list)
    obligations: list[Obligation] = Field(default_factory=list)

    @field_validator("facts")
    @classmethod
    def _declared_facts(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        # (a field validator: it runs only when a case states facts, not for every case)
        facts = (info.context or {}).get("facts")
        if facts is not None:
            for name in value:
                if name not in facts:
                    raise ValueError(f"unknown fact {name!r} under facts; this profile declares "
                                     f"{', '.join(sorted(facts)) or 'none'}")
        return value


def case_from_data(data: Any, *, file: str = "<case>", lines: dict[tuple[str | int, ...], int] | None = None,
                   line: int | None = None, context: dict[str, Any] | None = None) -> Case:
    """Validate plain data (from JSON or YAML) into a ``Case``; errors are ``CaseError`` with key path.
    ``context`` (from ``Profile.case_context()``) widens the vocabulary to a profile's own codes, facts and
    events."""
    if not isinstance(data, dict):
        raise CaseError("a case is a mapping (keys: id, act, complaint, bars, exceptions, facts, events, "
                        "obligations)", file=file, line=line or 1)
    try:
        return Case.model_validate(data, context=context)
    except ValidationError:
        pass  # validate again below, keeping the lines, to name the place
    document = Document(data, file, dict(lines or {}))
    if line is not None and not document.lines:
        document.lines[()] = line
    return document.validate(Case, CaseError, context=context)


def load_case(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS,
              context: dict[str, Any] | None = None) -> Case:
    """Read one case file: a ``.json`` file as JSON, anything else as YAML 1.2; size-checked before reading.
    ``context`` (``Profile.case_context``) reads it with a profile's own codes, facts and events."""
    return read_case(path, limits=limits, context=context)[0]


def read_case(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS,
              context: dict[str, Any] | None = None) -> tuple[Case, Callable[[PathKey], int | None]]:
    """``load_case``, with the line of each key path (to place errors found later, by the evaluator)."""
    shown = str(path)
    text = decode(read_bytes(Path(path), CaseError, limits), shown, CaseError)
    line_of: Callable[[PathKey], int | None]
    if Path(path).suffix.lower() == ".json":
        data = parse_json(text, shown, CaseError, limits)
        try:
            case = Case.model_validate(data, context=context)
        except ValidationError:
            case = case_from_data(data, file=shown, lines=json_lines(text, shown), context=context)
        line_of = lambda key: Document(data, shown, json_lines(text, shown)).line_of(key)  # noqa: E731
    else:
        document = parse_yaml(text, shown, CaseError, limits)
        case = case_from_data(document.data, file=shown, lines=document.lines, context=context)
        line_of = document.line_of
    return checked(case, limits, file=shown, line_of=line_of), line_of


def case_from_json_line(text: str, *, file: str, line: int, limits: Limits = DEFAULT_LIMITS,
                        context: dict[str, Any] | None = None) -> Case:
    """One line of a JSONL batch."""
    data = parse_json(text, file, CaseError, limits, line=line)
    return checked(case_from_data(data, file=file, line=line, context=context), limits, file=file,
                   line_of=lambda _: line)


def checked(case: Case, limits: Limits, *, file: str, line_of: Callable[[PathKey], int | None]) -> Case:
    """``case`` if it keeps within ``limits`` (number of events, supported date range), else ``CaseError``."""
    problem = case_problem(case, limits)
    if problem is None:
        return case
    path, message = problem
    raise CaseError(message, file=file, line=line_of(path), key=format_path(path) or None)


def case_problem(case: Case, limits: Limits) -> tuple[PathKey, str] | None:
    """The first place where a valid case breaks ``limits``: too many events or obligations, or a date
    (or a year) outside the supported range."""
    for key in ("events", "obligations"):
        count = len(getattr(case, key))
        if count > limits.max_events:
            return (key,), f"{count} {key}, over the limit of {limits.max_events}"
    return _outside_range(case, (), limits)


def _outside_range(value: Any, path: PathKey, limits: Limits) -> tuple[PathKey, str] | None:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            found = _outside_range(getattr(value, name), (*path, name), limits)
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _outside_range(item, (*path, index), limits)
            if found is not None:
                return found
    elif isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        if not limits.first_date <= day <= limits.last_date:
            return path, f"{value.isoformat()} is outside the supported range {limits.date_range}"
    elif path and path[-1] == "year" and isinstance(value, int) and not (
            limits.first_date.year <= value <= limits.last_date.year):
        return path, (f"year {value} is outside the supported range {limits.first_date.year} … "
                      f"{limits.last_date.year}")
    return None
