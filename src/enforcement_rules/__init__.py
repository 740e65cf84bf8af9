"""enforcement-rules: Chinese municipal ordinances on 行政执法监督 as executable, citable rules."""

from __future__ import annotations

from ._calendar import Calendar, load_calendar, load_calendar_file, national_calendar
from ._deadlines import due_date
from ._errors import (
    CalendarCoverageError,
    CalendarFileError,
    CaseError,
    InvalidInputError,
    ProfileError,
    RulesError,
)
from ._loader import list_profiles, load_profile
from ._profile import Profile
from ._results import CitedArticle, Deadline, ReportWarning

__all__ = [
    "Calendar",
    "CalendarCoverageError",
    "CalendarFileError",
    "CaseError",
    "CitedArticle",
    "Deadline",
    "InvalidInputError",
    "Profile",
    "ProfileError",
    "ReportWarning",
    "RulesError",
    "due_date",
    "list_profiles",
    "load_calendar",
    "load_calendar_file",
    "load_profile",
    "national_calendar",
]
