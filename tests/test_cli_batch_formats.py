"""``evaluate CASES --format jsonl|parquet|csv``: the columnar batch path on the command line.

Expected verdicts are never hard-coded: every row is compared with the scalar ``evaluate()`` of the same case
(``_verdicts.verdict_row`` of its report, the reference the columnar plan is held to), so the dates in these
tests are whatever the reference computes for the generated cases (benchmarks/bench_evaluate.py's
``make_case``, seeded, dates inside weihai's window and the bundled calendar, evaluated as of 2026-11-22).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import enforcement_rules._bulk as bulk
from enforcement_rules import case_schema, evaluate, load_profile, national_calendar
from enforcement_rules._case import case_from_data
from enforcement_rules._cli import main
from enforcement_rules._verdicts import verdict_row
from generated_cases import as_of, cases

PROFILE = "weihai"
AS_OF = as_of(PROFILE)  # 2026-11-22
BAD = '{"id": "BAD-1", "act": {"defects": ["rudeness"]}}'  # not a defect of the vocabulary: an error row


def reference(data: dict[str, Any], line: int) -> dict[str, Any]:
    """The scalar evaluator's verdict row of a case, as JSON would carry it (dates ISO)."""
    report = evaluate(load_profile(PROFILE), case_from_data(data), as_of=AS_OF, calendar=national_calendar())
    row = verdict_row(report, line=line, case=data.get("id"))
    loaded: dict[str, Any] = json.loads(json.dumps(row, default=str))
    return loaded


def without_path(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key != "path"}


@pytest.fixture
def batch(tmp_path: Path) -> tuple[Path, dict[int, dict[str, Any] | None]]:
    """60 cases, two blank lines and a bad line; by physical line number: the case (None: the bad line)."""
    generated = cases(PROFILE, 60, "batch-formats")
    lines: list[str] = []
    expected: dict[int, dict[str, Any] | None] = {}
    for index, data in enumerate(generated):
        if index in (10, 40):
            lines.append("")  # blank lines give no row but are counted
        if index == 25:
            lines.append(BAD)
            expected[len(lines)] = None
        lines.append(json.dumps(data, ensure_ascii=False))
        expected[len(lines)] = data
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, expected


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "CHUNK_BYTES", 4096)  # several chunks from a small file
    monkeypatch.setattr(bulk, "PARQUET_ROWS", 16)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--profile", PROFILE, "--as-of", AS_OF.isoformat()])
    out, err = capsys.readouterr()
    return code, out, err


def check_rows(rows: list[dict[str, Any]], expected: dict[int, dict[str, Any] | None]) -> None:
    assert [row["line"] for row in rows] == list(expected)  # input order, blank lines skipped
    for row in rows:
        data = expected[row["line"]]
        if data is None:
            assert row["path"] == "error"
            assert row["case"] == "BAD-1"
            assert "rudeness" in row["error"]
        else:
            assert row["path"] in ("columnar", "scalar")
            assert without_path(row) == without_path(reference(data, row["line"]))


def test_jsonl_output_is_one_row_per_case_line_in_order_equal_to_the_scalar_evaluator(
        capsys: pytest.CaptureFixture[str], batch: tuple[Path, dict[int, dict[str, Any] | None]]) -> None:
    path, expected = batch
    code, out, err = run(capsys, "evaluate", str(path), "--format", "jsonl", "--workers", "1")
    assert code == 1  # one error row
    rows = [json.loads(line) for line in out.splitlines()]
    check_rows(rows, expected)
    assert "61 cases: " in err and ", 1 errors" in err


def test_two_workers_write_what_one_writes(
        capsys: pytest.CaptureFixture[str], batch: tuple[Path, dict[int, dict[str, Any] | None]]) -> None:
    path, _ = batch
    one = run(capsys, "evaluate", str(path), "--format", "jsonl", "--workers", "1")
    two = run(capsys, "evaluate", str(path), "--format", "jsonl", "--workers", "2")
    assert one[0] == two[0] == 1
    assert one[1] == two[1]


def test_csv_output_has_one_header_and_lists_as_json_text(
        capsys: pytest.CaptureFixture[str], batch: tuple[Path, dict[int, dict[str, Any] | None]]) -> None:
    path, expected = batch
    code, out, _ = run(capsys, "evaluate", str(path), "--format", "csv", "--workers", "1")
    assert code == 1
    assert out.count("line,case,path,") == 1
    lists = {"warnings", "admission_grounds", "disposition_grounds", "deadlines", "procedure", "requirements",
             "liabilities"}
    rows = [{key: (json.loads(value) if key in lists else int(value) if key == "line" else value or None)
             for key, value in record.items()} for record in csv.DictReader(io.StringIO(out))]
    check_rows(rows, expected)


def test_parquet_output_has_a_row_group_per_chunk_and_the_same_rows(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        batch: tuple[Path, dict[int, dict[str, Any] | None]]) -> None:
    path, expected = batch
    target = tmp_path / "verdicts.parquet"
    code, out, _ = run(capsys, "evaluate", str(path), "--format", "parquet", "--output", str(target),
                         "--workers", "2", "--explain")
    assert (code, out) == (1, "")
    assert not target.with_name("verdicts.parquet.tmp").exists()
    parquet = pq.ParquetFile(target)
    assert parquet.num_row_groups > 1  # 4 KiB chunks
    table = parquet.read()
    assert "explanation" in table.column_names
    rows = json.loads(json.dumps(table.drop_columns(["explanation"]).to_pylist(), default=str))
    check_rows(rows, expected)
    assert all(explanation for explanation, kind in zip(table.column("explanation").to_pylist(),
                                                         table.column("path").to_pylist(), strict=True)
               if kind != "error")


def test_parquet_input_numbers_the_rows_of_the_whole_file(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    generated = cases(PROFILE, 50, "parquet-input")
    source = tmp_path / "cases.parquet"
    pq.write_table(pa.Table.from_pylist(generated, schema=case_schema(load_profile(PROFILE))), source)
    code, out, err = run(capsys, "evaluate", str(source), "--format", "jsonl", "--workers", "1")
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    check_rows(rows, dict(enumerate(generated, start=1)))  # 16-row batches
    assert "50 cases: " in err and ", 0 errors" in err


def test_parquet_to_stdout_is_invalid(capsys: pytest.CaptureFixture[str],
                                      batch: tuple[Path, dict[int, dict[str, Any] | None]]) -> None:
    path, _ = batch
    code, out, err = run(capsys, "evaluate", str(path), "--format", "parquet")
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == ("enforcement-rules: --format parquet needs --output FILE (Parquet is not "
                                   "written to a terminal or a pipe)")


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_a_failed_run_leaves_no_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    code, out, err = run(capsys, "evaluate", str(tmp_path / "missing.jsonl"), "--format", fmt,
                         "--output", str(target))
    assert (code, out) == (2, "")
    assert "cannot read file" in err.splitlines()[0]
    assert list(tmp_path.iterdir()) == []
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet")
    code, _, err = run(capsys, "evaluate", str(bad), "--format", fmt, "--output", str(target))
    assert code == 2
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bad.parquet"]


def test_the_batch_options_need_a_format(capsys: pytest.CaptureFixture[str],
                                         batch: tuple[Path, dict[int, dict[str, Any] | None]]) -> None:
    path, _ = batch
    code, out, err = run(capsys, "evaluate", str(path), "--workers", "2")
    assert (code, out) == (2, "")
    assert "--format" in err


def test_stdin_in_a_format(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = cases(PROFILE, 3, "stdin")
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join([json.dumps(data[0]), "", "{not json",
                                                             json.dumps(data[1]), json.dumps(data[2])]) + "\n"))
    code, out, _ = run(capsys, "evaluate", "-", "--format", "jsonl", "--workers", "1")
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(row["line"], row["path"] == "error") for row in rows] == [(1, False), (3, True), (4, False),
                                                                       (5, False)]


def test_a_parquet_column_that_is_not_a_case_key_is_invalid(capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    source = tmp_path / "cases.parquet"
    pq.write_table(pa.table({"id": ["a"], "bogus": [1]}), source)
    code, out, err = run(capsys, "evaluate", str(source), "--format", "csv", "--workers", "1",
                         "--output", str(tmp_path / "out.csv"))
    assert (code, out) == (2, "")
    assert "column 'bogus' is not a case key" in err.splitlines()[0]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cases.parquet"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_a_lone_surrogate_in_a_case_id_is_kept_as_its_escape(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                             fmt: str) -> None:
    # "\ud800" is valid JSON but no UTF-8 string: Arrow cannot hold it, so the row keeps the escape's text
    data = cases(PROFILE, 2, "surrogate")
    lines = [json.dumps(data[0]), json.dumps({**data[1], "id": "x\ud800"})]  # ensure_ascii: the \ud800 escape
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / f"out.{fmt}"
    code, out, err = run(capsys, "evaluate", str(path), "--format", fmt, "--workers", "1", "--output", str(target))
    assert (code, out) == (0, ""), err
    if fmt == "parquet":
        ids = pq.read_table(target).column("case").to_pylist()
    elif fmt == "csv":
        ids = [row["case"] for row in csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))]
    else:
        ids = [json.loads(line)["case"] for line in target.read_text(encoding="utf-8").splitlines()]
    assert ids == [data[0]["id"], "x\\ud800"]
    assert "2 cases: " in err and ", 0 errors" in err


def test_parquet_row_groups_are_read_by_the_workers_and_numbered_in_order(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # row groups of 10 rows (at most 2 × 16): each is read where it is evaluated; one of 30 rows is read by
    # the parent in batches of 16; the rows keep the file's numbering either way
    monkeypatch.setattr(bulk, "PARQUET_ROWS", 16)
    generated = cases(PROFILE, 60, "parquet-row-groups")
    source = tmp_path / "cases.parquet"
    schema = case_schema(load_profile(PROFILE))
    with pq.ParquetWriter(source, schema) as writer:
        for start, size in ((0, 10), (10, 10), (20, 40)):
            writer.write_table(pa.Table.from_pylist(generated[start:start + size], schema=schema),
                               row_group_size=size)
    assert [pq.ParquetFile(source).metadata.row_group(index).num_rows for index in range(3)] == [10, 10, 40]
    seen: list[str] = []
    real = bulk.evaluate_rows

    def spy(job: bulk.Job, first_row: int, table: Any) -> bulk.Chunk:
        seen.append(type(table).__name__)
        return real(job, first_row, table)

    monkeypatch.setattr(bulk, "evaluate_rows", spy)
    code, out, err = run(capsys, "evaluate", str(source), "--format", "jsonl", "--workers", "1")
    assert code == 0, err
    assert seen == ["RowGroup", "RowGroup", "Table", "Table", "Table"]  # 40 rows: batches of 16, 16, 8
    check_rows([json.loads(line) for line in out.splitlines()], dict(enumerate(generated, start=1)))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_explanation_column_is_in_the_language_asked_for(
        capsys: pytest.CaptureFixture[str], batch: tuple[Path, dict[int, dict[str, Any] | None]], workers: str) -> None:
    """``--explain --language en``: each row's explanation is the English one ``evaluate(language="en")`` gives
    (it was Chinese whatever was asked, before)."""
    path, expected = batch
    code, out, _ = run(capsys, "evaluate", str(path), "--format", "jsonl", "--workers", workers, "--explain",
                       "--language", "en")
    assert code == 1  # the bad line
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == len(expected)
    for row in rows:
        data = expected[row["line"]]
        if data is None:
            assert row["explanation"] == []
            continue
        english = evaluate(load_profile(PROFILE), case_from_data(data), as_of=AS_OF, calendar=national_calendar(),
                           language="en").explanation
        assert row["explanation"] == english and english
        assert "No bar to filing" in " ".join(english) or any(s.startswith("Under ") for s in english)
