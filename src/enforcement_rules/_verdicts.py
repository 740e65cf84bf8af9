"""The verdict table: one row per case with a report's verdicts and none of its words (issue 10).

A row holds what a screening needs — statuses, due dates, outcomes, grounds, liabilities, warning codes —
and what the reference ``Report`` holds, field by field: ``verdict_row(report)`` is the projection the
columnar plan must equal (the differential test asserts it). Warnings are their codes, sorted and distinct
(a set: their order in a report follows the order of evaluation, which a table has no use for).

    line                 the input line (a table: its row number, from 1)
    case                 the case id
    path                 columnar | scalar | error: which evaluator gave the row
    error                the error of a bad line ("file:line: key: reason"), else null
    status, warnings     the report's status and its warning codes
    admission, admission_grounds
    disposition, if_uncorrected, disposition_grounds
    deadlines            [{rule, trigger, due, done_on, status, provisional}] in report order
    procedure, requirements   [{rule, status}] in report order
    liabilities          [{rule, item}] in report order
    explanation          the explanation, Chinese or the ``language`` asked for (with ``explain=True``, ``--explain``)

Inside the four lists, ``rule``, ``status`` and ``item`` are dictionary-encoded strings (Arrow
``dictionary<int32, string>``): every row repeats the same few dozen codes, and a requirement list of 40
checks per case would otherwise be most of the table's bytes (and of the time to move and write it). Readers
see strings: ``to_pylist``, pandas, polars (``Categorical``) and Parquet readers decode them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ._report import Report

if TYPE_CHECKING:
    import pyarrow as pa

PATHS = ("columnar", "scalar", "error")


def verdict_schema(explain: bool = False) -> pa.Schema:
    """The Arrow schema of a verdict table."""
    import pyarrow as pa  # noqa: PLC0415

    codes = pa.list_(pa.string())
    code = pa.dictionary(pa.int32(), pa.string())  # inside the lists: the same few codes on every row
    check = pa.list_(pa.struct([("rule", code), ("status", code)]))
    fields = [
        ("line", pa.int64()), ("case", pa.string()), ("path", pa.string()), ("error", pa.string()),
        ("status", pa.string()), ("warnings", codes),
        ("admission", pa.string()), ("admission_grounds", codes),
        ("disposition", pa.string()), ("if_uncorrected", pa.string()), ("disposition_grounds", codes),
        ("deadlines", pa.list_(pa.struct([
            ("rule", code), ("trigger", pa.string()), ("due", pa.date32()), ("done_on", pa.date32()),
            ("status", code), ("provisional", pa.bool_())]))),
        ("procedure", check), ("requirements", check),
        ("liabilities", pa.list_(pa.struct([("rule", code), ("item", code)]))),
    ]
    if explain:
        fields.append(("explanation", codes))
    return pa.schema(fields)


def _trigger(value: dt.date | int) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def verdict_row(report: Report, *, line: int, case: str | None, path: str = "scalar",
                explain: bool = False) -> dict[str, Any]:
    """The verdict row of a report (the reference the columnar plan is held to)."""
    admission, disposition = report.admission, report.disposition
    row: dict[str, Any] = {
        "line": line, "case": case, "path": path, "error": None,
        "status": report.status,
        "warnings": sorted({warning.code for warning in report.warnings}),
        "admission": admission.verdict if admission else None,
        "admission_grounds": [ground.code for ground in admission.grounds] if admission else [],
        "disposition": disposition.outcome if disposition else None,
        "if_uncorrected": disposition.if_uncorrected if disposition else None,
        "disposition_grounds": [ground.code for ground in disposition.grounds] if disposition else [],
        "deadlines": [{"rule": d.rule, "trigger": _trigger(d.trigger), "due": d.due, "done_on": d.done_on,
                       "status": d.status, "provisional": d.provisional} for d in report.deadlines],
        "procedure": [{"rule": check.rule, "status": check.status} for check in report.procedure],
        "requirements": [{"rule": check.rule, "status": check.status} for check in report.requirements],
        "liabilities": [{"rule": liability.rule, "item": liability.item} for liability in report.liabilities],
    }
    if explain:
        row["explanation"] = list(report.explanation)
    return row


def error_row(*, line: int, case: str | None, error: str, explain: bool = False) -> dict[str, Any]:
    """The row of a bad line: its error, no verdicts."""
    row: dict[str, Any] = {
        "line": line, "case": case, "path": "error", "error": error, "status": None, "warnings": [],
        "admission": None, "admission_grounds": [], "disposition": None, "if_uncorrected": None,
        "disposition_grounds": [], "deadlines": [], "procedure": [], "requirements": [], "liabilities": []}
    if explain:
        row["explanation"] = []
    return row
