"""Profiles compiled to columnar plans: a batch of cases as an Arrow table, every rule as polars expressions.

The plan is compiled from the rule language, never written by hand: each rule kind gives its vectorized form
next to its scalar one (``Kind.columnar``), and the conditions compile here to polars expressions under
Kleene's three-valued logic (polars' own ``&``, ``|`` and ``~`` on nulls), with the same meaning as
``_conditions.interpret``. The scalar evaluator stays the reference: a row the plan cannot express — a rule
kind without a vectorized form, a line the fast reader cannot take exactly as the reference would (a
``null``, a CR, a long line, a value of an unexpected type), a date outside the loaded calendar, a shape the
vectorized forms leave to the reference (two documents, an extension) — is evaluated by the scalar evaluator,
and the verdict table's ``path`` says which rows took which path.

Shapes:
- the *case frame*: one row per case, a column per fact path (``act.defects``, ``facts.NAME`` …) with the
  defaults a ``Case`` has, ``row`` its position;
- the *event frame*: one row per event on or before ``as_of``, in the reference's order (date, then type),
  with ``row``, ``eid``, ``type``, ``on``, ``at`` and the fields;
- a *host*: where a condition is evaluated — the case frame, or the events of one type (an event in scope).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.json as pa_json

from ._anchors import FIXED_ANCHORS, OWN_EVENT, event_type
from ._calendar import _BASE, Calendar, national_calendar
from ._choices import Language
from ._conditions import AllOf, AnyOf, Condition, DateTest, Exists, FactTest, FieldTest, Not, _Test
from ._errors import CaseError, EvaluationError, RulesError
from ._kinds import rules_by_kind
from ._limits import DEFAULT_LIMITS, Limits
from ._loader import load_profile
from ._profile import Instrument, Profile, RuleBase
from ._verdicts import error_row, verdict_row, verdict_schema
from ._vocabulary import CORE_EVENTS, FactSpec, VocabularyName

if TYPE_CHECKING:
    from ._report import Report

EPOCH = dt.date(1970, 1, 1)
_FAST_LINE_BYTES = 64 * 1024
"""Longer lines go to the reference reader (its node and depth limits are counted there)."""
_ARROW_TYPES = {"flag": pa.bool_(), "number": pa.int64(), "code": pa.string(), "codes": pa.list_(pa.string()),
                "date": pa.string(), "text": pa.string()}
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$"
_SNAKE = r"^[a-z][a-z0-9_]*$"
_ACT_TYPES = ("penalty", "licensing", "coercive_measure", "coercive_execution", "inspection", "levy", "other")
_REMEDIES = ("none", "pending", "concluded")
_COMPLAINT_FLAGS = ("identifies_target", "states_facts_and_reasons", "in_supervision_scope", "targets_specific_act")


class Unsupported(Exception):  # noqa: N818 - a signal, not an error: the plan leaves the profile to the reference
    """The profile (a rule kind, a condition) has no vectorized form: every row takes the scalar path."""


# -- the case schema ------------------------------------------------------------------------------------

def event_fields(profile: Profile) -> dict[str, FactSpec]:
    """Every event field of the profile's event types (core and declared), by name; one type per name."""
    fields: dict[str, FactSpec] = {}
    for name, spec in profile.event_specs.items():
        for key, fact in spec.fields.items():
            known = fields.get(key)
            if known is not None and _ARROW_TYPES[known.type] != _ARROW_TYPES[fact.type]:
                raise Unsupported(f"event field {key!r} is a {known.type} and a {fact.type} ({name})")
            fields.setdefault(key, fact)
    return fields


def case_schema(profile: Profile) -> pa.Schema:
    """The Arrow schema of a table of cases for ``profile`` (SPEC §5; dates as ISO strings or date32)."""
    text = pa.string()
    codes = pa.list_(text)
    act = pa.struct([("type", text), ("decided_on", text), ("defects", codes), ("context", codes),
                     ("remedies", pa.struct([("reconsideration", text), ("litigation", text), ("petition", text)]))])
    complaint = pa.struct([("received_on", text), *((flag, pa.bool_()) for flag in _COMPLAINT_FLAGS)])
    events = pa.list_(pa.struct([("type", text), ("on", text), ("at", text),
                                 *((name, _ARROW_TYPES[spec.type]) for name, spec in event_fields(profile).items())]))
    obligations = pa.list_(pa.struct([("rule", text), ("trigger", text), ("year", pa.int64()), ("done_on", text)]))
    fields = [("id", text), ("act", act), ("complaint", complaint), ("bars", codes), ("exceptions", codes)]
    if profile.facts:
        fields.append(("facts", pa.struct([(name, _ARROW_TYPES[decl.type]) for name, decl in profile.facts.items()])))
    fields += [("events", events), ("obligations", obligations)]
    return pa.schema(fields)


# -- the calendar as arrays -----------------------------------------------------------------------------

@dataclass(frozen=True)
class CalendarArrays:
    """The calendar's index as numpy arrays over day offsets from its first day (``_BASE``)."""

    work: np.ndarray  # 1 on a working day
    cum: np.ndarray  # working days up to and including the day
    workdays: np.ndarray  # the offsets of the working days, in order
    statutory: np.ndarray  # 1 on a rest day of a statutory holiday run (SPEC §4c)
    run_first: np.ndarray  # the first day of the run of rest days around each day (the day itself if worked)
    run_last: np.ndarray  # its last day
    first_year: int
    last_year: int
    shift: int  # offset = days since 1970-01-01 + shift

    @classmethod
    def of(cls, calendar: Calendar) -> CalendarArrays:
        work = np.frombuffer(bytes(calendar._work), dtype=np.uint8).astype(np.int8)
        cum = np.asarray(calendar._cum, dtype=np.int64)
        workdays = np.flatnonzero(work).astype(np.int64)
        rest = work == 0
        weekday = (np.arange(len(work)) + _BASE) % 7  # toordinal % 7: 1 Monday … 6 Saturday, 0 Sunday
        weekday_rest = rest & (weekday != 6) & (weekday != 0)
        # a run of rest days is statutory when it holds a weekday rest day: label runs, mark those that do
        starts = np.flatnonzero(rest & ~np.concatenate(([False], rest[:-1])))
        run_id = np.cumsum(np.isin(np.arange(len(work)), starts)) * rest
        marked = np.zeros(run_id.max() + 1, dtype=bool)
        marked[run_id[weekday_rest]] = True
        marked[0] = False
        statutory = marked[run_id].astype(np.int8)
        index = np.arange(len(work))
        run_first = np.where(rest, np.maximum.accumulate(np.where(~rest, index + 1, 0)), index)
        ends = np.where(~rest, index - 1, len(work) - 1)
        run_last = np.where(rest, np.minimum.accumulate(ends[::-1])[::-1], index)
        years = sorted(calendar.years)
        if not years or years != list(range(years[0], years[-1] + 1)):
            raise Unsupported("the loaded years are not one run")
        return cls(work, cum, workdays, statutory, run_first, run_last, years[0], years[-1],
                   EPOCH.toordinal() - _BASE)

    def firm_until(self) -> dt.date:
        """The last day whose answers are firm: December 24 of the last loaded year (C10)."""
        return dt.date(self.last_year, 12, 24)


def _days(series: pl.Series) -> np.ndarray:
    return series.cast(pl.Int32).fill_null(0).to_numpy().astype(np.int64)


# -- hosts and conditions -------------------------------------------------------------------------------

@dataclass
class Host:
    """Where conditions are evaluated: the case frame (``event is None``) or the events of one type."""

    frame: pl.DataFrame
    key: str  # "row" or "eid"
    event: str | None = None
    made: dict[int, str] = field(default_factory=dict)  # id(exists node) → its column


class Plan:
    """One profile compiled for one day and one calendar; ``run`` evaluates a case frame."""

    def __init__(self, profile: Profile, as_of: dt.date, calendar: Calendar) -> None:
        self.profile = profile
        self.as_of = as_of
        self.calendar = calendar
        self.days = CalendarArrays.of(calendar)
        self.steps: list[tuple[Callable[[Plan, dict[str, Any]], None], dict[str, Any]]] = []
        for kind, rules in rules_by_kind(profile):
            if kind.columnar is None:
                if rules:
                    raise Unsupported(f"rule kind {kind.name!r} has no vectorized form")
                continue
            self.steps.append((kind.columnar, rules))
        for rule in profile.rules.values():
            if rule.topic is not None:
                raise Unsupported("a rule with a topic: precedence is left to the reference")
        self.fields = event_fields(profile)
        self.layers = profile.layer_map

    # -- state of one run ---------------------------------------------------------------------------

    def start(self, cases: pl.DataFrame, events: pl.DataFrame, obligations: pl.DataFrame) -> None:
        self.cases = cases
        self.events = events
        self.obligations = obligations
        self.host = Host(cases, "row")
        self._hosts: dict[str, Host] = {}
        self.output: dict[str, pl.Expr] = {}
        self.liabilities: list[pl.Expr] = []
        self.deadlines: list[pl.Expr] = []  # struct or list<struct> case columns, in report order
        self.deadline_columns: dict[str, str] = {}  # rule → the prefix of its columns
        self.deadline_breaches: list[tuple[str, RuleBase, str]] = []
        self.obligation_results: pl.DataFrame | None = None
        self.procedure: list[tuple[str, pl.Expr]] = []  # (rule, its status for every case)
        self.requirements: list[tuple[str, pl.Expr]] = []
        self.breaches: list[tuple[str, str]] = []  # (rule, case column of its breach day), in report order
        self.flags: dict[str, list[pl.Series]] = {}  # applied, fallback, warning codes → the rows they hold for

    def mark(self, flag: str, frame: pl.DataFrame, when: pl.Expr) -> None:
        """Remember the rows (``row`` of ``frame``) for which ``when`` is true: ``applied``, ``fallback`` or a
        warning code."""
        self.flags.setdefault(flag, []).append(frame.select(pl.col("row").filter(when.fill_null(False))).to_series())

    def flagged(self, flag: str) -> pl.Expr:
        """Whether a case row was marked with ``flag``."""
        rows = self.flags.get(flag)
        if not rows:
            return pl.lit(False)
        return pl.col("row").is_in(pl.concat(rows).unique().implode())

    def live(self, rule: RuleBase, frame: pl.DataFrame, day: pl.Expr, *,
             applies: pl.Expr | None = None) -> pl.DataFrame:
        """``frame`` with ``__live``: whether the rule's instrument applies on ``day`` (a null day: no), counted
        towards ``ok`` where ``applies`` and warned for a draft, as ``Evaluation.in_force`` does."""
        instrument = self.profile.instruments[rule.citation.instrument]
        frame = frame.with_columns(__live=instrument_in_force(instrument, day))
        self.mark("applied", frame, pl.col("__live") if applies is None else pl.col("__live") & applies)
        if instrument.status == "draft":
            self.mark("draft_instrument", frame, pl.col("__live"))
        return frame

    def live_columns(self, days: dict[str, tuple[RuleBase, pl.Expr, pl.Expr]]) -> list[pl.Expr]:
        """``live`` for many rules of the case frame at once: ``{column: (rule, day, applies)}`` become
        Boolean case columns (whether each rule's instrument applies on its day), marked ``applied`` where
        ``applies`` and ``draft_instrument`` for a draft — in three passes, not three per rule."""
        instruments = {column: self.profile.instruments[rule.citation.instrument]
                       for column, (rule, _, _) in days.items()}
        lives = self.put({column: instrument_in_force(instruments[column], day)
                          for column, (_, day, _) in days.items()})
        if lives:
            self.mark("applied", self.cases, pl.any_horizontal(
                [live & applies for live, (_, _, applies) in zip(lives, days.values(), strict=True)]))
            drafts = [live for live, column in zip(lives, days, strict=True) if instruments[column].status == "draft"]
            if drafts:
                self.mark("draft_instrument", self.cases, pl.any_horizontal(drafts))
        return lives

    def layer(self, rule_id: str) -> str:
        return self.layers[rule_id]

    # -- anchors and per-type event columns --------------------------------------------------------

    def first_of(self, kind: str, *, last: bool = False) -> str:
        """A case column with the date of the first (or last) event of a type, null when none."""
        name = f"__{'last' if last else 'first'}.{kind}"
        if name not in self.cases.columns:
            picked = self.events.filter(pl.col("type") == kind).group_by("row").agg(
                (pl.col("on").max() if last else pl.col("on").min()).alias(name))
            self.add_joined(picked)
        return name

    def count_of(self, kind: str) -> str:
        name = f"__count.{kind}"
        if name not in self.cases.columns:
            counted = self.events.filter(pl.col("type") == kind).group_by("row").agg(pl.len().alias(name))
            self.add_joined(counted, fill=0)
        return name

    def add_joined(self, frame: pl.DataFrame, *, fill: Any = None) -> None:
        """Per-row columns (keyed by ``row``, each row at most once) added to the case frame: scattered into
        place (a join would gather every column of the wide case frame again)."""
        if frame.height == self.cases.height and frame.get_column("row").equals(self.cases.get_column("row")):
            aligned = [frame.get_column(name) for name in frame.columns if name != "row"]
            self.cases = self.cases.with_columns([column.fill_null(fill) if fill is not None else column
                                                  for column in aligned])
            self.host.frame = self.cases
            return
        rows = self.cases.get_column("row").to_numpy()
        index = np.full(len(rows), -1, dtype=np.int64)
        index[np.searchsorted(rows, frame.get_column("row").to_numpy())] = np.arange(len(frame))
        gather = pl.Series(index).set(pl.Series(index < 0), None) if len(frame) else None
        columns = []
        for name in frame.columns:
            if name == "row":
                continue
            values = frame.get_column(name)
            placed = values.gather(gather) if gather is not None else pl.repeat(
                None, len(rows), dtype=values.dtype, eager=True).alias(name)
            columns.append(placed.fill_null(fill) if fill is not None else placed)
        self.cases = self.cases.with_columns(columns)
        self.host.frame = self.cases

    def put(self, columns: dict[str, pl.Expr]) -> list[pl.Expr]:
        """Evaluate expressions over the case frame into columns of it (so later expressions read a column,
        not a copy of a growing expression tree); their ``pl.col``, in order."""
        self.cases = self.cases.with_columns(expr.alias(name) for name, expr in columns.items())
        self.host.frame = self.cases
        return [pl.col(name) for name in columns]

    def anchor(self, anchor: str, host: Host) -> pl.Expr:
        """The date an anchor names, as an expression over ``host`` (null when the case does not state it)."""
        if anchor == OWN_EVENT:
            return pl.col("on")
        if anchor in FIXED_ANCHORS:
            if anchor == "as_of":
                return pl.lit(self.as_of)
            return self.case_column(anchor, host)
        if anchor.startswith("date:"):
            return pl.lit(dt.date.fromisoformat(anchor[5:]))
        kind = event_type(anchor)
        assert kind is not None, anchor
        return self.case_column(self.first_of(kind, last=anchor.endswith(":last")), host)

    def case_column(self, name: str, host: Host) -> pl.Expr:
        """A case-frame column seen from ``host`` (joined by row onto an event host once)."""
        if host.event is None or name in host.frame.columns:
            return pl.col(name)
        host.frame = host.frame.join(self.cases.select("row", name), on="row", how="left")
        return pl.col(name)

    def events_of(self, kind: str) -> Host:
        """The host of the events of one type (each with its own date, time and fields)."""
        host = self._hosts.get(kind)
        if host is None:
            frame = self.events.filter(pl.col("type") == kind)
            if kind == "coercive_execution" and "emergency" in frame.columns:
                frame = frame.with_columns(pl.col("emergency").fill_null(False))  # the model's default
            host = self._hosts[kind] = Host(frame, "eid", kind)
        return host

    # -- conditions -----------------------------------------------------------------------------

    def condition(self, condition: Condition, host: Host) -> pl.Expr:  # noqa: PLR0911 - one branch per operator
        """A Boolean expression over ``host``: true, false, or null when the case does not state what is needed."""
        match condition:
            case AllOf(all_=parts):
                return _fold([self.condition(part, host) for part in parts], and_=True)
            case AnyOf(any_=parts):
                return _fold([self.condition(part, host) for part in parts], and_=False)
            case Not(not_=part):
                return ~self.condition(part, host)
            case FactTest():
                return self._test(condition, self.case_column(condition.fact, host),
                                  self.profile.fact_specs[condition.fact])
            case FieldTest():
                if condition.field not in host.frame.columns:
                    return pl.lit(condition.absent, dtype=pl.Boolean)
                return self._test(condition, pl.col(condition.field), self.fields[condition.field])
            case DateTest():
                first = self.anchor(condition.date, host)
                return _ordered(condition, first, lambda anchor: self.anchor(anchor, host))
            case Exists():
                return self._extreme(condition, host) if _by_extreme(condition) \
                    else pl.col(self._exists(condition, host))
        raise Unsupported(f"condition {type(condition).__name__}")  # pragma: no cover - the union is closed

    def _test(self, test: _Test, value: pl.Expr, spec: FactSpec) -> pl.Expr:
        absent = pl.lit(test.absent, dtype=pl.Boolean)
        if test.at_least is not None:
            held = value >= test.at_least if spec.type == "number" else pl.lit(False)
        else:
            wanted = test.expected()
            if spec.type == "codes":
                strings = [item for item in wanted if isinstance(item, str)]
                held = _fold([value.list.contains(pl.lit(item)) for item in strings], and_=False) if strings \
                    else pl.lit(False)
            else:
                same: list[Any]
                if spec.type == "flag":
                    same = [item for item in wanted if isinstance(item, bool)]
                elif spec.type == "number":
                    same = [item for item in wanted if isinstance(item, int) and not isinstance(item, bool)]
                else:
                    same = [item for item in wanted if isinstance(item, str)]
                held = value.is_in(same) if same else pl.lit(False)
        return pl.when(value.is_null()).then(absent).otherwise(held)

    def _extreme(self, condition: Exists, host: Host) -> pl.Expr:
        """An ``exists`` with no ``where``, no ``within`` and at most one order test, from the case's first (or
        last) event of the type: some event is before an anchor exactly when the first one is (no join)."""
        orders = [key for key in _COMPARE if getattr(condition, key) is not None]
        if not orders:
            return self.case_column(self.first_of(condition.exists), host).is_not_null()
        key = orders[0]
        extreme = self.case_column(self.first_of(condition.exists, last=key in ("after", "on_or_after")), host)
        return pl.when(extreme.is_null()).then(False) \
            .otherwise(_COMPARE[key](extreme, self.anchor(getattr(condition, key), host)))

    def _exists(self, condition: Exists, host: Host) -> str:
        """A column of ``host`` holding the three-valued answer of an ``exists`` node."""
        made = host.made.get(id(condition))
        if made is not None:
            return made
        name = f"__exists.{len(host.made)}.{id(condition)}"
        inner = self.events_of(condition.exists)
        matched = pl.lit(True) if condition.where is None else self.condition(condition.where, inner)
        candidates = inner.frame.select("row", pl.col("on").alias("__on"), matched.alias("__matched"))
        anchors = [getattr(condition, key) for key in ("before", "on_or_before", "after", "on_or_after")
                   if getattr(condition, key) is not None]
        if condition.within is not None:
            anchors.append(condition.within.of)
        needed = {anchor: f"__anchor.{index}" for index, anchor in enumerate(anchors)}
        dates = [self.anchor(anchor, host).alias(column) for anchor, column in needed.items()]
        base = host.frame.select(host.key, *([] if host.key == "row" else ["row"]), *dates)
        pairs = base.join(candidates, on="row", how="inner")
        day = pl.col("__on")
        timed = _ordered(condition, day, lambda anchor: pl.col(needed[anchor]))
        if condition.within is not None:
            pairs = pairs.with_columns(__end=self._within_end(condition, pl.col(needed[condition.within.of]), pairs))
            timed = timed & (day <= pl.col("__end"))
        value = pl.when(pl.col("__matched").not_()).then(False).when(pl.col("__matched").is_null()).then(None) \
            .otherwise(timed)
        summary = pairs.with_columns(__value=value).group_by(host.key).agg(
            (pl.col("__value") == True).any().alias("__true"),  # noqa: E712 - a polars expression
            pl.col("__value").is_null().any().alias("__unknown"))
        joined = host.frame.join(summary, on=host.key, how="left")
        host.frame = joined.with_columns(
            pl.when(pl.col("__true")).then(True).when(pl.col("__unknown")).then(None).otherwise(False)
            .alias(name)).drop("__true", "__unknown")
        if host.event is None:
            self.cases = host.frame
        host.made[id(condition)] = name
        return name

    def _within_end(self, condition: Exists, start: pl.Expr, frame: pl.DataFrame) -> pl.Series:
        within = condition.within
        assert within is not None
        starts = frame.select(start).to_series()
        if within.working_days is not None:
            return self.add_working_days(starts, within.working_days)
        if within.days is not None:
            return starts + dt.timedelta(days=within.days)
        assert within.months is not None
        return add_months(starts, within.months)

    # -- calendar -------------------------------------------------------------------------------

    def add_working_days(self, days: pl.Series, count: int | pl.Series) -> pl.Series:
        """C2 over a column (null stays null); dates must lie inside the loaded years (``outside_calendar``)."""
        offsets = _days(days) + self.days.shift
        offsets = np.clip(offsets, 0, len(self.days.cum) - 1)
        amount = count.to_numpy() if isinstance(count, pl.Series) else count
        index = self.days.cum[offsets] + amount - 1
        index = np.clip(index, 0, len(self.days.workdays) - 1)
        result = self.days.workdays[index] - self.days.shift
        return pl.Series(days.name, result, dtype=pl.Int32).cast(pl.Date).zip_with(days.is_not_null(),
                                                                                   pl.Series([None], dtype=pl.Date))

    def next_working_day(self, days: pl.Series) -> pl.Series:
        offsets = np.clip(_days(days) + self.days.shift, 0, len(self.days.cum) - 1)
        work = self.days.work[offsets] == 1
        index = np.clip(self.days.cum[offsets], 0, len(self.days.workdays) - 1)
        moved = np.where(work, offsets, self.days.workdays[index]) - self.days.shift
        return pl.Series(days.name, moved, dtype=pl.Int32).cast(pl.Date).zip_with(days.is_not_null(),
                                                                                  pl.Series([None], dtype=pl.Date))

    def statutory_rest(self, days: pl.Series, *, statutory: bool) -> pl.Series:
        offsets = np.clip(_days(days) + self.days.shift, 0, len(self.days.cum) - 1)
        flags = self.days.statutory[offsets] == 1 if statutory else self.days.work[offsets] == 0
        return pl.Series(days.name, flags)

    def rest_run_provisional(self, days: pl.Series) -> pl.Series:
        """Whether the rest-day answer for each day is provisional: its run of rest days reaches December 25–31
        of the last loaded year (C10, as ``Calendar.rest_day``)."""
        offsets = np.clip(_days(days) + self.days.shift, 0, len(self.days.cum) - 1)
        last = self.days.run_last[offsets] - self.days.shift
        first = self.days.run_first[offsets] - self.days.shift
        limit_low = (dt.date(self.days.last_year, 12, 25) - EPOCH).days
        limit_high = (dt.date(self.days.last_year, 12, 31) - EPOCH).days
        return pl.Series(days.name, (last >= limit_low) & (first <= limit_high))

    def span(self, first: pl.Series, last: pl.Series) -> tuple[pl.Series, pl.Series]:
        """For each inspected span of days: whether it is provisional (C10: it reaches December 25–31 of the last
        loaded year), and whether it leaves the loaded years (the reference raises or marks it: those rows go
        to the reference). A null span is neither."""
        frame = pl.DataFrame({"first": first, "last": last})
        end = dt.date(self.days.last_year, 12, 31)
        flags = frame.select(
            ((pl.col("last") > pl.lit(self.days.firm_until())) & (pl.col("first") <= pl.lit(end)))
            .fill_null(False).alias("provisional"),
            ((pl.col("first").dt.year() < self.days.first_year) | (pl.col("last").dt.year() > self.days.last_year))
            .fill_null(False).alias("outside"))
        return flags.get_column("provisional"), flags.get_column("outside")


_UNIT = "\x1f"  # the ASCII unit separator: never part of a code


def code_list(parts: Sequence[pl.Expr]) -> pl.Expr:
    """The non-null codes of ``parts`` (string expressions), in order, as a list: joined and split again,
    which polars does many times faster than ``concat_list(...).list.drop_nulls()``."""
    joined = pl.concat_str(parts, separator=_UNIT, ignore_nulls=True)
    return pl.when(joined.is_null() | (joined == "")).then(pl.lit([], dtype=pl.List(pl.String))) \
        .otherwise(joined.str.split(_UNIT))


def _by_extreme(condition: Exists) -> bool:
    return condition.where is None and condition.within is None and \
        sum(getattr(condition, key) is not None for key in _COMPARE) <= 1


def _fold(parts: list[pl.Expr], *, and_: bool) -> pl.Expr:
    result = parts[0]
    for part in parts[1:]:
        result = (result & part) if and_ else (result | part)
    return result


_COMPARE: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    "before": lambda a, b: a < b, "on_or_before": lambda a, b: a <= b,
    "after": lambda a, b: a > b, "on_or_after": lambda a, b: a >= b}


def _ordered(test: Exists | DateTest, day: pl.Expr, anchor: Callable[[str], pl.Expr]) -> pl.Expr:
    """Kleene AND of the order tests: false wins over unknown (as ``_conditions._ordered``)."""
    parts = [compare(day, anchor(getattr(test, key))) for key, compare in _COMPARE.items()
             if getattr(test, key) is not None]
    if not parts:
        return pl.lit(True)
    if isinstance(test, DateTest):
        return _fold(parts, and_=True)
    return _fold([pl.when(day.is_null()).then(None).otherwise(part) for part in parts], and_=True)


def instrument_in_force(instrument: Instrument, day: pl.Expr) -> pl.Expr:
    """``Instrument.in_force_on`` over a column (a null day: false)."""
    live = day.is_not_null()
    first = instrument.first_day
    if first is not None:
        live = live & (day >= pl.lit(first))
    if instrument.effective_until is not None:
        live = live & (day <= pl.lit(instrument.effective_until))
    return live.fill_null(False)


def add_months(days: pl.Series, months: int | pl.Series) -> pl.Series:
    """C4 over a column: the corresponding day, or the month's last day (as ``_periods.add_months``)."""
    frame = pl.DataFrame({"d": days, "m": months if isinstance(months, pl.Series) else pl.Series([months] * len(days))})
    index = frame.select(pl.col("d").dt.year().cast(pl.Int64) * 12 + pl.col("d").dt.month().cast(pl.Int64) - 1
                         + pl.col("m")).to_series()
    year, month = index // 12, index % 12 + 1
    first = pl.DataFrame({"y": year, "m": month}).select(pl.date(pl.col("y"), pl.col("m"), 1)).to_series()
    last = first.dt.month_end().dt.day()
    day = pl.DataFrame({"a": days.dt.day(), "b": last}).select(pl.min_horizontal("a", "b")).to_series()
    result = pl.DataFrame({"f": first, "d": day}).select(pl.col("f") + pl.duration(days=pl.col("d") - 1)).to_series()
    return result.alias(days.name)


# -- reading cases --------------------------------------------------------------------------------------

def case_frame(table: pa.Table, profile: Profile, limits: Limits
               ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The case frame, the event frame and the rows the fast path can take exactly as the reference would."""
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    frame = frame.with_row_index("row")
    first, last = pl.lit(limits.first_date), pl.lit(limits.last_date)

    bad: list[pl.Expr] = []

    def checked_date(column: pl.Expr, name: str) -> pl.Expr:
        text = _is_text(column, frame)
        parsed = _iso_day(column) if text else column
        if text:
            bad.append(_bad_day(column))
        bad.append(parsed.is_not_null() & ((parsed < first) | (parsed > last)))
        return parsed.alias(name)

    act, complaint = pl.col("act"), pl.col("complaint")
    codes = profile.all_codes
    columns = [
        pl.col("id").alias("__id"),
        act.struct.field("type").fill_null("other").alias("act.type"),
        checked_date(act.struct.field("decided_on"), "act.decided_on"),
        act.struct.field("defects").fill_null([]).alias("act.defects"),
        act.struct.field("context").fill_null([]).alias("act.context"),
        *(act.struct.field("remedies").struct.field(name).fill_null("none").alias(f"act.remedies.{name}")
          for name in ("reconsideration", "litigation", "petition")),
        checked_date(complaint.struct.field("received_on"), "complaint.received_on"),
        *(pl.when(complaint.is_not_null()).then(complaint.struct.field(flag).fill_null(True)).otherwise(None)
          .alias(f"complaint.{flag}") for flag in _COMPLAINT_FLAGS),
        pl.col("bars").fill_null([]).alias("bars"),
        pl.col("exceptions").fill_null([]).alias("exceptions"),
        *(pl.col("facts").struct.field(name).alias(f"facts.{name}") for name in profile.facts),
        pl.col("events").list.len().fill_null(0).alias("__events"),
        pl.col("obligations").list.len().fill_null(0).alias("__obligations"),
    ]
    cases = frame.select("row", "act", "complaint", "events", "obligations", *columns)
    bad += [
        ~pl.col("act.type").is_in(_ACT_TYPES),
        *(~pl.col(f"act.remedies.{name}").is_in(_REMEDIES) for name in ("reconsideration", "litigation", "petition")),
        complaint.is_not_null() & complaint.struct.field("received_on").is_null(),
        pl.col("events").list.len().fill_null(0) > limits.max_events,
        pl.col("obligations").list.len().fill_null(0) > limits.max_events,
    ]
    listed: tuple[tuple[str, VocabularyName], ...] = (
        ("act.defects", "defects"), ("act.context", "contexts"), ("bars", "bars"), ("exceptions", "exceptions"))
    for path, vocabulary in listed:
        source = {"act.defects": act.struct.field("defects"), "act.context": act.struct.field("context"),
                  "bars": pl.col("bars"), "exceptions": pl.col("exceptions")}[path]
        bad.append(source.list.eval(~pl.element().is_in(sorted(codes[vocabulary])) | pl.element().is_null())
                   .list.any().fill_null(False))
    ok = cases.select(~_fold([b.fill_null(False) for b in bad], and_=False)).to_series()
    cases = cases.with_columns(__ok=ok).drop("act", "complaint", "events", "obligations")
    events, event_ok = event_frame(frame, profile, limits)
    obligations = obligation_frame(frame, limits)
    cases = cases.join(event_ok, on="row", how="left").join(obligations[1], on="row", how="left").with_columns(
        (pl.col("__ok") & pl.col("__events_ok").fill_null(True) & pl.col("__obligations_ok").fill_null(True))
        .alias("__ok")).drop("__events_ok", "__obligations_ok")
    return cases, events, obligations[0]


def _iso_day(text: pl.Expr) -> pl.Expr:
    """ISO ``YYYY-MM-DD`` text as a date (null where it names no day)."""
    return text.str.to_date("%Y-%m-%d", strict=False)


def _bad_day(text: pl.Expr, limits: Limits | None = None) -> pl.Expr:
    """Stated text that is not an ISO day the reference reads (with ``limits``: or one outside their range)."""
    parsed = _iso_day(text)
    bad = ~text.str.contains(_DATE_PATTERN) | parsed.is_null()
    if limits is not None:
        bad = bad | (parsed < pl.lit(limits.first_date)) | (parsed > pl.lit(limits.last_date))
    return text.is_not_null() & bad


def _is_text(column: pl.Expr, frame: pl.DataFrame) -> bool:
    return frame.select(column).dtypes[0] == pl.String


def event_frame(frame: pl.DataFrame, profile: Profile, limits: Limits) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One row per event (all of them: ``as_of`` filters later) and, per case row, whether all its events are
    ones the reference would read the same way."""
    exploded = frame.select("row", "events").filter(pl.col("events").list.len() > 0).explode("events") \
        .unnest("events")
    fields = event_fields(profile)
    specs = profile.event_specs
    first, last = pl.lit(limits.first_date), pl.lit(limits.last_date)
    on_text, at_text = pl.col("on"), pl.col("at")
    if exploded.schema.get("on") == pl.String:
        on_day, on_bad = _iso_day(on_text), _bad_day(on_text)
    else:
        on_day, on_bad = on_text, pl.lit(False)
    at_time = at_text.str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False).fill_null(
        at_text.str.to_datetime("%Y-%m-%dT%H:%M", strict=False)) if exploded.schema.get("at") == pl.String else at_text
    at_bad = at_text.is_not_null() & (~at_text.str.contains(_DATETIME_PATTERN) | at_time.is_null()) \
        if exploded.schema.get("at") == pl.String else pl.lit(False)
    core = set(CORE_EVENTS)
    timed_core = {"coercive_execution"}
    bad = [
        pl.col("type").is_null() | ~pl.col("type").is_in(sorted(specs)),
        on_bad, at_bad,
        # the reference's shapes: a core dated event has on and no at; coercive_execution at and no on; a
        # declared event exactly one of them
        pl.col("type").is_in(sorted(core - timed_core)) & (pl.col("on").is_null() | pl.col("at").is_not_null()),
        pl.col("type").is_in(sorted(timed_core)) & (pl.col("at").is_null() | pl.col("on").is_not_null()),
        ~pl.col("type").is_in(sorted(core)) & (pl.col("on").is_null() == pl.col("at").is_null()),
    ]
    for name, spec in fields.items():
        allowed = sorted(kind for kind, event in specs.items() if name in event.fields)
        bad.append(pl.col(name).is_not_null() & ~pl.col("type").is_in(allowed))
        if spec.type == "date":
            bad.append(_bad_day(pl.col(name), limits))
    documents = sorted(profile.codes("documents"))
    bad += [
        (pl.col("type") == "extension_approved") & (pl.col("months").is_null() | (pl.col("months") < 1)),
        pl.col("supervisors") < 0,
        (pl.col("type") == "corrective_document_received") & (pl.col("document").is_null()
                                                             | ~pl.col("document").is_in(documents)),
        pl.col("outcome").is_not_null() & ~pl.col("outcome").str.contains(_SNAKE),
    ] if "months" in fields else []
    day = pl.coalesce(on_day, at_time.dt.date())
    bad.append(day.is_not_null() & ((day < first) | (day > last)))
    converted = [on_day.alias("__day"), at_time.alias("at")]
    if "deadline" in fields:
        converted.append(_iso_day(pl.col("deadline")).alias("deadline"))
    exploded = exploded.with_columns(__bad=_fold([b.fill_null(False) for b in bad], and_=False))
    if "deadline" in fields:
        exploded = exploded.with_columns(__bad=pl.col("__bad") | (
            _iso_day(pl.col("deadline")) < pl.coalesce(on_day, at_time.dt.date()))
            .fill_null(False))
    exploded = exploded.with_columns(*converted).with_columns(on=pl.coalesce("__day", pl.col("at").dt.date())) \
        .drop("__day")
    per_row = exploded.group_by("row").agg((~pl.col("__bad").any()).alias("__events_ok"))
    events = exploded.drop("__bad").with_row_index("eid")
    return events, per_row


def obligation_frame(frame: pl.DataFrame, limits: Limits) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One row per obligation with its position in the case's list (``pos``), and per case row whether all its
    obligations are ones the reference would read the same way."""
    exploded = frame.select("row", "obligations").filter(pl.col("obligations").list.len() > 0) \
        .explode("obligations").unnest("obligations")
    exploded = exploded.with_columns(pos=pl.int_range(pl.len()).over("row"))
    bad: list[pl.Expr] = [pl.col("rule").is_null(), pl.col("trigger").is_null() == pl.col("year").is_null(),
                          (pl.col("year") < 1950) | (pl.col("year") > 2149),
                          (pl.col("year") < limits.first_date.year) | (pl.col("year") > limits.last_date.year)]
    texts = [name for name in ("trigger", "done_on") if exploded.schema.get(name) == pl.String]
    bad += [_bad_day(pl.col(name), limits) for name in texts]
    exploded = exploded.with_columns(__bad=_fold([b.fill_null(False) for b in bad], and_=False))
    exploded = exploded.with_columns(_iso_day(pl.col(name)) for name in texts)
    per_row = exploded.group_by("row").agg((~pl.col("__bad").any()).alias("__obligations_ok"))
    return exploded.drop("__bad"), per_row


# -- running a plan -------------------------------------------------------------------------------------

_EMPTY = pl.lit([], dtype=pl.List(pl.String))


def run(plan: Plan, cases: pl.DataFrame, events: pl.DataFrame, obligations: pl.DataFrame
        ) -> tuple[pl.DataFrame, dict[str, pa.Array]]:
    """The verdict columns of the rows ``cases`` holds (all of them fit for the fast path), with ``__fallback``
    for the rows a kind leaves to the reference; ``deadlines``, ``procedure`` and ``requirements`` come apart,
    as Arrow arrays in the frame's row order (built in Arrow: faster than polars' list operations, and it would
    re-encode the checks' dictionaries)."""
    as_of = pl.lit(plan.as_of)
    ordered = events.filter(pl.col("on") <= as_of).sort("row", "on", "type", maintain_order=True)
    later = events.filter(pl.col("on") > as_of)
    plan.start(cases, ordered, obligations)
    plan.mark("events_after_as_of", plan.cases, pl.col("row").is_in(later.get_column("row").unique().implode()))
    # same day, same type: the reference orders such events by content; the plan leaves them to it (sorted,
    # such twins are neighbours)
    twin = pl.all_horizontal([pl.col(key) == pl.col(key).shift(1) for key in ("row", "on", "type")])
    plan.mark("fallback", plan.cases, pl.col("row").is_in(ordered.filter(twin).get_column("row").implode()))
    for step, rules in plan.steps:
        step(plan, rules)
    applied = plan.flagged("applied")
    codes = sorted(code for code in plan.flags if code not in ("applied", "fallback"))
    warnings = code_list([pl.when(plan.flagged(code)).then(pl.lit(code)) for code in codes]) if codes else _EMPTY
    output = plan.output
    nothing = pl.lit(None, dtype=pl.String)
    frame = plan.cases.select(
        "row",
        pl.when(applied).then(pl.lit("ok")).otherwise(pl.lit("not_in_force")).alias("status"),
        warnings.alias("warnings"),
        output.get("admission", nothing).alias("admission"),
        output.get("admission_grounds", _EMPTY).alias("admission_grounds"),
        output.get("disposition", nothing).alias("disposition"),
        output.get("if_uncorrected", nothing).alias("if_uncorrected"),
        output.get("disposition_grounds", _EMPTY).alias("disposition_grounds"),
        plan.flagged("fallback").alias("__fallback"),
    )
    fields = {"rule": pl.String, "item": pl.String}
    gathered = _gather(plan.cases, plan.liabilities, pl.Struct(fields), distinct=True)
    frame = frame.join(gathered.rename({"__value": "liabilities"}), on="row", how="left", maintain_order="left") \
        .with_columns(pl.col("liabilities").fill_null(pl.lit([], dtype=pl.List(pl.Struct(fields)))))
    ok = frame.get_column("status") == "ok"
    return frame, {"deadlines": _listed(plan.cases, plan.deadlines),
                   "procedure": _checks(plan.cases, plan.procedure, ok),
                   "requirements": _checks(plan.cases, plan.requirements, ok)}


def _listed(cases: pl.DataFrame, parts: list[pl.Expr]) -> pa.Array:
    """Per row, the non-null values of ``parts`` — struct columns (a value or null per row) or list columns —
    in the order of ``parts``, as one Arrow list: each value's place is computed (a row's offset, plus what the
    parts before it hold in that row, plus its place in its own list), then one ``take`` fills them all."""
    count = len(cases)
    if not parts:
        return pa.array([[]] * count, pa.list_(pa.null()))
    columns = cases.select(part.alias(f"__part{index}") for index, part in enumerate(parts)).to_arrow()
    arrays = [column.combine_chunks() for column in columns.columns]
    kind = next((array.type.value_type if pa.types.is_list(array.type) or pa.types.is_large_list(array.type)
                 else array.type) for array in arrays)
    values, counts, structs = [], [], []
    for array in arrays:
        listed = pa.types.is_list(array.type) or pa.types.is_large_list(array.type)
        sizes = (array.value_lengths().fill_null(0) if listed else array.is_valid()).to_numpy(zero_copy_only=False)
        values.append((array.flatten() if listed else array).cast(kind))
        counts.append(sizes.astype(np.int64))
        structs.append(not listed)
    offsets = np.concatenate(([0], np.cumsum(np.sum(counts, axis=0)))).astype(np.int64)
    before = offsets[:-1].copy()  # per row: where its values of the next part go
    base = 0  # where the next part's values start in the concatenation
    take = np.empty(int(offsets[-1]), dtype=np.int64)
    for array, sizes, struct in zip(values, counts, structs, strict=True):
        total = int(sizes.sum())
        rows = np.repeat(np.arange(count), sizes)
        if struct:  # a value per row or none: the row's own value
            take[before[rows]] = base + rows
        else:  # a list per row: its values in order, after the row's values of the parts before
            starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
            take[before[rows] + np.arange(total) - starts[rows]] = base + np.arange(total)
        before += sizes
        base += len(array)
    flat = pa.concat_arrays(values).take(pa.array(take))
    return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), flat)


_CHECK_STATES = ["complied", "violated", "not_applicable", "undeterminable", "undetermined", "not_in_force"]
CHECK_STATE = pl.Enum(_CHECK_STATES)
"""The states of a procedure or requirement check: a kind that builds its statuses of this type spares
``_checks`` a cast."""


def _checks(cases: pl.DataFrame, checks: list[tuple[str, pl.Expr]], ok: pl.Series) -> pa.Array:
    """``[{rule, status}]`` with every check in order for the rows where a rule applied, else ``[]``: built as
    Arrow arrays (every row has the same checks, so the list's offsets are known) with dictionary-encoded
    codes, as the verdict schema has them."""
    kept = ok.to_numpy()
    count = int(kept.sum()) if checks else 0
    codes = cases.filter(ok).select([status.cast(CHECK_STATE).to_physical().alias(f"__s{index}")
                                     for index, (_, status) in enumerate(checks)]).to_numpy().astype(np.int32) \
        if count else np.zeros(0, dtype=np.int32)
    statuses = pa.DictionaryArray.from_arrays(pa.array(codes.ravel()), pa.array(_CHECK_STATES))
    rules = pa.DictionaryArray.from_arrays(pa.array(np.tile(np.arange(len(checks), dtype=np.int32), count)),
                                           pa.array([rule for rule, _ in checks], pa.string()))
    values = pa.StructArray.from_arrays([rules, statuses], names=["rule", "status"])
    offsets = np.concatenate(([0], np.cumsum(np.where(kept, len(checks), 0)))).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def _gather(cases: pl.DataFrame, parts: list[pl.Expr], dtype: pl.DataType, *, distinct: bool) -> pl.DataFrame:
    """Per row, the non-null values of ``parts`` (struct columns, or list columns spread in place) as one list,
    in the order of ``parts``: stacked long, then gathered back (polars is far faster so than with lists)."""
    if not parts:
        return pl.DataFrame({"row": pl.Series([], dtype=cases.schema["row"]),
                             "__value": pl.Series([], dtype=pl.List(dtype))})
    values = cases.select("row", *(part.alias(f"__part{index}") for index, part in enumerate(parts)))
    long = []
    for index in range(len(parts)):
        column = values.select("row", pl.col(f"__part{index}").alias("__value"))
        if isinstance(column.schema["__value"], pl.List):
            column = column.explode("__value")
        long.append(column.filter(pl.col("__value").is_not_null()).with_columns(__order=pl.lit(index, pl.Int32))
                    .with_row_index("__within"))
    stacked = pl.concat([part.with_columns(pl.col("__value").cast(dtype)) for part in long]) \
        .sort("row", "__order", "__within")
    if distinct:
        stacked = stacked.unique(subset=["row", "__value"], keep="first", maintain_order=True)
    return stacked.group_by("row", maintain_order=True).agg(pl.col("__value"))


# -- the batch: lines or a table in, a verdict table out ---------------------------------------------------

@dataclass
class Source:
    """Rows to evaluate: the table the fast reader made, each row's input line, and the lines it left to the
    reference reader (their text, or for a table row its data)."""

    table: pa.Table | None
    lines: list[int]
    scalar: list[tuple[int, Any]]


def compiled(profile: Profile, as_of: dt.date, calendar: Calendar) -> Plan | None:
    """The profile's plan (``None`` when it has no vectorized form: every row takes the scalar path)."""
    key = ("columnar plan", as_of, id(calendar))
    memo = profile.memo.get(key)
    if memo is None or memo[0] is not calendar:
        try:
            plan: Plan | None = Plan(profile, as_of, calendar)
        except Unsupported:
            plan = None
        memo = profile.memo[key] = (calendar, plan)
    return memo[1]


def read_lines(data: bytes, profile: Profile, *, first_line: int = 1) -> Source:
    """A block of whole JSON lines: the lines the fast reader takes exactly as the reference would, read into
    one table; every other non-blank line is left to the reference (which gives its verdict or its error)."""
    schema = case_schema(profile)
    if first_line > 1 or not data.startswith(b"\xef\xbb\xbf"):
        whole = _plain_block(data)
        if whole is not None:  # the common case: no line needs a second look
            tables: list[pa.Table] = []
            kept: list[int] = []
            scalar_lines: list[tuple[int, Any]] = []
            block = data if data.endswith(b"\n") else data + b"\n"
            _read_block(block, whole, first_line, schema, tables, kept, scalar_lines)
            return Source(pa.concat_tables(tables) if tables else None, kept, scalar_lines)
    raw = data.split(b"\n")
    if raw and raw[-1] == b"":
        raw.pop()
    fast: list[bytes] = []
    lines: list[int] = []
    scalar: list[tuple[int, Any]] = []
    for offset, piece in enumerate(raw):
        number = first_line + offset
        line = piece[3:] if number == 1 and piece.startswith(b"\xef\xbb\xbf") else piece
        line = line.removesuffix(b"\r")
        if not line.strip(b" \t"):
            continue
        if len(line) > _FAST_LINE_BYTES or b"null" in line or b"\r" in line or b"\\u0000" in line:
            scalar.append((number, line))
        else:
            fast.append(line)
            lines.append(number)
    tables = []
    kept = []
    _read(fast, lines, schema, tables, kept, scalar)
    table = pa.concat_tables(tables) if tables else None
    return Source(table, kept, scalar)


def _plain_block(data: bytes) -> int | None:
    """The number of lines of a block every line of which the fast reader may take as it is (no empty line, no
    ``null``, no CR, none too long), else ``None``. A line of blanks only is caught later: the reader skips
    it, so the rows do not match the lines and the block is read line by line."""
    if not data or b"\r" in data or b"null" in data or b"\\u0000" in data:
        return None
    breaks = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    ends = breaks if data.endswith(b"\n") else np.append(breaks, len(data))
    lengths = np.diff(ends, prepend=-1)
    if not len(lengths) or int(lengths.min()) <= 1 or int(lengths.max()) > _FAST_LINE_BYTES + 1:
        return None
    return len(ends)


def _read_block(block: bytes, count: int, first_line: int, schema: pa.Schema, tables: list[pa.Table],  # noqa: PLR0917
                kept: list[int], scalar: list[tuple[int, Any]]) -> None:
    """A whole block at once — first with only its date keys declared (inference is some six times faster than
    the full schema; the types it infers must then be the schema's, key for key), then with the full schema;
    when that fails too, line by line halving (``_read``)."""
    try:
        inferred = _parse(block, _date_schema(schema), infer=True)
    except (pa.ArrowInvalid, UnicodeDecodeError):
        inferred = None
    if inferred is not None and inferred.num_rows == count and all(
            name in schema.names and _compatible(inferred.schema.field(name).type, schema.field(name).type)
            for name in inferred.column_names):
        tables.append(pa.table({name: _conform(inferred.column(name), schema.field(name).type)
                                if name in inferred.column_names else pa.nulls(count, schema.field(name).type)
                                for name in schema.names}))
        kept.extend(range(first_line, first_line + count))
        return
    try:
        table = _parse(block, schema)
        if table.num_rows == count:
            tables.append(table.select(schema.names).cast(schema))
            kept.extend(range(first_line, first_line + count))
            return
    except (pa.ArrowInvalid, UnicodeDecodeError):
        pass
    lines = block.split(b"\n")[:count]
    _read(lines, list(range(first_line, first_line + count)), schema, tables, kept, scalar)


def _parse(block: bytes, schema: pa.Schema, *, infer: bool = False) -> pa.Table:
    """JSON lines read in one piece on this thread (a worker is one core), with ``schema`` declared: keys it
    does not name are inferred (``infer``) or an error."""
    return pa_json.read_json(io.BytesIO(block), read_options=pa_json.ReadOptions(
        use_threads=False, block_size=max(1 << 20, len(block) + 1)), parse_options=pa_json.ParseOptions(
        explicit_schema=schema, unexpected_field_behavior="infer" if infer else "error"))


def _date_schema(schema: pa.Schema) -> pa.Schema:
    """The case schema's text keys that hold dates, and only those: declared so, the reader never turns a date
    into a timestamp (it cannot tell ``2026-01-05`` from ``2026-01-05T00:00:00`` once it has)."""
    def dated(kind: pa.DataType) -> pa.DataType | None:
        if pa.types.is_struct(kind):
            fields = [pa.field(f.name, inner) for f in kind if (inner := (
                f.type if f.name in _DATE_KEYS else dated(f.type))) is not None]
            return pa.struct(fields) if fields else None
        if pa.types.is_list(kind):
            inner = dated(kind.value_type)
            return pa.list_(inner) if inner is not None else None
        return None

    fields = [pa.field(f.name, inner) for f in schema if (inner := dated(f.type)) is not None]
    return pa.schema(fields)


_DATE_KEYS = frozenset({"decided_on", "received_on", "on", "at", "deadline", "trigger", "done_on"})


def _compatible(found: pa.DataType, wanted: pa.DataType) -> bool:
    """Whether a type the reader inferred is the schema's (a key absent from the whole block, or only empty
    lists, infers ``null``: compatible with anything)."""
    if pa.types.is_null(found) or found == wanted:
        return True
    if pa.types.is_struct(found) and pa.types.is_struct(wanted):
        return all(wanted.get_field_index(f.name) >= 0 and _compatible(f.type, wanted.field(f.name).type)
                   for f in found)
    if pa.types.is_list(found) and pa.types.is_list(wanted):
        return _compatible(found.value_type, wanted.value_type)
    return False


def _read(block: list[bytes], lines: list[int], schema: pa.Schema, tables: list[pa.Table], kept: list[int],  # noqa: PLR0917
          scalar: list[tuple[int, Any]]) -> None:
    """Read a block with the explicit schema; a block that fails is halved until the failing lines are alone
    (each then left to the reference reader, which says what is wrong with it)."""
    if not block:
        return
    try:
        table = _parse(b"\n".join(block), schema)
        if table.num_rows != len(block):
            raise ValueError("rows and lines differ")  # noqa: TRY301 - the same recovery as a parse error
    except (pa.ArrowInvalid, ValueError, UnicodeDecodeError):
        if len(block) == 1:
            scalar.append((lines[0], block[0]))
            return
        middle = len(block) // 2
        _read(block[:middle], lines[:middle], schema, tables, kept, scalar)
        _read(block[middle:], lines[middle:], schema, tables, kept, scalar)
        return
    tables.append(table.select(schema.names).cast(schema))
    kept.extend(lines)


def evaluate_jsonl(profile: Profile | str, data: bytes, *, as_of: dt.date, calendar: Calendar | None = None,
                   file: str = "<stdin>", first_line: int = 1, limits: Limits = DEFAULT_LIMITS,
                   explain: bool = False, language: Language = "zh") -> pa.Table:
    """A block of whole JSON lines evaluated to a verdict table (``_verdicts``), one row per non-blank line in
    line order; ``first_line`` is the number of the block's first line in ``file``; ``explain``: with the
    explanation column, in ``language``."""
    profile = profile if isinstance(profile, Profile) else load_profile(profile)
    calendar = calendar or national_calendar()
    source = read_lines(data, profile, first_line=first_line)
    return _evaluate_source(profile, source, as_of=as_of, calendar=calendar, file=file, limits=limits,
                            words=language if explain else None)


def evaluate_table(profile: Profile | str, table: pa.Table, *, as_of: dt.date, calendar: Calendar | None = None,
                   limits: Limits = DEFAULT_LIMITS, explain: bool = False, language: Language = "zh") -> pa.Table:
    """A table of cases (``case_schema(profile)``: columns it lacks are absent keys, a null is an absent key)
    evaluated to a verdict table, one row per case in order (``line`` is the row number from 1); ``explain``:
    with the explanation column, in ``language``."""
    profile = profile if isinstance(profile, Profile) else load_profile(profile)
    calendar = calendar or national_calendar()
    schema = case_schema(profile)
    unknown = [name for name in table.column_names if name not in schema.names]
    if unknown:
        raise CaseError(f"column {unknown[0]!r} is not a case key; expected {', '.join(schema.names)}",
                        file="<table>")
    conformed = pa.table({name: _conform(table.column(name) if name in table.column_names else
                                         pa.nulls(table.num_rows, schema.field(name).type),
                                         schema.field(name).type) for name in schema.names})
    source = Source(conformed, list(range(1, table.num_rows + 1)), [])
    return _evaluate_source(profile, source, as_of=as_of, calendar=calendar, file="<table>", limits=limits,
                            words=language if explain else None, table_rows=True)


def _conform(column: pa.ChunkedArray | pa.Array, target: pa.DataType) -> pa.ChunkedArray | pa.Array:
    """A column cast to the case schema's type (dates as ISO text, structs field by field)."""
    if column.type == target:
        return column
    if isinstance(column, pa.ChunkedArray):
        return pa.chunked_array([_conform(chunk, target) for chunk in column.chunks], type=target)
    if pa.types.is_struct(target):
        assert isinstance(column, pa.StructArray)
        names = [column.type.field(i).name for i in range(column.type.num_fields)]
        for name in names:
            if target.get_field_index(name) < 0:
                raise CaseError(f"field {name!r} is not a case key here", file="<table>")
        children = [_conform(column.field(name), target.field(i).type) if name in names
                    else pa.nulls(len(column), target.field(i).type)
                    for i, name in ((i, target.field(i).name) for i in range(target.num_fields))]
        return pa.StructArray.from_arrays(children, fields=list(target), mask=column.is_null())
    if pa.types.is_list(target) and (pa.types.is_list(column.type) or pa.types.is_large_list(column.type)):
        values = _conform(column.flatten(), target.value_type)
        offsets = column.offsets
        return pa.ListArray.from_arrays(offsets, values, type=target, mask=column.is_null())
    if pa.types.is_string(target) and pa.types.is_date(column.type):
        return column.cast(pa.string())
    return column.cast(target)


def _evaluate_source(profile: Profile, source: Source, *, as_of: dt.date, calendar: Calendar, file: str,
                     limits: Limits, words: Language | None, table_rows: bool = False) -> pa.Table:
    """``words``: the language of the explanation column (``None``: no such column)."""
    explain = words is not None
    plan = compiled(profile, as_of, calendar)
    rows: list[dict[str, Any]] = []
    parts: list[pa.Table] = []
    schema = verdict_schema(explain)
    table = source.table
    if table is not None and table.num_rows:
        if plan is None or explain:
            rows += [_scalar(profile, number, record, as_of=as_of, calendar=calendar, file=file, limits=limits,
                             words=words)
                     for number, record in zip(source.lines, _records(table), strict=True)]
        else:
            cases, events, obligations = case_frame(table, profile, limits)
            lines = pl.Series("line", source.lines, dtype=pl.Int64)
            ids = cases.get_column("__id")
            ok = cases.get_column("__ok")
            fast = cases.filter(pl.col("__ok"))
            keep = fast.get_column("row").implode()
            verdicts, checks = run(plan, fast, events.filter(pl.col("row").is_in(keep)),
                                   obligations.filter(pl.col("row").is_in(keep)))
            back = ~ok.to_numpy()
            slow = set(np.flatnonzero(back).tolist())
            fallback = verdicts.get_column("__fallback").to_numpy()
            slow |= set(verdicts.get_column("row").filter(fallback).to_list())
            good = verdicts.filter(~pl.col("__fallback")).drop("__fallback")
            if len(good):
                frame = good.with_columns(
                    line=lines.gather(good.get_column("row")),
                    case=ids.gather(good.get_column("row")), path=pl.lit("columnar"),
                    error=pl.lit(None, dtype=pl.String)).drop("row")
                plain = [name for name in schema.names if name not in checks]
                arrow = frame.select(plain).to_arrow().cast(pa.schema([schema.field(name) for name in plain]))
                taken = pa.array(np.flatnonzero(~fallback)) if fallback.any() else None
                for name, built in checks.items():
                    column = built.cast(schema.field(name).type)  # the deadlines' codes: to dictionaries
                    arrow = arrow.append_column(schema.field(name), column if taken is None else column.take(taken))
                parts.append(arrow.select(schema.names))
            if slow:
                records = table.take(sorted(slow)).to_pylist()
                for row_index, record in zip(sorted(slow), records, strict=True):
                    rows.append(_scalar(profile, source.lines[row_index], _absent(record), as_of=as_of,
                                        calendar=calendar, file=file, limits=limits, words=words))
    for number, text in source.scalar:
        row = _scalar_line(profile, number, text, as_of=as_of, calendar=calendar, file=file, limits=limits,
                           words=words)
        if row is not None:
            rows.append(row)
    if rows:
        try:
            parts.append(pa.Table.from_pylist(rows, schema=schema))
        except UnicodeEncodeError:  # a lone surrogate from a "\ud800" escape: Arrow strings are UTF-8
            parts.append(pa.Table.from_pylist(_utf8(rows), schema=schema))
    if not parts:
        return schema.empty_table()
    result = pa.concat_tables(parts)
    return result.sort_by("line") if rows else result


def _utf8(value: Any) -> Any:
    """``value`` with every string made valid UTF-8: a lone surrogate becomes its ``\\uXXXX`` escape text."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, list):
        return [_utf8(item) for item in value]
    if isinstance(value, dict):
        return {key: _utf8(item) for key, item in value.items()}
    return value


def _records(table: pa.Table) -> Iterator[dict[str, Any]]:
    for record in table.to_pylist():
        yield _absent(record)


def _absent(value: Any) -> Any:
    """A table row as case data: a null is an absent key."""
    if isinstance(value, dict):
        return {key: _absent(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_absent(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _scalar(profile: Profile, number: int, data: Any, *, as_of: dt.date, calendar: Calendar, file: str,
            limits: Limits, words: Language | None) -> dict[str, Any]:
    """One case by the reference evaluator (its verdict row, or its error row; ``words``: see
    ``_evaluate_source``)."""
    explain = words is not None
    from ._case import case_from_data, checked  # noqa: PLC0415
    from ._evaluate import _evaluate  # noqa: PLC0415

    case_id = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None
    try:
        case = checked(case_from_data(data, file=file, line=number, context=profile.case_context), limits,
                       file=file, line_of=lambda _: number)
        report = _evaluate(profile, case, as_of, calendar, skip_unknown_obligations=False, language=words or "zh")
    except CaseError as exc:
        located = exc if exc.line is not None else CaseError(exc.reason, file=file, line=number, key=exc.key)
        return error_row(line=number, case=case_id, error=str(located), explain=explain)
    except RulesError as exc:
        return error_row(line=number, case=case_id, error=str(exc), explain=explain)
    except Exception as exc:  # the batch contract: any failure is this line's record
        return error_row(line=number, case=case_id, error=str(EvaluationError(exc, file=file, line=number)),
                         explain=explain)
    return _row(report, number, case_id, explain)


def _row(report: Report, number: int, case_id: str | None, explain: bool) -> dict[str, Any]:
    return verdict_row(report, line=number, case=case_id, path="scalar", explain=explain)


def _scalar_line(profile: Profile, number: int, text: bytes, *, as_of: dt.date, calendar: Calendar, file: str,
                 limits: Limits, words: Language | None) -> dict[str, Any] | None:
    """A line the fast reader left: the reference batch reader gives its record (``None``: a blank line)."""
    explain = words is not None
    from ._batch import _line, _Overlong  # noqa: PLC0415

    item: bytes | _Overlong = _Overlong(len(text)) if len(text) > limits.max_line_bytes else text
    result = _line(profile, item, number, as_of=as_of, calendar=calendar, file=file, limits=limits,
                   language=words or "zh")
    if result is None:
        return None
    if result.report is not None:
        return _row(result.report, number, result.case_id, explain)
    return error_row(line=number, case=result.case_id, error=str(result.error), explain=explain)


# -- the differential check ----------------------------------------------------------------------------

def reference_table(profile: Profile, data: bytes, *, as_of: dt.date, calendar: Calendar | None = None,
                    file: str = "<stdin>", limits: Limits = DEFAULT_LIMITS) -> pa.Table:
    """The verdict table of a block by the scalar evaluator alone (the reference)."""
    from ._batch import evaluate_many  # noqa: PLC0415

    rows = []
    for result in evaluate_many(profile, io.BytesIO(data), as_of=as_of, calendar=calendar or national_calendar(),
                                file=file, limits=limits):
        if result.report is not None:
            rows.append(_row(result.report, result.line, result.case_id, False))
        else:
            rows.append(error_row(line=result.line, case=result.case_id, error=str(result.error)))
    return pa.Table.from_pylist(rows, schema=verdict_schema())


def differences(profile: Profile, data: bytes, *, as_of: dt.date, calendar: Calendar | None = None,
                limit: int = 10) -> list[str]:
    """Where the columnar plan and the reference disagree on a block of JSON lines, field by field (at most
    ``limit`` lines of report): the differential test and ``validate --columnar``."""
    calendar = calendar or national_calendar()
    fast = evaluate_jsonl(profile, data, as_of=as_of, calendar=calendar).to_pylist()
    slow = reference_table(profile, data, as_of=as_of, calendar=calendar).to_pylist()
    found: list[str] = []
    if [row["line"] for row in fast] != [row["line"] for row in slow]:
        return [f"lines differ: columnar {[row['line'] for row in fast][:10]}…, "
                f"reference {[row['line'] for row in slow][:10]}…"]
    for mine, theirs in zip(fast, slow, strict=True):
        for key, value in theirs.items():
            if key != "path" and mine[key] != value:
                found.append(f"line {theirs['line']}: {key}: columnar {mine[key]!r}, reference {value!r}")
                if len(found) >= limit:
                    return found
    return found


def paths(table: pa.Table) -> dict[str, int]:
    """How many rows took which path (columnar, scalar, error)."""
    counts = dict.fromkeys(("columnar", "scalar", "error"), 0)
    for path in table.column("path").to_pylist():
        counts[path] += 1
    return counts
