"""Shared hypothesis strategies: the computed deadline rules of every profile, and triggers for them; a profile's
own facts and events added to a generated case.

Each rule comes with the window of triggers for which the instrument is in force and the whole
computation stays inside the loaded national calendar (2004–2026) and before the last week of 2026
(whose days are provisional while 2027 is not loaded).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from enforcement_rules import Profile

WEIHAI_FIRST = dt.date(2021, 1, 1)  # the 2020 measures took effect
WEIHAI_LAST = dt.date(2026, 8, 31)
JINCHENG_FIRST = dt.date(2021, 12, 1)  # "有效期二年": 2021-12-01..2023-11-30
JINCHENG_LAST = dt.date(2023, 11, 30)


@dataclass(frozen=True)
class RuleWindow:
    """A computed deadline rule as the SPEC table states it, and the triggers to try it on."""

    profile: str
    rule: str
    unit: str  # working_days | days | months | years
    amount: int
    first: dt.date
    last: dt.date
    bar: bool = False

    def __str__(self) -> str:
        return f"{self.profile}.{self.rule}"


WORKING_DAY_RULES = (
    RuleWindow("weihai", "decision_disclosure", "working_days", 7, WEIHAI_FIRST, WEIHAI_LAST),
    RuleWindow("weihai", "other_info_disclosure", "working_days", 20, WEIHAI_FIRST, WEIHAI_LAST),
    RuleWindow("weihai", "av_record_storage", "working_days", 2, WEIHAI_FIRST, WEIHAI_LAST),
    RuleWindow("weihai", "opinion_review_request", "working_days", 5, WEIHAI_FIRST, WEIHAI_LAST),
    RuleWindow("weihai", "opinion_review_reply", "working_days", 10, WEIHAI_FIRST, WEIHAI_LAST),
    RuleWindow("jincheng", "decision_review_request", "working_days", 5, JINCHENG_FIRST, JINCHENG_LAST),
)

ROLLING_RULES = (
    RuleWindow("weihai", "subject_change_confirmation", "days", 20, WEIHAI_FIRST, WEIHAI_LAST),
    RuleWindow("weihai", "entrustment_publication", "days", 20, WEIHAI_FIRST, WEIHAI_LAST),
    RuleWindow("weihai", "discretion_benchmark_publication", "days", 20, WEIHAI_FIRST, WEIHAI_LAST),
    RuleWindow("weihai", "opinion_correction", "days", 30, WEIHAI_FIRST, WEIHAI_LAST),
    RuleWindow("weihai", "decision_execution_report", "days", 30, WEIHAI_FIRST, WEIHAI_LAST),
    RuleWindow("weihai", "supervision_archiving", "days", 30, WEIHAI_FIRST, WEIHAI_LAST),
    RuleWindow("weihai", "case_handling", "months", 2, WEIHAI_FIRST, WEIHAI_LAST),
    # Years counted from the 2016 opinion: the anniversary must stay inside 2026.
    RuleWindow("weihai", "personnel_qualification_review", "years", 2, WEIHAI_FIRST, dt.date(2024, 8, 31)),
    RuleWindow("weihai", "legal_knowledge_test", "years", 4, WEIHAI_FIRST, dt.date(2022, 8, 31)),
)

BAR_RULES = (
    # A bar consults no calendar (C9): any trigger whose anniversary the date type can hold.
    # The draft is applied from 2025-01-01 (SPEC §4 Validity); a bar never consults the calendar.
    RuleWindow("xuchang", "qualification_reapplication_bar", "years", 2, dt.date(2025, 1, 1),
               dt.date(2140, 12, 31), bar=True),
)

COMPUTED_RULES = WORKING_DAY_RULES + ROLLING_RULES + BAR_RULES

ANNUAL_RULES = (("weihai", "annual_plan_filing", 1, 31), ("weihai", "annual_report", 1, 20))
"""Fixed annual dates (C5): profile, rule, month, day."""

CASE_HANDLING = ROLLING_RULES[6]
assert CASE_HANDLING.rule == "case_handling"


def triggers(window: RuleWindow) -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=window.first, max_value=window.last)


@st.composite
def rule_and_trigger(draw: st.DrawFn, rules: tuple[RuleWindow, ...]) -> tuple[RuleWindow, dt.date]:
    """One of ``rules`` and a trigger inside its window."""
    window = draw(st.sampled_from(rules))
    return window, draw(triggers(window))


@st.composite
def rule_and_ordered_triggers(draw: st.DrawFn,
                              rules: tuple[RuleWindow, ...]) -> tuple[RuleWindow, dt.date, dt.date]:
    """One of ``rules`` and two triggers ``earlier <= later`` inside its window, often close together."""
    window = draw(st.sampled_from(rules))
    earlier = draw(triggers(window))
    gap = draw(st.one_of(st.integers(0, 7), st.integers(0, (window.last - earlier).days)))
    later = min(earlier + dt.timedelta(days=gap), window.last)
    return window, earlier, later


def annual_years() -> st.SearchStrategy[int]:
    """Years of the weihai 2020 measures whose fixed dates lie inside the loaded calendar."""
    return st.integers(min_value=2021, max_value=2026)


def extension_months_over_the_maximum() -> st.SearchStrategy[int]:
    """case_handling allows at most 1 month (第三十九条)."""
    return st.integers(min_value=2, max_value=240)


def _value(kind: str, values: list[str]) -> st.SearchStrategy[Any]:
    if kind == "flag":
        return st.booleans()
    if kind == "number":
        return st.integers(0, 5)
    if kind == "codes":
        return st.lists(st.sampled_from(values or ["x"]), unique=True, max_size=3)
    return st.sampled_from(values or ["x"])


@st.composite
def declared(draw: st.DrawFn, profile: Profile, data: dict[str, Any]) -> dict[str, Any]:
    """Some of the profile's own facts and events (with fields), dated near the case's filing."""
    facts = {name: draw(_value(decl.type, list(decl.values))) for name, decl in profile.facts.items()
             if draw(st.integers(0, 3)) == 0}
    if facts:
        data["facts"] = facts
    filed = dt.date.fromisoformat(next(e["on"] for e in data["events"] if e["type"] == "case_filed"))
    for name, decl in profile.events.items():
        if draw(st.integers(0, 4)):
            continue
        day = filed + dt.timedelta(days=draw(st.integers(-30, 60)))
        event: dict[str, Any] = {"type": name}
        if decl.timed and draw(st.booleans()):
            event["at"] = dt.datetime.combine(day, dt.time(draw(st.integers(0, 23)), 0)).isoformat()
        else:
            event["on"] = day.isoformat()
        for field, spec in decl.fields.items():
            if draw(st.booleans()):
                event[field] = draw(_value(spec.type, list(spec.values)))
        data["events"].append(event)
    return data
