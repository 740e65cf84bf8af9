"""Profiles: the bundled catalog is complete, and every broken profile names its file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enforcement_rules import ProfileError, RulesError, list_profiles, load_profile
from enforcement_rules._kinds.admission import AdmissionRule
from enforcement_rules._kinds.deadline import (
    AnnualDatePeriod,
    CountedPeriod,
    DeadlineRule,
    DocumentPeriod,
    UndeterminablePeriod,
)
from enforcement_rules._kinds.disposition import DispositionRule
from enforcement_rules._kinds.liability import LiabilityRule
from enforcement_rules._kinds.procedure import ProcedureRule
from enforcement_rules._loader import parse_profile, profiles_dir

FIXTURES = Path(__file__).parent / "fixtures" / "profiles"

# SPEC §4: the deadline catalog, (profile, rule id) → unit and amount (or annual date).
DEADLINES: dict[tuple[str, str], tuple[str, object]] = {
    ("weihai", "annual_plan_filing"): ("annual_date", (1, 31)),
    ("weihai", "subject_change_confirmation"): ("days", 20),
    ("weihai", "entrustment_publication"): ("days", 20),
    ("weihai", "discretion_benchmark_publication"): ("days", 20),
    ("weihai", "decision_disclosure"): ("working_days", 7),
    ("weihai", "other_info_disclosure"): ("working_days", 20),
    ("weihai", "av_record_storage"): ("working_days", 2),
    ("weihai", "annual_report"): ("annual_date", (1, 20)),
    ("weihai", "opinion_review_request"): ("working_days", 5),
    ("weihai", "opinion_review_reply"): ("working_days", 10),
    ("weihai", "opinion_correction"): ("days", 30),
    ("weihai", "case_handling"): ("months", 2),
    ("weihai", "decision_execution_report"): ("days", 30),
    ("weihai", "supervision_archiving"): ("days", 30),
    ("weihai", "personnel_qualification_review"): ("years", 2),
    ("weihai", "legal_knowledge_test"): ("years", 4),
    ("xuchang", "annual_report_and_plan"): ("undeterminable", None),
    ("xuchang", "supervision_letter_response"): ("set_by_document", None),
    ("xuchang", "qualification_reapplication_bar"): ("years", 2),
    ("jincheng", "notice_handling"): ("set_by_document", None),
    ("jincheng", "decision_review_request"): ("working_days", 5),
    ("quzhou", "notice_correction"): ("set_by_document", None),
}

PROCEDURES = {("weihai", "min_two_supervisors"), ("jincheng", "min_two_supervisors"),
              ("quzhou", "min_two_supervisors"), ("xuchang", "recusal"),
              ("weihai", "no_night_or_holiday_execution")}


def test_the_four_cities_are_bundled() -> None:
    assert list_profiles() == ["jincheng", "quzhou", "weihai", "xuchang"]


@pytest.mark.parametrize(("name", "rule_id"), sorted(DEADLINES))
def test_every_deadline_of_the_catalog_has_its_period(name: str, rule_id: str) -> None:
    rule = load_profile(name).rules[rule_id]
    assert isinstance(rule, DeadlineRule)
    unit, amount = DEADLINES[name, rule_id]
    period = rule.period
    assert period.unit == unit
    if isinstance(period, CountedPeriod):
        assert period.amount == amount
    elif isinstance(period, AnnualDatePeriod):
        assert (period.month, period.day) == amount
    else:
        assert isinstance(period, DocumentPeriod | UndeterminablePeriod)


def test_case_handling_extends_by_at_most_one_month_and_the_bar_never_rolls() -> None:
    handling = load_profile("weihai").rules["case_handling"]
    assert isinstance(handling, DeadlineRule) and isinstance(handling.period, CountedPeriod)
    assert handling.period.extension is not None and handling.period.extension.max == 1
    bar = load_profile("xuchang").rules["qualification_reapplication_bar"]
    assert isinstance(bar, DeadlineRule) and isinstance(bar.period, CountedPeriod) and bar.period.bar


def test_review_requests_are_rights_not_duties() -> None:
    for name, rule_id in [("weihai", "opinion_review_request"), ("jincheng", "decision_review_request")]:
        rule = load_profile(name).rules[rule_id]
        assert isinstance(rule, DeadlineRule) and rule.right


@pytest.mark.parametrize(("name", "rule_id"), sorted(PROCEDURES))
def test_every_procedure_rule_of_the_catalog_exists(name: str, rule_id: str) -> None:
    assert isinstance(load_profile(name).rules[rule_id], ProcedureRule)


def test_every_city_has_a_disposition_and_weihai_and_jincheng_admission_steps() -> None:
    for name in list_profiles():
        assert load_profile(name).rules_of(DispositionRule), name
    grounds = {rule.ground for rule in load_profile("weihai").rules_of(AdmissionRule).values()}
    assert grounds == {None, "outside_scope", "reconsideration_or_litigation", "petition", "already_handled",
                       "older_than_3_years", "other_statutory_bar"}
    jincheng = load_profile("jincheng").rules_of(AdmissionRule)
    assert [rule.verdict for rule in jincheng.values()] == ["refer_elsewhere"]


def test_jincheng_orders_void_before_illegal_before_revoke_before_performance() -> None:
    disposition = load_profile("jincheng").rules["disposition"]
    assert isinstance(disposition, DispositionRule)
    ordered = sorted(disposition.criteria, key=lambda c: c.precedence)
    assert [c.if_uncorrected for c in ordered] == ["confirm_void", "confirm_illegal", "revoke",
                                                   "order_performance"]


def test_weihai_liabilities_map_the_items_of_article_44() -> None:
    liability = load_profile("weihai").rules["liability_article_44"]
    assert isinstance(liability, LiabilityRule)
    mapped = {item.item: set(item.rules) for item in liability.items}
    assert mapped["第（一）项"] == {"annual_plan_filing"}
    assert mapped["第（三）项"] == {"discretion_benchmark_publication"}
    assert {"decision_disclosure", "other_info_disclosure"} <= mapped["第（五）项"]
    assert mapped["第（七）项"] == {"annual_report"}
    assert mapped["第（八）项"] == {"opinion_correction", "decision_execution_report"}


def test_jincheng_records_the_article_14_numbering_defect_visibly() -> None:
    notes = " ".join(load_profile("jincheng").instruments["jincheng_2021"].notes)
    assert "第十四条" in notes and "（二）" in notes


def test_jincheng_is_in_force_for_exactly_two_years() -> None:
    instrument = load_profile("jincheng").instruments["jincheng_2021"]
    assert str(instrument.effective_from) == "2021-12-01"
    assert str(instrument.effective_until) == "2023-11-30"


# -- broken profiles: one fixture per error kind --------------------------------------------------

BROKEN = [
    ("unknown_key", 20, "rules.case_handling.period.amuont", "unknown key 'amuont'"),
    ("bad_unit", 18, "rules.case_handling.period.unit", "expected one of working_days, days, months"),
    ("duplicate_key", 9, "instruments.measures.status", "duplicate key 'status' (first at line 8)"),
    ("duplicate_rule_id", 21, "rules.case_handling", "duplicate rule id 'case_handling'"),
    ("bad_date", 7, "instruments.measures.effective_from", "expected a date YYYY-MM-DD; got '2021-02-30'"),
    ("bad_date_quoted", 7, "instruments.measures.effective_from", "expected a date YYYY-MM-DD"),
    ("missing_key", 11, "rules.case_handling.title", "missing required key"),
    ("dangling_instrument", 14, "rules.case_handling.citation.instrument", "unknown instrument 'measure'"),
    ("dangling_rule", 30, "rules.liability.items[0].rules[1]", "unknown rule 'annual_plan_filing'"),
    ("bad_condition", 29, "rules.bar.when.is", "unknown value 'allready_handled' (did you mean 'already_handled'?)"),
    ("bad_procedure_field", 28, "rules.min_two_supervisors.requires[0].field", "no field 'supervisor_count'"),
    ("invalid_yaml", 17, None, "invalid YAML"),
    ("not_a_mapping", 1, None, "a profile is a mapping"),
]


def test_the_minimal_fixture_is_valid() -> None:
    assert load_profile(FIXTURES / "minimal.yaml").name == "minimal"


@pytest.mark.parametrize(("fixture", "line", "key", "message"), BROKEN, ids=[row[0] for row in BROKEN])
def test_a_broken_profile_names_file_line_and_key(fixture: str, line: int, key: str | None,
                                                  message: str) -> None:
    path = FIXTURES / "broken" / f"{fixture}.yaml"
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    error = caught.value
    assert error.file is not None and error.file.endswith(f"broken/{fixture}.yaml")
    assert error.line == line
    assert error.key == key
    assert message in str(error)
    expected_start = f"{error.file}:{line}: {key}: " if key else f"{error.file}:{line}: "
    assert str(error).startswith(expected_start)


def test_profile_errors_are_value_errors_under_the_one_root() -> None:
    assert issubclass(ProfileError, ValueError) and issubclass(ProfileError, RulesError)


def test_an_unknown_profile_name_lists_the_bundled_ones() -> None:
    with pytest.raises(ProfileError, match=r"bundled profiles are jincheng, quzhou, weihai, xuchang"):
        load_profile("harbin")


def test_yaml_1_1_booleans_stay_strings_so_on_and_no_are_ordinary_words() -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8").replace("title: 测试办法", "title: no")
    assert parse_profile(text, "x.yaml").instruments["measures"].title == "no"


def test_the_loader_never_constructs_python_objects() -> None:
    text = "!!python/object/apply:os.system ['echo hacked']\n"
    with pytest.raises(ProfileError, match=r"x\.yaml:1"):
        parse_profile(text, "x.yaml")


# -- any YAML document either loads or raises ProfileError ---------------------------------------

WEIHAI = (profiles_dir() / "weihai.yaml").read_text(encoding="utf-8")
scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.dates().map(str)
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=20)


def _loads_or_profile_error(text: str) -> None:
    try:
        parse_profile(text, "fuzz.yaml")
    except ProfileError as error:
        assert str(error).startswith("fuzz.yaml")


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_text_loads_or_raises_profile_error(text: str) -> None:
    _loads_or_profile_error(text)


@settings(max_examples=150)
@given(documents)
def test_any_yaml_data_loads_or_raises_profile_error(data: object) -> None:
    _loads_or_profile_error(yaml.safe_dump(data, allow_unicode=True))


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=len(WEIHAI) - 1), st.integers(min_value=1, max_value=40),
       st.sampled_from(["", " ", ":", "-", "\n", "'", "[", "{", "x", "2021-02-30", "  ", "\t"]))
def test_a_mutated_bundled_profile_loads_or_raises_profile_error(at: int, length: int, insert: str) -> None:
    _loads_or_profile_error(WEIHAI[:at] + insert + WEIHAI[at + length:])
