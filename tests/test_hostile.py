"""Hostile and careless input (issue 11): every hand-made bad input under ``tests/fixtures/hostile/`` gets a
one-line error naming the place, or a correct result; nothing exits 70; a batch never dies.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from enforcement_rules import CaseError, Limits, evaluate_many, load_case, load_profile
from enforcement_rules._cli import main
from enforcement_rules._documents import parse_yaml

ROOT = Path(__file__).resolve().parent
HOSTILE = ROOT / "fixtures" / "hostile"
AS_OF = "2026-11-22"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def evaluate(capsys: pytest.CaptureFixture[str], name: str, *more: str) -> tuple[int, str, str]:
    return run(capsys, "evaluate", str(HOSTILE / name), "--profile", "weihai", "--as-of", AS_OF, *more)


def assert_one_line_error(code: int, out: str, err: str, *fragments: str) -> None:
    """Exit 2, nothing on stdout, exactly one line on stderr holding every fragment (with one program-name
    prefix: "enforcement-rules: …", or "enforcement-rules COMMAND: …" for a usage error)."""
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("enforcement-rules"), err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


# -- one test per hand-made bad case file: (fixture, the words the one-line error must hold) ---------------

REFUSED = {
    "invalid-utf8.yaml": ["invalid-utf8.yaml:", "not UTF-8 text (line 3"],
    "duplicate-key.json": ["duplicate-key.json:5: act.type: duplicate key 'type'"],
    "duplicate-key.yaml": ["duplicate-key.yaml:4: act.type: duplicate key 'type' (first at line 3)"],
    "huge-integer.json": ["huge-integer.json:3:", "an integer of 5000 digits is over the limit of 20"],
    "huge-integer.yaml": ["huge-integer.yaml:3: obligations[0].year: an integer of 5000 digits"],
    "deep-array.json": ["deep-array.json", "nested deeper than 32 levels"],
    "deep-flow.yaml": ["deep-flow.yaml", "nested deeper than 32 levels"],
    "date-9999.json": ["date-9999.json:3: act.decided_on: 9999-12-31 is outside the supported range "
                       "1949-10-01 … 2099-12-31"],
    "date-1900.yaml": ["date-1900.yaml:3: events[0].on: 1900-01-01 is outside the supported range"],
    "year-9999.yaml": ["year-9999.yaml:3: obligations[0].year"],
    "unknown-obligation-rule.yaml": ["unknown-obligation-rule.yaml:4: obligations[1].rule: 'no_such_rule'"],
    # 第三十九条: 延长期限不得超过1个月; two approvals of 1 month add up to 2 (SPEC §4c).
    "extension-over-maximum.yaml": ["extension-over-maximum.yaml:5: events[2].months: extensions of 2 months"],
    "document-deadline-before-receipt.yaml": ["document-deadline-before-receipt.yaml:4: events[0]",
                                              "2026-09-01 is before it was received (2026-09-05)"],
    "nan.json": ["nan.json:1: NaN is not a JSON number"],
    "alias-bomb.yaml": ["alias-bomb.yaml:", "document too large"],
    "not-a-mapping.json": ["not-a-mapping.json:1: a case is a mapping"],
    "empty.json": ["empty.json:1: invalid JSON"],
}


@pytest.mark.parametrize("fixture", sorted(REFUSED))
def test_a_bad_case_file_is_one_line_naming_the_place(capsys: pytest.CaptureFixture[str], fixture: str) -> None:
    assert_one_line_error(*evaluate(capsys, fixture), *REFUSED[fixture])
    assert_one_line_error(*evaluate(capsys, fixture, "--json"), *REFUSED[fixture])


def test_json_indented_with_tabs_is_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = evaluate(capsys, "tabs.json", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["admission"]["verdict"] == "admit"


def test_a_bom_is_dropped_from_a_case_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = evaluate(capsys, "bom.json", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["status"] == "ok"


def test_yaml_is_read_as_yaml_1_2_so_22_00_is_a_string_not_1320() -> None:
    assert load_case(HOSTILE / "base60.yaml").id == "22:00"
    data = parse_yaml("a: 22:00\nb: 012\nc: 0o17\nd: 0x1F\ne: 1_000\nf: 1e3\ng: on\n", "t", CaseError).data
    assert data == {"a": "22:00", "b": 12, "c": 15, "d": 31, "e": "1_000", "f": 1000.0, "g": "on"}


def test_a_lone_surrogate_in_an_id_is_escaped_in_human_and_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = evaluate(capsys, "surrogate-id.json")
    assert (code, err) == (0, "")
    assert "WH-\\ud800" in out.splitlines()[0]
    code, out, err = evaluate(capsys, "surrogate-id.json", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["profile"] == "weihai"


def test_a_lone_surrogate_in_a_scenario_name_is_escaped_by_test(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "test", "-v", str(HOSTILE / "scenario-surrogate-name.yaml"))
    if code == 2:  # libyaml refuses the escape of a lone surrogate (PyYAML's pure-Python reader accepts it)
        # `test` reports the invalid file (one line on stderr) and still prints its summary
        assert err.count("\n") == 1 and "scenario-surrogate-name.yaml:1" in err and "invalid YAML" in err, err
        assert out == "0 passed, 0 failed, 1 invalid\n"
    else:
        assert (code, err) == (0, "")
        assert "名称 \\ud800" in out and out.endswith("1 passed, 0 failed\n")


def test_test_on_a_folder_without_scenarios_fails_clearly(capsys: pytest.CaptureFixture[str],
                                                          tmp_path: Path) -> None:
    assert_one_line_error(*run(capsys, "test", str(tmp_path)), str(tmp_path), "no scenarios found")


# -- the command line's own dates --------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["deadline", "weihai", "case_handling", "9999-12-31"],
    ["deadline", "weihai", "annual_report", "9999"],
    ["evaluate", str(HOSTILE / "tabs.json"), "--profile", "weihai", "--as-of", "9999-12-31"],
    ["evaluate", str(HOSTILE / "tabs.json"), "--profile", "weihai", "--as-of", "1900-01-01"],
])
def test_a_date_outside_the_supported_range_is_refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert_one_line_error(*run(capsys, *argv), "outside the supported range")


def test_a_period_past_the_calendar_is_an_error_not_an_overflow(capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path) -> None:
    text = (ROOT.parent / "profiles" / "weihai.yaml").read_text(encoding="utf-8")
    profile = tmp_path / "weihai-forever.yaml"
    profile.write_text(text.replace("unit: months\n      amount: 2\n", "unit: months\n      amount: 1000000\n"),
                       encoding="utf-8")
    # 2026-03-02 + 1,000,000 months is in the year 85359: past any calendar. Whether the profile model refuses
    # the period at load or the arithmetic refuses the date, it is one line and exit 2.
    assert_one_line_error(*run(capsys, "deadline", str(profile), "case_handling", "2026-03-02"))


# -- profiles --------------------------------------------------------------------------------------------

def test_show_of_a_profile_without_rules_prints_all_or_nothing(capsys: pytest.CaptureFixture[str],
                                                               tmp_path: Path) -> None:
    text = (ROOT.parent / "profiles" / "quzhou.yaml").read_text(encoding="utf-8")
    profile = tmp_path / "empty.yaml"
    profile.write_text(text[:text.index("\nrules:")] + "\nrules: {}\n", encoding="utf-8")
    code, out, err = run(capsys, "show", str(profile))
    if code == 0:
        assert err == "" and out.endswith("Rules\n  (none)\n")
    else:
        assert_one_line_error(code, out, err, str(profile))


def test_a_source_text_that_is_not_utf8_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import enforcement_rules._lint as lint  # noqa: PLC0415 - the sources directory is swapped for this test

    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "quzhou-2022-interim-measures.txt").write_bytes("第一条 为了".encode("gb18030"))
    monkeypatch.setattr(lint, "sources_dir", lambda: sources)
    lint._raw_source.cache_clear()
    try:
        code, out, err = run(capsys, "validate", str(ROOT.parent / "profiles" / "quzhou.yaml"))
    finally:
        lint._raw_source.cache_clear()
    assert_one_line_error(code, out, err.replace("invalid  ", "enforcement-rules: "),
                          "quzhou-2022-interim-measures.txt", "not UTF-8 text")


# -- batches ---------------------------------------------------------------------------------------------

def records(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_a_mixed_batch_gives_one_record_per_line_and_every_good_line_a_report(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Every known bad kind between good lines: a lone surrogate where a string is parsed, invalid UTF-8, a
    5,000-digit integer, a 10,000-deep array, a date in 9999, a duplicate key, NaN, an unknown obligation rule,
    an extension over the maximum, a document deadline before its receipt, an unknown defect, broken JSON, a
    list, a bare CR inside a line, tabs, an id that is a number."""
    code, out, err = evaluate(capsys, "mixed.jsonl")
    assert (code, err) == (1, "")
    lines = (HOSTILE / "mixed.jsonl").read_bytes().split(b"\n")[:-1]
    got = records(out)
    assert [record["line"] for record in got] == list(range(1, len(lines) + 1)) == list(range(1, 19))
    good = {1: "GOOD-A", 15: "CR-1", 16: "TAB-1", 18: "GOOD-Z"}
    for record in got:
        if record["line"] in good:
            assert record["case"] == good[record["line"]]
            assert set(record) == {"line", "case", "report"}
        else:
            error = record["error"]
            assert isinstance(error, dict) and error["type"] == "CaseError"
            assert error["message"].startswith(f"{HOSTILE / 'mixed.jsonl'}:{record['line']}: ")
    by_line = {record["line"]: record for record in got}
    assert by_line[6]["case"] == "LATE-1"  # the id is kept when the line could be read that far
    assert by_line[3]["case"] is None  # not UTF-8: nothing could be read


def test_the_same_batch_on_stdin_with_a_bom_and_crlf_gives_the_same_records(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    raw = (HOSTILE / "mixed.jsonl").read_bytes()
    _, expected, _ = evaluate(capsys, "mixed.jsonl")
    stdin = io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n")), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    code, out, err = run(capsys, "evaluate", "-", "--profile", "weihai", "--as-of", AS_OF)
    assert (code, err) == (1, "")
    assert out == expected.replace(str(HOSTILE / "mixed.jsonl"), "<stdin>")


@pytest.mark.parametrize(("fixture", "cases"), [("crlf.jsonl", ["GOOD-1"] * 3), ("bom.jsonl", ["GOOD-1"] * 2),
                                                ("bare-cr.jsonl", ["CR-1", "GOOD-1"])])
def test_line_breaks_and_a_bom_are_read_like_any_jsonl_reader(capsys: pytest.CaptureFixture[str], fixture: str,
                                                             cases: list[str]) -> None:
    code, out, err = evaluate(capsys, fixture)
    assert (code, err) == (0, "")
    assert [record["case"] for record in records(out)] == cases


@pytest.mark.parametrize("fixture", ["empty.jsonl", "blank-lines-only.jsonl"])
def test_an_empty_batch_is_a_clear_error(capsys: pytest.CaptureFixture[str], fixture: str) -> None:
    assert_one_line_error(*evaluate(capsys, fixture), fixture, "the batch is empty")


def test_a_closed_stdin_is_a_clear_error(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", None)
    assert_one_line_error(*run(capsys, "evaluate", "-", "--profile", "weihai"), "standard input is closed")


def test_an_unexpected_exception_is_that_lines_record(monkeypatch: pytest.MonkeyPatch) -> None:
    import enforcement_rules._evaluate as evaluator  # noqa: PLC0415

    real = evaluator._evaluate

    def flaky(profile, case, as_of, calendar, *, skip_unknown_obligations, language="zh"):  # type: ignore[no-untyped-def]
        if case.id == "BOOM":
            raise OverflowError("date value out of range")
        return real(profile, case, as_of, calendar, skip_unknown_obligations=skip_unknown_obligations,
                    language=language)

    monkeypatch.setattr(evaluator, "_evaluate", flaky)
    lines = [b'{"id": "A"}', b'{"id": "BOOM"}', b'{"id": "C"}']
    import datetime as dt  # noqa: PLC0415

    results = list(evaluate_many("weihai", lines, as_of=dt.date(2026, 11, 22), file="b.jsonl"))
    assert [(r.line, r.case_id, r.report is not None) for r in results] == [(1, "A", True), (2, "BOOM", False),
                                                                          (3, "C", True)]
    assert type(results[1].error).__name__ == "EvaluationError"
    assert str(results[1].error) == ("b.jsonl:2: internal error (OverflowError: date value out of range); "
                                     "please report it")


def test_an_overlong_line_is_skipped_without_being_held(capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt  # noqa: PLC0415

    good = b'{"id": "A"}\n'
    stream = io.BytesIO(good + b'{"id": "' + b"x" * 5000 + b'"}\n' + good)
    results = list(evaluate_many("weihai", stream, as_of=dt.date(2026, 11, 22),
                                 limits=Limits(max_line_bytes=1000)))
    assert [(r.line, r.case_id) for r in results] == [(1, "A"), (2, None), (3, "A")]
    assert "a line of 5010 bytes is over the limit of 1000 bytes" in str(results[1].error)


def test_a_small_batch_runs_in_flat_memory() -> None:
    """4,000 lines (1% bad) peak no higher than 800 lines: memory does not grow with the input (the
    1,000,000-line run is benchmarks/bench_batch.py)."""
    import datetime as dt  # noqa: PLC0415

    good = (ROOT.parent / "examples" / "batch.jsonl").read_bytes().splitlines()
    bad = [b'{"id": "BAD", "id": 1}', b"\xff", b"[" * 100, b'{"act": {"decided_on": "9999-12-31"}}']
    profile = load_profile("weihai")

    def peak(count: int) -> int:
        def lines() -> Iterator[bytes]:
            for number in range(count):
                yield bad[number // 100 % len(bad)] if number % 100 == 99 else good[number % len(good)]

        tracemalloc.start()
        results = sum(1 for _ in evaluate_many(profile, lines(), as_of=dt.date(2026, 11, 22)))
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert results == count
        return top

    small, large = peak(800), peak(4_000)
    assert large < small * 1.5 + 1_000_000, (small, large)


# -- size and time: a 200 MB case and /dev/zero --------------------------------------------------------------

# The child reports its own peak RSS (VmHWM: the peak of this process image, unlike ru_maxrss, which keeps the
# peak of the pytest process it was forked from).
_CHILD = """
import sys
from enforcement_rules._cli import main
code = main(sys.argv[2:])
with open("/proc/self/status") as status, open(sys.argv[1], "w") as out:
    out.write(next(line for line in status if line.startswith("VmHWM:")).split()[1])
sys.exit(code)
"""


def _measured(path: Path, tmp_path: Path) -> tuple[int, float, int, str]:
    """Run the CLI on ``path`` in a child process: (exit code, seconds, the child's peak RSS in MB, stderr)."""
    peak = tmp_path / "peak"
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CHILD, str(peak), "evaluate", str(path), "--profile", "weihai"],
                          capture_output=True, text=True, timeout=60, check=False)
    seconds = time.perf_counter() - start
    assert done.stdout == ""
    return done.returncode, seconds, int(peak.read_text()) // 1024, done.stderr


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="measures VmHWM (Linux)")
def test_a_200_mb_case_file_is_refused_in_under_2_s_and_100_mb(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as stream:  # sparse: 200 MB of file, no 200 MB of disk
        stream.truncate(200 * 1024 * 1024)
    code, seconds, megabytes, err = _measured(huge, tmp_path)
    assert code == 2 and "over the limit of 8388608 bytes" in err
    assert seconds < 2 and megabytes < 100, (seconds, megabytes)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="measures VmHWM (Linux)")
def test_dev_zero_is_refused_not_read_forever(tmp_path: Path) -> None:
    code, seconds, megabytes, err = _measured(Path("/dev/zero"), tmp_path)
    assert code == 2 and "over the limit" in err
    assert seconds < 5 and megabytes < 100, (seconds, megabytes)
    with pytest.raises(CaseError, match="over the limit of 1000 bytes"):
        load_case("/dev/zero", limits=Limits(max_file_bytes=1000))


def test_a_limit_can_be_raised_or_lowered_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_line_error(*evaluate(capsys, "huge-integer.yaml", "--limit", "max_int_digits=4300"),
                          "huge-integer.yaml:3: obligations[0].year: an integer of 5000 digits", "limit of 4300")
    assert_one_line_error(*evaluate(capsys, "date-1900.yaml", "--limit", "first_date=1920-01-01"),
                          "1900-01-01 is outside the supported range 1920-01-01 … 2099-12-31")
    # Admitted by a wider range, 1900 is simply before weihai's measures took effect (2021-01-01).
    code, out, err = evaluate(capsys, "date-1900.yaml", "--limit", "first_date=1800-01-01", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["status"] == "not_in_force"
    code, out, err = evaluate(capsys, "bom.jsonl", "--limit", "max_line_bytes=100")
    assert (code, err) == (1, "")
    assert [record["error"]["message"] for record in records(out)] == [  # type: ignore[index]
        f"{HOSTILE / 'bom.jsonl'}:{line}: a line of {size} bytes is over the limit of 100 bytes"
        for line, size in ((1, 3 + 128), (2, 128))]  # the BOM's 3 bytes are part of line 1
    assert_one_line_error(*evaluate(capsys, "bom.json", "--limit", "max_depth=0"), "max_depth")
    assert_one_line_error(*evaluate(capsys, "bom.json", "--limit", "max_int_digits=5000"), "at most 4300")


@pytest.mark.parametrize(("name", "text"), [
    ("many-keys.json", json.dumps({"id": "K", "act": {f"k{index}": index for index in range(50_000)}}, indent=0)),
    ("many-values.json", json.dumps({"id": "V", "bars": ["x"] * 200_000})),
    ("many-values.yaml", "id: V\nbars: [" + ", ".join(["x"] * 200_000) + "]\n"),
    ("many-keys.yaml", "id: K\nact:\n" + "".join(f"  k{index}: {index}\n" for index in range(50_000))),
])
def test_a_large_document_is_refused_in_bounded_time_and_memory(tmp_path: Path, name: str, text: str) -> None:
    """About 1 MB each: 50,000 keys in one mapping (once 24 s in the YAML reader), or 200,000 values."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    size = path.stat().st_size
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(CaseError) as caught:
        load_case(path)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert any(words in str(caught.value) for words in (
        "50000 keys in one mapping, over the limit of 1000", "more than 1000 keys in one mapping",
        "document too large (over 100000 values)")), caught.value
    assert str(caught.value).startswith(f"{path}:")  # the line of the place
    # Memory: under 10x the file (plus the reader's fixed cost). Time: ~1 s on an idle core; the bound is loose
    # because tracemalloc slows allocation-heavy code several times over and CI machines are shared.
    assert peak < 10 * size + 5_000_000, (peak, size)
    assert seconds < 30, seconds


@pytest.mark.parametrize("command", ["evaluate", "validate"])
def test_control_characters_in_a_file_name_are_escaped_so_an_error_stays_one_line(
        capsys: pytest.CaptureFixture[str], command: str) -> None:
    argv = [command, "a\nb\x85c\u2028d\x00.yaml"] + (["--profile", "weihai"] if command == "evaluate" else [])
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.splitlines() == [err.rstrip("\n")]  # str.splitlines() also breaks at \x85 and \u2028
    assert "a\\nb\\x85c\\u2028d\\x00.yaml" in err
