"""``samen scenarios list``, ``samen simulate`` and ``samen compare``, run in-process.

Tiny runs (2,000 agents, 1 year, 2 seeds, in this process) keep these fast.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from samen.cli.context import ExitStatus
from samen.sim.engine import run_simulation
from samen.sim.scenario import list_scenarios, load_scenario

TINY = ("--agents", "2000", "--years", "1", "--runs", "2", "--scheduler", "serial", "--burn-in", "1")


def _short(name: str):  # type: ignore[no-untyped-def]
    """A shipped scenario with the 1-year burn-in that TINY asks for."""
    scenario = load_scenario(name)
    return scenario.model_copy(update={"parameters": {"burn_in_years": 1.0}})


def test_scenarios_list_json_in_the_chosen_language(samen: Any) -> None:
    english = samen("scenarios", "list", "--json")
    assert english.status == ExitStatus.SUCCESS
    shipped = list_scenarios()
    assert [row["name"] for row in english.json] == [s.name for s in shipped]
    by_name = {row["name"]: row for row in english.json}
    wij = load_scenario("wij")
    assert by_name["wij"]["title"] == wij.title.en
    assert by_name["wij"]["interventions"] == [i.id for i in wij.interventions]
    assert by_name["baseline"]["interventions"] == []
    dutch = samen("scenarios", "list", "--json", lang="nl")
    assert {row["name"]: row["title"] for row in dutch.json}["wij"] == wij.title.nl


def test_scenarios_list_table_names_every_scenario(samen: Any) -> None:
    run = samen("scenarios", "list")
    assert run.status == ExitStatus.SUCCESS
    for scenario in list_scenarios():
        assert scenario.name in run.stdout
    assert "screen_time_reduction" in run.stdout  # the intervention of screen-balance


def test_simulate_writes_the_report_and_a_summary(samen: Any, tmp_path: Path) -> None:
    out = tmp_path / "run"
    run = samen("simulate", "screen-balance", *TINY, "--seed", "3", "--out", str(out))
    assert run.status == ExitStatus.SUCCESS, run.stderr
    for name in ("summary.json", "report.html", "timeseries.parquet"):
        assert (out / name).is_file(), name
        assert str(out / name) in run.stdout
    json.loads((out / "summary.json").read_text(encoding="utf-8"))
    # Scenario and baseline (its one intervention switched off; attribution reuses it):
    # 2 ensembles x 2 runs x 52 weeks = 208 weeks on the progress bar, which goes to stderr.
    assert "208/208 weeks" in run.stderr
    assert "screen-balance: 2 runs x 2000 agents x 52 weeks (seeds 3-4)" in run.stdout
    assert "Hikikomori at the end: median" in run.stdout
    # Averted person-weeks = baseline - scenario, seed by seed; the summary prints the median.
    scenario = _short("screen-balance")
    averted = []
    for seed in (3, 4):
        with_it = run_simulation(scenario, agents=2000, years=1.0, seed=seed)
        without = run_simulation(scenario, agents=2000, years=1.0, seed=seed,
                                 exclude=frozenset({"screen_time_reduction"}))
        averted.append(without.withdrawn_weeks - with_it.withdrawn_weeks)
    median = (averted[0] + averted[1]) / 2  # the median of two values is their mean
    assert f"averted against no interventions: median {median:,.0f}" in run.stdout


def test_simulate_in_dutch(samen: Any, tmp_path: Path) -> None:
    run = samen("simulate", "baseline", "--agents", "2000", "--years", "1", "--runs", "1", "--burn-in", "1",
                "--out", str(tmp_path / "nl"), lang="nl")
    assert run.status == ExitStatus.SUCCESS, run.stderr
    assert f"Uitvoer in {tmp_path / 'nl'}:" in run.stdout
    assert "baseline: 1 runs x 2000 agenten x 52 weken (seeds 1)" in run.stdout
    assert "Geen interventies" in run.stdout
    assert "52/52 weken" in run.stderr


def test_compare_json_gives_paired_differences(samen: Any) -> None:
    run = samen("compare", "baseline", "screen-balance", *TINY, "--seed", "21", "--json")
    assert run.status == ExitStatus.SUCCESS, run.stderr
    data = run.json
    assert data["base"] == "baseline"
    assert data["seeds"] == [21, 22]
    assert (data["agents"], data["weeks"]) == (2000, 52)
    (other,) = data["others"]
    assert other["scenario"] == "screen-balance"
    outcomes = {o["id"]: o for o in other["outcomes"]}
    base, balance = _short("baseline"), _short("screen-balance")
    weeks, cost = [], []
    for seed in (21, 22):
        b = run_simulation(base, agents=2000, years=1.0, seed=seed)
        o = run_simulation(balance, agents=2000, years=1.0, seed=seed)
        weeks.append(float(o.withdrawn_weeks - b.withdrawn_weeks))
        cost.append(sum(i.cost_eur for i in o.interventions if not math.isnan(i.cost_eur)))
    assert outcomes["withdrawn_weeks"]["differences"] == weeks
    assert outcomes["total_cost_eur"]["differences"] == pytest.approx(cost)
    assert outcomes["total_cost_eur"]["share_better"] == 0.0  # the baseline costs nothing


def test_compare_table(samen: Any) -> None:
    run = samen("compare", "baseline", "screen-balance", *TINY, lang="nl")
    assert run.status == ExitStatus.SUCCESS, run.stderr
    assert "2 paren van runs (seeds 1-2), 2000 agenten, 52 weken" in run.stdout
    assert "Teruggetrokken persoonsweken" in run.stdout


def test_bad_scenario_file_exits_3_with_the_key(samen: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name = "bad"\n'
        'title = { nl = "Fout", en = "Bad" }\n'
        'description = { nl = "Fout", en = "Bad" }\n'
        '[[interventions]]\n'
        'id = "screen_time_reduction"\n'
        'coverage = 2.0\n'
        'uptake = 0.5\n',
        encoding="utf-8",
    )
    for args in (("simulate", str(bad), *TINY), ("compare", "baseline", str(bad), *TINY)):
        run = samen(*args)
        assert run.status == ExitStatus.INVALID_INPUT
        assert "interventions[1].coverage" in run.stderr
        assert run.stdout == ""


def test_unknown_scenario_and_bad_runs_exit_3(samen: Any) -> None:
    unknown = samen("simulate", "no-such-scenario", *TINY)
    assert unknown.status == ExitStatus.INVALID_INPUT
    assert "no-such-scenario" in unknown.stderr
    zero = samen("compare", "baseline", "wij", "--runs", "0")
    assert zero.status == ExitStatus.INVALID_INPUT
    assert "runs: must be at least 1 (got 0)" in zero.stderr


def test_missing_scheduler_file_exits_3(samen: Any) -> None:
    run = samen("compare", "baseline", "wij", "--agents", "2000", "--years", "1", "--runs", "2",
                "--scheduler", "/nonexistent/scheduler.json")
    assert run.status == ExitStatus.INVALID_INPUT
    assert "scheduler: the scheduler file /nonexistent/scheduler.json does not exist" in run.stderr


def test_same_seed_gives_an_identical_summary_json(samen: Any, tmp_path: Path) -> None:
    def summary(out: Path, seed: str) -> bytes:
        run = samen("simulate", "screen-balance", *TINY, "--seed", seed, "--no-attribution",
                    "--out", str(out))
        assert run.status == ExitStatus.SUCCESS, run.stderr
        return (out / "summary.json").read_bytes()

    first = summary(tmp_path / "a", "5")
    assert summary(tmp_path / "b", "5") == first
    assert summary(tmp_path / "c", "6") != first
