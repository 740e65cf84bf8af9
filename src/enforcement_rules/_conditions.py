"""Conditions: one typed language over case facts and events, used by every rule kind (SPEC §4a).

    {all: [C, …]}  {any: [C, …]}  {not: C}
    {fact: act.defects, in: [ultra_vires, abuse_of_power]}    {fact: complaint.identifies_target, is: false}
    {act.defects: [ultra_vires, abuse_of_power]}               (shorthand for the line above)
    {field: supervisors, at_least: 2}                          (a field of the event being checked)
    {exists: legal_review, before: act.decided_on}             (an event, optionally ordered or within a period)
    {exists: corrected, within: {days: 30, of: event:corrective_document_received}}
    {date: act.decided_on, before: complaint.received_on}      (dates through named anchors)

A condition is three-valued: it holds, it does not, or the case does not state what it needs (``None``);
each kind says what an unknown means (a requirement: ``undeterminable``; admission: the step does not apply).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, StrictBool, StrictInt, Tag

from ._anchors import anchor_resolver, check_anchor, did_you_mean, resolve_anchor
from ._docstrings import describe
from ._periods import add_days, add_months

if TYPE_CHECKING:
    from ._calendar import Calendar
    from ._case import Event
    from ._facts import CaseView
    from ._vocabulary import FactSpec

Scalar = StrictBool | StrictInt | str
Truth = bool | None


class _Node(BaseModel):
    # as _profile.Strict: docstrings are descriptions (_docstrings), validators are built on first use
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        describe(cls)


class AllOf(_Node):
    """Holds when every part holds."""

    all_: list[Condition] = Field(alias="all", min_length=1)
    """every part must hold"""


class AnyOf(_Node):
    """Holds when at least one part holds."""

    any_: list[Condition] = Field(alias="any", min_length=1)
    """at least one part must hold"""


class Not(_Node):
    """Holds when its part does not."""

    not_: Condition = Field(alias="not")
    """the part must not hold"""


class _Test(_Node):
    is_: Scalar | None = Field(default=None, alias="is", description="equals (a list fact: contains)")
    in_: list[Scalar] | None = Field(default=None, alias="in", min_length=1,
                                     description="one of (a list fact: contains any of)")
    at_least: StrictInt | None = Field(default=None, description="a number at least this")
    absent: StrictBool | None = Field(default=None, description="the test's value when the case does not state "
                                                                "the fact; omitted: unknown")

    def _check_one_test(self) -> str | None:
        given = [name for name in ("is_", "in_", "at_least") if getattr(self, name) is not None]
        return None if len(given) == 1 else "a test has exactly one of is, in, at_least"

    def expected(self) -> list[Scalar]:
        if self.is_ is not None:
            return [self.is_]
        return list(self.in_ or [])

    def test(self, value: Any) -> Truth:
        if value is None:
            return self.absent
        if self.at_least is not None:
            return isinstance(value, int) and not isinstance(value, bool) and value >= self.at_least
        wanted = self.expected()
        if isinstance(value, frozenset | list | tuple):
            return any(item in value for item in wanted)
        return any(value == item and type(value) is type(item) for item in wanted)


class FactTest(_Test):
    """A fact of the case (``act.defects``, ``complaint.identifies_target``, ``facts.NAME`` …)."""

    fact: str
    """the fact tested (a path such as act.defects, or facts.NAME)"""


class FieldTest(_Test):
    """A field of the event being checked (``supervisors``, ``emergency`` …)."""

    field: str
    """the field of the event in scope that is tested"""


class Within(_Node):
    """A period counted from an anchor (C1: the anchor's day is not counted), inclusive of its last day."""

    working_days: StrictInt | None = Field(default=None, ge=1, le=366)
    """a period of N working days (C2)"""
    days: StrictInt | None = Field(default=None, ge=1, le=3660)
    """a period of N days (C3)"""
    months: StrictInt | None = Field(default=None, ge=1, le=120)
    """a period of N months (C4)"""
    of: str = Field(description="the anchor the period runs from")

    def end(self, start: dt.date, calendar: Calendar) -> dt.date:
        if self.working_days is not None:
            return calendar.add_working_days(start, self.working_days)
        if self.days is not None:
            return add_days(start, self.days)
        assert self.months is not None
        return add_months(start, self.months)


class Exists(_Node):
    """An event of a type exists (optionally one whose fields satisfy ``where``), ordered against anchors."""

    exists: str
    """the event type that must exist"""
    where: Condition | None = None
    """a condition on that event's fields"""
    before: str | None = None
    """an anchor the date must be strictly before"""
    on_or_before: str | None = None
    """an anchor the date must be on or before"""
    after: str | None = None
    """an anchor the date must be strictly after"""
    on_or_after: str | None = None
    """an anchor the date must be on or after"""
    within: Within | None = None


class DateTest(_Node):
    """Compares two anchored dates."""

    date: str
    """the anchor whose date is compared"""
    before: str | None = None
    """an anchor the date must be strictly before"""
    on_or_before: str | None = None
    """an anchor the date must be on or before"""
    after: str | None = None
    """an anchor the date must be strictly after"""
    on_or_after: str | None = None
    """an anchor the date must be on or after"""


_ORDER: dict[str, Callable[[dt.date, dt.date], bool]] = {
    "before": lambda a, b: a < b, "on_or_before": lambda a, b: a <= b,
    "after": lambda a, b: a > b, "on_or_after": lambda a, b: a >= b,
}
_OPERATORS = ("all", "any", "not", "fact", "field", "exists", "date")
_LIST_FACTS = ("bars", "exceptions")  # the fact paths without a dot


def _tag(value: Any) -> str | None:
    if isinstance(value, Mapping):
        return next((key for key in _OPERATORS if key in value), None)
    if isinstance(value, BaseModel):
        return {AllOf: "all", AnyOf: "any", Not: "not", FactTest: "fact", FieldTest: "field", Exists: "exists",
                DateTest: "date"}.get(type(value))
    return None


def condition_tag(value: Any) -> str | None:
    """The operator of a condition written as data (``all``, ``fact`` …, shorthand included), else ``None``."""
    return _tag(_shorthand(value)) if isinstance(value, Mapping) else None


def _shorthand(value: Any) -> Any:
    """``{act.defects: [a, b]}`` → ``{fact: act.defects, in: [a, b]}``; ``{path: v}`` → ``{fact: path, is: v}``."""
    if isinstance(value, Mapping) and len(value) == 1:
        ((key, expected),) = value.items()
        if isinstance(key, str) and key not in _OPERATORS and ("." in key or key in _LIST_FACTS):
            return {"fact": key, "in" if isinstance(expected, list) else "is": expected}
    return value


Condition = Annotated[
    Annotated[AllOf, Tag("all")] | Annotated[AnyOf, Tag("any")] | Annotated[Not, Tag("not")]
    | Annotated[FactTest, Tag("fact")] | Annotated[FieldTest, Tag("field")] | Annotated[Exists, Tag("exists")]
    | Annotated[DateTest, Tag("date")],
    Discriminator(_tag, custom_error_type="condition",
                  custom_error_message="a condition is a mapping with one of all, any, not, fact, field, exists, "
                                       "date, or the shorthand {fact.path: value}"),
    BeforeValidator(_shorthand),
]
# AllOf, AnyOf, Not and Exists name Condition before it exists: being defer_build, they resolve it when first
# used (no model_rebuild here: that built every condition validator at import, issue 10).


# -- evaluation -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """What a condition is evaluated against: the case, and (inside an event check) one event."""

    view: CaseView
    calendar: Calendar
    event: Event | None = None


Compiled = Callable[[Scope], Truth]
_COMPILED: dict[int, tuple[Condition, Compiled]] = {}


def holds(condition: Condition, scope: Scope) -> Truth:
    """Kleene's three-valued logic: ``None`` when the case does not state what the condition needs.

    Each condition is compiled once into a closure (kept with the condition, so its id stays its own)."""
    return compiled(condition)(scope)


def compiled(condition: Condition) -> Compiled:
    """The condition's closure (``compile_condition``), made once per condition object."""
    return _once(_COMPILED, condition, compile_condition)


T = TypeVar("T")


def _once(table: dict[int, tuple[Condition, T]], condition: Condition, work: Callable[[Condition], T]) -> T:
    """What ``work`` derives from a condition, kept in ``table`` by the condition's identity (the entry keeps
    the condition alive, so its id stays its own)."""
    entry = table.get(id(condition))
    if entry is None or entry[0] is not condition:
        entry = table[id(condition)] = (condition, work(condition))
    return entry[1]


def compile_condition(condition: Condition) -> Compiled:  # noqa: PLR0911 - one branch per operator
    """A closure equivalent to ``interpret(condition, scope)``, with the tests' values resolved once."""
    match condition:
        case AllOf(all_=[part]) | AnyOf(any_=[part]):
            return compile_condition(part)  # all or any of one part: that part, unknown included
        case AllOf(all_=parts):
            compiled = [compile_condition(part) for part in parts]

            def all_of(scope: Scope) -> Truth:
                result: Truth = True
                for part in compiled:
                    value = part(scope)
                    if value is False:
                        return False
                    if value is None:
                        result = None
                return result
            return all_of
        case AnyOf(any_=parts):
            compiled = [compile_condition(part) for part in parts]

            def any_of(scope: Scope) -> Truth:
                result: Truth = False
                for part in compiled:
                    value = part(scope)
                    if value is True:
                        return True
                    if value is None:
                        result = None
                return result
            return any_of
        case Not(not_=part):
            inner = compile_condition(part)

            def negation(scope: Scope) -> Truth:
                value = inner(scope)
                return None if value is None else not value
            return negation
        case FactTest():
            return _compile_test(condition, condition.fact, fact=True)
        case FieldTest():
            return _compile_test(condition, condition.field, fact=False)
        case Exists():
            return _compile_exists(condition)
        case DateTest():
            first = anchor_resolver(condition.date)
            ordered = _compile_order(condition)

            def date_test(scope: Scope) -> Truth:
                day = first(scope.view, _own(scope))
                return None if day is None else ordered(day, scope)
            return date_test
    raise AssertionError(condition)  # pragma: no cover - the union is closed


def _compile_order(test: Exists | DateTest) -> Callable[[dt.date, Scope], Truth]:
    """``_ordered`` with the anchors read once."""
    tests = [(anchor_resolver(anchor), compare) for name, compare in _ORDER.items()
             if (anchor := getattr(test, name)) is not None]

    def ordered(day: dt.date, scope: Scope) -> Truth:
        result: Truth = True
        for resolve, compare in tests:
            other = resolve(scope.view, _own(scope))
            if other is None:
                result = None
            elif not compare(day, other):
                return False
        return result
    return ordered


def _compile_exists(condition: Exists) -> Compiled:
    """``_exists`` with its parts compiled; the plain ``exists X`` is one look-up."""
    kind = condition.exists
    if condition.where is None and condition.within is None and not any(
            getattr(condition, name) is not None for name in _ORDER):
        return lambda scope: kind in scope.view.by_type
    where = compile_condition(condition.where) if condition.where is not None else None
    ordered = _compile_order(condition)
    within = condition.within
    start_of = anchor_resolver(within.of) if within is not None else None

    def exists(scope: Scope) -> Truth:
        unknown = False
        for event in scope.view.by_type.get(kind, ()):
            matched = True if where is None else where(Scope(scope.view, scope.calendar, event))
            timed = ordered(event.on, scope) if matched else matched
            if timed and within is not None and start_of is not None:
                start = start_of(scope.view, _own(scope))
                timed = None if start is None else event.on <= within.end(start, scope.calendar)
            if timed:
                return True
            unknown = unknown or timed is None
        return None if unknown else False
    return exists


def _compile_test(test: _Test, name: str, *, fact: bool) -> Compiled:
    """A fact test (``fact``) or a test of the event in scope, its expected values read once. (Each closure reads
    its value inline, without a call: admission alone runs several tests per case.)"""

    def read(scope: Scope) -> Any:
        return scope.view.facts.get(name) if fact else event_field(scope.event, name)
    absent = test.absent
    if test.at_least is not None:
        least = test.at_least

        def at_least(scope: Scope) -> Truth:
            value = scope.view.facts.get(name) if fact else event_field(scope.event, name)
            if value is None:
                return absent
            return isinstance(value, int) and not isinstance(value, bool) and value >= least
        return at_least
    wanted = test.expected()
    plain = frozenset(item for item in wanted if not isinstance(item, bool | int))
    if len(plain) == len(wanted):  # codes only: set membership, no bool/int confusion possible

        def member(scope: Scope) -> Truth:
            value = scope.view.facts.get(name) if fact else event_field(scope.event, name)
            if value is None:
                return absent
            if isinstance(value, _COLLECTIONS):
                return not plain.isdisjoint(value)
            return value in plain
        return member
    if all(isinstance(item, bool) for item in wanted):  # flags: identity, never 1 == True
        flags = frozenset(wanted)
        only = next(iter(flags)) if len(flags) == 1 else None

        def flag(scope: Scope) -> Truth:
            value = scope.view.facts.get(name) if fact else event_field(scope.event, name)
            if value is None:
                return absent
            return value is only if only is not None else value is True or value is False
        return flag
    return lambda scope: test.test(read(scope))


_COLLECTIONS = (frozenset, list, tuple)


def interpret(condition: Condition, scope: Scope) -> Truth:  # noqa: PLR0911 - one branch per operator
    """The reference semantics (``holds`` runs the compiled form of the same)."""
    match condition:
        case AllOf(all_=parts):
            values = [interpret(part, scope) for part in parts]
            return False if False in values else (None if None in values else True)
        case AnyOf(any_=parts):
            values = [interpret(part, scope) for part in parts]
            return True if True in values else (None if None in values else False)
        case Not(not_=part):
            value = interpret(part, scope)
            return None if value is None else not value
        case FactTest():
            return condition.test(scope.view.facts.get(condition.fact))
        case FieldTest():
            return condition.test(event_field(scope.event, condition.field))
        case Exists():
            return _exists(condition, scope)
        case DateTest():
            first = resolve_anchor(condition.date, scope.view, _own(scope))
            if first is None:
                return None
            return _ordered(condition, first, scope)
    raise AssertionError(condition)  # pragma: no cover - the union is closed


def _own(scope: Scope) -> dt.date | None:
    return scope.event.on if scope.event is not None else None


def _ordered(test: Exists | DateTest, day: dt.date, scope: Scope) -> Truth:
    result: Truth = True
    for name, compare in _ORDER.items():
        anchor = getattr(test, name)
        if anchor is None:
            continue
        other = resolve_anchor(anchor, scope.view, _own(scope))
        if other is None:
            result = None if result else result
        elif not compare(day, other):
            return False
    return result


def _exists(condition: Exists, scope: Scope) -> Truth:
    unknown = False
    for event in scope.view.by_type.get(condition.exists, ()):
        inner = Scope(scope.view, scope.calendar, event)
        matched = True if condition.where is None else interpret(condition.where, inner)
        timed = _ordered(condition, event.on, scope) if matched else matched
        if timed and condition.within is not None:
            start = resolve_anchor(condition.within.of, scope.view, _own(scope))
            timed = None if start is None else event.on <= condition.within.end(start, scope.calendar)
        if timed:
            return True
        unknown = unknown or timed is None
    return None if unknown else False


def event_field(event: Event | None, name: str) -> Any:
    """A field of an event (a declared event keeps its fields under ``fields``)."""
    if event is None:
        return None
    value = getattr(event, name, None)
    if value is None:
        extra = getattr(event, "fields", None)
        if isinstance(extra, Mapping):
            return extra.get(name)
    return value


# -- what a condition reads, for findings and checks ---------------------------------------------------

def walk(condition: Condition) -> Iterator[tuple[tuple[str | int, ...], Condition]]:
    """Every node with its key path below the condition (for reference checks)."""
    yield (), condition
    parts: Sequence[Condition] = ()
    key = ""
    match condition:
        case AllOf(all_=parts):
            key = "all"
        case AnyOf(any_=parts):
            key = "any"
        case Not(not_=part):
            for path, node in walk(part):
                yield ("not", *path), node
        case Exists(where=where) if where is not None:
            for path, node in walk(where):
                yield ("where", *path), node
    for index, part in enumerate(parts):
        for path, node in walk(part):
            yield (key, index, *path), node


_READ: dict[int, tuple[Condition, list[str]]] = {}


def facts_read(condition: Condition) -> list[str]:
    """The case facts a condition reads (in order, once each; worked out once per condition)."""
    return _once(_READ, condition, _facts_read)


def _facts_read(condition: Condition) -> list[str]:
    found: list[str] = []
    for _, node in walk(condition):
        if isinstance(node, FactTest) and node.fact not in found:
            found.append(node.fact)
    return found


def values_used(condition: Condition, view: CaseView) -> dict[str, Any]:
    """The case's values of the facts the condition reads (for a finding's ``facts``)."""
    used: dict[str, Any] = {}
    for fact in facts_read(condition):
        value = view.facts.get(fact)
        used[fact] = sorted(value) if isinstance(value, frozenset) else value
    return used


def matched_codes(condition: Condition, view: CaseView) -> list[str]:
    """The codes of list facts that made ``in``/``is`` tests of the condition hold (e.g. the defects found)."""
    codes: list[str] = []
    for node, expected in _fact_tests(condition):
        value = view.facts.get(node.fact)
        if isinstance(value, frozenset):
            codes.extend(str(code) for code in sorted(value & expected) if code not in codes)
        elif value is not None and node.test(value):
            text = f"{node.fact.rsplit('.', 1)[-1]}:{value}"
            if text not in codes:
                codes.append(text)
    return codes


_FACT_TESTS: dict[int, tuple[Condition, list[tuple[FactTest, frozenset[Scalar]]]]] = {}


def _fact_tests(condition: Condition) -> list[tuple[FactTest, frozenset[Scalar]]]:
    """The fact tests below a condition with their expected values, in walk order (found once per condition)."""
    return _once(_FACT_TESTS, condition, lambda condition: [
        (node, frozenset(node.expected())) for _, node in walk(condition) if isinstance(node, FactTest)])


def condition_covers(wide: Condition, narrow: Condition) -> bool:  # noqa: PLR0911 - one return per operator
    """Whenever ``narrow`` holds, ``wide`` holds too (a conservative, syntactic test)."""
    if wide == narrow:
        return True
    if isinstance(narrow, AnyOf):
        return all(condition_covers(wide, part) for part in narrow.any_)
    if isinstance(wide, AllOf):
        return all(condition_covers(part, narrow) for part in wide.all_)
    if isinstance(wide, AnyOf):
        return any(condition_covers(part, narrow) for part in wide.any_)
    if isinstance(narrow, AllOf):
        return any(condition_covers(wide, part) for part in narrow.all_)
    if isinstance(wide, FactTest) and isinstance(narrow, FactTest) and wide.fact == narrow.fact \
            and wide.at_least is None and narrow.at_least is None:
        return set(narrow.expected()) <= set(wide.expected())
    return False


# -- reference checks at load time ----------------------------------------------------------------

@dataclass(frozen=True)
class Names:
    """What a profile's conditions may name: facts (with their specs), events (with their fields), codes."""

    facts: Mapping[str, FactSpec]
    events: Mapping[str, Mapping[str, FactSpec]]
    codes: Mapping[Any, frozenset[str]]

    def allowed_values(self, spec: FactSpec) -> list[Any] | None:
        if spec.type == "flag":
            return [True, False]
        if spec.vocabulary is not None:
            return sorted(self.codes.get(spec.vocabulary, frozenset()))
        if spec.values:
            return list(spec.values)
        return None


def check_condition(condition: Condition, names: Names, *, event: str | None = None) -> Iterator[
        tuple[tuple[str | int, ...], str]]:
    """(key path, message) for each reference the condition gets wrong; ``event`` is the type in scope."""
    for path, node in walk(condition):
        scoped = event
        if "where" in path:
            owner = _owner_of_where(condition, path)
            scoped = owner
        yield from ((path + sub, message) for sub, message in _check_node(node, names, scoped))


def _owner_of_where(condition: Condition, path: tuple[str | int, ...]) -> str | None:
    """The event type of the innermost ``exists`` whose ``where`` contains ``path``."""
    node: Any = condition
    owner = None
    for part in path:
        if isinstance(node, Exists) and part == "where":
            owner = node.exists
            node = node.where
        elif isinstance(node, AllOf) and part == "all":
            node = node.all_
        elif isinstance(node, AnyOf) and part == "any":
            node = node.any_
        elif isinstance(node, Not) and part == "not":
            node = node.not_
        elif isinstance(node, list) and isinstance(part, int):
            node = node[part]
    return owner


def _check_node(node: Condition, names: Names, event: str | None  # noqa: PLR0912 - one branch per operator
                ) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(node, FactTest | FieldTest):
        problem = node._check_one_test()
        if problem:
            yield (), problem
            return
    if isinstance(node, FactTest):
        spec = names.facts.get(node.fact)
        if spec is None:
            yield ("fact",), f"unknown fact {node.fact!r}{did_you_mean(node.fact, names.facts)}"
            return
        yield from _check_values(node, spec, names)
    elif isinstance(node, FieldTest):
        fields = names.events.get(event or "", {})
        spec = fields.get(node.field)
        if event is None:
            yield ("field",), "a field test needs an event in scope (procedure, prohibition, exists … where)"
        elif spec is None:
            yield ("field",), (f"event {event!r} has no field {node.field!r}{did_you_mean(node.field, fields)}; "
                               f"fields: {', '.join(fields) or '(none)'}")
        else:
            yield from _check_values(node, spec, names)
    elif isinstance(node, Exists):
        if node.exists not in names.events:
            yield ("exists",), f"unknown event {node.exists!r}{did_you_mean(node.exists, names.events)}"
        for key in ("before", "on_or_before", "after", "on_or_after"):
            anchor = getattr(node, key)
            problem = anchor and check_anchor(anchor, names.events, own_event=event is not None)
            if problem:
                yield (key,), problem
        if node.within is not None:
            given = [n for n in ("working_days", "days", "months") if getattr(node.within, n) is not None]
            if len(given) != 1:
                yield ("within",), "within has exactly one of working_days, days, months"
            problem = check_anchor(node.within.of, names.events, own_event=event is not None)
            if problem:
                yield ("within", "of"), problem
    elif isinstance(node, DateTest):
        keys = [k for k in ("before", "on_or_before", "after", "on_or_after") if getattr(node, k) is not None]
        if len(keys) != 1:
            yield (), "a date test has exactly one of before, on_or_before, after, on_or_after"
        for key in ("date", *keys):
            problem = check_anchor(getattr(node, key), names.events, own_event=event is not None)
            if problem:
                yield (key,), problem


def _check_values(node: FactTest | FieldTest, spec: FactSpec, names: Names) -> Iterator[tuple[tuple[str, ...], str]]:
    what = node.fact if isinstance(node, FactTest) else node.field
    if node.at_least is not None:
        if spec.type != "number":
            yield ("at_least",), f"{what} is not a number: at_least does not apply"
        return
    allowed = names.allowed_values(spec)
    key = "is" if node.is_ is not None else "in"
    for value in node.expected():
        if spec.type == "flag" and not isinstance(value, bool):
            yield (key,), f"{what} is true or false; got {value!r}"
        elif allowed is not None and value not in allowed:
            shown = ", ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in allowed)
            yield (key,), f"{what}: unknown value {value!r}{did_you_mean(str(value), [str(a) for a in allowed])}; " \
                          f"expected one of {shown}"


