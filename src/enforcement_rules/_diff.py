"""Profile diff: what changed between two versions of a profile, in legal terms, and which verdicts change."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._batch import line_text, split_lines
from ._calendar import Calendar, national_calendar
from ._case import Case, case_from_json_line, load_case
from ._errors import CaseError, RulesError
from ._evaluate import evaluate
from ._kinds import kind_of
from ._kinds.deadline import DeadlineRule, describe_period
from ._kinds.disposition import DispositionRule, precedence_order
from ._limits import DEFAULT_LIMITS
from ._profile import Profile, RuleBase
from ._report import Report


@dataclass(frozen=True)
class RuleChange:
    rule: str
    change: str  # added | removed | changed
    article: str
    details: tuple[str, ...]

    def __str__(self) -> str:
        head = f"{self.article} {self.rule}"
        if self.change != "changed":
            return f"{head}: {'新增' if self.change == 'added' else '删除'}（{self.change}）" + (
                f" — {self.details[0]}" if self.details else "")
        return "\n".join(f"{head}: {detail}" for detail in self.details)


def diff_profiles(old: Profile, new: Profile) -> list[RuleChange]:
    """Rules added, removed or changed (period, unit, criteria, precedence, citation, text)."""
    changes: list[RuleChange] = []
    for rule_id in [*old.rules, *(r for r in new.rules if r not in old.rules)]:
        before, after = old.rules.get(rule_id), new.rules.get(rule_id)
        if before is None:
            assert after is not None
            changes.append(RuleChange(rule_id, "added", after.citation.label, (kind_of(after).summary(after),)))
        elif after is None:
            changes.append(RuleChange(rule_id, "removed", before.citation.label, (kind_of(before).summary(before),)))
        elif before != after:
            changes.append(RuleChange(rule_id, "changed", after.citation.label, tuple(_rule_details(before, after))))
    changes.extend(RuleChange(key, "changed", "instrument", tuple(
                       _field_details(_dump(old.instruments.get(key)), _dump(new.instruments.get(key)), "")))
                   for key in sorted(set(old.instruments) | set(new.instruments))
                   if old.instruments.get(key) != new.instruments.get(key))
    return changes


def _dump(model: Any) -> Any:
    return None if model is None else model.model_dump(mode="json", by_alias=True)


def _rule_details(before: RuleBase, after: RuleBase) -> Iterator[str]:
    old, new = _dump(before), _dump(after)
    if isinstance(before, DeadlineRule) and isinstance(after, DeadlineRule) and before.period != after.period:
        yield f"{describe_period(before.period)} → {describe_period(after.period)}"
        old.pop("period")
        new.pop("period")
    if isinstance(before, DispositionRule) and isinstance(after, DispositionRule) \
            and precedence_order(before) != precedence_order(after):
        yield f"处理顺序 {precedence_order(before)} → {precedence_order(after)}"
    yield from _field_details(old, new, "")


def _field_details(old: Any, new: Any, path: str) -> Iterator[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            yield from _field_details(old.get(key), new.get(key), f"{path}.{key}" if path else str(key))
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            yield from _field_details(a, b, f"{path}[{index}]")
    elif old != new:
        if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > _LONG:
            before, after = changed_span(old, new)
            yield f"{path}: {before} → {after}"
        else:
            yield f"{path}: {_short(old)} → {_short(new)}"


_LONG = 60
_CONTEXT = 8


def _short(value: Any) -> str:
    text = "—" if value is None else str(value)
    return text if len(text) <= _LONG else text[:_LONG - 3] + "…"


def changed_span(old: str, new: str) -> tuple[str, str]:
    """The part of two long strings that differs, with a little context, ``…`` where text is left out: a
    changed article quotation shows the words that changed, not its unchanged first 60 characters."""
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    start = max(0, prefix - _CONTEXT)

    def shown(text: str) -> str:
        end = min(len(text), len(text) - suffix + _CONTEXT)
        middle = text[start:end]
        if end - start > 2 * _LONG:
            middle = middle[:_LONG] + "…" + middle[-_CONTEXT:]
        return ("…" if start > 0 else "") + (middle or "（空）") + ("…" if end < len(text) else "")

    return shown(old), shown(new)


@dataclass(frozen=True)
class FieldChange:
    """One changed value of a profile: the rule (``None`` for an instrument), the key path, both values."""

    rule: str | None
    path: str
    before: Any
    after: Any


def field_changes(old: Profile, new: Profile) -> list[FieldChange]:
    """Every changed value, whole (for ``diff --json``): a rule added or removed is one change at its root."""
    found: list[FieldChange] = []
    for rule_id in [*old.rules, *(r for r in new.rules if r not in old.rules)]:
        before, after = _dump(old.rules.get(rule_id)), _dump(new.rules.get(rule_id))
        if before != after:
            found.extend(FieldChange(rule_id, path, a, b) for path, a, b in _leaves(before, after, ""))
    for key in sorted(set(old.instruments) | set(new.instruments)):
        before, after = _dump(old.instruments.get(key)), _dump(new.instruments.get(key))
        if before != after:
            found.extend(FieldChange(None, path, a, b) for path, a, b in _leaves(before, after, f"instruments.{key}"))
    return found


def _leaves(old: Any, new: Any, path: str) -> Iterator[tuple[str, Any, Any]]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            yield from _leaves(old.get(key), new.get(key), f"{path}.{key}" if path else str(key))
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            yield from _leaves(a, b, f"{path}[{index}]")
    elif old != new:
        yield path, old, new


# -- verdicts -----------------------------------------------------------------------------------------

@dataclass
class CaseChange:
    case: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (what, before, after)


def verdicts(report: Report) -> dict[str, str]:
    """The parts of a report whose change matters to an analyst: admission, disposition, deadlines, liabilities."""
    found: dict[str, str] = {"status": report.status}
    if report.admission:
        grounds = ",".join(ground.code for ground in report.admission.grounds)
        found["admission"] = report.admission.verdict + (f" ({grounds})" if grounds else "")
    if report.disposition:
        found["outcome"] = report.disposition.outcome
        found["if_uncorrected"] = report.disposition.if_uncorrected
    for deadline in report.deadlines:
        trigger = deadline.trigger.isoformat() if isinstance(deadline.trigger, dt.date) else str(deadline.trigger)
        due = deadline.due.isoformat() if deadline.due else "—"
        found[f"deadline {deadline.rule} ({trigger})"] = f"{due} {deadline.status}"
    found |= {check.rule: check.status for check in report.procedure}
    found |= {check.rule: check.status for check in report.requirements}
    found["liabilities"] = ", ".join(f"{item.rule}→{item.item}" for item in report.liabilities) or "—"
    return found


def load_cases(path: str | os.PathLike[str], *, context: dict[str, Any] | None = None
               ) -> Iterator[tuple[str, Case]]:
    """(name, case) from a folder of case files (``*.yaml``, ``*.yml``, ``*.json``; not its subfolders) or a JSONL
    file."""
    root = Path(path)
    if root.is_dir():
        for file in sorted(p for p in root.glob("*") if p.suffix in {".yaml", ".yml", ".json"} and p.is_file()):
            yield str(file), load_case(file, context=context)
    elif root.suffix == ".jsonl":
        try:
            stream = root.open("rb")
        except OSError as exc:
            raise CaseError(f"cannot read file: {exc.strerror or exc}", file=str(root)) from None
        with stream:
            for number, item in enumerate(split_lines(stream, DEFAULT_LIMITS, str(root)), start=1):
                text = line_text(item, number, str(root), DEFAULT_LIMITS)
                if text.strip():
                    yield f"{root}:{number}", case_from_json_line(text, file=str(root), line=number,
                                                                  context=context)
    elif root.is_file():
        yield str(root), load_case(root, context=context)
    else:
        raise CaseError("no such file or folder", file=str(root))


def diff_verdicts(old: Profile, new: Profile, cases: Iterator[tuple[str, Case]], *, as_of: dt.date,
                  calendar: Calendar | None = None) -> list[CaseChange]:
    """Each case whose verdicts differ under the two profiles, with before and after."""
    calendar = calendar or national_calendar()
    changed: list[CaseChange] = []
    for name, case in cases:
        before, after = _verdicts_or_error(old, case, as_of, calendar), _verdicts_or_error(new, case, as_of, calendar)
        if before == after:
            continue
        entry = CaseChange(case.id or name)
        if "error" in before or "error" in after:
            entry.changes.append(("evaluation", before.get("error", "ok"), after.get("error", "ok")))
            changed.append(entry)
            continue
        for key in [*before, *(k for k in after if k not in before)]:
            if before.get(key) != after.get(key):
                entry.changes.append((key, before.get(key, "—"), after.get(key, "—")))
        changed.append(entry)
    return changed


def _verdicts_or_error(profile: Profile, case: Case, as_of: dt.date, calendar: Calendar) -> dict[str, str]:
    try:
        return verdicts(evaluate(profile, case, as_of=as_of, calendar=calendar))
    except RulesError as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
