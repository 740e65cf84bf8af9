"""enforcement-rules: Chinese municipal ordinances on 行政执法监督 as executable, citable rules."""

import typing as _typing

if _typing.TYPE_CHECKING:  # the names, for type checkers; at run time each loads on first use (``__getattr__``)
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
    from ._columnar import case_schema, evaluate_table
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

    __version__: str

_EXPORTS: dict[str, tuple[str, str]] = {}
"""Public name → (module, attribute): ``import enforcement_rules`` stays cheap (the CLI's ``--help`` loads no
model); a name imports its module the first time it is used."""
for _module, _names in {
    "_api": ("ReportStatus", "parse_case"),
    "_columnar": ("case_schema", "evaluate_table"),  # polars and pyarrow: loaded by the batch only
    "_calendar": ("Calendar", "RestDayAnswer", "load_calendar", "load_calendar_file", "national_calendar"),
    "_case": ("Act", "Archived", "Case", "CaseClosed", "CaseFiled", "CoerciveExecution", "Complaint", "Corrected",
              "CorrectiveDocumentReceived", "DecisionReceived", "DeclaredEvent", "Event", "ExecutionReported",
              "ExtensionApproved", "Investigation", "Obligation", "Remedies", "ReviewReplied", "ReviewRequested",
              "load_case"),
    "_deadlines": ("due_date",),
    "_errors": ("CalendarCoverageError", "CalendarFileError", "CaseError", "EvaluationError", "InvalidInputError",
                "ProfileError", "RulesError"),
    "_evaluate": ("BatchResult", "compare", "evaluate", "evaluate_many"),
    "_limits": ("Limits",),
    "_loader": ("list_profiles", "load_profile", "parse_profile"),
    "_profile": ("Profile",),
    "_render_formats": ("render_report",),
    "_report": ("Admission", "AdmissionVerdict", "DeadlineState", "DeadlineStatus", "Disposition",
                "DispositionReport", "Finding", "Ground", "Liability", "Outcome", "ProcedureCheck", "ProcedureState",
                "Report", "RequirementCheck", "RequirementState"),
    "_results": ("CitedArticle", "Deadline", "ReportWarning", "WarningCode"),
    "_vocabulary": ("ActType", "Bar", "Context", "Defect", "RemedyState"),
}.items():
    _EXPORTS.update({_name: (_module, _name) for _name in _names})
_EXPORTS.update({"DueDateStatus": ("_results", "DeadlineStatus"), "DocumentKind": ("_vocabulary", "Document"),
                 "BarException": ("_vocabulary", "Exception_")})
del _module, _names

if not _typing.TYPE_CHECKING:  # hidden from type checkers: a misspelt name stays an error for them
    def __getattr__(name: str) -> object:
        if name == "__version__":
            import importlib.metadata  # noqa: PLC0415 - 40 ms: only --version and callers that ask pay it

            try:
                version = importlib.metadata.version("enforcement-rules")
            except importlib.metadata.PackageNotFoundError:  # pragma: no cover - a source tree never installed
                version = "0+unknown"
            globals()["__version__"] = version
            return version
        if name not in _EXPORTS:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        import importlib  # noqa: PLC0415

        module, attribute = _EXPORTS[name]
        value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})


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
