"""`diff` on a long string shows the words that changed; `diff --json` lists every change as
{rule, path, before, after}."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from enforcement_rules._cli import main
from enforcement_rules._diff import changed_span

ROOT = Path(__file__).resolve().parents[1]


def _weihai_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (ROOT / "profiles" / "weihai.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    changed = tmp_path / "weihai-changed.yaml"
    changed.write_text(text.replace(old, new), encoding="utf-8")
    return changed


def test_a_change_at_the_end_of_a_long_quotation_is_shown_where_it_is(capsys: pytest.CaptureFixture[str],
                                                                     tmp_path: Path) -> None:
    changed = _weihai_with(tmp_path, "内，依法归档保存。", "内，依法整理归档保存。")
    assert main(["diff", "weihai", str(changed)]) == 1
    out = capsys.readouterr().out
    assert "第四十三条 supervision_archiving: text: …起30日内，依法归档保存。 → …起30日内，依法整理归档保存。" in out


def test_the_json_lists_each_change_whole(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    changed = _weihai_with(tmp_path, "内，依法归档保存。", "内，依法整理归档保存。")
    assert main(["diff", "weihai", str(changed), "--json"]) == 1
    fields = json.loads(capsys.readouterr().out)["fields"]
    assert len(fields) == 1
    assert set(fields[0]) == {"rule", "path", "before", "after"}
    assert (fields[0]["rule"], fields[0]["path"]) == ("supervision_archiving", "text")
    assert fields[0]["before"].endswith("在案件办结之日起30日内，依法归档保存。")
    assert fields[0]["after"].endswith("在案件办结之日起30日内，依法整理归档保存。")


def test_a_period_change_is_a_field_with_its_values(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = (ROOT / "profiles" / "weihai.yaml").read_text(encoding="utf-8")
    start = text.index("  case_handling:")
    at = text.index("amount: 2", start)
    changed = tmp_path / "three.yaml"
    changed.write_text(text[:at] + "amount: 3" + text[at + len("amount: 2"):], encoding="utf-8")
    assert main(["diff", "weihai", str(changed), "--json"]) == 1
    fields = json.loads(capsys.readouterr().out)["fields"]
    assert fields == [{"rule": "case_handling", "path": "period.amount", "before": 2, "after": 3}]


@pytest.mark.parametrize(("old", "new", "shown"), [
    ("a" * 70 + "X" + "b" * 70, "a" * 70 + "Y" + "b" * 70, ("…aaaaaaaaXbbbbbbbb…", "…aaaaaaaaYbbbbbbbb…")),
    ("X" + "b" * 70, "b" * 70, ("Xbbbbbbbb…", "bbbbbbbb…")),
    ("a" * 70, "a" * 70 + "Z", ("…aaaaaaaa", "…aaaaaaaaZ")),
])
def test_changed_span_keeps_eight_characters_of_context(old: str, new: str, shown: tuple[str, str]) -> None:
    assert changed_span(old, new) == shown
