"""``__all__`` lists exactly the public names, sorted (SPEC §8)."""

from __future__ import annotations

import types
import typing
from typing import Any

import pydantic

import enforcement_rules

CONTRACT = {"load_profile", "list_profiles", "due_date", "evaluate", "compare", "Case", "Report", "Deadline",
            "RulesError", "ProfileError", "CaseError", "CalendarCoverageError"}


def test_all_imports_are_exported() -> None:
    # As httpx does: every public name the package defines is in __all__, sorted, and nothing else.
    # (Submodules such as enforcement_rules.testing appear in vars() once imported: they are not names.)
    # The names load lazily (the package's __getattr__, for a fast CLI start): use each once, then look.
    for name in enforcement_rules.__all__:
        getattr(enforcement_rules, name)
    public = [name for name, value in vars(enforcement_rules).items()
              if (not name.startswith("_") or name == "__version__") and not isinstance(value, types.ModuleType)]
    assert enforcement_rules.__all__ == sorted(public)


def _reachable(annotation: Any, models: set[type[pydantic.BaseModel]], literals: list[Any]) -> None:
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        literals.append(annotation)
    elif isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        if annotation not in models:
            models.add(annotation)
            for field in annotation.model_fields.values():
                _reachable(field.annotation, models, literals)
    else:
        for argument in typing.get_args(annotation):
            _reachable(argument, models, literals)


def test_every_model_and_literal_of_a_report_and_a_case_is_exported() -> None:
    models: set[type[pydantic.BaseModel]] = set()
    literals: list[Any] = []
    _reachable(enforcement_rules.Report, models, literals)
    _reachable(enforcement_rules.Case, models, literals)
    exported = [getattr(enforcement_rules, name) for name in enforcement_rules.__all__]
    assert {model.__name__ for model in models} - set(enforcement_rules.__all__) == set()
    assert all(getattr(enforcement_rules, model.__name__) is model for model in models)
    # A named Literal alias is equal to itself re-built, so each Literal of a field must equal an export
    # (single-value Literals are event tags, exported with their event class); a Literal may also be a member
    # of an exported union of Literals (Outcome).
    covered = [*exported, *(part for value in exported for part in typing.get_args(value)
                            if typing.get_origin(part) is typing.Literal)]
    missing = [literal for literal in literals if len(typing.get_args(literal)) > 1 and literal not in covered]
    assert missing == []


def test_the_contract_names_are_exported() -> None:
    assert set(enforcement_rules.__all__) >= CONTRACT


def test_every_error_shares_the_root_and_the_located_ones_are_value_errors() -> None:
    for name in ("ProfileError", "CaseError", "CalendarFileError", "InvalidInputError"):
        error = getattr(enforcement_rules, name)
        assert issubclass(error, enforcement_rules.RulesError) and issubclass(error, ValueError)
    assert issubclass(enforcement_rules.CalendarCoverageError, enforcement_rules.RulesError)
