"""Paired differences: hand-computed on runs built by hand, then recomputed from real engine runs."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from samen.sim.compare import (
    Comparison,
    OutcomeDifference,
    compare_runs,
    compare_scenarios,
    paired_differences,
    render_comparison,
)
from samen.sim.engine import run_simulation
from samen.sim.results import MEANS, STAGES, InterventionStats, RunResult
from samen.sim.scenario import load_scenario

NAN = float("nan")


def hand_run(
    seed: int, *, hik: int, pre: int, lonely: float, online: float,
    costs: tuple[float, ...] = (), assumed: bool = False,
) -> RunResult:
    """100 agents (all in one age band and sex) for 2 identical weeks; other means are 0.5."""
    counts = np.zeros((2, len(STAGES), 1, 2), dtype=np.int32)
    for week in range(2):
        counts[week, STAGES.index("hikikomori"), 0, 0] = hik
        counts[week, STAGES.index("pre_hikikomori"), 0, 0] = pre
        counts[week, STAGES.index("none"), 0, 0] = 100 - hik - pre
    means = {name: np.array([0.5, 0.5]) for name in MEANS}
    means["loneliness"] = np.array([0.5, lonely])
    means["online_hours"] = np.array([4.0, online])
    interventions = tuple(
        InterventionStats(f"iv{i}", "community", 10, 20, cost, assumed and i == 0)
        for i, cost in enumerate(costs)
    )
    return RunResult("hand", seed, 100, 2, ("10-14",), counts, means, np.zeros(8, np.int64),
                     interventions)


BASE = [
    hand_run(1, hik=4, pre=3, lonely=0.40, online=3.0),
    hand_run(2, hik=6, pre=3, lonely=0.40, online=3.0),
    hand_run(3, hik=5, pre=3, lonely=0.40, online=3.0),
]
OTHER = [
    hand_run(1, hik=2, pre=3, lonely=0.30, online=2.0, costs=(1000.0,), assumed=True),
    hand_run(2, hik=6, pre=4, lonely=0.45, online=2.5, costs=(1500.0,), assumed=True),
    hand_run(3, hik=1, pre=1, lonely=0.40, online=3.5, costs=(1200.0, NAN), assumed=True),
]


def by_id(rows: tuple[OutcomeDifference, ...]) -> dict[str, OutcomeDifference]:
    return {row.outcome: row for row in rows}


def check(row: OutcomeDifference, diffs: list[float], median: float, low: float, high: float,
          better: float) -> None:
    assert list(row.differences) == pytest.approx(diffs, abs=1e-12)
    assert row.median == pytest.approx(median, abs=1e-12)
    assert row.low == pytest.approx(low, abs=1e-12)
    assert row.high == pytest.approx(high, abs=1e-12)
    assert row.share_better == pytest.approx(better)


# Percentiles of 3 sorted values a <= b <= c with linear interpolation (numpy's default):
# the 5th sits at index 0.05 x 2 = 0.1 -> a + 0.1 (b - a); the 95th at 1.9 -> b + 0.9 (c - b).
def test_paired_differences_by_hand() -> None:
    rows = by_id(paired_differences(BASE, OTHER))
    # hikikomori share, other - base: 2-4, 6-6, 1-5 per 100 = -0.02, 0, -0.04
    # sorted -0.04, -0.02, 0: p5 = -0.04 + 0.1 x 0.02 = -0.038, p95 = -0.02 + 0.9 x 0.02 = -0.002
    # better (strictly lower) in seeds 1 and 3 = 2/3
    check(rows["hikikomori_prevalence_end"], [-0.02, 0.0, -0.04], -0.02, -0.038, -0.002, 2 / 3)
    # pre-hikikomori: 3-3, 4-3, 1-3 = 0, +0.01, -0.02; sorted -0.02, 0, 0.01
    # p5 = -0.02 + 0.1 x 0.02 = -0.018, p95 = 0 + 0.9 x 0.01 = 0.009; better in seed 3 only
    check(rows["pre_hikikomori_prevalence_end"], [0.0, 0.01, -0.02], 0.0, -0.018, 0.009, 1 / 3)
    # withdrawn person-weeks = 2 weeks x (hik + pre): base 14, 18, 16; other 10, 20, 4
    # diffs -4, +2, -12; sorted -12, -4, 2: p5 = -12 + 0.1 x 8 = -11.2, p95 = -4 + 0.9 x 6 = 1.4
    check(rows["withdrawn_weeks"], [-4.0, 2.0, -12.0], -4.0, -11.2, 1.4, 2 / 3)
    # loneliness at the end: -0.10, +0.05, 0 (a tie is not better); sorted -0.1, 0, 0.05
    # p5 = -0.1 + 0.1 x 0.1 = -0.09, p95 = 0 + 0.9 x 0.05 = 0.045
    check(rows["loneliness_end"], [-0.1, 0.05, 0.0], 0.0, -0.09, 0.045, 1 / 3)
    # online hours: 2-3, 2.5-3, 3.5-3 = -1, -0.5, +0.5
    # p5 = -1 + 0.1 x 0.5 = -0.95, p95 = -0.5 + 0.9 x 1 = 0.4
    check(rows["online_hours_end"], [-1.0, -0.5, 0.5], -0.5, -0.95, 0.4, 2 / 3)
    # cost: base has none; other 1000, 1500, 1200 (+ an unknown cost, left out)
    # sorted 1000, 1200, 1500: p5 = 1000 + 0.1 x 200 = 1020, p95 = 1200 + 0.9 x 300 = 1470
    check(rows["total_cost_eur"], [1000.0, 1500.0, 1200.0], 1200.0, 1020.0, 1470.0, 0.0)
    assert rows["withdrawn_weeks"].base_median == 16.0  # median of 14, 18, 16
    assert rows["withdrawn_weeks"].other_median == 10.0  # median of 10, 20, 4


def test_runs_must_pair_up_by_seed() -> None:
    with pytest.raises(ValueError, match=r"same seeds.*base \[1, 2, 3\], other \[2, 3, 1\]"):
        paired_differences(BASE, [OTHER[1], OTHER[2], OTHER[0]])
    with pytest.raises(ValueError, match="same seeds"):
        paired_differences([], [])


def hand_comparison() -> Comparison:
    return compare_runs(load_scenario("baseline"), BASE, [(load_scenario("wij"), OTHER)])


def test_compare_runs_lists_unknown_and_assumed_costs() -> None:
    comparison = hand_comparison()
    assert comparison.seeds == (1, 2, 3)
    assert (comparison.agents, comparison.weeks) == (100, 2)
    (other,) = comparison.others
    assert other.scenario == "wij"
    assert other.cost_unknown == ("iv1",)
    assert other.cost_assumed == ("iv0",)


def test_render_json_carries_every_figure() -> None:
    data = json.loads(render_comparison(hand_comparison(), "json", "nl"))
    assert data["base"] == "baseline"
    assert data["seeds"] == [1, 2, 3]
    outcomes = {o["id"]: o for o in data["others"][0]["outcomes"]}
    weeks = outcomes["withdrawn_weeks"]
    assert weeks["label"] == "Teruggetrokken persoonsweken"
    assert weeks["differences"] == [-4.0, 2.0, -12.0]
    assert (weeks["difference_median"], weeks["difference_p5"], weeks["difference_p95"]) == \
        pytest.approx((-4.0, -11.2, 1.4))
    assert weeks["share_better"] == pytest.approx(2 / 3)


def test_render_table_in_both_languages() -> None:
    english = render_comparison(hand_comparison(), "table", "en")
    # hikikomori: median -0.02 x 100 = -2.000%; interval -3.800% .. -0.200%
    assert "-2.000%" in english
    assert "-3.800% .. -0.200%" in english
    # withdrawn weeks rounded to whole weeks: -11.2 -> -11, 1.4 -> +1; better in 2 of 3 = 67%
    assert "-11 .. +1" in english
    assert "67%" in english
    assert "Cost unknown (not counted): iv1" in english
    dutch = render_comparison(hand_comparison(), "table", "nl")
    assert "verschil (mediaan)" in dutch
    assert "Kosten zijn een aanname voor: iv0" in dutch


def outcome_values(run: RunResult) -> dict[str, float]:
    """The compared outcomes straight from the arrays (independent of RunResult's helpers)."""
    last = run.counts[-1].sum(axis=(1, 2))  # agents per stage in the last week
    return {
        "hikikomori_prevalence_end": last[3] / last.sum(),  # STAGES[3] == "hikikomori"
        "pre_hikikomori_prevalence_end": last[2] / last.sum(),
        "withdrawn_weeks": float(run.counts[:, 2:4].sum()),
        "loneliness_end": float(run.means["loneliness"][-1]),
        "online_hours_end": float(run.means["online_hours"][-1]),
        "total_cost_eur": sum(i.cost_eur for i in run.interventions if not math.isnan(i.cost_eur)),
    }


def test_compare_scenarios_pairs_real_runs_by_seed() -> None:
    short = {"parameters": {"burn_in_years": 1.0}}  # keeps the suite fast
    base = load_scenario("baseline").model_copy(update=short)
    other = load_scenario("screen-balance").model_copy(update=short)
    comparison = compare_scenarios(base, [other], runs=2, seed=11, agents=2000, years=1.0,
                                   scheduler=None, processes=False)
    assert comparison.seeds == (11, 12)
    assert (comparison.agents, comparison.weeks) == (2000, 52)
    rows = by_id(comparison.others[0].outcomes)
    base_values = [outcome_values(run_simulation(base, agents=2000, years=1.0, seed=s))
                   for s in (11, 12)]
    other_values = [outcome_values(run_simulation(other, agents=2000, years=1.0, seed=s))
                    for s in (11, 12)]
    for outcome, row in rows.items():
        expected = [o[outcome] - b[outcome] for b, o in zip(base_values, other_values, strict=True)]
        assert list(row.differences) == pytest.approx(expected, rel=1e-12, abs=1e-12), outcome
        # Two values: the median is their mean; better = strictly negative differences.
        assert row.median == pytest.approx(sum(expected) / 2, abs=1e-12)
        assert row.share_better == sum(d < 0 for d in expected) / 2
    # The online/offline balance programme costs money and the baseline costs nothing.
    assert all(d > 0 for d in rows["total_cost_eur"].differences)
