"""Long-format Parquet tables: one row per run x week x stratum, ready for pandas, polars or R."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.parquet as pq

from samen.sim.results import MEANS, SEXES, STAGES, RunResult


def _strings(values: Sequence[str], codes: npt.NDArray[np.int32]) -> pa.DictionaryArray:
    # Dictionary encoding keeps a million-row table small: each label is stored once.
    return pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), pa.array(list(values)))


def timeseries_table(runs: Sequence[RunResult]) -> pa.Table:
    """Rows (scenario, seed, week, stage, age_band, sex, count, prevalence); week counts from 0."""
    first = runs[0]
    shape = first.counts.shape  # (weeks, stages, age bands, sexes), checked equal for all runs
    week, stage, band, sex = (idx.ravel() for idx in np.indices(shape, dtype=np.int32))
    per_run = first.counts.size
    counts = np.concatenate([r.counts.astype(np.int32).ravel() for r in runs])
    population = np.concatenate(
        [np.repeat(r.counts.sum(axis=(1, 2, 3), dtype=np.int64), per_run // r.weeks) for r in runs]
    )
    n = len(runs)
    return pa.table({
        "scenario": _strings([first.scenario], np.zeros(per_run * n, dtype=np.int32)),
        "seed": pa.array(np.repeat([r.seed for r in runs], per_run), pa.int64()),
        "week": pa.array(np.tile(week, n), pa.int32()),
        "stage": _strings(STAGES, np.tile(stage, n)),
        "age_band": _strings(first.age_bands, np.tile(band, n)),
        "sex": _strings(SEXES, np.tile(sex, n)),
        "count": pa.array(counts, pa.int32()),
        "prevalence": pa.array(counts / population, pa.float64()),
    })


def mean_names(run: RunResult) -> list[str]:
    # Known names in their documented order first, then any extra the engine adds.
    return [m for m in MEANS if m in run.means] + sorted(set(run.means) - set(MEANS))


def means_table(runs: Sequence[RunResult]) -> pa.Table:
    """Rows (seed, week, name, value): the weekly population means of every run."""
    names = mean_names(runs[0])
    weeks = runs[0].weeks
    per_run = weeks * len(names)
    values = np.concatenate(
        [np.concatenate([r.means[m] for m in names]) for r in runs] or [np.empty(0)]
    )
    name_codes = np.repeat(np.arange(len(names), dtype=np.int32), weeks)
    return pa.table({
        "seed": pa.array(np.repeat([r.seed for r in runs], per_run), pa.int64()),
        "week": pa.array(np.tile(np.arange(weeks, dtype=np.int32), len(names) * len(runs)), pa.int32()),
        "name": _strings(names, np.tile(name_codes, len(runs))),
        "value": pa.array(values.astype(np.float64), pa.float64()),
    })


def interventions_table(runs: Sequence[RunResult]) -> pa.Table:
    """Rows (seed, id, level, reached, participant_weeks, cost_eur, cost_is_assumption)."""
    rows = [(r.seed, iv) for r in runs for iv in r.interventions]
    return pa.table({
        "seed": pa.array([s for s, _ in rows], pa.int64()),
        "id": pa.array([iv.id for _, iv in rows], pa.string()),
        "level": pa.array([iv.level for _, iv in rows], pa.string()),
        "reached": pa.array([iv.reached for _, iv in rows], pa.int64()),
        "participant_weeks": pa.array([iv.participant_weeks for _, iv in rows], pa.int64()),
        "cost_eur": pa.array([iv.cost_eur for _, iv in rows], pa.float64(), from_pandas=True),
        "cost_is_assumption": pa.array([iv.cost_is_assumption for _, iv in rows], pa.bool_()),
    })


def write_table(table: pa.Table, path: Path) -> Path:
    pq.write_table(table, path, compression="zstd")
    return path
