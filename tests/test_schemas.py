"""The shipped JSON Schemas: generated from the models, identified, and accepting the files people edit."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from enforcement_rules import CaseError, parse_profile
from enforcement_rules._cli import main
from enforcement_rules._documents import parse_yaml
from enforcement_rules._schemas import HH_MM, KINDS, Kind, generate
from enforcement_rules._starter import starter_profile

ROOT = Path(__file__).resolve().parents[1]


def _load(path: Path) -> Any:
    """YAML as an editor's language server sees it: YAML 1.2 (``on:`` is a key, not true), dates as ISO strings."""
    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value
    return plain(parse_yaml(path.read_text(encoding="utf-8"), str(path), CaseError).data)


def _validator(kind: Kind) -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_the_committed_schema_files_are_what_the_models_generate() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_schemas.py"), "--check"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_every_schema_has_a_dialect_an_id_and_a_description(kind: Kind) -> None:
    schema = generate(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:enforcement-rules:schema:{kind}"
    assert schema["description"]
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("profile", sorted((ROOT / "profiles").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_bundled_profile_passes_its_own_schema(profile: Path) -> None:
    # weihai's night ban ("22:00", "06:00") used to fail `format: time`, which wants HH:MM:SS with a zone
    assert list(_validator("profile").iter_errors(_load(profile))) == []


@pytest.mark.parametrize("pattern", [HH_MM, generate("profile")["$defs"]["Night"]["properties"]["from"]["pattern"]])
def test_night_hours_are_hh_mm_by_pattern(pattern: str) -> None:
    assert '"format": "time"' not in json.dumps(generate("profile"))
    validator = jsonschema.Draft202012Validator({"pattern": pattern})
    assert validator.is_valid("22:00")
    assert validator.is_valid("06:00")
    assert not validator.is_valid("24:00")
    assert not validator.is_valid("22:00:00")


@pytest.mark.parametrize("case", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_case_passes_the_case_schema(case: Path) -> None:
    assert list(_validator("case").iter_errors(_load(case))) == []


def test_the_case_schema_requires_the_event_tag_and_accepts_zoned_date_times() -> None:
    validator = _validator("case")
    assert not validator.is_valid({"events": [{"on": "2026-05-12"}]})
    assert validator.is_valid({"events": [{"type": "coercive_execution", "at": "2026-05-06T15:30:00.000Z"}]})
    assert validator.is_valid({"events": [{"type": "coercive_execution", "at": "2026-05-06T15:30"}]})
    assert not validator.is_valid({"events": [{"type": "coercive_execution", "at": "tonight"}]})


@pytest.mark.parametrize("scenarios", sorted((ROOT / "tests" / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_the_scenario_files_pass_the_scenario_schema(scenarios: Path) -> None:
    assert list(_validator("scenario").iter_errors(_load(scenarios))) == []


def test_the_calendar_schema_accepts_a_calendar_file_and_rejects_an_unknown_key() -> None:
    validator = _validator("calendar")
    assert validator.is_valid(_load(ROOT / "tests" / "fixtures" / "calendars" / "2027-illustrative.yaml"))
    assert not validator.is_valid(_load(ROOT / "tests" / "fixtures" / "calendars" / "bad-unknown-key.yaml"))


def test_the_deadline_schema_describes_deadline_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "weihai", "decision_disclosure", "2026-09-30", "--json"]) == 0
    assert _validator("deadline").is_valid(json.loads(capsys.readouterr().out))


def test_the_report_schema_describes_evaluate_json(capsys: pytest.CaptureFixture[str]) -> None:
    example = ROOT / "examples" / "weihai-opinion-overdue.yaml"
    assert main(["evaluate", str(example), "--profile", "weihai", "--as-of", "2026-11-22", "--json"]) == 0
    assert list(_validator("report").iter_errors(json.loads(capsys.readouterr().out))) == []


@pytest.mark.parametrize("kind", KINDS)
def test_schema_kind_prints_the_shipped_file(capsys: pytest.CaptureFixture[str], kind: Kind) -> None:
    assert main(["schema", kind]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(
        (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))


# -- init ---------------------------------------------------------------------------------------------------

def test_init_writes_a_starter_profile_that_loads_validates_and_points_at_the_schema(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["init", "my_city", "--directory", str(tmp_path)]) == 0
    written = tmp_path / "my_city.yaml"
    text = written.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=file://")
    schema_file = Path(first.split("$schema=file://", 1)[1])
    assert schema_file.is_file()
    assert json.loads(schema_file.read_text(encoding="utf-8"))["$id"] == "urn:enforcement-rules:schema:profile"
    profile = parse_profile(text, str(written))
    assert (profile.name, len(profile.instruments), list(profile.rules)) == ("my_city", 1, ["example_deadline"])
    assert list(_validator("profile").iter_errors(_load(written))) == []
    capsys.readouterr()
    assert main(["validate", str(written)]) == 0
    assert f"ok       {written}: profile my_city, 1 instruments, 1 rules" in capsys.readouterr().out


def test_init_refuses_to_overwrite_and_rejects_a_bad_name(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path) -> None:
    (tmp_path / "taken.yaml").write_text("x: 1\n", encoding="utf-8")
    assert main(["init", "taken", "--directory", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "taken.yaml").read_text(encoding="utf-8") == "x: 1\n"
    with pytest.raises(ValueError, match="lower-case name"):
        starter_profile("My City")


def _undescribed(node: Any, path: str = "") -> list[str]:
    found = []
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            if isinstance(prop, dict) and "description" not in prop:
                found.append(f"{path}.{name}")
        for key, value in node.items():
            found += _undescribed(value, f"{path}/{key}")
    elif isinstance(node, list):
        for value in node:
            found += _undescribed(value, path)
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_of_the_contract_files_is_described(kind: Kind) -> None:
    assert _undescribed(generate(kind)) == []
