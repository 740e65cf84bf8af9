"""The columnar plan against the scalar reference: same verdicts, field by field, on generated batches.

Each hypothesis example is a small batch (1–5 cases of the profile, some with declared facts and events, some
reshaped so that the fast reader must leave them to the reference: a null, a wrong type, an unknown key, a
same-day twin, an unknown obligation, an impossible date); all the examples of a profile are evaluated
together on each of four days (the plan's cost is per call), and the columnar verdict table must equal the
reference's on every field but ``path``. In CI (``CI=true``) 2,000 examples per profile, locally 100; a
second test compares one batch at a time, with shrinking.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from enforcement_rules import load_profile
from enforcement_rules._columnar import differences, evaluate_jsonl, paths
from enforcement_rules._kinds import deadline as deadline_kind
from enforcement_rules._limits import DEFAULT_LIMITS
from enforcement_rules._profile import Profile
from enforcement_rules.testing import case_data
from strategies import declared

PROFILES = ("weihai", "xuchang", "jincheng", "quzhou")
EXAMPLES = 2000 if os.environ.get("CI") else 100


@st.composite
def reshaped(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """Sometimes a shape the fast path must leave to the reference (which may call it an error)."""
    choice = draw(st.integers(0, 12))
    if choice == 0:
        data["act"]["decided_on"] = None
    elif choice == 1:
        data["act"]["type"] = 3
    elif choice == 2:
        data["unknown_key"] = True
    elif choice == 3 and data["events"]:
        data["events"].append(dict(data["events"][0]))  # a twin: same day, same type
    elif choice == 4:
        data["obligations"] = [*data.get("obligations", []), {"rule": "no_such_rule", "trigger": "2024-01-02"}]
    elif choice == 5:
        data["act"]["decided_on"] = "2024-02-30"
    return data


@st.composite
def batches(draw: st.DrawFn, profile: Profile) -> bytes:
    """1–5 JSON lines of the profile's cases, sometimes with a blank line."""
    cases = []
    for _ in range(draw(st.integers(1, 5))):
        data = draw(case_data(profile))
        data = draw(declared(profile, data))
        cases.append(draw(reshaped(data)))
    lines = [json.dumps(case, ensure_ascii=False) for case in cases]
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), "")  # a blank line gives no row
    return ("\n".join(lines) + "\n").encode()


def days_of(profile: Profile) -> list[dt.date]:
    """The days a profile's batches are evaluated on: across its generated cases' years and after them (with
    events after the day, periods running, periods run out)."""
    first = min(day for day in (i.first_day for i in profile.instruments.values()) if day is not None)
    start = max(first, dt.date(2021, 1, 1))
    return [start + dt.timedelta(days=200), dt.date(2024, 3, 1), dt.date(2026, 11, 24), dt.date(2026, 12, 20)]


@pytest.mark.parametrize("name", PROFILES)
def test_columnar_verdicts_equal_the_reference(name: str) -> None:
    """EXAMPLES generated batches per profile, evaluated together on each of a few days (one plan run per day:
    the plan's cost is per call, not per row), every field of every row held to the reference."""
    profile = load_profile(name)
    collected: list[bytes] = []

    @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(batch=batches(profile))
    def collect(batch: bytes) -> None:
        collected.append(batch)

    collect()
    assert len(collected) == EXAMPLES
    data = b"".join(collected)
    for as_of in days_of(profile):
        assert differences(profile, data, as_of=as_of) == [], as_of


@pytest.mark.parametrize("name", PROFILES)
def test_one_batch_at_a_time_shrinks_to_the_difference(name: str) -> None:
    """The same comparison one generated batch at a time (fewer examples, with shrinking: a failure here names
    the smallest batch that shows it)."""
    profile = load_profile(name)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                     HealthCheck.data_too_large])
    @given(batch=batches(profile), as_of=st.sampled_from(days_of(profile)))
    def check(batch: bytes, as_of: dt.date) -> None:
        assert differences(profile, batch, as_of=as_of) == []

    check()


def test_most_generated_rows_take_the_columnar_path() -> None:
    """The plan is not a pass-through to the reference: plain generated cases stay columnar."""
    profile = load_profile("jincheng")
    lines = []
    for index in range(40):
        filed = dt.date(2022, 3, 1) + dt.timedelta(days=7 * index)
        lines.append(json.dumps({"id": f"J{index}", "act": {"defects": ["ultra_vires"], "decided_on": "2022-01-04"},
                                 "events": [{"type": "case_filed", "on": filed.isoformat()}]}))
    table = evaluate_jsonl(profile, ("\n".join(lines) + "\n").encode(), as_of=dt.date(2023, 6, 1))
    assert paths(table) == {"columnar": 40, "scalar": 0, "error": 0}


def test_a_broken_vectorized_rule_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The differential check fails when a vectorized form is wrong: here ``met`` and ``late`` swapped."""
    profile = load_profile("jincheng")
    # 第十条第二款: 5 working days from the 决定书 received on Monday 2022-03-07 → due Monday 2022-03-14; a review
    # requested on 2022-03-10 is in time (met).
    line = {"act": {"decided_on": "2022-01-04"},
            "events": [{"type": "case_filed", "on": "2022-03-01"}, {"type": "decision_received", "on": "2022-03-07"},
                       {"type": "review_requested", "on": "2022-03-10"}]}
    data = (json.dumps(line) + "\n").encode()
    assert differences(profile, data, as_of=dt.date(2022, 6, 1)) == []
    original = deadline_kind.vector_state

    def broken(due: Any, done: Any, as_of: dt.date, *, right: bool, bar: bool) -> Any:
        import polars as pl  # noqa: PLC0415

        state = original(due, done, as_of, right=right, bar=bar)
        return pl.when(state == "met").then(pl.lit("late")).otherwise(state)

    monkeypatch.setattr(deadline_kind, "vector_state", broken)
    profile.memo.clear()  # the compiled plan is remembered per profile
    found = differences(profile, data, as_of=dt.date(2022, 6, 1))
    assert found and "deadlines" in found[0], found


def test_validate_columnar_checks_a_profile(capsys: pytest.CaptureFixture[str]) -> None:
    from enforcement_rules._cli import main  # noqa: PLC0415

    assert main(["validate", "--columnar", "--examples", "5", "profiles/jincheng.yaml"]) == 0
    assert "columnar plan equals the reference on 5 generated batches" in capsys.readouterr().out


def test_an_overlong_line_is_an_error_row_as_in_the_reference() -> None:
    profile = load_profile("jincheng")
    long_id = "x" * (DEFAULT_LIMITS.max_line_bytes + 10)
    data = (json.dumps({"id": long_id}) + "\n" + json.dumps({"id": "ok"}) + "\n").encode()
    rows = evaluate_jsonl(profile, data, as_of=dt.date(2023, 6, 1)).to_pylist()
    assert [row["path"] for row in rows] == ["error", "columnar"]
    assert "over the limit" in rows[0]["error"]
