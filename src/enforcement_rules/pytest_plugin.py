"""pytest plugin (registered by entry point): collects scenario YAML files as test items.

Which files: the ini option ``enforcement_rules_scenarios`` (glob patterns, relative to the rootdir;
default ``tests/scenarios/**/*.yaml``). Each scenario is one test item named after the scenario; a failure
is reported as the expected-versus-actual difference, not a traceback.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ._scenarios import Outcome, Scenario, ScenarioError, load_scenarios, run_scenario

_OPTION = "enforcement_rules_scenarios"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(_OPTION, type="linelist", default=["tests/scenarios/**/*.yaml"],
                  help="glob patterns (relative to the rootdir) of enforcement-rules scenario files")


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> ScenarioFile | None:
    if file_path.suffix not in {".yaml", ".yml"}:
        return None
    try:
        relative = file_path.relative_to(parent.config.rootpath).as_posix()
    except ValueError:
        return None
    patterns: list[str] = parent.config.getini(_OPTION)
    if any(_glob(pattern).fullmatch(relative) for pattern in patterns):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


@functools.cache
def _glob(pattern: str) -> re.Pattern[str]:
    """A glob with ``**`` (any folders, also none), ``*`` and ``?`` as a regular expression."""
    parts = re.split(r"(\*\*/|\*\*|\*|\?)", pattern)
    table = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(table.get(part, re.escape(part)) for part in parts))


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[ScenarioItem]:
        try:
            shown = self.path.relative_to(self.config.rootpath).as_posix()
        except ValueError:
            shown = str(self.path)
        for scenario in load_scenarios(self.path, shown=shown):
            yield ScenarioItem.from_parent(self, name=scenario.name, scenario=scenario)


class ScenarioMismatchError(Exception):
    """Raised by a scenario item whose report does not match its expectation."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.describe())
        self.outcome = outcome


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario

    def runtest(self) -> None:
        outcome = run_scenario(self.scenario)
        if not outcome.passed:
            raise ScenarioMismatchError(outcome)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioMismatchError | ScenarioError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.scenario.line - 1 if self.scenario.line else None
        return self.path, line, f"scenario: {self.scenario.name}"
