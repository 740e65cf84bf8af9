"""Shared pytest setup: pytester for testing the scenario plugin; a warning when the shipped calendar runs out;
the hypothesis profile ``fuzz``.

``pytest tests/test_fuzz.py --hypothesis-profile=fuzz`` runs the fuzz suite with about 100,000 examples in all
(each fuzz test asks for ``fuzz_examples(n)``: n by default, n scaled by the active profile's ``max_examples``).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from enforcement_rules import _cli
from enforcement_rules._beijing import today
from enforcement_rules._calendar import bundled_calendar, expiry_warning

pytest_plugins = ["pytester"]

# The on-disk cache (profiles, docstrings) goes to a directory of this run, never the user's cache directory; set
# before any model is imported (the package's pytest plugin imports none at start). Subprocesses inherit it.
_CACHE_DIR = tempfile.mkdtemp(prefix="enforcement-rules-cache-")
os.environ["ENFORCEMENT_RULES_CACHE_DIR"] = _CACHE_DIR


def pytest_unconfigure(config: Any) -> None:
    shutil.rmtree(_CACHE_DIR, ignore_errors=True)

FUZZ_CI_EXAMPLES = 3_500
"""The fuzz suite's examples in all under the default profile (the sum of its ``fuzz_examples`` weights)."""

settings.register_profile(
    "fuzz",
    max_examples=100 * 100_000 // FUZZ_CI_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,
)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The bundled schedule ends within 60 days: say which file to ship (a line, never a failure)."""
    warning = expiry_warning(bundled_calendar(), today(), "ship src/enforcement_rules/calendars/{year}.yaml")
    if warning:
        terminalreporter.write_line(f"enforcement-rules (bundled data): {warning}", yellow=True)


@pytest.fixture(autouse=True)
def _quiet_calendar_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process CLI runs count the calendar warning from 2026-06-01 (213 days before the bundled schedule
    ends on 2026-12-31: no warning), so tests of other output stay exact; tests of the warning set the day."""
    monkeypatch.setattr(_cli, "warning_today", lambda: dt.date(2026, 6, 1))
