"""The ``enforcement-rules`` command line (SPEC §7): parsing, rendering and exit codes only.

Exit codes: 0 success (whatever the verdicts), 1 a checked failure (a scenario, a changed verdict, a bad
batch line, a warning under --strict), 2 invalid input (one line on stderr, nothing on stdout), 3 calendar
coverage, 70 an internal error (a bug: one line on stderr, please report it).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import gc
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

from . import __doc__ as _package_doc
from ._beijing import today
from ._calendar_commands import add_commands as add_calendar_commands
from ._choices import LANGUAGES, POLICIES, SCHEMA_KINDS
from ._errors import CalendarCoverageError, CaseError, ProfileError, RulesError, printable
from ._limits import DEFAULT_LIMITS, Limits
from ._starter import add_init_command

if TYPE_CHECKING:
    from ._calendar import Calendar
    from ._choices import SchemaKind
    from ._evaluate import BatchResult
    from ._lint import LintWarning
    from ._profile import Profile

# Each command imports what it needs in its own body (issue 10, cold start): ``--help`` and a usage error load no
# model, no YAML parser and no calendar; the package's names load on first use too.

EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_COVERAGE, EXIT_INTERNAL = 0, 1, 2, 3, 70
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


class _ArgumentError(RulesError, ValueError):
    """A command-line argument is malformed."""


class _UsageError(_ArgumentError):
    """A usage error from argparse, already prefixed with the (sub)command's name."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def _write(text: str) -> None:
    """Write to stdout; a character the stream cannot encode (a lone surrogate from ``"\\ud800"`` in the
    input) is written as its ``\\uXXXX`` escape — inside a JSON string that is the same JSON escape."""
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        sys.stdout.write(text.encode(encoding, "backslashreplace").decode(encoding))


def _say(*lines: str) -> None:
    """Print whole lines at once (the output is known to be complete before any of it is written)."""
    _write("".join(f"{line}\n" for line in lines))


def _emit(payload: Any) -> None:
    _write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def _calendar(args: argparse.Namespace) -> Calendar:
    from ._calendar import load_calendar

    return load_calendar(args.calendar or (), args.calendar_policy, getattr(args, "calendar_dir", None))


warning_today: Callable[[], dt.date] = today
"""The day the calendar warning counts from (tests fix it, so that other output stays exact)."""


def _warn_if_calendar_ends_soon(args: argparse.Namespace) -> None:
    """Once per command that ran: say so on stderr when the loaded calendar ends within 60 days (C10).
    (``calendar status`` says it in its own output.)"""
    if getattr(args, "command", None) == "calendar":
        return
    from ._calendar import expiry_warning, national_calendar

    try:
        calendar = (_calendar(args) if hasattr(args, "calendar_policy")
                    else national_calendar("strict", getattr(args, "calendar_dir", None)))
    except RulesError:
        return  # a broken calendar file: the command itself reports it if it needs the calendar
    warning = expiry_warning(calendar, warning_today())
    if warning:
        print(f"enforcement-rules: {warning}", file=sys.stderr)


def parse_date(text: str, what: str, *, year_allowed: bool = False) -> dt.date | int:
    """``YYYY-MM-DD`` → a date (and, where allowed, ``YYYY`` → a year); anything else is invalid input."""
    first, last = DEFAULT_LIMITS.first_date, DEFAULT_LIMITS.last_date
    if year_allowed and _YEAR.match(text):
        if not first.year <= int(text) <= last.year:
            raise _ArgumentError(f"{what}: year {text} is outside the supported range {first.year} … {last.year}")
        return int(text)
    if _DATE.match(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError as exc:
            raise _ArgumentError(f"{what}: malformed date {text!r}: {exc}") from None
        if not first <= day <= last:
            raise _ArgumentError(f"{what}: {text} is outside the supported range {DEFAULT_LIMITS.date_range}")
        return day
    expected = "a date YYYY-MM-DD or a year YYYY" if year_allowed else "a date YYYY-MM-DD"
    raise _ArgumentError(f"{what}: expected {expected}; got {text!r}")


# -- commands -----------------------------------------------------------------------------------------

def _cmd_profiles(args: argparse.Namespace) -> int:
    from ._loader import list_profiles, load_profile

    rows: list[dict[str, Any]] = []
    for name in list_profiles():
        profile = load_profile(name)
        rows.append({"profile": name, "city": profile.city, "rules": len(profile.rules),
                     "instruments": [{"id": key, "title": inst.title, "status": inst.status,
                                      "effective_from": _iso(inst.effective_from),
                                      "effective_until": _iso(inst.effective_until)}
                                     for key, inst in profile.instruments.items()]})
    if args.json:
        _emit(rows)
        return EXIT_OK
    _say(*(f"{row['profile']:<10} {row['city']}  {row['rules']} rules  "
           + "；".join(f"《{i['title']}》({i['status']})" for i in row["instruments"]) for row in rows))
    return EXIT_OK


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _cmd_show(args: argparse.Namespace) -> int:
    from ._loader import load_profile
    from ._render import render_profile

    profile = load_profile(args.profile)
    if args.json:
        _emit(profile.model_dump(mode="json", by_alias=True))
        return EXIT_OK
    _say(render_profile(profile))
    return EXIT_OK


def _cmd_coverage(args: argparse.Namespace) -> int:
    from ._coverage import coverage_table
    from ._loader import load_profile
    from ._render import render_coverage

    table = coverage_table(load_profile(args.profile))
    if args.json:
        _emit(table.model_dump(mode="json"))
    else:
        _say(render_coverage(table))
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    failed = warned = 0
    out: list[str] = []
    err: list[str] = []
    for name in args.files:
        try:
            summary, warnings = _validate_file(Path(name))
        except RulesError as exc:
            failed += 1
            err.append(f"invalid  {printable(str(exc))}")
            continue
        out.append(f"ok       {name}: {summary}" + (f", {len(warnings)} warnings" if warnings else ""))
        err.extend(f"warning  {warning}" for warning in warnings)
        warned += len(warnings)
        if args.columnar and summary.startswith("profile "):
            from ._columnar_check import check_columnar
            from ._loader import load_profile

            found, tried = check_columnar(load_profile(name), examples=args.examples)
            if found:
                failed += 1
                err.extend(f"columnar {name}: {difference}" for difference in found)
            else:
                out.append(f"ok       {name}: columnar plan equals the reference on {tried} generated batches")
    sys.stderr.write("".join(f"{line}\n" for line in err))
    _say(*out)
    if failed:
        return EXIT_INVALID
    return EXIT_FAILED if warned and args.strict else EXIT_OK


def _validate_file(path: Path) -> tuple[str, list[LintWarning]]:
    """Check one file of any kind this tool reads; say what it is, with the static checks' warnings."""
    from ._calendar import load_calendar_file
    from ._case import load_case
    from ._documents import parse_yaml, read_text
    from ._evaluate import compare_context
    from ._lint import lint_profile
    from ._loader import parse_profile_document
    from ._scenarios import load_scenarios

    text = read_text(path, ProfileError)
    data = parse_yaml(text, str(path), ProfileError).data
    if isinstance(data, dict) and ("rules" in data or "profile" in data):
        profile, document = parse_profile_document(text, str(path))
        summary = f"profile {profile.name}, {len(profile.instruments)} instruments, {len(profile.rules)} rules"
        return summary, lint_profile(profile, document)
    if isinstance(data, dict) and "year" in data:
        schedule = load_calendar_file(path)
        return (f"calendar {schedule.year}, {len(schedule.rest_days)} rest days, "
                f"{len(schedule.working_days)} make-up working days"), []
    if isinstance(data, dict) and ("act" in data or "events" in data or "obligations" in data):
        case = load_case(path, context=compare_context())  # a case may use any bundled profile's own vocabulary
        return f"case {case.id or '(no id)'}, {len(case.events)} events, {len(case.obligations)} obligations", []
    if isinstance(data, list):
        scenarios = load_scenarios(path)
        return f"scenarios, {len(scenarios)}", []
    raise ProfileError("not a profile (no 'profile' or 'rules'), a calendar file (no 'year'), a case (no 'act', "
                       "'events' or "
                       "'obligations') nor a scenario file (a list)", file=str(path), line=1)


def _cmd_deadline(args: argparse.Namespace) -> int:
    from ._deadlines import due_date
    from ._loader import load_profile
    from ._render import render_deadline

    profile = load_profile(args.profile)
    trigger = parse_date(args.trigger, "TRIGGER", year_allowed=True)
    result = due_date(profile, args.rule, trigger, extension_months=args.extension_months,
                      calendar=_calendar(args))
    if args.json:
        _emit(result.model_dump(mode="json"))
    else:
        _say(render_deadline(profile, result))
    return EXIT_OK


def _as_of(args: argparse.Namespace) -> dt.date:
    if args.as_of is None:
        return today()
    day = parse_date(args.as_of, "--as-of")
    assert isinstance(day, dt.date)
    return day


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from ._case import read_case
    from ._evaluate import evaluate
    from ._loader import load_profile
    from ._render import render_report

    profile = load_profile(args.profile)
    as_of = _as_of(args)
    calendar = _calendar(args)
    if args.format is not None:
        return _bulk(args, as_of)
    if args.workers is not None or args.output is not None or args.explain:
        raise _ArgumentError("--workers, --output and --explain go with --format jsonl|parquet|csv")
    if args.jsonl or args.case.endswith(".jsonl") or args.case == "-":
        return _batch(args, profile, as_of, calendar)
    case, line_of = read_case(args.case, limits=_limits(args), context=profile.case_context)
    with _located(args.case, line_of):
        report = evaluate(profile, case, as_of=as_of, calendar=calendar, language=args.language)
    if args.json:
        _emit(report.model_dump(mode="json"))
    else:
        _say(render_report(report, case.id))
    return EXIT_OK


@contextlib.contextmanager
def _located(file: str, line_of: Callable[[tuple[str | int, ...]], int | None]) -> Iterator[None]:
    """A ``CaseError`` the evaluator raises about a key of the case (``obligations[0].rule``, an extension over
    the maximum) names the case file and the key's line."""
    from ._documents import parse_path

    try:
        yield
    except CaseError as exc:
        if exc.file is not None:
            raise
        line = line_of(parse_path(exc.key)) if exc.key else None
        raise CaseError(exc.reason, file=file, line=line, key=exc.key) from None


def _batch(args: argparse.Namespace, profile: Profile, as_of: dt.date, calendar: Calendar) -> int:
    """One JSON line out per case line in, streamed; bad lines become error records (exit 1)."""
    from ._evaluate import evaluate_many

    name = "<stdin>" if args.case == "-" else args.case
    if args.case == "-":
        stdin = sys.stdin
        if stdin is None or stdin.closed:
            raise CaseError("standard input is closed: pipe the JSONL batch into it", file=name)
        stream = getattr(stdin, "buffer", stdin)  # a text stream (tests, embedding) is read line by line
    else:
        try:
            stream = open(args.case, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise CaseError(f"cannot read file: {exc.strerror or exc}", file=name) from None
        except ValueError:  # a NUL in the name
            raise CaseError("cannot read file: no such file", file=name) from None
    progress = sys.stderr.isatty()
    failed = done = 0
    try:
        with contextlib.nullcontext(stream) if args.case == "-" else stream:
            for result in evaluate_many(profile, stream, as_of=as_of, calendar=calendar, file=name,
                                        limits=_limits(args), language=args.language):
                done += 1
                failed += result.error is not None
                _write(json.dumps(batch_record(result), ensure_ascii=False) + "\n")
                if progress and done % 1000 == 0:
                    sys.stderr.write(f"\r{done} cases, {failed} failed")
    except (OSError, ValueError) as exc:
        if isinstance(exc, RulesError):
            raise
        raise CaseError(f"cannot read the batch after {done} records: {exc}", file=name) from None
    if progress:
        sys.stderr.write(f"\r{done} cases, {failed} failed\n")
    if not done:
        raise CaseError("no cases: the batch is empty (one JSON case per line expected)", file=name)
    return EXIT_FAILED if failed else EXIT_OK


def _bulk(args: argparse.Namespace, as_of: dt.date) -> int:
    """``--format``: the columnar evaluator over chunks of the input, on ``--workers`` processes (``_bulk``)."""
    from . import _bulk

    if args.json:
        raise _ArgumentError("--json prints one report; a batch in a --format is its own output")

    def absolute(path: str) -> str:
        return str(Path(path).resolve()) if Path(path).is_file() else path

    job = _bulk.Job(profile=absolute(args.profile), as_of=as_of.isoformat(),
                    calendar_files=tuple(str(Path(path).resolve()) for path in args.calendar or ()),
                    calendar_policy=args.calendar_policy,
                    calendar_dir=str(Path(args.calendar_dir).resolve()) if args.calendar_dir else None,
                    limits=_limits(args), explain=args.explain, language=args.language,
                    file="<stdin>" if args.case == "-" else args.case, fmt=args.format)
    options = _bulk.Options(source=args.case, fmt=args.format, output=args.output,
                            workers=args.workers or _bulk.default_workers(), job=job)
    tally = _bulk.run(options, lambda data: _write(data.decode("utf-8", "surrogatepass")))
    print(tally.summary(), file=sys.stderr)
    return EXIT_FAILED if tally.paths.get("error") else EXIT_OK


def batch_record(result: BatchResult) -> dict[str, Any]:
    """A batch output line: ``{line, case, report}`` or ``{line, case, error}``."""
    record: dict[str, Any] = {"line": result.line, "case": result.case_id}
    if result.report is not None:
        record["report"] = result.report.model_dump(mode="json")
    else:
        error = result.error
        assert error is not None
        record["error"] = {"type": type(error).__name__, "message": str(error),
                           "key": getattr(error, "key", None)}
    return record


def _cmd_compare(args: argparse.Namespace) -> int:
    from ._case import read_case
    from ._evaluate import compare, compare_context
    from ._render import render_comparison

    case, line_of = read_case(args.case, limits=_limits(args), context=compare_context())
    with _located(args.case, line_of):
        reports = compare(case, as_of=_as_of(args), calendar=_calendar(args))
    if args.json:
        _emit({name: report.model_dump(mode="json") for name, report in reports.items()})
    else:
        _say(render_comparison(reports))
    return EXIT_OK


def _cmd_test(args: argparse.Namespace) -> int:
    import yaml

    from ._scenarios import actual_sections, run_files

    runs = run_files(args.paths, _calendar(args))
    outcomes = [outcome for run in runs for outcome in run.outcomes]
    failed = [outcome for outcome in outcomes if not outcome.passed]
    lines: list[str] = []
    problems: list[str] = []
    for run in runs:
        if run.invalid is not None:
            problems.append(f"invalid  {run.invalid}")
        for outcome in run.outcomes:
            if not outcome.passed:
                lines.append(outcome.describe())
                if args.show_actual and outcome.actual is not None:
                    shown = yaml.safe_dump(actual_sections(outcome), allow_unicode=True, sort_keys=False)
                    lines.append("  actual:\n" + "\n".join(f"    {line}" for line in shown.rstrip().splitlines()))
            elif args.verbose:
                lines.append(f"passed {outcome.scenario.file}: {outcome.scenario.name}")
    invalid = sum(run.invalid is not None for run in runs)
    lines.append(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed"
                 + (f", {invalid} invalid" if invalid else ""))
    if problems:
        print(printable("\n".join(problems)), file=sys.stderr)
    _say(*lines)
    if invalid:
        return EXIT_INVALID
    return EXIT_FAILED if failed else EXIT_OK


def _cmd_diff(args: argparse.Namespace) -> int:
    from ._diff import diff_profiles, diff_verdicts, field_changes, load_cases
    from ._loader import load_profile
    from ._render import render_diff

    old, new = load_profile(args.old), load_profile(args.new)
    rules = diff_profiles(old, new)
    cases = None
    if args.cases:
        cases = diff_verdicts(old, new, load_cases(args.cases, context=new.case_context), as_of=_as_of(args),
                              calendar=_calendar(args))
    if args.json:
        _emit({"rules": [{"rule": c.rule, "change": c.change, "article": c.article, "details": list(c.details)}
                         for c in rules],
               "fields": [{"rule": f.rule, "path": f.path, "before": f.before, "after": f.after}
                          for f in field_changes(old, new)],
               "cases": None if cases is None else [
                   {"case": c.case, "changes": [{"what": w, "before": b, "after": a} for w, b, a in c.changes]}
                   for c in cases]})
    else:
        _say(render_diff(old, new, rules, cases))
    changed = bool(cases) if cases is not None else bool(rules)
    return EXIT_FAILED if changed else EXIT_OK


# -- parser ----------------------------------------------------------------------------------------

def json_schema(what: str) -> dict[str, Any]:
    """JSON Schema of a profile, case, scenario, calendar, report or deadline result, from the models."""
    from ._schemas import generate

    return generate(cast("SchemaKind", what))


def profile_schema() -> dict[str, Any]:
    return json_schema("profile")


def _cmd_serve(args: argparse.Namespace) -> int:
    try:
        from ._serve import run  # fastapi and uvicorn are the optional [server] extra
    except ImportError as exc:
        raise _ArgumentError(f"serve needs the server extra: pip install 'enforcement-rules[server]' ({exc})") from None
    run(args.host, args.port, Path(args.profiles_dir) if args.profiles_dir else None)
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    _emit(json_schema(args.what))
    return EXIT_OK


class _Version(argparse.Action):
    """``--version``: the installed distribution's version, looked up only when asked (``importlib.metadata``
    costs as much as the rest of ``--help``)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show program's version number and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> NoReturn:
        from . import __version__

        _write(f"{parser.prog} {__version__}\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:  # noqa: PLR0915 - one statement per option reads best
    directory = _Parser(add_help=False)
    directory.add_argument("--calendar-dir", metavar="DIR",
                           help="the calendar directory (default: $ENFORCEMENT_RULES_CALENDAR_DIR, else the user "
                                "data directory; see `calendar status`)")
    common = _Parser(add_help=False, parents=[directory])
    common.add_argument("--calendar", action="append", metavar="FILE",
                        help="a calendar file for one year (SPEC §3 format); repeatable; replaces that year")
    common.add_argument("--limit", action="append", metavar="NAME=VALUE", type=_limit,
                        help="replace one input limit for case files and batch lines, e.g. max_line_bytes=4194304 "
                             f"(names: {', '.join(field.name for field in dataclasses.fields(Limits))}; "
                             "README 'Limits')")
    common.add_argument("--calendar-policy", choices=POLICIES, default="strict",
                        help="strict (default): a year outside the calendar is an error (exit 3); "
                             "weekends: treat it as Monday–Friday working, result marked provisional")
    parser = _Parser(prog="enforcement-rules", description=(_package_doc or "").strip(),
                     epilog="Exit codes: 0 success, 1 a checked failure (scenario, changed verdict, bad batch line, "
                            "warning under --strict), 2 invalid input, 3 calendar coverage.")
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub = commands.add_parser("profiles", help="list the bundled profiles")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub.set_defaults(run=_cmd_profiles)

    sub = commands.add_parser("show", help="a profile's instruments and rules")
    sub.add_argument("profile", metavar="PROFILE", help="a bundled profile name or a profile YAML path")
    sub.add_argument("--json", action="store_true", help="print the whole profile as JSON")
    sub.set_defaults(run=_cmd_show)

    sub = commands.add_parser("validate", help="check profiles (with static checks), calendar, case and scenario files",
                              description="Check each file (kind told by its content). Profiles also get static "
                                          "checks, reported as warnings with file and line. Exit 0 valid, 2 any "
                                          "invalid, 1 with --strict when there are warnings.")
    sub.add_argument("files", metavar="FILE", nargs="+")
    sub.add_argument("--strict", action="store_true", help="warnings fail the check (exit 1)")
    sub.add_argument("--columnar", action="store_true",
                     help="profiles: also check that the columnar plan gives the scalar evaluator's verdicts on "
                          "generated cases (needs the [testing] extra); a difference is invalid (exit 2)")
    sub.add_argument("--examples", type=_positive_int, default=200, metavar="N",
                     help="with --columnar: how many generated batches (default 200)")
    sub.set_defaults(run=_cmd_validate)

    sub = commands.add_parser("deadline", parents=[common], help="the due date of one deadline rule",
                              description="Compute the due date of RULE for TRIGGER under PROFILE.")
    sub.add_argument("profile", metavar="PROFILE", help="a bundled profile name or a profile YAML path")
    sub.add_argument("rule", metavar="RULE", help="a deadline rule id (see `show PROFILE`)")
    sub.add_argument("trigger", metavar="TRIGGER",
                     help="the date that starts the period (YYYY-MM-DD), or the year for fixed annual rules")
    sub.add_argument("--extension-months", type=_positive_int, metavar="N",
                     help="an approved extension, in months (C7)")
    sub.add_argument("--json", action="store_true", help="print JSON (SPEC §6)")
    sub.set_defaults(run=_cmd_deadline)
    sub = commands.add_parser("evaluate", parents=[common], help="evaluate a case (or a JSONL batch) under a profile",
                              description="Evaluate CASE (JSON or YAML) under PROFILE as of a day. With --jsonl, or a "
                                          "CASE ending in .jsonl, or '-' for standard input: one case per line, one "
                                          "JSON record out per line; bad lines become error records (exit 1). "
                                          "With --format jsonl|parquet|csv: a JSONL or .parquet batch evaluated by "
                                          "the columnar plan in chunks on --workers processes, one verdict row per "
                                          "case in input order (error rows: exit 1), a summary line on stderr.")
    sub.add_argument("case", metavar="CASE",
                     help="a case file (JSON/YAML), a .jsonl batch, a .parquet table (with --format), or - for stdin")
    sub.add_argument("--profile", required=True, metavar="PROFILE", help="a bundled profile name or a YAML path")
    sub.add_argument("--as-of", metavar="DATE", help="the day of evaluation (default: today)")
    sub.add_argument("--language", choices=LANGUAGES, default="zh",
                     help="the language of the explanation: zh (default, the law's own) or en")
    output = sub.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the report as JSON (SPEC §6)")
    output.add_argument("--jsonl", action="store_true", help="batch: CASE holds one JSON case per line")
    sub.add_argument("--format", choices=("jsonl", "parquet", "csv"),
                     help="batch: verdict rows as JSON lines, Parquet (needs --output) or CSV (lists as JSON text)")
    sub.add_argument("--workers", type=_workers, metavar="N",
                     help="with --format: processes evaluating chunks (default: the cores available; 1: no pool)")
    sub.add_argument("--output", metavar="FILE",
                     help="with --format: write FILE (via FILE.tmp, renamed at the end) instead of stdout")
    sub.add_argument("--explain", action="store_true", help="with --format: add the explanation column")
    sub.set_defaults(run=_cmd_evaluate)

    sub = commands.add_parser("compare", parents=[common], help="a case under every bundled profile, side by side")
    sub.add_argument("case", metavar="CASE", help="a case file (JSON or YAML)")
    sub.add_argument("--as-of", metavar="DATE", help="the day of evaluation (default: today)")
    sub.add_argument("--json", action="store_true", help="print an object keyed by profile name")
    sub.set_defaults(run=_cmd_compare)

    _add_analyst_commands(commands, common)
    add_calendar_commands(commands, directory)

    sub = commands.add_parser("schema", help="print the JSON Schema of a file kind (also shipped in schemas/)")
    sub.add_argument("what", metavar="KIND", choices=SCHEMA_KINDS, help=f"one of {', '.join(SCHEMA_KINDS)}")
    sub.set_defaults(run=_cmd_schema)
    add_init_command(commands)
    sub = commands.add_parser("serve", help="run the HTTP service (needs the [server] extra)",
                              description="Serve POST /v1/evaluate, /v1/compare, /v1/deadline, GET /v1/profiles, "
                                          "/v1/profiles/NAME, /v1/coverage/NAME, /healthz and /docs (OpenAPI).")
    sub.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
    sub.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    sub.add_argument("--profiles-dir", metavar="DIR", help="more profiles a request may name (NAME.yaml)")
    sub.set_defaults(run=_cmd_serve)
    return parser


def _add_analyst_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("test", parents=[common], help="run YAML scenario files (expected partial reports)",
                              description="Run every scenario in the given files and folders (*.yaml below a "
                                          "folder). Prints each failure as expected-versus-actual and ends with "
                                          "'N passed, N failed'; an invalid file is reported and the others still "
                                          "run. Exit 0 all pass, 1 any fails, 2 any file invalid.")
    sub.add_argument("paths", metavar="PATH", nargs="+", help="scenario files or folders")
    sub.add_argument("-v", "--verbose", action="store_true", help="also list the scenarios that passed")
    sub.add_argument("--show-actual", action="store_true",
                     help="for a failing scenario, print the actual report's sections its expectation names")
    sub.set_defaults(run=_cmd_test)

    sub = commands.add_parser("diff", parents=[common], help="what changed between two versions of a profile",
                              description="A semantic diff of two profile versions in legal terms; with --cases, "
                                          "every case re-evaluated under both, listing the cases whose verdicts "
                                          "change. Exit 0 nothing changed, 1 something did (a CI gate), 2 invalid "
                                          "input. Without --cases, 'changed' means the rules changed.")
    sub.add_argument("old", metavar="OLD", help="the old profile (name or YAML path)")
    sub.add_argument("new", metavar="NEW", help="the new profile (name or YAML path)")
    sub.add_argument("--cases", metavar="PATH", help="a folder of case files or a JSONL file")
    sub.add_argument("--as-of", metavar="DATE", help="the day of evaluation (default: today)")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub.set_defaults(run=_cmd_diff)

    sub = commands.add_parser("coverage", help="how every article of a profile's sources is classified",
                              description="Each article (条, and 款/项 where rules cite them) of every instrument "
                                          "with a source: encoded (by which rules), declarative or not_modelled "
                                          "(with the reason), and the percentages.")
    sub.add_argument("profile", metavar="PROFILE", help="a bundled profile name or a profile YAML path")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub.set_defaults(run=_cmd_coverage)

def _limit(text: str) -> tuple[str, int | dt.date]:
    name, _, value = text.partition("=")
    kinds = {field.name: field.type for field in dataclasses.fields(Limits)}
    if name not in kinds:
        raise argparse.ArgumentTypeError(f"unknown limit {name!r}; expected one of {', '.join(kinds)}")
    if "date" in name:
        try:
            return name, dt.date.fromisoformat(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name}: expected a date YYYY-MM-DD; got {value!r}") from None
    if not value.isdigit() or int(value) < 1 or len(value) > 18:
        raise argparse.ArgumentTypeError(f"{name}: expected a whole number, at least 1; got {value!r}")
    return name, int(value)


def _limits(args: argparse.Namespace) -> Limits:
    given = getattr(args, "limit", None) or []
    try:
        return DEFAULT_LIMITS.replace(**dict(given)) if given else DEFAULT_LIMITS
    except ValueError as exc:
        raise _ArgumentError(f"--limit: {exc}") from None


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of months, at least 1; got {text!r}")
    return int(text)


def _workers(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 1024:
        raise argparse.ArgumentTypeError(f"expected a number of processes, 1 to 1024; got {text!r}")
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (the console script exits with it)."""
    try:
        args = build_parser().parse_args(argv)
        run: Callable[[argparse.Namespace], int] = args.run
        code = run(args)
    except RulesError as exc:
        # a usage error is already prefixed with the (sub)command's name: one prefix, never two
        text = str(exc) if isinstance(exc, _UsageError) else f"enforcement-rules: {exc}"
        print(printable(text), file=sys.stderr)
        return EXIT_COVERAGE if isinstance(exc, CalendarCoverageError) else EXIT_INVALID
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        print(f"enforcement-rules: internal error ({type(exc).__name__}: {exc}); please report it with the "
              "command line that caused it", file=sys.stderr)
        return EXIT_INTERNAL
    _warn_if_calendar_ends_soon(args)  # after the output; an error keeps its one line on stderr
    return code


def console() -> NoReturn:
    code = main()
    # The process ends here: the objects it made (models, schemas, the calendar's index) are set aside from the
    # garbage collector, so that the interpreter's shutdown does not walk them all once more (about 25 ms of a
    # 200 ms start, issue 10). Shutdown itself (flushing, atexit) is unchanged.
    gc.freeze()
    sys.exit(code)
