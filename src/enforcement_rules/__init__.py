"""enforcement-rules: Chinese municipal ordinances on 行政执法监督 as executable, citable rules."""

from __future__ import annotations

import importlib.metadata as _metadata

try:
    __version__ = _metadata.version("enforcement-rules")
except _metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
    __version__ = "0+unknown"

from ._calendar import Calendar, load_calendar, load_calendar_file, national_calendar
from ._case import Case, load_case
from ._deadlines import due_date
from ._errors import (
    CalendarCoverageError,
    CalendarFileError,
    CaseError,
    InvalidInputError,
    ProfileError,
    RulesError,
)
from ._evaluate import BatchResult, compare, evaluate, evaluate_many
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
    "InvalidInputError",
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
