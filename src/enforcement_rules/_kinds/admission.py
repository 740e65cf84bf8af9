"""``kind: admission`` — complaint routing by precedence, then every 不予立案 bar (weihai 第二十七、二十八、三十五条).

Validity: the day the complaint was received, else the day the case was filed, else ``as_of`` (SPEC §4) —
the anchors of ``dated_by``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from pydantic import Field, PositiveInt, model_validator

from .._anchors import Resolver, anchor_resolver, check_anchor, resolve_anchor
from .._conditions import (
    AnyOf,
    Compiled,
    Condition,
    Scope,
    check_condition,
    compiled,
    condition_covers,
    values_used,
)
from .._periods import add_years, limitation_exceeded
from .._profile import Code, Profile, RuleBase, Strict
from .._report import Admission, Ground
from . import Kind, Problem, names_of, prepared

if TYPE_CHECKING:
    from .._evaluation import Evaluation

DATED_BY = ["complaint.received_on", "event:case_filed", "as_of"]


class Limitation(Strict):
    """"超过N年" (C8): over when ``to`` is strictly after the anniversary of ``from``."""

    years: PositiveInt = Field(le=100)
    """the number of years (超过N年, C8)"""
    from_: str = Field(alias="from", description="the anchor the years run from")
    to: list[str] = Field(min_length=1, description="anchors, the first the case states is used")

    model_config = Strict.model_config | {"populate_by_name": True}


class AdmissionRule(RuleBase):
    """One step of complaint routing (``stage: routing``, by precedence) or one 不予立案 bar."""

    kind: Literal["admission"]
    """the rule kind (the tag of a registered kind: deadline, admission, requirement …)"""
    stage: Literal["routing", "bar"]
    """routing (complaint routing, tried by precedence) or bar (a 不予立案 ground)"""
    precedence: int | None = Field(default=None, description="routing steps: the lower, the earlier")
    verdict: Code
    """the admission verdict this step gives (vocabulary.verdicts)"""
    ground: Code | None = None
    """the ground code a bar reports (vocabulary.grounds)"""
    when: Condition | None = None
    """the condition under which this applies (omitted: always)"""
    limitation: Limitation | None = None
    unless: Condition | None = Field(default=None, description="exceptions that lift the bar")
    dated_by: list[str] = Field(default=DATED_BY, min_length=1,
                                description="anchors whose first stated date decides validity")

    @model_validator(mode="after")
    def _shape(self) -> AdmissionRule:
        if self.stage == "routing" and self.precedence is None:
            raise ValueError("a routing step needs a precedence")
        if self.stage == "bar" and (self.ground is None or self.verdict != "reject"):
            raise ValueError("a bar needs a ground and verdict: reject")
        if self.when is None and self.limitation is None:
            raise ValueError("a step needs a when condition or a limitation")
        if self.stage == "routing" and self.limitation is not None:
            raise ValueError("a limitation is a bar: stage: bar")
        return self


def first_date(anchors: list[str], evaluation: Evaluation) -> dt.date | None:
    for anchor in anchors:
        day = resolve_anchor(anchor, evaluation.view)
        if day is not None:
            return day
    return None


class _Prepared(NamedTuple):
    rule_id: str
    rule: AdmissionRule
    when: Compiled | None
    unless: Compiled | None
    routing: bool
    """a routing step (else a bar)"""
    contested: bool
    """``rule.competes``"""


class _Run(NamedTuple):
    """Consecutive steps dated by the same anchors and of the same instrument: in force on the same day, asked
    once (of the first step)."""

    dated_by: tuple[str, ...]
    days: tuple[Resolver, ...]
    steps: tuple[_Prepared, ...]
    contested: bool
    """a step of the run competes (``rule.competes``)"""


class _Steps(NamedTuple):
    ordered: list[_Prepared]
    """routing steps by precedence, then the bars in file order"""
    runs: list[_Run]
    """``ordered`` in runs"""


def _prepare(_profile: Profile, rules: dict[str, AdmissionRule]) -> _Steps:
    """The steps in order, their conditions and anchors compiled, and their runs."""
    ordered = sorted(rules.items(), key=lambda pair: (
        pair[1].stage != "routing", pair[1].precedence or 0 if pair[1].stage == "routing" else 0))
    steps = [_Prepared(rule_id, rule, compiled(rule.when) if rule.when is not None else None,
                       compiled(rule.unless) if rule.unless is not None else None, rule.stage == "routing",
                       rule.competes)
             for rule_id, rule in ordered]
    runs: list[_Run] = []
    for step in steps:
        dated_by = tuple(step.rule.dated_by)
        last = runs[-1] if runs else None
        if last is not None and last.dated_by == dated_by and \
                last.steps[0].rule.citation.instrument == step.rule.citation.instrument:
            runs[-1] = last._replace(steps=(*last.steps, step), contested=last.contested or step.contested)
        else:
            runs.append(_Run(dated_by, tuple(anchor_resolver(anchor) for anchor in dated_by), (step,),
                             step.contested))
    return _Steps(steps, runs)


def evaluate(evaluation: Evaluation, rules: dict[str, AdmissionRule]) -> None:
    if not rules:
        day = first_date(DATED_BY, evaluation)
        if day is not None and any(instrument.in_force_on(day) for instrument in evaluation.profile.instruments.values()
               if instrument.source is not None):
            city = evaluation.profile.city or evaluation.profile.name
            evaluation.find(None, "admit_no_articles", facts={"city": city})
            evaluation.admission = Admission.built(verdict="admit", grounds=[])
        return
    view = evaluation.view
    scope = evaluation.scope
    live = _live(evaluation, prepared(evaluation.profile, "admission", rules, _prepare).runs)
    if not live:
        return
    for step in live:  # the routing steps come first (``_prepare``)
        if not step.routing:
            break
        if step.when is not None and step.when(scope):
            rule = step.rule
            assert rule.when is not None  # compiled into step.when
            evaluation.find(step.rule_id, "routed", rule=rule, facts={"verdict": rule.verdict, "title": rule.title,
                                                                      **values_used(rule.when, view)})
            grounds = [Ground.built(code=rule.verdict, citation=evaluation.cite(rule))]
            evaluation.admission = Admission.built(verdict=rule.verdict, grounds=grounds)
            return
    grounds = []
    for step in live:
        if step.routing:
            continue
        if step.when is not None and step.when(scope):
            _barred(evaluation, step)
        elif step.rule.limitation is None or not _limitation_bars(evaluation, step, scope):
            continue
        assert step.rule.ground is not None
        grounds.append(Ground.built(code=step.rule.ground, citation=evaluation.cite(step.rule)))
    if grounds:
        evaluation.admission = Admission.built(verdict="reject", grounds=grounds)
        return
    evaluation.find(None, "admitted")
    evaluation.admission = Admission.built(verdict="admit", grounds=[])


def _live(evaluation: Evaluation, runs: list[_Run]) -> list[_Prepared]:
    """The steps whose instrument is in force on their day (the first stated date of ``dated_by``; asked once for
    a run of steps that share both) and that their topic's precedence chooses."""
    view = evaluation.view
    days: dict[tuple[str, ...], dt.date | None] = {}
    live: list[_Prepared] = []
    for run in runs:
        if run.dated_by in days:
            day = days[run.dated_by]
        else:
            day = None
            for resolve in run.days:  # the first anchor the case states (a loop: no generator per case)
                day = resolve(view, None)
                if day is not None:
                    break
            days[run.dated_by] = day
        first = run.steps[0]
        if day is None or not evaluation.in_force(first.rule_id, first.rule, day):
            continue
        if run.contested:
            live.extend(step for step in run.steps
                        if not step.contested or evaluation.chosen(step.rule_id, step.rule, day))
        else:
            live.extend(run.steps)
    return live


def _barred(evaluation: Evaluation, step: _Prepared) -> None:
    """The finding of a bar whose condition holds."""
    rule = step.rule
    assert rule.when is not None  # compiled into step.when
    evaluation.find(step.rule_id, "barred", rule=rule, facts={"ground": rule.ground, "title": rule.title,
                                                              **values_used(rule.when, evaluation.view)})


def _limitation_bars(evaluation: Evaluation, step: _Prepared, scope: Scope) -> bool:
    """Whether the bar's limitation (超过N年, C8) bars the case, with its finding."""
    rule_id, rule = step.rule_id, step.rule
    limitation = rule.limitation
    assert limitation is not None
    start = resolve_anchor(limitation.from_, evaluation.view)
    if start is None:
        evaluation.find(rule_id, "limitation_unknown", rule=rule,
                        facts={"years": limitation.years, "from": limitation.from_})
        return False
    end = first_date(limitation.to, evaluation)
    if end is None:  # pragma: no cover - as_of always resolves; a profile may list only event anchors
        evaluation.find(rule_id, "limitation_unknown", rule=rule,
                        facts={"years": limitation.years, "from": limitation.to[0]})
        return False
    if not limitation_exceeded(start, end, limitation.years):
        return False
    dates: dict[str, dt.date | None] = {"from": start, "to": end, "anniversary": add_years(start, limitation.years)}
    if step.unless is not None and step.unless(scope):
        assert rule.unless is not None
        evaluation.find(rule_id, "limitation_lifted", rule=rule,
                        facts={"years": limitation.years, **values_used(rule.unless, evaluation.view)}, dates=dates)
        return False
    evaluation.find(rule_id, "limitation_exceeded", rule=rule, facts={"years": limitation.years,
                                                                      "ground": rule.ground}, dates=dates)
    return True


def check(profile: Profile, _rule_id: str, rule: AdmissionRule) -> Iterator[Problem]:
    names = names_of(profile)
    verdicts = profile.codes("verdicts")
    if rule.verdict not in verdicts:
        yield ("verdict",), f"unknown verdict {rule.verdict!r}; verdicts: {', '.join(sorted(verdicts))}"
    if rule.ground is not None and rule.ground not in profile.codes("grounds"):
        yield ("ground",), (f"unknown ground {rule.ground!r}: declare it under vocabulary.grounds; grounds: "
                            f"{', '.join(sorted(profile.codes('grounds')))}")
    for key in ("when", "unless"):
        condition = getattr(rule, key)
        if condition is not None:
            yield from (((key, *path), message) for path, message in check_condition(condition, names))
    if rule.stage == "routing":
        for other_id, other in profile.rules.items():
            if other_id == _rule_id:
                break
            if isinstance(other, AdmissionRule) and other.stage == "routing" and other.precedence == rule.precedence:
                yield ("precedence",), f"precedence {rule.precedence} is also {other_id!r}'s"
    anchors: list[tuple[str | int, ...]] = [("dated_by", index, anchor) for index, anchor in enumerate(rule.dated_by)]
    if rule.limitation is not None:
        anchors.append(("limitation", "from", rule.limitation.from_))
        anchors.extend(("limitation", "to", index, anchor) for index, anchor in enumerate(rule.limitation.to))
    for *path, anchor in anchors:
        problem = check_anchor(str(anchor), profile.event_specs)
        if problem:
            yield tuple(path), problem


def lint(profile: Profile, rule_id: str, rule: AdmissionRule) -> Iterator[Problem]:
    if rule.stage != "bar" or rule.limitation is not None or rule.when is None:
        return
    routing = [other.when for other in profile.rules.values()
               if isinstance(other, AdmissionRule) and other.stage == "routing" and other.when is not None]
    if routing and condition_covers(AnyOf(any_=routing), rule.when):
        yield (), "this bar can never fire: whenever it holds, a routing step decides first"


def summary(rule: AdmissionRule) -> str:
    outcome = rule.ground if rule.stage == "bar" else rule.verdict
    limitation = f"（超过{rule.limitation.years}年）" if rule.limitation else ""
    return f"{rule.title} → {outcome}{limitation}"


# -- vectorized form (_columnar) ----------------------------------------------------------------------

def columnar(plan: Any, rules: dict[str, AdmissionRule]) -> None:
    """Routing by precedence, then every bar, as columns ``admission`` and ``admission_grounds``."""
    import polars as pl  # noqa: PLC0415

    from .._columnar import add_months, code_list, instrument_in_force  # noqa: PLC0415

    if not rules:
        day = pl.coalesce([plan.anchor(anchor, plan.host) for anchor in DATED_BY])
        sourced = [instrument_in_force(instrument, day) for instrument in plan.profile.instruments.values()
                   if instrument.source is not None]
        admits = pl.any_horizontal(sourced) if sourced else pl.lit(False)
        plan.output["admission"] = pl.when(admits).then(pl.lit("admit")).otherwise(None)
        plan.output["admission_grounds"] = pl.lit([], dtype=pl.List(pl.String))
        return
    verdict: Any = pl.lit(None, dtype=pl.String)
    any_live: Any = pl.lit(False)
    grounds = []
    routed: Any = pl.lit(False)
    ordered = [(step.rule_id, step.rule) for step in prepared(plan.profile, "admission", rules, _prepare).ordered]
    lives = plan.live_columns({
        f"__admission.{rule_id}.live": (rule, pl.coalesce([plan.anchor(anchor, plan.host)
                                                           for anchor in rule.dated_by]), pl.lit(True))
        for rule_id, rule in ordered})
    steps = [(rule_id, rule, live) for (rule_id, rule), live in zip(ordered, lives, strict=True)]
    for _rule_id, rule, live in steps:
        any_live = any_live | live
        if rule.stage != "routing":
            continue
        assert rule.when is not None
        # a column, so that the next step's ``~routed`` reads columns, not a copy of every step before it
        (holds_now,) = plan.put({f"__admission.{_rule_id}.routes": (
            live & (plan.condition(rule.when, plan.host) == True) & ~routed).fill_null(False)})  # noqa: E712
        routed = routed | holds_now
        verdict = pl.when(holds_now).then(pl.lit(rule.verdict)).otherwise(verdict)
        grounds.append(pl.when(holds_now).then(pl.lit(rule.verdict)))
    for _rule_id, rule, live in steps:
        if rule.stage != "bar":
            continue
        applies: Any = pl.lit(False)
        if rule.when is not None:
            applies = (plan.condition(rule.when, plan.host) == True).fill_null(False)  # noqa: E712
        limitation = rule.limitation
        if limitation is not None:
            start = plan.anchor(limitation.from_, plan.host)
            end = pl.coalesce([plan.anchor(anchor, plan.host) for anchor in limitation.to])
            starts = plan.cases.select(start.alias("s")).to_series()
            anniversary = f"__anniversary.{_rule_id}"
            plan.add_joined(pl.DataFrame({"row": plan.cases.get_column("row"),
                                          anniversary: add_months(starts, 12 * limitation.years)}))
            exceeded = (start.is_not_null() & (end > pl.col(anniversary))).fill_null(False)
            if rule.unless is not None:
                exceeded = exceeded & ~(plan.condition(rule.unless, plan.host) == True).fill_null(False)  # noqa: E712
            applies = applies | exceeded
        grounds.append(pl.when(live & applies & ~routed).then(pl.lit(rule.ground)))
    barred = code_list(grounds)
    plan.output["admission_grounds"] = pl.when(any_live).then(barred).otherwise(pl.lit([], dtype=pl.List(pl.String)))
    plan.output["admission"] = pl.when(~any_live).then(None).when(routed).then(verdict) \
        .when(pl.any_horizontal([ground.is_not_null() for ground in grounds])).then(pl.lit("reject")) \
        .otherwise(pl.lit("admit"))


KIND = Kind(name="admission", model=AdmissionRule, order=20, evaluate=evaluate, summary=summary, check=check,
            lint=lint, section="admission", columnar=columnar, without_rules=True)  # admit: no article bars
