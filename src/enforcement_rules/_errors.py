"""Errors of enforcement-rules: one root, each leaf also the builtin a caller would catch.

    RulesError
    ├── ProfileError (ValueError)          a profile YAML is invalid: file, line, key path
    ├── CaseError (ValueError)             a case file or case data is invalid: file, line, key path
    ├── CalendarFileError (ValueError)     a user calendar file is invalid: file, line, key path
    ├── InvalidInputError (ValueError)     any other invalid argument: unknown rule, wrong trigger kind,
    │                                      an extension over the maximum
    ├── CalendarCoverageError (LookupError) a computation needs a year the calendar does not hold
    └── EvaluationError (RuntimeError)     one case of a batch failed unexpectedly (a bug, reported as
                                           that line's error record so the batch goes on)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")  # C0 but tab, DEL, C1, line separators


def printable(text: str) -> str:
    """``text`` with its control characters escaped (``\\n``, ``\\x00``): an error is one line on a terminal,
    whatever file name, key or value it quotes."""
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


class RulesError(Exception):
    """Root of every error this library raises on purpose."""


@dataclass(frozen=True)
class Location:
    """Where in an input file an error sits; every part is optional."""

    file: str | None = None
    line: int | None = None
    key: str | None = None

    def prefix(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.key:
            parts.append(self.key)
        return printable(": ".join(parts))


class _LocatedError(RulesError, ValueError):
    """An error in an input document, naming the file, the line and the key path."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 key: str | None = None) -> None:
        self.location = Location(file, line, key)
        self.reason = message = printable(message)
        prefix = self.location.prefix()
        super().__init__(f"{prefix}: {message}" if prefix else message)

    @property
    def file(self) -> str | None:
        return self.location.file

    @property
    def line(self) -> int | None:
        return self.location.line

    @property
    def key(self) -> str | None:
        return self.location.key


class ProfileError(_LocatedError):
    """A profile is invalid (schema, duplicate key, dangling reference, bad date)."""


class CaseError(_LocatedError):
    """A case is invalid (unknown key or vocabulary, malformed date, incomplete event)."""


class CalendarFileError(_LocatedError):
    """A user calendar file is invalid (wrong weekday kind, date outside its year, duplicate)."""


class InvalidInputError(RulesError, ValueError):
    """An argument is invalid: unknown profile or rule, wrong trigger kind, extension over the maximum."""


class CalendarCoverageError(RulesError, LookupError):
    """A computation needs a day of a year the loaded calendar does not cover (C10)."""

    def __init__(self, year: int, loaded: tuple[int, int] | None = None) -> None:
        self.year = year
        span = f" (loaded: {loaded[0]}–{loaded[1]})" if loaded else ""
        super().__init__(
            f"the working-day calendar does not cover {year}{span}: add the State Council's schedule "
            f"for {year} as a calendar file (--calendar {year}.yaml, see README 'Adding a calendar "
            f"year'), or choose --calendar-policy weekends for a provisional result"
        )


class EvaluationError(RulesError, RuntimeError):
    """One line of a batch raised an unexpected exception (a bug): it becomes that line's error record."""

    def __init__(self, exc: BaseException, *, file: str | None = None, line: int | None = None) -> None:
        self.location = Location(file, line)
        prefix = self.location.prefix()
        super().__init__(f"{prefix}: internal error ({type(exc).__name__}: {exc}); please report it"
                         if prefix else f"internal error ({type(exc).__name__}: {exc}); please report it")

    @property
    def line(self) -> int | None:
        return self.location.line
