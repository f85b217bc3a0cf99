"""Smoke tests of the benchmark's Mesa and Starsim peers at tiny size (no timing here).

The peers need the ``bench`` extra; the suite installs only ``.[test]``, so their tests skip when
mesa or starsim is missing. The parameter and days-out checks run everywhere.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pytest
from benchmarks.peers.common import days_out, days_out_array, model_parameters, start_population
from benchmarks.sim_throughput import kernel_loop

from samen.sim.params import INDEX, parameter_vector
from samen.sim.population import build_population

AGENTS, WEEKS = 100, 4
SIM_TOML = Path(__file__).resolve().parents[2] / "src/samen/evidence/data/simulation.toml"


def test_peers_read_the_same_parameter_values_as_samen() -> None:
    # Read the evidence file directly (not through samen.sim.params), so that a peer reading a
    # stale or different value fails here; the values themselves are still being calibrated.
    shipped = tomllib.loads(SIM_TOML.read_text(encoding="utf-8"))["parameters"]
    in_file = {entry["id"]: float(entry["value"]) for entry in shipped}
    p = model_parameters()
    for name in ("out_intercept", "out_anxiety", "stress_decay", "friends_per_agent"):
        assert p[name] == pytest.approx(in_file[name]), name
    vector = parameter_vector()
    assert all(p[name] == vector[k] for name, k in INDEX.items())


@pytest.mark.parametrize(
    ("u", "expected"),
    [
        # Binomial(7, 0.5): cumulative counts 1, 8, 29, 64, 99, 120, 127, 128 (out of 128).
        (0.005, 0),  # 0.005 <= 1/128 = 0.0078
        (0.3, 3),  # 29/128 = 0.227 < 0.3 <= 64/128 = 0.5
        (0.8, 5),  # 99/128 = 0.773 < 0.8 <= 120/128 = 0.9375
        (0.999, 7),  # 127/128 = 0.9922 < 0.999
    ],
)
def test_days_out_inverts_the_binomial_cdf(u: float, expected: int) -> None:
    assert days_out(0.5, u) == expected
    assert days_out_array(np.array([0.5]), np.array([u]))[0] == expected


def _check_week(counts: list[int], anxiety: float, loneliness: float) -> None:
    assert sum(counts) == AGENTS
    assert 0.0 <= anxiety <= 1.0
    assert 0.0 <= loneliness <= 1.0


def test_mesa_peer_stage_counts_add_up() -> None:
    pytest.importorskip("mesa")
    from benchmarks.peers.mesa_model import WithdrawalModel

    model = WithdrawalModel(AGENTS, seed=3)
    assert model.p["out_intercept"] == parameter_vector()[INDEX["out_intercept"]]
    for _ in range(WEEKS):
        model.step()
        _check_week(model.stage_counts, model.mean_anxiety(), model.mean_loneliness())


def test_starsim_peer_stage_counts_add_up() -> None:
    pytest.importorskip("starsim")
    from benchmarks.peers.starsim_model import make_sim

    sim = make_sim(AGENTS, WEEKS, seed=3)
    sim.run()
    module = sim.custom.withdrawal
    assert module.p["out_intercept"] == parameter_vector()[INDEX["out_intercept"]]
    results = module.results
    assert len(results.n_none) == WEEKS
    for week in range(WEEKS):
        counts = [int(results[f"n_{stage}"][week]) for stage in
                  ("none", "at_risk", "pre_hikikomori", "hikikomori", "recovering")]
        _check_week(counts, float(results.mean_anxiety[week]),
                    float(results.mean_loneliness[week]))


def test_peers_start_from_samens_population() -> None:
    start = start_population(50, seed=5)
    pop = build_population(50, "nl", 10, 39, parameter_vector(), 5)
    assert np.array_equal(start["friends"], pop.friends)
    assert np.array_equal(start["anxiety"], pop.anxiety)


def test_peers_follow_samens_equations_on_average() -> None:
    """Same start population, same model, different random numbers: after 4 weeks the means
    agree within sampling noise. Loneliness falls by about 0.03 in these weeks (0.22 -> 0.19),
    so a wrong or missing term in any of the three would show far beyond the 0.005 tolerance."""
    pytest.importorskip("mesa")
    pytest.importorskip("starsim")
    from benchmarks.peers.mesa_model import WithdrawalModel
    from benchmarks.peers.starsim_model import make_sim

    n = 2000
    pop = build_population(n, "nl", 10, 39, parameter_vector(), 11)
    start_loneliness = float(pop.loneliness.mean())
    kernel_loop(pop, WEEKS)
    samen = {k: float(getattr(pop, k).mean()) for k in ("anxiety", "loneliness", "skills")}
    model = WithdrawalModel(n, seed=11)
    for _ in range(WEEKS):
        model.step()
    mesa = {k: float(np.mean([getattr(a, k) for a in model.people])) for k in samen}
    sim = make_sim(n, WEEKS, seed=11)
    sim.run()
    starsim = {k: float(getattr(sim.custom.withdrawal, k).raw[:n].mean()) for k in samen}
    assert samen["loneliness"] < start_loneliness - 0.01  # the change the peers must reproduce
    for name, value in samen.items():
        assert mesa[name] == pytest.approx(value, abs=0.005), name
        assert starsim[name] == pytest.approx(value, abs=0.005), name
