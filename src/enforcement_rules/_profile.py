"""The profile schema: instruments and the rule catalog of one city, as strict pydantic models.

A profile is data a legal analyst edits. Everything the evaluator decides is read from here:
periods, the order of admission steps and disposition criteria, the facts each criterion tests,
the liability item each late obligation falls under.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PositiveInt,
    PrivateAttr,
    StringConstraints,
    model_validator,
)

from ._vocabulary import (
    FACTS,
    LIST_FACTS,
    AdmissionGround,
    AdmissionVerdict,
    DateAnchor,
    Disposition,
    Document,
    EventType,
    ProfileDocument,
)

RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
K = TypeVar("K")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_condition(value: dict[str, Any]) -> dict[str, Any]:
    if len(value) != 1:
        raise ValueError("a condition is one fact: {fact: value} or {fact: [values]}")
    ((fact, expected),) = value.items()
    if fact not in FACTS:
        raise ValueError(f"unknown fact {fact!r}; expected one of {', '.join(FACTS)}")
    wanted = expected if isinstance(expected, list) else [expected]
    if not wanted:
        raise ValueError(f"{fact}: list at least one value")
    for item in wanted:
        if item not in FACTS[fact] or isinstance(item, bool) != isinstance(FACTS[fact][0], bool):
            allowed = ", ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in FACTS[fact])
            raise ValueError(f"{fact}: expected one of {allowed}; got {item!r}")
    return value


Condition = Annotated[dict[str, Any], AfterValidator(_check_condition)]
"""``{fact: value}`` holds when the case's fact equals the value, or (for a list fact such as
``act.defects``) contains it; ``{fact: [v1, v2]}`` holds when any of the values does."""


def condition_holds(condition: dict[str, Any], facts: dict[str, Any]) -> bool:
    """Whether a case (flattened to ``facts``) satisfies one condition."""
    ((fact, expected),) = condition.items()
    actual = facts.get(fact)
    if fact in LIST_FACTS:
        present: frozenset[Any] = actual or frozenset()
        return not present.isdisjoint(expected) if isinstance(expected, list) else expected in present
    return actual in expected if isinstance(expected, list) else actual == expected


class Instrument(_Strict):
    """One legal instrument: its identity, its validity and where its text is kept."""

    title: str
    document_number: str | None = None
    issued_on: dt.date | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = Field(default=None, description="last day in force, inclusive")
    status: Literal["in_force", "draft", "expired"]
    source: str = Field(description="file name under sources/")
    origin: str | None = None
    notes: list[str] = []

    @model_validator(mode="after")
    def _dates_in_order(self) -> Instrument:
        if self.effective_from and self.effective_until and self.effective_until < self.effective_from:
            raise ValueError("effective_until is before effective_from")
        return self

    def in_force_during(self, year: int) -> bool:
        """In force on at least one day of ``year``."""
        return ((self.effective_from is None or self.effective_from.year <= year)
                and (self.effective_until is None or self.effective_until.year >= year))

    def in_force_on(self, day: dt.date) -> bool:
        if self.effective_from is not None and day < self.effective_from:
            return False
        return self.effective_until is None or day <= self.effective_until


class Citation(_Strict):
    """条/款/项 of one instrument (for the 2016 opinion: part, section, point)."""

    instrument: str
    article: str
    paragraph: str | None = None
    item: str | None = None

    @property
    def label(self) -> str:
        return f"{self.article}{self.paragraph or ''}{self.item or ''}"


class Extension(_Strict):
    unit: Literal["months"] = "months"
    max: PositiveInt
    approval: str | None = Field(default=None, description="who approves, as the text says")


class CountedPeriod(_Strict):
    """N working days (C2), days (C3), months or years (C4); ``bar: true`` for C9."""

    unit: Literal["working_days", "days", "months", "years"]
    amount: PositiveInt
    bar: bool = Field(default=False, description="C9: a bar never rolls and never consults the calendar")
    extension: Extension | None = None

    @model_validator(mode="after")
    def _consistent(self) -> CountedPeriod:
        if self.bar and self.unit == "working_days":
            raise ValueError("a bar (C9) never consults the calendar: it cannot count working days")
        if self.bar and self.extension:
            raise ValueError("a bar (C9) cannot be extended")
        return self


class AnnualDatePeriod(_Strict):
    """A fixed date every year ("每年1月31日前", C5); the trigger is the year the date falls in."""

    unit: Literal["annual_date"]
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)

    @model_validator(mode="after")
    def _real_date(self) -> AnnualDatePeriod:
        try:
            dt.date(2000, self.month, self.day)
        except ValueError:
            raise ValueError(f"month {self.month} has no day {self.day}") from None
        return self


class DocumentPeriod(_Strict):
    """The period is set by the corrective document itself ("在规定的期限内")."""

    unit: Literal["set_by_document"]


class UndeterminablePeriod(_Strict):
    """The text names no period ("按规定的时限"): the engine says so and never guesses."""

    unit: Literal["undeterminable"]


Period = Annotated[CountedPeriod | AnnualDatePeriod | DocumentPeriod | UndeterminablePeriod,
                   Field(discriminator="unit")]


class DeadlineEvents(_Strict):
    """Which case events start and meet the deadline (SPEC §4)."""

    start: EventType
    done: EventType
    documents: list[Document] = Field(default=[], description="for a document event: which documents")


class _Rule(_Strict):
    title: str = Field(description="short Chinese name")
    citation: Citation
    text: str = Field(description="the article text, verbatim from the source")
    note: str | None = None


class DeadlineRule(_Rule):
    kind: Literal["deadline"]
    trigger: str = Field(description="what starts the period, in Chinese")
    trigger_kind: Literal["date", "year"] | None = Field(
        default=None, description="date or year; defaults to year for annual_date periods, else date")
    period: Period
    right: bool = Field(default=False, description="a right, not a duty: out of time is late/lapsed, "
                                                   "never a liability")
    events: DeadlineEvents | None = None

    @property
    def trigger_is_year(self) -> bool:
        if self.trigger_kind is not None:
            return self.trigger_kind == "year"
        return isinstance(self.period, AnnualDatePeriod)

    @model_validator(mode="after")
    def _annual_dates_count_from_years(self) -> DeadlineRule:
        if isinstance(self.period, AnnualDatePeriod) and self.trigger_kind == "date":
            raise ValueError("an annual_date period counts from a year: trigger_kind must be year")
        return self


class Limitation(_Strict):
    """"超过N年" (C8): over when ``to`` is strictly after the anniversary of ``from``."""

    years: PositiveInt
    from_: DateAnchor = Field(alias="from")
    to: DateAnchor

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class AdmissionRule(_Rule):
    """One step of complaint routing (``stage: routing``, by precedence) or one 不予立案 bar."""

    kind: Literal["admission"]
    stage: Literal["routing", "bar"]
    precedence: int | None = Field(default=None, description="routing steps: the lower, the earlier")
    verdict: AdmissionVerdict
    ground: AdmissionGround | None = None
    if_any: list[Condition] = []
    limitation: Limitation | None = None
    unless_any: list[Condition] = []

    @model_validator(mode="after")
    def _shape(self) -> AdmissionRule:
        if self.stage == "routing" and self.precedence is None:
            raise ValueError("a routing step needs a precedence")
        if self.stage == "bar" and (self.ground is None or self.verdict != "reject"):
            raise ValueError("a bar needs a ground and verdict: reject")
        if not self.if_any and self.limitation is None:
            raise ValueError("a step needs if_any conditions or a limitation")
        return self


class Criterion(_Strict):
    """One disposition criterion: when all of ``if_all`` and any of ``if_any`` hold, ``if_uncorrected``."""

    precedence: int
    if_all: list[Condition] = []
    if_any: list[Condition] = []
    if_uncorrected: Disposition
    candidates: list[Disposition] = Field(default=[], description="when the government chooses")
    citation: Citation
    text: str
    note: str | None = None


class DispositionRule(_Rule):
    kind: Literal["disposition"]
    document: ProfileDocument
    correction_deadline: str = Field(description="the deadline rule the document starts")
    criteria: list[Criterion]
    otherwise: Disposition
    no_defects: Disposition = "terminate"

    @functools.cached_property
    def ordered_criteria(self) -> list[Criterion]:
        """The criteria in the order they are tried (by precedence)."""
        return sorted(self.criteria, key=lambda criterion: criterion.precedence)


class Requirement(_Strict):
    """A fact an event must show: a number at least N, or a flag equal to a value."""

    field: str
    at_least: int | None = None
    equals: bool | None = None
    if_absent: Literal["complied", "undetermined"] = Field(
        default="undetermined", description="what an event that does not state the field means")

    @model_validator(mode="after")
    def _one_test(self) -> Requirement:
        if (self.at_least is None) == (self.equals is None):
            raise ValueError("a requirement has exactly one of at_least, equals")
        return self


class Forbidden(_Strict):
    night_from: dt.time
    night_until: dt.time
    rest_days: bool = True


class ProcedureRule(_Rule):
    kind: Literal["procedure"]
    event: EventType
    requires: list[Requirement] = []
    forbids: Forbidden | None = None
    unless: list[Requirement] = []


class LiabilityItem(_Strict):
    item: str
    text: str
    rules: list[str] = Field(default=[], description="deadline rules whose breach falls under this item")
    breaches: list[Literal["late", "overdue", "violated"]] = Field(
        default=["late", "overdue"],
        description="which deadline statuses count as the breach this item names (e.g. only overdue where the "
                    "text says 不执行 and a late performance should not count)")


class LiabilityRule(_Rule):
    kind: Literal["liability"]
    sanction: str = Field(description="the sanction ladder, verbatim")
    items: list[LiabilityItem]


Rule = Annotated[DeadlineRule | AdmissionRule | DispositionRule | ProcedureRule | LiabilityRule,
                 Field(discriminator="kind")]


class Profile(_Strict):
    """One city's instruments and rules."""

    profile: str
    city: str
    instruments: dict[RuleId, Instrument]
    rules: dict[RuleId, Rule]
    notes: list[str] = []

    _path: str = PrivateAttr(default="")

    @property
    def name(self) -> str:
        return self.profile

    @property
    def path(self) -> str:
        return self._path

    def rules_of(self, kind: type[K]) -> dict[str, K]:
        """The rules of one kind, in file order (computed once: a profile never changes)."""
        memo = self.memo
        found = memo.get(kind)
        if found is None:
            found = memo[kind] = {rule_id: rule for rule_id, rule in self.rules.items() if isinstance(rule, kind)}
        return found

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Profile:
        """A copy with its own (empty) memo: values derived from the original may not hold for the copy."""
        copy = super().model_copy(update=update, deep=deep)
        copy.__dict__.pop("memo", None)
        return copy

    @functools.cached_property
    def memo(self) -> dict[Any, Any]:
        """A per-profile cache for values derived from it (rules by kind, citations as reported, …): a profile
        never changes once loaded."""
        return {}
