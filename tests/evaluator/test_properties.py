"""Properties of the evaluator, stated in the law's terms, over generated cases for every bundled profile.

Cases come from ``enforcement_rules.testing`` (consistent cases whose every period stays inside the
loaded calendar) or are arbitrary or mutated data; dates generated here stay inside 2005–2022, so no
computation may leave the calendar and the only error a case may raise is ``CaseError``.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enforcement_rules import CaseError, CitedArticle, Profile, Report, evaluate, list_profiles, load_profile
from enforcement_rules._case import case_from_data
from enforcement_rules._kinds.deadline import DeadlineRule
from enforcement_rules._kinds.disposition import DispositionRule
from enforcement_rules._kinds.liability import LiabilityRule
from enforcement_rules._vocabulary import CORE_CODES, CORE_FACTS
from enforcement_rules.testing import case_data, check_profile_invariants, dates, report_citations

from .scenario import D, disposition, document, event, run

PROFILES = {name: load_profile(name) for name in list_profiles()}
QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ARTICLE_15_DEFECTS = ("no_subject_qualification", "no_legal_basis", "missing_valid_seal")


def test_the_bundled_profiles_are_the_four_cities() -> None:
    assert sorted(PROFILES) == ["jincheng", "quzhou", "weihai", "xuchang"]


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_bundled_profile_keeps_the_invariants_of_the_testing_module(name: str) -> None:
    check_profile_invariants(PROFILES[name], max_examples=60)


# -- determinism and the order of events ----------------------------------------------------------------

def evaluate_data(profile: Profile, data: dict[str, Any], as_of: dt.date) -> Report:
    return evaluate(profile, case_from_data(data), as_of=as_of)


@pytest.mark.parametrize("name", sorted(PROFILES))
@QUICK
@given(data=st.data())
def test_evaluation_is_deterministic_and_independent_of_the_order_of_events(name: str, data: st.DataObject) -> None:
    profile = PROFILES[name]
    case = data.draw(case_data(profile), label="case")
    as_of = data.draw(dates(), label="as_of")
    report = evaluate_data(profile, case, as_of)
    assert evaluate_data(profile, copy.deepcopy(case), as_of) == report
    shuffled = data.draw(st.permutations(case["events"]), label="events")
    assert evaluate_data(profile, {**case, "events": shuffled}, as_of) == report


def test_two_documents_of_one_day_are_evaluated_the_same_in_either_order() -> None:
    # Two notices of one day and one correction: which notice the correction answers must not depend on
    # the order in which the events are listed.
    short, long = (document("2023-06-01", "notice", deadline="2023-06-10"),
                   document("2023-06-01", "notice", deadline="2023-07-10"))
    corrected = event("corrected", "2023-06-20")
    act = {"defects": ["insufficient_evidence"]}
    first = run("quzhou", {"act": act, "events": [short, long, corrected]}, D(2023, 6, 25))
    second = run("quzhou", {"act": act, "events": [long, short, corrected]}, D(2023, 6, 25))
    assert first == second


# -- the law's properties ---------------------------------------------------------------------------------

@QUICK
@given(case=case_data(PROFILES["jincheng"]), as_of=dates(), void=st.lists(st.sampled_from(ARTICLE_15_DEFECTS),
                                                                          min_size=1, unique=True))
def test_a_jincheng_act_with_any_article_15_defect_is_confirmed_void_if_uncorrected(
        case: dict[str, Any], as_of: dt.date, void: list[str]) -> None:
    # 第十五条 comes first whatever else the act has (defects of 第十三条, contexts of 第十四条).
    act = case["act"]
    defects = [*void, *(defect for defect in act["defects"] if defect not in void)]
    report = evaluate_data(PROFILES["jincheng"], {**case, "act": {**act, "defects": defects}}, as_of)
    # SPEC §4 Validity: the disposition is judged on the day the document is received, else as_of.
    if report.disposition is not None:
        assert disposition(report).if_uncorrected == "confirm_void"
        assert {ground.code for ground in disposition(report).grounds} == set(defects) & set(ARTICLE_15_DEFECTS)
    else:
        assert report.disposition is None


@pytest.mark.parametrize("name", sorted(PROFILES))
@QUICK
@given(data=st.data())
def test_an_act_without_defects_always_ends_in_terminate(name: str, data: st.DataObject) -> None:
    profile = PROFILES[name]
    case = data.draw(case_data(profile), label="case")
    report = evaluate_data(profile, {**case, "act": {**case["act"], "defects": []}}, data.draw(dates()))
    # No disposition at all when the disposition article is not in force for the matter (e.g. a weihai
    # matter of 2017: only the 2016 opinion applies).
    if report.disposition is not None:
        found = report.disposition
        assert (found.outcome, found.if_uncorrected, found.document, found.grounds) == ("terminate", "terminate",
                                                                                        None, [])


def profile_citations(profile: Profile) -> list[CitedArticle]:
    """Every article a profile quotes: its rules, its disposition criteria, its liability items."""
    def cited(instrument: str, article: str, paragraph: str | None, item: str | None, text: str) -> CitedArticle:
        return CitedArticle(instrument=profile.instruments[instrument].title, article=article,
                            paragraph=paragraph, item=item, text=text)

    found = []
    for rule in profile.rules.values():
        c = rule.citation
        found.append(cited(c.instrument, c.article, c.paragraph, c.item, rule.text))
        if isinstance(rule, DispositionRule):
            found += [cited(k.citation.instrument, k.citation.article, k.citation.paragraph, k.citation.item, k.text)
                      for k in rule.criteria]
        if isinstance(rule, LiabilityRule):
            found += [cited(c.instrument, c.article, c.paragraph, item.item, item.text) for item in rule.items]
    return found


@pytest.mark.parametrize("name", sorted(PROFILES))
@QUICK
@given(data=st.data())
def test_every_citation_in_a_report_is_one_the_profile_quotes(name: str, data: st.DataObject) -> None:
    profile = PROFILES[name]
    known = profile_citations(profile)
    report = evaluate_data(profile, data.draw(case_data(profile)), data.draw(dates()))
    for citation in report_citations(report):
        assert citation in known, citation


# -- anything else is a CaseError ------------------------------------------------------------------------

CASE_KEYS = ("id", "act", "type", "decided_on", "defects", "context", "remedies", "reconsideration", "litigation",
             "petition", "complaint", "received_on", "identifies_target", "states_facts_and_reasons",
             "in_supervision_scope", "targets_specific_act", "bars", "exceptions", "events", "on", "at", "months",
             "supervisors", "credentials_shown", "conflicted_supervisor_recused", "document", "deadline", "outcome",
             "emergency", "obligations", "rule", "trigger", "year", "done_on")
EVENT_TYPES = ("case_filed", "extension_approved", "investigation", "corrective_document_received", "corrected",
               "review_requested", "review_replied", "decision_received", "execution_reported", "case_closed",
               "archived", "coercive_execution")
# Rule ids of every profile, but not the periods of years (2016 opinion), which from a date late in the
# generated range would end outside the calendar.
RULE_IDS = sorted({rule_id for profile in PROFILES.values() for rule_id, rule in profile.rules.items()
                   if not (isinstance(rule, DeadlineRule) and getattr(rule.period, "unit", None) == "years"
                           and not getattr(rule.period, "bar", False))})
WORDS = sorted({str(value) for values in [*CORE_CODES.values(), *(spec.values for spec in CORE_FACTS.values())]
                for value in values}
               | set(EVENT_TYPES) | set(RULE_IDS) | {"opinion", "notice", "supervision_letter"})
IN_RANGE = st.dates(min_value=D(2005, 1, 1), max_value=D(2022, 6, 30))

leaves: st.SearchStrategy[Any] = (
    st.none() | st.booleans() | st.integers(-3, 40) | st.sampled_from([2005, 2016, 2021, 2022])
    | st.sampled_from(WORDS) | st.text(max_size=6) | IN_RANGE.map(dt.date.isoformat) | IN_RANGE
    | st.builds(dt.datetime.combine, IN_RANGE, st.times()).map(lambda moment: moment.isoformat(timespec="minutes"))
    | st.floats(allow_nan=False, allow_infinity=False)
)
json_like: st.SearchStrategy[Any] = st.recursive(
    leaves,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(CASE_KEYS) | st.text(min_size=1, max_size=4), children, max_size=5),
    max_leaves=25,
)


def evaluates_or_case_error(profile: Profile, data: Any, as_of: dt.date) -> Report | None:
    """SPEC §5: a case is valid and evaluates, or it is a ``CaseError`` naming where it is wrong."""
    try:
        case = case_from_data(data)
        return evaluate(profile, case, as_of=as_of)
    except CaseError as err:
        assert err.key or err.line is not None, err
        assert str(err)
        return None


@pytest.mark.parametrize("name", sorted(PROFILES))
@FUZZ
@given(data=json_like | st.dictionaries(st.sampled_from(CASE_KEYS), json_like, max_size=6), as_of=IN_RANGE)
def test_arbitrary_data_evaluates_or_raises_case_error(name: str, data: Any, as_of: dt.date) -> None:
    evaluates_or_case_error(PROFILES[name], data, as_of)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path inside plain data, the root excluded."""
    found: list[tuple[Any, ...]] = []
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, child in children:
        found.append((*prefix, key))
        found += paths(child, (*prefix, key))
    return found


@st.composite
def mutated(draw: st.DrawFn, profile: Profile) -> Any:
    """A valid case of ``profile`` with one to three things broken: a key dropped, a value replaced,
    a key added, or a value wrapped in a list."""
    data = copy.deepcopy(draw(case_data(profile)))
    for _ in range(draw(st.integers(1, 3))):
        where = paths(data)
        if not where:
            break
        path = draw(st.sampled_from(where))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        operation = draw(st.sampled_from(["drop", "replace", "add", "wrap"]))
        if operation == "drop":
            del parent[key]
        elif operation == "replace":
            parent[key] = draw(json_like)
        elif operation == "add" and isinstance(parent[key], dict):
            parent[key][draw(st.sampled_from(CASE_KEYS) | st.text(min_size=1, max_size=4))] = draw(leaves)
        else:
            parent[key] = [parent[key]]
    return data


@pytest.mark.parametrize("name", sorted(PROFILES))
@FUZZ
@given(data=st.data(), as_of=IN_RANGE)
def test_mutated_cases_evaluate_or_raise_case_error(name: str, data: st.DataObject, as_of: dt.date) -> None:
    evaluates_or_case_error(PROFILES[name], data.draw(mutated(PROFILES[name])), as_of)
