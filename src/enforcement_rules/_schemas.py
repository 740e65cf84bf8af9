"""JSON Schemas of every file a person edits or a program reads (profile, case, scenario, calendar, report,
deadline result), generated from the models, for editors (``# yaml-language-server: $schema=…``) and
integrators. ``tools/gen_schemas.py`` writes them to ``schemas/``; a test keeps the files equal to the models.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from ._calendar import _CalendarFile
from ._case import Case
from ._choices import SCHEMA_KINDS, SchemaKind
from ._conditions import _OPERATORS
from ._kinds import profile_model
from ._report import Report
from ._results import Deadline

Kind = SchemaKind
KINDS = SCHEMA_KINDS
DIALECT = "https://json-schema.org/draft/2020-12/schema"
HH_MM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
DATE_TIME = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$"

_DESCRIPTIONS: dict[Kind, str] = {
    "profile": "A city profile: its instruments and rules, each citing 条/款/项 and quoting the article verbatim.",
    "case": "A supervision case (SPEC §5): the act, the complaint, bars, exceptions, events and obligations. "
            "Date-times without a zone are Beijing time; with a zone they are converted to it.",
    "scenario": "A scenario file: a list of {name, profile, as_of, case, expect}; expect is a partial report.",
    "calendar": "One year of the national working-day schedule (SPEC §3), as the State Council's notice sets it.",
    "report": "What evaluate returns (SPEC §6): verdicts, deadlines, disposition, procedure, liabilities.",
    "deadline": "What due_date and `deadline --json` return (SPEC §6).",
}


# What each field of the case, the report and a deadline result means (SPEC §5, §6), for fields whose model
# carries no description of its own. A model's own ``Field(description=…)`` wins; "Model.field" wins over "field".
FIELD_DOCS: dict[str, str] = {
    "id": "the case's own identifier, echoed in batch output",
    "act": "the supervised enforcement act",
    "complaint": "the complaint or report (投诉举报) that started the matter, if any",
    "bars": "第三十五条 bars that the case states (other_statutory_bar, outside_scope, already_handled)",
    "exceptions": "exceptions that lift the three-year limitation (statute_provides_otherwise, "
                  "filing_deemed_necessary)",
    "events": "what happened, each with its type and date (on) or date-time (at)",
    "obligations": "an agency's own duties under deadline rules: a trigger date (or a year) and when done",
    "Act.type": "the kind of act (penalty, licensing, coercive_measure, coercive_execution, inspection, levy, other)",
    "decided_on": "the day the act was decided (YYYY-MM-DD); the limitation of 第三十五条（五） runs from it",
    "defects": "what is wrong with the act (the vocabulary of SPEC §4 Disposition)",
    "context": "第十四条 contexts (no_revocable_content, revocation_harms_public_interest, "
               "act_already_changed_confirmation_requested)",
    "remedies": "the state of reconsideration, litigation and petition against the act",
    "reconsideration": "行政复议: none, pending or concluded",
    "litigation": "行政诉讼: none, pending or concluded",
    "petition": "信访: none, pending or concluded",
    "received_on": "the day the complaint was received",
    "identifies_target": "the complaint names whom it is about (第二十七条)",
    "states_facts_and_reasons": "the complaint states facts and reasons (第二十七条)",
    "in_supervision_scope": "the matter is within the supervision scope (第二十八条)",
    "targets_specific_act": "the complaint is aimed at a specific act (第二十八条第（一）项)",
    "on": "the day it happened (YYYY-MM-DD)",
    "at": "when it happened: YYYY-MM-DDTHH:MM[:SS], Beijing time; with a zone (Z, +08:00) converted to Beijing time",
    "type": "the event's type (its tag)",
    "months": "the extension approved, in months (C7)",
    "supervisors": "how many supervisors took part",
    "credentials_shown": "whether valid supervision credentials were shown",
    "document": "the corrective document (opinion 意见书, notice 通知书, supervision_letter 督办函)",
    "outcome": "the decision taken",
    "emergency": "an emergency (紧急情况) excuses night or holiday execution",
    "rule": "a rule id of the profile",
    "trigger": "the date that starts the period, or the year for fixed annual dates (C5)",
    "year": "the year of a fixed annual date: the year the due date falls in (C5)",
    "done_on": "the day the duty was done, if it was",
    "profile": "the profile's name",
    "as_of": "the day of evaluation",
    "Report.status": "ok, or not_in_force when no rule of the profile applies to anything in the case",
    "warnings": "warnings ({code, message}): draft_instrument, provisional_calendar, deadline_not_set, …",
    "admission": "complaint routing and 第三十五条 bars: the verdict and its grounds (null without a complaint rule)",
    "deadlines": "every deadline of the case, from its events and its obligations",
    "disposition": "what the ordinance prescribes for the act, and where the matter stands on as_of",
    "procedure": "the procedure checks (two supervisors, recusal, night or holiday execution)",
    "liabilities": "liability items the missed (or late) duties fall under",
    "explanation": "the reasoning in Chinese, one sentence per step, citing each article",
    "verdict": "admit, reject, incomplete, refer_elsewhere or record_as_clue",
    "grounds": "the grounds found, each with its citation",
    "code": "a stable code other systems branch on",
    "citation": "the article applied: instrument, 条, 款, 项 and the text quoted",
    "citations": "the articles applied",
    "nominal_due": "the due date before rolling to a working day",
    "due": "the due date (null when the period is set by a document or cannot be determined)",
    "DeadlineStatus.status": "met, late, overdue, pending, lapsed, violated (a bar), undeterminable, "
                             "set_by_document or not_in_force",
    "ProcedureCheck.status": "complied, violated, not_applicable, or undetermined when the case lacks the facts",
    "Deadline.status": "ok, not_in_force, undeterminable or set_by_document (then due is null)",
    "provisional": "the result depends on days the next year's notice may change (C10)",
    "if_uncorrected": "what follows if the agency does not correct by the deadline",
    "candidates": "the decisions the government chooses among, when the text leaves it the choice",
    "item": "the 项 (item), if any",
    "sanction": "the sanction ladder, as the text says",
    "instrument": "the instrument's title",
    "article": "the 条 (article)",
    "paragraph": "the 款 (paragraph), if any",
    "text": "the article's text, quoted verbatim",
    "message": "the warning in words",
    "layer": "the profile layer the rule comes from (null for the profile itself)",
    "fields": "the event's own fields, as its profile declares them",
    "requirements": "requirement and prohibition results (SPEC §4a)",
    "trace": "the structured steps of the evaluation: {rule, code, facts, dates, citation, layer}",
    "RequirementCheck.status": "complied, violated, not_applicable, undeterminable or not_in_force",
    "Finding.rule": "the rule that found it (null for a step of the whole case)",
    "Finding.code": "what was found, as a stable code",
    "Finding.citation": "the article it rests on, if any",
    "facts": "the facts it rests on, by name (a case's facts: those its profile declares)",
    "dates": "the dates it rests on, by name",
    "rolled": "the nominal due date was not a working day and the due date moved to the next one (C3)",
    "unit": "working_days, days, months, years, annual_date, set_by_document or undeterminable",
    "amount": "the number of units (null when the period has none)",
}


def schema_id(kind: Kind) -> str:
    return f"urn:enforcement-rules:schema:{kind}"


def generate(kind: Kind) -> dict[str, Any]:
    """The JSON Schema of ``kind``, from the models."""
    if kind == "scenario":
        body = _scenario()
    else:
        model, mode = _MODELS[kind]
        body = (profile_model() if kind == "profile" else model).model_json_schema(by_alias=True, mode=mode)
    body = _polish(body, FIELD_DOCS if kind != "profile" else {})  # the profile model documents itself
    head = {"$schema": DIALECT, "$id": schema_id(kind), "title": f"enforcement-rules {kind}",
            "description": _DESCRIPTIONS[kind]}
    return head | {key: value for key, value in body.items() if key not in {"title", "description"}}


_MODELS: dict[str, tuple[type[BaseModel], Literal["validation", "serialization"]]] = {
    "profile": (BaseModel, "validation"),  # the registry's model of the day: profile_model()
    "case": (Case, "validation"),
    "calendar": (_CalendarFile, "validation"),
    "report": (Report, "serialization"),
    "deadline": (Deadline, "serialization"),
}


def _scenario() -> dict[str, Any]:
    case = Case.model_json_schema(by_alias=True, mode="validation")
    report = Report.model_json_schema(by_alias=True, mode="serialization")
    definitions = dict(case.pop("$defs", {}))
    definitions["Case"] = case
    expect = {"type": "object", "additionalProperties": False,
              "description": "a partial report: mappings match as subsets, lists of objects with a rule or code "
                             "match on that key, other values must be equal",
              "properties": {key: {"description": value.get("description", f"the report's {key}")}
                             for key, value in report["properties"].items()}}
    scenario = {"type": "object", "additionalProperties": False, "required": ["name", "profile", "as_of", "case"],
                "properties": {
                    "name": {"type": "string", "description": "what the scenario shows; a test item's name"},
                    "profile": {"type": "string", "description": "a bundled profile name or a path relative to "
                                                                 "the scenario file"},
                    "as_of": {"type": "string", "format": "date", "description": "the day of evaluation"},
                    "case": {"$ref": "#/$defs/Case", "description": "the case (SPEC §5)"},
                    "expect": expect}}
    return {"type": "array", "items": scenario, "$defs": definitions}


def _polish(schema: dict[str, Any], docs: dict[str, str]) -> dict[str, Any]:
    """Patterns editors can check, tags required, and every property described (from the model it refers to)."""
    schema = copy.deepcopy(schema)
    definitions: dict[str, Any] = schema.get("$defs", {})
    tagged: set[tuple[str, str]] = set()  # (definition, tag property) of every discriminated union member

    def find_tags(node: Any) -> None:
        if isinstance(node, dict):
            discriminator = node.get("discriminator")
            if isinstance(discriminator, dict):
                tagged.update((ref.rsplit("/", 1)[-1], discriminator["propertyName"])
                              for ref in discriminator.get("mapping", {}).values())
            for value in node.values():
                find_tags(value)
        elif isinstance(node, list):
            for value in node:
                find_tags(value)

    find_tags(schema)
    declared = definitions.get("DeclaredEvent", {}).get("properties", {}).get("type")
    if declared is not None:  # an event of a type its profile declares: any snake_case type but the core ones
        core = sorted(str(d["properties"]["type"]["const"]) for d in definitions.values()
                      if "const" in d.get("properties", {}).get("type", {}))
        declared["not"] = {"enum": core}
        event = definitions["DeclaredEvent"]
        fields = event["properties"].pop("fields", None)
        if fields is not None:  # a declared event's own fields stand beside type/on/at (checked by its profile)
            event["additionalProperties"] = next(iter(fields.get("patternProperties", {}).values()), True)
        tagged.update((name, "type") for name, d in definitions.items()
                      if "const" in d.get("properties", {}).get("type", {}))
    for name, tag in tagged:  # a tag defaults in Python (CaseFiled(on=…)) but a file must still write it
        required = definitions.get(name, {}).setdefault("required", [])
        if tag not in required:
            required.append(tag)

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            choices = node.get("oneOf")
            if isinstance(choices, list) and {"$ref": "#/$defs/FactTest"} in choices and _SHORTHAND not in choices:
                choices.append(_SHORTHAND)
            if node.get("format") == "time":
                del node["format"]
                node["pattern"] = HH_MM
                node.setdefault("description", "a time of day, HH:MM")
            elif node.get("format") == "date-time":
                del node["format"]
                node["pattern"] = DATE_TIME
            properties = node.get("properties")
            if isinstance(properties, dict):
                owner = str(node.get("title", ""))
                for name, prop in properties.items():
                    if isinstance(prop, dict) and "description" not in prop:
                        described = (docs.get(f"{owner}.{name}") or docs.get(name)
                                     or _described_by(prop, definitions))
                        if described:
                            prop["description"] = described
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(schema)
    return schema


_SHORTHAND = {
    "type": "object", "minProperties": 1, "maxProperties": 1,
    "propertyNames": {"not": {"enum": sorted(_OPERATORS)}},
    "description": "the shorthand {fact.path: value} (is) or {fact.path: [values]} (in)",
}


def _described_by(prop: dict[str, Any], definitions: dict[str, Any]) -> str | None:
    for candidate in (prop, prop.get("items"), *prop.get("anyOf", ()), prop.get("additionalProperties")):
        if isinstance(candidate, dict) and "$ref" in candidate:
            target = definitions.get(candidate["$ref"].rsplit("/", 1)[-1], {})
            if "description" in target:
                return str(target["description"]).split("\n")[0]
    return None


def schemas_dir() -> Path:
    """The shipped schema files: inside the installed wheel, else at the checkout's root."""
    packaged = Path(__file__).parent / "schemas"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "schemas"
