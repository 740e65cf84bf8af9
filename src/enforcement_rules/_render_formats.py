"""A report rendered for people: plain text (the CLI's form), Markdown, or an HTML fragment."""

from __future__ import annotations

import datetime as dt
import html
from typing import Literal

from ._render import render_report as _render_text
from ._report import Report

Format = Literal["text", "markdown", "html"]


def render_report(report: Report, format: Format = "text", *, case_id: str | None = None) -> str:
    """The report as ``text`` (what ``evaluate`` prints), ``markdown`` or ``html`` (a fragment, escaped)."""
    if format == "text":
        return _render_text(report, case_id)
    if format == "markdown":
        return _markdown(report, case_id)
    if format == "html":
        return _html(report, case_id)
    raise ValueError(f"unknown format {format!r}; expected text, markdown or html")


def _day(value: dt.date | int | None) -> str:
    if value is None:
        return "—"
    return value.isoformat() if isinstance(value, dt.date) else f"{value}年"


def _rows(report: Report) -> list[tuple[str, list[tuple[str, ...]], tuple[str, ...]]]:
    """The report's sections as (title, rows, header)."""
    sections: list[tuple[str, list[tuple[str, ...]], tuple[str, ...]]] = []
    if report.admission is not None:
        sections.append(("立案", [(report.admission.verdict, ", ".join(g.code for g in report.admission.grounds)
                                   or "—")], ("verdict", "grounds")))
    if report.deadlines:
        sections.append(("期限", [(d.rule, _day(d.trigger), _day(d.due), _day(d.done_on), d.status,
                                   "yes" if d.provisional else "") for d in report.deadlines],
                         ("rule", "trigger", "due", "done", "status", "provisional")))
    if report.disposition is not None:
        dp = report.disposition
        sections.append(("处理", [(dp.outcome, dp.document or "—", dp.if_uncorrected,
                                   ", ".join(dp.candidates) or "—")],
                         ("outcome", "document", "if uncorrected", "candidates")))
    applicable = [p for p in report.procedure if p.status != "not_applicable"]
    if applicable:
        sections.append(("程序", [(p.rule, p.status) for p in applicable], ("rule", "status")))
    if report.liabilities:
        sections.append(("责任", [(item.rule, item.item) for item in report.liabilities], ("rule", "item")))
    if report.warnings:
        sections.append(("警告", [(w.code, w.message) for w in report.warnings], ("code", "message")))
    return sections


def _head(report: Report, case_id: str | None) -> str:
    return (f"{report.profile}{' · ' + case_id if case_id else ''} · as of {report.as_of.isoformat()} · "
            f"{report.status}")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(report: Report, case_id: str | None) -> str:
    lines = [f"## {_cell(_head(report, case_id))}"]
    for title, rows, header in _rows(report):
        lines += ["", f"### {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    lines += ["", "### 说明", ""]
    lines += [f"- {_cell(sentence)}" for sentence in report.explanation]
    return "\n".join(lines) + "\n"


def _html(report: Report, case_id: str | None) -> str:
    e = html.escape
    out = [f'<section class="enforcement-report"><h2>{e(_head(report, case_id))}</h2>']
    for title, rows, header in _rows(report):
        out.append(f"<h3>{e(title)}</h3><table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in header)
                   + "</tr></thead><tbody>")
        out.extend("<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in row) + "</tr>" for row in rows)
        out.append("</tbody></table>")
    out.append("<h3>说明</h3><ul>" + "".join(f"<li>{e(s)}</li>" for s in report.explanation) + "</ul></section>")
    return "\n".join(out) + "\n"
