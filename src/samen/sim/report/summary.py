"""summary.json: end-of-run figures across an ensemble, as median and 90% interval.

The file is deterministic: runs are ordered by seed, keys are sorted, floats are rounded to 6
significant digits and run times are left out, so the same runs always give the same bytes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

import numpy as np

from samen.sim.report.stats import HIGH_PERCENTILE, LOW_PERCENTILE, interval
from samen.sim.report.tables import mean_names
from samen.sim.results import DURATION_EDGES_WEEKS, SEXES, STAGES, RunResult

SCHEMA = "samen.sim.summary/1"
GROUP_STAGES = ("pre_hikikomori", "hikikomori")
SIGNIFICANT_DIGITS = 6


def _by_seed(runs: Sequence[RunResult]) -> list[RunResult]:
    return sorted(runs, key=lambda r: r.seed)


def _end_prevalence(runs: Sequence[RunResult]) -> dict[str, Any]:
    last = [r.counts[-1].astype(np.float64) for r in runs]  # stage x band x sex at the last week
    overall = {
        stage: interval(c[i].sum() / c.sum() for c in last) for i, stage in enumerate(STAGES)
    }
    by_group: dict[str, Any] = {}
    for stage in GROUP_STAGES:
        i = STAGES.index(stage)
        by_group[stage] = {
            band: {
                # Prevalence within the group (e.g. hikikomori among women aged 15-19).
                sex: interval(_share(c[i, b, s], c[:, b, s].sum()) for c in last)
                for s, sex in enumerate(SEXES)
            }
            for b, band in enumerate(runs[0].age_bands)
        }
    return {"by_stage": overall, "by_age_band_and_sex": by_group}


def _share(part: float, whole: float) -> float:
    return part / whole if whole > 0 else math.nan


def _duration(runs: Sequence[RunResult]) -> list[dict[str, Any]]:
    counts = np.array([r.duration_counts for r in runs], dtype=np.float64)
    totals = counts.sum(axis=1)
    bins = []
    for k, (low, high) in enumerate(pairwise(DURATION_EDGES_WEEKS)):
        bins.append({
            "from_weeks": low,
            "to_weeks": high,
            "count": interval(counts[:, k]),
            "share": interval(_share(c, t) for c, t in zip(counts[:, k], totals, strict=True)),
        })
    return bins


def _interventions(runs: Sequence[RunResult]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, first in enumerate(runs[0].interventions):
        stats = [r.interventions[k] for r in runs]
        out[first.id] = {
            "level": first.level,
            "reached": interval(s.reached for s in stats),
            "participant_weeks": interval(s.participant_weeks for s in stats),
            "cost_eur": interval(s.cost_eur for s in stats),
            "cost_is_assumption": any(s.cost_is_assumption for s in stats),
        }
    return out


def known_cost(run: RunResult) -> float:
    """Cost of the interventions in a run whose cost is known (unknown costs count as 0)."""
    return float(sum(iv.cost_eur for iv in run.interventions if math.isfinite(iv.cost_eur)))


def _unknown_costs(runs: Sequence[RunResult]) -> list[str]:
    return sorted({iv.id for r in runs for iv in r.interventions if not math.isfinite(iv.cost_eur)})


def averted(
    runs: Sequence[RunResult], reference: Sequence[RunResult]
) -> dict[str, Any]:
    """Withdrawal-weeks averted, paired per seed: reference minus scenario (positive = fewer).

    Cost per averted week is the ratio of means (mean extra cost / mean weeks averted, as in an
    incremental cost-effectiveness ratio). It is ``None`` when nothing is averted on average,
    because a ratio with a zero or negative denominator has no useful meaning. Interventions
    without a known cost count as 0 and are listed under ``costs_unknown``.
    """
    ref = {r.seed: r for r in reference}
    pairs = [(ref[r.seed], r) for r in _by_seed(runs)]
    weeks = [float(b.withdrawn_weeks - r.withdrawn_weeks) for b, r in pairs]
    extra_cost = [known_cost(r) - known_cost(b) for b, r in pairs]
    mean_weeks, mean_cost = float(np.mean(weeks)), float(np.mean(extra_cost))
    return {
        "withdrawn_weeks": interval(weeks),
        "per_seed": weeks,
        "extra_cost_eur": interval(extra_cost),
        "cost_eur_per_averted_week": mean_cost / mean_weeks if mean_weeks > 0 else None,
        "cost_is_assumption": any(
            iv.cost_is_assumption for b, r in pairs for iv in (*b.interventions, *r.interventions)
        ),
        "costs_unknown": _unknown_costs([r for pair in pairs for r in pair]),
    }


def build_summary(
    runs: Sequence[RunResult],
    *,
    baseline: Sequence[RunResult] | None = None,
    attribution: Mapping[str, Sequence[RunResult]] | None = None,
) -> dict[str, Any]:
    """The summary as plain Python data (validated runs in, see ``write_outputs``)."""
    ordered = _by_seed(runs)
    first = ordered[0]
    names = mean_names(first)
    return {
        "schema": SCHEMA,
        "scenario": first.scenario,
        "seeds": [r.seed for r in ordered],
        "runs": len(ordered),
        "agents": first.agents,
        "weeks": first.weeks,
        "age_bands": list(first.age_bands),
        "interval": {"low_percentile": LOW_PERCENTILE, "high_percentile": HIGH_PERCENTILE},
        "end_prevalence": _end_prevalence(ordered),
        "end_means": {m: interval(r.means[m][-1] for r in ordered) for m in names},
        "duration_at_end": _duration(ordered),
        "interventions": _interventions(ordered),
        "withdrawn_weeks": interval(r.withdrawn_weeks for r in ordered),
        "averted_vs_baseline": None if baseline is None else averted(ordered, baseline),
        "averted_by_intervention": {
            iv_id: averted(ordered, without) for iv_id, without in (attribution or {}).items()
        },
    }


def _clean(value: Any) -> Any:
    """Round floats to 6 significant digits and turn nan/inf into null (JSON has neither)."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        x = float(value)
        return float(f"{x:.{SIGNIFICANT_DIGITS}g}") if math.isfinite(x) else None
    return value


def dumps(summary: Mapping[str, Any]) -> str:
    """Deterministic JSON text of ``summary``."""
    return json.dumps(_clean(summary), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
