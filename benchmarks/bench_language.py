"""Throughput of ``evaluate`` on the rule language against a baseline revision, in the same run.

    python benchmarks/bench_language.py [--baseline 020943e] [--law REV] [--n 20000]
                                        [--rounds 5]

The baseline's ``src``, ``profiles`` and ``sources`` are exported with ``git archive`` into a temporary folder;
for each city the same N seeded cases (``bench_evaluate.make_case``: plain data both versions accept) are written
once, then the two versions evaluate them in separate processes, interleaved round by round (A B, B A, …) so
that the shared machine's noise falls on both. With ``--law REV`` the current engine evaluates the profiles of
revision REV instead of today's (``--law b2137ac``: the four cities as they were just after the move onto the
language, the same law the baseline encodes — the engine against the engine; without it, today's profiles,
which encode every operative article: the engine and the larger law together). Each process times validation
and evaluation of every case (the import and profile load are not timed). Printed: the median cases/s of each
side, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench_evaluate import WINDOWS, make_case

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BASELINE = "020943e"  # the last commit before the rule language (issue 7)

_WORKER = """
import datetime as dt, json, sys, time
from enforcement_rules import evaluate, load_profile, national_calendar
from enforcement_rules._case import case_from_data
name, path, as_of = sys.argv[1], sys.argv[2], dt.date.fromisoformat(sys.argv[3])
cases = json.loads(open(path, encoding="utf-8").read())
profile, calendar = load_profile(name), national_calendar()
for data in cases[:200]:
    evaluate(profile, case_from_data(data), as_of=as_of, calendar=calendar)
started = time.perf_counter()
for data in cases:
    evaluate(profile, case_from_data(data), as_of=as_of, calendar=calendar)
print(len(cases) / (time.perf_counter() - started))
"""


def export(revision: str, into: Path, *, name: str = "baseline", paths: Sequence[str] = ("src", "profiles",
                                                                                        "sources")) -> Path:
    """A tree of ``paths`` as of ``revision``."""
    archive = subprocess.run(["git", "archive", revision, *paths], cwd=ROOT, check=True,
                             capture_output=True).stdout
    target = into / name
    target.mkdir(exist_ok=True)
    with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def rate(src: Path, name: str, cases: Path, as_of: str) -> float:
    result = subprocess.run([sys.executable, "-c", _WORKER, name, str(cases), as_of], check=True,
                            capture_output=True, text=True, env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"})
    return float(result.stdout.strip().splitlines()[-1])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="the git revision compared against")
    parser.add_argument("--n", type=int, default=20_000, help="cases per city")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds per city")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--law", metavar="REV", help="evaluate the profiles of this revision with today's engine")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        old_src = export(args.baseline, tmp) / "src"
        new_src = ROOT / "src"
        if args.law:
            export("HEAD", tmp, name="current", paths=("src",))
            new_src = export(args.law, tmp, name="current", paths=("profiles", "sources")) / "src"
        law = f", today's engine on the profiles of {args.law}" if args.law else ""
        print(f"evaluate: {args.n:,} cases per city, {args.rounds} interleaved rounds, baseline {args.baseline}{law}")
        print(f"{'city':<10} {'baseline/s':>11} {'language/s':>11} {'ratio':>6}")
        for name, window in WINDOWS.items():
            rng = random.Random(f"{args.seed}:{name}")
            cases = tmp / f"{name}.json"
            cases.write_text(json.dumps([make_case(rng, name, i) for i in range(args.n)]), encoding="utf-8")
            old: list[float] = []
            new: list[float] = []
            for round_ in range(args.rounds):
                order = [(old, old_src), (new, new_src)]
                for results, src in order if round_ % 2 == 0 else reversed(order):
                    results.append(rate(src, name, cases, window.as_of.isoformat()))
            before, after = statistics.median(old), statistics.median(new)
            print(f"{name:<10} {before:>11,.0f} {after:>11,.0f} {after / before:>6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
