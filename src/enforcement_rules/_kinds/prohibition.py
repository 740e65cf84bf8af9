"""``kind: prohibition`` — an event that must not happen, optionally only under a condition or at a forbidden
time (SPEC §4a): ``violated`` when one did, ``complied`` otherwise. Validity and the day of a breach: the date of
the event."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from .._conditions import Condition, Scope, check_condition
from .._profile import DutyOf, Profile, RuleBase
from .._report import RequirementCheck, RequirementState
from . import Kind, Problem, names_of, prepared
from .procedure import Forbidden, forbidden, prepare, timing_problems

if TYPE_CHECKING:
    from .._evaluation import Evaluation


class ProhibitionRule(RuleBase):
    kind: Literal["prohibition"]
    """the rule kind (the tag of a registered kind: deadline, admission, requirement …)"""
    event: str = Field(description="the event type that must not happen")
    when: Condition | None = Field(default=None, description="only an event for which this holds is forbidden")
    at: Forbidden | None = Field(default=None, description="only at these times")
    unless: Condition | None = Field(default=None, description="an event for which this holds is allowed")
    duty_of: DutyOf = "agency"


def evaluate(evaluation: Evaluation, rules: dict[str, ProhibitionRule]) -> None:
    view = evaluation.view
    for step in prepared(evaluation.profile, "prohibition", rules, prepare):
        rule_id, rule = step.rule_id, step.rule
        status: RequirementState = "complied"
        for event in view.by_type.get(rule.event, ()):
            if not evaluation.in_force(rule_id, rule, event.on) or (
                    step.contested and not evaluation.chosen(rule_id, rule, event.on)):
                continue  # outside its instrument's validity, or set aside by precedence (a finding says so)
            scope = Scope(view, evaluation.calendar, event)
            found = True if step.when is None else step.when(scope)
            if found and rule.at is not None:
                found = forbidden(evaluation, rule.at, event)
            if found and step.unless is not None and step.unless(scope):
                found = False
            if found:
                status = "violated"
                evaluation.breaches.setdefault(rule_id, event.on)
                evaluation.find(rule_id, "prohibited", rule=rule, facts={"event": rule.event, "title": rule.title},
                                dates={"event": event.on})
                break
            if found is None:
                status = "undeterminable"
        evaluation.requirements.append(evaluation.check(RequirementCheck, rule_id, rule, status))


def check(profile: Profile, _rule_id: str, rule: ProhibitionRule) -> Iterator[Problem]:
    problems = list(timing_problems(profile, rule.event, rule.at, ("at",)))
    yield from problems
    if problems and problems[0][0] == ("event",):
        return
    names = names_of(profile)
    for key in ("when", "unless"):
        condition = getattr(rule, key)
        if condition is not None:
            yield from (((key, *path), message) for path, message in check_condition(condition, names,
                                                                                       event=rule.event))


def summary(rule: ProhibitionRule) -> str:
    return f"{rule.title}（禁止 {rule.event}）"


# -- vectorized form (_columnar) ----------------------------------------------------------------------

def columnar(plan: Any, rules: dict[str, ProhibitionRule]) -> None:
    """Events in date order: the first forbidden one is the breach (the reference stops there)."""
    import polars as pl  # noqa: PLC0415

    from .procedure import vector_forbidden  # noqa: PLC0415

    for rule_id, rule in rules.items():
        host = plan.events_of(rule.event)
        found = pl.lit(True) if rule.when is None else plan.condition(rule.when, host)
        host.frame = plan.live(rule, host.frame, pl.col("on"))
        timed: Any = found
        provisional: Any = pl.lit(False)
        if rule.at is not None:
            hit, provisional = vector_forbidden(plan, rule.at, host, pl.col("__live") & (found == True).fill_null(False))  # noqa: E501, E712
            timed = pl.when(found == True).then(hit).otherwise(found)  # noqa: E712
        if rule.unless is not None:
            lifted = (plan.condition(rule.unless, host) == True).fill_null(False)  # noqa: E712
            timed = pl.when(timed == True).then(~lifted).otherwise(timed)  # noqa: E712
        judged = host.frame.with_columns(__found=pl.when(pl.col("__live")).then(timed).otherwise(False),
                                         __asked=provisional)
        judged = judged.with_columns(__hit=(pl.col("__found") == True).fill_null(False))  # noqa: E712
        judged = judged.with_columns(__earlier=(pl.col("__hit").cast(pl.Int32).cum_sum().over("row")
                                                - pl.col("__hit").cast(pl.Int32)))
        # the reference stops at the first breach: later events are never looked at
        reached = pl.col("__earlier") == 0
        plan.mark("provisional_calendar", judged, reached & pl.col("__asked"))
        per_row = judged.group_by("row").agg(
            pl.col("__hit").any().alias("__violated"), (pl.col("__found").is_null() & reached).any().alias("__unknown"),
            pl.col("on").filter(pl.col("__hit")).min().alias("__breach"))
        prefix = f"__prohibition.{rule_id}"
        plan.add_joined(per_row.select("row", pl.col("__violated").alias(prefix),
                                       pl.col("__unknown").alias(f"{prefix}.unknown"),
                                       pl.col("__breach").alias(f"{prefix}.breach")))
        status = pl.when(pl.col(prefix).fill_null(False)).then(pl.lit("violated")) \
            .when(pl.col(f"{prefix}.unknown").fill_null(False)).then(pl.lit("undeterminable")) \
            .otherwise(pl.lit("complied"))
        plan.requirements.append((rule_id, status))
        plan.breaches.append((rule_id, f"{prefix}.breach"))


KIND = Kind(name="prohibition", model=ProhibitionRule, order=34, evaluate=evaluate, summary=summary, check=check,
            columnar=columnar)
