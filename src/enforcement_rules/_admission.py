"""Admission (立案): complaint routing by precedence, then every 不予立案 bar (weihai 第二十七、二十八、三十五条)."""

from __future__ import annotations

from ._facts import CaseView
from ._periods import add_years, limitation_exceeded
from ._profile import AdmissionRule, Profile, condition_holds
from ._report import Admission, Ground
from ._results import cite, label


def admit(profile: Profile, view: CaseView, scope: frozenset[str], explain: list[str]) -> Admission | None:
    """The first routing step that applies decides; else every bar found rejects; else admit. ``None`` when the
    profile's admission articles are not in force for the matter."""
    if not profile.rules_of(AdmissionRule):
        explain.append(f"{profile.city}的监督办法未规定不予立案或分流情形，予以立案（admit）。")
        return Admission(verdict="admit", grounds=[])
    routing, bars = _plan(profile, scope)
    if not routing and not bars:
        return None
    for rule in routing:
        if any(condition_holds(condition, view.facts) for condition in rule.if_any):
            explain.append(f"依据{label(profile, rule.citation)}，{rule.title}：{rule.verdict}。")
            return Admission(verdict=rule.verdict,
                             grounds=[Ground(code=rule.verdict, citation=cite(profile, rule.citation, rule.text))])
    grounds = []
    for rule in bars:
        if _bar_applies(profile, rule, view, explain):
            assert rule.ground is not None
            grounds.append(Ground(code=rule.ground, citation=cite(profile, rule.citation, rule.text)))
    if grounds:
        return Admission(verdict="reject", grounds=grounds)
    explain.append("未发现不予立案情形，予以立案（admit）。")
    return Admission(verdict="admit", grounds=[])


def _plan(profile: Profile, scope: frozenset[str]) -> tuple[list[AdmissionRule], list[AdmissionRule]]:
    """The routing steps in precedence order and the bars, of the instruments in force (worked out once)."""
    key = ("admission", scope)
    plan = profile.memo.get(key)
    if plan is None:
        rules = [rule for rule in profile.rules_of(AdmissionRule).values() if rule.citation.instrument in scope]
        routing = sorted((rule for rule in rules if rule.stage == "routing"), key=lambda rule: rule.precedence or 0)
        plan = profile.memo[key] = (routing, [rule for rule in rules if rule.stage == "bar"])
    return plan


def _bar_applies(profile: Profile, rule: AdmissionRule, view: CaseView, explain: list[str]) -> bool:
    if any(condition_holds(condition, view.facts) for condition in rule.if_any):
        explain.append(f"依据{label(profile, rule.citation)}，{rule.title}，不予立案（{rule.ground}）。")
        return True
    limitation = rule.limitation
    if limitation is None:
        return False
    where = label(profile, rule.citation)
    start = view.case.act.decided_on
    if start is None:
        explain.append(f"未提供行政执法行为作出日期（act.decided_on），无法依据{where}判断是否超过"
                       f"{limitation.years}年。")
        return False
    end = view.limitation_end
    anniversary = add_years(start, limitation.years)
    if not limitation_exceeded(start, end, limitation.years):
        return False
    lifted = [condition for condition in rule.unless_any if condition_holds(condition, view.facts)]
    if lifted:
        explain.append(f"行政执法行为作出于 {start.isoformat()}，至 {end.isoformat()} 已超过{limitation.years}年"
                       f"（届满日 {anniversary.isoformat()}），但存在除外情形"
                       f"（{'、'.join(_present(lifted, view))}），依据{where}不因超过期限而不予立案。")
        return False
    explain.append(f"依据{where}，行政执法行为作出于 {start.isoformat()}，至 {end.isoformat()} 已超过"
                   f"{limitation.years}年（{anniversary.isoformat()} 届满，C8），不予立案（{rule.ground}）。")
    return True


def _present(conditions: list[dict[str, object]], view: CaseView) -> list[str]:
    """The case's own values that made each condition hold."""
    found: list[str] = []
    for condition in conditions:
        ((fact, _),) = condition.items()
        actual = view.facts.get(fact)
        found.extend(sorted(actual) if isinstance(actual, frozenset) else [f"{fact}={actual}"])
    return found
