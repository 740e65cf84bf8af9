"""README.md starts with the two commands of the guide, and every output it shows is real."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_readme_starts_with_the_install_and_run_and_the_test_commands() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert lines[2:6] == ["```sh", "pip install . && enforcement-rules deadline weihai decision_disclosure 2026-09-30",
                          'pip install ".[test]" && python -m pytest', "```"]


def test_the_readme_is_what_its_template_renders_to() -> None:
    spec = importlib.util.spec_from_file_location("render_readme", ROOT / "tools" / "render_readme.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rendered = module.render((ROOT / "docs" / "README.template.md").read_text(encoding="utf-8"))
    assert rendered == (ROOT / "README.md").read_text(encoding="utf-8"), \
        "README.md is stale: run python tools/render_readme.py"
