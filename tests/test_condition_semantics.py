"""The compiled conditions against the reference semantics (``interpret``): the evaluator runs the closures
``compile_condition`` builds, so every condition of every bundled profile must give the same three-valued
answer as the reference, on the case as a whole and inside a check of each of its events."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from enforcement_rules import load_profile, national_calendar
from enforcement_rules._case import case_from_data
from enforcement_rules._conditions import (
    AllOf,
    AnyOf,
    Condition,
    DateTest,
    Exists,
    FactTest,
    FieldTest,
    Not,
    Scope,
    compile_condition,
    interpret,
)
from enforcement_rules._facts import CaseView
from enforcement_rules.testing import case_data
from strategies import declared

PROFILES = ("weihai", "xuchang", "jincheng", "quzhou")
EXAMPLES = 300 if os.environ.get("CI") else 60
NODES = (AllOf, AnyOf, Not, FactTest, FieldTest, Exists, DateTest)
CALENDAR = national_calendar()


def conditions(value: Any) -> Iterator[Condition]:
    """Every outermost condition inside a rule (its parts are compiled and interpreted with it)."""
    if isinstance(value, NODES):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from conditions(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from conditions(item)


def test_every_kind_of_node_is_found_in_the_bundled_profiles() -> None:
    """The differential test below sees every operator (else it would prove less than it says)."""
    seen: set[type] = set()
    for name in PROFILES:
        for rule in load_profile(name).rules.values():
            for condition in conditions(rule):
                seen.update(type(node) for node in _nodes(condition))
    assert seen == set(NODES)


def _nodes(condition: Any) -> Iterator[Any]:
    yield condition
    if isinstance(condition, BaseModel):
        for name in type(condition).model_fields:
            value = getattr(condition, name)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, NODES):
                    yield from _nodes(item)


@pytest.mark.parametrize("name", PROFILES)
def test_compiled_conditions_answer_as_the_reference(name: str) -> None:
    profile = load_profile(name)
    compiled = [(condition, compile_condition(condition)) for rule in profile.rules.values()
                for condition in conditions(rule)]
    context = profile.case_context

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=case_data(profile).flatmap(lambda data: declared(profile, data)),
           as_of=st.sampled_from([dt.date(2022, 6, 1), dt.date(2024, 3, 1), dt.date(2026, 11, 24)]))
    def same(data: dict[str, Any], as_of: dt.date) -> None:
        view = CaseView.of(case_from_data(data, context=context), as_of)
        scopes = [Scope(view, CALENDAR), *(Scope(view, CALENDAR, event) for event in view.events)]
        for condition, closure in compiled:
            for scope in scopes:
                assert closure(scope) is interpret(condition, scope), (condition, scope.event)

    same()
