"""Findings, then words: the one place that turns structured findings into sentences, in Chinese (the law's
language) or English. Nothing else in the engine formats a sentence about the law.

Codes' own meanings (outcomes, verdicts, documents …) come from the profile's vocabulary.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ._choices import Language
from ._profile import Profile
from ._report import Finding
from ._results import CitedArticle

_UNITS = {"zh": {"working_days": "个工作日", "days": "日", "months": "个月", "years": "年"},
          "en": {"working_days": " working days", "days": " days", "months": " months", "years": " years"}}
_STATES = {
    "zh": {"met": "已按期完成", "late": "逾期完成", "overdue": "已逾期未完成", "pending": "尚在期限内",
           "lapsed": "期限已过，未行使（权利失效）或限制期已届满", "violated": "在限制期内实施了被禁止的行为",
           "undeterminable": "期限无法确定", "set_by_document": "期限由文书规定，文书未载明",
           "not_in_force": "不在有效期内"},
    "en": {"met": "done in time", "late": "done late", "overdue": "overdue, not done", "pending": "still running",
           "lapsed": "passed unexercised (a right lapses) or the bar has run out",
           "violated": "the barred act was done inside the bar", "undeterminable": "the period cannot be determined",
           "set_by_document": "set by the document, which names none", "not_in_force": "not in force"},
}
_STATES_ZH = _STATES["zh"]
_CHECKS = {
    "zh": {"complied": "符合", "violated": "违反", "undetermined": "案件未载明相关事实，无法判断",
           "undeterminable": "案件未载明相关事实，无法判断", "not_applicable": "不适用"},
    "en": {"complied": "complied with", "violated": "violated", "undetermined": "the case does not state the facts",
           "undeterminable": "the case does not state the facts", "not_applicable": "not applicable"},
}
_PRINCIPLES = {"zh": {"superior_law": "上位法优先", "special_law": "特别法优先", "later_law": "新法优先"},
               "en": {"superior_law": "lex superior", "special_law": "lex specialis", "later_law": "lex posterior"}}
_NOT_SET = {
    "zh": {"undeterminable": "原文未规定具体期限，本引擎不推定期限",
           "set_by_document": "期限由监督文书（通知书、督办函或意见书）规定，须以文书载明的期限为准"},
    "en": {"undeterminable": "the text sets no period; the engine does not guess one",
           "set_by_document": "the period is the one the supervision document names"},
}


def label(citation: CitedArticle | None, language: Language = "zh") -> str:
    """《标题》第X条第Y款第（Z）项 — how a sentence cites an article (made once per citation object: the
    evaluator shares one per rule)."""
    if citation is None:
        return ""
    labels = _LABELS[language]
    known = labels.get(id(citation))
    if known is not None and known[0] is citation:
        return known[1]
    where = f"{citation.article}{citation.paragraph or ''}{citation.item or ''}"
    text = f"《{citation.instrument}》{where}" if language == "zh" else f"{citation.instrument}, {where}"
    if len(labels) >= _LABELS_KEPT:
        labels.clear()
    labels[id(citation)] = (citation, text)  # keeps the citation alive: its id is not reused while remembered
    return text


_LABELS: dict[Language, dict[int, tuple[CitedArticle, str]]] = {"zh": {}, "en": {}}
"""language → id(citation) → (the citation, its label)"""
_LABELS_KEPT = 10_000


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# -- deadline arithmetic -------------------------------------------------------------------------------

def step_words(step: dict[str, Any], language: Language = "zh") -> str:  # noqa: PLR0911 - one per step
    """One step of a period's arithmetic (``_kinds.deadline.Computed.steps``). A date formats as ISO in an
    f-string (``date.__str__``), as ``_day`` would write it; a step read back from JSON holds the ISO text."""
    kind = step["step"]
    units = _UNITS[language]
    if language == "en":
        start = f"from {step.get('start')} (that day not counted, C1)"
        if kind == "annual":
            return f"by {step['month']}/{step['day']} every year (inclusive, C5/C6): {step['nominal']}"
        if kind == "bar":
            return (f"{start} {step['amount']}{units[step['unit']]} is a bar ending {step['end']} "
                    "(C9: never rolled, no calendar)")
        if kind == "working_days":
            return f"{start} the {step['amount']}th working day is {step['due']} (C2: never rolled)"
        if kind == "counted":
            return f"{start} {step['amount']}{units[step['unit']]} end on {step['nominal']}"
        if kind == "rolled":
            return f"{step['nominal']} is a rest day, rolled to {step['due']} (Civil Code art. 203)"
        return (f"extended by {step['months']} months (at most {step['max']}) from {step['from']} to "
                f"{step['nominal']} (C7)")
    if kind == "rolled":
        return f"{step['nominal']} 为{step['reason']}，顺延至 {step['due']}（民法典第二百零三条）"
    start = f"自 {step.get('start')} 起（当日不计入，C1）"
    if kind == "annual":
        return (f"每年{step['month']}月{step['day']}日前（含当日，C5/C6），{step['year']}年的期限为 "
                f"{step['nominal']}")
    if kind == "bar":
        after = step["end"] + dt.timedelta(days=1)
        return (f"{start}{step['amount']}{units[step['unit']]}内为限制期，至 {step['end']} 届满"
                f"（C9：不顺延，不适用工作日历），自 {after} 起限制解除")
    if kind == "working_days":
        return f"{start}第{step['amount']}个工作日为 {step['due']}（C2：工作日期间不顺延）"
    if kind == "counted":
        note = "C3" if step["unit"] == "days" else "C4：对应日，无对应日的为月末"
        return f"{start}{step['amount']}{units[step['unit']]}，期间届满日为 {step['nominal']}（{note}）"
    return (f"经批准延长{step['months']}个月（上限{step['max']}个月），自原期限届满日 {step['from']} 起算，"
            f"延长后届满日为 {step['nominal']}（C7）")


def computation(citation: CitedArticle, steps: Sequence[dict[str, Any]], notes: Sequence[str], *,
                period: str, language: Language = "zh") -> str:
    """The explanation of one due date (``due_date``'s ``explanation``; a deadline finding's first part)."""
    if period in _NOT_SET[language]:
        basis = f"依据{label(citation)}" if language == "zh" else f"Under {label(citation, language)}"
        return f"{basis}：{_NOT_SET[language][period]}。" if language == "zh" else \
            f"{basis}: {_NOT_SET[language][period]}."
    if language == "en":
        parts = [f"Under {label(citation, language)}", *(step_words(s, language) for s in steps)]
        if notes:
            parts.append("provisional: " + "; ".join(notes))
        return "; ".join(parts) + "."
    sentences = [f"依据{label(citation)}", *(step_words(s) for s in steps)]
    if notes:
        sentences.append("结果为临时性结果：" + "；".join(notes))
    return "，".join(sentences[:2]) + "".join(f"；{s}" for s in sentences[2:]) + "。"


def not_in_force(instrument: str, start: str | None, end: str | None, day: str, language: Language = "zh") -> str:
    if language == "en":
        return (f"{day} is outside the validity of {instrument} (from {start or 'unknown'} until {end or 'none'}): "
                "it does not apply (not_in_force).")
    return (f"{day} 不在《{instrument}》的有效期内（施行日期 {start or '未定'}，终止日期 {end or '无'}），"
            "其规定不适用（not_in_force）。")


# -- findings ----------------------------------------------------------------------------------------------

Render = Callable[[Finding, Profile, Language], str]


_COMPUTATIONS: dict[Language, dict[int, tuple[object, object, str]]] = {"zh": {}, "en": {}}
"""language → id(steps) → (the steps, the citation, the words)"""
_COMPUTATIONS_KEPT = 20_000


def _computation(finding: Finding, language: Language) -> str:
    """``computation`` for a deadline finding, without its full stop (a deadline's sentence goes on), remembered by
    the identity of its (cached, shared) steps: a batch meets the same period from the same trigger again and
    again. The entry keeps the steps and the citation alive, so their ids cannot be reused while it is
    remembered."""
    facts, citation = finding.facts, finding.citation
    assert citation is not None
    steps, notes = facts.get("steps", ()), facts.get("notes", ())
    known = _COMPUTATIONS[language]
    key = id(steps)
    hit = known.get(key)
    if hit is not None and hit[0] is steps and hit[1] is citation and not notes:
        return hit[2]
    text = computation(citation, steps, notes, period=facts["period"], language=language).rstrip(
        "。" if language == "zh" else ".")
    if len(known) >= _COMPUTATIONS_KEPT:
        known.clear()
    if not notes:
        known[key] = (steps, citation, text)
    return text


def _deadline(language: Language, finding: Finding, _profile: Profile) -> str:
    # (the day done formats as ISO in the f-string, as ``_day`` would write it: hot, several per case)
    status = finding.facts["status"]
    done = finding.dates.get("done_on")
    if language == "en":
        return f"{_computation(finding, language)}; " + (f"done on {done}, " if done else "") + \
            f"{_STATES['en'][status]} ({finding.rule}: {status})."
    return f"{_computation(finding, language)}；" + (f"于 {done} 完成，" if done else "") + \
        f"{_STATES_ZH[status]}（{finding.rule}: {status}）。"


def _document_deadline(language: Language, finding: Finding, _profile: Profile) -> str:
    dates, status = finding.dates, finding.facts["status"]
    done = dates.get("done_on")
    if language == "en":
        return (f"Under {label(finding.citation, language)}, the document received on {_day(dates['received'])} "
                f"sets {_day(dates['due'])} (inclusive, never rolled); " + (f"done on {_day(done)}, " if done else "")
                + f"{_STATES['en'][status]} ({finding.rule}: {status}).")
    return (f"依据{label(finding.citation)}，期限由文书规定：{_day(dates['received'])} 收到的文书要求于 "
            f"{_day(dates['due'])} 前处理（含当日，不顺延）；" + (f"于 {_day(done)} 完成，" if done else "")
            + f"{_STATES['zh'][status]}（{finding.rule}: {status}）。")


def _breach_words(finding: Finding, language: Language) -> str:
    """How a breach reads: a deadline's state, or (a requirement, prohibition or procedure) its violation."""
    status = finding.facts["status"]
    if status == "violated" and finding.facts.get("kind", "deadline") != "deadline":
        return "违反该项规定" if language == "zh" else "violated"
    return _STATES[language][status]


def _outcome_words(profile: Profile, code: str, language: Language) -> str:
    return profile.label("outcomes", code, language)


def _codes(value: Any) -> str:
    return "、".join(str(v) for v in value) if isinstance(value, list) else str(value)


def _present(finding: Finding) -> str:
    """The case's own values behind a finding: list facts by their codes, others as fact=value."""
    shown: list[str] = []
    for fact, value in finding.facts.items():
        if "." not in fact and fact not in {"exceptions", "bars"}:
            continue
        shown.extend(map(str, value) if isinstance(value, list) else [f"{fact}={value}"])
    return "、".join(shown)


_ZH: dict[str, Callable[[Finding, Profile], str]] = {
    "not_in_force": lambda f, p: not_in_force(f.facts["instrument"], f.facts["from"], f.facts["until"],
                                              _day(f.dates["day"])),
    "set_aside": lambda f, p: (f"{_day(f.dates['day'])}：{f.rule} 与 {f.facts['winner']}"
                               f"（《{f.facts['winner_instrument']}》）"
                               f"规定同一事项（{f.facts['topic']}），依{_PRINCIPLES['zh'][f.facts['principle']]}适用后者，"
                               f"{f.rule} 不予适用。"),
    "extension_too_late": lambda f, p: (f"{_day(f.dates['approved'])} 批准的延长晚于原期限届满日 "
                                        f"{_day(f.dates['end'])}，不发生延长效力（{label(f.citation)}："
                                        f"{f.citation.text if f.citation else ''}）。"),
    "routed": lambda f, p: f"依据{label(f.citation)}，{f.facts['title']}：{f.facts['verdict']}。",
    "barred": lambda f, p: f"依据{label(f.citation)}，{f.facts['title']}，不予立案（{f.facts['ground']}）。",
    "limitation_unknown": lambda f, p: (f"未提供{f.facts['from']}，无法依据{label(f.citation)}判断是否超过"
                                        f"{f.facts['years']}年。"),
    "limitation_lifted": lambda f, p: (f"行政执法行为作出于 {_day(f.dates['from'])}，至 {_day(f.dates['to'])} 已超过"
                                       f"{f.facts['years']}年（届满日 {_day(f.dates['anniversary'])}），但存在除外情形"
                                       f"（{_present(f)}），依据{label(f.citation)}不因超过期限而不予立案。"),
    "limitation_exceeded": lambda f, p: (f"依据{label(f.citation)}，行政执法行为作出于 {_day(f.dates['from'])}，至 "
                                         f"{_day(f.dates['to'])} 已超过{f.facts['years']}年"
                                         f"（{_day(f.dates['anniversary'])}"
                                         f" 届满，C8），不予立案（{f.facts['ground']}）。"),
    "admitted": lambda f, p: "未发现不予立案情形，予以立案（admit）。",
    "admit_no_articles": lambda f, p: f"{f.facts['city']}的监督办法未规定不予立案或分流情形，予以立案（admit）。",
    "no_defects": lambda f, p: (f"行政执法行为未发现违法或者不当情形，{_outcome_words(p, f.facts['outcome'], 'zh')}"
                                f"（{f.facts['outcome']}）。"),
    "if_uncorrected": lambda f, p: (f"依据{label(f.citation)}，逾期未纠正的，"
                                    f"{_outcome_words(p, f.facts['outcome'], 'zh')}"
                                    f"（{f.facts['outcome']}"
                                    + (f"；可选：{', '.join(f.facts['candidates'])}" if f.facts['candidates'] else "")
                                    + "）。"),
    "issue_corrective_document": lambda f, p: (f"尚未收到监督文书（{f.facts['document']}），应当依据{label(f.citation)}"
                                               "制发（issue_corrective_document）。"),
    "corrected_period_unknown": lambda f, p: (f"行政执法机关已于 {_day(f.dates['done_on'])} 纠正；"
                                              "文书未载明期限，无法判断"
                                              f"是否逾期（corrected），依据{label(f.citation)}。"),
    "corrected": lambda f, p: f"行政执法机关已按{label(f.citation)}规定的期限纠正（corrected）。",
    "corrected_late": lambda f, p: f"行政执法机关逾期后纠正（corrected_late），依据{label(f.citation)}。",
    "uncorrected": lambda f, p: (f"行政执法机关逾期未纠正，依据{label(f.citation)}及处理条款："
                                 f"{_outcome_words(p, f.facts['outcome'], 'zh')}（{f.facts['outcome']}）。"),
    "awaiting_correction": lambda f, p: ("纠正期限尚未届满或无法确定，等待纠正（awaiting_correction），"
                                         f"依据{label(f.citation)}。"),
    "procedure": lambda f, p: (f"依据{label(f.citation)}，{f.facts['title']}（{_day(f.dates['event'])}）："
                               f"{_CHECKS['zh'][f.facts['status']]}（{f.rule}: {f.facts['status']}）。"),
    "requirement": lambda f, p: (f"依据{label(f.citation)}，{f.facts['title']}："
                                 f"{_CHECKS['zh'][f.facts['status']]}（{f.rule}: {f.facts['status']}）。"),
    "prohibited": lambda f, p: (f"依据{label(f.citation)}，{f.facts['title']}：{_day(f.dates['event'])} 发生被禁止的"
                                f" {f.facts['event']}（{f.rule}: violated）。"),
    "liability": lambda f, p: (f"{f.facts['breached']} {_breach_words(f, 'zh')}，"
                               f"属于《{f.facts['instrument']}》"
                               f"{f.facts['item']}情形：{f.facts['sanction']}。"),
    "late_without_liability": lambda f, p: (f"{f.rule} 逾期完成；责任条款中没有以逾期完成为要件的项，不产生责任"
                                            "（仅作记录）。"),
}

_EN: dict[str, Callable[[Finding, Profile], str]] = {
    "not_in_force": lambda f, p: not_in_force(f.facts["instrument"], f.facts["from"], f.facts["until"],
                                              _day(f.dates["day"]), "en"),
    "set_aside": lambda f, p: (f"{f.rule} and {f.facts['winner']} ({f.facts['winner_instrument']}) govern the same "
                               f"matter ({f.facts['topic']}); by {_PRINCIPLES['en'][f.facts['principle']]} the latter "
                               "applies."),
    "extension_too_late": lambda f, p: (f"The extension approved on {_day(f.dates['approved'])} came after the period "
                                        f"ended on {_day(f.dates['end'])}: it extends nothing."),
    "routed": lambda f, p: f"Under {label(f.citation, 'en')}: {f.facts['verdict']}.",
    "barred": lambda f, p: f"Under {label(f.citation, 'en')} the case is not filed ({f.facts['ground']}).",
    "limitation_unknown": lambda f, p: (f"{f.facts['from']} is not stated: whether more than {f.facts['years']} years "
                                        f"have passed under {label(f.citation, 'en')} cannot be told."),
    "limitation_lifted": lambda f, p: (f"More than {f.facts['years']} years passed from {_day(f.dates['from'])} to "
                                       f"{_day(f.dates['to'])}, but an exception applies ({_present(f)})."),
    "limitation_exceeded": lambda f, p: (f"Under {label(f.citation, 'en')}, more than {f.facts['years']} years passed "
                                         f"from {_day(f.dates['from'])} to {_day(f.dates['to'])} (anniversary "
                                         f"{_day(f.dates['anniversary'])}, C8): not filed ({f.facts['ground']})."),
    "admitted": lambda f, p: "No bar to filing: admitted (admit).",
    "admit_no_articles": lambda f, p: f"{f.facts['city']} sets no bar or routing: admitted (admit).",
    "no_defects": lambda f, p: f"The act has no defect: {_outcome_words(p, f.facts['outcome'], 'en')}.",
    "if_uncorrected": lambda f, p: (f"Under {label(f.citation, 'en')}, if not corrected in time: "
                                    f"{_outcome_words(p, f.facts['outcome'], 'en')} ({f.facts['outcome']})."),
    "issue_corrective_document": lambda f, p: f"No {f.facts['document']} received yet: it is to be issued.",
    "corrected_period_unknown": lambda f, p: f"Corrected on {_day(f.dates['done_on'])}; the document names no period.",
    "corrected": lambda f, p: f"Corrected in time under {label(f.citation, 'en')}.",
    "corrected_late": lambda f, p: f"Corrected late under {label(f.citation, 'en')}.",
    "uncorrected": lambda f, p: f"Not corrected in time: {_outcome_words(p, f.facts['outcome'], 'en')}.",
    "awaiting_correction": lambda f, p: "The period to correct is still running or cannot be told.",
    "procedure": lambda f, p: (f"Under {label(f.citation, 'en')}, {f.facts['event']} on {_day(f.dates['event'])}: "
                               f"{_CHECKS['en'][f.facts['status']]} ({f.rule}: {f.facts['status']})."),
    "requirement": lambda f, p: (f"Under {label(f.citation, 'en')}: {_CHECKS['en'][f.facts['status']]} "
                                 f"({f.rule}: {f.facts['status']})."),
    "prohibited": lambda f, p: (f"Under {label(f.citation, 'en')}, a forbidden {f.facts['event']} happened on "
                                f"{_day(f.dates['event'])} ({f.rule}: violated)."),
    "liability": lambda f, p: (f"{f.facts['breached']} {_breach_words(f, 'en')}: {f.facts['item']} of "
                               f"{f.facts['instrument']} applies: {f.facts['sanction']}."),
    "late_without_liability": lambda f, p: f"{f.rule} was done late; no liability item names late performance.",
}


def _by_status(language: Language, code: str) -> Callable[[Finding, Profile], str]:
    """A code whose words depend only on the rule (its citation and title) and the status: remembered per
    profile."""
    render = (_ZH if language == "zh" else _EN)[code]

    def remembered(finding: Finding, profile: Profile) -> str:
        memo: dict[tuple[str, str | None, str, str], str] = profile.memo.setdefault("words by status", {})
        key = (code, finding.rule, finding.facts["status"], language)
        text = memo.get(key)
        if text is None:
            text = memo[key] = render(finding, profile)
        return text

    return remembered


def _unknown(finding: Finding, _profile: Profile) -> str:
    return f"{finding.rule}: {finding.code}"


def _table(language: Language) -> dict[str, Callable[[Finding, Profile], str]]:
    return {**(_ZH if language == "zh" else _EN), "deadline": functools.partial(_deadline, language),
            "document_deadline": functools.partial(_document_deadline, language),
            "requirement": _by_status(language, "requirement")}


_RENDER = {"zh": _table("zh"), "en": _table("en")}
"""language → finding code → its words (one look-up per finding: a batch words millions)"""


def sentence(finding: Finding, profile: Profile, language: Language = "zh") -> str:
    """One finding in words."""
    return _RENDER[language].get(finding.code, _unknown)(finding, profile)


def explain(findings: Iterable[Finding], profile: Profile, language: Language = "zh") -> list[str]:
    """The explanation of a report: its findings in words, in order."""
    render = _RENDER[language].get
    return [render(finding.code, _unknown)(finding, profile) for finding in findings]
