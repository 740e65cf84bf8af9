"""Scenario files: YAML lists of ``{name, profile, as_of, case, expect}`` that legal analysts write instead
of Python tests. ``expect`` is a partial report: mappings match as subsets, lists of objects carrying ``rule``
or ``code`` match element by element on that key, everything else must be equal."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from ._calendar import Calendar, national_calendar
from ._case import Case, case_from_data, checked
from ._documents import Document, IsoDate, PathKey, format_path, parse_yaml, read_text
from ._errors import CaseError, RulesError, _LocatedError
from ._evaluate import evaluate
from ._limits import DEFAULT_LIMITS
from ._loader import load_profile
from ._profile import Profile
from ._report import Report


class ScenarioError(_LocatedError):
    """A scenario file is invalid: file, line and key."""


class _Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    profile: str
    as_of: IsoDate
    case: dict[str, Any]
    expect: dict[str, Any] = {}


@dataclass(frozen=True)
class Scenario:
    name: str
    file: str
    line: int | None
    profile: Profile
    as_of: dt.date
    case: Case
    expect: dict[str, Any]


@dataclass(frozen=True)
class Mismatch:
    path: str
    expected: Any
    actual: Any

    def __str__(self) -> str:
        if self.actual is _MISSING:
            return f"{self.path}: expected {self.expected!r}, but the report has no such entry"
        return f"{self.path}: expected {self.expected!r}, got {self.actual!r}"


@dataclass(frozen=True)
class Outcome:
    scenario: Scenario
    mismatches: tuple[Mismatch, ...] = ()
    error: RulesError | None = None
    actual: dict[str, Any] | None = None
    """The report as JSON data (``None`` when evaluation raised)."""

    @property
    def passed(self) -> bool:
        return not self.mismatches and self.error is None

    def describe(self) -> str:
        where = f"{self.scenario.file}:{self.scenario.line}" if self.scenario.line else self.scenario.file
        head = f"FAILED {where}: {self.scenario.name}"
        if self.error is not None:
            return f"{head}\n  error: {self.error}"
        return "\n".join([head, *(f"  {mismatch}" for mismatch in self.mismatches)])


_MISSING = object()


def scenario_files(paths: list[str | os.PathLike[str]]) -> list[Path]:
    """The given files, and every ``*.yaml``/``*.yml`` below the given folders, sorted."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())
        elif path.is_file():
            found.append(path)
        else:
            raise ScenarioError("no such file or folder", file=str(path))
    return found


def load_scenarios(path: str | os.PathLike[str], *, shown: str | None = None) -> list[Scenario]:
    """Read and check a scenario file (its cases too); profiles named by path are relative to the file."""
    file = shown or str(path)
    document = parse_yaml(read_text(Path(path), ScenarioError), file, ScenarioError)
    if not isinstance(document.data, list):
        raise ScenarioError("a scenario file is a list of {name, profile, as_of, case, expect}", file=file, line=1)
    scenarios = []
    names: dict[str, int | None] = {}
    for index in range(len(document.data)):
        sub = _subdocument(document, (index,))
        parsed = sub.validate(_Scenario, ScenarioError)
        if parsed.name in names:
            raise document.error(ScenarioError, (index, "name"), f"duplicate scenario name {parsed.name!r} "
                                 f"(first at line {names[parsed.name]}): each scenario is a test named by it")
        names[parsed.name] = document.lines.get((index,))
        profile = _profile(parsed.profile, Path(path).parent, document, index)
        _check_expect(parsed.expect, Report, profile, document, (index, "expect"))
        case_lines = {key[2:]: line for key, line in document.lines.items() if key[:2] == (index, "case")}
        try:
            case = checked(case_from_data(parsed.case, file=file, lines=case_lines, context=profile.case_context),
                           DEFAULT_LIMITS, file=file, line_of=Document(parsed.case, file, case_lines).line_of)
        except CaseError as exc:
            raise ScenarioError(exc.reason, file=file, line=exc.line,
                                key=format_path((index, "case", *_split(exc.key)))) from None
        scenarios.append(Scenario(parsed.name, file, document.lines.get((index,)), profile, parsed.as_of, case,
                                  _jsonable(parsed.expect)))
    return scenarios


def _check_expect(value: Any, annotation: Any, profile: Profile, document: Document, path: PathKey) -> None:
    """``expect`` names only what a report has: its keys (did-you-mean), the profile's rule ids, and values of
    the report's vocabularies; a typo would otherwise be a scenario that can never pass, or never fail."""
    members = _members(annotation)
    model = next((m for m in members if isinstance(m, type) and issubclass(m, BaseModel)), None)
    listed = next((m for m in members if typing.get_origin(m) is list), None)
    allowed = [v for m in members if typing.get_origin(m) is typing.Literal for v in typing.get_args(m)]
    if isinstance(value, dict) and model is not None:
        fields = model.model_fields
        for key, item in value.items():
            if key not in fields:
                close = difflib.get_close_matches(str(key), list(fields), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else f"; expected one of {', '.join(fields)}"
                raise document.error(ScenarioError, (*path, key), f"a report has no key {key!r}{hint}")
            if key == "rule" and isinstance(item, str) and item not in profile.rules:
                raise document.error(ScenarioError, (*path, key), f"{item!r} is not a rule of {profile.name}")
            _check_expect(item, fields[key].annotation, profile, document, (*path, key))
    elif isinstance(value, list) and listed is not None:
        (inner,) = typing.get_args(listed)
        for index, item in enumerate(value):
            _check_expect(item, inner, profile, document, (*path, index))
    elif (isinstance(value, str) and all(typing.get_origin(m) is typing.Literal for m in members)
          and value not in allowed):
        raise document.error(ScenarioError, path, f"expected one of {', '.join(map(str, allowed))}; got {value!r}")


def _members(annotation: Any) -> list[Any]:
    """The members of a union (without None), or the annotation itself."""
    if typing.get_origin(annotation) in {typing.Union, types.UnionType}:
        return [member for member in typing.get_args(annotation) if member is not type(None)]
    return [annotation]


def _subdocument(document: Document, prefix: PathKey) -> Document:
    lines = {key[len(prefix):]: line for key, line in document.lines.items() if key[:len(prefix)] == prefix}
    value: Any = document.data
    for part in prefix:
        value = value[part]
    return _Prefixed(value, document.file, lines, prefix)


class _Prefixed(Document):
    """A part of a document whose error paths keep the part's place in the whole."""

    def __init__(self, data: Any, file: str, lines: dict[PathKey, int], prefix: PathKey) -> None:
        super().__init__(data, file, lines)
        self.prefix = prefix

    def error(self, cls: type[_LocatedError], path: Any, message: str) -> _LocatedError:
        line = self.line_of(path)
        return cls(message, file=self.file, line=line, key=format_path((*self.prefix, *path)) or None)


def _split(key: str | None) -> tuple[str, ...]:
    return (key,) if key else ()


def _profile(name: str, base: Path, document: Document, index: int) -> Profile:
    candidate = base / name
    try:
        return load_profile(candidate if name.endswith((".yaml", ".yml")) and candidate.is_file() else name)
    except RulesError as exc:
        raise document.error(ScenarioError, (index, "profile"), str(exc)) from None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def run_scenario(scenario: Scenario, calendar: Calendar | None = None) -> Outcome:
    """Evaluate the scenario's case and compare the report with its expectation."""
    try:
        report = evaluate(scenario.profile, scenario.case, as_of=scenario.as_of,
                          calendar=calendar or national_calendar())
    except RulesError as exc:
        return Outcome(scenario, error=exc)
    actual = report.model_dump(mode="json")
    return Outcome(scenario, tuple(compare_partial(scenario.expect, actual)), actual=actual)


def compare_partial(expected: Any, actual: Any, path: str = "") -> Iterator[Mismatch]:
    """Where ``actual`` does not contain ``expected`` (see the module docstring for the matching rules)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            yield Mismatch(path or "(report)", expected, actual)
            return
        for key, value in expected.items():
            where = f"{path}.{key}" if path else key
            if key not in actual:
                yield Mismatch(where, value, _MISSING)
            else:
                yield from compare_partial(value, actual[key], where)
        return
    if isinstance(expected, list) and isinstance(actual, list) and expected and all(
            isinstance(item, dict) and ("rule" in item or "code" in item) for item in expected):
        for item in expected:
            key = "rule" if "rule" in item else "code"
            where = f"{path}[{key}={item[key]}]"
            matches = [entry for entry in actual if isinstance(entry, dict) and entry.get(key) == item[key]]
            if not matches:
                yield Mismatch(where, item, _MISSING)
                continue
            best = min((list(compare_partial(item, entry, where)) for entry in matches), key=len)
            yield from best
        return
    if expected != actual:
        yield Mismatch(path or "(report)", expected, actual)


def run_paths(paths: list[str | os.PathLike[str]], calendar: Calendar | None = None) -> list[Outcome]:
    """Every scenario of every file under ``paths``; invalid files raise ``ScenarioError``."""
    files = scenario_files(paths)
    scenarios = [scenario for file in files for scenario in load_scenarios(file)]
    if not scenarios:
        shown = ", ".join(str(path) for path in paths)
        raise ScenarioError(f"no scenarios found (looked in {len(files)} scenario files)", file=shown)
    return [run_scenario(scenario, calendar) for scenario in scenarios]


@dataclass(frozen=True)
class FileRun:
    """One scenario file's run: its outcomes, or the error that made it invalid (the run goes on)."""

    file: Path
    outcomes: tuple[Outcome, ...] = ()
    invalid: RulesError | None = None


def run_files(paths: list[str | os.PathLike[str]], calendar: Calendar | None = None) -> list[FileRun]:
    """Every file under ``paths``, each run on its own: an invalid file is reported and the others still run.
    No scenario file at all is an error (a suite that finds nothing must not pass)."""
    files = scenario_files(paths)
    if not files:
        shown = ", ".join(str(path) for path in paths)
        raise ScenarioError("no scenarios found (no *.yaml or *.yml file)", file=shown)
    runs = []
    for file in files:
        try:
            scenarios = load_scenarios(file)
        except RulesError as exc:
            runs.append(FileRun(file, invalid=exc))
            continue
        runs.append(FileRun(file, tuple(run_scenario(scenario, calendar) for scenario in scenarios)))
    return runs


def actual_sections(outcome: Outcome) -> dict[str, Any]:
    """The parts of the actual report a failing scenario's expectation names (its top-level keys)."""
    if outcome.actual is None:
        return {}
    shown: dict[str, Any] = {}
    for key, expected in outcome.scenario.expect.items():
        actual = outcome.actual.get(key)
        if isinstance(expected, list) and isinstance(actual, list) and expected and all(
                isinstance(item, dict) and ("rule" in item or "code" in item) for item in expected):
            wanted = {(k, item[k]) for item in expected for k in ("rule", "code") if k in item}
            actual = [entry for entry in actual if isinstance(entry, dict) and any(
                (k, entry.get(k)) in wanted for k in ("rule", "code"))]
        shown[key] = actual
    return shown
