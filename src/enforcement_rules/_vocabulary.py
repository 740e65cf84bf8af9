"""The case vocabulary of SPEC §4–5: every code a case, a profile condition or a report may use."""

from __future__ import annotations

from typing import Literal, get_args

ActType = Literal["penalty", "licensing", "coercive_measure", "coercive_execution", "inspection", "levy", "other"]
Defect = Literal[
    "no_subject_qualification",
    "no_legal_basis",
    "missing_valid_seal",
    "main_facts_unclear",
    "insufficient_evidence",
    "wrong_law_applied",
    "procedure_violation",
    "procedure_violation_serious_obvious",
    "ultra_vires",
    "abuse_of_power",
    "clearly_improper",
    "failure_to_perform",
]
Context = Literal["no_revocable_content", "revocation_harms_public_interest",
                  "act_already_changed_confirmation_requested"]
RemedyState = Literal["none", "pending", "concluded"]
Bar = Literal["other_statutory_bar", "outside_scope", "already_handled"]
Exception_ = Literal["statute_provides_otherwise", "filing_deemed_necessary"]
EventType = Literal[
    "case_filed",
    "extension_approved",
    "investigation",
    "corrective_document_received",
    "corrected",
    "review_requested",
    "review_replied",
    "decision_received",
    "execution_reported",
    "case_closed",
    "archived",
    "coercive_execution",
]
Document = Literal["opinion", "notice", "supervision_letter"]
ProfileDocument = Literal["opinion", "notice", "supervision_letter_or_opinion"]
AdmissionVerdict = Literal["admit", "reject", "incomplete", "refer_elsewhere", "record_as_clue"]
AdmissionGround = Literal["outside_scope", "reconsideration_or_litigation", "petition", "already_handled",
                          "older_than_3_years", "other_statutory_bar"]
Disposition = Literal[
    "confirm_void",
    "confirm_illegal",
    "revoke",
    "revoke_or_change",
    "order_performance",
    "order_correction",
    "government_decides",
    "excluded",
    "no_decision_ground",
    "terminate",
]
DateAnchor = Literal["act.decided_on", "matter_arose"]

_FLAG = (True, False)

FACTS: dict[str, tuple[str | bool, ...]] = {
    "act.type": get_args(ActType),
    "act.defects": get_args(Defect),
    "act.context": get_args(Context),
    "act.remedies.reconsideration": get_args(RemedyState),
    "act.remedies.litigation": get_args(RemedyState),
    "act.remedies.petition": get_args(RemedyState),
    "complaint.identifies_target": _FLAG,
    "complaint.states_facts_and_reasons": _FLAG,
    "complaint.in_supervision_scope": _FLAG,
    "complaint.targets_specific_act": _FLAG,
    "bars": get_args(Bar),
    "exceptions": get_args(Exception_),
}
"""Facts a profile condition may test: the key path into a case and the values it can take."""

LIST_FACTS = frozenset({"act.defects", "act.context", "bars", "exceptions"})
"""Facts that hold a list in a case: a condition on them holds when the list contains a named value."""

EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "investigation": ("supervisors", "credentials_shown", "conflicted_supervisor_recused"),
    "coercive_execution": ("emergency",),
}
"""Event fields a procedure rule may test."""
