"""``samen scenarios list``, ``samen simulate SCENARIO`` and ``samen compare BASE OTHER ...``.

The simulation modules are imported inside the commands so that ``samen --help`` and the other
commands do not pay for numpy, numba or Dask.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as ProgressBar

from samen.cli.context import Environment, ExitStatus
from samen.errors import SamenInputError
from samen.text import bilingual

if TYPE_CHECKING:
    from samen.sim.ensemble import Progress
    from samen.sim.results import RunResult
    from samen.sim.scenario import Scenario
    from samen.text import LocalizedText

DEFAULT_RUNS = 10
"""Enough seeds for a rough 90% band in the report and the comparison; --runs for more."""


def register(sub: Any) -> None:
    scenarios = sub.add_parser("scenarios", help="the shipped simulation scenarios")
    inner = scenarios.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = inner.add_parser("list", help="every shipped scenario and its interventions")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=run_list)

    simulate = sub.add_parser(
        "simulate", help="run a scenario ensemble and write the report",
        description="Runs SCENARIO for --runs seeds, the same scenario without its interventions "
                    "(baseline) with the same seeds, and one ensemble per intervention with that "
                    "intervention switched off (attribution), then writes Parquet, summary.json "
                    "and report.html.",
    )
    simulate.add_argument("scenario", metavar="SCENARIO",
                          help="a shipped scenario name (see `samen scenarios list`) or a TOML file")
    _add_run_options(simulate)
    simulate.add_argument("--out", type=Path, metavar="DIR",
                          help="output folder (default: ./samen-runs/SCENARIO-TIMESTAMP)")
    simulate.add_argument("--no-attribution", action="store_true",
                          help="skip the runs with one intervention switched off")
    simulate.set_defaults(func=run_simulate)

    compare = sub.add_parser(
        "compare", help="paired differences between scenarios (common random numbers)",
        description="Runs BASE and every OTHER with the same seeds and reports, per outcome, the "
                    "median paired difference (OTHER - BASE), its 90% interval and the share of "
                    "seeds in which OTHER is better. Agents and years default to BASE's.",
    )
    compare.add_argument("base", metavar="BASE", help="scenario name or TOML file")
    compare.add_argument("others", metavar="OTHER", nargs="+", help="scenario names or TOML files")
    _add_run_options(compare)
    compare.add_argument("--json", action="store_true", help="print JSON")
    compare.set_defaults(func=run_compare)


def _with_burn_in(scenario: Scenario, years: float | None) -> Scenario:
    """The scenario with its burn-in set (``--burn-in``), as a parameter override."""
    if years is None:
        return scenario
    if not 0 <= years <= 30:
        raise SamenInputError(f"--burn-in: must be between 0 and 30 years, got {years:g}")
    parameters = {**scenario.parameters, "burn_in_years": years}
    return scenario.model_copy(update={"parameters": parameters})


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--burn-in", type=float, metavar="Y", dest="burn_in",
                        help="years simulated before reporting starts (default: the evidence "
                             "value, 10; 0 shows the approach to equilibrium)")
    parser.add_argument("--agents", type=int, metavar="N", help="population size (default: the scenario's)")
    parser.add_argument("--years", type=float, metavar="Y", help="simulated years (default: the scenario's)")
    parser.add_argument("--seed", type=int, metavar="S",
                        help="first seed; run i uses S + i (default: the scenario's seed)")
    parser.add_argument("--runs", type=int, metavar="R", default=DEFAULT_RUNS,
                        help=f"seeds per scenario (default: {DEFAULT_RUNS})")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="a Dask scheduler address (tcp://host:8786) or scheduler file, or "
                             "'serial' to run in this process (default: a local Dask cluster)")


def run_list(args: argparse.Namespace, env: Environment) -> ExitStatus:
    from samen.sim.scenario import list_scenarios

    scenarios = list_scenarios()
    rows = [
        {"name": s.name, "title": env.t(s.title), "preset": s.preset, "agents": s.agents,
         "years": s.years, "interventions": [i.id for i in s.interventions]}
        for s in scenarios
    ]
    if args.json:
        env.say(json.dumps(rows, indent=2, ensure_ascii=False))
        return ExitStatus.SUCCESS
    from rich.table import Table

    none = env.t(bilingual("geen", "none"))
    table = Table("name", "title", "interventions")
    for s in scenarios:
        table.add_row(s.name, env.t(s.title), ", ".join(i.id for i in s.interventions) or none)
    env.console().print(table)
    return ExitStatus.SUCCESS


def run_simulate(args: argparse.Namespace, env: Environment) -> ExitStatus:
    from samen.sim.ensemble import EnsembleJob, run_ensembles, seeds_for
    from samen.sim.scenario import load_scenario

    scenario = _with_burn_in(load_scenario(args.scenario), args.burn_in)
    seed = scenario.seed if args.seed is None else args.seed
    seeds_for(seed, args.runs)  # reject a bad --runs before the progress bar appears
    ids = list(dict.fromkeys(i.id for i in scenario.interventions))
    jobs = [EnsembleJob(scenario)]
    if ids:
        jobs.append(EnsembleJob(scenario, frozenset(ids)))  # the same world, no interventions
    attribute = ids if len(ids) > 1 and not args.no_attribution else []
    jobs += [EnsembleJob(scenario, frozenset({i})) for i in attribute]
    started = time.perf_counter()
    with _progress_bar(env, scenario.name) as progress:
        results = run_ensembles(
            jobs, runs=args.runs, seed=seed, agents=args.agents, years=args.years,
            scheduler=args.scheduler, progress=progress,
        )
    elapsed = time.perf_counter() - started
    runs = results[0]
    baseline = results[1] if ids else None
    attribution: dict[str, list[RunResult]] | None = None
    if ids and not args.no_attribution:
        # With one intervention, switching it off IS the baseline: no need to run it twice.
        attribution = dict(zip(attribute, results[2:], strict=True)) if attribute \
            else {ids[0]: results[1]}
    out_dir: Path = args.out or Path("samen-runs") / (
        f"{scenario.name}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    )
    from samen.sim.report import write_outputs

    files = write_outputs(
        out_dir, runs, baseline=baseline, attribution=attribution, title=env.t(scenario.title),
        language=env.language,
    )
    env.say(env.t(bilingual(f"Uitvoer in {out_dir}:", f"Output in {out_dir}:")))
    for path in files.all():
        env.say(f"  {path}")
    for line in _summary(scenario, runs, baseline, elapsed):
        env.say(env.t(line))
    return ExitStatus.SUCCESS


def run_compare(args: argparse.Namespace, env: Environment) -> ExitStatus:
    from samen.sim.compare import compare_scenarios, render_comparison
    from samen.sim.ensemble import seeds_for
    from samen.sim.scenario import load_scenario

    base = _with_burn_in(load_scenario(args.base), args.burn_in)
    others = [_with_burn_in(load_scenario(o), args.burn_in) for o in args.others]
    seeds_for(0, args.runs)  # reject a bad --runs before the progress bar appears
    with _progress_bar(env, "compare") as progress:
        comparison = compare_scenarios(
            base, others, runs=args.runs, seed=base.seed if args.seed is None else args.seed,
            agents=args.agents, years=args.years, scheduler=args.scheduler, progress=progress,
        )
    text = render_comparison(comparison, "json" if args.json else "table", env.language)
    env.stdout.write(text if text.endswith("\n") else text + "\n")
    return ExitStatus.SUCCESS


@contextmanager
def _progress_bar(env: Environment, label: str) -> Iterator[Progress]:
    """Weeks simulated over all runs, with the time left, on stderr (stdout stays clean)."""
    console = Console(file=env.stderr, width=100, highlight=False)
    bar = ProgressBar(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn(env.t(bilingual("weken", "weeks"))), TimeElapsedColumn(),
        TextColumn(env.t(bilingual("nog", "left"))), TimeRemainingColumn(),
        console=console,
    )
    task = bar.add_task(label, total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield update


def _summary(
    scenario: Scenario, runs: list[RunResult], baseline: list[RunResult] | None, elapsed: float
) -> list[LocalizedText]:
    """Three lines a reader can act on before opening the report."""
    import numpy as np

    from samen.sim.compare import paired_differences

    first = runs[0]
    seeds = f"{runs[0].seed}-{runs[-1].seed}" if len(runs) > 1 else f"{runs[0].seed}"
    lines = [bilingual(
        f"{scenario.name}: {len(runs)} runs x {first.agents} agenten x {first.weeks} weken "
        f"(seeds {seeds}) in {elapsed:.1f} s.",
        f"{scenario.name}: {len(runs)} runs x {first.agents} agents x {first.weeks} weeks "
        f"(seeds {seeds}) in {elapsed:.1f} s.",
    )]
    end = np.array([r.prevalence("hikikomori")[-1] for r in runs]) * 100
    low, mid, high = np.percentile(end, [5.0, 50.0, 95.0])
    lines.append(bilingual(
        f"Hikikomori aan het eind: mediaan {mid:.3f}% (90%-interval {low:.3f}-{high:.3f}%).",
        f"Hikikomori at the end: median {mid:.3f}% (90% interval {low:.3f}-{high:.3f}%).",
    ))
    if baseline is None:
        median_weeks = float(np.median([r.withdrawn_weeks for r in runs]))
        lines.append(bilingual(
            f"Geen interventies; teruggetrokken persoonsweken: mediaan {median_weeks:,.0f}.",
            f"No interventions; withdrawn person-weeks: median {median_weeks:,.0f}.",
        ))
        return lines
    diff = {d.outcome: d for d in paired_differences(baseline, runs)}
    weeks, cost = diff["withdrawn_weeks"], diff["total_cost_eur"]
    # Averted = baseline - scenario = -(scenario - baseline); 0.0 - x avoids printing "-0".
    averted = (0.0 - weeks.median, 0.0 - weeks.high, 0.0 - weeks.low)
    lines.append(bilingual(
        f"Teruggetrokken persoonsweken voorkomen t.o.v. zonder interventies: mediaan "
        f"{averted[0]:,.0f} (90%-interval {averted[1]:,.0f} tot {averted[2]:,.0f}); kosten mediaan EUR "
        f"{cost.median:,.0f}.",
        f"Withdrawn person-weeks averted against no interventions: median {averted[0]:,.0f} "
        f"(90% interval {averted[1]:,.0f} to {averted[2]:,.0f}); cost median EUR "
        f"{cost.median:,.0f}.",
    ))
    return lines
