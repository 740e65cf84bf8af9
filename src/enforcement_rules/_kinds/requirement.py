"""``kind: requirement`` — when a condition on the case holds, something must exist: an event (optionally
before another, or within a period), or a fact (SPEC §4a).

    violated        the condition holds and the requirement does not
    complied        the condition holds and so does the requirement
    not_applicable  the condition does not hold
    undeterminable  the case does not state what the condition or the requirement needs (never read as
                    compliance)

Validity and the day of a breach: the date of ``dated_by`` (an anchor: the event the requirement checks).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from pydantic import Field

from .._anchors import Resolver, anchor_resolver, check_anchor
from .._conditions import Compiled, Condition, Scope, check_condition, compiled, values_used
from .._profile import DutyOf, Profile, RuleBase
from .._report import RequirementCheck, RequirementState
from . import Kind, Problem, names_of, prepared

if TYPE_CHECKING:
    from .._evaluation import Evaluation


class RequirementRule(RuleBase):
    kind: Literal["requirement"]
    """the rule kind (the tag of a registered kind: deadline, admission, requirement …)"""
    when: Condition | None = Field(default=None, description="when the requirement applies (omitted: always)")
    requires: Condition = Field(description="what must exist or hold")
    dated_by: str = Field(description="the anchor whose date decides validity and is the day of a breach")
    duty_of: DutyOf = "agency"


class _Prepared(NamedTuple):
    rule_id: str
    rule: RequirementRule
    when: Compiled | None
    requires: Compiled
    day: Resolver
    contested: bool
    """``rule.competes``"""


def _prepare(_profile: Profile, rules: dict[str, RequirementRule]) -> list[_Prepared]:
    return [_Prepared(rule_id, rule, compiled(rule.when) if rule.when is not None else None, compiled(rule.requires),
                      anchor_resolver(rule.dated_by), rule.competes)
            for rule_id, rule in rules.items()]


def evaluate(evaluation: Evaluation, rules: dict[str, RequirementRule]) -> None:
    scope = evaluation.scope
    results = evaluation.requirements
    for prepared_rule in prepared(evaluation.profile, "requirement", rules, _prepare):
        applies = True if prepared_rule.when is None else prepared_rule.when(scope)
        if applies is False:
            results.append(evaluation.check(RequirementCheck, prepared_rule.rule_id, prepared_rule.rule,
                                            "not_applicable"))
            continue
        status = judge(evaluation, prepared_rule, scope, applies)
        if status is not None:  # else set aside: another rule of its topic applies (a finding says which)
            results.append(evaluation.check(RequirementCheck, prepared_rule.rule_id, prepared_rule.rule, status))


def judge(evaluation: Evaluation, prepared_rule: _Prepared, scope: Scope, applies: bool | None
          ) -> RequirementState | None:
    """The status of a requirement whose condition holds or is unknown (``applies``)."""
    rule_id, rule = prepared_rule.rule_id, prepared_rule.rule
    day = prepared_rule.day(scope.view, None)
    if day is None:
        evaluation.find(rule_id, "requirement", rule=rule, facts={"status": "undeterminable", "missing": rule.dated_by,
                                                                  "title": rule.title})
        return "undeterminable"
    if not evaluation.in_force(rule_id, rule, day, applies=applies is True):
        return "not_in_force"
    if prepared_rule.contested and not evaluation.chosen(rule_id, rule, day):
        return None
    met = prepared_rule.requires(scope) if applies else None
    status: RequirementState = "undeterminable" if met is None else ("complied" if met else "violated")
    facts: dict[str, Any] = {"status": status, "title": rule.title}
    if rule.when is not None:
        facts |= values_used(rule.when, scope.view)
    evaluation.find(rule_id, "requirement", rule=rule, facts=facts, dates={"day": day})
    if status == "violated":
        evaluation.breaches[rule_id] = day
    return status


def check(profile: Profile, _rule_id: str, rule: RequirementRule) -> Iterator[Problem]:
    names = names_of(profile)
    for key in ("when", "requires"):
        condition = getattr(rule, key)
        if condition is not None:
            yield from (((key, *path), message) for path, message in check_condition(condition, names))
    problem = check_anchor(rule.dated_by, profile.event_specs)
    if problem:
        yield ("dated_by",), problem


def summary(rule: RequirementRule) -> str:
    return f"{rule.title}（要求）"


# -- vectorized form (_columnar) ----------------------------------------------------------------------

def columnar(plan: Any, rules: dict[str, RequirementRule]) -> None:
    """Every requirement at once: whether it applies and on which day, whether its instrument is in force
    then, and its status and breach day, each a pass over the case frame for all the rules."""
    import polars as pl  # noqa: PLC0415

    from .._columnar import CHECK_STATE  # noqa: PLC0415

    def word(state: str) -> Any:
        return pl.lit(state, dtype=CHECK_STATE)

    asked: dict[str, tuple[Any, Any, Any]] = {}  # rule → applies, its day, met
    for rule_id, rule in rules.items():
        applies = pl.lit(True) if rule.when is None else plan.condition(rule.when, plan.host)
        asked[rule_id] = (applies, plan.anchor(rule.dated_by, plan.host), plan.condition(rule.requires, plan.host))
    lives = plan.live_columns({
        f"__requirement.{rule_id}": (rule, pl.when(applies.fill_null(True) & day.is_not_null()).then(day)
                                     .otherwise(None), (applies == True).fill_null(False))  # noqa: E712
        for (rule_id, rule), (applies, day, _) in zip(rules.items(), asked.values(), strict=True)})
    statuses = {}
    for (rule_id, (applies, day, met)), live in zip(asked.items(), lives, strict=True):
        judged = pl.when(applies.is_null()).then(word("undeterminable")).when(met.is_null()) \
            .then(word("undeterminable")).when(met).then(word("complied")).otherwise(word("violated"))
        statuses[f"__requirement.{rule_id}.status"] = pl.when(applies == False).then(word("not_applicable")) \
            .when(day.is_null()).then(word("undeterminable")).when(~live).then(word("not_in_force")) \
            .otherwise(judged)  # noqa: E712
    columns = plan.put(statuses)
    breaches = plan.put({f"__requirement.{rule_id}.breach": pl.when(status == "violated").then(day).otherwise(None)
                         for (rule_id, (_, day, _)), status in zip(asked.items(), columns, strict=True)})
    for rule_id, status, breach in zip(rules, columns, breaches, strict=True):
        plan.requirements.append((rule_id, status))
        plan.breaches.append((rule_id, breach.meta.output_name()))


KIND = Kind(name="requirement", model=RequirementRule, order=32, evaluate=evaluate, summary=summary, check=check,
            columnar=columnar)
