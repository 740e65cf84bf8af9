"""The benchmark's seeded case generator (benchmarks/bench_evaluate.py), for the batch and Dask tests."""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
from pathlib import Path
from typing import Any

_SPEC = importlib.util.spec_from_file_location("bench_evaluate",
                                               Path(__file__).resolve().parents[1] / "benchmarks" / "bench_evaluate.py")
assert _SPEC is not None and _SPEC.loader is not None
_BENCH = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_BENCH)


def as_of(profile: str) -> dt.date:
    """The day the benchmark evaluates ``profile``'s cases (every period they start ends before it)."""
    day: dt.date = _BENCH.WINDOWS[profile].as_of
    return day


def cases(profile: str, count: int, seed: str) -> list[dict[str, Any]]:
    """``count`` plausible cases as plain data (SPEC §5), seeded."""
    rng = random.Random(seed)
    return [_BENCH.make_case(rng, profile, index) for index in range(count)]
