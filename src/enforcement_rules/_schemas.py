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
from ._profile import Profile
from ._report import Report
from ._results import Deadline

Kind = Literal["profile", "case", "scenario", "calendar", "report", "deadline"]
KINDS: tuple[Kind, ...] = ("calendar", "case", "deadline", "profile", "report", "scenario")
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


def schema_id(kind: Kind) -> str:
    return f"urn:enforcement-rules:schema:{kind}"


def generate(kind: Kind) -> dict[str, Any]:
    """The JSON Schema of ``kind``, from the models."""
    if kind == "scenario":
        body = _scenario()
    else:
        model, mode = _MODELS[kind]
        body = model.model_json_schema(by_alias=True, mode=mode)
    body = _polish(body)
    head = {"$schema": DIALECT, "$id": schema_id(kind), "title": f"enforcement-rules {kind}",
            "description": _DESCRIPTIONS[kind]}
    return head | {key: value for key, value in body.items() if key not in {"title", "description"}}


_MODELS: dict[str, tuple[type[BaseModel], Literal["validation", "serialization"]]] = {
    "profile": (Profile, "validation"),
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


def _polish(schema: dict[str, Any]) -> dict[str, Any]:
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
    for name, tag in tagged:  # a tag defaults in Python (CaseFiled(on=…)) but a file must still write it
        required = definitions.get(name, {}).setdefault("required", [])
        if tag not in required:
            required.append(tag)

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("format") == "time":
                del node["format"]
                node["pattern"] = HH_MM
                node.setdefault("description", "a time of day, HH:MM")
            elif node.get("format") == "date-time":
                del node["format"]
                node["pattern"] = DATE_TIME
            properties = node.get("properties")
            if isinstance(properties, dict):
                for prop in properties.values():
                    if isinstance(prop, dict) and "description" not in prop:
                        described = _described_by(prop, definitions)
                        if described:
                            prop["description"] = described
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(schema)
    return schema


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
