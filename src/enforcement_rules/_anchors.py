"""Named date anchors: the one table of dates a profile may count from or compare (SPEC §4a).

An anchor is a name, never a position in Python code: ``act.decided_on``, ``complaint.received_on``,
``as_of``, ``event:TYPE`` (the first event of that type), ``event:TYPE:last`` (the last one), ``date:YYYY-MM-DD``
(a fixed calendar date the text names, e.g. "2016年底前") and, inside a check of one event, ``event`` (that event's
own date). Resolving an anchor on a case gives a date, or
``None`` when the case does not state it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._facts import CaseView

FIXED_ANCHORS: dict[str, Callable[[CaseView], dt.date | None]] = {
    "act.decided_on": lambda view: view.case.act.decided_on,
    "complaint.received_on": lambda view: view.case.complaint.received_on if view.case.complaint else None,
    "as_of": lambda view: view.as_of,
}
"""Anchors that name a case fact or the evaluation day: name → resolver."""

_EVENT = re.compile(r"^event:([a-z][a-z0-9_]*)(?::(first|last))?$")
_DATE = re.compile(r"^date:(\d{4}-\d{2}-\d{2})$")
OWN_EVENT = "event"
"""Inside a check of one event (procedure, prohibition, ``exists … where``): the date of that event."""


def event_type(anchor: str) -> str | None:
    """The event type an ``event:TYPE[:first|last]`` anchor names, else ``None``."""
    match = _EVENT.match(anchor)
    return match.group(1) if match else None


def check_anchor(anchor: str, events: Iterable[str], *, own_event: bool = False) -> str | None:
    """``None`` when the anchor is known, else the reason it is not (with a suggestion)."""
    if anchor in FIXED_ANCHORS or (own_event and anchor == OWN_EVENT):
        return None
    fixed = _DATE.match(anchor)
    if fixed is not None:
        try:
            dt.date.fromisoformat(fixed.group(1))
        except ValueError:
            return f"{anchor!r} names no such day"
        return None
    kind = event_type(anchor)
    known = sorted(events)
    if kind is not None:
        if kind in known:
            return None
        return f"unknown event {kind!r} in anchor {anchor!r}{did_you_mean(kind, known)}"
    names = [*FIXED_ANCHORS, *(f"event:{name}" for name in known)]
    return (f"unknown date anchor {anchor!r}{did_you_mean(anchor, names)}; anchors are "
            f"{', '.join(FIXED_ANCHORS)}, event:TYPE[:last], date:YYYY-MM-DD" + (", event" if own_event else ""))


def resolve_anchor(anchor: str, view: CaseView, own: dt.date | None = None) -> dt.date | None:
    """The date an anchor names on this case (``None`` when the case does not state it)."""
    resolver = _RESOLVERS.get(anchor)
    if resolver is None:
        resolver = _RESOLVERS[anchor] = anchor_resolver(anchor)
    return resolver(view, own)


Resolver = Callable[["CaseView", "dt.date | None"], "dt.date | None"]
_RESOLVERS: dict[str, Resolver] = {}


def anchor_resolver(anchor: str) -> Resolver:
    """The anchor read once into a function of (case view, the own event's date)."""
    fixed = FIXED_ANCHORS.get(anchor)
    if fixed is not None:
        return lambda view, _own: fixed(view)
    if anchor == OWN_EVENT:
        return lambda _view, own: own
    if anchor.startswith("date:"):
        day = dt.date.fromisoformat(anchor[5:])
        return lambda _view, _own: day
    match = _EVENT.match(anchor)
    assert match is not None, anchor  # checked at load time
    kind, position = match.group(1), -1 if match.group(2) == "last" else 0

    def event_day(view: CaseView, _own: dt.date | None) -> dt.date | None:
        found = view.by_type.get(kind)
        return found[position].on if found else None
    return event_day


def did_you_mean(word: str, choices: Iterable[object]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or nothing."""
    import difflib  # noqa: PLC0415 - only for an error message (cold start)

    close = difflib.get_close_matches(word, [str(choice) for choice in choices], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
