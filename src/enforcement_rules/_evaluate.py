"""The evaluator's public face: ``evaluate`` (a pure function from a profile, a case and a day to a ``Report``),
``compare`` over every bundled profile, and the JSONL batch."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._batch import BatchResult, evaluate_many
from ._calendar import Calendar, national_calendar
from ._case import Case
from ._choices import Language
from ._errors import CaseError
from ._evaluation import run
from ._kinds.deadline import DeadlineRule
from ._loader import list_profiles, load_profile
from ._profile import Profile
from ._report import Report
from ._words import explain

__all__ = ["BatchResult", "compare", "evaluate", "evaluate_many"]  # the batch lives in _batch.py


def evaluate(profile: Profile | str, case: Case, *, as_of: dt.date, calendar: Calendar | None = None,
             language: Language = "zh") -> Report:
    """Everything ``profile`` says about ``case`` as of ``as_of``: admission, deadlines, disposition,
    procedure, requirements, liabilities, each with its citation and layer, the trace of findings and their
    explanation (Chinese by default, or English)."""
    if not isinstance(case, Case):
        raise TypeError(f"evaluate() takes a Case, not {type(case).__name__}: build one with "
                        "enforcement_rules.parse_case(data, text or pathlib.Path) first")
    if not isinstance(profile, (Profile, str)):
        raise TypeError(f"evaluate() takes a Profile or a bundled profile name, not {type(profile).__name__}: "
                        "use enforcement_rules.load_profile(name or path)")
    return _evaluate(profile if isinstance(profile, Profile) else load_profile(profile), case, as_of,
                     calendar or national_calendar(), skip_unknown_obligations=False, language=language)


def _evaluate(profile: Profile, case: Case, as_of: dt.date, calendar: Calendar, *,
              skip_unknown_obligations: bool, language: Language = "zh") -> Report:
    evaluation = run(profile, case, as_of, calendar, skip_unknown_obligations=skip_unknown_obligations)
    return evaluation.report(explain(evaluation.trace, profile, language))


def compare_context() -> dict[str, Any]:
    """The validation context that reads a case for ``compare``: what any bundled profile declares."""
    codes: dict[str, set[str]] = {}
    facts: dict[str, Any] = {}
    events: dict[str, Any] = {}
    for name in list_profiles():
        context = load_profile(name).case_context
        for vocabulary, known in context["codes"].items():
            codes.setdefault(vocabulary, set()).update(known)
        facts.update(context["facts"])
        events.update(context["events"])
    return {"codes": {name: frozenset(known) for name, known in codes.items()}, "facts": facts, "events": events}


def compare(case: Case, *, as_of: dt.date, calendar: Calendar | None = None) -> dict[str, Report]:
    """The case evaluated under every bundled profile, keyed by profile name. A fact, event or code only some
    profiles declare is left out, with a warning, by the others."""
    profiles = [load_profile(name) for name in list_profiles()]
    known = {rule for profile in profiles for rule, value in profile.rules.items() if isinstance(value, DeadlineRule)}
    for index, obligation in enumerate(case.obligations):
        if obligation.rule not in known:
            raise CaseError(f"{obligation.rule!r} is a rule of no bundled profile", key=f"obligations[{index}].rule")
    calendar = calendar or national_calendar()
    return {profile.name: _evaluate(profile, case, as_of, calendar, skip_unknown_obligations=True)
            for profile in profiles}
