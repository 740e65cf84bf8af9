"""Render README.md from docs/README.template.md, running every ``{{command}}`` for its real output.

    python tools/render_readme.py          # rewrite README.md
    python tools/render_readme.py --check  # exit 1 if README.md is not what the template renders to
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"^\{\{(.+)\}\}$", re.MULTILINE)
# Outputs do not depend on the day they are rendered or on the machine's installed calendar years: the bundled
# schedule only, and without the line that says the calendar runs out within 60 days.
ENV = {**os.environ, "ENFORCEMENT_RULES_CALENDAR_DIR": str(ROOT / "tests" / "fixtures" / "calendar_dir")}
EXPIRY = re.compile(r"^enforcement-rules: warning: the working-day calendar (ends|ended) on .*\n?", re.MULTILINE)


def render(template: str) -> str:
    def run(match: re.Match[str]) -> str:
        command = match.group(1).strip()
        runnable = command.replace("enforcement-rules ", f"{shlex.quote(sys.executable)} -m enforcement_rules ")
        done = subprocess.run(runnable, shell=True, cwd=ROOT, capture_output=True, text=True, check=False, env=ENV)
        output = (done.stdout + EXPIRY.sub("", done.stderr)).rstrip()
        if command.startswith(("cat ", "sed ")):
            language = "python" if command.rstrip().endswith(".py") else "yaml"
            return f"```{language}\n{output}\n```"
        shown = f"$ {command}\n{output}"
        if done.returncode:
            shown += f"\n# exit {done.returncode}"
        return f"```console\n{shown}\n```"

    return PLACEHOLDER.sub(run, template)


def main() -> int:
    rendered = render((ROOT / "docs" / "README.template.md").read_text(encoding="utf-8"))
    readme = ROOT / "README.md"
    if "--check" in sys.argv[1:]:
        return 0 if readme.read_text(encoding="utf-8") == rendered else 1
    readme.write_text(rendered, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
