"""Benchmark of the working-day calendar (C2) and of ``due_date`` end to end.

    python benchmarks/bench_calendar.py [--n 100000] [--seed 20260101]

1. ``Calendar.add_working_days(d, 20)`` for N seeded random start dates in 2005–2025, against a naive
   loop calling ``chinese_calendar.is_workday`` day by day, in the same run (target: ≥ 1,000×).
   Both give the same answers (checked), except where the project corrects chinese-calendar
   (2005-12-31, see ``_calendar.ERRATA``). If the naive loop over N dates would take too long, it is
   timed on a subset and per-call times are compared; the output says so.
2. ``due_date(profile, rule, d)`` calls per second for weihai ``opinion_correction`` (30 days, C3)
   and ``decision_disclosure`` (7 working days, C2), random triggers in 2021–2026 (target: ≥ 50,000/s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Callable, Sequence

import chinese_calendar

from enforcement_rules import due_date, load_profile, national_calendar
from enforcement_rules._calendar import ERRATA

OFFSET = 20
NAIVE_BUDGET_SECONDS = 15.0  # the naive loop runs over all N dates only if it fits this budget
NAIVE_SUBSET = 2_000
REPEATS = 5  # the fast timings are short: report the best of REPEATS runs, as timeit does
DUE_DATE_CALLS = 100_000
DUE_DATE_ROUNDS = 3
RATIO_TARGET = 1_000
DUE_DATE_TARGET = 50_000
ONE_DAY = dt.timedelta(days=1)


def random_dates(rng: random.Random, first: dt.date, last: dt.date, n: int) -> list[dt.date]:
    low, high = first.toordinal(), last.toordinal()
    return [dt.date.fromordinal(rng.randint(low, high)) for _ in range(n)]


def naive_add(day: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``day``, asking chinese-calendar one day at a time."""
    while count:
        day += ONE_DAY
        if chinese_calendar.is_workday(day):
            count -= 1
    return day


def timed(function: Callable[[Sequence[dt.date]], list[dt.date]],
          dates: Sequence[dt.date], repeats: int = 1) -> tuple[float, list[dt.date]]:
    """The best wall time of ``repeats`` runs of ``function(dates)``, and its results."""
    best = float("inf")
    results: list[dt.date] = []
    for _ in range(repeats):
        start = time.perf_counter()
        results = function(dates)
        best = min(best, time.perf_counter() - start)
    return best, results


def bench_add_working_days(n: int, rng: random.Random) -> None:
    calendar = national_calendar()
    add = calendar.add_working_days
    dates = random_dates(rng, dt.date(2005, 1, 1), dt.date(2025, 12, 31), n)

    def fast(sample: Sequence[dt.date]) -> list[dt.date]:
        return [add(day, OFFSET) for day in sample]

    def naive(sample: Sequence[dt.date]) -> list[dt.date]:
        return [naive_add(day, OFFSET) for day in sample]

    add(dates[0], OFFSET)  # the index is built on first use of national_calendar(); not timed
    fast_seconds, fast_results = timed(fast, dates, REPEATS)

    # Estimate the naive loop's cost on a small probe, then run it on all N if it fits the budget.
    probe = dates[:200]
    probe_seconds, _ = timed(naive, probe)
    full = probe_seconds / len(probe) * n <= NAIVE_BUDGET_SECONDS
    sample = dates if full else dates[:NAIVE_SUBSET]
    naive_seconds, naive_results = timed(naive, sample)

    corrected = set(ERRATA)
    mismatches = [
        day for day, mine, theirs in zip(sample, fast_results, naive_results, strict=False)
        if mine != theirs and not any(day < fixed <= theirs for fixed in corrected)
    ]

    fast_per_call = fast_seconds / n
    naive_per_call = naive_seconds / len(sample)
    ratio = naive_per_call / fast_per_call
    print(f"add_working_days(d, {OFFSET}), {n:,} seeded random start dates in 2005–2025")
    print(f"  project (index lookup):        {fast_seconds:9.4f} s total, {fast_per_call * 1e9:10.1f} ns/call "
          f"(best of {REPEATS})")
    if full:
        print(f"  naive chinese_calendar loop:   {naive_seconds:9.4f} s total, "
              f"{naive_per_call * 1e9:10.1f} ns/call (same {n:,} dates)")
    else:
        print(f"  naive chinese_calendar loop:   {naive_seconds:9.4f} s on a {len(sample):,}-date subset "
              f"(the full {n:,} would take ~{naive_per_call * n:.0f} s), {naive_per_call * 1e9:10.1f} ns/call")
        print("  (ratio compares per-call times)")
    verdict = "meets" if ratio >= RATIO_TARGET else "BELOW"
    print(f"  ratio naive / project:         {ratio:,.0f}x  ({verdict} the {RATIO_TARGET:,}x target)")
    print(f"  results compared on {len(sample):,} dates: {len(mismatches)} differ "
          f"(beyond the ERRATA corrections){': ' + str(mismatches[:5]) if mismatches else ''}")


def bench_due_date(calls: int, rng: random.Random) -> None:
    profile = load_profile("weihai")
    # The weekends policy: triggers late in 2026 need 2027, which strict would refuse (C10); those
    # results are computed with plain weekends and marked provisional, as with --calendar-policy.
    calendar = national_calendar("weekends")
    pairs = calls // 2
    dates = random_dates(rng, dt.date(2021, 1, 1), dt.date(2026, 12, 31), pairs)
    due_date(profile, "opinion_correction", dates[0], calendar=calendar)  # warm up
    seconds = float("inf")
    provisional = 0
    for _ in range(DUE_DATE_ROUNDS):
        provisional = 0
        start = time.perf_counter()
        for day in dates:
            provisional += due_date(profile, "opinion_correction", day, calendar=calendar).provisional
            provisional += due_date(profile, "decision_disclosure", day, calendar=calendar).provisional
        seconds = min(seconds, time.perf_counter() - start)
    rate = 2 * pairs / seconds
    verdict = "meets" if rate >= DUE_DATE_TARGET else "BELOW"
    print(f"due_date(weihai, opinion_correction | decision_disclosure, d), {2 * pairs:,} calls, "
          f"triggers in 2021–2026")
    print(f"  {seconds:.3f} s (best of {DUE_DATE_ROUNDS} rounds): {rate:,.0f} calls/s  "
          f"({verdict} the {DUE_DATE_TARGET:,}/s target)")
    print(f"  {provisional:,} provisional results per round (weekends policy: due dates past 2026-12-24)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=100_000, help="random start dates for add_working_days")
    parser.add_argument("--calls", type=int, default=DUE_DATE_CALLS, help="due_date calls")
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args(argv)
    if args.n < 1 or args.calls < 2:
        parser.error("--n must be at least 1 and --calls at least 2")
    rng = random.Random(args.seed)
    started = time.perf_counter()
    bench_add_working_days(args.n, rng)
    print()
    bench_due_date(args.calls, rng)
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
