"""Every quoted text in every bundled profile is verbatim from its instrument's source file."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from enforcement_rules import list_profiles, load_profile
from enforcement_rules._kinds import kind_of
from enforcement_rules._kinds.liability import LiabilityRule
from enforcement_rules._loader import sources_dir
from enforcement_rules._profile import Citation, Profile

_WHITESPACE = re.compile(r"\s+")
ELISION = "……"


def _squash(text: str) -> str:
    return _WHITESPACE.sub("", text)


def quotes(profile: Profile) -> Iterator[tuple[str, Citation, str]]:
    """(where, citation, quoted text) for every quotation in a profile."""
    for rule_id, rule in profile.rules.items():
        for path, citation, text in kind_of(rule).quotes(rule):
            yield f"rules.{rule_id}.{'.'.join(map(str, path))}", citation, text
        if isinstance(rule, LiabilityRule):
            yield f"rules.{rule_id}.sanction", rule.citation, rule.sanction


@pytest.mark.parametrize("name", list_profiles())
def test_every_quoted_text_is_verbatim_from_its_source(name: str) -> None:
    profile = load_profile(name)
    missing: list[str] = []
    for where, citation, text in quotes(profile):
        file = profile.instruments[citation.instrument].source
        assert file is not None, f"{where} quotes an instrument with no source text"
        source = (sources_dir() / file).read_text(encoding="utf-8")
        squashed = _squash(source)
        missing.extend(f"{where}: {fragment!r}" for fragment in text.split(ELISION)
                       if _squash(fragment) not in squashed)
    assert not missing, "not verbatim in the source:\n" + "\n".join(missing)


@pytest.mark.parametrize("name", list_profiles())
def test_every_instrument_source_file_exists(name: str) -> None:
    profile = load_profile(name)
    for instrument in profile.instruments.values():
        if instrument.source is None:  # a text not among the sources (the national base): no rule may cite it
            assert instrument.notes, instrument.title
            assert not [r for r in profile.rules.values() if profile.instruments[r.citation.instrument] is instrument]
            continue
        assert (sources_dir() / instrument.source).is_file(), instrument.source
