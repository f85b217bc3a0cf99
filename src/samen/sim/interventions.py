"""Turn a scenario's interventions into the small tables the compiled kernel reads.

Each intervention the scenario uses becomes one row: its own random stream (derived from its id,
so adding another intervention does not change anyone's draws), who is eligible, when it runs,
the chance of taking part (coverage x uptake), how long a course lasts, and one magnitude per
lever in the units the kernel applies (see ``LEVERS``).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from samen.evidence import get_intervention
from samen.evidence.simulation import lever_magnitude, load_sim_interventions

if TYPE_CHECKING:  # the scenario module imports this one lazily, at validation time
    from samen.sim.scenario import InterventionUse

LEVERS: tuple[str, ...] = (
    "anxiety", "mood", "loneliness", "stress", "skills", "online_hours", "recovery", "ties",
    "bullying", "overprotection",
)
"""Kernel units: state levers shift a 0-1 target down by g x sd_state (skills: up);
online_hours: hours a day off the target; recovery: added weekly re-engagement chance;
ties and bullying: (multiplier - 1); overprotection: shift down on its 0-1 scale."""
ELIGIBLE: tuple[str, ...] = ("everyone", "school", "minors", "at_risk", "withdrawn")
UNIVERSAL = ("everyone", "school", "minors")
"""Universal programmes last while they run and are costed per participant-year; the others are
courses of ``duration_weeks`` costed per participant."""


def supported_interventions() -> frozenset[str]:
    """Catalogue ids the engine can simulate."""
    return frozenset(entry.id for entry in load_sim_interventions())


@dataclass(frozen=True)
class InterventionTable:
    ids: tuple[str, ...]
    levels: tuple[str, ...]
    stream: npt.NDArray[np.uint64]
    eligible: npt.NDArray[np.int64]
    start_week: npt.NDArray[np.int64]
    end_week: npt.NDArray[np.int64]
    take_part: npt.NDArray[np.float64]
    duration: npt.NDArray[np.int64]
    magnitude: npt.NDArray[np.float64]  # (n_interventions, len(LEVERS))
    cost_eur: npt.NDArray[np.float64]
    cost_is_assumption: tuple[bool, ...]

    @property
    def size(self) -> int:
        return len(self.ids)


def stream_of(intervention_id: str) -> int:
    """A stable stream number per intervention id (CRC-32, offset past the mechanism streams)."""
    return 1_000 + zlib.crc32(intervention_id.encode("utf-8"))


def compile_interventions(
    uses: Sequence[InterventionUse], weeks: int, sd_state: float, *, offset: int = 0
) -> InterventionTable:
    """``offset``: weeks simulated before reporting starts (the burn-in); timing counts from it."""
    mapping = {entry.id: entry for entry in load_sim_interventions()}
    n = len(uses)
    magnitude = np.zeros((n, len(LEVERS)), dtype=np.float64)
    for row, use in enumerate(uses):
        for lever in mapping[use.id].levers:
            size = lever_magnitude(use.id, lever)
            column = LEVERS.index(lever.lever)
            if lever.lever == "recovery":
                assert lever.within_weeks is not None
                size = -math.log(1 - size) / lever.within_weeks  # proportion -> weekly hazard
            elif lever.lever in ("ties", "bullying"):
                size = size - 1
            elif lever.lever in ("anxiety", "mood", "loneliness", "stress", "skills"):
                size = size * sd_state
            magnitude[row, column] += size
    entries = [mapping[use.id] for use in uses]
    return InterventionTable(
        ids=tuple(use.id for use in uses),
        levels=tuple(get_intervention(use.id).level for use in uses),
        stream=np.array([stream_of(use.id) for use in uses], dtype=np.uint64),
        eligible=np.array([ELIGIBLE.index(e.eligible) for e in entries], dtype=np.int64),
        start_week=np.array([offset + round(u.start_year * 52) for u in uses], dtype=np.int64),
        end_week=np.array([offset + (weeks if u.end_year is None else round(u.end_year * 52))
                           for u in uses], dtype=np.int64),
        take_part=np.array([u.coverage * u.uptake for u in uses], dtype=np.float64),
        duration=np.array([e.duration_weeks for e in entries], dtype=np.int64),
        magnitude=magnitude,
        cost_eur=np.array([e.cost_eur for e in entries], dtype=np.float64),
        cost_is_assumption=tuple(e.cost_source.is_assumption for e in entries),
    )
