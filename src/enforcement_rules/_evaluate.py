"""The evaluator: one profile applied to one case on one day, a pure function from data to a ``Report``."""

from __future__ import annotations

import datetime as dt

from ._admission import admit
from ._batch import BatchResult, evaluate_many
from ._calendar import Calendar, national_calendar
from ._case import Case
from ._deadlines import instrument_warnings, validity_words
from ._disposition import dispose
from ._errors import CaseError
from ._facts import CaseView
from ._lifecycle import Lifecycle
from ._loader import list_profiles, load_profile
from ._procedure import check_procedure
from ._profile import DeadlineRule, LiabilityRule, Profile
from ._report import DeadlineStatus, Liability, Report
from ._results import ReportWarning, cite_item

__all__ = ["BatchResult", "compare", "evaluate", "evaluate_many"]  # the batch lives in _batch.py


def evaluate(profile: Profile | str, case: Case, *, as_of: dt.date, calendar: Calendar | None = None) -> Report:
    """Everything ``profile`` says about ``case`` as of ``as_of``: admission, deadlines, disposition,
    procedure, liabilities, each with its citation and a Chinese explanation."""
    return _evaluate(profile if isinstance(profile, Profile) else load_profile(profile), case, as_of,
                     calendar or national_calendar(), skip_unknown_obligations=False)


def _evaluate(profile: Profile, case: Case, as_of: dt.date, calendar: Calendar, *,
              skip_unknown_obligations: bool) -> Report:
    view = CaseView.of(case, as_of)
    explain: list[str] = []
    arose = view.arose_on
    scope = frozenset(key for key, instrument in profile.instruments.items() if instrument.in_force_on(arose))
    warnings = [warning for key, instrument in profile.instruments.items() if key in scope
                for warning in instrument_warnings(instrument)]
    if len(view.events) < len(case.events):
        later = len(case.events) - len(view.events)
        warnings.append(ReportWarning(code="events_after_as_of",
                                      message=f"{later}个事件晚于评价日 {as_of.isoformat()}，未予考虑"))
    for key, instrument in profile.instruments.items():
        if key not in scope:
            explain.append(f"事项发生于 {arose.isoformat()}，不在《{instrument.title}》的有效期内"
                           f"（{validity_words(instrument)}），其规定不适用（not_in_force）。")
    if not scope:
        return Report(profile=profile.name, as_of=as_of, status="not_in_force", warnings=warnings, admission=None,
                      deadlines=[], disposition=None, procedure=[], liabilities=[], explanation=explain)
    admission = admit(profile, view, scope, explain)
    lifecycle = Lifecycle(profile, view, calendar, explain, warnings)
    deadlines = lifecycle.from_events() + lifecycle.from_obligations(skip_unknown=skip_unknown_obligations)
    disposition = dispose(profile, view, scope, deadlines, explain)
    procedure = check_procedure(profile, view, scope, calendar, explain)
    liabilities = _liabilities(profile, deadlines, explain)
    return Report(profile=profile.name, as_of=as_of, status="ok", warnings=_unique(warnings), admission=admission,
                  deadlines=deadlines, disposition=disposition, procedure=procedure, liabilities=liabilities,
                  explanation=explain)


def _unique(warnings: list[ReportWarning]) -> list[ReportWarning]:
    seen: list[ReportWarning] = []
    for warning in warnings:
        if warning not in seen:
            seen.append(warning)
    return seen


_BREACH_WORDS = {"late": "逾期完成", "overdue": "逾期未完成", "violated": "违反限制期"}


def _liabilities(profile: Profile, deadlines: list[DeadlineStatus], explain: list[str]) -> list[Liability]:
    """Late or missed duties mapped to the liability items that name them (never rights)."""
    found: list[Liability] = []
    for deadline in deadlines:
        rule = profile.rules[deadline.rule]
        if deadline.status not in _BREACH_WORDS or not isinstance(rule, DeadlineRule) or rule.right:
            continue
        assert deadline.due is not None
        for liability in profile.rules_of(LiabilityRule).values():
            # The breach happens when the period runs out: the liability article must be in force then.
            if not profile.instruments[liability.citation.instrument].in_force_on(deadline.due):
                continue
            for item in liability.items:
                if deadline.rule not in item.rules or deadline.status not in item.breaches:
                    continue
                reference = f"{liability.citation.article}{item.item}"
                entry = Liability(rule=deadline.rule, item=reference, sanction=liability.sanction,
                                  citation=cite_item(profile, liability, item))
                if entry not in found:
                    found.append(entry)
                    explain.append(f"{deadline.rule} {_BREACH_WORDS[deadline.status]}，"
                                   f"属于《{profile.instruments[liability.citation.instrument].title}》{reference}"
                                   f"情形：{liability.sanction}。")
    return found


def compare(case: Case, *, as_of: dt.date, calendar: Calendar | None = None) -> dict[str, Report]:
    """The case evaluated under every bundled profile, keyed by profile name."""
    profiles = [load_profile(name) for name in list_profiles()]
    known = {rule for profile in profiles for rule in profile.rules}
    for index, obligation in enumerate(case.obligations):
        if obligation.rule not in known:
            raise CaseError(f"{obligation.rule!r} is a rule of no bundled profile", key=f"obligations[{index}].rule")
    calendar = calendar or national_calendar()
    return {profile.name: _evaluate(profile, case, as_of, calendar, skip_unknown_obligations=True)
            for profile in profiles}
