"""The HTTP service through a real server: uvicorn started here on 127.0.0.1 (a free port), httpx as the client."""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib.util
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

import enforcement_rules as er
from enforcement_rules._serve import create_app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "weihai-opinion-overdue.yaml"
PROBLEM = "application/problem+json"


def _serve(**limits: Any) -> Iterator[str]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(**limits), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    listener.close()


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    yield from _serve()


@pytest.fixture(scope="module")
def strict_base() -> Iterator[str]:
    yield from _serve(max_body_bytes=4000, max_batch=2)


def _example() -> dict[str, Any]:
    return er.parse_case(EXAMPLE).model_dump(mode="json")


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status
    assert problem["title"]
    assert problem["detail"]
    return problem


# -- reading ----------------------------------------------------------------------------------------------

def test_healthz_answers_with_the_version_and_the_calendar(base: str) -> None:
    health = httpx.get(f"{base}/healthz").json()
    assert health == {"status": "ok", "version": er.__version__, "calendar_years": [2004, 2026]}


def test_profiles_are_listed_and_shown_by_name(base: str) -> None:
    listed = httpx.get(f"{base}/v1/profiles").json()
    assert [entry["name"] for entry in listed] == er.list_profiles()
    weihai = httpx.get(f"{base}/v1/profiles/weihai").json()
    assert weihai == er.load_profile("weihai").model_dump(mode="json", by_alias=True)
    assert _problem(httpx.get(f"{base}/v1/profiles/hangzhou"), 404)["key"] == "profile"


@pytest.mark.parametrize("name", ["profiles/weihai.yaml", "../profiles/weihai", "/etc/passwd", "Weihai"])
def test_a_request_names_a_profile_never_a_path(base: str, name: str) -> None:
    response = httpx.post(f"{base}/v1/evaluate", json={"profile": name, "case": {}})
    problem = _problem(response, 422)
    assert problem["key"] == "profile"
    assert "never a path" in problem["detail"]


def test_coverage_waits_for_the_rule_language_change(base: str) -> None:
    response = httpx.get(f"{base}/v1/coverage/weihai")
    if importlib.util.find_spec("enforcement_rules._coverage") is None:
        assert "coverage_table" in _problem(response, 501)["detail"]
    else:
        assert response.status_code == 200


def test_the_openapi_document_comes_from_the_models(base: str) -> None:
    document = httpx.get(f"{base}/openapi.json").json()
    assert {"/v1/evaluate", "/v1/compare", "/v1/deadline", "/v1/profiles", "/v1/profiles/{name}",
            "/v1/coverage/{name}", "/healthz"} <= set(document["paths"])
    schemas = document["components"]["schemas"]
    assert {"Report", "Case", "Deadline", "ProblemDetail", "EvaluateRequest"} <= set(schemas)
    assert set(schemas["Report"]["properties"]) == set(er.Report.model_fields)


# -- evaluating -------------------------------------------------------------------------------------------

def test_evaluate_returns_the_librarys_report(base: str) -> None:
    response = httpx.post(f"{base}/v1/evaluate", json={"profile": "weihai", "as_of": "2026-11-22",
                                                       "case": _example()})
    assert response.status_code == 200
    expected = er.evaluate("weihai", er.parse_case(EXAMPLE), as_of=dt.date(2026, 11, 22))
    assert response.json() == expected.model_dump(mode="json")
    assert response.json()["disposition"]["outcome"] == "government_decides"


def test_evaluate_explains_in_the_language_asked_for(base: str) -> None:
    response = httpx.post(f"{base}/v1/evaluate", json={"profile": "weihai", "as_of": "2026-11-22",
                                                       "case": _example(), "language": "en"})
    assert response.status_code == 200
    expected = er.evaluate("weihai", er.parse_case(EXAMPLE), as_of=dt.date(2026, 11, 22), language="en")
    assert response.json() == expected.model_dump(mode="json")
    chinese = er.evaluate("weihai", er.parse_case(EXAMPLE), as_of=dt.date(2026, 11, 22))
    assert response.json()["explanation"] != chinese.model_dump(mode="json")["explanation"]
    batch = httpx.post(f"{base}/v1/evaluate", json={"profile": "weihai", "as_of": "2026-11-22",
                                                    "cases": [_example()], "language": "en"}).json()
    assert batch["results"][0]["report"]["explanation"] == response.json()["explanation"]


def test_a_javascript_timestamp_is_beijing_time_over_http(base: str) -> None:
    # "2026-05-06T15:30:00.000Z" is 23:30 in Beijing on a Wednesday: inside the night ban (22:00–06:00)
    case = {"events": [{"type": "coercive_execution", "at": "2026-05-06T15:30:00.000Z"}]}
    report = httpx.post(f"{base}/v1/evaluate", json={"profile": "weihai", "as_of": "2026-06-01",
                                                     "case": case}).json()
    assert {p["rule"]: p["status"] for p in report["procedure"]}["no_night_or_holiday_execution"] == "violated"


def test_a_batch_keeps_each_cases_id(base: str) -> None:
    cases = [{"id": "A", "events": [{"type": "case_filed", "on": "2026-03-10"}]}, {"id": "B"}]
    results = httpx.post(f"{base}/v1/evaluate", json={"profile": "jincheng", "as_of": "2026-11-22",
                                                      "cases": cases}).json()["results"]
    assert [(r["index"], r["case_id"], r["report"]["profile"]) for r in results] == [(0, "A", "jincheng"),
                                                                                       (1, "B", "jincheng")]


def test_compare_answers_for_every_bundled_profile(base: str) -> None:
    answer = httpx.post(f"{base}/v1/compare", json={"as_of": "2026-11-22", "case": _example()}).json()
    assert list(answer) == er.list_profiles()


def test_deadline_returns_the_due_date(base: str) -> None:
    answer = httpx.post(f"{base}/v1/deadline", json={"profile": "weihai", "rule": "decision_disclosure",
                                                     "trigger": "2026-09-30"}).json()
    # 2026-09-30 + 7 working days: 10-01..10-07 National Day off, 10-08, 10-09, 10-10 (make-up Saturday), 10-12,
    # 10-13, 10-14, 10-15 → 2026-10-15
    assert (answer["due"], answer["status"]) == ("2026-10-15", "ok")
    annual = httpx.post(f"{base}/v1/deadline", json={"profile": "weihai", "rule": "annual_plan_filing",
                                                     "trigger": 2026}).json()
    assert annual["due"] == "2026-02-02"  # 01-31 is a Saturday → Monday 02-02 (C5)


# -- bad input ----------------------------------------------------------------------------------------------

def test_an_invalid_case_lists_every_error_with_its_key_did_you_mean_first(base: str) -> None:
    case = {"events": [{"type": "case_filed", "on": "2026-02-30"}, {"type": "case_fild", "on": "2026-03-01"}],
            "act": {"defetcs": []}}
    problem = _problem(httpx.post(f"{base}/v1/evaluate", json={"profile": "weihai", "case": case}), 422)
    keys = [error["key"] for error in problem["errors"]]
    assert keys[0] == "case.act.defetcs"
    assert "did you mean 'defects'?" in problem["errors"][0]["message"]
    assert set(keys) == {"case.act.defetcs", "case.events[0].on", "case.events[1].type"}
    assert problem["key"] == "case.act.defetcs"


def test_malformed_json_and_a_wrong_shape_are_problems(base: str) -> None:
    _problem(httpx.post(f"{base}/v1/evaluate", content=b"{not json", headers={"content-type": "application/json"}),
             422)
    assert _problem(httpx.post(f"{base}/v1/evaluate", json={"profile": "weihai"}), 422)["key"] == "case"
    assert _problem(httpx.post(f"{base}/v1/deadline", json={"profile": "weihai", "rule": "nope",
                                                            "trigger": "2026-01-01"}), 404)["key"] == "rule"
    _problem(httpx.get(f"{base}/v2/nothing"), 404)


def test_a_year_outside_the_calendar_is_a_problem_naming_it(base: str) -> None:
    problem = _problem(httpx.post(f"{base}/v1/deadline", json={"profile": "weihai", "rule": "case_handling",
                                                               "trigger": "2026-11-05"}), 422)
    assert problem["title"] == "Calendar coverage"
    assert "2027" in problem["detail"]


def test_the_body_size_and_the_batch_length_are_limited(strict_base: str) -> None:
    big = {"profile": "weihai", "case": {"id": "x" * 5000}}
    assert "4000 bytes" in _problem(httpx.post(f"{strict_base}/v1/evaluate", json=big), 413)["detail"]
    cases = [{"id": str(n)} for n in range(3)]
    problem = _problem(httpx.post(f"{strict_base}/v1/evaluate", json={"profile": "weihai", "cases": cases}), 413)
    assert problem["key"] == "cases"
    ok = httpx.post(f"{strict_base}/v1/evaluate", json={"profile": "weihai", "cases": cases[:2],
                                                        "as_of": "2026-11-22"})
    assert ok.status_code == 200


def test_a_concurrent_burst_gets_every_answer_right(base: str) -> None:
    expected = er.evaluate("weihai", er.parse_case(EXAMPLE), as_of=dt.date(2026, 11, 22)).model_dump(mode="json")

    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            requests = [client.post("/v1/evaluate", json={"profile": "weihai", "as_of": "2026-11-22",
                                                          "case": _example()}) for _ in range(40)]
            requests += [client.get("/healthz") for _ in range(10)]
            return await asyncio.gather(*requests)

    responses = asyncio.run(burst())
    assert [r.status_code for r in responses] == [200] * 50
    assert all(r.json() == expected for r in responses[:40])


# -- the command ----------------------------------------------------------------------------------------------

def test_enforcement_rules_serve_answers_healthz(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "ENFORCEMENT_RULES_CALENDAR_DIR": str(tmp_path)}
    server = subprocess.Popen([sys.executable, "-m", "enforcement_rules", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                assert time.monotonic() < deadline, "serve did not answer within 30 s"
                time.sleep(0.1)
        assert health.status_code == 200
        assert json.loads(health.text)["status"] == "ok"
    finally:
        server.terminate()
        server.wait(10)


def test_a_servers_profiles_dir_adds_names_and_still_no_paths(tmp_path: Path) -> None:
    (tmp_path / "weihai_three.yaml").write_bytes(
        (ROOT / "examples" / "profiles" / "weihai-case-handling-3-months.yaml").read_bytes())
    served = _serve(profiles_dir=tmp_path)
    base = next(served)
    try:
        assert "weihai_three" in [entry["name"] for entry in httpx.get(f"{base}/v1/profiles").json()]
        case = {"events": [{"type": "case_filed", "on": "2026-03-10"}]}
        report = httpx.post(f"{base}/v1/evaluate", json={"profile": "weihai_three", "as_of": "2026-11-22",
                                                         "case": case}).json()
        # 3 months from 2026-03-10 = 2026-06-10 (Wednesday), never closed: overdue on 2026-11-22
        assert [(d["rule"], d["due"], d["status"]) for d in report["deadlines"]] == [
            ("case_handling", "2026-06-10", "overdue")]
        assert _problem(httpx.post(f"{base}/v1/evaluate", json={"profile": str(tmp_path / "weihai_three.yaml"),
                                                                "case": case}), 422)["key"] == "profile"
    finally:
        next(served, None)
