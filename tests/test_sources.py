"""Every quoted text in every bundled profile is verbatim from its instrument's source file."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from enforcement_rules import list_profiles, load_profile
from enforcement_rules._loader import sources_dir
from enforcement_rules._profile import Citation, DispositionRule, LiabilityRule, Profile

_WHITESPACE = re.compile(r"\s+")
ELISION = "……"


def _squash(text: str) -> str:
    return _WHITESPACE.sub("", text)


def quotes(profile: Profile) -> Iterator[tuple[str, Citation, str]]:
    """(where, citation, quoted text) for every quotation in a profile."""
    for rule_id, rule in profile.rules.items():
        yield f"rules.{rule_id}.text", rule.citation, rule.text
        if isinstance(rule, DispositionRule):
            for index, criterion in enumerate(rule.criteria):
                yield f"rules.{rule_id}.criteria[{index}].text", criterion.citation, criterion.text
        if isinstance(rule, LiabilityRule):
            yield f"rules.{rule_id}.sanction", rule.citation, rule.sanction
            for index, item in enumerate(rule.items):
                yield f"rules.{rule_id}.items[{index}].text", rule.citation, item.text


@pytest.mark.parametrize("name", list_profiles())
def test_every_quoted_text_is_verbatim_from_its_source(name: str) -> None:
    profile = load_profile(name)
    missing: list[str] = []
    for where, citation, text in quotes(profile):
        source = (sources_dir() / profile.instruments[citation.instrument].source).read_text(encoding="utf-8")
        squashed = _squash(source)
        missing.extend(f"{where}: {fragment!r}" for fragment in text.split(ELISION)
                       if _squash(fragment) not in squashed)
    assert not missing, "not verbatim in the source:\n" + "\n".join(missing)


@pytest.mark.parametrize("name", list_profiles())
def test_every_instrument_source_file_exists(name: str) -> None:
    profile = load_profile(name)
    for instrument in profile.instruments.values():
        assert (sources_dir() / instrument.source).is_file(), instrument.source
