"""Human-readable rendering of reports and comparisons (the JSON forms are the models themselves)."""

from __future__ import annotations

import datetime as dt

from ._report import Report


def _day(value: dt.date | int | None) -> str:
    if value is None:
        return "—"
    return value.isoformat() if isinstance(value, dt.date) else f"{value}年"


def render_report(report: Report, case_id: str | None = None) -> str:
    head = f"{report.profile}{' · ' + case_id if case_id else ''} · as of {report.as_of.isoformat()} · {report.status}"
    lines = [head]
    if report.admission is not None:
        grounds = ", ".join(ground.code for ground in report.admission.grounds)
        lines.append(f"  立案      {report.admission.verdict}{'  (' + grounds + ')' if grounds else ''}")
    if report.deadlines:
        lines.append("  期限")
        width = max(len(d.rule) for d in report.deadlines)
        for d in report.deadlines:
            done = f"  done {_day(d.done_on)}" if d.done_on else ""
            flag = "  [provisional]" if d.provisional else ""
            lines.append(f"    {d.rule:<{width}}  {_day(d.trigger):>10} → {_day(d.due):<10}  {d.status}{done}{flag}")
    if report.disposition is not None:
        disposition = report.disposition
        candidates = f"（可选 {', '.join(disposition.candidates)}）" if disposition.candidates else ""
        lines.append(f"  处理      {disposition.outcome}；文书 {disposition.document or '—'}；"
                     f"逾期未纠正 → {disposition.if_uncorrected}{candidates}")
    applicable = [p for p in report.procedure if p.status != "not_applicable"]
    if applicable:
        lines.append("  程序      " + "；".join(f"{p.rule} {p.status}" for p in applicable))
    lines.extend(f"  责任      {liability.rule} → {liability.item}" for liability in report.liabilities)
    lines.append("  说明")
    lines.extend(f"    - {sentence}" for sentence in report.explanation)
    lines.extend(f"  警告      [{w.code}] {w.message}" for w in report.warnings)
    return "\n".join(lines)


def render_comparison(reports: dict[str, Report]) -> str:
    """A side-by-side table: rows are verdicts and deadlines, columns are cities."""
    names = list(reports)
    rows: list[tuple[str, list[str]]] = [
        ("status", [r.status for r in reports.values()]),
        ("admission", [r.admission.verdict if r.admission else "—" for r in reports.values()]),
        ("document", [(r.disposition.document or "—") if r.disposition else "—" for r in reports.values()]),
        ("if_uncorrected", [r.disposition.if_uncorrected if r.disposition else "—" for r in reports.values()]),
        ("outcome", [r.disposition.outcome if r.disposition else "—" for r in reports.values()]),
    ]
    deadline_rules: list[str] = []
    for report in reports.values():
        deadline_rules.extend(d.rule for d in report.deadlines if d.rule not in deadline_rules)
    for rule in deadline_rules:
        cells = []
        for report in reports.values():
            found = [d for d in report.deadlines if d.rule == rule]
            cells.append(" / ".join(f"{_day(d.due)} {d.status}" for d in found) if found else "—")
        rows.append((rule, cells))
    rows.append(("liabilities", [", ".join(item.item for item in r.liabilities) or "—" for r in reports.values()]))
    label_width = max(len(label) for label, _ in rows)
    widths = [max(display_width(name), *(display_width(cells[i]) for _, cells in rows)) for i, name in enumerate(names)]
    out = ["  ".join([" " * label_width, *(pad(name, w) for name, w in zip(names, widths, strict=True))]).rstrip()]
    out.extend("  ".join([f"{label:<{label_width}}", *(pad(c, w) for c, w in zip(cells, widths, strict=True))])
               .rstrip() for label, cells in rows)
    return "\n".join(out)


def display_width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))
