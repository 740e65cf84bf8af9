"""The wheel ships the profiles and sources, and ``load_profile`` finds them from an installed wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True)
    (built,) = out.glob("enforcement_rules-*.whl")
    return built


def test_the_wheel_holds_every_profile_source_and_the_typing_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for profile in ("weihai", "xuchang", "jincheng", "quzhou"):
        assert f"enforcement_rules/_data/profiles/{profile}.yaml" in names
    for source in (ROOT / "sources").iterdir():
        assert f"enforcement_rules/_data/sources/{source.name}" in names
    assert "enforcement_rules/py.typed" in names
    assert any(name.endswith("entry_points.txt") for name in names)


def test_load_profile_finds_the_bundled_profiles_inside_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    script = ("import enforcement_rules, enforcement_rules._loader as l; "
              "p = enforcement_rules.load_profile('weihai'); "
              "print(enforcement_rules.__file__); print(l.profiles_dir()); print(len(p.rules))")
    done = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(tmp_path / 'site')!r}); "
                           + script], capture_output=True, text=True, check=True, cwd=tmp_path)
    module, profiles, count = done.stdout.split("\n")[:3]
    assert module.startswith(str(tmp_path / "site"))
    assert profiles == str(tmp_path / "site" / "enforcement_rules" / "_data" / "profiles")
    assert int(count) > 20


def test_the_wheel_carries_the_schemas_and_the_profiles_schema_line_resolves(wheel: Path, tmp_path: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for kind in ("profile", "case", "scenario", "calendar", "report", "deadline"):
        assert f"enforcement_rules/schemas/{kind}.schema.json" in names
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    profile = tmp_path / "site" / "enforcement_rules" / "_data" / "profiles" / "weihai.yaml"
    first = profile.read_text(encoding="utf-8").splitlines()[0]
    relative = first.split("$schema=", 1)[1]
    assert (profile.parent / relative).resolve().is_file()
    assert (profile.parent / relative).read_bytes() == (ROOT / "schemas" / "profile.schema.json").read_bytes()
