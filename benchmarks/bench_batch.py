"""Benchmark of the batch contract: a JSONL batch with 1% bad lines of every known kind, through the CLI.

    python benchmarks/bench_batch.py [--lines 1000000] [--small 100000] [--bad-every 100]

Writes a batch of N lines (weihai cases from examples/batch.jsonl, every ``bad-every``-th line replaced by a
bad line, the bad kinds in turn), runs ``enforcement-rules evaluate FILE --profile weihai --jsonl`` in a
child process and reads its output as it streams: records out, lines with a report, lines with an error,
wall time and the child's peak RSS (VmHWM). The same for a batch of ``--small`` lines: flat memory means the
two peaks are about equal. Exit 1 if a record is missing, a good line has no report or a bad line no error.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOOD = [line for line in (ROOT / "examples" / "batch.jsonl").read_bytes().splitlines() if b'"rudeness"' not in line]
BAD = [
    b'{"id": "BAD-SURROGATE", "bars": ["\\ud800"]}',
    b'{"id": "BAD-UTF8", "act": {"type": "pen\xffalty"}}',
    b'{"id": "BAD-INT", "obligations": [{"rule": "annual_report", "year": ' + b"9" * 5000 + b"}]}",
    b'{"id": "BAD-DEEP", "bars": ' + b"[" * 10000 + b"]" * 10000 + b"}",
    b'{"id": "BAD-9999", "act": {"type": "penalty", "decided_on": "9999-12-31"}}',
    b'{"id": "BAD-DUP", "id": "again"}',
    b'{"id": "BAD-NAN", "bars": [NaN]}',
    b'{"id": "BAD-RULE", "obligations": [{"rule": "no_such_rule", "trigger": "2026-01-01"}]}',
    b'{"id": "BAD-EXT", "events": [{"type": "case_filed", "on": "2026-05-12"}, '
    b'{"type": "extension_approved", "on": "2026-06-01", "months": 3}]}',
    b'{"id": "BAD-DOC", "events": [{"type": "corrective_document_received", "on": "2026-09-05", '
    b'"document": "opinion", "deadline": "2026-09-01"}]}',
    b"{not json",
    b"[1, 2]",
]

# The child reports its own peak RSS: VmHWM is the peak of its process image.
CHILD = """
import sys
from enforcement_rules._cli import main
code = main(sys.argv[2:])
with open("/proc/self/status") as status, open(sys.argv[1], "w") as out:
    out.write(next(line for line in status if line.startswith("VmHWM:")).split()[1])
sys.exit(code)
"""


def write_batch(path: Path, lines: int, bad_every: int) -> int:
    """Write the batch; return the number of bad lines."""
    bad = 0
    with path.open("wb") as out:
        for number in range(1, lines + 1):
            if number % bad_every == 0:
                out.write(BAD[bad % len(BAD)] + b"\n")
                bad += 1
            else:
                out.write(GOOD[number % len(GOOD)] + b"\n")
    return bad


def run(path: Path, lines: int, bad_every: int) -> tuple[bool, str]:
    peak = path.with_suffix(".peak")
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(peak), "evaluate", str(path), "--profile", "weihai",
                              "--jsonl", "--as-of", "2026-11-22"], stdout=subprocess.PIPE)
    assert child.stdout is not None
    records = reports = errors = wrong = 0
    for number, record in enumerate(child.stdout, start=1):
        records += 1
        head = record[:120]
        if not head.startswith(b'{"line": %d, ' % number):
            wrong += 1
        expected_bad = number % bad_every == 0
        if b'"report": ' in head:
            reports += 1
            wrong += expected_bad
        else:
            errors += 1
            wrong += not expected_bad
    code = child.wait()
    seconds = time.perf_counter() - start
    megabytes = int(peak.read_text()) / 1024
    ok = records == lines and wrong == 0 and code == 1
    return ok, (f"{lines:>9,} lines: {records:,} records ({reports:,} reports, {errors:,} errors, {wrong} wrong), "
                f"exit {code}, {seconds:,.1f} s ({lines / seconds:,.0f} lines/s), peak RSS {megabytes:,.1f} MB")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--bad-every", type=int, default=100)
    args = parser.parse_args(argv)
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        for lines in (args.small, args.lines):
            path = Path(folder) / f"batch-{lines}.jsonl"
            bad = write_batch(path, lines, args.bad_every)
            print(f"batch of {lines:,} lines, {bad:,} bad ({len(BAD)} kinds), {path.stat().st_size / 1e6:,.0f} MB",
                  flush=True)
            ok, summary = run(path, lines, args.bad_every)
            print(summary, flush=True)
            failed |= not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
