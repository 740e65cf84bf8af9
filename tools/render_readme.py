"""Render README.md from docs/README.template.md, running every ``{{command}}`` for its real output.

    python tools/render_readme.py          # rewrite README.md
    python tools/render_readme.py --check  # exit 1 if README.md is not what the template renders to
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
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
        if command.startswith("served: "):
            command = command.removeprefix("served: ")
            with _served() as port:
                runnable = command.replace("localhost:8000", f"127.0.0.1:{port}")
                runnable = runnable.replace("python ", f"{shlex.quote(sys.executable)} ")
                done = subprocess.run(runnable, shell=True, cwd=ROOT, capture_output=True, text=True, check=False,
                                      env=ENV)
            return f"```console\n$ {command}\n{done.stdout.rstrip()}\n```"
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


@contextlib.contextmanager
def _served() -> Iterator[int]:
    """``enforcement-rules serve`` on a free port of 127.0.0.1, for a ``{{served: curl …localhost:8000…}}``."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "enforcement_rules", "serve", "--port", str(port)], cwd=ROOT,
                              env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(10)


def main() -> int:
    rendered = render((ROOT / "docs" / "README.template.md").read_text(encoding="utf-8"))
    readme = ROOT / "README.md"
    if "--check" in sys.argv[1:]:
        return 0 if readme.read_text(encoding="utf-8") == rendered else 1
    readme.write_text(rendered, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
