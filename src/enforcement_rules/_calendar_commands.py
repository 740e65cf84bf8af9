"""``enforcement-rules calendar status|add|check``: the calendar directory's lifecycle (C10).

A year is installed once in the calendar directory (``--calendar-dir``, ``$ENFORCEMENT_RULES_CALENDAR_DIR``,
the user data directory) and from then on every command, the API's default calendar and the pytest plugin
use it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
from pathlib import Path
from typing import Any

from ._beijing import today
from ._errors import CalendarFileError

# The calendar module (with its models) loads when a calendar command runs, not when the parser is built.


def status(directory: str | None, on: dt.date) -> dict[str, Any]:
    """What the default calendar holds, where each year came from, and how long it lasts from ``on``."""
    from ._calendar import calendar_dir, national_calendar

    where = calendar_dir(directory)
    calendar = national_calendar("strict", directory)
    years = [{"year": year, "origin": calendar.schedules[year].origin, "source": calendar.schedules[year].source}
             for year in sorted(calendar.years)]
    last = max(calendar.years)
    end = dt.date(last, 12, 31)
    return {"directory": str(where.path), "directory_origin": where.origin,
            "directory_exists": where.path.is_dir(), "years": years, "first_year": min(calendar.years),
            "last_year": last, "last_day": end.isoformat(), "days_left": (end - on).days,
            "next_year": on.year + 1, "next_year_loaded": on.year + 1 in calendar.years}


def _cmd_status(args: argparse.Namespace) -> int:
    from ._calendar import EXPIRY_WARNING_DAYS

    report = status(args.calendar_dir, today())
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    exists = "" if report["directory_exists"] else "; does not exist yet"
    print(f"calendar directory  {report['directory']}  (from {report['directory_origin']}{exists})")
    print("years loaded")
    for origin, group in itertools.groupby(report["years"], key=lambda y: y["origin"]):
        years = [y["year"] for y in group]
        span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
        print(f"  {span:<10} {origin}")
    left = report["days_left"]
    ends = f"ended {-left} days ago" if left < 0 else f"{left} days from today"
    print(f"last loaded day     {report['last_day']}  ({ends})")
    next_year = report["next_year"]
    if report["next_year_loaded"]:
        print(f"next year {next_year}      loaded")
    else:
        print(f"next year {next_year}      missing: add it when the State Council publishes it "
              f"(enforcement-rules calendar add {next_year}.yaml)")
    if left <= EXPIRY_WARNING_DAYS:
        print(f"warning: under {EXPIRY_WARNING_DAYS} days of calendar left")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from ._calendar import load_calendar_file, national_calendar

    schedule = load_calendar_file(args.file)
    loaded = national_calendar("strict", args.calendar_dir)
    replaces = f"; replaces the loaded {schedule.year} ({loaded.schedules[schedule.year].origin})" \
        if schedule.year in loaded.years else ""
    print(f"ok       {args.file}: calendar {schedule.year}, {len(schedule.rest_days)} rest days, "
          f"{len(schedule.working_days)} make-up working days{replaces}")
    return 0


def _cmd_add(args: argparse.Namespace) -> int:
    import tempfile

    from ._calendar import calendar_dir, installed_schedules, load_calendar_file

    schedule = load_calendar_file(args.file)
    where = calendar_dir(args.calendar_dir).path
    target = where / f"{schedule.year}.yaml"
    for other in installed_schedules(where):
        if other.year == schedule.year and Path(other.origin).name != target.name:
            raise CalendarFileError(f"the calendar directory already has {schedule.year} in {other.origin}; "
                                    "remove it first", file=args.file, line=1)
    try:
        where.mkdir(parents=True, exist_ok=True)
        data = Path(args.file).read_bytes()
        with tempfile.NamedTemporaryFile(dir=where, prefix=f".{schedule.year}.", suffix=".tmp",
                                         delete=False) as handle:
            handle.write(data)
        replaced = target.exists()
        os.replace(handle.name, target)
    except OSError as exc:
        raise CalendarFileError(f"cannot install into {where}: {exc.strerror or exc}", file=args.file) from None
    print(f"{'replaced' if replaced else 'installed'} {schedule.year} ({schedule.source}) → {target}")
    return 0


def add_commands(commands: Any, directory: argparse.ArgumentParser) -> None:
    """Register ``calendar status|add|check`` on the CLI's subcommands."""
    calendar = commands.add_parser("calendar", help="the calendar directory: status, add a year, check a file",
                                   description="Years of the national schedule installed once for every "
                                               "command, the Python API and the pytest plugin.")
    actions = calendar.add_subparsers(dest="calendar_command", required=True, metavar="ACTION")
    sub = actions.add_parser("status", parents=[directory],
                             help="years loaded, where each came from, days left, whether the next year is missing")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub.set_defaults(run=_cmd_status)
    sub = actions.add_parser("add", parents=[directory], help="check a calendar file and install it")
    sub.add_argument("file", metavar="FILE", help="a calendar file (SPEC §3 format)")
    sub.set_defaults(run=_cmd_add)
    sub = actions.add_parser("check", parents=[directory], help="check a calendar file without installing it")
    sub.add_argument("file", metavar="FILE", help="a calendar file (SPEC §3 format)")
    sub.set_defaults(run=_cmd_check)
