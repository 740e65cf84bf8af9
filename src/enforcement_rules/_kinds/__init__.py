"""Rule kinds as plug-ins: one module per kind, one line each in ``KINDS``.

A kind module defines a ``KIND = Kind(...)``: its model (a ``RuleBase`` with ``kind: Literal[...]``), its
reference checks, its evaluation, its one-line summary and its quotations. The loader, the evaluator,
``show``, ``diff``, lint and ``testing`` iterate over the registry; nothing else names a kind.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar, Union

from pydantic import Field, create_model

from .._conditions import Names
from .._profile import Citation, Profile, RuleBase, RuleId

if TYPE_CHECKING:
    from .._evaluation import Evaluation

R = TypeVar("R", bound=RuleBase)
PathKey = tuple[str | int, ...]
Problem = tuple[PathKey, str]


def names_of(profile: Profile) -> Names:
    """What the profile's conditions may name (computed once per profile)."""
    found = profile.memo.get("names")
    if found is None:
        found = profile.memo["names"] = Names(
            facts=profile.fact_specs, events={name: spec.fields for name, spec in profile.event_specs.items()},
            codes=profile.all_codes)
    return found


P = TypeVar("P")


def rules_by_kind(profile: Profile) -> list[tuple[Kind[Any], dict[str, Any]]]:
    """Each registered kind in evaluation order with the profile's rules of that kind: one table per kind and
    profile, shared by the scalar and the columnar evaluator (``prepared`` knows a table by its identity)."""
    found = profile.memo.get("by_kind")
    if found is None:
        found = profile.memo["by_kind"] = [
            (kind, {rule_id: rule for rule_id, rule in profile.rules.items() if rule.kind == kind.name})
            for kind in kinds()]
    return found


def prepared(profile: Profile, name: str, rules: dict[str, R], build: Callable[[Profile, dict[str, R]], P]) -> P:
    """What a kind works out once per profile for its rules (compiled conditions, anchors …), kept in the
    profile's memo; ``rules`` is the kind's rule table the evaluator passes on every call."""
    key = ("prepared", name)
    found = profile.memo.get(key)
    if found is None or found[0] is not rules:
        found = profile.memo[key] = (rules, build(profile, rules))
    return found[1]


def own_quote(rule: RuleBase) -> Iterator[tuple[PathKey, Citation, str]]:
    """The rule's own citation and quotation (most kinds quote only that)."""
    yield ("citation",), rule.citation, rule.text


def no_problems(_profile: Profile, _rule_id: str, _rule: Any) -> Iterator[Problem]:
    return iter(())


@dataclass(frozen=True)
class Kind(Generic[R]):
    """Everything the engine knows about one rule kind."""

    name: str
    model: type[R]
    order: int  # evaluation order: a kind reads the results of kinds with a lower order
    evaluate: Callable[[Evaluation, dict[str, R]], None]
    summary: Callable[[R], str]
    check: Callable[[Profile, str, R], Iterator[Problem]] = no_problems
    quotes: Callable[[R], Iterator[tuple[PathKey, Citation, str]]] = own_quote
    lint: Callable[[Profile, str, R], Iterator[Problem]] = no_problems
    section: str = "requirements"  # the report section its results go to
    without_rules: bool = False
    """whether ``evaluate`` has something to say when the profile has no rule of the kind (else it is not called
    then)"""
    columnar: Callable[[Any, dict[str, R]], None] | None = None
    """the vectorized form (``_columnar.Plan``, the kind's rules): adds its columns to the plan; ``None``: every
    row of a profile using the kind is left to the scalar evaluator"""


_REGISTRY: dict[str, Kind[Any]] = {}
_version = [0]


def register(kind: Kind[Any]) -> None:
    """Add (or replace) a kind; profiles loaded afterwards may use it."""
    _REGISTRY[kind.name] = kind
    _version[0] += 1


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)
    _version[0] += 1


def kinds() -> list[Kind[Any]]:
    """The registered kinds, in evaluation order."""
    _load_builtin()
    return sorted(_REGISTRY.values(), key=lambda kind: kind.order)


def kind_of(rule: RuleBase) -> Kind[Any]:
    _load_builtin()
    return _REGISTRY[rule.kind]


def profile_model() -> type[Profile]:
    """The ``Profile`` model whose ``rules`` accept every registered kind (rebuilt when the registry changes)."""
    _load_builtin()
    return _profile_model(_version[0])


@functools.cache
def _profile_model(_version: int) -> type[Profile]:
    models = tuple(kind.model for kind in kinds())
    rule: Any = Annotated[Union[models], Field(discriminator="kind")]  # noqa: UP007 - a runtime tuple of models
    return create_model("Profile", __base__=Profile, __doc__=Profile.__doc__,
                        rules=(dict[RuleId, rule], Field(default={}, description="the rules, by id")))


_BUILTIN = ("deadline", "admission", "disposition", "procedure", "requirement", "prohibition", "liability")


@functools.cache
def _load_builtin() -> None:
    """The built-in kinds, imported on first use (each kind module imports this registry)."""
    for name in _BUILTIN:
        module = importlib.import_module(f"{__name__}.{name}")
        if module.KIND.name not in _REGISTRY:
            register(module.KIND)
