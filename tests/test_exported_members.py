"""``__all__`` lists exactly the public names, sorted (SPEC §8)."""

from __future__ import annotations

import enforcement_rules

CONTRACT = {"load_profile", "list_profiles", "due_date", "evaluate", "compare", "Case", "Report", "Deadline",
            "RulesError", "ProfileError", "CaseError", "CalendarCoverageError"}


def test_all_is_sorted_and_complete() -> None:
    public = {name for name in dir(enforcement_rules) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(enforcement_rules, name)).__name__ == "module"}
    assert enforcement_rules.__all__ == sorted(enforcement_rules.__all__)
    assert set(enforcement_rules.__all__) == public - modules - {"annotations"}


def test_the_contract_names_are_exported() -> None:
    assert set(enforcement_rules.__all__) >= CONTRACT


def test_every_error_shares_the_root_and_the_located_ones_are_value_errors() -> None:
    for name in ("ProfileError", "CaseError", "CalendarFileError", "InvalidInputError"):
        error = getattr(enforcement_rules, name)
        assert issubclass(error, enforcement_rules.RulesError) and issubclass(error, ValueError)
    assert issubclass(enforcement_rules.CalendarCoverageError, enforcement_rules.RulesError)
