"""The downstream regression-suite example (examples/downstream/) runs green as a user would run it."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "downstream" / "test_city_profile.py"


def test_the_downstream_example_suite_passes_when_copied_into_a_project(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_city_profile=EXAMPLE.read_text(encoding="utf-8"))
    result = pytester.runpytest("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
