"""Beijing time everywhere (SPEC §5): a date-time with a zone is converted to Asia/Shanghai, one without is Beijing
time; ``Z`` and offsets are read alike from JSON and YAML; the default ``as_of`` is today in Asia/Shanghai."""

from __future__ import annotations

import datetime as dt
import json
import types
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enforcement_rules import CaseError, evaluate, load_case, load_profile
from enforcement_rules import _beijing as beijing
from enforcement_rules._case import case_from_data
from enforcement_rules._cli import main
from enforcement_rules._documents import parse_yaml

WEIHAI = load_profile("weihai")
RULE = "no_night_or_holiday_execution"  # weihai 2016 opinion 三(一)3; 夜间 22:00–06:00 by the profile's default


def _status(case_file: Path) -> str:
    report = evaluate(WEIHAI, load_case(case_file), as_of=dt.date(2026, 6, 1))
    return next(check.status for check in report.procedure if check.rule == RULE)


def _execution(tmp_path: Path, at: str, suffix: str = ".yaml") -> Path:
    path = tmp_path / f"case{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps({"events": [{"type": "coercive_execution", "at": at}]}), encoding="utf-8")
    else:
        path.write_text(f"events:\n  - {{type: coercive_execution, at: {at}}}\n", encoding="utf-8")
    return path


# 2026-05-06 is a Wednesday, a working day: only the hour decides.
@pytest.mark.parametrize(("at", "status"), [
    ("2026-05-06T15:30:00Z", "violated"),       # 15:30 UTC = 23:30 Beijing: night
    ("2026-05-06T15:30:00+08:00", "complied"),  # 15:30 Beijing: day
    ("2026-05-06T15:30:00", "complied"),        # no zone: Beijing time
    ("2026-05-06T07:30:00-08:00", "violated"),  # 07:30 at UTC-8 = 15:30 UTC = 23:30 Beijing
    ("2026-05-06T21:59:00.000Z", "violated"),   # 05:59 on 05-07 Beijing: still night
    ("2026-05-06T22:00:00Z", "complied"),       # 06:00 on 05-07 Beijing: the night has ended
])
def test_an_unquoted_yaml_timestamp_with_a_zone_is_read_in_beijing_time(tmp_path: Path, at: str,
                                                                        status: str) -> None:
    assert _status(_execution(tmp_path, at)) == status


def test_a_json_string_with_z_as_javascript_sends_it_is_accepted_and_converted(tmp_path: Path) -> None:
    # new Date(Date.UTC(2026, 4, 6, 15, 30)).toISOString() === "2026-05-06T15:30:00.000Z" → 23:30 in Beijing
    assert _status(_execution(tmp_path, "2026-05-06T15:30:00.000Z", ".json")) == "violated"
    case = load_case(_execution(tmp_path, "2026-05-06T15:30:00.000Z", ".json"))
    assert case.events[0].on == dt.date(2026, 5, 6)
    late = case_from_data({"events": [{"type": "coercive_execution", "at": "2026-05-06T17:00:00Z"}]})
    assert late.events[0].on == dt.date(2026, 5, 7)  # 01:00 the next day in Beijing


@pytest.mark.parametrize("at", ["2026-05-06", "2026-05-06T25:00", "2026-05-06T15:30+8", "yesterday"])
def test_a_malformed_date_time_names_the_accepted_forms(at: str) -> None:
    with pytest.raises(CaseError, match=r"events\[0\]\.at: expected a date and time YYYY-MM-DDTHH:MM"):
        case_from_data({"events": [{"type": "coercive_execution", "at": at}]})


ZONES = st.sampled_from(["UTC", "America/Los_Angeles", "Europe/Berlin", "Asia/Kolkata", "Pacific/Kiritimati",
                         "Pacific/Pago_Pago", "Asia/Kathmandu", "Asia/Shanghai"])


@settings(max_examples=150, deadline=None)
@given(moment=st.datetimes(min_value=dt.datetime(2021, 1, 1), max_value=dt.datetime(2026, 12, 20),
                           timezones=st.just(beijing.BEIJING)),
       zone=ZONES, as_yaml=st.booleans())
def test_the_same_instant_in_any_zone_gives_the_same_verdict(moment: dt.datetime, zone: str,
                                                             as_yaml: bool) -> None:
    moment = moment.replace(microsecond=0)
    local = moment.astimezone(ZoneInfo(zone)).isoformat()
    if as_yaml:
        data = parse_yaml(f"events:\n  - {{type: coercive_execution, at: {local}}}\n", "<case>", CaseError).data
    else:
        data = json.loads(json.dumps({"events": [{"type": "coercive_execution", "at": local}]}))
    beijing_wall = moment.replace(tzinfo=None).isoformat()
    reference = case_from_data({"events": [{"type": "coercive_execution", "at": beijing_wall}]})
    case = case_from_data(data)
    assert case == reference
    as_of = dt.date(2026, 12, 20)
    assert evaluate(WEIHAI, case, as_of=as_of) == evaluate(WEIHAI, reference, as_of=as_of)


def test_the_default_as_of_is_today_in_beijing_not_on_the_machine(monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str],
                                                                  tmp_path: Path) -> None:
    instant = dt.datetime(2026, 5, 6, 16, 30, tzinfo=dt.UTC)  # 00:30 on 2026-05-07 in Beijing

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Clock:
            moment = instant.astimezone(tz) if tz is not None else instant.replace(tzinfo=None)
            return cls.fromtimestamp(moment.timestamp(), tz)

    monkeypatch.setattr(beijing, "dt", types.SimpleNamespace(datetime=Clock, date=dt.date))
    assert beijing.today() == dt.date(2026, 5, 7)
    case = tmp_path / "case.yaml"
    case.write_text("events:\n  - {type: case_filed, on: 2026-03-10}\n", encoding="utf-8")
    assert main(["evaluate", str(case), "--profile", "weihai", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == "2026-05-07"
