"""``validate --columnar``: a profile's columnar plan held to the scalar reference on generated cases."""

from __future__ import annotations

import contextlib
import datetime as dt
import json

from ._calendar import Calendar, national_calendar
from ._columnar import differences
from ._errors import InvalidInputError
from ._profile import Profile


def check_columnar(profile: Profile, *, examples: int = 200,
                   calendar: Calendar | None = None) -> tuple[list[str], int]:
    """The differences found (none: the plan agrees) and how many generated batches were tried."""
    try:
        from hypothesis import HealthCheck, Phase, given, settings  # noqa: PLC0415
        from hypothesis import strategies as st  # noqa: PLC0415

        from .testing import case_data  # noqa: PLC0415
    except ImportError:  # pragma: no cover - the [testing] extra is installed with the test suite
        raise InvalidInputError("--columnar generates cases with hypothesis: pip install "
                                "'enforcement-rules[testing]'") from None
    calendar = calendar or national_calendar()
    found: list[str] = []
    tried = [0]

    @settings(max_examples=examples, deadline=None, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(cases=st.lists(case_data(profile, calendar), min_size=1, max_size=5), later=st.integers(-20, 200))
    def check(cases: list[dict[str, object]], later: int) -> None:
        tried[0] += 1
        days = [dt.date.fromisoformat(str(event["on"])) for case in cases for event in case["events"]  # type: ignore[attr-defined]
                if "on" in event]
        as_of = (max(days) if days else dt.date(2024, 1, 1)) + dt.timedelta(days=later)
        data = ("\n".join(json.dumps(case, ensure_ascii=False) for case in cases) + "\n").encode()
        problems = differences(profile, data, as_of=as_of, calendar=calendar)
        if problems:
            found.extend(f"as of {as_of.isoformat()}: {problem}" for problem in problems)
            raise AssertionError(problems[0])

    with contextlib.suppress(AssertionError):  # the failing example's differences are in found
        check()
    return found, tried[0]
