"""The columnar plan against the scalar batch, per core, parse and output included (issue 10).

    python benchmarks/bench_columnar.py [--n 100000] [--rounds 3] [--profiles weihai,jincheng]

For each bundled profile: N seeded cases like examples/ (``bench_evaluate.make_case``) as JSON lines in memory;
interleaved rounds of
- scalar: ``evaluate_many`` over the lines, each record serialized as the CLI batch writes it;
- columnar: ``evaluate_jsonl`` over blocks of 8 MiB, each verdict table written as JSON lines (polars);
medians of the rounds, cases per second and the ratio columnar / scalar. One process, one thread for the
JSON reader and for polars (``POLARS_MAX_THREADS=1``): the ratio is per core. Case generation is not timed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # per core: one polars thread, as each batch worker uses
import polars as pl

sys.path.insert(0, str(Path(__file__).parent))
from bench_evaluate import WINDOWS, make_case
from enforcement_rules import evaluate_many, load_profile
from enforcement_rules._cli import batch_record
from enforcement_rules._columnar import evaluate_jsonl, paths

BLOCK = 8 << 20


def blocks(data: bytes) -> list[tuple[bytes, int]]:
    """Whole-line blocks of about ``BLOCK`` bytes with the number of their first line."""
    found, start, line = [], 0, 1
    while start < len(data):
        end = data.find(b"\n", min(start + BLOCK, len(data) - 1))
        end = len(data) if end < 0 else end + 1
        found.append((data[start:end], line))
        line += data.count(b"\n", start, end)
        start = end
    return found


class Sink(io.BytesIO):
    """Counts what is written and keeps none of it: 10^6 reports held in memory would not fit."""

    size = 0

    def write(self, data: Any) -> int:  # text (the scalar side) or bytes (polars)
        self.size += len(data)
        return len(data)


def scalar(profile: object, data: bytes, as_of: object) -> float:
    sink = Sink()
    began = time.perf_counter()
    for result in evaluate_many(profile, io.BytesIO(data), as_of=as_of):  # type: ignore[arg-type]
        sink.write(json.dumps(batch_record(result), ensure_ascii=False) + "\n")
    return time.perf_counter() - began


def columnar(profile: object, data: bytes, as_of: object) -> tuple[float, dict[str, int]]:
    sink = Sink()
    counts = {"columnar": 0, "scalar": 0, "error": 0}
    began = time.perf_counter()
    for block, first in blocks(data):
        table = evaluate_jsonl(profile, block, as_of=as_of, first_line=first)  # type: ignore[arg-type]
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        frame.write_ndjson(sink)
        for path, count in paths(table).items():
            counts[path] += count
    return time.perf_counter() - began, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profiles", default="weihai,xuchang,jincheng,quzhou")
    parser.add_argument("--seed", type=int, default=20261124)
    args = parser.parse_args()
    for name in args.profiles.split(","):
        rng = random.Random(args.seed)
        profile = load_profile(name)
        data = ("\n".join(json.dumps(make_case(rng, name, i)) for i in range(args.n)) + "\n").encode()
        as_of = WINDOWS[name].as_of
        evaluate_jsonl(profile, data[: data.find(b"\n", 200_000) + 1], as_of=as_of)  # compile the plan once
        slow, fast = [], []
        counts: dict[str, int] = {}
        for _ in range(args.rounds):
            slow.append(scalar(profile, data, as_of))
            seconds, counts = columnar(profile, data, as_of)
            fast.append(seconds)
        s, f = statistics.median(slow), statistics.median(fast)
        print(f"{name:9} n={args.n}: scalar {args.n / s:>8,.0f}/s  columnar {args.n / f:>9,.0f}/s  "
              f"ratio {s / f:5.1f}x  paths {counts}", flush=True)


if __name__ == "__main__":
    main()
