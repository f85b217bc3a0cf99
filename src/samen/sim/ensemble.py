"""Run many seeds of one or more scenarios: in-process, on a local Dask cluster, or on any cluster.

Run ``i`` of an ensemble uses seed ``seed + i``. Every run is one call of
:func:`samen.sim.engine.run_simulation`, which is deterministic for a given (scenario, agents,
years, seed), so where a run executes never changes its result: a Dask ensemble equals the same
seeds run one by one. Dask is imported only when a cluster is used, so the serial path stays light.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from samen.errors import SamenInputError
from samen.sim.results import RunResult

if TYPE_CHECKING:
    from distributed import Client

    from samen.sim.scenario import Scenario

SERIAL = "serial"
"""The ``scheduler`` value that runs every seed in this process, one after the other."""

Progress = Callable[[int, int], None]
"""Called with (weeks simulated so far, weeks in the whole job) summed over all runs. With Dask the
count moves one finished run at a time; the total is known once the first run reports it."""


class EnsembleError(SamenInputError):
    """An ensemble that cannot be run as asked (bad size, unreachable scheduler)."""

    code = "ensemble"


@dataclass(frozen=True)
class EnsembleJob:
    """One scenario to run for every seed, with some of its interventions switched off."""

    scenario: Scenario
    exclude: frozenset[str] = frozenset()


def seeds_for(seed: int, runs: int) -> list[int]:
    """The seeds of an ensemble: ``seed, seed + 1, ..., seed + runs - 1``."""
    if runs < 1:
        raise EnsembleError(f"runs: must be at least 1 (got {runs})")
    return [seed + i for i in range(runs)]


def run_ensemble(
    scenario: Scenario,
    *,
    runs: int,
    seed: int,
    agents: int | None = None,
    years: float | None = None,
    exclude: frozenset[str] = frozenset(),
    scheduler: str | None = None,
    processes: bool = True,
    progress: Progress | None = None,
) -> list[RunResult]:
    """Run ``scenario`` once per seed and return the results in seed order.

    ``scheduler``: ``None`` starts a local Dask cluster (one single-threaded worker per core, at
    most one per run) and closes it afterwards; ``"serial"`` runs in this process; anything else is
    the address of a running Dask scheduler (``tcp://host:8786``) or the path of its scheduler file
    (JSON). ``runs == 1`` always runs in this process. ``processes=False`` makes the local cluster's
    workers threads (quicker to start; used by the tests).
    """
    (results,) = run_ensembles(
        [EnsembleJob(scenario, frozenset(exclude))], runs=runs, seed=seed, agents=agents,
        years=years, scheduler=scheduler, processes=processes, progress=progress,
    )
    return results


def run_ensembles(
    jobs: Sequence[EnsembleJob],
    *,
    runs: int,
    seed: int,
    agents: int | None = None,
    years: float | None = None,
    scheduler: str | None = None,
    processes: bool = True,
    progress: Progress | None = None,
) -> list[list[RunResult]]:
    """Run several jobs with the same seeds on ONE cluster (one start-up, all cores busy).

    Returns one list of results per job, in job order, each in seed order.
    """
    seeds = seeds_for(seed, runs)
    if agents is not None and agents < 1:
        raise EnsembleError(f"agents: must be at least 1 (got {agents})")
    if years is not None and not years > 0:
        raise EnsembleError(f"years: must be more than 0 (got {years})")
    tasks = [(job, s) for job in jobs for s in seeds]
    if not tasks:
        return []
    if runs == 1 or scheduler == SERIAL:
        flat = _run_serial(tasks, agents, years, progress)
    else:
        with _client(scheduler, len(tasks), processes) as client:
            flat = _run_on_dask(client, tasks, agents, years, progress)
    return [flat[i * runs:(i + 1) * runs] for i in range(len(jobs))]


def run_one(
    scenario: Scenario, agents: int | None, years: float | None, seed: int,
    exclude: frozenset[str], progress: Callable[[int, int], None] | None = None,
    *, threads: int | None = None,
) -> RunResult:
    """One run; module-level so Dask can pickle it by reference and workers import it.

    ``threads`` limits the compiled kernel's threads for this run (numba's setting is per calling
    thread). Dask workers run one single-threaded run each: parallel runs share the cores better
    than parallel threads within a run, and the result does not depend on the thread count.
    """
    import numba

    from samen.sim.engine import run_simulation

    if threads is not None:
        numba.set_num_threads(min(threads, numba.get_num_threads()))
    return run_simulation(
        scenario, agents=agents, years=years, seed=seed, exclude=exclude, progress=progress
    )


def _run_serial(
    tasks: list[tuple[EnsembleJob, int]], agents: int | None, years: float | None,
    progress: Progress | None,
) -> list[RunResult]:
    results: list[RunResult] = []
    for index, (job, s) in enumerate(tasks):
        on_week = None if progress is None else _offset_progress(progress, index, len(tasks))
        results.append(run_one(job.scenario, agents, years, s, job.exclude, on_week))
    return results


def _offset_progress(progress: Progress, index: int, count: int) -> Callable[[int, int], None]:
    """The engine reports weeks within its own run; add the runs that finished before it."""

    def on_week(done: int, total: int) -> None:
        progress(index * total + done, count * total)

    return on_week


def _run_on_dask(
    client: Client, tasks: list[tuple[EnsembleJob, int]], agents: int | None,
    years: float | None, progress: Progress | None,
) -> list[RunResult]:
    from distributed import as_completed

    # pure=False: every task runs even if an identical one ran before on this cluster.
    futures = [
        client.submit(run_one, job.scenario, agents, years, s, job.exclude, threads=1, pure=False)
        for job, s in tasks
    ]
    position = {future.key: i for i, future in enumerate(futures)}
    results: list[RunResult | None] = [None] * len(tasks)
    try:
        done_in_order = as_completed(futures)  # type: ignore[no-untyped-call]
        for finished, future in enumerate(done_in_order, start=1):
            result: RunResult = future.result()  # re-raises a worker's exception here
            results[position[future.key]] = result
            if progress is not None:
                progress(finished * result.weeks, len(tasks) * result.weeks)
    finally:
        client.cancel([f for f in futures if not f.done()])  # type: ignore[no-untyped-call]
    return [r for r in results if r is not None]


@contextmanager
def _client(scheduler: str | None, tasks: int, processes: bool) -> Iterator[Client]:
    """A Dask client; a local cluster started here is closed here, a remote one is left running."""
    import logging

    from distributed import Client, LocalCluster

    if scheduler is None:
        workers = max(1, min(tasks, os.cpu_count() or 1))
        with LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=processes,
            dashboard_address=None, silence_logs=logging.ERROR,
        ) as cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    kwargs: dict[str, Any] = {"timeout": "20s"}
    if scheduler.endswith(".json"):
        if not Path(scheduler).is_file():
            raise EnsembleError(f"scheduler: the scheduler file {scheduler} does not exist")
        kwargs["scheduler_file"] = scheduler
    else:
        kwargs["address"] = scheduler
    try:
        client = Client(**kwargs)  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as exc:  # TimeoutError is an OSError
        raise EnsembleError(
            f"scheduler: cannot connect to {scheduler!r} ({type(exc).__name__}: {exc})"
        ) from None
    with client:
        yield client
