"""The shape of a case as conditions see it: fact paths, event types and their fields (SPEC §4a, §5).

This module holds no law. It names where in a case a fact sits and what type it has; which codes a fact
may take (defects, contexts, bars, grounds, outcomes, documents …) and what they mean in Chinese is
declared by the profiles, the core codes in the bundled national base layer. A profile may declare its
own facts (``facts.NAME``) and event types; a case then states them under ``facts:`` and ``events:``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

ActType = Literal["penalty", "licensing", "coercive_measure", "coercive_execution", "inspection", "levy", "other"]
RemedyState = Literal["none", "pending", "concluded"]
FactType = Literal["flag", "code", "codes", "number", "date", "text"]
VocabularyName = Literal["outcomes", "verdicts", "grounds", "documents", "defects", "contexts", "bars",
                         "exceptions"]
VOCABULARIES: tuple[VocabularyName, ...] = get_args(VocabularyName)


@dataclass(frozen=True)
class FactSpec:
    """A fact's type and where its codes come from: fixed ``values``, or a profile ``vocabulary``."""

    type: FactType
    values: tuple[str, ...] = ()
    vocabulary: VocabularyName | None = None


Defect = Literal[
    "no_subject_qualification", "no_legal_basis", "missing_valid_seal", "main_facts_unclear", "insufficient_evidence",
    "wrong_law_applied", "procedure_violation", "procedure_violation_serious_obvious", "ultra_vires",
    "abuse_of_power", "clearly_improper", "failure_to_perform",
]
Context = Literal["no_revocable_content", "revocation_harms_public_interest",
                  "act_already_changed_confirmation_requested"]
Bar = Literal["other_statutory_bar", "outside_scope", "already_handled"]
Exception_ = Literal["statute_provides_otherwise", "filing_deemed_necessary"]
Document = Literal["opinion", "notice", "supervision_letter"]

AdmissionVerdict = Literal["admit", "reject", "incomplete", "refer_elsewhere", "record_as_clue"]
AdmissionGround = Literal["outside_scope", "reconsideration_or_litigation", "petition", "already_handled",
                          "older_than_3_years", "other_statutory_bar"]
Disposition = Literal["confirm_void", "confirm_illegal", "revoke", "revoke_or_change", "order_performance",
                      "order_correction", "government_decides", "excluded", "no_decision_ground", "terminate"]

CORE_CODES: dict[VocabularyName, tuple[str, ...]] = {
    "defects": get_args(Defect), "contexts": get_args(Context), "bars": get_args(Bar),
    "exceptions": get_args(Exception_), "documents": get_args(Document), "verdicts": get_args(AdmissionVerdict),
    "grounds": get_args(AdmissionGround), "outcomes": get_args(Disposition),
}
"""The case codes of SPEC §5: what a case may state when no profile widens the vocabulary. Their meaning
(Chinese and English labels) is declared by the national base layer; a profile may add codes of its own."""

_FLAG = FactSpec("flag")
_REMEDY = FactSpec("code", get_args(RemedyState))

CORE_FACTS: dict[str, FactSpec] = {
    "act.type": FactSpec("code", get_args(ActType)),
    "act.decided_on": FactSpec("date"),
    "act.defects": FactSpec("codes", vocabulary="defects"),
    "act.context": FactSpec("codes", vocabulary="contexts"),
    "act.remedies.reconsideration": _REMEDY,
    "act.remedies.litigation": _REMEDY,
    "act.remedies.petition": _REMEDY,
    "complaint.received_on": FactSpec("date"),
    "complaint.identifies_target": _FLAG,
    "complaint.states_facts_and_reasons": _FLAG,
    "complaint.in_supervision_scope": _FLAG,
    "complaint.targets_specific_act": _FLAG,
    "bars": FactSpec("codes", vocabulary="bars"),
    "exceptions": FactSpec("codes", vocabulary="exceptions"),
}
"""Facts every case may state (SPEC §5); ``facts.NAME`` facts are declared by a profile."""


@dataclass(frozen=True)
class EventSpec:
    """An event type: its fields (name → type) and whether it carries a time of day (``at``)."""

    fields: dict[str, FactSpec]
    timed: bool = False


_NONE: dict[str, FactSpec] = {}
CORE_EVENTS: dict[str, EventSpec] = {
    "case_filed": EventSpec(_NONE),
    "extension_approved": EventSpec({"months": FactSpec("number"), "rule": FactSpec("text")}),
    "investigation": EventSpec({"supervisors": FactSpec("number"), "credentials_shown": _FLAG,
                                "conflicted_supervisor_recused": _FLAG, "on_site": _FLAG}),
    "corrective_document_received": EventSpec({"document": FactSpec("code", vocabulary="documents"),
                                               "deadline": FactSpec("date")}),
    "corrected": EventSpec({"justified": _FLAG}),
    "review_requested": EventSpec(_NONE),
    "review_replied": EventSpec(_NONE),
    "decision_received": EventSpec({"outcome": FactSpec("code", vocabulary="outcomes")}),
    "execution_reported": EventSpec({"justified": _FLAG}),
    "case_closed": EventSpec(_NONE),
    "archived": EventSpec(_NONE),
    "coercive_execution": EventSpec({"emergency": _FLAG}, timed=True),
}
"""Event types every case may carry (SPEC §5), with the fields conditions may test."""

CORE_EVENT_TYPES = frozenset(CORE_EVENTS)
