"""Ensembles: seeds, and identical results whether runs execute serially, on Dask threads or processes.

Tiny populations (2,000 agents, 1 year) keep this fast; the local Dask cluster still costs a few
seconds to start, so only one test uses worker processes.
"""

from __future__ import annotations

import pytest

from samen.sim.engine import run_simulation
from samen.sim.ensemble import EnsembleError, EnsembleJob, run_ensemble, run_ensembles, seeds_for
from samen.sim.results import RunResult
from samen.sim.scenario import Scenario, load_scenario

AGENTS, YEARS = 2000, 1.0
WEEKS = 52  # 1 year x 52 weeks


@pytest.fixture(scope="module")
def wij() -> Scenario:
    # A 1-year burn-in keeps the suite fast; equality of runs does not depend on it.
    return load_scenario("wij").model_copy(update={"parameters": {"burn_in_years": 1.0}})


@pytest.fixture(scope="module")
def one_by_one(wij: Scenario) -> list[RunResult]:
    """Seeds 5 and 6 run directly through the engine, without the ensemble code."""
    return [run_simulation(wij, agents=AGENTS, years=YEARS, seed=s) for s in (5, 6)]


def assert_same_runs(got: list[RunResult], expected: list[RunResult]) -> None:
    assert [r.seed for r in got] == [r.seed for r in expected]
    for a, b in zip(got, expected, strict=True):
        assert (a.scenario, a.agents, a.weeks, a.age_bands) == \
            (b.scenario, b.agents, b.weeks, b.age_bands)
        assert a.counts.dtype == b.counts.dtype
        assert (a.counts == b.counts).all()
        assert a.means.keys() == b.means.keys()
        for name in a.means:
            assert (a.means[name] == b.means[name]).all(), name
        assert (a.duration_counts == b.duration_counts).all()
        assert a.interventions == b.interventions  # reach, participant weeks, cost
        assert a.parameters == b.parameters


def test_seeds_are_consecutive_from_the_first() -> None:
    assert seeds_for(7, 3) == [7, 8, 9]
    assert seeds_for(0, 1) == [0]


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"runs": 0}, "runs"),
    ({"runs": 2, "agents": 0}, "agents"),
    ({"runs": 2, "years": 0.0}, "years"),
])
def test_bad_sizes_name_the_field(wij: Scenario, kwargs: dict[str, float], field: str) -> None:
    with pytest.raises(EnsembleError, match=rf"^{field}: must be"):
        run_ensemble(wij, seed=1, scheduler="serial", **kwargs)  # type: ignore[arg-type]


def test_missing_scheduler_file_is_an_input_error(wij: Scenario) -> None:
    with pytest.raises(EnsembleError, match=r"scheduler file /nonexistent/scheduler\.json"):
        run_ensemble(wij, runs=2, seed=1, scheduler="/nonexistent/scheduler.json")


def test_serial_equals_one_by_one_and_reports_weeks(
    wij: Scenario, one_by_one: list[RunResult]
) -> None:
    calls: list[tuple[int, int]] = []
    runs = run_ensemble(wij, runs=2, seed=5, agents=AGENTS, years=YEARS, scheduler="serial",
                        progress=lambda done, total: calls.append((done, total)))
    assert_same_runs(runs, one_by_one)
    assert runs[0].weeks == WEEKS
    # Two runs of 52 weeks: the total is 2 x 52 = 104 and the count ends there, never going back.
    assert {total for _, total in calls} == {104}
    assert calls[-1] == (104, 104)
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert (52, 104) in calls  # end of the first run


def test_one_run_stays_in_process_whatever_the_scheduler(
    wij: Scenario, one_by_one: list[RunResult]
) -> None:
    # runs == 1 never contacts a scheduler: an unreachable address must not matter.
    runs = run_ensemble(wij, runs=1, seed=5, agents=AGENTS, years=YEARS,
                        scheduler="tcp://127.0.0.1:1")
    assert_same_runs(runs, one_by_one[:1])


def test_dask_threads_equal_serial_for_several_jobs(
    wij: Scenario, one_by_one: list[RunResult]
) -> None:
    calls: list[tuple[int, int]] = []
    excluded = frozenset({"community_mentoring", "craft_family_programme"})
    full, without = run_ensembles(
        [EnsembleJob(wij), EnsembleJob(wij, excluded)], runs=2, seed=5, agents=AGENTS,
        years=YEARS, processes=False, progress=lambda d, t: calls.append((d, t)),
    )
    assert_same_runs(full, one_by_one)
    assert_same_runs(without, [
        run_simulation(wij, agents=AGENTS, years=YEARS, seed=s, exclude=excluded) for s in (5, 6)
    ])
    # 2 jobs x 2 runs x 52 weeks = 208 weeks; Dask reports one finished run (52 weeks) at a time.
    assert calls == [(52, 208), (104, 208), (156, 208), (208, 208)]


def test_dask_processes_equal_serial(wij: Scenario, one_by_one: list[RunResult]) -> None:
    runs = run_ensemble(wij, runs=2, seed=5, agents=AGENTS, years=YEARS, processes=True)
    assert_same_runs(runs, one_by_one)


def test_exclude_switches_interventions_off(wij: Scenario) -> None:
    (run,) = run_ensemble(wij, runs=1, seed=3, agents=AGENTS, years=YEARS,
                          exclude=frozenset({"community_mentoring"}))
    ids = [i.id for i in run.interventions]
    assert "community_mentoring" not in ids
    assert len(ids) == len({i.id for i in wij.interventions}) - 1
