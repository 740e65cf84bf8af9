"""Disposition: the corrective document, what follows if the agency does not correct, and where it stands."""

from __future__ import annotations

from ._facts import CaseView
from ._profile import Criterion, DeadlineRule, DispositionRule, Profile, condition_holds
from ._report import DeadlineStatus, DispositionReport, Ground, Outcome
from ._results import cite, label

_OUTCOME_WORDS = {
    "confirm_void": "确认无效", "confirm_illegal": "确认违法", "revoke": "撤销", "revoke_or_change": "变更或者撤销",
    "order_performance": "责令限期履行", "order_correction": "责令补正或者改正",
    "government_decides": "由有权机关根据行为的性质、程度等情况作出处理决定（引擎不代为选择）",
    "excluded": "不作出监督处理决定（已申请复议或提起诉讼）", "no_decision_ground": "本办法未规定可作出的处理决定",
    "terminate": "终结监督程序",
}


def matches(criterion: Criterion, facts: dict[str, object]) -> bool:
    """All of ``if_all`` and (when given) any of ``if_any`` hold."""
    return (all(condition_holds(c, facts) for c in criterion.if_all)
            and (not criterion.if_any or any(condition_holds(c, facts) for c in criterion.if_any)))


def dispose(profile: Profile, view: CaseView, scope: frozenset[str], deadlines: list[DeadlineStatus],
            explain: list[str]) -> DispositionReport | None:
    rules = [rule for rule in profile.rules_of(DispositionRule).values() if rule.citation.instrument in scope]
    if not rules:
        return None
    rule = rules[0]
    citations = [cite(profile, rule.citation, rule.text)]
    if not view.case.act.defects:
        explain.append(f"行政执法行为未发现违法或者不当情形，{_OUTCOME_WORDS[rule.no_defects]}（{rule.no_defects}）。")
        return DispositionReport(document=None, outcome="terminate", if_uncorrected=rule.no_defects, candidates=[],
                                 grounds=[], citations=citations)
    criterion = next((c for c in rule.ordered_criteria if matches(c, view.facts)), None)
    if criterion is None:
        if_uncorrected, candidates, grounds = rule.otherwise, [], []
        explain.append(f"依据{label(profile, rule.citation)}，逾期未纠正的，{_OUTCOME_WORDS[rule.otherwise]}"
                       f"（{rule.otherwise}）。")
    else:
        if_uncorrected, candidates = criterion.if_uncorrected, list(criterion.candidates)
        cited = cite(profile, criterion.citation, criterion.text)
        citations.append(cited)
        grounds = [Ground(code=code, citation=cited) for code in _matched(criterion, view)]
        explain.append(f"依据{label(profile, criterion.citation)}，逾期未纠正的，{_OUTCOME_WORDS[if_uncorrected]}"
                       f"（{if_uncorrected}" + (f"；可选：{', '.join(candidates)}" if candidates else "") + "）。")
    outcome = _outcome(profile, rule, deadlines, if_uncorrected, explain)
    return DispositionReport(document=rule.document, outcome=outcome, if_uncorrected=if_uncorrected,
                             candidates=candidates, grounds=grounds, citations=citations)


def _matched(criterion: Criterion, view: CaseView) -> list[str]:
    """The case's defects, contexts or remedies that made the criterion hold (all defects when unconditional)."""
    codes: list[str] = []
    for condition in [*criterion.if_all, *criterion.if_any]:
        if not condition_holds(condition, view.facts):
            continue
        ((fact, _),) = condition.items()
        actual = view.facts.get(fact)
        wanted = condition[fact] if isinstance(condition[fact], list) else [condition[fact]]
        if isinstance(actual, frozenset):
            codes.extend(code for code in sorted(actual) if code in wanted and code not in codes)
        else:
            codes.append(f"{fact.rsplit('.', 1)[-1]}:{actual}")
    return codes or sorted(view.case.act.defects)


def _outcome(profile: Profile, rule: DispositionRule, deadlines: list[DeadlineStatus], if_uncorrected: str,
             explain: list[str]) -> Outcome:
    correction = [d for d in deadlines if d.rule == rule.correction_deadline]
    deadline_rule = profile.rules[rule.correction_deadline]
    assert isinstance(deadline_rule, DeadlineRule)
    where = label(profile, deadline_rule.citation)
    if not correction:
        explain.append(f"尚未收到监督文书（{rule.document}），应当依据{label(profile, rule.citation)}制发"
                       f"（issue_corrective_document）。")
        return "issue_corrective_document"
    latest = correction[-1]
    if latest.status in {"set_by_document", "undeterminable"} and latest.done_on is not None:
        explain.append(f"行政执法机关已于 {latest.done_on.isoformat()} 纠正；文书未载明期限，无法判断是否逾期"
                       f"（corrected），依据{where}。")
        return "corrected"
    if latest.status == "met":
        explain.append(f"行政执法机关已按{where}规定的期限纠正（corrected）。")
        return "corrected"
    if latest.status == "late":
        explain.append(f"行政执法机关逾期后纠正（corrected_late），依据{where}。")
        return "corrected_late"
    if latest.status == "overdue":
        explain.append(f"行政执法机关逾期未纠正，依据{where}及处理条款：{_OUTCOME_WORDS[if_uncorrected]}（{if_uncorrected}）。")
        return if_uncorrected  # type: ignore[return-value]
    explain.append(f"纠正期限尚未届满或无法确定，等待纠正（awaiting_correction），依据{where}。")
    return "awaiting_correction"
