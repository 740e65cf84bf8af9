"""Scenario files: YAML lists of ``{name, profile, as_of, case, expect}`` that legal analysts write instead
of Python tests. ``expect`` is a partial report: mappings match as subsets, lists of objects carrying ``rule``
or ``code`` match element by element on that key, everything else must be equal."""

from __future__ import annotations

import datetime as dt
import os
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
    for index in range(len(document.data)):
        sub = _subdocument(document, (index,))
        parsed = sub.validate(_Scenario, ScenarioError)
        profile = _profile(parsed.profile, Path(path).parent, document, index)
        case_lines = {key[2:]: line for key, line in document.lines.items() if key[:2] == (index, "case")}
        try:
            case = checked(case_from_data(parsed.case, file=file, lines=case_lines), DEFAULT_LIMITS, file=file,
                           line_of=Document(parsed.case, file, case_lines).line_of)
        except CaseError as exc:
            raise ScenarioError(exc.reason, file=file, line=exc.line,
                                key=format_path((index, "case", *_split(exc.key)))) from None
        scenarios.append(Scenario(parsed.name, file, document.lines.get((index,)), profile, parsed.as_of, case,
                                  _jsonable(parsed.expect)))
    return scenarios


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
    return Outcome(scenario, tuple(compare_partial(scenario.expect, report.model_dump(mode="json"))))


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
