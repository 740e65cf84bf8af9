"""A regression suite a downstream project can copy: property tests for one ordinance's profile.

Copy this file into your tests, point PROFILE at your profile (a bundled name or a YAML path) and run
pytest. It needs ``hypothesis`` (``pip install "enforcement-rules[test]"``).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings

from enforcement_rules import Case, evaluate, load_profile
from enforcement_rules.testing import cases, check_profile_invariants, dates

PROFILE = load_profile("jincheng")  # or load_profile("profiles/my_city.yaml")


def test_the_profile_keeps_the_invariants_every_profile_must_keep() -> None:
    # Deterministic; independent of event order; every citation exists in the profile; no defects → terminate;
    # met/late agree with the due date; rights never give rise to liability.
    check_profile_invariants(PROFILE, max_examples=50)


@settings(max_examples=50, deadline=None)
@given(case=cases(PROFILE), as_of=dates())
def test_an_act_without_legal_basis_is_always_void_if_uncorrected(case: Case, as_of: dt.date) -> None:
    # 第十五条: 无法定依据作出的 → 确认无效, whatever else is wrong with the act.
    report = evaluate(PROFILE, case, as_of=as_of)
    if report.disposition is not None and "no_legal_basis" in case.act.defects:
        assert report.disposition.if_uncorrected == "confirm_void"
