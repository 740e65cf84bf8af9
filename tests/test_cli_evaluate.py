"""``evaluate`` and ``compare`` on the command line (SPEC §6–7), and the JSONL batch path.

Exit codes: 0 success, 1 a batch had a failed line, 2 invalid input (one line on stderr, nothing on
stdout), 3 calendar coverage.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import re
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import enforcement_rules._kinds.deadline as deadlines
from enforcement_rules import CalendarCoverageError, CaseError, evaluate_many, load_profile
from enforcement_rules._cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
BATCH = EXAMPLES / "batch.jsonl"
OVERDUE = EXAMPLES / "weihai-opinion-overdue.yaml"
AS_OF = "2026-11-22"
REPORT_KEYS = {"profile", "as_of", "status", "warnings", "admission", "deadlines", "disposition", "procedure",
               "liabilities", "explanation", "requirements", "trace"}
CITIES = ["jincheng", "quzhou", "weihai", "xuchang"]

# A weihai case whose 30-day correction period ends in 2027: 2026-12-10 + 30 = 2027-01-09, a year the bundled
# calendar (2004–2026) does not hold.
INTO_2027 = json.dumps({"id": "WH-2027", "act": {"defects": ["insufficient_evidence"]},
                        "complaint": {"received_on": "2026-12-01"},
                        "events": [{"type": "corrective_document_received", "on": "2026-12-10",
                                    "document": "opinion"}]})
# A weihai case wholly inside 2026: opinion 2026-11-02 + 30 = 2026-12-02, pending on 2026-12-20 → overdue.
IN_2026 = json.dumps({"id": "WH-2026", "act": {"defects": ["insufficient_evidence"]},
                      "complaint": {"received_on": "2026-10-12"},
                      "events": [{"type": "corrective_document_received", "on": "2026-11-02", "document": "opinion"}]})


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def records(out: str) -> list[dict[str, Any]]:
    lines = out.splitlines()
    assert all(line.strip() for line in lines), "one JSON object per line, no blank lines"
    return [json.loads(line) for line in lines]


# -- evaluate: one case -----------------------------------------------------------------------------

def test_evaluate_json_prints_exactly_the_report_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evaluate", str(OVERDUE), "--profile", "weihai", "--as-of", AS_OF, "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert set(report) == REPORT_KEYS
    assert (report["profile"], report["as_of"], report["status"]) == ("weihai", AS_OF, "ok")
    assert report["admission"] == {"verdict": "admit", "grounds": []}
    # 2026-09-05 + 30 days = 2026-10-05, a National Day rest day → 2026-10-08; uncorrected on 2026-11-22.
    correction = next(d for d in report["deadlines"] if d["rule"] == "opinion_correction")
    assert (correction["due"], correction["status"], correction["done_on"]) == ("2026-10-08", "overdue", None)
    assert set(correction["citation"]) == {"instrument", "article", "paragraph", "item", "text"}
    assert report["disposition"]["outcome"] == "government_decides"
    assert report["disposition"]["document"] == "opinion"
    assert all(set(w) == {"code", "message"} for w in report["warnings"])
    assert all(isinstance(sentence, str) for sentence in report["explanation"])


def test_evaluate_human_output_shows_the_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evaluate", str(OVERDUE), "--profile", "weihai", "--as-of", AS_OF)
    assert (code, err) == (0, "")
    assert out.startswith(f"weihai · WH-2026-014 · as of {AS_OF} · ok")
    assert re.search(r"立案\s+admit", out)
    assert "government_decides" in out and "文书 opinion" in out
    assert re.search(r"opinion_correction\s+2026-09-05 → 2026-10-08\s+overdue", out)
    assert "第四十四条第（八）项" in out
    assert not out.lstrip().startswith("{")


def test_evaluate_human_output_of_a_rejected_complaint_names_its_grounds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", str(EXAMPLES / "weihai-admission-reject.yaml"), "--profile", "weihai",
                       "--as-of", AS_OF)
    assert code == 0
    line = next(line for line in out.splitlines() if "立案" in line)
    assert "reject" in line
    for ground in ("reconsideration_or_litigation", "petition", "already_handled", "older_than_3_years"):
        assert ground in line


def test_evaluate_not_in_force_is_a_status_with_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evaluate", str(EXAMPLES / "jincheng-not-in-force.yaml"), "--profile", "jincheng",
                         "--as-of", "2023-12-20", "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert set(report) == REPORT_KEYS
    assert report["status"] == "not_in_force"
    assert (report["admission"], report["disposition"], report["deadlines"]) == (None, None, [])


@pytest.mark.parametrize("as_of", ["2026-13-01", "2026-02-30", "22/11/2026", "2026-11", "yesterday", ""])
def test_a_malformed_as_of_exits_2_with_one_line_on_stderr(capsys: pytest.CaptureFixture[str], as_of: str) -> None:
    for command in (["evaluate", str(OVERDUE), "--profile", "weihai"], ["compare", str(OVERDUE)]):
        code, out, err = run(capsys, *command, "--as-of", as_of, "--json")
        assert code == 2, command
        assert out == ""
        assert err.count("\n") == 1 and err.endswith("\n")
        assert "--as-of" in err


def test_a_case_file_with_an_unknown_key_exits_2_naming_file_line_and_key(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = tmp_path / "bad.yaml"
    case.write_text("# a case with a misspelt key\n"
                    "id: BAD-1\n"
                    "act:\n"
                    "  type: penalty\n"
                    "  defect: [insufficient_evidence]\n", encoding="utf-8")
    for argv in (["evaluate", str(case), "--profile", "weihai", "--as-of", AS_OF],
                 ["evaluate", str(case), "--profile", "weihai", "--as-of", AS_OF, "--json"],
                 ["compare", str(case), "--as-of", AS_OF]):
        code, out, err = run(capsys, *argv)
        assert code == 2
        assert out == ""
        assert err.count("\n") == 1
        # file:line: key: message
        assert re.fullmatch(rf"enforcement-rules: {re.escape(str(case))}:5: act\.defect: unknown key 'defect'.*\n",
                            err), err


def test_an_unknown_key_inside_an_event_names_its_index(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = tmp_path / "bad-event.yaml"
    case.write_text("events:\n"
                    "  - {type: case_filed, on: 2026-05-12}\n"
                    "  - {type: corrected, on: 2026-06-20, by: agency}\n", encoding="utf-8")
    code, out, err = run(capsys, "evaluate", str(case), "--profile", "weihai", "--as-of", AS_OF)
    assert (code, out) == (2, "")
    assert re.match(rf"enforcement-rules: {re.escape(str(case))}:3: events\[1\]\.by: unknown key 'by'", err), err


@pytest.mark.parametrize(("content", "fragment"), [
    ("act:\n  decided_on: 2026-02-30\n", "act.decided_on"),
    ("act:\n  defects: [rudeness]\n", "act.defects[0]"),
    ("- just a list\n", "a case is a mapping"),
])
def test_other_invalid_cases_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str,
                                    fragment: str) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "evaluate", str(case), "--profile", "weihai", "--as-of", AS_OF)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and fragment in err and str(case) in err


def test_a_missing_case_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "evaluate", str(tmp_path / "none.yaml"), "--profile", "weihai", "--as-of", AS_OF)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1


def test_a_single_case_needing_2027_exits_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = tmp_path / "into-2027.json"
    case.write_text(INTO_2027, encoding="utf-8")
    code, out, err = run(capsys, "evaluate", str(case), "--profile", "weihai", "--as-of", "2026-12-20")
    assert (code, out) == (3, "")
    assert "2027" in err and err.count("\n") == 1


# -- compare ------------------------------------------------------------------------------------------

def test_compare_json_is_an_object_keyed_by_the_four_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "compare", str(OVERDUE), "--as-of", AS_OF, "--json")
    assert (code, err) == (0, "")
    reports = json.loads(out)
    assert sorted(reports) == CITIES
    for name, report in reports.items():
        assert set(report) == REPORT_KEYS
        assert report["profile"] == name and report["as_of"] == AS_OF
    assert reports["weihai"]["disposition"]["outcome"] == "government_decides"
    # Jincheng's 暂行办法 expired after 2023-11-30: a matter arising in 2026 is not_in_force there.
    assert reports["jincheng"]["status"] == "not_in_force" and reports["jincheng"]["disposition"] is None
    # Quzhou acts on a 通知书, not a 意见书: none has been issued under it. Xuchang accepts a 意见书, but this one
    # sets no deadline, so the matter waits (and says so).
    assert reports["quzhou"]["disposition"]["outcome"] == "issue_corrective_document"
    assert reports["xuchang"]["disposition"]["outcome"] == "awaiting_correction"
    assert "deadline_not_set" in {w["code"] for w in reports["xuchang"]["warnings"]}
    # weihai-only obligations are skipped (with a warning) elsewhere, not an error.
    assert "obligation_not_in_profile" in {w["code"] for w in reports["quzhou"]["warnings"]}


def test_compare_human_output_is_a_table_of_verdicts_and_deadlines_by_city(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "compare", str(EXAMPLES / "jincheng-revoke.yaml"), "--as-of", "2023-11-20")
    assert (code, err) == (0, "")
    code, raw, _ = run(capsys, "compare", str(EXAMPLES / "jincheng-revoke.yaml"), "--as-of", "2023-11-20", "--json")
    reports = json.loads(raw)
    lines = out.splitlines()
    header = lines[0].split()
    assert header == CITIES
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    for label in ("admission", "document", "if_uncorrected", "outcome"):
        assert label in rows, label
    # Xuchang's draft is applied from 2025-01-01 only (SPEC §4 Validity): nothing of a 2023 matter (shown as —).
    assert rows["admission"] == [(reports[c]["admission"] or {"verdict": "—"})["verdict"] for c in CITIES]
    assert rows["document"] == ["notice", "notice", "opinion", "—"]
    none = {"if_uncorrected": "—", "outcome": "—"}
    assert rows["if_uncorrected"] == [(reports[c]["disposition"] or none)["if_uncorrected"] for c in CITIES]
    assert rows["outcome"] == [(reports[c]["disposition"] or none)["outcome"] for c in CITIES]
    assert rows["outcome"][0] == "revoke"
    deadline_rules = {d["rule"] for report in reports.values() for d in report["deadlines"]}
    assert {"notice_handling", "notice_correction", "decision_review_request", "decision_execution_report"} \
        <= deadline_rules
    for rule in deadline_rules:
        assert rule in rows, rule
    # notice_handling is jincheng's only: the other columns show a dash.
    notice_row = next(line for line in lines if line.startswith("notice_handling "))
    assert "2023-08-02 overdue" in notice_row and notice_row.count("—") == 3
    # The columns line up: every city's name starts where its cells start.
    start = lines[0].index("jincheng")
    assert all(line[start - 2:start] == "  " for line in lines[1:])


# -- the batch path ------------------------------------------------------------------------------------

def test_batch_prints_one_record_per_line_in_order_and_exits_1_on_a_bad_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evaluate", str(BATCH), "--profile", "weihai", "--jsonl", "--as-of", AS_OF)
    assert code == 1
    assert err == ""
    inputs = [line for line in BATCH.read_text(encoding="utf-8").splitlines() if line.strip()]
    out_records = records(out)
    assert len(out_records) == len(inputs) == 20
    assert [r["line"] for r in out_records] == list(range(1, 21))
    for record, text in zip(out_records, inputs, strict=True):
        if record["line"] == 11:
            assert set(record) == {"line", "case", "error"}
            assert record["case"] == "WH-B11"  # the id is read even when the case is invalid
            error = record["error"]
            assert set(error) == {"type", "message", "key"}
            assert error["type"] == "CaseError"
            assert error["key"] == "act.defects[0]"
            assert f"{BATCH}:11" in error["message"] and "rudeness" in error["message"]
        else:
            assert set(record) == {"line", "case", "report"}
            assert record["case"] == json.loads(text)["id"]
            assert set(record["report"]) == REPORT_KEYS
            assert record["report"]["as_of"] == AS_OF


def test_a_jsonl_file_is_a_batch_without_the_flag(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", str(BATCH), "--profile", "weihai", "--as-of", AS_OF)
    assert code == 1
    assert len(records(out)) == 20


def test_a_batch_explains_in_the_language_asked_for(capsys: pytest.CaptureFixture[str]) -> None:
    """``--language en`` reaches every report of a batch (the report stream and ``evaluate_many``): it was
    Chinese whatever was asked, before."""
    code, out, _ = run(capsys, "evaluate", str(BATCH), "--profile", "weihai", "--as-of", AS_OF, "--language", "en")
    assert code == 1
    reports = [r["report"] for r in records(out) if "report" in r]
    lines = [line for line in BATCH.read_text(encoding="utf-8").splitlines() if line.strip()]
    english = [r.report for r in evaluate_many("weihai", lines, as_of=dt.date.fromisoformat(AS_OF), language="en")
               if r.report is not None]
    assert [r["explanation"] for r in reports] == [r.explanation for r in english]
    chinese = [r.report for r in evaluate_many("weihai", lines, as_of=dt.date.fromisoformat(AS_OF))
               if r.report is not None]
    assert [r.trace for r in english] == [r.trace for r in chinese]  # the same findings, other words
    assert all(a != b for e, c in zip(english, chinese, strict=True)
               for a, b in zip(e.explanation, c.explanation, strict=True))


def test_an_all_valid_batch_exits_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    valid = [line for line in BATCH.read_text(encoding="utf-8").splitlines() if "rudeness" not in line]
    batch = tmp_path / "cases.txt"  # not .jsonl: --jsonl makes it a batch
    batch.write_text("\n".join(valid) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "evaluate", str(batch), "--profile", "weihai", "--jsonl", "--as-of", AS_OF)
    assert (code, err) == (0, "")
    out_records = records(out)
    assert len(out_records) == 19
    assert all("report" in r for r in out_records)
    assert [r["case"] for r in out_records] == [json.loads(line)["id"] for line in valid]


def test_dash_reads_the_batch_from_stdin_skipping_blank_lines(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"{IN_2026}\n\n   \n{{not json\n{IN_2026}\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code, out, err = run(capsys, "evaluate", "-", "--profile", "weihai", "--as-of", "2026-12-20")
    assert (code, err) == (1, "")
    out_records = records(out)
    assert [r["line"] for r in out_records] == [1, 4, 5]
    assert out_records[0]["report"]["disposition"]["outcome"] == "government_decides"
    bad = out_records[1]["error"]
    assert bad["type"] == "CaseError" and "<stdin>:4" in bad["message"] and "invalid JSON" in bad["message"]
    assert out_records[2]["case"] == "WH-2026"


def test_a_coverage_error_in_a_batch_is_an_error_record_and_the_batch_goes_on(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{IN_2026}\n{INTO_2027}\n{IN_2026}\n"))
    code, out, err = run(capsys, "evaluate", "-", "--profile", "weihai", "--jsonl", "--as-of", "2026-12-20")
    assert (code, err) == (1, "")
    first, second, third = records(out)
    assert "report" in first and "report" in third
    assert second["line"] == 2
    assert second["case"] == "WH-2027"
    assert second["error"]["type"] == "CalendarCoverageError"
    assert "2027" in second["error"]["message"]
    assert second["error"]["key"] is None


def test_the_weekends_policy_turns_the_coverage_error_into_a_provisional_result(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(INTO_2027 + "\n"))
    code, out, _ = run(capsys, "evaluate", "-", "--profile", "weihai", "--as-of", "2026-12-20",
                       "--calendar-policy", "weekends")
    assert code == 0
    (record,) = records(out)
    correction = next(d for d in record["report"]["deadlines"] if d["rule"] == "opinion_correction")
    # 2027-01-09 is a Saturday: under the weekends policy → Monday 2027-01-11, provisional.
    assert (correction["due"], correction["provisional"]) == ("2027-01-11", True)


def test_batch_errors_before_evaluation_still_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "evaluate", str(tmp_path / "none.jsonl"), "--profile", "weihai", "--as-of", AS_OF)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    code, out, err = run(capsys, "evaluate", str(BATCH), "--profile", "harbin", "--as-of", AS_OF)
    assert (code, out) == (2, "")
    assert "unknown profile" in err


# -- evaluate_many: lazy and flat in memory --------------------------------------------------------------

def test_evaluate_many_is_lazy() -> None:
    consumed: list[int] = []

    def lines() -> Iterator[str]:
        for number in (1, 2, 3):
            consumed.append(number)
            yield IN_2026
        raise RuntimeError("the 4th line was asked for")

    results = evaluate_many("weihai", lines(), as_of=dt.date(2026, 11, 22))
    assert consumed == []  # nothing read before the first result is asked for
    first = next(results)
    assert (first.line, consumed) == (1, [1])
    assert first.report is not None
    arrived = [first, next(results), next(results)]
    assert [r.line for r in arrived] == [1, 2, 3]
    assert consumed == [1, 2, 3]
    with pytest.raises(RuntimeError, match="4th line"):
        next(results)


def test_evaluate_many_yields_errors_and_goes_on() -> None:
    lines = [IN_2026, '{"act": {"colour": "red"}}', "", "[1, 2]", IN_2026]
    results = list(evaluate_many("weihai", lines, as_of=dt.date(2026, 11, 22), file="in.jsonl"))
    assert [r.line for r in results] == [1, 2, 4, 5]
    assert isinstance(results[1].error, CaseError) and results[1].error.key == "act.colour"
    assert results[1].error.line == 2 and results[1].error.file == "in.jsonl"
    assert isinstance(results[2].error, CaseError) and results[2].error.line == 4
    assert results[0].report is not None and results[3].report is not None


def test_evaluate_many_reports_coverage_errors_per_line() -> None:
    results = list(evaluate_many("weihai", [INTO_2027, IN_2026], as_of=dt.date(2026, 12, 20)))
    assert isinstance(results[0].error, CalendarCoverageError)
    assert results[1].report is not None


def _generated(count: int) -> Iterator[str]:
    """``count`` varied weihai cases, produced one at a time (never held as a list)."""
    base = dt.date(2026, 1, 5).toordinal()
    defects = ["insufficient_evidence", "wrong_law_applied", "procedure_violation", "failure_to_perform"]
    for index in range(count):
        received = dt.date.fromordinal(base + index % 250)
        document = dt.date.fromordinal(received.toordinal() + 14)
        case: dict[str, Any] = {
            "id": f"GEN-{index}",
            "act": {"type": "penalty", "decided_on": dt.date.fromordinal(received.toordinal() - 40).isoformat(),
                    "defects": [] if index % 5 == 0 else [defects[index % 4]]},
            "complaint": {"received_on": received.isoformat()},
            "events": [{"type": "case_filed", "on": received.isoformat()},
                       {"type": "corrective_document_received", "on": document.isoformat(), "document": "opinion"}],
        }
        if index % 3 == 0:
            case["events"].append({"type": "corrected", "on": dt.date.fromordinal(document.toordinal()
                                                                                    + index % 40).isoformat()})
        yield json.dumps(case)


def _batch_peak(count: int) -> int:
    """Peak traced memory while consuming ``evaluate_many`` over ``count`` generated lines, results discarded.

    A full collection every ``COLLECT_EVERY`` results: CPython's free lists (tuples of a given size, lists,
    dicts) keep freed blocks that tracemalloc still counts, and they fill up slowly (to 2,000 tuples per size),
    which would show as growth that no leak causes. ``gc.collect()`` empties them and frees cyclic garbage;
    what it cannot free — objects still referenced — is what this test is after.
    """
    profile = load_profile("weihai")
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        seen = 0
        for result in evaluate_many(profile, _generated(count), as_of=dt.date(2026, 11, 22)):
            seen += 1
            assert result.error is None, result.error
            del result
            if seen % COLLECT_EVERY == 0:
                gc.collect()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == count
    return peak


COLLECT_EVERY = 50


def test_the_batch_path_memory_does_not_grow_with_the_input() -> None:
    n = 150
    _batch_peak(10 * n)  # warm up: profile, calendar and the bounded due-date cache are filled before measuring
    small = _batch_peak(n)
    large = _batch_peak(10 * n)
    assert large < 2 * small, (small, large)


def test_the_due_date_cache_of_a_profile_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deadlines, "_KEPT", 50)
    profile = load_profile("weihai").model_copy()
    profile.memo.clear()
    for result in evaluate_many(profile, _generated(400), as_of=dt.date(2026, 11, 22)):
        assert result.error is None, result.error
        assert sum(len(memo) for _, memo in profile.memo["computed"].values()) <= 50
