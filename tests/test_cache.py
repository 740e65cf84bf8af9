"""The on-disk cache (issue 10, cold start): a hit is the same profile, any changed input is a miss, a corrupt file
or an unwritable directory is no error, and attribute docstrings are the descriptions pydantic would give."""

from __future__ import annotations

import ast
import datetime as dt
import os
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, Field

from enforcement_rules import Profile, _cache, _docstrings, _loader, _profile, due_date, load_profile
from enforcement_rules._calendar import Calendar, _index, national_schedules
from enforcement_rules._kinds.deadline import CountedPeriod, DeadlineRule
from enforcement_rules._profile import Strict


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache directory of the test's own; profiles loaded afresh (not from the in-process cache)."""
    directory = tmp_path / "cache"
    monkeypatch.setenv(_cache.CACHE_DIR_ENV, str(directory))
    _loader._load_cached.cache_clear()
    yield directory
    _loader._load_cached.cache_clear()


def fresh(name_or_path: str | Path) -> Profile:
    """``load_profile`` past the in-process cache: from the disk cache, or built."""
    _loader._load_cached.cache_clear()
    return load_profile(name_or_path)


def built_never(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on a profile can only come from the disk cache."""
    def fail(*_: Any, **__: Any) -> Any:
        raise AssertionError("built, not read from the cache")
    monkeypatch.setattr(_loader, "_assemble", fail)


def profile_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("profile-*.pickle"))


@pytest.mark.parametrize("name", ["weihai", "jincheng", "quzhou", "xuchang"])
def test_a_hit_is_an_equal_profile_with_its_layers_and_places(name: str, cache: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    built = fresh(name)
    assert len(profile_files(cache)) == 1
    built_never(monkeypatch)
    read = fresh(name)
    assert read is not built
    assert read == built
    assert type(read) is type(built)
    assert (read.chain, read.path, read.layer_map, read.disabled) == (built.chain, built.path, built.layer_map,
                                                                      built.disabled)
    assert all(read.place_of(rule) == built.place_of(rule) for rule in built.rules)
    assert read.model_dump(mode="json") == built.model_dump(mode="json")


def test_a_hit_computes_the_same_due_date(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = fresh("weihai")
    built_never(monkeypatch)
    read = fresh("weihai")
    day = dt.date(2026, 9, 30)
    assert due_date(read, "decision_disclosure", day) == due_date(built, "decision_disclosure", day)


def _overlay(directory: Path, amount: int) -> Path:
    """``top.yaml`` extends ``base.yaml`` (by path), which patches weihai's case_handling to ``amount`` months."""
    (directory / "base.yaml").write_text(textwrap.dedent(f"""\
        profile: base
        layer: overlay
        extends: [weihai]
        patch:
          case_handling:
            period: {{amount: {amount}}}
        """), encoding="utf-8")
    top = directory / "top.yaml"
    if not top.exists():
        top.write_text("profile: top\nlayer: overlay\nextends: [base.yaml]\n", encoding="utf-8")
    return top


def _months(profile: Profile) -> int:
    rule = profile.rules["case_handling"]
    assert isinstance(rule, DeadlineRule) and isinstance(rule.period, CountedPeriod)
    return rule.period.amount


def test_a_changed_layer_is_a_miss(tmp_path: Path, cache: Path) -> None:
    top = _overlay(tmp_path, 3)
    assert _months(fresh(top)) == 3
    assert _months(fresh(top)) == 3  # a hit
    _overlay(tmp_path, 4)  # the layer below changes, the file loaded does not
    assert _months(fresh(top)) == 4


def test_a_changed_file_is_a_miss(tmp_path: Path, cache: Path) -> None:
    top = _overlay(tmp_path, 3)
    first = fresh(top)
    top.write_text("profile: top\nlayer: overlay\nextends: [base.yaml]\nnotes: [改了]\n", encoding="utf-8")
    second = fresh(top)
    assert first.notes != second.notes and second.notes[-1] == "改了"
    assert len(profile_files(cache)) == 2


def test_a_layer_that_now_resolves_elsewhere_is_a_miss(tmp_path: Path, cache: Path) -> None:
    # extends: [base.yaml] names a file relative to the profile: the same name, another file, another profile
    top = _overlay(tmp_path, 3)
    assert _months(fresh(top)) == 3
    moved = tmp_path / "moved"
    moved.mkdir()
    (tmp_path / "top.yaml").rename(moved / "top.yaml")
    _overlay(moved, 5)
    assert _months(fresh(moved / "top.yaml")) == 5


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "flipped"])
def test_a_corrupt_cache_file_is_ignored_and_rebuilt(damage: str, cache: Path) -> None:
    built = fresh("weihai")
    (file,) = profile_files(cache)
    data = file.read_bytes()
    file.write_bytes({"garbage": b"not a pickle at all", "truncated": data[: len(data) // 2], "empty": b"",
                      "flipped": data[:-1] + bytes([data[-1] ^ 1])}[damage])
    assert fresh("weihai") == built
    assert file.read_bytes() == data  # rebuilt and stored again


def test_an_unwritable_cache_directory_works_without_a_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv(_cache.CACHE_DIR_ENV, str(blocker / "cache"))  # cannot be created, even by root
    first = fresh("weihai")
    assert fresh("weihai") == first
    assert not (blocker / "cache").exists()


def test_a_directory_others_may_write_is_not_read(cache: Path) -> None:
    _cache.store("profile-test", {"a": 1})
    assert _cache.load("profile-test") == {"a": 1}
    if os.name == "posix":
        cache.chmod(0o777)
        assert _cache.load("profile-test") is None  # a pickle someone else could have written
        cache.chmod(0o700)
        assert _cache.load("profile-test") == {"a": 1}


def test_old_files_are_pruned(cache: Path) -> None:
    for number in range(_cache.KEEP + 5):
        _cache.store(f"profile-{number}.pickle", number)
    assert len(profile_files(cache)) == _cache.KEEP


def test_a_value_that_does_not_pickle_is_not_cached(cache: Path) -> None:
    _cache.store("profile-lambda", lambda: None)
    assert _cache.load("profile-lambda") is None


# -- attribute docstrings: exactly what pydantic's use_attribute_docstrings gives -----------------------------

class _Pydantic(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True)

    plain: int
    """a plain field"""
    with_default: str = "x"
    """
        indented, over
        two lines
    """
    described: int = Field(default=0, description="its own description wins")
    """not this"""
    undocumented: int = 0

    def method(self) -> int:
        return 1

    """a string after a method documents nothing"""
    later: int = 2


class _Ours(Strict):
    plain: int
    """a plain field"""
    with_default: str = "x"
    """
        indented, over
        two lines
    """
    described: int = Field(default=0, description="its own description wins")
    """not this"""
    undocumented: int = 0

    def method(self) -> int:
        return 1

    """a string after a method documents nothing"""
    later: int = 2


def _descriptions(model: type[BaseModel]) -> dict[str, str | None]:
    return {name: info.description for name, info in model.model_fields.items()}


def test_docstrings_are_pydantics_descriptions() -> None:
    assert _descriptions(_Ours) == _descriptions(_Pydantic)
    assert _Ours.model_fields["later"].description is None
    assert _Ours.model_fields["plain"].description == "a plain field"
    assert _Ours.model_fields["with_default"].description == "indented, over\ntwo lines"
    assert _Ours.model_json_schema()["properties"]["plain"]["description"] == "a plain field"


def test_docstrings_of_a_class_defined_in_a_function() -> None:
    class Local(Strict):
        inner: int
        """inside a function"""

    assert Local.model_fields["inner"].description == "inside a function"
    assert Local.__qualname__ in _docstrings.class_docs(ast.parse(Path(__file__).read_text(encoding="utf-8")))


def test_a_model_built_already_gets_its_descriptions_into_its_schema() -> None:
    class Eager(Strict):
        model_config = Strict.model_config | {"defer_build": False}

        value: int
        """documented"""

    assert Eager.model_json_schema()["properties"]["value"]["description"] == "documented"


def test_the_bundled_models_docstrings_come_from_the_cache_alike(cache: Path) -> None:
    _docstrings._module_docs.cache_clear()
    built = _docstrings._module_docs(_profile.__name__)
    assert any(name.startswith("docs-") for name in os.listdir(cache))
    _docstrings._module_docs.cache_clear()
    assert _docstrings._module_docs(_profile.__name__) == built
    assert built["Instrument"]["title"] == "the instrument's title, without 《》"


# -- the calendar index -------------------------------------------------------------------------------------

def test_the_index_is_the_day_by_day_count() -> None:
    calendar = Calendar(national_schedules())
    work, cum, workdays = _index(calendar.schedules)
    assert len(work) == len(cum) == (dt.date(2149, 12, 31) - dt.date(1950, 1, 1)).days + 1
    running = 0
    expected_days = []
    for offset, flag in enumerate(work):
        day = dt.date(1950, 1, 1) + dt.timedelta(days=offset)
        schedule = calendar.schedules.get(day.year)
        expected = (day.weekday() < 5 or (schedule is not None and day in schedule.working_days)) and not (
            schedule is not None and day in schedule.rest_days)
        assert flag == expected
        running += flag
        assert cum[offset] == running
        if flag:
            expected_days.append(day)
    assert workdays == expected_days
