"""Simulation throughput: Samen's engine against the same model in Starsim and Mesa, side by side.

    python3 benchmarks/sim_throughput.py [--sizes 1e4,1e5,1e6] [--weeks W] [--repeats R]
                                         [--out docs/benchmarks.json] [--quick] [--national]

Measures agent-weeks per second (median of R repeats, after a warm-up that compiles numba and
loads each framework) and bytes per agent, prints a table with the ratios and the issue-3 targets,
and writes JSON with the machine. ``docs/benchmarks.md`` explains every number. The peers need the
``bench`` extra: ``python3 -m pip install -e ".[bench]"``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from benchmarks.peers.common import AGE_MAX, AGE_MIN, PRESET
from samen.sim.engine import WEEKS_PER_YEAR, WeekStepper, run_simulation
from samen.sim.interventions import compile_interventions
from samen.sim.params import INDEX, as_dict, parameter_vector
from samen.sim.population import Population, build_population
from samen.sim.scenario import load_scenario

SEED = 7
TARGETS = {"rate_1e6": 25e6, "vs_starsim": 5.0, "vs_mesa": 300.0, "bytes_per_agent": 200.0,
           "national_s": 180.0}
# Arrays the kernel streams per agent-week in the baseline (no interventions). Friends' shared
# values are gathered within +-400 places, so each cache line of them comes from memory about once.
READ = ("age_weeks", "sex", "attachment", "chronic", "setting", "overprotection", "control",
        "anxiety_base", "anxiety", "mood", "loneliness", "stress", "skills", "online", "run",
        "since_episode", "reengage", "friends", "ties", "shared", "shared_loneliness")
WRITTEN = ("age_weeks", "anxiety", "mood", "loneliness", "stress", "skills", "online", "run",
           "since_episode", "reengage", "ties")
NEXT_BUFFERS = ("shared", "shared_loneliness")  # written to arrays not read: + write-allocate


def median_rate(agent_weeks: float, seconds: list[float]) -> dict[str, Any]:
    return {"agent_weeks_per_s": agent_weeks / statistics.median(seconds),
            "seconds": seconds, "agent_weeks": agent_weeks}


def traced(build: Callable[[], Any], n: int) -> tuple[Any, dict[str, float]]:
    """Build under tracemalloc: bytes per agent still held afterwards and at the peak."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    built = build()
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return built, {"retained": (current - before) / n, "peak": (peak - before) / n}


def kernel_loop(pop: Population, weeks: int, first_week: int = 0) -> float:
    """Step ``pop`` for ``weeks`` through the engine's own WeekStepper (the code path of
    run_simulation, baseline without interventions); returns the seconds taken."""
    params = parameter_vector()
    table = compile_interventions([], first_week + weeks, params[INDEX["sd_state"]], offset=0)
    stepper = WeekStepper(pop, params, table, SEED, AGE_MIN, AGE_MAX)
    started = time.perf_counter()
    for week in range(first_week, first_week + weeks):
        stepper.step(week)
    return time.perf_counter() - started


def bytes_per_agent_week(pop: Population) -> dict[str, float]:
    """Memory traffic per agent-week from the arrays the kernel reads and writes."""
    per_agent = {name: getattr(pop, name).nbytes / pop.size for name in READ}
    read = sum(per_agent.values())
    written = sum(per_agent[name] for name in WRITTEN)
    next_buffers = sum(per_agent[name] for name in NEXT_BUFFERS)
    total = read + written + 2 * next_buffers
    return {"read": read, "written": written + next_buffers,
            "write_allocate": next_buffers, "total": total}


def _timestamps(marks: list[float]) -> Callable[[int, int], None]:
    """A progress callback that records when each reported week of run_simulation ended."""
    def mark(done: int, total: int) -> None:
        marks.append(time.perf_counter())
    return mark


def measure_samen(n: int, weeks: int, repeats: int) -> dict[str, Any]:
    scenario = load_scenario("baseline")
    pop, mem = traced(lambda: build_population(n, PRESET, AGE_MIN, AGE_MAX,
                                               parameter_vector(), SEED), n)
    kernel_loop(pop, 2)  # warm-up: compiles (or loads the cached) kernel
    loop_s = [kernel_loop(pop, weeks, first_week=2 + k * weeks) for k in range(repeats)]
    burn_in = round(parameter_vector()[INDEX["burn_in_years"]] * WEEKS_PER_YEAR)
    engine_s, stepping_s = [], []
    for _ in range(repeats):
        marks: list[float] = []
        result = run_simulation(scenario, agents=n, years=weeks / WEEKS_PER_YEAR, seed=SEED,
                                progress=_timestamps(marks))
        engine_s.append(result.runtime_s)
        stepping_s.append(marks[-1] - marks[0])
    return {
        "bytes_per_agent": pop.nbytes() / n, "build_bytes_per_agent": mem,
        "kernel_loop": median_rate(n * weeks, loop_s),
        "run_simulation": {**median_rate(n * (burn_in + weeks), engine_s),
                           "weeks": weeks, "burn_in_weeks": burn_in},
        "run_simulation_stepping": median_rate(n * (weeks - 1), stepping_s),
        "bytes_per_agent_week": bytes_per_agent_week(pop),
    }


def measure_starsim(n: int, weeks: int, repeats: int) -> dict[str, Any]:
    from benchmarks.peers.starsim_model import make_sim

    make_sim(1000, 2).run()  # warm-up: imports and Starsim's numba functions
    _, mem = traced(lambda: make_sim(n, weeks, SEED).init(), n)
    seconds, steps = [], 0
    for k in range(repeats):
        sim = make_sim(n, weeks, SEED + k)
        sim.init()
        steps = len(sim.t.timevec)
        started = time.perf_counter()
        sim.run()
        seconds.append(time.perf_counter() - started)
        del sim
    return {"bytes_per_agent": mem["retained"], "build_bytes_per_agent": mem,
            "stepping": {**median_rate(n * steps, seconds), "weeks": steps}}


def measure_mesa(n: int, weeks: int, repeats: int) -> dict[str, Any]:
    from benchmarks.peers.mesa_model import WithdrawalModel

    WithdrawalModel(100).step()  # warm-up
    _, mem = traced(lambda: WithdrawalModel(n, SEED), n)
    seconds = []
    for k in range(repeats):
        model = WithdrawalModel(n, SEED + k)
        model.step()  # not timed: first-touch of every agent
        started = time.perf_counter()
        for _ in range(weeks):
            model.step()
        seconds.append(time.perf_counter() - started)
        del model
    return {"bytes_per_agent": mem["retained"], "build_bytes_per_agent": mem,
            "stepping": {**median_rate(n * weeks, seconds), "weeks": weeks}}


def copy_bandwidth(megabytes: int = 512, repeats: int = 5) -> dict[str, Any]:
    """np.copyto between two float32 arrays; GB/s counts bytes read plus bytes written."""
    src = np.ones(megabytes * 2**20 // 4, dtype=np.float32)
    dst = np.zeros_like(src)
    np.copyto(dst, src)  # first touch of every page
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        np.copyto(dst, src)
        seconds.append(time.perf_counter() - started)
    return {"array_mb": megabytes, "gb_per_s": 2 * src.nbytes / statistics.median(seconds) / 1e9,
            "seconds": seconds}


def national_run(agents: int = 5_000_000, years: float = 10.0) -> dict[str, Any]:
    started = time.perf_counter()
    result = run_simulation(load_scenario("baseline"), agents=agents, years=years, seed=SEED)
    wall = time.perf_counter() - started
    burn_in = round(parameter_vector()[INDEX["burn_in_years"]] * WEEKS_PER_YEAR)
    return {"agents": agents, "years": years, "burn_in_weeks": burn_in, "wall_s": wall,
            "runtime_s": result.runtime_s, "met": wall < TARGETS["national_s"],
            "agent_weeks": agents * (burn_in + round(years * WEEKS_PER_YEAR))}


def machine() -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
    versions: dict[str, str | None] = {}
    for package in ("numpy", "numba", "mesa", "starsim"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    import numba

    return {
        "cpu": next((line.split(":", 1)[1].strip() for line in cpuinfo
                     if line.startswith("model name")), platform.processor()),
        "cores": os.cpu_count(),
        "ram_gb": round(int(meminfo[0].split()[1]) / 2**20, 1),
        "python": platform.python_version(), **versions,
        "numba_num_threads": numba.get_num_threads(),
        "NUMBA_NUM_THREADS_env": os.environ.get("NUMBA_NUM_THREADS"),
        "load_average_at_start": os.getloadavg(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def verdicts(results: dict[str, Any]) -> dict[str, Any]:
    """Each issue-3 target, the measured value and whether it is met (None: not measured)."""
    sizes = results["sizes"]
    big = sizes.get("1000000", {})
    rate = big.get("samen", {}).get("kernel_loop", {}).get("agent_weeks_per_s")
    starsim = big.get("starsim", {}).get("stepping", {}).get("agent_weeks_per_s")
    mesa_sizes = [int(s) for s, r in sizes.items() if "mesa" in r]
    mesa = (sizes[str(max(mesa_sizes))]["mesa"]["stepping"]["agent_weeks_per_s"]
            if mesa_sizes else None)
    nbytes = big.get("samen", {}).get("bytes_per_agent")
    national = results.get("national")

    def check(value: float | None, target: float, at_most: bool = False) -> dict[str, Any]:
        met = None if value is None else (value <= target if at_most else value >= target)
        return {"value": value, "target": target, "met": met}

    return {
        "rate_1e6": check(rate, TARGETS["rate_1e6"]),
        "vs_starsim_1e6": check(rate / starsim if rate and starsim else None,
                                TARGETS["vs_starsim"]),
        "vs_mesa": {**check(rate / mesa if rate and mesa else None, TARGETS["vs_mesa"]),
                    "mesa_size": max(mesa_sizes) if mesa_sizes else None},
        "bytes_per_agent_1e6": check(nbytes, TARGETS["bytes_per_agent"], at_most=True),
        "national_5e6_10y_s": check(national["wall_s"] if national else None,
                                    TARGETS["national_s"], at_most=True),
    }


def print_table(results: dict[str, Any]) -> None:
    def rate(block: dict[str, Any] | None, key: str = "stepping") -> str:
        return "-" if not block else f"{block[key]['agent_weeks_per_s'] / 1e6:8.3f}"

    print(f"\n{'agents':>9} | Samen M aw/s: kernel  engine+burn-in | Starsim | Mesa    | "
          "Samen/Starsim | Samen/Mesa | bytes/agent Samen Starsim Mesa")
    for size, r in results["sizes"].items():
        samen, ss_, me = r.get("samen"), r.get("starsim"), r.get("mesa")
        s_rate = samen["kernel_loop"]["agent_weeks_per_s"] if samen else None
        ratio = [("-" if not (s_rate and p) else
                  f"{s_rate / p['stepping']['agent_weeks_per_s']:10.1f}x") for p in (ss_, me)]
        nb = [("-" if not b else f"{b['bytes_per_agent']:.0f}") for b in (samen, ss_, me)]
        print(f"{int(size):>9} | {rate(samen, 'kernel_loop'):>20} "
              f"{rate(samen, 'run_simulation'):>15} | {rate(ss_):>7} | {rate(me):>7} | "
              f"{ratio[0]:>13} | {ratio[1]:>10} | {nb[0]:>10} {nb[1]:>7} {nb[2]:>5}")
    bw = results["memory_bandwidth"]
    print(f"\ncopy bandwidth {bw['copy_gb_per_s']:.1f} GB/s; Samen moves "
          f"{bw['bytes_per_agent_week']['total']:.0f} B/agent-week -> "
          f"{bw['engine_gb_per_s']:.1f} GB/s at 10^6 = {bw['fraction_of_copy']:.0%} of copy")
    for name, v in results["targets"].items():
        shown = "not measured" if v["value"] is None else f"{v['value']:.4g}"
        print(f"  {name:<22} {shown:>14}  target {v['target']:g}  met: {v['met']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e4,1e5,1e6")
    parser.add_argument("--weeks", type=int, default=52, help="weeks Samen steps per repeat")
    parser.add_argument("--starsim-weeks", type=int, default=26)
    parser.add_argument("--mesa-weeks", type=int, default=4)
    parser.add_argument("--mesa-max", type=float, default=1e5,
                        help="largest size Mesa runs (default 1e5: 1e6 takes hours and GBs)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.json"))
    parser.add_argument("--quick", action="store_true",
                        help="fewer repeats and weeks (2 repeats; 26/8/2 weeks)")
    parser.add_argument("--national", action="store_true",
                        help="also the 5-million-agent 10-year baseline run (minutes)")
    parser.add_argument("--no-peers", action="store_true", help="Samen only")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeats, args.weeks = min(args.repeats, 2), 26
        args.starsim_weeks, args.mesa_weeks = 8, 2
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    results: dict[str, Any] = {"machine": machine(), "settings": {
        k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "parameters": as_dict(parameter_vector()), "sizes": {}}
    bw = copy_bandwidth()
    for n in sizes:
        entry: dict[str, Any] = {"samen": measure_samen(n, args.weeks, args.repeats)}
        if not args.no_peers:
            entry["starsim"] = measure_starsim(n, args.starsim_weeks, args.repeats)
            if n <= args.mesa_max:
                entry["mesa"] = measure_mesa(n, args.mesa_weeks, args.repeats)
        results["sizes"][str(n)] = entry
        print(f"{n:>9} agents done", flush=True)
    largest = results["sizes"][str(max(sizes))]["samen"]
    moved = largest["bytes_per_agent_week"]
    engine_gb = largest["kernel_loop"]["agent_weeks_per_s"] * moved["total"] / 1e9
    results["memory_bandwidth"] = {
        "copy_gb_per_s": bw["gb_per_s"], "copy": bw, "bytes_per_agent_week": moved,
        "at_agents": max(sizes), "engine_gb_per_s": engine_gb,
        "fraction_of_copy": engine_gb / bw["gb_per_s"]}
    results["national"] = national_run() if args.national else None
    results["targets"] = verdicts(results)
    print_table(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
