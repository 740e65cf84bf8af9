"""Benchmark of the command line's cold start (issue 10): a new process per run, as a user's shell starts it.

    python benchmarks/bench_coldstart.py [--rounds 15] [--cli "enforcement-rules"]

Interleaved rounds of three commands, so that a slow moment of the machine hits all three alike:

1. ``python -c pass``: the interpreter's own start, the floor;
2. ``enforcement-rules --help`` (target: median ≤ 150 ms);
3. ``enforcement-rules deadline weihai decision_disclosure 2026-09-30`` (target: median ≤ 200 ms).

One warm-up run of each first fills the on-disk cache (the bundled profile and the models' docstrings; README
'The cache'), so the rounds measure the usual start, not the first one after an upgrade. Prints the median,
the fastest and the slowest wall time of each, its ratio to ``python -c pass``, the median CPU time (user +
system: less disturbed than wall time when other processes share the machine), and whether the targets are
met. ``--cli "python -m enforcement_rules"`` (with ``PYTHONPATH``) times another source tree the same way;
``--baseline "env PYTHONPATH=OLD/src python -m enforcement_rules"`` adds another tree's two commands to the same
interleaved rounds (a before/after comparison that a busy machine disturbs alike).

Python's bytecode cache is on for the runs, as it is for an installed wheel (pip compiles it): a
``PYTHONDONTWRITEBYTECODE`` in the environment is dropped, so that the warm-up writes the ``.pyc`` files.
``--env-as-is`` keeps it: a module without a ``.pyc`` (a checkout's, when the variable is set) is then
compiled on every run, some 60–100 ms more for this package.
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

DEADLINE_ARGS = ("deadline", "weihai", "decision_disclosure", "2026-09-30")
TARGETS_MS = {"--help": 150.0, "deadline": 200.0}


def run_once(command: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run, in milliseconds; the command must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds (default 15)")
    parser.add_argument("--cli", default="enforcement-rules",
                        help="how to start the command line (default: the enforcement-rules script)")
    parser.add_argument("--baseline", metavar="CLI", help="another command line to time in the same rounds")
    parser.add_argument("--env-as-is", action="store_true",
                        help="keep PYTHONDONTWRITEBYTECODE if set (modules without a .pyc compile on every run)")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if not args.env_as_is:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    cli = shlex.split(args.cli)
    if cli == ["enforcement-rules"]:  # the script beside this interpreter, whatever the PATH says
        script = os.path.join(os.path.dirname(sys.executable), "enforcement-rules")
        cli = [script] if os.path.exists(script) else cli
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "--help": [*cli, "--help"],
        "deadline": [*cli, *DEADLINE_ARGS],
    }
    shown = {"python -c pass": "python -c pass", "--help": f"{args.cli} --help",
             "deadline": f"{args.cli} {' '.join(DEADLINE_ARGS)}"}
    if args.baseline:
        baseline = shlex.split(args.baseline)
        commands |= {"baseline --help": [*baseline, "--help"], "baseline deadline": [*baseline, *DEADLINE_ARGS]}
        shown |= {"baseline --help": f"{args.baseline} --help",
                  "baseline deadline": f"{args.baseline} {' '.join(DEADLINE_ARGS)}"}
    for command in commands.values():  # warm-up: fills the cache, loads the files into the OS's page cache
        run_once(command, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, command in commands.items():
            wall, cpu = run_once(command, env)
            times[name].append(wall)
            cpus[name].append(cpu)
    floor = statistics.median(times["python -c pass"])
    cache = "not written (PYTHONDONTWRITEBYTECODE)" if env.get("PYTHONDONTWRITEBYTECODE") else "on"
    print(f"cold start, {args.rounds} interleaved rounds ({args.cli}); bytecode cache {cache}; wall time in ms")
    width = max(len(text) for text in shown.values())
    print(f"{'command':<{width}} {'median':>7} {'min':>7} {'max':>7} {'× pass':>7} {'cpu':>7}")
    met = True
    for name, values in times.items():
        median = statistics.median(values)
        target = TARGETS_MS.get(name)
        verdict = ""
        if target is not None:
            ok = median <= target
            met = met and ok
            verdict = f"  target ≤ {target:.0f} ms: {'met' if ok else 'NOT met'}"
        cpu = statistics.median(cpus[name])
        print(f"{shown[name]:<{width}} {median:7.1f} {min(values):7.1f} {max(values):7.1f} {median / floor:7.1f} "
              f"{cpu:7.1f}"
              f"{verdict}")
    print("all targets met" if met else "some targets not met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
