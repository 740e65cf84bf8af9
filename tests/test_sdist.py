"""The sdist carries what its own tests need: built here, unpacked, and a few of its tests run from it."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sdist")
    subprocess.run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True)
    (built,) = out.glob("enforcement_rules-*.tar.gz")
    with tarfile.open(built) as archive:
        archive.extractall(out, filter="data")
    (root,) = (path for path in out.iterdir() if path.is_dir())
    return root


def test_the_sdist_holds_the_schemas_profiles_sources_tools_and_tests(unpacked: Path) -> None:
    for kind in ("profile", "case", "scenario", "calendar", "report", "deadline"):
        assert (unpacked / "schemas" / f"{kind}.schema.json").is_file()
    for needed in ("profiles/weihai.yaml", "tools/gen_schemas.py", "tools/render_readme.py",
                   "docs/README.template.md", "tests/fixtures/calendar_dir/README.md", "tests/typing/consumer.py",
                   "src/enforcement_rules/calendars/README.md", "pyproject.toml", ".ci/run"):
        assert (unpacked / needed).is_file(), needed


def test_the_sdists_own_tests_pass_from_it(unpacked: Path) -> None:
    tests = ["tests/test_schemas.py", "tests/test_sources.py", "tests/test_calendar_files.py"]
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests], cwd=unpacked,
                          capture_output=True, text=True, check=False, env=env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout.splitlines()[-1]
