"""pytest plugin (registered by entry point): collects scenario YAML files as test items.

Which files: the ini option ``enforcement_rules_scenarios`` (glob patterns, relative to the rootdir). Unset,
the plugin collects nothing: installing the package never claims another project's YAML files. Each scenario
is one test item named after the scenario; a failure is reported as the expected-versus-actual difference,
not a traceback.

The calendar: ``enforcement_rules_calendar_dir`` (relative to the rootdir) sets the calendar directory for
the whole run (as ``$ENFORCEMENT_RULES_CALENDAR_DIR`` would), ``enforcement_rules_calendar_policy`` the
scenarios' coverage policy. When the loaded calendar ends within 60 days, the run ends with a warning line
naming the year to add — never a failure.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ._beijing import today
from ._calendar import CALENDAR_DIR_ENV, expiry_warning, national_calendar
from ._choices import POLICIES, Policy
from ._errors import RulesError

if TYPE_CHECKING:  # the models load when scenarios are collected, not whenever pytest starts
    from ._scenarios import Outcome, Scenario

_OPTION = "enforcement_rules_scenarios"
_DIR_OPTION = "enforcement_rules_calendar_dir"
_POLICY_OPTION = "enforcement_rules_calendar_policy"
_SAVED = pytest.StashKey[tuple[bool, str | None]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(_OPTION, type="linelist", default=[],
                  help="glob patterns (relative to the rootdir) of enforcement-rules scenario files; "
                       "unset: none are collected")
    parser.addini(_DIR_OPTION, type="string", default="",
                  help="the enforcement-rules calendar directory for this run (relative to the rootdir)")
    parser.addini(_POLICY_OPTION, type="string", default="strict",
                  help="the calendar coverage policy of scenarios: strict or weekends")


def pytest_configure(config: pytest.Config) -> None:
    directory: str = config.getini(_DIR_OPTION)
    if directory:
        config.stash[_SAVED] = (True, os.environ.get(CALENDAR_DIR_ENV))
        os.environ[CALENDAR_DIR_ENV] = str(config.rootpath / directory)
    policy = config.getini(_POLICY_OPTION)
    if policy not in POLICIES:
        raise pytest.UsageError(f"{_POLICY_OPTION}: expected strict or weekends; got {policy!r}")


def pytest_unconfigure(config: pytest.Config) -> None:
    saved = config.stash.get(_SAVED, (False, None))
    if saved[0]:
        if saved[1] is None:
            os.environ.pop(CALENDAR_DIR_ENV, None)
        else:
            os.environ[CALENDAR_DIR_ENV] = saved[1]


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """The calendar runs out: a warning line, never a failure (a failure would block every change)."""
    try:
        warning = expiry_warning(national_calendar(), today())
    except RulesError as exc:
        warning = f"warning: the calendar directory cannot be read: {exc}"
    if warning:
        terminalreporter.write_line(f"enforcement-rules: {warning}", yellow=True)


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
        from ._scenarios import load_scenarios  # noqa: PLC0415 - lazy: see the imports

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
        from ._scenarios import run_scenario  # noqa: PLC0415 - lazy: see the imports

        policy: Policy = self.config.getini(_POLICY_OPTION)
        outcome = run_scenario(self.scenario, national_calendar(policy))
        if not outcome.passed:
            raise ScenarioMismatchError(outcome)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        from ._scenarios import ScenarioError  # noqa: PLC0415 - lazy: see the imports

        if isinstance(excinfo.value, ScenarioMismatchError | ScenarioError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.scenario.line - 1 if self.scenario.line else None
        return self.path, line, f"scenario: {self.scenario.name}"
