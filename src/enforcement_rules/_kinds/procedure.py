"""``kind: procedure`` — what each event of one type must show (two supervisors, recusal …) and when it must not
happen (night, rest days). Validity: the date of each event checked (SPEC §4).

``forbids`` applies to every event type: ``rest_days`` to any dated event, ``night`` only to timed ones (``at``):
a profile asking for night on an untimed event type is refused at load.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from pydantic import Field

from .._conditions import Compiled, Condition, Scope, check_condition, compiled
from .._profile import HHMM, DutyOf, Profile, RuleBase, Strict
from .._report import ProcedureCheck, ProcedureState
from . import Kind, Problem, names_of, prepared

if TYPE_CHECKING:
    from .._case import Event  # (the case models load with the first case: cold start, issue 10)
    from .._evaluation import Evaluation


class Night(Strict):
    from_: HHMM = Field(alias="from", description="start of the night, \"HH:MM\"")
    until: HHMM = Field(description="end of the night, \"HH:MM\" (the next morning when earlier than from)")

    model_config = Strict.model_config | {"populate_by_name": True}

    def covers(self, moment: dt.time) -> bool:
        start, end = dt.time.fromisoformat(self.from_), dt.time.fromisoformat(self.until)
        return (start <= moment or moment < end) if start > end else (start <= moment < end)


class Forbidden(Strict):
    """When the event must not happen."""

    night: Night | None = None
    """the night hours during which the event is forbidden"""
    rest_days: Literal["all", "statutory_holidays"] | None = Field(
        default=None, description="all: every rest day of the national schedule; statutory_holidays: the holidays "
                                  "of the schedule and their 调休 rest days, not ordinary weekends")


class ProcedureRule(RuleBase):
    kind: Literal["procedure"]
    """the rule kind (the tag of a registered kind: deadline, admission, requirement …)"""
    event: str = Field(description="the event type checked, each event on its own date")
    when: Condition | None = Field(default=None, description="which events of the type the rule applies to")
    requires: list[Condition] = Field(default=[], description="all must hold for each event")
    forbids: Forbidden | None = None
    unless: Condition | None = Field(default=None, description="an event for which this holds complies")
    duty_of: DutyOf = "agency"


_ORDER: dict[ProcedureState, int] = {"violated": 0, "undetermined": 1, "complied": 2}


class Prepared(NamedTuple):
    """An event rule (procedure or prohibition) with its conditions compiled."""

    rule_id: str
    rule: Any
    when: Compiled | None
    unless: Compiled | None
    requires: list[Compiled]
    contested: bool
    """``rule.competes``"""


def prepare(_profile: Profile, rules: dict[str, Any]) -> list[Prepared]:
    return [Prepared(rule_id, rule, compiled(rule.when) if rule.when is not None else None,
                     compiled(rule.unless) if rule.unless is not None else None,
                     [compiled(condition) for condition in getattr(rule, "requires", ())], rule.competes)
            for rule_id, rule in rules.items()]


def evaluate(evaluation: Evaluation, rules: dict[str, ProcedureRule]) -> None:
    view = evaluation.view
    for step in prepared(evaluation.profile, "procedure", rules, prepare):
        rule_id, rule = step.rule_id, step.rule
        events = view.by_type.get(rule.event, ())
        states: list[ProcedureState] = []
        judged = set_aside = False
        for event in events:
            if not evaluation.in_force(rule_id, rule, event.on):
                continue
            if step.contested and not evaluation.chosen(rule_id, rule, event.on):
                set_aside = True
                continue
            judged = True
            scope = Scope(view, evaluation.calendar, event)
            applies = True if step.when is None else step.when(scope)
            if applies is False:
                continue
            state = "undetermined" if applies is None else check_event(evaluation, step, event, scope)
            states.append(state)
            if state == "violated":
                evaluation.breaches.setdefault(rule_id, event.on)
            evaluation.find(rule_id, "procedure", rule=rule, facts={"status": state, "event": rule.event,
                                                                    "title": rule.title},
                            dates={"event": event.on})
        status: ProcedureState
        if set_aside and not judged:
            continue  # another rule of its topic applies (a finding says which)
        if states:
            status = min(states, key=_ORDER.__getitem__)
        else:
            status = "not_in_force" if events and not judged else "not_applicable"
        evaluation.procedure.append(evaluation.check(ProcedureCheck, rule_id, rule, status))


def check_event(evaluation: Evaluation, step: Prepared, event: Event, scope: Scope) -> ProcedureState:
    if step.unless is not None and step.unless(scope):
        return "complied"
    values = [condition(scope) for condition in step.requires]
    if step.rule.forbids is not None and forbidden(evaluation, step.rule.forbids, event):
        values.append(False)
    if False in values:
        return "violated"
    return "undetermined" if None in values else "complied"


def forbidden(evaluation: Evaluation, forbids: Forbidden, event: Event) -> bool:
    """Whether the event happened at a forbidden time (C10: a rest-day answer may be provisional)."""
    at = getattr(event, "at", None)
    if forbids.night is not None and isinstance(at, dt.datetime) and forbids.night.covers(at.time()):
        return True
    if forbids.rest_days is None:
        return False
    answer = evaluation.calendar.rest_day(event.on)
    if answer.provisional:
        evaluation.warn("provisional_calendar", "；".join(answer.reasons))
    # statutory_holidays: 法定节假日 — the holidays of the national schedule and their 调休 rest days, never an
    # ordinary weekend (行政强制法 第四十三条; Calendar.is_statutory_rest_day)
    return answer.statutory_holiday if forbids.rest_days == "statutory_holidays" else answer.rest_day


def timing_problems(profile: Profile, event: str, forbids: Forbidden | None,
                    key: tuple[str, ...]) -> Iterator[Problem]:
    """A forbidden time a profile asks of an event type: the type must exist, and night needs a timed one."""
    spec = profile.event_specs.get(event)
    if spec is None:
        yield ("event",), f"unknown event {event!r}; events: {', '.join(sorted(profile.event_specs))}"
    elif forbids is not None and forbids.night is not None and not spec.timed:
        yield (*key, "night"), (f"event {event!r} has no time of day (at): night cannot be checked; "
                                "forbid rest_days only, or use a timed event")


def check(profile: Profile, _rule_id: str, rule: ProcedureRule) -> Iterator[Problem]:
    problems = list(timing_problems(profile, rule.event, rule.forbids, ("forbids",)))
    yield from problems
    if problems and problems[0][0] == ("event",):
        return
    if rule.forbids is None and not rule.requires:
        yield (), "a procedure rule needs requires or forbids"
    names = names_of(profile)
    conditions: list[tuple[tuple[str | int, ...], Condition]] = [
        (("requires", index), condition) for index, condition in enumerate(rule.requires)]
    conditions += [((key,), getattr(rule, key)) for key in ("when", "unless") if getattr(rule, key) is not None]
    for base, condition in conditions:
        yield from (((*base, *path), message) for path, message in check_condition(condition, names,
                                                                                   event=rule.event))


def summary(rule: ProcedureRule) -> str:
    return f"{rule.title}（{rule.event}）"


# -- vectorized form (_columnar) ----------------------------------------------------------------------

def vector_forbidden(plan: Any, forbids: Forbidden, host: Any, asked: Any) -> tuple[Any, Any]:
    """Whether each event of ``host`` happened at a forbidden time, and the rows whose rest-day answer was asked
    (``asked``: where the reference asks) and is provisional (C10)."""
    import polars as pl  # noqa: PLC0415

    forbidden_now: Any = pl.lit(False)
    night_hit: Any = pl.lit(False)
    if forbids.night is not None and "at" in host.frame.columns:
        start, end = dt.time.fromisoformat(forbids.night.from_), dt.time.fromisoformat(forbids.night.until)
        moment = pl.col("at").dt.time()
        covers = ((moment >= start) | (moment < end)) if start > end else ((moment >= start) & (moment < end))
        night_hit = (pl.col("at").is_not_null() & covers).fill_null(False)
        forbidden_now = night_hit
    if forbids.rest_days is None:
        return forbidden_now, pl.lit(False)
    days = host.frame.get_column("on")
    column = f"__rest.{forbids.rest_days}"
    if column not in host.frame.columns:
        host.frame = host.frame.with_columns(
            plan.statutory_rest(days, statutory=forbids.rest_days == "statutory_holidays").alias(column),
            plan.rest_run_provisional(days).alias(f"{column}.provisional"))
    provisional = asked & ~night_hit & pl.col(f"{column}.provisional")
    return forbidden_now | pl.col(column), provisional


_RANK = {"violated": 0, "undetermined": 1, "complied": 2}


def columnar(plan: Any, rules: dict[str, ProcedureRule]) -> None:
    """Each event of the rule's type checked on its own date; the worst state per case."""
    import polars as pl  # noqa: PLC0415

    for rule_id, rule in rules.items():
        host = plan.events_of(rule.event)
        frame = plan.live(rule, host.frame, pl.col("on"))
        host.frame = frame
        applies = pl.lit(True) if rule.when is None else plan.condition(rule.when, host)
        unless = pl.lit(False) if rule.unless is None else (plan.condition(rule.unless, host) == True).fill_null(False)  # noqa: E712
        values = [plan.condition(condition, host) for condition in rule.requires]
        asked = pl.col("__live") & (applies == True).fill_null(False) & ~unless  # noqa: E712
        if rule.forbids is not None:
            hit, provisional = vector_forbidden(plan, rule.forbids, host, asked)
            values.append(~hit)
            plan.mark("provisional_calendar", host.frame, provisional)
        any_false = pl.any_horizontal([(value == False).fill_null(False) for value in values]) if values \
            else pl.lit(False)  # noqa: E712
        any_null = pl.any_horizontal([value.is_null() for value in values]) if values else pl.lit(False)
        checked = pl.when(unless).then(pl.lit("complied")).when(any_false).then(pl.lit("violated")) \
            .when(any_null).then(pl.lit("undetermined")).otherwise(pl.lit("complied"))
        state = pl.when(~pl.col("__live")).then(None).when(applies.is_null()).then(pl.lit("undetermined")) \
            .when(applies.not_()).then(None).otherwise(checked)
        judged = host.frame.with_columns(__state=state).with_columns(
            __rank=pl.col("__state").replace_strict(_RANK, default=None, return_dtype=pl.Int8))
        per_row = judged.group_by("row").agg(
            pl.col("__rank").min().alias("__worst"), pl.col("__live").any().alias("__judged"),
            pl.col("on").filter(pl.col("__state") == "violated").min().alias("__breach"))
        prefix = f"__procedure.{rule_id}"
        plan.add_joined(per_row.select("row", pl.col("__worst").alias(prefix), pl.col("__judged").alias(
            f"{prefix}.judged"), pl.col("__breach").alias(f"{prefix}.breach")))
        names = {rank: name for name, rank in _RANK.items()}
        worst = pl.col(prefix)
        status = pl.when(worst.is_not_null()).then(worst.replace_strict(names, default=None, return_dtype=pl.String)) \
            .when(pl.col(f"{prefix}.judged").is_not_null() & ~pl.col(f"{prefix}.judged").fill_null(False)) \
            .then(pl.lit("not_in_force")).otherwise(pl.lit("not_applicable"))
        plan.procedure.append((rule_id, status))
        plan.breaches.append((rule_id, f"{prefix}.breach"))


KIND = Kind(name="procedure", model=ProcedureRule, order=30, evaluate=evaluate, summary=summary, check=check,
            section="procedure", columnar=columnar)
