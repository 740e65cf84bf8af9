"""enforcement-rules: Chinese municipal ordinances on 行政执法监督 as executable, citable rules."""

import importlib as _importlib
import importlib.metadata as _metadata
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from ._api import ReportStatus, parse_case
from ._calendar import Calendar, RestDayAnswer, load_calendar, load_calendar_file, national_calendar
from ._case import (
    Act,
    Archived,
    Case,
    CaseClosed,
    CaseFiled,
    CoerciveExecution,
    Complaint,
    Corrected,
    CorrectiveDocumentReceived,
    DecisionReceived,
    DeclaredEvent,
    Event,
    ExecutionReported,
    ExtensionApproved,
    Investigation,
    Obligation,
    Remedies,
    ReviewReplied,
    ReviewRequested,
    load_case,
)
from ._deadlines import due_date
from ._errors import (
    CalendarCoverageError,
    CalendarFileError,
    CaseError,
    EvaluationError,
    InvalidInputError,
    ProfileError,
    RulesError,
)
from ._evaluate import BatchResult, compare, evaluate, evaluate_many
from ._limits import Limits
from ._loader import list_profiles, load_profile, parse_profile
from ._profile import Profile
from ._render_formats import render_report
from ._report import (
    Admission,
    AdmissionVerdict,
    DeadlineState,
    DeadlineStatus,
    Disposition,
    DispositionReport,
    Finding,
    Ground,
    Liability,
    Outcome,
    ProcedureCheck,
    ProcedureState,
    Report,
    RequirementCheck,
    RequirementState,
)
from ._results import CitedArticle, Deadline, ReportWarning, WarningCode
from ._results import DeadlineStatus as DueDateStatus
from ._vocabulary import ActType, Bar, Context, Defect, RemedyState
from ._vocabulary import Document as DocumentKind
from ._vocabulary import Exception_ as BarException

if _TYPE_CHECKING:
    from ._columnar import case_schema, evaluate_table

_LAZY = {"case_schema": "._columnar", "evaluate_table": "._columnar"}
"""Names imported on first use: the columnar evaluator brings polars and pyarrow, which a plain
``import enforcement_rules`` (the CLI's cold start, a single evaluation) does not pay for."""


def __getattr__(name: str) -> _Any:
    if name in _LAZY:
        value = getattr(_importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


try:
    __version__ = _metadata.version("enforcement-rules")
except _metadata.PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "Act",
    "ActType",
    "Admission",
    "AdmissionVerdict",
    "Archived",
    "Bar",
    "BarException",
    "BatchResult",
    "Calendar",
    "CalendarCoverageError",
    "CalendarFileError",
    "Case",
    "CaseClosed",
    "CaseError",
    "CaseFiled",
    "CitedArticle",
    "CoerciveExecution",
    "Complaint",
    "Context",
    "Corrected",
    "CorrectiveDocumentReceived",
    "Deadline",
    "DeadlineState",
    "DeadlineStatus",
    "DecisionReceived",
    "DeclaredEvent",
    "Defect",
    "Disposition",
    "DispositionReport",
    "DocumentKind",
    "DueDateStatus",
    "EvaluationError",
    "Event",
    "ExecutionReported",
    "ExtensionApproved",
    "Finding",
    "Ground",
    "InvalidInputError",
    "Investigation",
    "Liability",
    "Limits",
    "Obligation",
    "Outcome",
    "ProcedureCheck",
    "ProcedureState",
    "Profile",
    "ProfileError",
    "Remedies",
    "RemedyState",
    "Report",
    "ReportStatus",
    "ReportWarning",
    "RequirementCheck",
    "RequirementState",
    "RestDayAnswer",
    "ReviewReplied",
    "ReviewRequested",
    "RulesError",
    "WarningCode",
    "__version__",
    "case_schema",
    "compare",
    "due_date",
    "evaluate",
    "evaluate_many",
    "evaluate_table",
    "list_profiles",
    "load_calendar",
    "load_calendar_file",
    "load_case",
    "load_profile",
    "national_calendar",
    "parse_case",
    "parse_profile",
    "render_report",
]
