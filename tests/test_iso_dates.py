"""Input dates (``IsoDate``) are read by pydantic-core's own validators, without a Python call per date; the rule
they apply is ``_iso_date``'s. Differential: the two accept exactly the same values, read them as the same day,
and a refused value's message is ``_iso_date``'s own."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, ValidationError

from enforcement_rules._documents import IsoDate, _iso_date, describe_error


class _Dated(BaseModel):
    model_config = ConfigDict(strict=True)

    on: IsoDate


def _native(value: Any, *, json: bool = False) -> tuple[str, Any]:
    try:
        if json:
            return "ok", _Dated.model_validate_json(value)
        return "ok", _Dated.model_validate({"on": value}).on
    except ValidationError as exc:
        errors = exc.errors()
        assert len(errors) == 1  # one error for one date, however many readings were tried
        return "error", describe_error(errors[0])


def _reference(value: Any) -> tuple[str, Any]:
    try:
        return "ok", _iso_date(value)
    except ValueError as exc:
        return "error", str(exc)


_DATE_LIKE = st.text(alphabet="0123456789-:T Z+", min_size=8, max_size=12)
"""strings that look like dates: most have the wrong shape, some are no such day, a few are dates"""
_SHAPED = st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 99),
                    st.integers(0, 99))
"""YYYY-MM-DD in ASCII digits, valid or not (month 13, day 31 of a short month, year 0 …)"""


@given(st.one_of(_DATE_LIKE, _SHAPED, st.dates().map(dt.date.isoformat), st.dates(), st.datetimes(),
                 st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(), st.text(max_size=12)))
def test_the_native_reading_agrees_with_iso_date(value: Any) -> None:
    assert _native(value) == _reference(value)


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-02-29", ("ok", dt.date(2024, 2, 29))),  # a leap day
    ("2023-02-29", ("error", "expected a date YYYY-MM-DD; got '2023-02-29' (no such day)")),
    ("2026-13-01", ("error", "expected a date YYYY-MM-DD; got '2026-13-01' (no such day)")),
    ("2026-1-05", ("error", "expected a date YYYY-MM-DD; got '2026-1-05'")),
    ("２０２６-01-05", ("error", "expected a date YYYY-MM-DD; got '２０２６-01-05'")),  # full-width digits
    ("1767542400", ("error", "expected a date YYYY-MM-DD; got '1767542400'")),  # a Unix time: never a date
    (1767542400, ("error", "expected a date YYYY-MM-DD; got 1767542400")),
    ("2026-01-05T00:00:00", ("error", "expected a date YYYY-MM-DD; got '2026-01-05T00:00:00'")),
    ("2026-01-05\n", ("error", "expected a date YYYY-MM-DD; got '2026-01-05\\n'")),
    (dt.datetime(2026, 1, 5), ("error", "expected a date YYYY-MM-DD, not a date and time: 2026-01-05T00:00:00")),
    (dt.date(2026, 1, 5), ("ok", dt.date(2026, 1, 5))),
])
def test_what_is_a_date(value: Any, expected: tuple[str, Any]) -> None:
    assert _native(value) == expected == _reference(value)


@pytest.mark.parametrize(("text", "expected"), [
    ('{"on": "2026-01-05"}', ("ok", _Dated(on=dt.date(2026, 1, 5)))),
    ('{"on": "1767542400"}', ("error", "expected a date YYYY-MM-DD; got '1767542400'")),
    ('{"on": "2026-01-05T00:00:00"}', ("error", "expected a date YYYY-MM-DD; got '2026-01-05T00:00:00'")),
    ('{"on": 1767542400}', ("error", "expected a date YYYY-MM-DD; got 1767542400")),
])
def test_json_text_reads_dates_by_the_same_rule(text: str, expected: tuple[str, Any]) -> None:
    assert _native(text, json=True) == expected
