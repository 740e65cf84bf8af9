"""The rule language: every key is law or an error, and an analyst's edit to the YAML changes the verdict.

Each test edits a bundled profile the way an analyst would — an overlay of a few lines — and shows the verdict
follow. Dates are worked out by hand from the national schedule (commented).
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest

from enforcement_rules import ProfileError, evaluate, load_profile
from enforcement_rules._calendar import national_calendar
from enforcement_rules._case import case_from_data
from enforcement_rules._cli import main
from enforcement_rules._coverage import coverage_table
from enforcement_rules._diff import diff_profiles
from enforcement_rules._evaluate import compare
from enforcement_rules._kinds import Kind, Problem, register, unregister
from enforcement_rules._loader import parse_profile
from enforcement_rules._profile import Profile, RuleBase
from enforcement_rules._report import Report, RequirementCheck

D = dt.date
ROOT = Path(__file__).resolve().parents[1]


def overlay(tmp_path: Path, text: str, name: str = "overlay.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def report_of(profile: Profile | str, case: dict[str, Any], as_of: dt.date, **kwargs: Any) -> Report:
    if isinstance(profile, str):
        profile = load_profile(profile)
    return evaluate(profile, case_from_data(case, context=profile.case_context), as_of=as_of, **kwargs)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- 1. every key is law ------------------------------------------------------------------------------

OLD_ACT = {"act": {"type": "penalty", "decided_on": "2021-03-01"}, "complaint": {"received_on": "2025-03-03"}}


def test_swapping_the_limitation_anchors_changes_the_verdict(tmp_path: Path) -> None:
    # 2021-03-01 → 2025-03-03 is more than 3 years (anniversary 2024-03-01, C8): rejected under the bundled rule.
    assert report_of("weihai", OLD_ACT, D(2025, 6, 1)).admission.verdict == "reject"  # type: ignore[union-attr]
    swapped = load_profile(overlay(tmp_path, """
        profile: swapped
        layer: overlay
        extends: [weihai]
        patch:
          filing_bar_older_than_3_years:
            limitation: {from: complaint.received_on, to: [act.decided_on]}
        """))
    # Counted from 2025-03-03 to 2021-03-01, no time has passed: the bar no longer applies.
    report = report_of(swapped, OLD_ACT, D(2025, 6, 1))
    assert report.admission is not None and report.admission.verdict == "admit"


def test_no_defects_is_the_outcome_the_profile_names(tmp_path: Path) -> None:
    excluded = load_profile(overlay(tmp_path, """
        profile: excluded
        layer: overlay
        extends: [weihai]
        patch:
          disposition: {no_defects: excluded}
        """))
    report = report_of(excluded, {"act": {"type": "penalty"}}, D(2026, 6, 1))
    assert report.disposition is not None
    assert (report.disposition.outcome, report.disposition.if_uncorrected) == ("excluded", "excluded")
    assert any("excluded" in sentence for sentence in report.explanation)


SATURDAY_INVESTIGATION = {"events": [{"type": "investigation", "on": "2026-06-13", "supervisors": 2}]}


def test_forbids_works_on_an_investigation(tmp_path: Path) -> None:
    # 2026-06-13 is an ordinary Saturday (a rest day; not a holiday of the schedule).
    assert report_of("weihai", SATURDAY_INVESTIGATION, D(2026, 7, 1)).procedure[-1].status == "complied"
    forbidden = load_profile(overlay(tmp_path, """
        profile: no_weekend_investigations
        layer: overlay
        extends: [weihai]
        patch:
          min_two_supervisors:
            forbids: {rest_days: all}
        """))
    report = report_of(forbidden, SATURDAY_INVESTIGATION, D(2026, 7, 1))
    checks = {check.rule: check.status for check in report.procedure}
    assert checks["min_two_supervisors"] == "violated"


def test_forbidding_the_night_of_an_event_without_a_time_is_refused_at_load(tmp_path: Path) -> None:
    path = overlay(tmp_path, """
        profile: night_investigations
        layer: overlay
        extends: [weihai]
        patch:
          min_two_supervisors:
            forbids:
              night: {from: "22:00", until: "06:00"}
        """)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert "has no time of day" in str(caught.value)
    assert caught.value.file == str(path) and caught.value.line == 7


def test_an_unquoted_time_is_refused_with_its_line(tmp_path: Path) -> None:
    path = overlay(tmp_path, """
        profile: base60
        layer: overlay
        extends: [weihai]
        patch:
          no_night_or_holiday_execution:
            forbids:
              night: {from: 1320, until: "06:00"}
        """)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    # (YAML 1.1 read an unquoted 22:00 as the base-60 number 1320; the loader reads YAML 1.2, where it is "22:00")
    assert 'expected a time "HH:MM" in quotes; got 1320' in str(caught.value)
    assert caught.value.line == 7


@pytest.mark.parametrize(("condition", "message"), [
    ("{fact: act.defect, in: [ultra_vires]}", "unknown fact 'act.defect' (did you mean 'act.defects'?)"),
    ("{act.defects: [ultra_virus]}", "unknown value 'ultra_virus' (did you mean 'ultra_vires'?)"),
    ("{exists: case_filled}", "unknown event 'case_filled' (did you mean 'case_filed'?)"),
    ("{exists: case_filed, before: event:case_closd}", "unknown event 'case_closd' in anchor"),
    ("{date: act.decided, before: as_of}", "unknown date anchor 'act.decided'"),
    ("{field: supervisors, at_least: 2}", "a field test needs an event in scope"),
])
def test_a_condition_naming_an_unknown_fact_or_event_is_a_load_error(tmp_path: Path, condition: str,
                                                                        message: str) -> None:
    path = overlay(tmp_path, f"""
        profile: bad_condition
        layer: overlay
        extends: [weihai]
        patch:
          filing_bar_petition:
            when: {condition}
        """)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{path}:6: rules.filing_bar_petition.when")


def test_an_extension_names_the_rule_it_extends() -> None:
    # Filed 2026-03-02 (Mon) + 2 months = 2026-05-02 (Sat, 劳动节 05-01..05 rest) → 05-06; a timely 1-month extension
    # runs from 05-06 to 06-06 (Sat) → Monday 06-08.
    filed = {"type": "case_filed", "on": "2026-03-02"}
    extension = {"type": "extension_approved", "on": "2026-04-30", "months": 1}
    report = report_of("weihai", {"events": [filed, {**extension, "rule": "case_handling"}]}, D(2026, 6, 1))
    handling = next(d for d in report.deadlines if d.rule == "case_handling")
    assert handling.due == D(2026, 6, 8)
    # Without the rule: the case's one extendable deadline is meant.
    assert next(d for d in report_of("weihai", {"events": [filed, extension]}, D(2026, 6, 1)).deadlines
                if d.rule == "case_handling").due == D(2026, 6, 8)
    # Naming a rule that cannot be extended is an error naming the event.
    with pytest.raises(ValueError, match=r"events\[1\]\.rule: 'opinion_correction' is not an extendable deadline"):
        report_of("weihai", {"events": [filed, {**extension, "rule": "opinion_correction"}]}, D(2026, 6, 1))


def test_whether_a_late_extension_counts_is_profile_data(tmp_path: Path) -> None:
    # Filed 2026-03-02: due 2026-05-06 (above). Approved 2026-05-07, after the period ran out.
    case = {"events": [{"type": "case_filed", "on": "2026-03-02"},
                       {"type": "extension_approved", "on": "2026-05-07", "months": 1}]}
    late = next(d for d in report_of("weihai", case, D(2026, 6, 1)).deadlines if d.rule == "case_handling")
    assert (late.due, late.status) == (D(2026, 5, 6), "overdue")
    lenient = load_profile(overlay(tmp_path, """
        profile: late_extensions_count
        layer: overlay
        extends: [weihai]
        patch:
          case_handling:
            period: {extension: {late_approval: {counts: true}}}
        """))
    counted = next(d for d in report_of(lenient, case, D(2026, 6, 1)).deadlines if d.rule == "case_handling")
    assert (counted.due, counted.status) == (D(2026, 6, 8), "pending")


def test_a_profile_may_declare_a_ground_of_its_own(tmp_path: Path) -> None:
    path = overlay(tmp_path, """
        profile: new_ground
        layer: overlay
        extends: [weihai]
        vocabulary:
          grounds:
            anonymous_complaint: {zh: 匿名投诉, en: anonymous complaint}
        patch:
          filing_bar_other_statutory:
            ground: anonymous_complaint
        """)
    report = report_of(load_profile(path), {"bars": ["other_statutory_bar"]}, D(2026, 6, 1))
    assert report.admission is not None
    assert [ground.code for ground in report.admission.grounds] == ["anonymous_complaint"]
    undeclared = overlay(tmp_path, path.read_text(encoding="utf-8").replace("anonymous_complaint: {", "x: {"),
                         "undeclared.yaml")
    with pytest.raises(ProfileError, match="unknown ground 'anonymous_complaint': declare it under vocabulary"):
        load_profile(undeclared)


def test_a_bar_of_a_later_instrument_among_the_citys_bars_waits_for_its_own_day(tmp_path: Path) -> None:
    # weihai's bars are dated by the same anchors under one instrument, and validity is asked once for such a run
    # of steps; a bar of another instrument, dated by the same anchors, starts a run of its own.
    later = load_profile(overlay(tmp_path, """
        profile: later_bar
        layer: overlay
        extends: [weihai]
        instruments:
          later: {title: 某后施行办法, effective_from: 2026-01-01, status: in_force}
        vocabulary:
          grounds:
            anonymous_complaint: {zh: 匿名投诉, en: anonymous complaint}
        rules:
          filing_bar_anonymous:
            kind: admission
            stage: bar
            title: 匿名投诉的
            citation: {instrument: later, article: 第三条}
            text: 匿名投诉的，不予立案。
            dated_by: [complaint.received_on, event:case_filed, as_of]
            verdict: reject
            ground: anonymous_complaint
            when: {any: [{bars: other_statutory_bar}]}
        """))
    ids = list(later.rules)
    assert ids.index("filing_bar_anonymous") > ids.index("filing_bar_other_statutory")
    case = {"bars": ["other_statutory_bar"], "complaint": {"received_on": "2025-12-31"}}
    # Received 2025-12-31, the day before the later instrument took effect: only weihai's own bar applies.
    before = report_of(later, case, D(2026, 6, 1))
    assert before.admission is not None
    assert [ground.code for ground in before.admission.grounds] == ["other_statutory_bar"]
    assert [(f.rule, f.facts["instrument"]) for f in before.trace if f.code == "not_in_force"] == [
        ("filing_bar_anonymous", "某后施行办法")]
    # Received 2026-01-01, its first day: both bars apply, in file order.
    after = report_of(later, {**case, "complaint": {"received_on": "2026-01-01"}}, D(2026, 6, 1))
    assert after.admission is not None
    assert [ground.code for ground in after.admission.grounds] == ["other_statutory_bar", "anonymous_complaint"]


# -- 3. a new kind is one module and one registry line --------------------------------------------------

class HearingHeld(RuleBase):
    """A toy kind: a penalty must have had a hearing (an event type the profile declares)."""

    kind: Literal["toy_hearing"]
    event: str


def _toy_evaluate(evaluation: Any, rules: dict[str, HearingHeld]) -> None:
    for rule_id, rule in rules.items():
        held = bool(evaluation.view.by_type.get(rule.event))
        evaluation.find(rule_id, "requirement", rule=rule,
                        facts={"status": "complied" if held else "violated", "title": rule.title})
        evaluation.requirements.append(RequirementCheck(
            rule=rule_id, status="complied" if held else "violated", citation=evaluation.cite(rule),
            layer=evaluation.layer(rule_id)))


def _toy_check(profile: Profile, _rule_id: str, rule: HearingHeld) -> Iterator[Problem]:
    if rule.event not in profile.event_specs:
        yield ("event",), f"unknown event {rule.event!r}"


def _toy_lint(_profile: Profile, _rule_id: str, rule: HearingHeld) -> Iterator[Problem]:
    yield (), f"toy rule watching {rule.event}"


TOY = Kind(name="toy_hearing", model=HearingHeld, order=33, evaluate=_toy_evaluate,
           summary=lambda rule: f"{rule.title}（听证 {rule.event}）", check=_toy_check, lint=_toy_lint)

TOY_PROFILE = """
    profile: toy
    layer: overlay
    extends: [weihai]
    events:
      hearing: {zh: 听证}
    rules:
      hearing_held:
        kind: toy_hearing
        title: 听证
        citation: {instrument: weihai_2020, article: 第十四条}
        text: 经过听证程序作出的
        event: hearing
    """


@pytest.fixture
def toy_kind() -> Iterator[None]:
    register(TOY)
    yield
    unregister("toy_hearing")


@pytest.mark.usefixtures("toy_kind")
def test_a_toy_kind_is_evaluated_shown_diffed_and_linted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = overlay(tmp_path, TOY_PROFILE)
    profile = load_profile(path)
    with_hearing = report_of(profile, {"events": [{"type": "hearing", "on": "2026-05-06"}]}, D(2026, 6, 1))
    without = report_of(profile, {}, D(2026, 6, 1))
    assert [(r.rule, r.status, r.layer) for r in with_hearing.requirements if r.rule == "hearing_held"] == [
        ("hearing_held", "complied", "toy")]
    assert [r.status for r in without.requirements if r.rule == "hearing_held"] == ["violated"]
    code, out, _ = run_cli(capsys, "show", str(path))
    assert code == 0 and "听证（听证 hearing）" in out
    assert "min_two_supervisors" in out and "[weihai]" in out  # rules of lower layers name their layer
    changes = diff_profiles(load_profile("weihai"), profile)
    assert [(c.rule, c.change) for c in changes if c.rule == "hearing_held"] == [("hearing_held", "added")]
    code, _, err = run_cli(capsys, "validate", str(path))
    assert code == 0 and "toy rule watching hearing" in err
    broken = overlay(tmp_path, TOY_PROFILE.replace("event: hearing", "event: hearin"), "broken.yaml")
    with pytest.raises(ProfileError, match="unknown event 'hearin'"):
        load_profile(broken)


def test_without_its_registry_line_a_kind_is_an_unknown_kind(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="toy_hearing"):
        load_profile(overlay(tmp_path, TOY_PROFILE))


# -- 4. layers, precedence and provenance ---------------------------------------------------------------

BASE = """
    profile: base
    layer: base
    instruments:
      regulation: {title: 某条例, effective_from: 2020-01-01, status: in_force, rank: administrative_regulation}
    precedence:
      principles: [superior_law, special_law, later_law]
      ranks: [administrative_regulation, local_government_rule, normative_document]
    rules:
      national_handling:
        kind: deadline
        title: 办结（条例）
        topic: handling
        citation: {instrument: regulation, article: 第十条}
        text: 应当在30日内办结。
        trigger: 立案之日
        period: {unit: days, amount: 30}
        events: {start: case_filed, done: case_closed}
      national_reply:
        kind: deadline
        title: 答复（条例）
        citation: {instrument: regulation, article: 第十一条}
        text: 应当在15日内答复。
        trigger: 收到复查申请之日
        period: {unit: days, amount: 15}
        events: {start: review_requested, done: review_replied}
    """
CITY = """
    profile: city
    city: 某市
    extends: [base.yaml]
    instruments:
      measures: {title: 某市办法, effective_from: 2021-01-01, status: in_force, rank: local_government_rule}
      notice: {title: 某市通知, effective_from: 2022-01-01, status: in_force, rank: normative_document}
    rules:
      national_reply:
        kind: deadline
        title: 答复（本市办法）
        citation: {instrument: measures, article: 第五条}
        text: 应当在10日内答复。
        trigger: 收到复查申请之日
        period: {unit: days, amount: 10}
        events: {start: review_requested, done: review_replied}
      city_handling:
        kind: deadline
        title: 办结（本市办法）
        topic: handling
        citation: {instrument: measures, article: 第六条}
        text: 应当在20日内办结。
        trigger: 立案之日
        period: {unit: days, amount: 20}
        events: {start: case_filed, done: case_closed}
      notice_handling:
        kind: deadline
        title: 办结（本市通知）
        topic: handling
        citation: {instrument: notice, article: 第二条}
        text: 应当在10日内办结。
        trigger: 立案之日
        period: {unit: days, amount: 10}
        events: {start: case_filed, done: case_closed}
    """


def test_precedence_and_provenance_across_two_layers(tmp_path: Path) -> None:
    overlay(tmp_path, BASE, "base.yaml")
    city = load_profile(overlay(tmp_path, CITY, "city.yaml"))
    # Filed 2026-03-02; review requested 2026-03-02.
    report = report_of(city, {"events": [{"type": "case_filed", "on": "2026-03-02"},
                                         {"type": "review_requested", "on": "2026-03-02"}]}, D(2026, 3, 5))
    deadlines = {d.rule: d for d in report.deadlines}
    # The city replaced national_reply by id: its 10 days apply, and the report says the city layer set it.
    assert (deadlines["national_reply"].layer, deadlines["national_reply"].citation.instrument) == ("city", "某市办法")
    assert deadlines["national_reply"].due == D(2026, 3, 12)  # 03-02 + 10 days = 03-12 (Thursday)
    # Three rules of the topic "handling": the regulation ranks above the city's rule and the city's notice
    # (上位法优先), so only the national 30 days apply; the others are set aside, each with its reason.
    assert [rule for rule in deadlines if "handling" in rule] == ["national_handling"]
    assert (deadlines["national_handling"].layer, deadlines["national_handling"].due) == ("base", D(2026, 4, 1))
    set_aside = {f.rule: f.facts for f in report.trace if f.code == "set_aside"}
    assert set_aside["city_handling"]["winner"] == set_aside["notice_handling"]["winner"] == "national_handling"
    assert set_aside["notice_handling"]["principle"] == "superior_law"
    assert any("上位法优先" in sentence for sentence in report.explanation)
    # Before the regulation took effect (2020-01-01) nothing competes with the city's own rule... but the city's
    # measures took effect only 2021-01-01: in 2021 the regulation is in force, so still the national rule.
    # Declared the other way round (the notice special, special before superior), the notice wins.
    reordered = overlay(tmp_path, CITY.replace("rank: normative_document}", "rank: normative_document, special: true}")
                        .replace("extends: [base.yaml]", "extends: [base.yaml]\n    precedence:\n"
                                 "      principles: [special_law, superior_law, later_law]\n"
                                 "      ranks: [administrative_regulation, local_government_rule, normative_document]"),
                        "special.yaml")
    report = report_of(load_profile(reordered), {"events": [{"type": "case_filed", "on": "2026-03-02"}]},
                       D(2026, 3, 5))
    assert [d.rule for d in report.deadlines] == ["notice_handling"]


def test_a_layer_disables_a_rule_with_a_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = overlay(tmp_path, """
        profile: no_av_storage
        layer: overlay
        extends: [weihai]
        disable:
          legal_knowledge_test: 本情景不考察法律知识更新测试
        """)
    profile = load_profile(path)
    assert "legal_knowledge_test" not in profile.rules
    assert profile.disabled["legal_knowledge_test"].reason == "本情景不考察法律知识更新测试"
    code, out, _ = run_cli(capsys, "show", str(path))
    assert code == 0 and "disabled by no_av_storage: 本情景不考察法律知识更新测试" in out


def test_an_overlay_changing_one_period_diffs_to_exactly_that_change(capsys: pytest.CaptureFixture[str]) -> None:
    what_if = ROOT / "examples" / "profiles" / "weihai-case-handling-3-months.yaml"
    assert len(what_if.read_text(encoding="utf-8").splitlines()) <= 10
    changes = diff_profiles(load_profile("weihai"), load_profile(what_if))
    assert [(c.rule, c.change, c.details) for c in changes] == [
        ("case_handling", "changed", ("2个月，可延长≤1个月 → 3个月，可延长≤1个月",))]
    code, out, _ = run_cli(capsys, "diff", "weihai", str(what_if))
    assert code == 1 and "case_handling" in out


def test_a_bundled_base_layer_is_not_listed_as_a_city(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "profiles", "--json")
    assert code == 0
    names = [row["profile"] for row in json.loads(out)]
    assert names == ["jincheng", "quzhou", "weihai", "xuchang"]
    assert load_profile("national").layer == "base"


def test_a_patch_of_a_rule_no_lower_layer_has_is_an_error(tmp_path: Path) -> None:
    path = overlay(tmp_path, """
        profile: typo
        layer: overlay
        extends: [weihai]
        patch:
          case_handlin:
            period: {amount: 3}
        """)
    with pytest.raises(ProfileError, match="no rule 'case_handlin' below this layer to patch") as caught:
        load_profile(path)
    assert caught.value.line == 5


def test_layers_that_extend_each_other_are_refused(tmp_path: Path) -> None:
    overlay(tmp_path, "profile: a\nlayer: base\nextends: [b.yaml]\n", "a.yaml")
    overlay(tmp_path, "profile: b\nlayer: base\nextends: [a.yaml]\n", "b.yaml")
    with pytest.raises(ProfileError, match="cycle"):
        load_profile(tmp_path / "a.yaml")


# -- 6. findings, then words -------------------------------------------------------------------------------

def test_the_trace_lists_structured_findings_and_english_is_a_second_rendering() -> None:
    case = {"act": {"type": "penalty", "defects": ["insufficient_evidence"]},
            "events": [{"type": "corrective_document_received", "on": "2026-09-05", "document": "opinion"}]}
    zh = report_of("weihai", case, D(2026, 11, 22))
    en = report_of("weihai", case, D(2026, 11, 22), language="en")
    assert zh.trace == en.trace and zh.trace
    assert len(zh.explanation) == len(zh.trace) == len(en.explanation)
    correction = next(f for f in zh.trace if f.rule == "opinion_correction" and f.code == "deadline")
    # 09-05 + 30 days = 10-05 (国庆 rest) → 10-08.
    assert (correction.dates["trigger"], correction.dates["due"], correction.facts["status"]) == (
        D(2026, 9, 5), D(2026, 10, 8), "overdue")
    assert correction.citation is not None and correction.layer == "weihai"
    assert any("顺延至 2026-10-08" in s for s in zh.explanation)
    assert any("rolled to 2026-10-08" in s for s in en.explanation)
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in s.split("Under")[0]) for s in en.explanation
               if s.startswith("Under"))


def test_evaluate_reads_no_file_and_takes_a_profile_and_a_calendar() -> None:
    profile = parse_profile((ROOT / "profiles" / "quzhou.yaml").read_text(encoding="utf-8"),
                            str(ROOT / "profiles" / "quzhou.yaml"))
    report = evaluate(profile, case_from_data({}), as_of=D(2026, 6, 1), calendar=national_calendar())
    assert report.profile == "quzhou" and report.status == "ok"


# -- 7. coverage ------------------------------------------------------------------------------------------

def test_coverage_prints_the_table_and_the_percentages(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "coverage", "weihai")
    assert code == 0
    assert "《威海市行政执法监督办法》" in out and "第三十九条" in out and "case_handling" in out
    code, raw, _ = run_cli(capsys, "coverage", "weihai", "--json")
    table = json.loads(raw)
    assert table["articles"] == sum(table["totals"].values())
    rows = {row["article"]: row for instrument in table["instruments"] for row in instrument["articles"]}
    assert rows["第三十九条"]["status"] == "encoded" and "case_handling" in rows["第三十九条"]["rules"]
    assert "no_night_or_holiday_execution" in rows["三（一）3"]["rules"]


@pytest.mark.parametrize("name", ["jincheng", "quzhou", "weihai", "xuchang"])
def test_every_article_of_every_source_is_classified(name: str) -> None:
    table = coverage_table(load_profile(name))
    unclassified = [(i.instrument, a.article) for i in table.instruments for a in i.articles
                    if a.status == "unclassified"]
    assert not unclassified, f"classify these in {name}'s coverage: {unclassified}"
    reasons = [a for i in table.instruments for a in i.articles if a.status != "encoded" and not a.reason]
    assert not reasons  # every declarative or not_modelled article says why


def test_a_coverage_entry_for_an_article_the_source_lacks_is_a_warning(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = overlay(tmp_path, """
        profile: ghost
        layer: overlay
        extends: [weihai]
        coverage:
          weihai_2020:
            第九十九条: {declarative: 不存在的条文}
        """)
    code, _, err = run_cli(capsys, "validate", str(path))
    assert code == 0 and "the source of weihai_2020 has no article '第九十九条'" in err


def test_a_case_with_one_citys_own_facts_and_events_compares_under_every_city(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A fact and an event only the overlay's city declares: read with the profile's vocabulary they are law
    # there; `compare` leaves them out of the other cities' evaluation instead of refusing the case.
    profile = load_profile(overlay(tmp_path, """
        profile: own_vocabulary
        layer: overlay
        extends: [weihai]
        facts:
          hearing_held: {type: flag, zh: 已经听证}
        events:
          hearing: {zh: 听证, fields: {chaired_by_lawyer: {type: flag}}}
        """))
    data = {"facts": {"hearing_held": True}, "events": [{"type": "hearing", "on": "2026-05-06",
                                                        "chaired_by_lawyer": True}]}
    case = case_from_data(data, context=profile.case_context)
    assert case.facts == {"hearing_held": True}
    with pytest.raises(ValueError, match=r"expected one of .*; got 'hearing'"):
        case_from_data(data)  # without the profile: the core vocabulary only
    assert evaluate(profile, case, as_of=D(2026, 6, 1)).status == "ok"
    with pytest.raises(ValueError, match="weihai declares no fact 'hearing_held'"):
        evaluate("weihai", case, as_of=D(2026, 6, 1))
    reports = compare(case, as_of=D(2026, 6, 1))
    assert sorted(reports) == ["jincheng", "quzhou", "weihai", "xuchang"]
