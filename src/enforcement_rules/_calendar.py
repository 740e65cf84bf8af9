"""The national working-day calendar (C2, C10): schedule data plus a precomputed index.

The schedule comes from chinese-calendar's data tables, corrected where they are wrong, plus user
calendar files. It is indexed once: ``is_workday`` is one lookup, and the Nth working day after a
date is one lookup in a cumulative count.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import platformdirs
from chinese_calendar import constants as _cc
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from ._choices import POLICIES, Policy
from ._documents import IsoDate, parse_yaml, read_text
from ._errors import CalendarCoverageError, CalendarFileError, InvalidInputError

_FIRST = FIRST_DAY = dt.date(1950, 1, 1)
_LAST = LAST_DAY = dt.date(2149, 12, 31)
_BASE = _FIRST.toordinal()
_WEEKDAY_NAMES = "一二三四五六日"

NATIONAL_SOURCE = "chinese-calendar 1.11.0 数据表（国务院办公厅历年节假日安排通知），经勘误"

ERRATA: dict[dt.date, tuple[bool, str]] = {
    dt.date(2005, 12, 31): (True, "元旦调休上班"),
}
"""Corrections to chinese-calendar's data: date → (is a working day, why).

- 2005-12-31 (Saturday) was a make-up working day for the 2006 New Year holiday (国办发明电〔2005〕
  35号: "2005年12月31日（星期六）上班"); chinese-calendar 1.11.0 lists it as an ordinary weekend.
"""


@dataclass(frozen=True)
class YearSchedule:
    """One year of the national schedule: the exceptions to the plain Monday–Friday week."""

    year: int
    rest_days: frozenset[dt.date]
    working_days: frozenset[dt.date]
    source: str
    names: Mapping[dt.date, str] = field(default_factory=dict)
    origin: str = "bundled"
    """Where the year came from: ``bundled``, or the calendar file's path."""


@dataclass(frozen=True)
class Span:
    """What a computation inspected: whether it may be relied on, and why not."""

    provisional: bool
    reasons: tuple[str, ...] = ()


class Calendar:
    """Working days under the national schedule, for the years it holds, with a coverage policy."""

    def __init__(self, schedules: Iterable[YearSchedule], policy: Policy = "strict") -> None:
        if policy not in POLICIES:
            raise InvalidInputError(f"unknown calendar policy {policy!r}; expected strict or weekends")
        self.schedules: dict[int, YearSchedule] = {s.year: s for s in schedules}
        self.policy: Policy = policy
        self.years = frozenset(self.schedules)
        self._work, self._cum, self._workdays = _index(self.schedules)

    def with_policy(self, policy: Policy) -> Calendar:
        """The same schedule under another coverage policy (the index is shared)."""
        if policy == self.policy:
            return self
        clone = object.__new__(Calendar)
        clone.__dict__.update(self.__dict__)
        if policy not in POLICIES:
            raise InvalidInputError(f"unknown calendar policy {policy!r}; expected strict or weekends")
        clone.policy = policy
        return clone

    def with_years(self, schedules: Iterable[YearSchedule]) -> Calendar:
        """This calendar with the given years added or replaced."""
        merged = dict(self.schedules)
        merged.update({s.year: s for s in schedules})
        return Calendar(merged.values(), self.policy)

    @property
    def span(self) -> tuple[int, int] | None:
        return (min(self.years), max(self.years)) if self.years else None

    # -- lookups ---------------------------------------------------------------------------------

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is worked under the national schedule (weekday or make-up day)."""
        self.check(day, day)
        return bool(self._work[self._offset(day)])

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``day`` (C1, C2); ``day`` itself is never counted."""
        if count < 1:
            raise InvalidInputError(f"a working-day count must be at least 1; got {count}")
        try:
            return self._workdays[self._cum[self._offset(day)] + count - 1]
        except IndexError:
            raise InvalidInputError(f"{day.isoformat()} + {count} working days is past {_LAST.isoformat()}") from None

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the first working day after it (C3 roll)."""
        offset = self._offset(day)
        if self._work[offset]:
            return day
        try:
            return self._workdays[self._cum[offset]]
        except IndexError:
            raise InvalidInputError(f"no working day after {day.isoformat()} before {_LAST.isoformat()}") from None

    def count_working_days(self, start: dt.date, end: dt.date) -> int:
        """Working days in ``(start, end]``."""
        return self._cum[self._offset(end)] - self._cum[self._offset(start)]

    def rest_reason(self, day: dt.date) -> str:
        """Why ``day`` is a rest day, in Chinese: the holiday's name, or the weekday."""
        schedule = self.schedules.get(day.year)
        if schedule is not None and day in schedule.names and day not in schedule.working_days:
            return f"{schedule.names[day]}休息日"
        if day.weekday() >= 5:
            return f"星期{_WEEKDAY_NAMES[day.weekday()]}休息日"
        return "法定节假日休息日"

    def _offset(self, day: dt.date) -> int:
        offset = day.toordinal() - _BASE
        if not 0 <= offset < len(self._work):
            raise InvalidInputError(f"{day.isoformat()} is outside the supported range "
                                    f"{_FIRST.isoformat()}–{_LAST.isoformat()}")
        return offset

    def rest_day(self, day: dt.date) -> RestDayAnswer:
        """Whether ``day`` is a rest day and a statutory holiday rest day, and whether that is provisional.

        Raises ``CalendarCoverageError`` under the ``strict`` policy when the answer needs a year not loaded.
        """
        first, last = self._rest_run(day)
        span = self.check(first, last)
        rest = not self._work[self._offset(day)]
        statutory = rest and any(self._weekday_rest(first + dt.timedelta(days=n))
                                 for n in range((last - first).days + 1))
        return RestDayAnswer(day, rest, statutory, span.provisional, span.reasons)

    def is_statutory_rest_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a rest day of a statutory holiday (法定节假日, SPEC §4c; 行政强制法 第四十三条).

        Definition: a rest day that lies in a run of consecutive rest days containing at least one weekday
        rest day of the schedule. So every weekday holiday is one, and so are the weekend days inside a
        holiday run (国庆 10-01..10-08 whole); an ordinary weekend, whose run holds only Saturday and
        Sunday, is not. C10 applies: see ``rest_day`` for the provisional marker.
        """
        return self.rest_day(day).statutory_holiday

    def _weekday_rest(self, day: dt.date) -> bool:
        return day.weekday() < 5 and not self._work[self._offset(day)]

    def _rest_run(self, day: dt.date) -> tuple[dt.date, dt.date]:
        """The maximal run of consecutive rest days around ``day`` (``(day, day)`` for a working day)."""
        one = dt.timedelta(days=1)
        first = last = day
        if self._work[self._offset(day)]:
            return first, last
        while first > _FIRST and not self._work[self._offset(first - one)]:
            first -= one
        while last < _LAST and not self._work[self._offset(last + one)]:
            last += one
        return first, last

    # -- coverage (C10) ----------------------------------------------------------------------------

    def check(self, first: dt.date, last: dt.date) -> Span:
        """Whether a computation that inspected ``[first, last]`` is provisional; raise if strict.

        Provisional when a day lies in a year not loaded (``weekends`` policy), or in December 25–31
        of a loaded year whose next year is not loaded: a later notice may move such days.
        """
        years = self.years
        if first.year == last.year and first.year in years and (first.year + 1 in years or last.month < 12
                                                                or last.day < 25):
            return _FIRM
        reasons: list[str] = []
        for year in range(first.year, last.year + 1):
            if year not in years:
                if self.policy == "strict":
                    raise CalendarCoverageError(year, self.span)
                reasons.append(f"{year}年的节假日安排未载入，按周末休息、其余工作日推算")
            elif year + 1 not in years:
                december = dt.date(year, 12, 25)
                if first <= dt.date(year, 12, 31) and last >= december:
                    reasons.append(f"{year}年12月25日至31日可能因{year + 1}年节假日安排调整"
                                   f"（{year + 1}年安排未载入）")
        return Span(bool(reasons), tuple(reasons))


_FIRM = Span(False)


@dataclass(frozen=True)
class RestDayAnswer:
    """One day asked as a rest-day question (C10 applies as to deadline arithmetic).

    ``statutory_holiday``: a rest day of a statutory holiday run (法定节假日, SPEC §4c), see
    ``Calendar.is_statutory_rest_day``. ``provisional`` with ``reasons`` when the answer may change: the
    day (or its run of rest days) lies in December 25–31 of the last loaded year, or in a year not loaded
    under the ``weekends`` policy.
    """

    day: dt.date
    rest_day: bool
    statutory_holiday: bool
    provisional: bool
    reasons: tuple[str, ...] = ()


def _index(schedules: Mapping[int, YearSchedule]) -> tuple[bytearray, list[int], list[dt.date]]:
    """Working-day flags, cumulative counts (inclusive) and the working days themselves, in order.

    Plain lists, not arrays: indexing a list returns the stored object, where an array builds a new int (or,
    for dates, a ``fromordinal`` call) on every lookup. Built with C loops (the week's pattern repeated,
    ``accumulate``, ``compress``): about 10 ms for the 200 years, where a Python loop took 60 ms (issue 10)."""
    total = _LAST.toordinal() - _BASE + 1
    # date.toordinal() % 7: 1 = Monday … 6 = Saturday, 0 = Sunday
    week = bytearray(1 if (_BASE + offset) % 7 not in (6, 0) else 0 for offset in range(7))
    work = (week * (total // 7 + 1))[:total]
    for schedule in schedules.values():
        for day in schedule.rest_days:
            work[day.toordinal() - _BASE] = 0
        for day in schedule.working_days:
            work[day.toordinal() - _BASE] = 1
    cum = list(itertools.accumulate(work))
    workdays = list(map(dt.date.fromordinal, itertools.compress(range(_BASE, _BASE + total), work)))
    return work, cum, workdays


# -- the national schedule ------------------------------------------------------------------------

def national_schedules() -> list[YearSchedule]:
    """Every year chinese-calendar's tables hold, as ``YearSchedule``s, with ``ERRATA`` applied."""
    english_to_chinese = {holiday.value: holiday.chinese for holiday in _cc.Holiday}
    years: dict[int, dict[str, dict[dt.date, str]]] = {}
    for day, name in _cc.holidays.items():
        years.setdefault(day.year, {"rest": {}, "work": {}})["rest"][day] = english_to_chinese[name]
    for day, name in _cc.workdays.items():
        years.setdefault(day.year, {"rest": {}, "work": {}})["work"][day] = english_to_chinese[name]
    for day, (working, why) in ERRATA.items():
        table = years[day.year]
        table["rest"].pop(day, None)
        table["work"].pop(day, None)
        table["work" if working else "rest"][day] = why
    schedules = []
    for year, table in sorted(years.items()):
        names = {**table["rest"], **{day: f"{name}调休上班" for day, name in table["work"].items()}}
        schedules.append(YearSchedule(
            year=year,
            rest_days=frozenset(day for day in table["rest"] if day.weekday() < 5),
            working_days=frozenset(day for day in table["work"] if day.weekday() >= 5),
            source=NATIONAL_SOURCE,
            names=names,
        ))
    return schedules


BUNDLED_CALENDARS = Path(__file__).parent / "calendars"
"""Years shipped as calendar files (``YYYY.yaml``), each added the day the State Council publishes it."""


@functools.cache
def bundled_calendar(policy: Policy = "strict") -> Calendar:
    """The national schedule as shipped (chinese-calendar's years 2004–2026 plus ``BUNDLED_CALENDARS``),
    built once per process."""
    if policy != "strict":
        return bundled_calendar("strict").with_policy(policy)
    shipped = {s.year: s for s in national_schedules()}
    for path in installed_files(BUNDLED_CALENDARS):
        schedule = load_calendar_file(path)
        shipped[schedule.year] = YearSchedule(schedule.year, schedule.rest_days, schedule.working_days,
                                              schedule.source, schedule.names, origin=f"bundled ({path.name})")
    return Calendar(shipped.values())


def national_calendar(policy: Policy = "strict", directory: str | os.PathLike[str] | None = None) -> Calendar:
    """The default calendar: the bundled schedule plus the calendar directory's files (``calendar_dir``).

    Built once per directory state (a file added or removed changes the directory's mtime)."""
    where = calendar_dir(directory).path
    try:
        stamp: int | None = where.stat().st_mtime_ns
    except OSError:
        stamp = None
    return _with_directory(policy, str(where), stamp)


@functools.cache
def _with_directory(policy: Policy, where: str, stamp: int | None) -> Calendar:
    base = bundled_calendar(policy)
    schedules = installed_schedules(Path(where)) if stamp is not None else []
    return base.with_years(schedules) if schedules else base


# -- the calendar directory: years installed once for every command, the API and the pytest plugin ----

CALENDAR_DIR_ENV = "ENFORCEMENT_RULES_CALENDAR_DIR"
DirOrigin = Literal["--calendar-dir", "ENFORCEMENT_RULES_CALENDAR_DIR", "user data directory"]


@dataclass(frozen=True)
class CalendarDir:
    """The calendar directory in use and what chose it."""

    path: Path
    origin: DirOrigin


def calendar_dir(explicit: str | os.PathLike[str] | None = None) -> CalendarDir:
    """The calendar directory: ``explicit`` (``--calendar-dir``), else ``$ENFORCEMENT_RULES_CALENDAR_DIR``,
    else the user data directory (``platformdirs``; e.g. ``~/.local/share/enforcement-rules/calendars``)."""
    if explicit is not None and str(explicit):
        return CalendarDir(Path(explicit), "--calendar-dir")
    from_env = os.environ.get(CALENDAR_DIR_ENV)
    if from_env:
        return CalendarDir(Path(from_env), "ENFORCEMENT_RULES_CALENDAR_DIR")
    return CalendarDir(_user_dir(), "user data directory")


@functools.cache
def _user_dir() -> Path:
    return Path(platformdirs.user_data_dir("enforcement-rules", appauthor=False)) / "calendars"


def installed_files(directory: Path) -> list[Path]:
    """The calendar files in ``directory`` (``*.yaml``, ``*.yml``), sorted; none if it does not exist."""
    try:
        return sorted(p for p in directory.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())
    except OSError:
        return []


def installed_schedules(directory: Path) -> list[YearSchedule]:
    """Every calendar file in ``directory``, checked; two files for one year are an error."""
    schedules: dict[int, YearSchedule] = {}
    for path in installed_files(directory):
        schedule = load_calendar_file(path)
        if schedule.year in schedules:
            raise CalendarFileError(f"a second file for {schedule.year} in the calendar directory (first: "
                                    f"{schedules[schedule.year].origin}); remove one", file=str(path), line=1)
        schedules[schedule.year] = schedule
    return list(schedules.values())


EXPIRY_WARNING_DAYS = 60


def expiry_warning(calendar: Calendar, today: dt.date, remedy: str | None = None) -> str | None:
    """A warning when the last loaded year ends within 60 days of ``today`` (or has ended), naming the
    file to add (``remedy``, by default installing it in the calendar directory); ``None`` otherwise."""
    if not calendar.years:
        return None
    last = max(calendar.years)
    end = dt.date(last, 12, 31)
    left = (end - today).days
    if left > EXPIRY_WARNING_DAYS:
        return None
    when = f"ended on {end.isoformat()}" if left < 0 else f"ends on {end.isoformat()}, in {left} days"
    remedy = remedy or f"enforcement-rules calendar add {last + 1}.yaml"
    return (f"warning: the working-day calendar {when}; add the State Council's {last + 1} schedule once it "
            f"is published: {remedy.format(year=last + 1)} (see README 'Adding a calendar year')")


# -- calendar files (SPEC §3) -----------------------------------------------------------------------

class _CalendarFile(BaseModel):
    """One year of the national schedule (SPEC §3): the exceptions to the plain Monday–Friday week."""

    model_config = ConfigDict(extra="forbid", strict=True, title="enforcement-rules calendar", defer_build=True)

    year: StrictInt = Field(description="the year the file covers (1950–2149)")
    source: StrictStr = Field(description="the notice it comes from, e.g. 国务院办公厅关于2027年部分节假日安排的通知")
    rest_days: list[IsoDate] = Field(default=[], description="weekdays that are rest days (YYYY-MM-DD)")
    working_days: list[IsoDate] = Field(default=[], description="weekend days that are working days (调休上班)")


def load_calendar_file(path: str | os.PathLike[str]) -> YearSchedule:
    """Read and check one calendar file: a year's rest days (weekdays) and working days (weekends)."""
    file = Path(path)
    shown = str(path)
    document = parse_yaml(read_text(file, CalendarFileError), shown, CalendarFileError)
    if not isinstance(document.data, dict):
        raise CalendarFileError("a calendar file is a mapping with keys year, source, rest_days, "
                                "working_days", file=shown, line=1)
    parsed = document.validate(_CalendarFile, CalendarFileError)
    if not 1950 <= parsed.year <= 2149:
        raise document.error(CalendarFileError, ("year",), f"year {parsed.year} is outside 1950–2149")
    seen: dict[dt.date, str] = {}
    for key, want_weekend in (("rest_days", False), ("working_days", True)):
        for index, day in enumerate(getattr(parsed, key)):
            where = (key, index)
            if day.year != parsed.year:
                raise document.error(CalendarFileError, where,
                                     f"{day.isoformat()} is not in the file's year {parsed.year}")
            weekday = f"星期{_WEEKDAY_NAMES[day.weekday()]}"
            if want_weekend and day.weekday() < 5:
                raise document.error(CalendarFileError, where,
                                     f"{day.isoformat()} is a weekday ({weekday}): working_days lists "
                                     "only weekend make-up working days")
            if not want_weekend and day.weekday() >= 5:
                raise document.error(CalendarFileError, where,
                                     f"{day.isoformat()} is a weekend day ({weekday}): rest_days lists "
                                     "only weekdays that are rest days")
            if day in seen:
                raise document.error(CalendarFileError, where,
                                     f"{day.isoformat()} is listed twice (also in {seen[day]})")
            seen[day] = key
    names = dict.fromkeys(parsed.rest_days, "法定节假日") | dict.fromkeys(parsed.working_days, "调休上班")
    return YearSchedule(parsed.year, frozenset(parsed.rest_days), frozenset(parsed.working_days),
                        parsed.source, names, origin=shown)


def load_calendar(files: Iterable[str | os.PathLike[str]] = (), policy: Policy = "strict",
                  directory: str | os.PathLike[str] | None = None) -> Calendar:
    """The default calendar (``national_calendar``) with calendar files added (each replaces its year)."""
    base = national_calendar(policy, directory)
    schedules = [load_calendar_file(path) for path in files]
    return base.with_years(schedules) if schedules else base
