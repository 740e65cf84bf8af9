"""Counting conventions C1–C10 of SPEC §3 as pure date arithmetic.

Grounds: 《民法典》 arts. 201–203 and 1259; 《民事诉讼法》 art. 85; 《行政处罚法》 art. 85;
《行政许可法》 art. 82. The calendar is passed in; nothing here reads files or clocks. A result past
the end of the calendar's range (2149-12-31) is an ``InvalidInputError`` naming the range, never an
overflow.
"""

from __future__ import annotations

import calendar as _gregorian
import datetime as dt
from typing import NamedTuple

from ._calendar import LAST_DAY, Calendar
from ._errors import InvalidInputError


def _outside(day: dt.date, amount: str) -> InvalidInputError:
    return InvalidInputError(f"{day.isoformat()} + {amount} is past {LAST_DAY.isoformat()}, the end of the "
                             "computable range")


def add_months(day: dt.date, months: int) -> dt.date:
    """C4: the corresponding day of the month ``months`` later; the month's last day if it has none."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= LAST_DAY.year:
        raise _outside(day, f"{months} months")
    if day.day <= 28:  # every month has it (the common case: no month length to look up)
        return dt.date(year, month, day.day)
    return dt.date(year, month, min(day.day, _gregorian.monthrange(year, month)[1]))


def add_years(day: dt.date, years: int) -> dt.date:
    """C4 for years: 29 February runs to 28 February in a common year."""
    return add_months(day, 12 * years)


def add_days(day: dt.date, days: int) -> dt.date:
    """C1 + C3: the trigger day is not counted, so N days after ``day`` is ``day + N``."""
    try:
        result = day + dt.timedelta(days=days)
    except OverflowError:
        raise _outside(day, f"{days} days") from None
    if result > LAST_DAY:
        raise _outside(day, f"{days} days")
    return result


def limitation_exceeded(start: dt.date, later: dt.date, years: int) -> bool:
    """C8 "超过N年": only when ``later`` is strictly after the anniversary (computed as C4, no roll)."""
    return later > add_years(start, years)


class Roll(NamedTuple):
    """A nominal due moved to the next working day (C3, C4, C5, C7)."""

    nominal: dt.date
    due: dt.date

    @property
    def rolled(self) -> bool:
        return self.due != self.nominal


def roll(calendar: Calendar, nominal: dt.date) -> Roll:
    """C3: a nominal due that is not a working day moves to the next working day (民法典 art. 203)."""
    return Roll(nominal, calendar.next_working_day(nominal))
