"""Benchmark of case validation + evaluation per city, and of the JSONL batch path's memory.

    python benchmarks/bench_evaluate.py [--n 100000] [--seed 20261122] [--memory-n 1000]

1. For each bundled profile, N seeded random cases (plain dicts shaped like examples/), validated with
   ``case_from_data`` and evaluated with ``evaluate``: cases per second on one core (target ≥ 10,000/s).
   Case generation is not timed. Dates stay inside the profile's validity and inside 2021–2026, with every
   period ending before 2026-12-24 (the calendar ends with 2026).
2. ``evaluate_many`` over a generator of M and 10×M JSON lines (weihai), results discarded: the peak memory
   traced by tracemalloc for each, and their ratio (flat memory: ratio ≈ 1). A full ``gc.collect()`` every
   ``COLLECT_EVERY`` results empties CPython's free lists, which tracemalloc counts as allocated and which
   fill up slowly (see tests/test_cli_evaluate.py); the peak RSS of the process is printed too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from enforcement_rules import evaluate, evaluate_many, list_profiles, load_profile, national_calendar
from enforcement_rules._case import case_from_data
from enforcement_rules._kinds.deadline import _KEPT as _RESOLVED_KEPT

TARGET = 10_000
COLLECT_EVERY = 500
PROGRESS_EVERY = 20_000

DEFECTS = ["no_subject_qualification", "no_legal_basis", "missing_valid_seal", "main_facts_unclear",
           "insufficient_evidence", "wrong_law_applied", "procedure_violation",
           "procedure_violation_serious_obvious", "ultra_vires", "abuse_of_power", "clearly_improper",
           "failure_to_perform"]
CONTEXTS = ["no_revocable_content", "revocation_harms_public_interest", "act_already_changed_confirmation_requested"]
ACT_TYPES = ["penalty", "licensing", "coercive_measure", "coercive_execution", "inspection", "levy", "other"]
REMEDIES = ["none", "none", "none", "pending", "concluded"]
DOCUMENTS = {"weihai": "opinion", "xuchang": "supervision_letter", "jincheng": "notice", "quzhou": "notice"}


@dataclass(frozen=True)
class Window:
    """Where a profile's cases may arise, and the day they are evaluated."""

    first: dt.date
    last: dt.date
    as_of: dt.date


# Matters arise inside the window; every period they start ends before 2026-12-24 (the last day counted is at
# most ~3 months after the last day of the window: 2 months + 1 month extension, or a 30-day period).
WINDOWS = {
    "weihai": Window(dt.date(2021, 1, 4), dt.date(2026, 8, 31), dt.date(2026, 11, 22)),
    "xuchang": Window(dt.date(2021, 1, 4), dt.date(2026, 8, 31), dt.date(2026, 11, 22)),
    "quzhou": Window(dt.date(2022, 7, 14), dt.date(2026, 8, 31), dt.date(2026, 11, 22)),
    "jincheng": Window(dt.date(2021, 12, 1), dt.date(2023, 8, 31), dt.date(2023, 11, 20)),
}


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def _after(day: dt.date, low: int, high: int, rng: random.Random) -> dt.date:
    return day + dt.timedelta(days=rng.randint(low, high))


def make_case(rng: random.Random, profile: str, index: int) -> dict[str, Any]:
    """One plausible case as plain data (SPEC §5), like the files under examples/."""
    window = WINDOWS[profile]
    received = _day(rng, window.first, window.last)
    act: dict[str, Any] = {
        "type": rng.choice(ACT_TYPES),
        "decided_on": (received - dt.timedelta(days=rng.randint(10, 1400))).isoformat(),
        "defects": rng.sample(DEFECTS, rng.choice([0, 1, 1, 1, 2])),
        "remedies": {"reconsideration": rng.choice(REMEDIES), "litigation": rng.choice(REMEDIES),
                     "petition": rng.choice(REMEDIES)},
    }
    if rng.random() < 0.15:
        act["context"] = [rng.choice(CONTEXTS)]
    complaint = {"received_on": received.isoformat(), "identifies_target": rng.random() > 0.05,
                 "states_facts_and_reasons": rng.random() > 0.05, "in_supervision_scope": rng.random() > 0.05,
                 "targets_specific_act": rng.random() > 0.05}
    filed = _after(received, 0, 10, rng)
    events: list[dict[str, Any]] = [
        {"type": "case_filed", "on": filed.isoformat()},
        {"type": "investigation", "on": _after(filed, 1, 15, rng).isoformat(), "supervisors": rng.choice([1, 2, 2, 3]),
         "credentials_shown": rng.random() > 0.1, "conflicted_supervisor_recused": rng.random() > 0.1},
    ]
    if act["defects"] and rng.random() < 0.8:
        received_doc = _after(filed, 15, 40, rng)
        document: dict[str, Any] = {"type": "corrective_document_received", "on": received_doc.isoformat(),
                                    "document": DOCUMENTS[profile]}
        if profile != "weihai" and rng.random() < 0.9:
            document["deadline"] = _after(received_doc, 10, 30, rng).isoformat()
        events.append(document)
        if rng.random() < 0.6:
            events.append({"type": "corrected", "on": _after(received_doc, 1, 40, rng).isoformat()})
        if rng.random() < 0.3:
            events.append({"type": "review_requested", "on": _after(received_doc, 1, 8, rng).isoformat()})
    if rng.random() < 0.5:
        closed = _after(filed, 20, 75, rng)
        events.append({"type": "case_closed", "on": closed.isoformat()})
        if rng.random() < 0.7:
            events.append({"type": "archived", "on": _after(closed, 1, 35, rng).isoformat()})
    if rng.random() < 0.1:
        events.append({"type": "extension_approved", "on": _after(filed, 30, 55, rng).isoformat(), "months": 1})
    case: dict[str, Any] = {"id": f"{profile}-{index}", "act": act, "complaint": complaint, "events": events}
    if rng.random() < 0.2:
        case["bars"] = [rng.choice(["other_statutory_bar", "outside_scope", "already_handled"])]
    if profile == "weihai" and rng.random() < 0.3:
        trigger = _day(rng, dt.date(2021, 1, 4), dt.date(2026, 10, 30))
        case["obligations"] = [{"rule": "decision_disclosure", "trigger": trigger.isoformat(),
                                "done_on": _after(trigger, 1, 15, rng).isoformat()}]
    return case


def bench_city(name: str, n: int, seed: int) -> float:
    """Cases per second, validation + evaluation, for ``n`` generated cases under ``name``."""
    profile = load_profile(name)
    calendar = national_calendar()
    rng = random.Random(f"{seed}-{name}")
    cases = [make_case(rng, name, index) for index in range(n)]
    as_of = WINDOWS[name].as_of
    outcomes: dict[str, int] = {}
    started = time.perf_counter()
    for index, data in enumerate(cases, start=1):
        report = evaluate(profile, case_from_data(data), as_of=as_of, calendar=calendar)
        outcome = report.disposition.outcome if report.disposition else report.status
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if index % PROGRESS_EVERY == 0 and index < n:
            rate = index / (time.perf_counter() - started)
            print(f"    {name}: {index:,}/{n:,} ({rate:,.0f}/s)", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - started
    spread = ", ".join(f"{key} {count}" for key, count in sorted(outcomes.items(), key=lambda item: -item[1]))
    print(f"    outcomes: {spread}")
    return n / elapsed


def lines(count: int, seed: int) -> Iterator[str]:
    """``count`` JSON lines, generated one at a time: the input is never held in memory."""
    rng = random.Random(f"{seed}-batch")
    for index in range(count):
        yield json.dumps(make_case(rng, "weihai", index))


def batch_peak(count: int, seed: int) -> tuple[int, int, float]:
    """(peak traced bytes, results, seconds) while consuming ``evaluate_many`` over ``count`` lines."""
    profile = load_profile("weihai")
    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    seen = 0
    try:
        tracemalloc.reset_peak()
        for result in evaluate_many(profile, lines(count, seed), as_of=WINDOWS["weihai"].as_of):
            seen += 1
            del result
            if seen % COLLECT_EVERY == 0:
                gc.collect()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, seen, time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="cases per city (default 100000)")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--memory-n", type=int, default=1_000,
                        help="lines for the memory check, which is also run over 10× as many (default 1000)")
    args = parser.parse_args(argv)
    print(f"enforcement-rules: validate + evaluate, {args.n:,} cases per city, seed {args.seed}, one core")
    rates: dict[str, float] = {}
    for name in list_profiles():
        print(f"  {name} …", flush=True)
        rates[name] = bench_city(name, args.n, args.seed)
        verdict = "meets" if rates[name] >= TARGET else "BELOW"
        print(f"  {name:<9} {rates[name]:>10,.0f} cases/s  ({verdict} the {TARGET:,}/s target)", flush=True)
    slowest = min(rates, key=rates.__getitem__)
    print(f"  slowest: {slowest} {rates[slowest]:,.0f} cases/s")

    m = args.memory_n
    print("\nbatch path (evaluate_many over a generator, weihai, results discarded; tracemalloc slows it down)")
    # Warm-up over the largest input: the profile, the calendar and the due-date cache (bounded: at most
    # _RESOLVED_KEPT entries per profile) are filled before measuring, so what is left is what streaming keeps.
    evaluated = sum(1 for _ in evaluate_many("weihai", lines(10 * m, args.seed), as_of=WINDOWS["weihai"].as_of))
    assert evaluated == 10 * m
    print(f"  (warmed up over {10 * m:,} lines; the due-date cache holds at most {_RESOLVED_KEPT:,} entries)")
    small, seen_small, t_small = batch_peak(m, args.seed)
    print(f"  {seen_small:>9,} lines: peak {small / 1024:>9,.1f} KiB  ({t_small:.1f} s)", flush=True)
    large, seen_large, t_large = batch_peak(10 * m, args.seed)
    print(f"  {seen_large:>9,} lines: peak {large / 1024:>9,.1f} KiB  ({t_large:.1f} s)")
    ratio = large / small
    print(f"  ratio 10×/1×: {ratio:.2f}  ({'flat' if ratio < 2 else 'GROWS with the input'})")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"  process peak RSS: {rss / 1024:,.1f} MiB (includes the per-city case lists above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
