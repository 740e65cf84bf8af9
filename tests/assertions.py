"""Domain assertions for deadline tests, and an independent national schedule to check them against.

The schedule below is transcribed from the holiday-cn data (``shared/reference/holiday-cn``,
2020.json–2026.json), not from chinese-calendar, which the code under test uses: the two are
independent sources of the State Council's yearly notices. A day not listed follows the plain week.
"""

from __future__ import annotations

import datetime as dt

from enforcement_rules import Deadline, Profile, due_date

SCHEDULE_FIRST = dt.date(2020, 1, 1)
SCHEDULE_LAST = dt.date(2026, 12, 31)

# isOffDay: true — every rest day of a holiday arrangement (weekdays and weekends alike).
_REST_DAYS = """
2020-01-01 2020-01-24 2020-01-25 2020-01-26 2020-01-27 2020-01-28 2020-01-29 2020-01-30 2020-01-31
2020-02-01 2020-02-02 2020-04-04 2020-04-05 2020-04-06 2020-05-01 2020-05-02 2020-05-03 2020-05-04
2020-05-05 2020-06-25 2020-06-26 2020-06-27 2020-10-01 2020-10-02 2020-10-03 2020-10-04 2020-10-05
2020-10-06 2020-10-07 2020-10-08
2021-01-01 2021-01-02 2021-01-03 2021-02-11 2021-02-12 2021-02-13 2021-02-14 2021-02-15 2021-02-16
2021-02-17 2021-04-03 2021-04-04 2021-04-05 2021-05-01 2021-05-02 2021-05-03 2021-05-04 2021-05-05
2021-06-12 2021-06-13 2021-06-14 2021-09-19 2021-09-20 2021-09-21 2021-10-01 2021-10-02 2021-10-03
2021-10-04 2021-10-05 2021-10-06 2021-10-07
2022-01-01 2022-01-02 2022-01-03 2022-01-31 2022-02-01 2022-02-02 2022-02-03 2022-02-04 2022-02-05
2022-02-06 2022-04-03 2022-04-04 2022-04-05 2022-04-30 2022-05-01 2022-05-02 2022-05-03 2022-05-04
2022-06-03 2022-06-04 2022-06-05 2022-09-10 2022-09-11 2022-09-12 2022-10-01 2022-10-02 2022-10-03
2022-10-04 2022-10-05 2022-10-06 2022-10-07 2022-12-31
2023-01-01 2023-01-02 2023-01-21 2023-01-22 2023-01-23 2023-01-24 2023-01-25 2023-01-26 2023-01-27
2023-04-05 2023-04-29 2023-04-30 2023-05-01 2023-05-02 2023-05-03 2023-06-22 2023-06-23 2023-06-24
2023-09-29 2023-09-30 2023-10-01 2023-10-02 2023-10-03 2023-10-04 2023-10-05 2023-10-06
2024-01-01 2024-02-10 2024-02-11 2024-02-12 2024-02-13 2024-02-14 2024-02-15 2024-02-16 2024-02-17
2024-04-04 2024-04-05 2024-04-06 2024-05-01 2024-05-02 2024-05-03 2024-05-04 2024-05-05 2024-06-10
2024-09-15 2024-09-16 2024-09-17 2024-10-01 2024-10-02 2024-10-03 2024-10-04 2024-10-05 2024-10-06
2024-10-07
2025-01-01 2025-01-28 2025-01-29 2025-01-30 2025-01-31 2025-02-01 2025-02-02 2025-02-03 2025-02-04
2025-04-04 2025-04-05 2025-04-06 2025-05-01 2025-05-02 2025-05-03 2025-05-04 2025-05-05 2025-05-31
2025-06-01 2025-06-02 2025-10-01 2025-10-02 2025-10-03 2025-10-04 2025-10-05 2025-10-06 2025-10-07
2025-10-08
2026-01-01 2026-01-02 2026-01-03 2026-02-15 2026-02-16 2026-02-17 2026-02-18 2026-02-19 2026-02-20
2026-02-21 2026-02-22 2026-02-23 2026-04-04 2026-04-05 2026-04-06 2026-05-01 2026-05-02 2026-05-03
2026-05-04 2026-05-05 2026-06-19 2026-06-20 2026-06-21 2026-09-25 2026-09-26 2026-09-27 2026-10-01
2026-10-02 2026-10-03 2026-10-04 2026-10-05 2026-10-06 2026-10-07
"""

# isOffDay: false — make-up working days (调休上班), all but 2020-02-03 on a weekend.
_MAKE_UP_DAYS = """
2020-01-19 2020-02-03 2020-04-26 2020-05-09 2020-06-28 2020-09-27 2020-10-10
2021-02-07 2021-02-20 2021-04-25 2021-05-08 2021-09-18 2021-09-26 2021-10-09
2022-01-29 2022-01-30 2022-04-02 2022-04-24 2022-05-07 2022-10-08 2022-10-09
2023-01-28 2023-01-29 2023-04-23 2023-05-06 2023-06-25 2023-10-07 2023-10-08
2024-02-04 2024-02-18 2024-04-07 2024-04-28 2024-05-11 2024-09-14 2024-09-29 2024-10-12
2025-01-26 2025-02-08 2025-04-27 2025-09-28 2025-10-11
2026-01-04 2026-02-14 2026-02-28 2026-05-09 2026-09-20 2026-10-10
"""

REST_DAYS = frozenset(dt.date.fromisoformat(text) for text in _REST_DAYS.split())
MAKE_UP_DAYS = frozenset(dt.date.fromisoformat(text) for text in _MAKE_UP_DAYS.split())

JSON_KEYS = frozenset({"profile", "rule", "trigger", "nominal_due", "due", "rolled", "unit", "amount",
                       "status", "provisional", "citation", "explanation", "warnings"})
"""SPEC §6 ``deadline --json`` keys, plus ``warnings``."""
CITATION_KEYS = frozenset({"instrument", "article", "paragraph", "item", "text"})


# -- the law's calendar terms, independently of the code under test --------------------------------

def is_working_day(day: dt.date) -> bool:
    """C2: Monday–Friday unless a statutory rest day, plus make-up working days (holiday-cn)."""
    if not SCHEDULE_FIRST <= day <= SCHEDULE_LAST:
        raise ValueError(f"{day.isoformat()} is outside the transcribed schedule (2020–2026)")
    if day in MAKE_UP_DAYS:
        return True
    return day not in REST_DAYS and day.weekday() < 5


def working_days_in(after: dt.date, until: dt.date) -> int:
    """How many working days lie in ``(after, until]`` — the trigger day itself is not counted (C1)."""
    count = 0
    day = after + dt.timedelta(days=1)
    while day <= until:
        count += is_working_day(day)
        day += dt.timedelta(days=1)
    return count


def first_working_day_on_or_after(day: dt.date) -> dt.date:
    """C3 (民法典第二百零三条): the due day itself if worked, else the next working day."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def corresponding_day(day: dt.date, months: int) -> dt.date:
    """C4 (民法典第二百零二条): the same day ``months`` later, or that month's last day if it has none."""
    year = day.year + (day.month - 1 + months) // 12
    month = (day.month - 1 + months) % 12 + 1
    for candidate in range(day.day, 27, -1):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    return dt.date(year, month, day.day)


# -- assertions on results -------------------------------------------------------------------------

def assert_due(profile: Profile | str, rule: str, trigger: dt.date | int, due: dt.date, *,
               nominal: dt.date | None = None, rolled: bool | None = None,
               extension_months: int | None = None, provisional: bool = False) -> Deadline:
    """``rule`` of ``profile`` started by ``trigger`` is computed (status ok) and falls due on ``due``.

    ``nominal`` (the nominal due before any roll) and ``rolled`` are checked when given; whatever is
    given, ``rolled`` must say whether the due differs from the nominal due. Returns the result.
    """
    result = due_date(profile, rule, trigger, extension_months=extension_months)
    assert result.status == "ok", f"status {result.status}: {result.explanation}"
    assert result.due == due, f"due {result.due}, expected {due}: {result.explanation}"
    if nominal is not None:
        assert result.nominal_due == nominal, (
            f"nominal due {result.nominal_due}, expected {nominal}: {result.explanation}")
    if rolled is not None:
        assert result.rolled is rolled, f"rolled is {result.rolled}: {result.explanation}"
    assert result.rolled is (result.nominal_due != result.due), result.explanation
    assert result.provisional is provisional, f"provisional is {result.provisional}: {result.explanation}"
    return result


def assert_no_due(profile: Profile | str, rule: str, trigger: dt.date | int, status: str) -> Deadline:
    """``rule`` started by ``trigger`` has no computed due date, for the reason ``status``."""
    result = due_date(profile, rule, trigger)
    assert result.status == status, f"status {result.status}, expected {status}: {result.explanation}"
    assert result.due is None
    assert result.nominal_due is None
    assert result.rolled is False
    return result


def assert_not_in_force(profile: Profile | str, rule: str, trigger: dt.date | int) -> Deadline:
    """The rule's instrument is not in force for ``trigger``: ``not_in_force``, no due date."""
    result = assert_no_due(profile, rule, trigger, "not_in_force")
    assert "有效期" in result.explanation, result.explanation
    return result


def warning_codes(result: Deadline) -> list[str]:
    return [warning.code for warning in result.warnings]


def assert_json_shape(result: Deadline) -> dict[str, object]:
    """SPEC §6: exactly the contract keys plus ``warnings``; the citation has its five keys."""
    data = result.model_dump(mode="json")
    assert set(data) == JSON_KEYS
    citation = data["citation"]
    assert isinstance(citation, dict)
    assert set(citation) == CITATION_KEYS
    assert isinstance(data["warnings"], list)
    for warning in data["warnings"]:
        assert set(warning) == {"code", "message"}
    return data
