"""Limits on every input, in one place: what a case-management platform would accept, overridable.

Each limit bounds the time and memory one input can take; hitting one is a one-line error naming the
file, the line and the key (``CaseError``, ``CalendarFileError`` or ``ProfileError``), never a crash.
``Limits()`` holds the defaults; the CLI's ``--max-*`` options and the API's ``limits=`` replace them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

_PYTHON_INT_DIGITS = 4300  # sys.get_int_max_str_digits()'s default: int() refuses longer digit strings
FIRST_DATE = dt.date(1949, 10, 1)
LAST_DATE = dt.date(2099, 12, 31)


@dataclass(frozen=True)
class Limits:
    """Bounds on one input document (a case, a JSONL line, a calendar file, a profile)."""

    max_file_bytes: int = 8 * 1024 * 1024
    """A case, calendar or profile file: 8 MiB, about 70,000 events; checked before the file is read."""
    max_line_bytes: int = 1024 * 1024
    """One line of a JSONL batch: 1 MiB (the batch file itself is streamed and has no limit)."""
    max_depth: int = 32
    """Nesting of mappings and lists; a case needs 4."""
    max_keys: int = 1000
    """Keys in one mapping; a case object has at most 7."""
    max_int_digits: int = 20
    """Digits of an integer (a year or a number of months needs 4)."""
    max_nodes: int = 100_000
    """Values (mappings, lists and scalars, aliases expanded) in one document: bounds the parser's memory
    and the number of validation errors; a case with 10,000 events needs about 40,000."""
    max_events: int = 10_000
    """Events (and, separately, obligations) of one case."""
    first_date: dt.date = FIRST_DATE
    """The earliest date a case may name: 1949-10-01, the founding of the People's Republic."""
    last_date: dt.date = LAST_DATE
    """The latest date a case may name: 2099-12-31, so that every period the law knows stays computable."""

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, int) and value < 1:
                raise ValueError(f"{field.name} must be at least 1; got {value}")
        if self.max_int_digits > _PYTHON_INT_DIGITS:
            raise ValueError(f"max_int_digits is at most {_PYTHON_INT_DIGITS} (Python's own limit); "
                             f"got {self.max_int_digits}")
        if self.first_date > self.last_date:
            raise ValueError(f"first_date {self.first_date} is after last_date {self.last_date}")

    def replace(self, **changes: object) -> Limits:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def date_range(self) -> str:
        return f"{self.first_date.isoformat()} … {self.last_date.isoformat()}"


DEFAULT_LIMITS = Limits()
