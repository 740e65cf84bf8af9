"""enforcement-rules: Chinese municipal ordinances on 行政执法监督 as executable, citable rules."""

from __future__ import annotations

from ._calendar import Calendar, load_calendar, load_calendar_file, national_calendar
from ._case import Case, load_case
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
from ._loader import list_profiles, load_profile
from ._profile import Profile
from ._report import Report
from ._results import CitedArticle, Deadline, ReportWarning

__all__ = [
    "BatchResult",
    "Calendar",
    "CalendarCoverageError",
    "CalendarFileError",
    "Case",
    "CaseError",
    "CitedArticle",
    "Deadline",
    "EvaluationError",
    "InvalidInputError",
    "Limits",
    "Profile",
    "ProfileError",
    "Report",
    "ReportWarning",
    "RulesError",
    "compare",
    "due_date",
    "evaluate",
    "evaluate_many",
    "list_profiles",
    "load_calendar",
    "load_calendar_file",
    "load_case",
    "load_profile",
    "national_calendar",
]
