"""Checks that runs are well formed and belong together before anything is written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from samen.sim.report.errors import (
    MalformedRunError,
    MixedRunsError,
    NoRunsError,
    SeedMismatchError,
    UnknownAttributionError,
)
from samen.sim.results import DURATION_EDGES_WEEKS, SEXES, STAGES, RunResult


def _where(run: RunResult) -> str:
    return f"run of scenario {run.scenario!r} with seed {run.seed}"


def check_run(run: RunResult) -> None:
    """Raise :class:`MalformedRunError` when a run's arrays disagree with its own metadata."""
    if run.weeks < 1:
        raise MalformedRunError(f"{_where(run)}: weeks must be at least 1, got {run.weeks}")
    expected = (run.weeks, len(STAGES), len(run.age_bands), len(SEXES))
    if run.counts.shape != expected:
        raise MalformedRunError(
            f"{_where(run)}: counts has shape {run.counts.shape}, expected {expected} "
            "(weeks, stages, age bands, sexes)"
        )
    if (run.counts < 0).any():
        raise MalformedRunError(f"{_where(run)}: counts contains negative numbers")
    empty = np.flatnonzero(run.counts.sum(axis=(1, 2, 3)) == 0)
    if empty.size:
        raise MalformedRunError(
            f"{_where(run)}: population is 0 in week {int(empty[0])}, so prevalence is undefined"
        )
    for name, series in run.means.items():
        if series.shape != (run.weeks,):
            raise MalformedRunError(
                f"{_where(run)}: means[{name!r}] has shape {series.shape}, expected ({run.weeks},)"
            )
    bins = (len(DURATION_EDGES_WEEKS) - 1,)
    if run.duration_counts.shape != bins:
        raise MalformedRunError(
            f"{_where(run)}: duration_counts has shape {run.duration_counts.shape}, expected {bins}"
        )


def _shape_key(run: RunResult) -> tuple[object, ...]:
    return (
        run.weeks, run.agents, run.age_bands, tuple(sorted(run.means)),
        tuple(iv.id for iv in run.interventions),
    )


def check_ensemble(runs: Sequence[RunResult], *, role: str = "runs") -> None:
    """Raise unless ``runs`` are well-formed members of one scenario with distinct seeds."""
    if not runs:
        raise NoRunsError(f"{role}: no runs given; at least one run is needed")
    for run in runs:
        check_run(run)
    first = runs[0]
    names = ("weeks", "agents", "age bands", "mean names", "intervention ids")
    for run in runs[1:]:
        if run.scenario != first.scenario:
            raise MixedRunsError(
                f"{role}: runs of different scenarios ({first.scenario!r} and {run.scenario!r}); "
                "report one scenario at a time"
            )
        for name, a, b in zip(names, _shape_key(first), _shape_key(run), strict=True):
            if a != b:
                raise MixedRunsError(
                    f"{role}: {name} differ between seed {first.seed} ({a}) "
                    f"and seed {run.seed} ({b})"
                )
    seeds = [run.seed for run in runs]
    duplicates = sorted({s for s in seeds if seeds.count(s) > 1})
    if duplicates:
        raise MixedRunsError(f"{role}: seed(s) {duplicates} appear more than once")


def check_paired(
    runs: Sequence[RunResult], other: Sequence[RunResult], *, role: str
) -> None:
    """Raise unless ``other`` has exactly the seeds and shape of ``runs`` (common random numbers)."""
    check_ensemble(other, role=role)
    ours, theirs = sorted(r.seed for r in runs), sorted(r.seed for r in other)
    if ours != theirs:
        raise SeedMismatchError(
            f"{role}: seeds {theirs} do not match the scenario's seeds {ours}; "
            "averted figures need the same seeds (common random numbers)"
        )
    a, b = runs[0], other[0]
    if (a.weeks, a.agents, a.age_bands) != (b.weeks, b.agents, b.age_bands):
        raise MixedRunsError(
            f"{role}: weeks/agents/age bands ({b.weeks}, {b.agents}, {b.age_bands}) differ from "
            f"the scenario's ({a.weeks}, {a.agents}, {a.age_bands})"
        )


def check_attribution(
    runs: Sequence[RunResult], attribution: Mapping[str, Sequence[RunResult]]
) -> None:
    """Raise unless every key is an intervention of ``runs`` and its runs are paired by seed."""
    known = [iv.id for iv in runs[0].interventions]
    for iv_id, without in attribution.items():
        if iv_id not in known:
            raise UnknownAttributionError(
                f"attribution[{iv_id!r}]: not an intervention of scenario {runs[0].scenario!r}; "
                f"its interventions are {known}"
            )
        check_paired(runs, without, role=f"attribution[{iv_id!r}]")
