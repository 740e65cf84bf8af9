"""Fuzzing (issue 11): whatever the input, only the documented errors, one line naming the place, nothing on
stdout on error, never an internal error (exit 70).

About 3,500 examples in CI; ``pytest tests/test_fuzz.py --hypothesis-profile=fuzz`` runs about 100,000.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enforcement_rules import (
    CalendarCoverageError,
    CalendarFileError,
    CaseError,
    InvalidInputError,
    ProfileError,
    RulesError,
    due_date,
    evaluate,
    evaluate_many,
    list_profiles,
    load_calendar_file,
    load_case,
    load_profile,
    national_calendar,
)
from enforcement_rules._case import case_from_data
from enforcement_rules._choices import Policy
from enforcement_rules._cli import main
from enforcement_rules._kinds.deadline import DeadlineRule
from enforcement_rules._loader import parse_profile

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(path for path in (ROOT / "examples").iterdir() if path.suffix in {".yaml", ".json"})
PROFILES = {name: load_profile(name) for name in list_profiles()}
RULES = sorted({rule for profile in PROFILES.values() for rule in profile.rules})
DEADLINE_RULES = sorted((name, rule_id) for name, profile in PROFILES.items()
                        for rule_id, rule in profile.rules.items() if isinstance(rule, DeadlineRule))
WEIHAI_TEXT = (ROOT / "profiles" / "weihai.yaml").read_text(encoding="utf-8")
CALENDAR_TEXT = (ROOT / "tests" / "fixtures" / "calendars" / "2027-illustrative.yaml").read_text(encoding="utf-8")
FIXTURE_SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}


def fuzz_examples(weight: int) -> int:
    """``weight`` examples under the default profile (100 examples), scaled with the active profile's."""
    active = settings.default
    return max(1, weight * (active.max_examples if active is not None else 100) // 100)


def one_line(error: BaseException) -> None:
    text = str(error)
    assert text and "\n" not in text and "Traceback" not in text, text


# -- strategies ----------------------------------------------------------------------------------------

ANY_DATE = st.one_of(st.dates(dt.date(1949, 10, 1), dt.date(2099, 12, 31)), st.dates())
DATE_TEXT = st.one_of(ANY_DATE.map(dt.date.isoformat),
                      st.sampled_from(["2026-02-30", "2026-13-01", "0000-01-01", "99999-01-01", "", "2026-1-1"]))
INTEGERS = st.one_of(st.integers(-3, 40), st.integers(), st.sampled_from([10**19, 10**25, -(10**30)]))
SCALARS = st.one_of(st.none(), st.booleans(), INTEGERS, st.floats(), st.text(max_size=12), DATE_TEXT)
KEYS = st.one_of(st.sampled_from(["id", "act", "type", "on", "at", "events", "obligations", "rule", "trigger",
                                  "year", "done_on", "months", "deadline", "document", "defects", "bars"]),
                 st.text(max_size=6))
JUNK = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
                    max_leaves=12)
EVENT_TYPES = ["case_filed", "extension_approved", "investigation", "corrective_document_received", "corrected",
               "review_requested", "review_replied", "decision_received", "execution_reported", "case_closed",
               "archived", "coercive_execution"]


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(strategy, strategy, strategy, JUNK)


@st.composite
def case_like(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly well-formed cases with any dates, amounts and rules; sometimes junk in any place."""
    event = st.fixed_dictionaries(
        {"type": _maybe(st.sampled_from(EVENT_TYPES)), "on": _maybe(DATE_TEXT)},
        optional={"months": _maybe(INTEGERS), "deadline": _maybe(DATE_TEXT),
                  "document": _maybe(st.sampled_from(["opinion", "notice", "supervision_letter"])),
                  "supervisors": _maybe(INTEGERS), "at": _maybe(DATE_TEXT.map(lambda d: f"{d}T23:30")),
                  "emergency": st.booleans(), "outcome": st.sampled_from(["revoke", "confirm_void"])})
    obligation = st.fixed_dictionaries(
        {"rule": _maybe(st.sampled_from(RULES))},
        optional={"trigger": _maybe(DATE_TEXT), "year": _maybe(INTEGERS), "done_on": _maybe(DATE_TEXT)})
    act = st.fixed_dictionaries({}, optional={
        "type": st.sampled_from(["penalty", "licensing", "coercive_execution", "other"]),
        "decided_on": _maybe(DATE_TEXT),
        "defects": st.lists(st.sampled_from(["insufficient_evidence", "no_legal_basis", "failure_to_perform"]),
                            max_size=2)})
    complaint = st.fixed_dictionaries({"received_on": _maybe(DATE_TEXT)},
                                      optional={"identifies_target": st.booleans(),
                                                "targets_specific_act": st.booleans()})
    return draw(st.fixed_dictionaries({}, optional={
        "id": _maybe(st.text(max_size=10)), "act": _maybe(act), "complaint": _maybe(complaint),
        "events": _maybe(st.lists(event, max_size=6)), "obligations": _maybe(st.lists(obligation, max_size=3))}))


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """``original`` with a few bytes inserted, deleted or replaced."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(st.one_of(st.binary(min_size=1, max_size=6),
                               st.sampled_from([b"\xff", b"\xef\xbb\xbf", b"\r", b"\t", b"\\ud800", b"[", b"{",
                                                b"9" * 30, b": ", b"\n- ", b"&a ", b"*a", b"!!python/object ",
                                                b"9999-12-31", b"22:00", b'"', b"NaN"])))
        if action == "insert":
            data[where:where] = chunk
        elif action == "delete":
            del data[where:where + len(chunk)]
        else:
            data[where:where + len(chunk)] = chunk
    return bytes(data)


def _example_bytes() -> st.SearchStrategy[tuple[str, bytes]]:
    sources = [(path.suffix, path.read_bytes()) for path in EXAMPLES]
    return st.sampled_from(sources).flatmap(lambda item: mutated(item[1]).map(lambda data: (item[0], data)))


@st.composite
def mutated_text(draw: st.DrawFn, original: str) -> str:
    """A YAML text with a few lines deleted, repeated or given another value."""
    lines = original.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "repeat", "value", "value", "value"]))
        if action == "delete":
            del lines[index]
        elif action == "repeat":
            lines.insert(index, lines[index])
        elif ": " in lines[index]:
            head = lines[index].split(": ", 1)[0]
            value = draw(st.one_of(st.sampled_from(["22:00", "1000000", "-1", "0", "99999999999999999999999", "",
                                                    "[]", "{}", "null", "9999-12-31", "0o17", "'x'", "[a, b]",
                                                    "../../etc/passwd", "2026-02-30", "true", "1e400"]),
                                   st.text(max_size=8).map(json.dumps)))
            lines[index] = f"{head}: {value}"
    return "\n".join(lines)


# -- the API -------------------------------------------------------------------------------------------

@settings(max_examples=fuzz_examples(600), **FIXTURE_SETTINGS)  # type: ignore[arg-type]
@given(_example_bytes())
def test_load_case_raises_only_case_error(item: tuple[str, bytes]) -> None:
    suffix, data = item
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"case{suffix}"
        path.write_bytes(data)
        try:
            load_case(path)
        except CaseError as exc:
            one_line(exc)
            assert str(path) in str(exc)


@settings(max_examples=fuzz_examples(700), **FIXTURE_SETTINGS)  # type: ignore[arg-type]
@given(case_like(), st.sampled_from(sorted(PROFILES)), ANY_DATE.filter(lambda d: d.year >= 1950),
       st.sampled_from(["strict", "weekends"]))
def test_parse_then_evaluate_raise_only_documented_errors(data: dict[str, Any], name: str, as_of: dt.date,
                                                          policy: Policy) -> None:
    try:
        case = case_from_data(data)
    except CaseError as exc:
        one_line(exc)
        return
    try:
        evaluate(PROFILES[name], case, as_of=as_of, calendar=national_calendar(policy))
    except (CaseError, InvalidInputError, CalendarCoverageError) as exc:
        one_line(exc)


@settings(max_examples=fuzz_examples(400), **FIXTURE_SETTINGS)  # type: ignore[arg-type]
@given(st.lists(st.one_of(case_like().map(lambda d: json.dumps(d).encode()), st.binary(max_size=40),
                          _example_bytes().map(lambda item: item[1].replace(b"\n", b" "))), min_size=1, max_size=6),
       st.sampled_from(["strict", "weekends"]))
def test_a_batch_gives_one_record_per_nonblank_line_whatever_the_lines(lines: list[bytes], policy: Policy) -> None:
    lines = [line.replace(b"\n", b" ") for line in lines]
    stream = io.BytesIO(b"\n".join(lines))
    results = list(evaluate_many("weihai", stream, as_of=dt.date(2026, 11, 22),
                                 calendar=national_calendar(policy)))
    assert [result.line for result in results] == [number for number, line in enumerate(lines, start=1)
                                                   if not _blank(number, line)]
    for result in results:
        assert (result.report is None) != (result.error is None)
        if result.error is not None:
            one_line(result.error)
            assert type(result.error).__name__ != "EvaluationError", result.error


def _blank(number: int, line: bytes) -> bool:
    """A blank line gives no record: whitespace only, once decoded (and, on line 1, without its BOM)."""
    try:
        return not (line.removeprefix(b"\xef\xbb\xbf") if number == 1 else line).decode("utf-8").strip()
    except UnicodeDecodeError:
        return False


@settings(max_examples=fuzz_examples(600), **FIXTURE_SETTINGS)  # type: ignore[arg-type]
@given(st.sampled_from(DEADLINE_RULES), st.one_of(ANY_DATE, st.integers(-5, 10_000), st.integers()),
       st.one_of(st.none(), st.integers(-2, 3), st.integers()), st.sampled_from(["strict", "weekends"]))
def test_due_date_raises_only_documented_errors(rule: tuple[str, str], trigger: dt.date | int,
                                                months: int | None, policy: Policy) -> None:
    name, rule_id = rule
    try:
        due_date(PROFILES[name], rule_id, trigger, extension_months=months,
                 calendar=national_calendar(policy))
    except (InvalidInputError, CalendarCoverageError) as exc:
        one_line(exc)


@settings(max_examples=fuzz_examples(150), **FIXTURE_SETTINGS)  # type: ignore[arg-type]
@given(mutated_text(WEIHAI_TEXT), ANY_DATE)
def test_parse_profile_raises_only_profile_error(text: str, trigger: dt.date) -> None:
    try:
        profile = parse_profile(text, "weihai-fuzzed.yaml")
    except ProfileError as exc:
        one_line(exc)
        assert "weihai-fuzzed.yaml" in str(exc)
        return
    calendar = national_calendar("weekends")
    for rule_id, rule in profile.rules.items():
        if isinstance(rule, DeadlineRule):
            try:
                due_date(profile, rule_id, trigger.year if rule.trigger_is_year else trigger, calendar=calendar)
            except InvalidInputError as exc:
                one_line(exc)


@settings(max_examples=fuzz_examples(300), **FIXTURE_SETTINGS)  # type: ignore[arg-type]
@given(st.one_of(mutated_text(CALENDAR_TEXT).map(str.encode), mutated(CALENDAR_TEXT.encode())))
def test_calendar_files_raise_only_calendar_file_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "2027.yaml"
        path.write_bytes(data)
        try:
            load_calendar_file(path)
        except CalendarFileError as exc:
            one_line(exc)
            assert str(path) in str(exc)


# -- the command line, in-process ----------------------------------------------------------------------

TOKENS = st.one_of(
    st.sampled_from(["weihai", "xuchang", "jincheng", "quzhou", "nowhere", "--json", "--jsonl", "--as-of",
                     "--calendar", "--calendar-policy", "weekends", "strict", "--extension-months", "--profile",
                     "-", "2026", "9999", "0", "-1", "1", "--strict", "-v", "case", "report", "profile"]),
    st.sampled_from(RULES), DATE_TEXT, st.text(max_size=8))


@contextlib.contextmanager
def _streams(stdin: bytes) -> Iterator[tuple[io.TextIOWrapper, io.TextIOWrapper]]:
    """Real text streams over bytes, UTF-8 and strict like a terminal's, so an unencodable character fails."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
    with mock.patch("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield out, err


def _read(stream: io.TextIOWrapper) -> str:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode("utf-8")


@settings(max_examples=fuzz_examples(750), **FIXTURE_SETTINGS)  # type: ignore[arg-type]
@given(st.sampled_from(["evaluate", "deadline", "compare", "validate", "show", "test", "diff", "profiles",
                        "schema"]),
       st.lists(st.one_of(TOKENS, st.just("@FILE")), max_size=6),
       st.one_of(_example_bytes(), case_like().map(lambda d: (".json", json.dumps(d).encode())),
                 case_like().map(lambda d: (".jsonl", (json.dumps(d) + "\n").encode() * 2))),
       st.binary(max_size=60))
def test_the_cli_exits_0_to_3_and_an_error_is_one_line_with_nothing_on_stdout(
        command: str, tokens: list[str], file: tuple[str, bytes], stdin: bytes) -> None:
    suffix, content = file
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(content)
        argv = [command, *(str(path) if token == "@FILE" else token for token in tokens)]
        with _streams(stdin) as (out, err):
            try:
                code = main(argv)
            except SystemExit as exc:  # --help / -h: argparse prints the help and exits 0
                code = exc.code if isinstance(exc.code, int) else 2
        stdout, stderr = _read(out), _read(err)
    assert code in {0, 1, 2, 3}, (argv, stderr)
    if code in {2, 3} and command in {"validate", "test"}:
        # both go on past an invalid file: its one line on stderr; `test` still prints its summary
        assert stdout == "" or code == 2, argv
        assert all(line.startswith(("invalid  ", "warning  ", "enforcement-rules: ", f"enforcement-rules {command}: "))
                   for line in stderr.splitlines()), (argv, stderr)
    elif code in {2, 3}:
        assert stdout == "", argv
        # one line, with one program-name prefix: "enforcement-rules: …", or for a usage error
        # "enforcement-rules COMMAND: …"
        assert stderr.count("\n") == 1 and stderr.startswith("enforcement-rules"), (argv, stderr)
    else:
        assert "internal error" not in stderr and "Traceback" not in stderr, (argv, stderr)


def test_rules_error_is_the_root_of_every_error_the_fuzz_accepts() -> None:
    for error in (CaseError, InvalidInputError, CalendarCoverageError, ProfileError, CalendarFileError):
        assert issubclass(error, RulesError)
