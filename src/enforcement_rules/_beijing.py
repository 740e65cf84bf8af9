"""Beijing time (SPEC §5): the zone every date-time of a case is read in, and "today" for ``as_of``."""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

_NOW_OFFSET = dt.timezone(dt.timedelta(hours=8))
"""Asia/Shanghai's offset for the present: UTC+8, with no daylight saving time since 1991. ``today`` uses it
so that a command's start does not load the zone database (zoneinfo and sysconfig: 7 ms, issue 10); a date-time
of a case, which may lie in 1986–1991, is converted with the zone itself (``in_beijing``)."""


def today() -> dt.date:
    """Today in Asia/Shanghai, whatever the machine's zone (the default ``as_of``)."""
    return dt.datetime.now(_NOW_OFFSET).date()


@functools.cache
def _zone() -> ZoneInfo:
    from zoneinfo import ZoneInfo  # noqa: PLC0415 - see _NOW_OFFSET

    return ZoneInfo("Asia/Shanghai")


def __getattr__(name: str) -> ZoneInfo:
    if name == "BEIJING":  # the zone, loaded on first use
        return _zone()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def in_beijing(moment: dt.datetime) -> dt.datetime:
    """A date-time as naive Beijing wall time: converted when it carries a zone, taken as is when not."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=None)
    return moment.astimezone(_zone()).replace(tzinfo=None)
