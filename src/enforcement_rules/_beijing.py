"""Beijing time (SPEC §5): the zone every date-time of a case is read in, and "today" for ``as_of``."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


def today() -> dt.date:
    """Today in Asia/Shanghai, whatever the machine's zone (the default ``as_of``)."""
    return dt.datetime.now(BEIJING).date()


def in_beijing(moment: dt.datetime) -> dt.datetime:
    """A date-time as naive Beijing wall time: converted when it carries a zone, taken as is when not."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=None)
    return moment.astimezone(BEIJING).replace(tzinfo=None)
