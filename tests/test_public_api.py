"""The public typed API (SPEC §8): parse_case, render_report, event classes that default their tag, evaluate's
TypeError, __version__, and the README snippet and tests/typing/consumer.py under mypy --strict."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import re
from pathlib import Path

import pytest
from mypy import api as mypy_api

import enforcement_rules as er
from enforcement_rules._cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "weihai-opinion-overdue.yaml"
AS_OF = dt.date(2026, 11, 22)


# -- parse_case --------------------------------------------------------------------------------------

def test_parse_case_reads_a_mapping_text_bytes_and_a_path_alike() -> None:
    from_path = er.parse_case(EXAMPLE)
    text = EXAMPLE.read_text(encoding="utf-8")
    assert er.parse_case(text) == from_path
    assert er.parse_case(text.encode("utf-8")) == from_path
    assert er.parse_case(json.loads(json.dumps(from_path.model_dump(mode="json")))) == from_path
    assert er.parse_case('{"events": [{"type": "case_filed", "on": "2026-05-12"}]}').events[0].on == \
        dt.date(2026, 5, 12)


def test_parse_case_names_the_line_and_key_of_an_error() -> None:
    with pytest.raises(er.CaseError) as caught:
        er.parse_case("id: x\nevents:\n  - {type: case_filed, on: 2026-02-30}\n")
    assert (caught.value.line, caught.value.key) == (3, "events[0].on")


def test_parse_case_says_a_str_is_text_and_a_file_is_a_path() -> None:
    with pytest.raises(er.CaseError, match=r"pass a pathlib\.Path"):
        er.parse_case(str(EXAMPLE))
    with pytest.raises(er.CaseError, match="not UTF-8"):
        er.parse_case(b"\xff\xfe events")
    with pytest.raises(TypeError, match="parse_case takes a mapping"):
        er.parse_case(42)  # type: ignore[arg-type]


# -- events default their tag; evaluate says what to pass ----------------------------------------------

def test_event_classes_default_their_tag_and_evaluate_like_parsed_ones() -> None:
    built = er.Case(events=[er.CaseFiled(on=dt.date(2026, 3, 10)), er.CaseClosed(on=dt.date(2026, 5, 11))])
    parsed = er.parse_case({"events": [{"type": "case_filed", "on": "2026-03-10"},
                                       {"type": "case_closed", "on": "2026-05-11"}]})
    assert built == parsed
    assert built.events[0].type == "case_filed"
    assert er.CoerciveExecution(at=dt.datetime(2026, 5, 6, 23, 30)).type == "coercive_execution"
    # 2026-03-10 + 2 months = 2026-05-10, a Sunday → due 05-11; closed 05-11: met (C6)
    deadline = er.evaluate("weihai", built, as_of=AS_OF).deadlines[0]
    assert (deadline.rule, deadline.due, deadline.status) == ("case_handling", dt.date(2026, 5, 11), "met")


@pytest.mark.parametrize("wrong", [{"events": []}, EXAMPLE, str(EXAMPLE)])
def test_evaluate_given_a_dict_or_a_path_says_to_parse_the_case_first(wrong: object) -> None:
    with pytest.raises(TypeError, match=r"evaluate\(\) takes a Case.*parse_case"):
        er.evaluate("weihai", wrong, as_of=AS_OF)  # type: ignore[arg-type]


def test_evaluate_given_something_that_is_not_a_profile_says_to_load_it() -> None:
    with pytest.raises(TypeError, match="load_profile"):
        er.evaluate(EXAMPLE, er.Case(), as_of=AS_OF)  # type: ignore[arg-type]


# -- render_report ---------------------------------------------------------------------------------------

def test_render_report_text_is_what_the_cli_prints(capsys: pytest.CaptureFixture[str]) -> None:
    report = er.evaluate("weihai", er.parse_case(EXAMPLE), as_of=AS_OF)
    assert main(["evaluate", str(EXAMPLE), "--profile", "weihai", "--as-of", "2026-11-22"]) == 0
    printed = capsys.readouterr().out
    case_id = er.parse_case(EXAMPLE).id
    assert er.render_report(report, "text", case_id=case_id) + "\n" == printed


def test_render_report_markdown_has_a_table_per_section() -> None:
    report = er.evaluate("weihai", er.parse_case(EXAMPLE), as_of=AS_OF)
    text = er.render_report(report, "markdown")
    assert text.startswith("## weihai · as of 2026-11-22 · ok\n")
    # opinion received 2026-09-05 + 30 days = 10-05 (国庆) → due 10-08; never corrected: overdue
    assert "| opinion_correction | 2026-09-05 | 2026-10-08 | — | overdue |  |" in text
    assert "| government_decides | opinion | government_decides |" in text
    assert "### 说明" in text


def test_render_report_html_is_an_escaped_fragment() -> None:
    report = er.evaluate("weihai", er.parse_case(EXAMPLE), as_of=AS_OF)
    page = er.render_report(report, "html", case_id="<script>")
    assert page.startswith('<section class="enforcement-report"><h2>weihai · &lt;script&gt; · as of 2026-11-22')
    assert "<script>" not in page
    assert "<td>opinion_correction</td>" in page
    with pytest.raises(ValueError, match="expected text, markdown or html"):
        er.render_report(report, "pdf")  # type: ignore[arg-type]


# -- version ---------------------------------------------------------------------------------------------

def test_the_version_is_the_installed_distributions(capsys: pytest.CaptureFixture[str]) -> None:
    assert er.__version__ == importlib.metadata.version("enforcement-rules")
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"enforcement-rules {er.__version__}\n"


# -- typing ----------------------------------------------------------------------------------------------

def test_the_readme_snippet_and_the_consumer_file_pass_mypy_strict(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API"):]
    snippet = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert snippet is not None
    (tmp_path / "readme_snippet.py").write_text(snippet.group(1), encoding="utf-8")
    files = [str(tmp_path / "readme_snippet.py"), str(ROOT / "tests" / "typing" / "consumer.py")]
    out, err, status = mypy_api.run(["--strict", "--no-incremental", "--config-file", str(ROOT / "pyproject.toml"),
                                     *files])
    assert status == 0, out + err
