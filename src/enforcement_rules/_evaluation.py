"""The evaluator's core: one profile applied to one case on one day, kind by kind, as structured findings.

It takes a ``Profile`` and a ``Calendar``, never reads a file and never formats a sentence: the words
come afterwards, from the findings (``_words``). Each rule is judged on its own date (SPEC §4 Validity):
``in_force`` answers for one rule and one day, and the competition between rules of one ``topic`` is
settled by the profile's declared precedence (``chosen``), never by file order.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple, TypeVar

from ._calendar import Calendar
from ._case import Case
from ._conditions import Scope
from ._errors import CaseError
from ._facts import CaseView
from ._kinds import rules_by_kind
from ._profile import Citation, Instrument, Profile, RuleBase, in_span
from ._report import (
    Admission,
    DeadlineStatus,
    DispositionReport,
    Finding,
    Liability,
    ProcedureCheck,
    Report,
    RequirementCheck,
)
from ._results import CitedArticle, ReportWarning, WarningCode, cite, draft_warning
from ._vocabulary import VocabularyName

C = TypeVar("C", ProcedureCheck, RequirementCheck)


class Evaluation:
    """The state of one evaluation: the case, the calendar, the results so far and the trace."""

    def __init__(self, profile: Profile, case: Case, as_of: dt.date, calendar: Calendar, *,
                 skip_unknown_obligations: bool = False) -> None:
        self.profile = profile
        self.case = case
        self.as_of = as_of
        self.calendar = calendar
        self.view = CaseView.of(case, as_of)
        self.scope = Scope(self.view, calendar)
        """the case as conditions see it outside an event check (shared by the kinds)"""
        self.skip_unknown_obligations = skip_unknown_obligations
        self.trace: list[Finding] = []
        self.warnings: list[ReportWarning] = []
        self.admission: Admission | None = None
        self.deadlines: list[DeadlineStatus] = []
        self.disposition: DispositionReport | None = None
        self.procedure: list[ProcedureCheck] = []
        self.requirements: list[RequirementCheck] = []
        self.liabilities: list[Liability] = []
        self.breaches: dict[str, dt.date] = {}
        """rule id → the day its requirement, prohibition or procedure was first breached"""
        self.applied = 0
        self._out_of_force: set[tuple[str, dt.date]] = set()
        self._drafts: set[str] = set()
        """the draft instruments applied so far (warned of once)"""
        shared: _Shared | None = profile.memo.get(_Shared)
        if shared is None:
            shared = profile.memo[_Shared] = _Shared.of(profile)
        self._layers = profile.layer_map
        self._validity, self._cited, self._checks = shared
        self._set_aside: set[str] = set()

    # -- provenance and citations ---------------------------------------------------------------

    def cite(self, rule: RuleBase) -> CitedArticle:
        cited = self._cited.get(id(rule))
        if cited is None:
            cited = self._cited[id(rule)] = cite(self.profile, rule.citation, rule.text)
        return cited

    def cite_as(self, citation: Citation, text: str) -> CitedArticle:
        return cite(self.profile, citation, text)

    def layer(self, rule_id: str) -> str:
        return self._layers[rule_id]

    def check(self, model: type[C], rule_id: str, rule: RuleBase, status: str) -> C:
        """A rule's check result (``ProcedureCheck``, ``RequirementCheck``): the same frozen object for every case
        where the rule has that status (made once per profile)."""
        key = (model, rule_id, status)
        found = self._checks.get(key)
        if found is None:
            found = self._checks[key] = model(rule=rule_id, status=status, citation=self.cite(rule),
                                              layer=self._layers[rule_id])
        return found

    def instrument(self, rule: RuleBase) -> Instrument:
        return self.profile.instruments[rule.citation.instrument]

    # -- findings and warnings ------------------------------------------------------------------

    def find(self, rule_id: str | None, code: str, *, rule: RuleBase | None = None,
             citation: CitedArticle | None = None, facts: dict[str, Any] | None = None,
             dates: dict[str, dt.date | None] | None = None) -> Finding:
        """Record one finding (in order: the trace is the evaluation's story)."""
        if citation is None and rule is not None:
            citation = self.cite(rule)
        finding = Finding(rule_id, code, facts or {}, dates or {}, citation,
                          self._layers[rule_id] if rule_id is not None else None)
        self.trace.append(finding)
        return finding

    def warn(self, code: WarningCode, message: str) -> None:
        warning = ReportWarning(code=code, message=message)
        if warning not in self.warnings:
            self.warnings.append(warning)

    # -- validity and precedence ------------------------------------------------------------------

    def in_force(self, rule_id: str, rule: RuleBase, day: dt.date, *, record: bool = True,
                 applies: bool = True) -> bool:
        """Whether the rule's instrument applies to what happened on ``day`` (立法法 第一百零四条). ``applies``:
        whether the rule then applies to something in the case (a rule whose condition the case leaves unknown
        does not make a report ``ok``)."""
        name = rule.citation.instrument
        first, until, draft = self._validity[name]
        if in_span(first, until, day):
            self.applied += applies
            if draft and name not in self._drafts:
                self._drafts.add(name)
                self.warn("draft_instrument", draft_warning(self.profile.instruments[name].title).message)
            return True
        key = (name, day)
        if record and key not in self._out_of_force:
            self._out_of_force.add(key)
            instrument = self.profile.instruments[name]
            self.find(rule_id, "not_in_force", rule=rule,
                      facts={"instrument": instrument.title, "from": _iso(instrument.first_day),
                             "until": _iso(instrument.effective_until)},
                      dates={"day": day})
        return False

    def chosen(self, rule_id: str, rule: RuleBase, day: dt.date, *, topic: str | None = None) -> bool:
        """Whether ``rule`` is the one applied among the in-force rules of its ``topic`` (declared precedence);
        ``topic`` names an implicit one (all disposition rules compete for the one disposition)."""
        topic = rule.topic or topic
        if topic is None:
            return True
        key = ("topic", topic, rule.kind)
        members = self.profile.memo.get(key)
        if members is None:
            members = self.profile.memo[key] = [
                (other_id, other) for other_id, other in self.profile.rules.items()
                if (other.topic or (topic if other.kind == rule.kind else None)) == topic]
        if len(members) < 2:
            return True
        rivals = [(other_id, other) for other_id, other in members if self.instrument(other).in_force_on(day)]
        best = min((self._rank(other) for _, other in rivals), default=None)
        if best is None or self._rank(rule) == best:
            return True
        winner_id, winner = next((i, r) for i, r in rivals if self._rank(r) == best)
        if rule_id not in self._set_aside:
            self._set_aside.add(rule_id)
            self.find(rule_id, "set_aside", rule=rule,
                      facts={"topic": topic, "winner": winner_id, "principle": self._principle(rule, winner),
                             "winner_instrument": self.instrument(winner).title},
                      dates={"day": day})
        return False

    def _rank(self, rule: RuleBase) -> tuple[Any, ...]:
        precedence = self.profile.precedence
        instrument = self.instrument(rule)
        key: list[Any] = []
        for principle in precedence.principles if precedence else ():
            if principle == "superior_law":
                ranks = precedence.ranks if precedence else []
                key.append(ranks.index(instrument.rank) if instrument.rank in ranks else len(ranks))
            elif principle == "special_law":
                key.append(0 if instrument.special else 1)
            else:
                first = instrument.first_day
                key.append(-(first.toordinal() if first else 0))
        return tuple(key)

    def _principle(self, loser: RuleBase, winner: RuleBase) -> str:
        """The first declared principle that separates the two rules."""
        precedence = self.profile.precedence
        assert precedence is not None
        for principle, a, b in zip(precedence.principles, self._rank(loser), self._rank(winner), strict=True):
            if a != b:
                return principle
        return precedence.principles[-1]

    # -- the report -----------------------------------------------------------------------------

    def report(self, explanation: list[str]) -> Report:
        status = "ok" if self.applied else "not_in_force"
        procedure, requirements = self.procedure, self.requirements
        if not self.applied:  # nothing applies: no check is even "not applicable"
            procedure, requirements = [], []
        warnings = self.warnings if len(self.warnings) < 2 else sorted(  # a draft's warning first
            self.warnings, key=lambda warning: warning.code != "draft_instrument")
        return Report.built(profile=self.profile.name, as_of=self.as_of, status=status, warnings=warnings,
                            admission=self.admission, deadlines=self.deadlines, disposition=self.disposition,
                            procedure=procedure, requirements=requirements, liabilities=self.liabilities,
                            explanation=explanation, trace=self.trace)


def run(profile: Profile, case: Case, as_of: dt.date, calendar: Calendar, *,
        skip_unknown_obligations: bool = False) -> Evaluation:
    """Every registered kind applied in order; the results and findings stay on the returned ``Evaluation``."""
    evaluation = Evaluation(profile, check_vocabulary(profile, case, lenient=skip_unknown_obligations), as_of,
                            calendar, skip_unknown_obligations=skip_unknown_obligations)
    later = len(case.events) - len(evaluation.view.events)
    if later:
        evaluation.warn("events_after_as_of", f"{later}个事件晚于评价日 {as_of.isoformat()}，未予考虑")
    for kind, rules in rules_by_kind(profile):
        if rules or kind.without_rules:
            kind.evaluate(evaluation, rules)
    return evaluation


def check_vocabulary(profile: Profile, case: Case, *, lenient: bool = False) -> Case:
    """A case read without the profile may name codes, facts or events the profile does not declare: an error,
    or (``lenient``, as ``compare`` does for what other profiles declare) the case without them."""
    context = profile.case_context
    if lenient:
        facts = {name: value for name, value in case.facts.items() if name in context["facts"]}
        kept = [event for event in case.events if event.type in profile.event_specs]
        if len(facts) < len(case.facts) or len(kept) < len(case.events):
            case = case.model_copy(update={"facts": facts, "events": kept})
    codes = profile.all_codes
    listed: tuple[tuple[str, VocabularyName, list[str]], ...] = (
        ("act.defects", "defects", case.act.defects), ("act.context", "contexts", case.act.context),
        ("bars", "bars", case.bars), ("exceptions", "exceptions", case.exceptions))
    for path, vocabulary, values in listed:
        if values and not codes[vocabulary].issuperset(values):
            known = codes[vocabulary]
            index, value = next((index, value) for index, value in enumerate(values) if value not in known)
            raise CaseError(f"{value!r} is not a code of {profile.name}'s {vocabulary}: "
                            f"{', '.join(sorted(known))}", key=f"{path}[{index}]")
    facts = context["facts"]
    if case.facts and not facts.keys() >= case.facts.keys():
        name = next(name for name in case.facts if name not in facts)
        raise CaseError(f"{profile.name} declares no fact {name!r}", key=f"facts.{name}")
    events = profile.event_specs
    if not events.keys() >= {event.type for event in case.events}:
        index, event = next((index, event) for index, event in enumerate(case.events) if event.type not in events)
        raise CaseError(f"{profile.name} declares no event {event.type!r}", key=f"events[{index}].type")
    return case


class _Shared(NamedTuple):
    """What every evaluation under one profile reads or fills, made once per profile (in its memo; the layers
    are the profile's own ``layer_map``)."""

    validity: dict[str, tuple[dt.date | None, dt.date | None, bool]]
    """instrument → (first day applied, last day in force, whether a draft): its span, tested with ``in_span``
    without looking the instrument up for every rule and day"""
    cited: dict[int, CitedArticle]
    """id(rule) → its citation as reported"""
    checks: dict[tuple[type, str, str], Any]
    """(model, rule id, status) → the shared check result"""

    @classmethod
    def of(cls, profile: Profile) -> _Shared:
        validity = {name: (instrument.first_day, instrument.effective_until, instrument.status == "draft")
                    for name, instrument in profile.instruments.items()}
        return cls(validity, {}, {})


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
