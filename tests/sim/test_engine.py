"""The engine: determinism, common random numbers, directions, invariants, size independence.

Sizes stay small (the big runs belong to benchmarks/); every run includes the 3-year burn-in.
"""

from __future__ import annotations

import numba
import numpy as np
import pytest

from samen.instruments.withdrawal import HIKIKOMORI_WEEKS, PRE_HIKIKOMORI_WEEKS
from samen.sim.engine import run_simulation
from samen.sim.results import DURATION_EDGES_WEEKS, STAGES, RunResult
from samen.sim.scenario import InterventionUse, Scenario, load_scenario

FAST = {"burn_in_years": 3.0}
"""A shorter burn-in keeps the suite fast; these tests compare runs, not equilibrium levels."""
BASELINE = load_scenario("baseline").model_copy(update={"parameters": FAST})


def _with(*uses: InterventionUse, **parameters: float) -> Scenario:
    return BASELINE.model_copy(update={"interventions": uses,
                                       "parameters": {**FAST, **parameters}})


_RUNS: dict[tuple[str, int, float, int], RunResult] = {}


def _run(scenario: Scenario = BASELINE, *, agents: int = 3000, years: float = 2,
         seed: int = 7) -> RunResult:
    """Runs are deterministic, so identical calls across tests share one result."""
    key = (scenario.model_dump_json(), agents, years, seed)
    if key not in _RUNS:
        _RUNS[key] = run_simulation(scenario, agents=agents, years=years, seed=seed)
    return _RUNS[key]


def _same(a: RunResult, b: RunResult) -> bool:
    return bool(np.array_equal(a.counts, b.counts)) and all(
        np.array_equal(a.means[k], b.means[k]) for k in a.means
    )


def test_same_seed_same_result_and_another_seed_differs() -> None:
    first, again = _run(), run_simulation(BASELINE, agents=3000, years=2, seed=7)
    assert _same(first, again)
    assert np.array_equal(first.duration_counts, again.duration_counts)
    assert not _same(first, _run(seed=8))


def test_results_do_not_depend_on_the_number_of_threads() -> None:
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        single = run_simulation(BASELINE, agents=3000, years=2, seed=7)
    finally:
        numba.set_num_threads(threads)
    assert _same(single, _run())


def test_an_intervention_that_reaches_nobody_changes_nothing() -> None:
    # Common random numbers: an intervention with its own stream and no participants leaves
    # every other draw, and so the whole run, exactly as it was.
    base = _run()
    nobody = _run(_with(InterventionUse(id="cbt_social_anxiety", coverage=0.0, uptake=1.0),
                        InterventionUse(id="community_shared_activities", coverage=1.0, uptake=0.0)))
    assert _same(base, nobody)
    assert [s.reached for s in nobody.interventions] == [0, 0]
    assert [s.cost_eur for s in nobody.interventions] == [0.0, 0.0]


def test_every_week_the_stages_add_up_to_the_population() -> None:
    result = _run(load_scenario("wij").model_copy(update={"parameters": FAST}))
    assert result.counts.shape == (104, len(STAGES), 6, 2)
    assert (result.counts.sum(axis=(1, 2, 3)) == 3000).all()


def test_ongoing_episodes_agree_with_the_stages() -> None:
    # Each agent's stage comes from its run of withdrawn weeks: at the end, the agents with runs of
    # 13+ weeks (the duration histogram) are exactly those in pre-hikikomori or hikikomori, and
    # those with 26+ weeks exactly those in hikikomori.
    result = _run(agents=4000, years=3)
    last = result.counts[-1].sum(axis=(1, 2))
    pre, hik = last[STAGES.index("pre_hikikomori")], last[STAGES.index("hikikomori")]
    assert result.duration_counts.sum() == pre + hik
    first_hik_bin = DURATION_EDGES_WEEKS.index(HIKIKOMORI_WEEKS)
    assert result.duration_counts[first_hik_bin:].sum() == hik
    assert DURATION_EDGES_WEEKS[1] == PRE_HIKIKOMORI_WEEKS
    assert hik > 0  # the check above is not vacuous


def test_more_anxiety_more_withdrawal() -> None:
    base = _run(agents=4000, seed=1)
    anxious = _run(_with(sensitisation=0.05, habituation=0.02), agents=4000, seed=1)
    assert anxious.means["anxiety"][-1] > base.means["anxiety"][-1]
    assert anxious.withdrawn_weeks > 1.2 * base.withdrawn_weeks


def test_community_programme_lowers_loneliness() -> None:
    base = _run(agents=4000, seed=1)
    community = _run(_with(InterventionUse(id="community_shared_activities", coverage=1.0,
                                           uptake=1.0)), agents=4000, seed=1)
    assert community.means["loneliness"][-1] < base.means["loneliness"][-1] - 0.01
    assert community.interventions[0].reached >= 4000


def test_online_balance_policy_lowers_online_hours() -> None:
    base = _run(agents=4000, seed=1)
    policy = _run(_with(InterventionUse(id="screen_time_reduction", coverage=1.0, uptake=1.0)),
                  agents=4000, seed=1)
    # Participants lose one hour a day off their target (sim_interventions.toml).
    assert policy.means["online_hours"][-1] < base.means["online_hours"][-1] - 0.5


def test_indicated_support_shortens_withdrawal_at_a_cost() -> None:
    base = _run(agents=4000, years=3)
    support = _run(_with(InterventionUse(id="outreach_withdrawn_youth", coverage=1.0, uptake=1.0)),
                   agents=4000, years=3)
    assert support.withdrawn_weeks < base.withdrawn_weeks
    stats = support.interventions[0]
    assert stats.reached > 0
    assert stats.cost_eur == pytest.approx(1200 * stats.reached)  # per course, an assumption
    assert stats.cost_is_assumption


def test_an_intervention_before_its_start_changes_nothing() -> None:
    base = _run()
    later = _run(_with(InterventionUse(id="cbt_social_anxiety", coverage=1.0, uptake=1.0,
                                       start_year=2.0)))
    assert _same(base, later)


@pytest.fixture(scope="module")
def small_and_large() -> tuple[list[RunResult], list[RunResult]]:
    return ([_run(agents=4000, seed=s) for s in (1, 2)],
            [_run(agents=16000, seed=s) for s in (1, 2)])


@pytest.mark.parametrize("stage", ["hikikomori", "pre_hikikomori", "at_risk"])
def test_prevalence_does_not_depend_on_population_size(
    stage: str, small_and_large: tuple[list[RunResult], list[RunResult]]
) -> None:
    # Mean prevalence over the last year, two seeds each: a population 4x larger must agree
    # within sampling noise (4 binomial standard errors of the small runs' mean, plus a margin
    # for the weekly autocorrelation).
    small, large = (float(np.mean([r.prevalence(stage)[-52:].mean() for r in runs]))
                    for runs in small_and_large)
    se = np.sqrt(max(small, 1e-4) * (1 - small) / (2 * 4000))
    assert abs(small - large) < 4 * se + 0.002
    assert small > 0


def test_parameters_are_recorded_with_the_run() -> None:
    result = _run(_with(out_anxiety=3.5))
    assert result.parameters["out_anxiety"] == 3.5
    assert result.parameters["exit_fast"] == 0.45


def test_the_tabulated_logistic_is_accurate() -> None:
    from samen.sim.kernel import _sigmoid

    xs = np.linspace(-20, 20, 4001)
    exact = 1 / (1 + np.exp(-xs))
    approx = np.array([_sigmoid(x) for x in xs])
    assert np.abs(approx - exact).max() < 1e-5
