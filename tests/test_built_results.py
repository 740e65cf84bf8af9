"""Results the evaluator builds without validation (``_Out.built``) are the results pydantic would validate.

``evaluate`` makes its report, deadlines, admission, disposition and liabilities with ``built`` (no second
validation of values it computed and typed itself). Here every report of generated cases, for every bundled
profile and on several days, is held to the report ``Report.model_validate`` makes of its own dump: equal, the
same JSON, and with every field of every result set (``built`` is given them all, as the constructor was).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from enforcement_rules import Report, evaluate, load_profile, national_calendar
from enforcement_rules._case import case_from_data
from enforcement_rules._errors import CaseError
from enforcement_rules.testing import case_data
from strategies import declared

PROFILES = ("weihai", "xuchang", "jincheng", "quzhou")
EXAMPLES = 300 if os.environ.get("CI") else 60
CALENDAR = national_calendar()


def results(value: Any) -> Iterator[BaseModel]:
    """Every result model inside a report (the report itself first)."""
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from results(getattr(value, name))
    elif isinstance(value, list):
        for item in value:
            yield from results(item)


@pytest.mark.parametrize("name", PROFILES)
def test_built_reports_are_the_reports_pydantic_validates(name: str) -> None:
    profile = load_profile(name)
    context = profile.case_context

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=case_data(profile).flatmap(lambda data: declared(profile, data)),
           as_of=st.sampled_from([dt.date(2022, 6, 1), dt.date(2024, 3, 1), dt.date(2026, 11, 24)]),
           language=st.sampled_from(["zh", "en"]))
    def same(data: dict[str, Any], as_of: dt.date, language: Any) -> None:
        try:
            report = evaluate(profile, case_from_data(data, context=context), as_of=as_of, calendar=CALENDAR,
                              language=language)
        except CaseError:
            return  # a case the evaluator refuses (e.g. an extension naming no deadline of it): no report
        validated = Report.model_validate(report.model_dump())
        assert validated == report
        assert validated.model_dump_json() == report.model_dump_json()
        for result in results(report):
            assert result.model_fields_set == set(type(result).model_fields), type(result).__name__

    same()


def test_a_built_result_is_frozen_and_compares_as_a_validated_one() -> None:
    report = evaluate("weihai", case_from_data({"act": {"defects": ["insufficient_evidence"]}}),
                      as_of=dt.date(2026, 11, 24), calendar=CALENDAR)
    assert report.disposition is not None
    with pytest.raises(ValueError, match="frozen"):
        report.disposition.outcome = "terminate"  # type: ignore[misc]
    assert hash(report.disposition.grounds[0]) == hash(type(report.disposition.grounds[0]).model_validate(
        report.disposition.grounds[0].model_dump()))



def test_a_copy_with_an_update_leaves_the_results_it_was_built_beside_alone() -> None:
    """Results of one class share their (full) fields set: a ``model_copy`` works on its own copy of it."""
    report = evaluate("weihai", case_from_data({"events": [{"type": "case_filed", "on": "2026-03-02"},
                                                           {"type": "case_closed", "on": "2026-04-01"}]}),
                      as_of=dt.date(2026, 11, 24), calendar=CALENDAR)
    first, *others = report.deadlines
    assert others  # several deadlines, each built
    changed = first.model_copy(update={"status": "late"})
    assert changed.status == "late" and first.status != "late"
    for result in [first, changed, *others]:
        assert result.model_fields_set == set(type(result).model_fields)
    assert changed.model_fields_set is not first.model_fields_set
