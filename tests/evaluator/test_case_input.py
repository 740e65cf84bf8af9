"""Case files (SPEC §5): every invalid input is a ``CaseError`` naming the file, the line and the key path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from enforcement_rules import CaseError, RulesError, load_case
from enforcement_rules._case import case_from_data

from .scenario import D, run


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# (file name, content, line, key path, words of the message)
INVALID: dict[str, tuple[str, str, int, str, str]] = {
    "unknown key": ("case.yaml", """
        id: WH-1
        act:
          type: penalty
          decided_onn: 2023-03-02
        """, 4, "act.decided_onn", "unknown key 'decided_onn'"),
    "unknown key in JSON": ("case.json", """
        {
          "complaint": {
            "received_on": "2023-05-10",
            "anonymous": true
          }
        }
        """, 4, "complaint.anonymous", "unknown key 'anonymous'"),
    "unknown event key": ("case.yaml", """
        events:
          - {type: case_filed, on: 2023-05-12}
          - {type: investigation, on: 2023-05-20, supervisor: 2}
        """, 3, "events[1].supervisor", "unknown key 'supervisor'"),
    "unknown defect": ("case.yaml", """
        act:
          defects:
            - insufficient_evidence
            - rude_manner
        """, 4, "act.defects[1]", "got 'rude_manner'"),
    "unknown context": ("case.json", """
        {"act": {
          "defects": ["ultra_vires"],
          "context": ["already_forgiven"]}}
        """, 3, "act.context[0]", "got 'already_forgiven'"),
    "unknown remedy state": ("case.yaml", """
        act:
          remedies: {reconsideration: none, litigation: planned}
        """, 2, "act.remedies.litigation", "expected one of none, pending, concluded; got 'planned'"),
    "unknown bar": ("case.yaml", """
        id: WH-2
        bars: [already_handled, too_old]
        """, 2, "bars[1]", "got 'too_old'"),
    "unknown exception": ("case.yaml", """
        exceptions:
          - filing_deemed_necessary
          - mercy
        """, 3, "exceptions[1]", "got 'mercy'"),
    "unknown event type": ("case.yaml", """
        events:
          - type: case_filed
            on: 2023-05-12
          - type: case_reopened
            on: 2023-06-12
        """, 4, "events[1].type", "got 'case_reopened'"),
    "unknown event type in JSON": ("case.json", """
        {"events": [
          {"type": "case_filed", "on": "2023-05-12"},
          {"type": "appeal", "on": "2023-05-13"}
        ]}
        """, 3, "events[1].type", "got 'appeal'"),
    "unknown document": ("case.yaml", """
        events:
          - type: corrective_document_received
            on: 2023-06-01
            document: memo
        """, 4, "events[0].document", "expected one of opinion, notice, supervision_letter; got 'memo'"),
    "malformed date": ("case.yaml", """
        act:
          decided_on: 2023-02-30
        """, 2, "act.decided_on", "expected a date YYYY-MM-DD; got '2023-02-30'"),
    "malformed date in JSON": ("case.json", """
        {
          "complaint": {"received_on": "2023-3-2"}
        }
        """, 2, "complaint.received_on", "expected a date YYYY-MM-DD; got '2023-3-2'"),
    "date and time where a date is expected": ("case.yaml", """
        events:
          - {type: case_filed, on: 2023-05-12T09:30:00}
        """, 2, "events[0].on", "not a date and time"),
    "timestamp integer where a date is expected": ("case.yaml", """
        act:
          type: penalty
          decided_on: 1677715200
        """, 3, "act.decided_on", "expected a date YYYY-MM-DD; got 1677715200"),
    "timestamp integer in JSON": ("case.json", """
        {
          "obligations": [
            {"rule": "decision_disclosure",
             "trigger": 1790553600}
          ]
        }
        """, 4, "obligations[0].trigger", "expected a date YYYY-MM-DD; got 1790553600"),
    "extension without months": ("case.yaml", """
        events:
          - {type: case_filed, on: 2023-05-12}
          - type: extension_approved
            on: 2023-07-01
        """, 3, "events[1].months", "missing required key"),
    "extension without months in JSON": ("case.json", """
        {"events": [{"type": "extension_approved", "on": "2023-07-01"}]}
        """, 1, "events[0].months", "missing required key"),
    "obligation with both trigger and year": ("case.yaml", """
        obligations:
          - {rule: decision_disclosure, trigger: 2026-09-28}
          - rule: annual_plan_filing
            trigger: 2026-01-05
            year: 2026
        """, 3, "obligations[1]", "exactly one of trigger (a date) or year"),
}


@pytest.mark.parametrize("kind", list(INVALID))
def test_an_invalid_case_file_names_file_line_and_key(tmp_path: Path, kind: str) -> None:
    name, text, line, key, words = INVALID[kind]
    path = write(tmp_path, name, text)
    with pytest.raises(CaseError) as caught:
        load_case(path)
    err = caught.value
    assert (err.file, err.line, err.key) == (str(path), line, key), str(err)
    assert words in err.reason
    assert str(err).startswith(f"{path}:{line}: {key}: ")
    assert isinstance(err, ValueError)
    assert isinstance(err, RulesError)


def test_the_first_error_by_line_is_reported_and_the_others_listed(tmp_path: Path) -> None:
    path = write(tmp_path, "case.yaml", """
        bars: [too_old]
        exceptions: [mercy]
        events:
          - {type: corrective_document_received, on: 2023-06-01, document: memo}
        """)
    with pytest.raises(CaseError) as caught:
        load_case(path)
    assert (caught.value.line, caught.value.key) == (1, "bars[0]")
    assert "; 2 more errors: line 2: exceptions[0]: expected one of" in caught.value.reason
    assert "; line 4: events[0].document: expected one of opinion, notice, supervision_letter; got 'memo'" in \
        caught.value.reason


def test_a_valid_file_in_yaml_and_in_json_gives_the_same_case(tmp_path: Path) -> None:
    yaml_path = write(tmp_path, "case.yaml", """
        id: WH-2026-014
        act: {type: penalty, decided_on: 2023-03-02, defects: [insufficient_evidence]}
        events:
          - {type: case_filed, on: 2023-05-12}
          - {type: extension_approved, on: 2023-07-01, months: 1}
          - {type: coercive_execution, at: 2023-05-01T23:30:00, emergency: false}
        obligations:
          - {rule: annual_plan_filing, year: 2026, done_on: 2026-02-02}
        """)
    json_path = write(tmp_path, "case.json", """
        {"id": "WH-2026-014",
         "act": {"type": "penalty", "decided_on": "2023-03-02", "defects": ["insufficient_evidence"]},
         "events": [{"type": "case_filed", "on": "2023-05-12"},
                    {"type": "extension_approved", "on": "2023-07-01", "months": 1},
                    {"type": "coercive_execution", "at": "2023-05-01T23:30:00", "emergency": false}],
         "obligations": [{"rule": "annual_plan_filing", "year": 2026, "done_on": "2026-02-02"}]}
        """)
    assert load_case(yaml_path) == load_case(json_path)
    assert load_case(yaml_path).act.decided_on == D(2023, 3, 2)


def test_a_case_given_as_data_names_the_key_without_a_file() -> None:
    with pytest.raises(CaseError) as caught:
        case_from_data({"events": [{"type": "extension_approved", "on": "2023-07-01"}]})
    assert (caught.value.file, caught.value.line, caught.value.key) == ("<case>", None, "events[0].months")


def test_a_case_that_is_not_a_mapping_is_refused_at_line_1(tmp_path: Path) -> None:
    path = write(tmp_path, "case.yaml", "- {type: case_filed, on: 2023-05-12}\n")
    with pytest.raises(CaseError) as caught:
        load_case(path)
    assert (caught.value.file, caught.value.line, caught.value.key) == (str(path), 1, None)


@pytest.mark.parametrize(("obligation", "key"), [
    ({"rule": "no_such_rule", "trigger": "2026-01-05"}, "obligations[0].rule"),
    ({"rule": "disposition", "trigger": "2026-01-05"}, "obligations[0].rule"),        # not a deadline rule
    ({"rule": "annual_report", "trigger": "2026-01-05"}, "obligations[0]"),           # counts from a year
    ({"rule": "decision_disclosure", "year": 2026}, "obligations[0]"),               # counts from a date
])
def test_an_obligation_the_profile_cannot_count_is_a_case_error_at_evaluation(obligation: dict[str, object],
                                                                              key: str) -> None:
    with pytest.raises(CaseError) as caught:
        run("weihai", {"obligations": [obligation]}, D(2026, 3, 1))
    assert caught.value.key == key


def test_an_empty_key_is_still_named(tmp_path: Path) -> None:
    path = write(tmp_path, "case.json", '{"": 1}\n')
    with pytest.raises(CaseError) as caught:
        load_case(path)
    assert caught.value.key is not None
