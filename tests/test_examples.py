"""Every file under examples/ evaluates to the outcome its name and leading comment promise.

The table below was worked out by hand from the ordinances (SPEC §4) and the State Council's
schedule, not copied from the engine's output; each example's leading comment shows the counting.
Weihai/xuchang/quzhou examples are evaluated as of 2026-11-22; jincheng ones as of a day in 2023
inside the 暂行办法's validity (2021-12-01 .. 2023-11-30).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from enforcement_rules import Report, evaluate, evaluate_many, load_case, load_profile
from enforcement_rules._cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AS_OF = dt.date(2026, 11, 22)
JINCHENG_AS_OF = dt.date(2023, 11, 20)
FIVE = ["order_performance", "order_correction", "revoke", "confirm_illegal", "confirm_void"]


@dataclass(frozen=True)
class Expect:
    """What one example must produce. ``None`` for a field: not asserted."""

    profile: str
    as_of: dt.date
    status: str = "ok"
    admission: str | None = "admit"
    grounds: frozenset[str] = frozenset()
    document: str | None = None
    outcome: str | None = None
    if_uncorrected: str | None = None
    candidates: tuple[str, ...] | None = None
    deadlines: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # rule → (due, status)
    liabilities: frozenset[str] | None = None  # items
    procedure: dict[str, str] = field(default_factory=dict)
    warnings: frozenset[str] = frozenset()  # codes that must be present


def weihai(**kwargs: object) -> Expect:
    return Expect("weihai", AS_OF, **kwargs)  # type: ignore[arg-type]


def xuchang(**kwargs: object) -> Expect:
    kwargs.setdefault("warnings", frozenset({"draft_instrument"}))
    return Expect("xuchang", AS_OF, **kwargs)  # type: ignore[arg-type]


def jincheng(*, as_of: dt.date = JINCHENG_AS_OF, **kwargs: object) -> Expect:
    return Expect("jincheng", as_of, **kwargs)  # type: ignore[arg-type]


def quzhou(**kwargs: object) -> Expect:
    return Expect("quzhou", AS_OF, **kwargs)  # type: ignore[arg-type]


TERMINATE: dict[str, Any] = {"outcome": "terminate", "if_uncorrected": "terminate", "document": None}

EXPECTED: dict[str, Expect] = {
    # ── 威海: document 意见书, 30 days (第三十三条); uncorrected → government_decides (第四十二条) ──
    "weihai-no-defects.yaml": weihai(
        **TERMINATE,
        # filed 07-08 + 2 months = 09-08; closed 08-20. Closed 08-20 + 30 = 09-19 (Sat) → 09-20 (make-up Sunday).
        deadlines={"case_handling": ("2026-09-08", "met"), "supervision_archiving": ("2026-09-20", "met")},
        liabilities=frozenset(), procedure={"min_two_supervisors": "complied"}),
    "weihai-issue-document.yaml": weihai(
        document="opinion", outcome="issue_corrective_document", if_uncorrected="government_decides",
        candidates=tuple(FIVE), deadlines={"case_handling": ("2026-12-14", "pending")}),
    "weihai-awaiting-correction.yaml": weihai(
        document="opinion", outcome="awaiting_correction", if_uncorrected="government_decides",
        deadlines={"opinion_correction": ("2026-12-02", "pending"),
                   "opinion_review_request": ("2026-11-09", "met"),
                   "opinion_review_reply": ("2026-11-19", "met"),
                   # 09-14 + 2 months = 11-14 (Sat) → 11-16; + 1 month extension (C7) → 12-16.
                   "case_handling": ("2026-12-16", "pending")},
        liabilities=frozenset()),
    "weihai-corrected.yaml": weihai(
        document="opinion", outcome="corrected", if_uncorrected="government_decides",
        # 04-03 + 30 = 05-03 (劳动节) → 05-06; 5 working days after 04-03 (04-06 清明) = 04-13.
        deadlines={"opinion_correction": ("2026-05-06", "met"), "opinion_review_request": ("2026-04-13", "lapsed"),
                   "case_handling": ("2026-04-10", "met"), "supervision_archiving": ("2026-05-08", "met")},
        liabilities=frozenset()),
    "weihai-corrected-late.yaml": weihai(
        document="opinion", outcome="corrected_late", if_uncorrected="government_decides",
        deadlines={"opinion_correction": ("2026-07-15", "late")},
        liabilities=frozenset({"第四十四条第（八）项"})),
    "weihai-opinion-overdue.yaml": weihai(
        document="opinion", outcome="government_decides", if_uncorrected="government_decides",
        candidates=tuple(FIVE),
        deadlines={"opinion_correction": ("2026-10-08", "overdue"), "case_handling": ("2026-08-13", "overdue"),
                   "decision_disclosure": ("2026-10-13", "late"), "annual_plan_filing": ("2026-02-02", "late"),
                   "opinion_review_request": ("2026-09-11", "lapsed")},
        # SPEC §4b: the late disclosure (（五）) and late plan filing (（一）) give no liability (overdue only);
        # the supervisory body's overdue case_handling falls under 第四十五条; 第三十三条第二句 lists its measures.
        liabilities=frozenset({"第四十四条第（八）项", "第三十三条第二句", "第四十五条"}),
        procedure={"min_two_supervisors": "complied"}),
    # 意见书 sets 07-31 (SPEC §4c governs; 30 days would give 08-05), corrected 08-03 → late, 第四十四条（八）;
    # investigation 05-08 before filing 05-12 (第三十四条) → 第四十五条. Filed 05-12 + 2 months = 07-12 (Sun) →
    # 07-13, closed 07-10 → met; 07-10 + 30 = 08-09 (Sun) → 08-10, archived 08-05 → met.
    "weihai-requirements.yaml": weihai(
        document="opinion", outcome="corrected_late", if_uncorrected="government_decides",
        deadlines={"opinion_correction": ("2026-07-31", "late"), "case_handling": ("2026-07-13", "met"),
                   "supervision_archiving": ("2026-08-10", "met")},
        liabilities=frozenset({"第四十四条第（八）项", "第四十五条"}), procedure={"min_two_supervisors": "complied"}),
    "weihai-procedure-violations.yaml": weihai(
        document="opinion", outcome="corrected", if_uncorrected="government_decides",
        deadlines={"opinion_correction": ("2026-11-18", "met")},
        procedure={"min_two_supervisors": "violated", "no_night_or_holiday_execution": "violated"}),
    "weihai-admission-reject.yaml": weihai(
        admission="reject",
        grounds=frozenset({"reconsideration_or_litigation", "petition", "already_handled", "older_than_3_years"}),
        **TERMINATE),
    "weihai-admission-incomplete.yaml": weihai(admission="incomplete", grounds=frozenset({"incomplete"}),
                                               **TERMINATE),
    "weihai-admission-refer-elsewhere.yaml": weihai(admission="refer_elsewhere",
                                                    grounds=frozenset({"refer_elsewhere"}), **TERMINATE),
    "weihai-admission-record-as-clue.yaml": weihai(admission="record_as_clue",
                                                   grounds=frozenset({"record_as_clue"}), **TERMINATE),
    # 2023-05-10 + 3 years = 2026-05-10, the day the complaint came: not "超过" (C8).
    "weihai-admission-anniversary.json": weihai(
        document="opinion", outcome="corrected", if_uncorrected="government_decides",
        deadlines={"opinion_correction": ("2026-07-31", "met"), "case_handling": ("2026-07-13", "overdue")}),
    "weihai-admission-limitation-lifted.yaml": weihai(
        document="opinion", outcome="issue_corrective_document", if_uncorrected="government_decides"),
    # ── 许昌 (draft): 督办函/意见书, period set by the document; 第二十条但书 → excluded ──
    "xuchang-no-defects.yaml": xuchang(**TERMINATE, procedure={"recusal": "complied"}),
    "xuchang-issue-document.yaml": xuchang(
        document="supervision_letter_or_opinion", outcome="issue_corrective_document",
        if_uncorrected="government_decides", candidates=tuple(FIVE)),
    "xuchang-awaiting-correction.yaml": xuchang(
        document="supervision_letter_or_opinion", outcome="awaiting_correction", if_uncorrected="government_decides",
        deadlines={"supervision_letter_response": ("2026-12-09", "pending")}),
    "xuchang-deadline-not-set.json": xuchang(
        document="supervision_letter_or_opinion", outcome="awaiting_correction", if_uncorrected="government_decides",
        deadlines={"supervision_letter_response": (None, "set_by_document")},
        warnings=frozenset({"draft_instrument", "deadline_not_set"})),
    "xuchang-corrected.yaml": xuchang(
        document="supervision_letter_or_opinion", outcome="corrected", if_uncorrected="government_decides",
        deadlines={"supervision_letter_response": ("2026-04-04", "met")}, liabilities=frozenset(),
        procedure={"recusal": "complied"}),
    "xuchang-corrected-late.yaml": xuchang(
        document="supervision_letter_or_opinion", outcome="corrected_late", if_uncorrected="government_decides",
        deadlines={"supervision_letter_response": ("2026-06-10", "late")},
        liabilities=frozenset()),  # SPEC §4b: 第二十一条（十） "不执行或者不报告" is breached by overdue only
    "xuchang-government-decides.yaml": xuchang(
        document="supervision_letter_or_opinion", outcome="government_decides", if_uncorrected="government_decides",
        candidates=tuple(FIVE), deadlines={"supervision_letter_response": ("2026-07-31", "overdue")},
        liabilities=frozenset({"第二十一条第（十）项"}), procedure={"recusal": "violated"}),
    # 第十九条: corrected in time (document date 07-31, Fri); written report not stated → no liability.
    "xuchang-report-unstated.yaml": xuchang(
        document="supervision_letter_or_opinion", outcome="corrected", if_uncorrected="government_decides",
        deadlines={"supervision_letter_response": ("2026-07-31", "met")}, liabilities=frozenset()),
    "xuchang-excluded.yaml": xuchang(
        document="supervision_letter_or_opinion", outcome="excluded", if_uncorrected="excluded", candidates=(),
        deadlines={"supervision_letter_response": ("2026-09-02", "overdue")},
        liabilities=frozenset({"第二十一条第（十）项"})),
    # ── 晋城 (expired after 2023-11-30): 通知书, period set by the document; 第十五 > 十四 > 十三条 > 履行 ──
    "jincheng-no-defects.yaml": jincheng(**TERMINATE, procedure={"min_two_supervisors": "complied"}),
    "jincheng-refer-elsewhere.yaml": jincheng(admission="refer_elsewhere", grounds=frozenset({"refer_elsewhere"}),
                                              **TERMINATE),
    "jincheng-issue-document.yaml": jincheng(document="notice", outcome="issue_corrective_document",
                                             if_uncorrected="revoke"),
    "jincheng-awaiting-correction.yaml": jincheng(
        document="notice", outcome="awaiting_correction", if_uncorrected="revoke",
        deadlines={"notice_handling": ("2023-11-30", "pending")}),
    "jincheng-corrected.yaml": jincheng(
        document="notice", outcome="corrected", if_uncorrected="revoke",
        deadlines={"notice_handling": ("2022-10-01", "met")}, liabilities=frozenset()),
    "jincheng-corrected-late.yaml": jincheng(
        document="notice", outcome="corrected_late", if_uncorrected="revoke",
        deadlines={"notice_handling": ("2023-03-06", "late")}, liabilities=frozenset()),  # SPEC §4b: overdue only
    "jincheng-confirm-void.yaml": jincheng(
        document="notice", outcome="confirm_void", if_uncorrected="confirm_void",
        deadlines={"notice_handling": ("2023-05-04", "overdue")}),
    "jincheng-confirm-illegal.yaml": jincheng(
        document="notice", outcome="confirm_illegal", if_uncorrected="confirm_illegal",
        deadlines={"notice_handling": ("2023-06-22", "overdue")}, liabilities=frozenset({"第十六条第（十）项"})),
    "jincheng-revoke.yaml": jincheng(
        document="notice", outcome="revoke", if_uncorrected="revoke",
        deadlines={"notice_handling": ("2023-08-02", "overdue"), "decision_review_request": ("2023-09-11", "late")},
        liabilities=frozenset({"第十六条第（十）项"})),
    "jincheng-order-performance.json": jincheng(
        document="notice", outcome="order_performance", if_uncorrected="order_performance",
        deadlines={"notice_handling": ("2023-08-31", "overdue")}, procedure={"min_two_supervisors": "violated"}),
    "jincheng-not-in-force.yaml": jincheng(as_of=dt.date(2023, 12, 20), status="not_in_force", admission=None),
    # 第九条（一）: 立案 after the first measure → 第十八条（一）;
    # 明显不当 only → 第十三条 revoke, not 第十四条 (SPEC §4c).
    "jincheng-requirements.yaml": jincheng(
        document="notice", outcome="revoke", if_uncorrected="revoke",
        deadlines={"notice_handling": ("2023-03-31", "overdue"), "decision_review_request": ("2023-04-17", "met")},
        liabilities=frozenset({"第十六条第（十）项", "第十八条第（一）项"}),
        procedure={"min_two_supervisors": "complied"}),
    # ── 衢州: 通知书, period set by the document; 第十七条 ground → revoke_or_change, else no_decision_ground ──
    # SPEC §4c: 第十三条 applies to on-site supervision only; these older examples do not say on_site, so
    # min_two_supervisors is undetermined for them (was complied / violated before the on_site condition).
    "quzhou-no-defects.yaml": quzhou(**TERMINATE, procedure={"min_two_supervisors": "complied"}),
    "quzhou-not-in-force.yaml": quzhou(status="not_in_force", admission=None),
    "quzhou-issue-document.yaml": quzhou(document="notice", outcome="issue_corrective_document",
                                         if_uncorrected="revoke_or_change"),
    "quzhou-awaiting-correction.yaml": quzhou(
        document="notice", outcome="awaiting_correction", if_uncorrected="revoke_or_change",
        deadlines={"notice_correction": ("2026-12-16", "pending")}),
    # 2026-10-10 is a make-up Saturday: a working day, no roll (C3).
    "quzhou-corrected.json": quzhou(
        document="notice", outcome="corrected", if_uncorrected="revoke_or_change",
        deadlines={"notice_correction": ("2026-10-10", "met")}, procedure={"min_two_supervisors": "complied"}),
    "quzhou-corrected-late.yaml": quzhou(
        document="notice", outcome="corrected_late", if_uncorrected="no_decision_ground",
        deadlines={"notice_correction": ("2025-03-31", "late")}, liabilities=frozenset()),
    "quzhou-revoke-or-change.yaml": quzhou(
        document="notice", outcome="revoke_or_change", if_uncorrected="revoke_or_change",
        deadlines={"notice_correction": ("2026-06-30", "overdue")}, procedure={"min_two_supervisors": "violated"},
        liabilities=frozenset()),
    # Off-site supervision (on_site: false) is outside 第十三条; the on-site visit had two supervisors with credentials.
    "quzhou-on-site-supervision.yaml": quzhou(
        document="notice", outcome="corrected", if_uncorrected="revoke_or_change",
        deadlines={"notice_correction": ("2026-07-15", "met")}, procedure={"min_two_supervisors": "complied"},
        liabilities=frozenset()),
    "quzhou-duty-dispute.yaml": Expect(
        "quzhou", dt.date(2025, 11, 20), outcome="terminate", if_uncorrected="terminate", liabilities=frozenset(),
        procedure={"dispute_application_in_writing": "complied", "dispute_coordinating_body": "complied",
                   "dispute_application_contents": "complied", "consultation_participants": "complied",
                   "opinion_follows_route": "complied", "coordination_opinion_copied": "not_applicable"}),
    "quzhou-no-decision-ground.yaml": quzhou(
        document="notice", outcome="no_decision_ground", if_uncorrected="no_decision_ground",
        deadlines={"notice_correction": ("2026-08-31", "overdue")}),
}

# examples/batch.jsonl under weihai as of 2026-11-22: line → (admission verdict, grounds, outcome); None: an error.
BATCH: dict[int, tuple[str, frozenset[str], str] | None] = {
    1: ("admit", frozenset(), "terminate"),
    2: ("admit", frozenset(), "issue_corrective_document"),
    3: ("admit", frozenset(), "awaiting_correction"),        # 11-09 + 30 = 12-09
    4: ("admit", frozenset(), "corrected"),                  # due 07-01, corrected 06-25
    5: ("admit", frozenset(), "corrected_late"),             # due 04-01, corrected 04-03
    6: ("admit", frozenset(), "government_decides"),         # due 09-02, not corrected
    7: ("reject", frozenset({"petition"}), "terminate"),
    8: ("incomplete", frozenset({"incomplete"}), "terminate"),
    9: ("refer_elsewhere", frozenset({"refer_elsewhere"}), "terminate"),
    10: ("record_as_clue", frozenset({"record_as_clue"}), "terminate"),
    11: None,                                                # unknown defect 'rudeness'
    12: ("admit", frozenset(), "government_decides"),        # 01-05 + 30 = 02-04
    13: ("admit", frozenset(), "corrected"),                 # 09-05 + 30 = 10-05 (国庆) → 10-08
    14: ("admit", frozenset(), "terminate"),
    15: ("admit", frozenset(), "awaiting_correction"),       # 11-20 + 30 = 12-20 (Sun) → 12-21
    16: ("reject", frozenset({"older_than_3_years"}), "terminate"),  # 2025-01-10 < 2026-01-12
    17: ("admit", frozenset(), "terminate"),                  # anniversary day itself: not over (C8)
    18: ("admit", frozenset(), "corrected_late"),            # due 08-19, corrected 08-28
    19: ("admit", frozenset(), "government_decides"),        # due 06-10
    20: ("admit", frozenset(), "awaiting_correction"),       # 10-30 + 30 = 11-29 (Sun) → 11-30
}


def case_files() -> list[str]:
    return sorted(path.name for path in EXAMPLES.iterdir() if path.suffix in {".yaml", ".json"})


def test_the_table_covers_every_example_file() -> None:
    assert sorted(EXPECTED) == case_files()


def test_every_city_has_an_example_of_every_outcome_kind() -> None:
    outcomes: dict[str, set[str]] = {}
    for expect in EXPECTED.values():
        if expect.outcome is not None:
            outcomes.setdefault(expect.profile, set()).add(expect.outcome)
    common = {"terminate", "issue_corrective_document", "awaiting_correction", "corrected", "corrected_late"}
    assert outcomes["weihai"] >= common | {"government_decides"}
    assert outcomes["xuchang"] >= common | {"government_decides", "excluded"}
    assert outcomes["jincheng"] >= common | {"confirm_void", "confirm_illegal", "revoke", "order_performance"}
    assert outcomes["quzhou"] >= common | {"revoke_or_change", "no_decision_ground"}
    verdicts = {e.admission for e in EXPECTED.values() if e.profile == "weihai"}
    assert verdicts >= {"admit", "reject", "incomplete", "refer_elsewhere", "record_as_clue"}


def test_every_yaml_example_says_what_it_shows_in_a_leading_comment() -> None:
    for name in case_files():
        if name.endswith(".yaml"):
            text = (EXAMPLES / name).read_text(encoding="utf-8")
            assert text.startswith("# "), name
            assert "Expected as of" in text.split("\nid:")[0], name


def _evaluate(name: str) -> Report:
    expect = EXPECTED[name]
    profile = load_profile(expect.profile)
    return evaluate(profile, load_case(EXAMPLES / name, context=profile.case_context), as_of=expect.as_of)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_evaluates_as_promised(name: str) -> None:
    expect = EXPECTED[name]
    report = _evaluate(name)
    assert report.status == expect.status
    assert not any(d.provisional for d in report.deadlines), "examples stay clear of the calendar's end"
    assert expect.warnings <= {w.code for w in report.warnings}
    if expect.status == "not_in_force":
        assert report.admission is None and report.disposition is None
        assert all(deadline.status == "not_in_force" for deadline in report.deadlines)
        return
    assert report.admission is not None and report.disposition is not None
    if expect.admission is not None:
        assert report.admission.verdict == expect.admission
        assert {g.code for g in report.admission.grounds} == expect.grounds
    disposition = report.disposition
    if expect.outcome is not None:
        assert disposition.outcome == expect.outcome
        assert disposition.document == expect.document
    if expect.if_uncorrected is not None:
        assert disposition.if_uncorrected == expect.if_uncorrected
    if expect.candidates is not None:
        assert disposition.candidates == list(expect.candidates)
    for rule, (due, status) in expect.deadlines.items():
        found = [d for d in report.deadlines if d.rule == rule]
        assert len(found) == 1, (rule, report.deadlines)
        assert (found[0].due.isoformat() if found[0].due else None, found[0].status) == (due, status), rule
    if expect.liabilities is not None:
        assert {liability.item for liability in report.liabilities} == expect.liabilities
    procedure = {check.rule: check.status for check in report.procedure}
    for rule, status in expect.procedure.items():
        assert procedure[rule] == status, rule
    assert report.explanation, "every report explains itself in Chinese"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_passes_compare(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["compare", str(EXAMPLES / name), "--as-of", EXPECTED[name].as_of.isoformat(), "--json"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    reports = json.loads(out)
    assert sorted(reports) == ["jincheng", "quzhou", "weihai", "xuchang"]
    own = reports[EXPECTED[name].profile]
    assert own["status"] == EXPECTED[name].status


def test_jincheng_examples_use_dates_in_2022_2023_and_others_stay_in_2021_2026() -> None:
    for name, expect in EXPECTED.items():
        case = load_case(EXAMPLES / name, context=load_profile(expect.profile).case_context)
        days = [event.on for event in case.events]
        days += [d for d in (case.act.decided_on, case.complaint.received_on if case.complaint else None) if d]
        years = {day.year for day in days}
        allowed = range(2022, 2024) if expect.profile == "jincheng" else range(2021, 2027)
        assert years <= set(allowed), (name, years)


def test_the_batch_example_evaluates_line_by_line_as_promised() -> None:
    lines = (EXAMPLES / "batch.jsonl").read_text(encoding="utf-8").splitlines()
    results = list(evaluate_many("weihai", lines, as_of=AS_OF, file="examples/batch.jsonl"))
    assert [r.line for r in results] == sorted(BATCH)
    for result in results:
        expected = BATCH[result.line]
        if expected is None:
            assert result.report is None and result.error is not None
            assert "rudeness" in str(result.error)
            continue
        assert result.error is None, str(result.error)
        report = result.report
        assert report is not None and report.admission is not None and report.disposition is not None
        assert result.case_id == f"WH-B{result.line:02d}"
        verdict, grounds, outcome = expected
        actual = (report.admission.verdict, frozenset(g.code for g in report.admission.grounds),
                  report.disposition.outcome)
        assert actual == (verdict, grounds, outcome), result.line
