"""Human-readable rendering of reports and comparisons (the JSON forms are the models themselves)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ._kinds import kind_of
from ._profile import Profile
from ._report import Report
from ._results import Deadline

if TYPE_CHECKING:
    from ._coverage import CoverageTable
    from ._diff import CaseChange, RuleChange


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
    checked = [r for r in report.requirements if r.status != "not_applicable"]
    if checked:
        lines.append("  要求      " + "；".join(f"{r.rule} {r.status}" for r in checked))
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


def render_deadline(profile: Profile, result: Deadline) -> str:
    """``deadline`` in human form: basis, trigger, due date, explanation and warnings."""
    rule = profile.rules[result.rule]
    trigger = result.trigger.isoformat() if isinstance(result.trigger, dt.date) else f"{result.trigger}年"
    citation = result.citation
    lines = [
        f"{profile.name} · {result.rule} — {rule.title}",
        f"  依据     《{citation.instrument}》{citation.article}{citation.paragraph or ''}{citation.item or ''}",
        f"  起算     {trigger}",
    ]
    if result.status == "ok":
        nominal = result.nominal_due.isoformat() if result.nominal_due else ""
        due = result.due.isoformat() if result.due else ""
        if result.rolled:
            lines.append(f"  名义届满 {nominal}")
        lines.append(f"  届满日   {due}{'（顺延）' if result.rolled else ''}"
                     f"{'  [provisional]' if result.provisional else ''}")
    else:
        lines.append(f"  状态     {result.status}")
    lines.append(f"  说明     {result.explanation}")
    lines.extend(f"  警告     [{w.code}] {w.message}" for w in result.warnings)
    return "\n".join(lines)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def render_profile(profile: Profile) -> str:
    """``show``: the layers, instruments and rules of a profile, one line a rule with its layer."""
    chain = " ← ".join(reversed(profile.chain))
    lines = [f"{profile.name} — {profile.city or profile.layer}  ({profile.path})", f"  layers: {chain}",
             "", "Instruments"]
    for key, inst in profile.instruments.items():
        validity = f"{_iso(inst.first_day) or '未定'} – {_iso(inst.effective_until)}".rstrip()
        rank = f" {inst.rank}" if inst.rank else ""
        lines.append(f"  {key}: 《{inst.title}》 {inst.document_number or ''}  [{inst.status}{rank}] {validity}")
        lines.extend(f"      注：{note}" for note in inst.notes)
    lines.extend(f"  注：{note}" for note in profile.notes)
    lines += ["", "Rules"]
    width = max((len(rule_id) for rule_id in profile.rules), default=0)
    for rule_id, rule in profile.rules.items():
        article = f"{rule.citation.instrument}:{rule.citation.label}"
        layer = profile.layer_of(rule_id)
        origin = f"  [{layer}]" if layer != profile.name else ""
        lines.append(f"  {rule_id:<{width}}  {rule.kind:<11} {pad(article, 30)} {kind_of(rule).summary(rule)}{origin}")
    if not profile.rules:
        lines.append("  (none)")
    for rule_id, disabled in profile.disabled.items():
        lines.append(f"  {rule_id:<{width}}  disabled by {disabled.layer}: {disabled.reason}")
    return "\n".join(lines)


def render_coverage(table: CoverageTable) -> str:
    """``coverage``: one line an article, then the percentages."""
    lines = [f"{table.profile} — coverage of its sources"]
    for instrument in table.instruments:
        lines.append(f"\n《{instrument.title}》 ({instrument.source})")
        width = max((display_width(a.article) for a in instrument.articles), default=0)
        for article in instrument.articles:
            detail = ", ".join(article.rules) if article.status == "encoded" else (article.reason or "")
            lines.append(f"  {pad(article.article, width)}  {article.status:<13} {detail}")
    totals = table.totals
    lines.append(f"\n{table.articles} articles: " + ", ".join(
        f"{status} {count} ({100 * count / max(table.articles, 1):.0f}%)" for status, count in totals.items()))
    return "\n".join(lines)


def render_diff(old: Profile, new: Profile, rules: list[RuleChange], cases: list[CaseChange] | None) -> str:
    """``diff``: the rules that changed, then the cases whose verdicts change."""
    lines = [f"规则变化（{old.path} → {new.path}）：" if rules else "规则无变化。"]
    lines.extend("  " + str(change).replace("\n", "\n  ") for change in rules)
    if cases is not None:
        lines.append(f"结论变化的案件：{len(cases)}" if cases else "没有案件的结论发生变化。")
        for case in cases:
            lines.append(f"  {case.case}")
            lines.extend(f"    {what}: {before} → {after}" for what, before, after in case.changes)
    return "\n".join(lines)
