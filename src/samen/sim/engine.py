"""Run one scenario with one seed: build the population, step it week by week, collect aggregates."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from samen.sim import kernel
from samen.sim.interventions import (
    ELIGIBLE,
    UNIVERSAL,
    InterventionTable,
    compile_interventions,
)
from samen.sim.params import INDEX, as_dict, parameter_vector
from samen.sim.population import Population, build_population
from samen.sim.results import DURATION_EDGES_WEEKS, MEANS, STAGES, InterventionStats, RunResult
from samen.sim.scenario import Scenario

WEEKS_PER_YEAR = 52
CHUNKS = 64
"""The population is split into this many fixed chunks for the parallel loop; aggregates are
summed per chunk in a fixed order, so results do not depend on the number of threads."""


def run_simulation(
    scenario: Scenario,
    *,
    agents: int | None = None,
    years: float | None = None,
    seed: int | None = None,
    exclude: frozenset[str] = frozenset(),
    progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Simulate ``scenario``; ``exclude`` switches interventions off (for attribution runs)."""
    started = time.perf_counter()
    n = int(agents if agents is not None else scenario.agents)
    weeks = round((years if years is not None else scenario.years) * WEEKS_PER_YEAR)
    seed = int(seed if seed is not None else scenario.seed)
    params = parameter_vector(scenario.parameters)
    pop = build_population(n, scenario.preset, scenario.age_min, scenario.age_max, params, seed)
    uses = [use for use in scenario.interventions if use.id not in exclude]
    burn_in = round(params[INDEX["burn_in_years"]] * WEEKS_PER_YEAR)
    table = compile_interventions(uses, weeks, params[INDEX["sd_state"]], offset=burn_in)
    stepper = WeekStepper(pop, params, table, seed, scenario.age_min, scenario.age_max)
    counts = np.zeros((weeks, len(STAGES), stepper.n_bands, 2), dtype=np.int32)
    means = np.zeros((weeks, len(MEANS)), dtype=np.float64)
    reached = np.zeros(table.size, dtype=np.int64)
    participant_weeks = np.zeros(table.size, dtype=np.int64)
    for absolute in range(burn_in + weeks):
        tally = stepper.step(absolute)
        week = absolute - burn_in  # reported weeks start after the burn-in
        if week < 0:
            continue
        counts[week] = tally.counts
        means[week] = tally.sums / n
        reached += tally.joined
        participant_weeks += tally.active
        if progress is not None:
            progress(week + 1, weeks)
    return RunResult(
        scenario=scenario.name, seed=seed, agents=n, weeks=weeks,
        age_bands=tuple(f"{lo}-{min(lo + 4, scenario.age_max)}"
                        for lo in range(scenario.age_min, scenario.age_max + 1, 5)),
        counts=counts,
        means={name: means[:, k].copy() for k, name in enumerate(MEANS)},
        duration_counts=_durations(pop),
        interventions=tuple(
            InterventionStats(
                id=iv, level=table.levels[k], reached=int(reached[k]),
                participant_weeks=int(participant_weeks[k]),
                cost_eur=float(_cost(table.cost_eur[k], bool(stepper.universal[k]), reached[k],
                                     participant_weeks[k])),
                cost_is_assumption=table.cost_is_assumption[k],
            )
            for k, iv in enumerate(table.ids)
        ),
        runtime_s=time.perf_counter() - started,
        parameters=as_dict(params),
    )


@dataclass(frozen=True)
class WeekTally:
    """One week's aggregates, summed over the chunks in a fixed order."""

    counts: npt.NDArray[np.int32]  # stage x age band x sex
    sums: npt.NDArray[np.float64]  # per MEANS entry, over agents
    joined: npt.NDArray[np.int64]  # new participants per intervention
    active: npt.NDArray[np.int64]  # participants per intervention this week


class WeekStepper:
    """Advances one population week by week with the compiled kernel (the only caller of it)."""

    def __init__(self, pop: Population, params: npt.NDArray[np.float64],
                 table: InterventionTable, seed: int, age_min: int, age_max: int) -> None:
        self.pop, self.params, self.table, self.seed = pop, params, table, seed
        self.age_min_weeks = age_min * WEEKS_PER_YEAR
        self.age_end_weeks = (age_max + 1) * WEEKS_PER_YEAR
        self.n_bands = (age_max - age_min) // 5 + 1
        # int8 rather than bool: numba treats booleans read from an array as possible aliases,
        # which would cost the kernel its no-overlap guarantee between arrays.
        self.universal = np.array([ELIGIBLE[e] in UNIVERSAL for e in table.eligible],
                                  dtype=np.int8)
        self.iv_start = np.full((table.size, pop.size), -1, dtype=np.int16)
        # The kernel takes friends and ties slot-major: the transposes of column-major arrays
        # (build_population makes them so; a population built otherwise is converted once).
        pop.friends = np.asfortranarray(pop.friends)
        pop.ties = np.asfortranarray(pop.ties)
        self._shared_next = np.empty_like(pop.shared)
        self._lonely_next = np.empty_like(pop.shared_loneliness)

    def step(self, absolute_week: int) -> WeekTally:
        pop, table = self.pop, self.table
        hist = np.zeros((CHUNKS, len(STAGES), self.n_bands, 2), dtype=np.int32)
        sums = np.zeros((CHUNKS, len(MEANS)), dtype=np.float64)
        iv_new = np.zeros((CHUNKS, table.size), dtype=np.int64)
        iv_weeks = np.zeros((CHUNKS, table.size), dtype=np.int64)
        kernel.step_week(
            absolute_week, self.seed, self.params, self.age_min_weeks, self.age_end_weeks,
            self.n_bands, pop.age_weeks, pop.sex, pop.attachment, pop.chronic, pop.setting,
            pop.overprotection, pop.control, pop.anxiety_base, pop.anxiety, pop.mood,
            pop.loneliness, pop.stress, pop.skills, pop.online, pop.run, pop.since_episode,
            pop.reengage, pop.shared, pop.shared_loneliness, self._shared_next,
            self._lonely_next, pop.friends.T, pop.ties.T, table.stream, table.eligible,
            table.start_week, table.end_week, table.take_part, table.duration, self.universal,
            table.magnitude, self.iv_start, hist, sums, iv_new, iv_weeks,
        )
        # Friends read last week's buffers; swap rather than copy.
        pop.shared, self._shared_next = self._shared_next, pop.shared
        pop.shared_loneliness, self._lonely_next = self._lonely_next, pop.shared_loneliness
        return WeekTally(hist.sum(axis=0), sums.sum(axis=0), iv_new.sum(axis=0),
                         iv_weeks.sum(axis=0))


def _cost(per_unit: float, universal: bool, reached: int, participant_weeks: int) -> float:
    """Universal programmes cost per participant-year; courses per participant."""
    return per_unit * (participant_weeks / WEEKS_PER_YEAR if universal else reached)


def _durations(pop: Population) -> np.ndarray:
    ongoing = pop.run[pop.run >= 13].astype(np.int64)
    counts, _ = np.histogram(ongoing, bins=np.array(DURATION_EDGES_WEEKS))
    return counts.astype(np.int64)
