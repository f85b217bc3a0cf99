"""What one simulation run produces: weekly aggregates, never per-agent records.

The engine fills these arrays inside its weekly loop (preallocated, ``bincount`` over strata), so
a run's output size does not grow with the number of agents. Reports, ensembles and comparisons
read only this structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

STAGES: tuple[str, ...] = ("none", "at_risk", "pre_hikikomori", "hikikomori", "recovering")
"""Withdrawal stage of an agent in a week (the same rule as ``samen.instruments.withdrawal``):
``at_risk`` 1-12 continuous withdrawn weeks, ``pre_hikikomori`` 13-25, ``hikikomori`` 26+,
``recovering`` out of a pre-hikikomori or hikikomori episode for less than 26 weeks."""
SEXES: tuple[str, ...] = ("female", "male")
MEANS: tuple[str, ...] = ("loneliness", "online_hours", "skills", "anxiety", "mood", "stress")
"""Population means tracked weekly (loneliness, anxiety, mood, stress and skills in 0-1;
online hours per day)."""
DURATION_EDGES_WEEKS: tuple[int, ...] = (0, 13, 26, 52, 156, 260, 364, 520, 10_000)
"""Bins of ongoing-episode duration (weeks) at the end of the run: <3 months, 3-6 months,
6-12 months, 1-3 years, 3-5, 5-7, 7-10, 10+ years (the Japanese survey bins, extended)."""


@dataclass(frozen=True)
class InterventionStats:
    """Reach and cost of one intervention in one run."""

    id: str
    level: str
    reached: int
    """Agents who took part at least once."""
    participant_weeks: int
    cost_eur: float
    """Total cost in euros over the run; ``nan`` when the catalogue has no cost."""
    cost_is_assumption: bool


@dataclass(frozen=True)
class RunResult:
    """One run of one scenario with one seed."""

    scenario: str
    seed: int
    agents: int
    weeks: int
    age_bands: tuple[str, ...]
    counts: npt.NDArray[np.int32]
    """Agents by week x stage x age band x sex: shape (weeks, len(STAGES), len(age_bands), 2)."""
    means: dict[str, npt.NDArray[np.float64]]
    """Population mean of each name in MEANS, per week: shape (weeks,)."""
    duration_counts: npt.NDArray[np.int64]
    """Ongoing episodes (13+ weeks) at the end of the run by DURATION_EDGES_WEEKS bin."""
    interventions: tuple[InterventionStats, ...] = ()
    runtime_s: float = 0.0
    parameters: dict[str, float] = field(default_factory=dict)
    """Every model parameter's value in this run, by evidence id (for the record)."""

    @property
    def withdrawn_weeks(self) -> int:
        """Person-weeks spent in pre-hikikomori or hikikomori over the whole run."""
        pre, hik = STAGES.index("pre_hikikomori"), STAGES.index("hikikomori")
        return int(self.counts[:, [pre, hik]].sum())

    def prevalence(self, stage: str) -> npt.NDArray[np.float64]:
        """Share of the population in ``stage`` per week."""
        by_week = self.counts.sum(axis=(2, 3)).astype(np.float64)
        share: npt.NDArray[np.float64] = by_week[:, STAGES.index(stage)] / by_week.sum(axis=1)
        return share
