"""Short Chinese descriptions of rules, for ``show`` and ``diff``."""

from __future__ import annotations

from ._profile import (
    AdmissionRule,
    AnnualDatePeriod,
    CountedPeriod,
    DeadlineRule,
    DispositionRule,
    LiabilityRule,
    Period,
    ProcedureRule,
    Rule,
)

UNIT_WORDS = {"working_days": "个工作日", "days": "日", "months": "个月", "years": "年"}


def describe_period(period: Period) -> str:
    """``2个月，可延长≤1个月`` / ``每年1月31日前`` / ``期限由文书规定``."""
    if isinstance(period, CountedPeriod):
        text = f"{period.amount}{UNIT_WORDS[period.unit]}"
        if period.bar:
            text += "（限制期，不顺延）"
        if period.extension:
            text += f"，可延长≤{period.extension.max}个月"
        return text
    if isinstance(period, AnnualDatePeriod):
        return f"每年{period.month}月{period.day}日前"
    return {"set_by_document": "期限由文书规定", "undeterminable": "原文未规定期限"}[period.unit]


def precedence_order(rule: DispositionRule) -> str:
    """The disposition criteria in the order they are tried: ``confirm_void > confirm_illegal > …``."""
    return " > ".join(criterion.if_uncorrected for criterion in rule.ordered_criteria)


def summarize(rule: Rule) -> str:
    """One line saying what a rule does."""
    if isinstance(rule, DeadlineRule):
        return f"{rule.title}：{rule.trigger} → {describe_period(rule.period)}{'（权利）' if rule.right else ''}"
    if isinstance(rule, AdmissionRule):
        outcome = rule.ground if rule.stage == "bar" else rule.verdict
        limitation = f"（超过{rule.limitation.years}年）" if rule.limitation else ""
        return f"{rule.title} → {outcome}{limitation}"
    if isinstance(rule, DispositionRule):
        return f"{rule.title}：{rule.document}；逾期未纠正：{precedence_order(rule)}；否则 {rule.otherwise}"
    if isinstance(rule, ProcedureRule):
        return f"{rule.title}（{rule.event}）"
    assert isinstance(rule, LiabilityRule)
    mapped = sum(1 for item in rule.items if item.rules)
    return f"{rule.title}：{len(rule.items)}项，{mapped}项对应期限规则"
