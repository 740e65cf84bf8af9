"""A province's year: N weihai cases through the CLI batch, end to end, with the peak memory of the process tree.

    python benchmarks/bench_province.py [--n 10000000] [--unique 1000000] [--workers 2] [--input jsonl|parquet]
                                        [--keep FILE]

``--unique`` cases are generated (``bench_evaluate.make_case``, seeded) and written ``n / unique`` times over
to one JSONL file, or one Parquet file of ``case_schema`` in row groups of 65,536 cases (generation is not
timed); then ``enforcement-rules evaluate FILE --profile weihai --format parquet --output OUT --workers W``
runs while the summed RSS of its process tree (the CLI and its workers) is
sampled every 0.2 s. Prints the wall time, cases per second and the peak memory of the tree (PSS: shared pages
shared out; and the summed RSS, which counts them once per process); the targets of issue 10 are 10^7 cases
in under 120 s and under 2 GiB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import pyarrow as pa
import pyarrow.parquet as pq

from bench_evaluate import WINDOWS, make_case
from enforcement_rules import case_schema, load_profile


def tree_memory(pid: int) -> tuple[int, int]:
    """The summed resident set and proportional set of a process and its descendants, in KiB (Linux /proc):
    RSS counts a page the processes share once per process (an upper bound), PSS shares it out (the memory
    the tree takes)."""
    rss = pss = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
        todo.extend(int(child) for child in children)
    return rss, pss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000_000)
    parser.add_argument("--unique", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--input", choices=("jsonl", "parquet"), default="jsonl")
    parser.add_argument("--keep", help="reuse (or keep) the generated input at this path")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    source = Path(args.keep) if args.keep else folder / f"cases.{args.input}"
    if not source.exists():
        rng = random.Random(args.seed)
        generated = [make_case(rng, "weihai", i) for i in range(args.unique)]
        if args.input == "parquet":
            schema = case_schema(load_profile("weihai"))
            table = pa.Table.from_pylist(generated, schema=schema)
            with pq.ParquetWriter(source, schema) as writer:
                for _ in range(args.n // args.unique):
                    writer.write_table(table, row_group_size=65_536)
        else:
            block = "".join(json.dumps(case) + "\n" for case in generated).encode()
            with source.open("wb") as out:
                for _ in range(args.n // args.unique):
                    out.write(block)
    output = folder / "verdicts.parquet"
    command = ["enforcement-rules", "evaluate", str(source), "--profile", "weihai", "--as-of",
               WINDOWS["weihai"].as_of.isoformat(), "--format", "parquet", "--output", str(output),
               "--workers", str(args.workers)]
    began = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    peak = peak_pss = 0
    while process.poll() is None:
        rss, pss = tree_memory(process.pid)
        peak, peak_pss = max(peak, rss), max(peak_pss, pss)
        time.sleep(0.2)
    seconds = time.perf_counter() - began
    summary = [line for line in (process.stderr.read() if process.stderr else "").splitlines() if "cases:" in line]
    print(f"{args.n:,} weihai cases ({args.input}), --workers {args.workers}: {seconds:.1f} s, "
          f"{args.n / seconds:,.0f} cases/s, "
          f"peak tree PSS {peak_pss / 1024:,.0f} MiB (RSS summed {peak / 1024:,.0f} MiB); exit {process.returncode}; "
          f"{' '.join(summary)}")
    print(f"targets: under 120 s: {'met' if seconds < 120 else 'NOT met'}; under 2 GiB: "
          f"{'met' if peak_pss < 2 * 1024 * 1024 else 'NOT met'} (PSS)")
    if not args.keep:
        source.unlink(missing_ok=True)
    output.unlink(missing_ok=True)
    os.rmdir(folder) if not any(folder.iterdir()) else None


if __name__ == "__main__":
    main()
