"""Deadlines of a case: periods started and met by its events, and the agency's listed obligations."""

from __future__ import annotations

import datetime as dt

from ._calendar import Calendar
from ._case import CorrectiveDocumentReceived, Event, ExtensionApproved
from ._deadlines import deadline_rule, resolve_cached, validity_words
from ._errors import CaseError, InvalidInputError
from ._facts import CaseView
from ._periods import roll
from ._profile import CountedPeriod, DeadlineEvents, DeadlineRule, DocumentPeriod, Profile
from ._report import DeadlineState, DeadlineStatus
from ._results import ReportWarning, cite, label

_STATE_WORDS = {"met": "已按期完成", "late": "逾期完成", "overdue": "已逾期未完成", "pending": "尚在期限内",
                "lapsed": "期限已过，未行使（权利失效）或限制期已届满", "violated": "在限制期内实施了被禁止的行为",
                "undeterminable": "期限无法确定", "set_by_document": "期限由文书规定，文书未载明",
                "not_in_force": "不在有效期内"}


def state(due: dt.date, done_on: dt.date | None, as_of: dt.date, *, right: bool, bar: bool = False) -> DeadlineState:
    """C6: done on the due date is on time; a right never exercised in time lapses. A bar (C9) runs until ``due``:
    the act it forbids (``done_on``, e.g. 重新申领) inside it is ``violated``, after it ``met``; with no such act
    it is ``pending`` while it runs and ``lapsed`` once it has run out."""
    if bar:
        if done_on is not None:
            return "met" if done_on > due else "violated"
        return "lapsed" if as_of > due else "pending"
    if done_on is not None:
        return "met" if done_on <= due else "late"
    if as_of > due:
        return "lapsed" if right else "overdue"
    return "pending"


class Lifecycle:
    """Computes every deadline of one case under one profile, collecting explanations and warnings."""

    def __init__(self, profile: Profile, view: CaseView, calendar: Calendar, explain: list[str],
                 warnings: list[ReportWarning]) -> None:
        self.profile = profile
        self.view = view
        self.calendar = calendar
        self.explain = explain
        self.warnings = warnings

    def from_events(self) -> list[DeadlineStatus]:
        results: list[DeadlineStatus] = []
        for rule_id, rule, events in _event_rules(self.profile):
            starts = [event for event in self.view.of_type(events.start)
                      if not events.documents or getattr(event, "document", None) in events.documents]
            dones = self.view.of_type(events.done)
            for start in starts:
                done = next((event for event in dones if event.on >= start.on), None)
                if done is not None:
                    dones.remove(done)
                results.append(self._event_deadline(rule_id, rule, start, done.on if done else None))
        return results

    def from_obligations(self, *, skip_unknown: bool = False) -> list[DeadlineStatus]:
        results: list[DeadlineStatus] = []
        for index, obligation in enumerate(self.view.case.obligations):
            path = f"obligations[{index}]"
            if not isinstance(self.profile.rules.get(obligation.rule), DeadlineRule):
                if skip_unknown:
                    self.warnings.append(ReportWarning(
                        code="obligation_not_in_profile",
                        message=f"{path}: {obligation.rule} 不是{self.profile.city}监督办法的期限规则，未评价"))
                    continue
                try:
                    deadline_rule(self.profile, obligation.rule)
                except InvalidInputError as exc:
                    raise CaseError(str(exc), key=f"{path}.rule") from None
            trigger: dt.date | int | None = obligation.trigger if obligation.trigger is not None else obligation.year
            assert trigger is not None
            done_on = obligation.done_on if obligation.done_on and obligation.done_on <= self.view.as_of else None
            try:
                results.append(self._deadline(obligation.rule, trigger, done_on))
            except InvalidInputError as exc:
                raise CaseError(str(exc), key=path) from None
        return results

    def _event_deadline(self, rule_id: str, rule: DeadlineRule, start: Event,
                        done_on: dt.date | None) -> DeadlineStatus:
        if isinstance(rule.period, DocumentPeriod) and isinstance(start, CorrectiveDocumentReceived) \
                and start.deadline is not None:
            return self._document_deadline(rule_id, rule, start, start.deadline, done_on)
        extension = self._extension(rule_id, rule, start.on)
        return self._deadline(rule_id, start.on, done_on, extension)

    def _extension(self, rule_id: str, rule: DeadlineRule, start: dt.date) -> int | None:
        period = rule.period
        if not isinstance(period, CountedPeriod) or period.extension is None:
            return None
        approved = [(index, event) for index, event in enumerate(self.view.case.events)
                    if isinstance(event, ExtensionApproved) and event.on >= start and event.on <= self.view.as_of]
        if not approved:
            return None
        total = sum(event.months for _, event in approved)
        if total > period.extension.max:
            raise CaseError(f"extensions of {total} months in all exceed the maximum of {period.extension.max} "
                            f"for {rule_id} ({rule.citation.label})", key=f"events[{approved[-1][0]}].months")
        # 第三十九条: an extension is for a case that cannot be finished within the period, so it must be approved
        # before the period has run out; one approved later does not revive it.
        original = resolve_cached(self.profile, rule_id, start, calendar=self.calendar).due
        timely = [event for _, event in approved if original is None or event.on <= original]
        for _, event in approved:
            if original is not None and event.on > original:
                self.explain.append(f"{event.on.isoformat()} 批准的延长晚于原期限届满日 {original.isoformat()}，"
                                    f"不发生延长效力（{rule.citation.label}：不能在规定期限内处理完结的，方可延长）。")
        return sum(event.months for event in timely) or None

    def _deadline(self, rule_id: str, trigger: dt.date | int, done_on: dt.date | None,
                  extension: int | None = None) -> DeadlineStatus:
        result = resolve_cached(self.profile, rule_id, trigger, extension_months=extension, calendar=self.calendar)
        rule = result.rule
        for warning in result.warnings:  # usually none
            if warning.code != "draft_instrument" and warning not in self.warnings:
                self.warnings.append(warning)
        status: DeadlineState
        if result.status == "ok":
            assert result.due is not None
            status = state(result.due, done_on, self.view.as_of, right=rule.right,
                           bar=isinstance(rule.period, CountedPeriod) and rule.period.bar)
        else:
            status = result.status
        self.explain.append(f"{result.explanation.rstrip('。')}；{self._done_words(done_on)}{_STATE_WORDS[status]}"
                            f"（{rule_id}: {status}）。")
        return DeadlineStatus(rule=rule_id, trigger=trigger, nominal_due=result.nominal_due, due=result.due,
                              done_on=done_on, status=status, provisional=result.provisional,
                              citation=cite(self.profile, rule.citation, rule.text))

    def _document_deadline(self, rule_id: str, rule: DeadlineRule, start: CorrectiveDocumentReceived,
                           nominal: dt.date, done_on: dt.date | None) -> DeadlineStatus:
        instrument = self.profile.instruments[rule.citation.instrument]
        if not instrument.in_force_on(start.on):
            self.explain.append(f"{start.on.isoformat()} 收到文书时《{instrument.title}》已不在有效期内"
                                f"（{validity_words(instrument)}），{rule_id} 不适用（not_in_force）。")
            return DeadlineStatus(rule=rule_id, trigger=start.on, nominal_due=None, due=None, done_on=done_on,
                                  status="not_in_force", provisional=False,
                                  citation=cite(self.profile, rule.citation, rule.text))
        moved = roll(self.calendar, nominal)
        span = self.calendar.check(nominal, moved.due)
        status = state(moved.due, done_on, self.view.as_of, right=rule.right)
        sentence = (f"依据{label(self.profile, rule.citation)}，期限由文书规定：{start.on.isoformat()} 收到的文书"
                    f"要求于 {nominal.isoformat()} 前处理")
        if moved.rolled:
            sentence += (f"；{nominal.isoformat()} 为{self.calendar.rest_reason(nominal)}，"
                         f"顺延至 {moved.due.isoformat()}")
        self.explain.append(f"{sentence}；{self._done_words(done_on)}{_STATE_WORDS[status]}（{rule_id}: {status}）。")
        return DeadlineStatus(rule=rule_id, trigger=start.on, nominal_due=nominal, due=moved.due, done_on=done_on,
                              status=status, provisional=span.provisional,
                              citation=cite(self.profile, rule.citation, rule.text))

    @staticmethod
    def _done_words(done_on: dt.date | None) -> str:
        return f"于 {done_on.isoformat()} 完成，" if done_on else ""


def _event_rules(profile: Profile) -> list[tuple[str, DeadlineRule, DeadlineEvents]]:
    """The deadline rules that case events start, with their events (worked out once per profile)."""
    found = profile.memo.get("event_rules")
    if found is None:
        found = profile.memo["event_rules"] = [(rule_id, rule, rule.events) for rule_id, rule
                                               in profile.rules_of(DeadlineRule).items() if rule.events is not None]
    return found
