"""The legal logic lives in the profiles: change only the YAML data and the verdicts follow.

Each fixture in ``tests/fixtures/modified_profiles/`` is an overlay of a few lines on a bundled profile with
one change, named in its first comment lines; the first tests prove that, layered, nothing else differs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from enforcement_rules import Profile, load_profile

from .scenario import D, disposition, disposition_grounds, ground_codes, procedure_status, run, verdict

MODIFIED = Path(__file__).resolve().parents[1] / "fixtures" / "modified_profiles"
JINCHENG = load_profile("jincheng")
WEIHAI = load_profile("weihai")
ILLEGAL_BEFORE_VOID = load_profile(MODIFIED / "jincheng_illegal_before_void.yaml")
WEIHAI_TWO_YEARS = load_profile(MODIFIED / "weihai_limitation_2_years.yaml")
WEIHAI_NIGHT_20_TO_7 = load_profile(MODIFIED / "weihai_night_20_to_7.yaml")


def dump(profile: Profile) -> dict[str, Any]:
    """The profile's law: everything but its own name and place in the layers."""
    data = profile.model_dump(mode="json", by_alias=True)
    for key in ("profile", "extends", "layer"):
        data.pop(key)
    return data


# -- the fixtures differ from the bundled profiles in exactly one place --------------------------------

def test_the_jincheng_copy_only_swaps_the_precedence_of_articles_15_and_14() -> None:
    expected = dump(JINCHENG)
    void, illegal = expected["rules"]["disposition"]["criteria"][:2]
    assert (void["if_uncorrected"], illegal["if_uncorrected"]) == ("confirm_void", "confirm_illegal")
    void["precedence"], illegal["precedence"] = 2, 1
    assert dump(ILLEGAL_BEFORE_VOID) == expected


def test_the_weihai_copy_only_shortens_the_limitation_to_two_years() -> None:
    expected = dump(WEIHAI)
    expected["rules"]["filing_bar_older_than_3_years"]["limitation"]["years"] = 2
    assert dump(WEIHAI_TWO_YEARS) == expected


def test_the_weihai_night_copy_only_moves_the_night() -> None:
    expected = dump(WEIHAI)
    expected["rules"]["no_night_or_holiday_execution"]["forbids"]["night"] = {"from": "20:00", "until": "07:00"}
    assert dump(WEIHAI_NIGHT_20_TO_7) == expected


# -- the verdicts follow the data ------------------------------------------------------------------------

VOID_AND_ILLEGAL = {"act": {"defects": ["no_legal_basis", "insufficient_evidence"],
                            "context": ["revocation_harms_public_interest"]}}


def test_with_article_14_placed_before_article_15_a_void_act_is_only_confirmed_illegal() -> None:
    # Bundled order (第十五条 first): the 无法定依据 defect makes the act void.
    assert disposition(run(JINCHENG, VOID_AND_ILLEGAL, D(2022, 6, 1))).if_uncorrected == "confirm_void"
    # Swapped: the 第十四条 context is tested first and wins.
    report = run(ILLEGAL_BEFORE_VOID, VOID_AND_ILLEGAL, D(2022, 6, 1))
    assert disposition(report).if_uncorrected == "confirm_illegal"
    assert disposition_grounds(report) == ["revocation_harms_public_interest"]
    assert disposition(report).grounds[0].citation.article == "第十四条"


def test_the_swap_changes_nothing_when_only_one_criterion_matches() -> None:
    only_void = {"act": {"defects": ["no_legal_basis"]}}
    assert disposition(run(ILLEGAL_BEFORE_VOID, only_void, D(2022, 6, 1))).if_uncorrected == "confirm_void"


@pytest.mark.parametrize(("received_on", "bundled", "modified"), [
    ("2025-03-02", "admit", "admit"),    # the 2nd anniversary of 2023-03-02 itself: not over (C8)
    ("2025-03-03", "admit", "reject"),   # over 2 years, not over 3
    ("2025-09-02", "admit", "reject"),   # two and a half years after the act
    ("2026-03-03", "reject", "reject"),  # over 3 years: over 2 as well
])
def test_a_two_year_limitation_rejects_a_matter_two_and_a_half_years_after_the_act(received_on: str, bundled: str,
                                                                                 modified: str) -> None:
    data = {"act": {"decided_on": "2023-03-02"}, "complaint": {"received_on": received_on}}
    assert verdict(run(WEIHAI, data, D(2026, 4, 1))) == bundled
    report = run(WEIHAI_TWO_YEARS, data, D(2026, 4, 1))
    assert verdict(report) == modified
    if modified == "reject":
        # The ground code is contract vocabulary (SPEC §4), not data: it stays "older_than_3_years"
        # although the modified rule counts two years; the explanation states the years actually counted.
        assert ground_codes(report) == ["older_than_3_years"]
        assert any("超过2年" in sentence for sentence in report.explanation)


@pytest.mark.parametrize(("at", "bundled", "modified"), [
    ("2026-10-09T21:00:00", "complied", "violated"),  # Friday, a working day
    ("2026-10-09T06:30:00", "complied", "violated"),
    ("2026-10-09T07:00:00", "complied", "complied"),
    ("2026-10-09T19:59:00", "complied", "complied"),
])
def test_the_night_of_the_2016_opinion_is_the_profile_s_to_set(at: str, bundled: str, modified: str) -> None:
    data = {"events": [{"type": "coercive_execution", "at": at}]}
    assert procedure_status(run(WEIHAI, data, D(2026, 11, 1)), "no_night_or_holiday_execution") == bundled
    assert procedure_status(run(WEIHAI_NIGHT_20_TO_7, data, D(2026, 11, 1)),
                            "no_night_or_holiday_execution") == modified
