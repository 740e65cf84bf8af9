"""A case's errors: the did-you-mean first (it explains the rest), then every other error with its line and key,
up to 10, in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from enforcement_rules import CaseError, load_case
from enforcement_rules._cli import main


def test_a_misspelt_key_is_reported_first_with_the_right_spelling(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("events:\n  - {type: case_filed, on: 2026-03-10}\n"
                    "  - {type: corrective_document_received, on: 2026-06-01, documnet: opinion}\n", encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        load_case(case)
    assert (caught.value.line, caught.value.key) == (3, "events[1].documnet")
    assert caught.value.reason == ("unknown key 'documnet' (did you mean 'document'?); 1 more error: "
                                   "line 3: events[1].document: missing required key")


def test_more_than_ten_errors_are_listed_to_ten_and_counted(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("events:\n" + "".join(f"  - {{type: case_filed, on: '2026-02-3{n % 2}'}}\n" for n in range(12)),
                    encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        load_case(case)
    reason = caught.value.reason
    assert reason.startswith("expected a date YYYY-MM-DD; got '2026-02-30' (no such day); 11 more errors: line 3:")
    assert reason.count("events[") == 9  # the first is the error's own key; nine more listed
    assert reason.endswith("; and 2 more")


def test_the_cli_prints_them_on_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("act: {type: penalty, defetcs: [insufficient_evidence], decided_on: '2026-13-01'}\n",
                    encoding="utf-8")
    assert main(["evaluate", str(case), "--profile", "weihai", "--as-of", "2026-11-22"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (f"enforcement-rules: {case}:1: act.defetcs: unknown key 'defetcs' (did you mean 'defects'?); "
                   "1 more error: line 1: act.decided_on: expected a date YYYY-MM-DD; got '2026-13-01' (no such day)\n")
