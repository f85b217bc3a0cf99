"""Time the compiled week kernel alone, for comparing kernel versions on a busy machine.

    python3 benchmarks/kernel_profile.py [--agents N] [--weeks W] [--repeats R] [--threads T]

Builds one baseline population (not timed), steps it two weeks to compile or load the cached
kernel, then times ``--repeats`` blocks of ``--weeks`` weeks through the engine's ``WeekStepper``
and prints the median and the best block in ns per agent-week and M agent-weeks/s.

Wall-clock timings move with the load other processes put on the cores. For a load-independent
comparison, count instructions with callgrind, once with ``--weeks 0`` (build and warm-up only)
and once with weeks, and subtract the two totals:

    NUMBA_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python3 benchmarks/kernel_profile.py --agents 20000 --weeks 26 --repeats 1
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numba

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from benchmarks.peers.common import AGE_MAX, AGE_MIN, PRESET
from samen.sim.engine import WeekStepper
from samen.sim.interventions import compile_interventions
from samen.sim.params import INDEX, parameter_vector
from samen.sim.population import build_population

SEED = 7


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agents", type=float, default=1e6)
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0, help="numba threads (0: all)")
    args = parser.parse_args()
    if args.threads:
        numba.set_num_threads(args.threads)
    n = int(args.agents)
    params = parameter_vector()
    pop = build_population(n, PRESET, AGE_MIN, AGE_MAX, params, SEED)
    total_weeks = 2 + args.weeks * args.repeats
    table = compile_interventions([], total_weeks, params[INDEX["sd_state"]], offset=0)
    stepper = WeekStepper(pop, params, table, SEED, AGE_MIN, AGE_MAX)
    for week in range(2):  # warm-up: compiles or loads the cached kernel
        stepper.step(week)
    if args.weeks == 0:
        return
    seconds = []
    week = 2
    for _ in range(args.repeats):
        started = time.perf_counter()
        for _ in range(args.weeks):
            stepper.step(week)
            week += 1
        seconds.append(time.perf_counter() - started)
    per = [s / (n * args.weeks) * 1e9 for s in seconds]
    print(f"{n} agents x {args.weeks} weeks, {numba.get_num_threads()} threads: "
          f"median {statistics.median(per):.1f} ns/agent-week "
          f"({1e3 / statistics.median(per):.2f} M/s), best {min(per):.1f} ns "
          f"({1e3 / min(per):.2f} M/s)")


if __name__ == "__main__":
    main()
