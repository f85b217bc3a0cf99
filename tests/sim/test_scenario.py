"""Scenario files: the shipped ones load and fit their level; every kind of bad file is named.

Tests that use interventions or [parameters] need the engine's registries
(``samen.sim.interventions.supported_interventions`` and ``samen.sim.params.known_parameter_ids``).
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from samen.errors import SamenInputError
from samen.evidence import load_interventions
from samen.sim.scenario import (
    InterventionUse,
    ScenarioError,
    list_scenarios,
    load_scenario,
    parse_scenario,
)

SHIPPED = [
    "baseline", "care", "community", "parents", "policy", "school", "screen-balance", "wij",
]
# The ids the lead's engine promised to support (sim contract); shipped files use only these.
ENGINE_IDS = {
    "craft_family_programme", "consistent_care_support", "school_depression_anxiety_prevention",
    "inclusive_school_climate", "return_to_school_plan", "community_shared_activities",
    "community_volunteering", "community_mentoring", "screen_time_reduction",
    "outreach_withdrawn_youth", "mental_health_promotion", "cbt_social_anxiety",
    "social_skills_training", "self_compassion_programme",
}

VALID = """\
name = "mine"
title = { nl = "Mijn scenario", en = "My scenario" }
description = { nl = "Een test.", en = "A test." }

[population]
preset = "nl"
agents = 20000
age_min = 10
age_max = 39

[run]
years = 10
seed = 1

[[interventions]]
id = "community_shared_activities"
coverage = 0.3
uptake = 0.6
start_year = 0
end_year = 10

[[interventions]]
id = "screen_time_reduction"
coverage = 0.5
uptake = 0.5
start_year = 2
"""


def _write(tmp_path: Path, text: str, name: str = "bad.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _rejected(path: Path) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return str(caught.value)


# ---------------------------------------------------------------- shipped scenarios


def test_list_scenarios_names_every_shipped_file_sorted() -> None:
    assert [s.name for s in list_scenarios()] == SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_loads_with_the_shared_defaults(name: str) -> None:
    scenario = load_scenario(name)
    assert scenario.name == name
    # Every shipped file runs the same population and seed, so comparisons are paired.
    assert (scenario.preset, scenario.agents, scenario.years, scenario.seed) == ("nl", 20_000, 10.0, 1)
    assert (scenario.age_min, scenario.age_max) == (10, 39)
    assert {use.id for use in scenario.interventions} <= ENGINE_IDS
    # The description must say that coverage and uptake are choices, not evidence.
    assert "beleidskeuzes" in scenario.description.nl or not scenario.interventions
    assert "policy choices" in scenario.description.en or not scenario.interventions


def test_baseline_has_no_interventions() -> None:
    assert load_scenario("baseline").interventions == ()


@pytest.mark.parametrize("level", ["parents", "school", "community", "policy", "care"])
def test_level_scenario_uses_only_its_level(level: str) -> None:
    catalogue = {entry.id: entry.level for entry in load_interventions()}
    uses = load_scenario(level).interventions
    assert len(uses) >= 2
    assert {catalogue[use.id] for use in uses} == {level}


def test_wij_is_parents_school_and_community_together() -> None:
    parts = [use for name in ("parents", "school", "community") for use in load_scenario(name).interventions]
    assert sorted(load_scenario("wij").interventions, key=lambda u: u.id) == sorted(parts, key=lambda u: u.id)


def test_screen_balance_is_the_online_offline_policy_alone() -> None:
    scenario = load_scenario("screen-balance")
    assert scenario.interventions == (InterventionUse(id="screen_time_reduction", coverage=0.6, uptake=0.5),)


def test_load_by_name_and_by_path_are_equal() -> None:
    path = Path(__file__).resolve().parents[2] / "src" / "samen" / "sim" / "scenarios" / "wij.toml"
    assert load_scenario("wij") == load_scenario(path) == load_scenario(str(path))


def test_unknown_shipped_name_lists_the_shipped_ones() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario("wj")
    assert str(caught.value) == (
        "'wj': no shipped scenario of that name; shipped: " + ", ".join(SHIPPED)
        + " (or give a path to a .toml file)"
    )


# ---------------------------------------------------------------- a valid file of one's own


def test_valid_file_gives_the_values_written() -> None:
    scenario = parse_scenario(VALID)
    assert scenario.name == "mine"
    assert scenario.title.en == "My scenario"
    assert scenario.interventions == (
        InterventionUse(id="community_shared_activities", coverage=0.3, uptake=0.6, start_year=0.0, end_year=10.0),
        InterventionUse(id="screen_time_reduction", coverage=0.5, uptake=0.5, start_year=2.0, end_year=None),
    )


def test_sections_may_be_left_out_and_take_the_defaults() -> None:
    text = 'name = "x"\ntitle = { nl = "a", en = "b" }\ndescription = { nl = "c", en = "d" }\n'
    scenario = parse_scenario(text)
    assert (scenario.preset, scenario.agents, scenario.years, scenario.seed) == ("nl", 20_000, 10.0, 1)
    assert (scenario.age_min, scenario.age_max, scenario.parameters) == (10, 39, {})


def test_parameter_override_is_kept() -> None:
    from samen.sim.params import known_parameter_ids

    first = sorted(known_parameter_ids())[0]
    scenario = parse_scenario(VALID + f"\n[parameters]\n{first} = 0.25\n")
    assert scenario.parameters == {first: 0.25}


def test_bare_name_with_dash_is_a_name_and_toml_suffix_is_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "screen-balance" is shipped; "screen-balance.toml" is read as a (here missing) relative path.
    monkeypatch.chdir(tmp_path)
    assert load_scenario("screen-balance").name == "screen-balance"
    with pytest.raises(ScenarioError, match=r"^screen-balance\.toml: file does not exist$"):
        load_scenario("screen-balance.toml")


# ---------------------------------------------------------------- bad files


def _bad(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


BAD_FILES = [
    # unknown keys, at every level
    pytest.param(_bad("uptake = 0.6", "uptake = 0.6\ncoverge = 0.3"),
                 "interventions[1].coverge: unknown key (did you mean 'coverage'?); expected one of: id, coverage, uptake, start_year, end_year", id="typo-in-intervention"),
    pytest.param(_bad("[run]", "[runs]"),
                 "runs: unknown key (did you mean 'run'?); expected one of: name, title, description, population, run, parameters, interventions", id="typo-top-level"),
    pytest.param(_bad("agents = 20000", "agent = 20000"),
                 "population.agent: unknown key (did you mean 'agents'?); expected one of: preset, agents, age_min, age_max", id="typo-population"),
    pytest.param(_bad("seed = 1", "sead = 1"),
                 "run.sead: unknown key (did you mean 'seed'?); expected one of: years, seed", id="typo-run"),
    pytest.param(_bad('en = "My scenario"', 'de = "Mein Szenario"'),
                 "title.de: unknown key; expected one of: nl, en", id="unknown-language"),
    # missing required keys
    pytest.param(_bad('name = "mine"\n', ""), "name: missing; this key is required", id="no-name"),
    pytest.param(_bad("coverage = 0.5\n", ""), "interventions[2].coverage: missing; this key is required", id="no-coverage"),
    pytest.param(_bad('title = { nl = "Mijn scenario", en = "My scenario" }', 'title = { nl = "Mijn scenario" }'),
                 "title.en: missing; this key is required", id="no-english"),
    # wrong types
    pytest.param(_bad("agents = 20000", 'agents = "20000"'),
                 "population.agents: must be an integer, got the string '20000'", id="agents-string"),
    pytest.param(_bad("agents = 20000", "agents = 2e4"),
                 "population.agents: must be an integer, got the float 20000.0", id="agents-float"),
    pytest.param(_bad("seed = 1", "seed = true"), "run.seed: must be an integer, got the boolean true", id="seed-bool"),
    pytest.param(_bad("years = 10", 'years = "10"'), "run.years: must be a number, got the string '10'", id="years-string"),
    pytest.param(_bad("coverage = 0.3", "coverage = [0.3]"), "interventions[1].coverage: must be a number, got an array", id="coverage-array"),
    pytest.param(_bad('name = "mine"', "name = 7"), "name: must be a string, got the integer 7", id="name-int"),
    pytest.param(_bad('id = "screen_time_reduction"', "id = 3"), "interventions[2].id: must be a string, got the integer 3", id="id-int"),
    pytest.param('name = "x"\ntitle = { nl = "a", en = "b" }\ndescription = { nl = "c", en = "d" }\npopulation = 5\n',
                 "population: must be a table, got the integer 5", id="population-value"),
    pytest.param('name = "x"\ntitle = { nl = "a", en = "b" }\ndescription = { nl = "c", en = "d" }\n[interventions]\nid = "x"\n',
                 "interventions: must be an array of tables ([[interventions]]), got a table", id="interventions-single-table"),
    pytest.param(_bad('nl = "Een test."', 'nl = "  "'), "description.nl: must not be empty", id="empty-text"),
    pytest.param(_bad('name = "mine"', 'name = "Mijn Scenario"'),
                 "name: must be lower-case letters and digits joined by '-' or '_' (like 'screen-balance'), got 'Mijn Scenario'", id="name-pattern"),
    # out of range
    pytest.param(_bad("coverage = 0.3", "coverage = 1.5"), "interventions[1].coverage: must be between 0 and 1, got 1.5", id="coverage-high"),
    pytest.param(_bad("uptake = 0.5", "uptake = -0.1"), "interventions[2].uptake: must be between 0 and 1, got -0.1", id="uptake-negative"),
    pytest.param(_bad("agents = 20000", "agents = 99"), "population.agents: must be between 100 and 50_000_000, got 99", id="agents-low"),
    pytest.param(_bad("agents = 20000", "agents = 50_000_001"), "population.agents: must be between 100 and 50_000_000, got 50_000_001", id="agents-high"),
    pytest.param(_bad("years = 10", "years = 0"), "run.years: must be greater than 0 and at most 100, got 0", id="years-zero"),
    pytest.param(_bad("years = 10", "years = 100.5"), "run.years: must be greater than 0 and at most 100, got 100.5", id="years-high"),
    pytest.param(_bad("age_min = 10", "age_min = -1"), "population.age_min: must be at least 0, got -1", id="age-min-negative"),
    pytest.param(_bad("age_max = 39", "age_max = 10"),
                 "population.age_max: must be greater than population.age_min (10) and at most 100, got 10", id="age-max-equal"),
    pytest.param(_bad("age_max = 39", "age_max = 101"),
                 "population.age_max: must be greater than population.age_min (10) and at most 100, got 101", id="age-max-high"),
    pytest.param(_bad("seed = 1", "seed = -1"), "run.seed: must be between 0 and 2**63 - 1, got -1", id="seed-negative"),
    pytest.param(_bad("start_year = 2", "start_year = -1"),
                 "interventions[2].start_year: must be at least 0 and less than run.years (10), got -1", id="start-negative"),
    pytest.param(_bad("start_year = 2", "start_year = 10"),
                 "interventions[2].start_year: must be at least 0 and less than run.years (10), got 10", id="start-at-end"),
    pytest.param(_bad("end_year = 10", "end_year = 11"),
                 "interventions[1].end_year: must be greater than start_year (0) and at most run.years (10), got 11", id="end-after-run"),
    pytest.param(_bad("start_year = 0\nend_year = 10", "start_year = 4\nend_year = 4"),
                 "interventions[1].end_year: must be greater than start_year (4) and at most run.years (10), got 4", id="end-equals-start"),
    # unknown preset; non-finite numbers
    pytest.param(_bad('preset = "nl"', 'preset = "be"'), "population.preset: unknown preset 'be'; expected one of: nl, jp", id="preset"),
    pytest.param(_bad("coverage = 0.3", "coverage = nan"), "interventions[1].coverage: must be a finite number, got nan", id="coverage-nan"),
    pytest.param(_bad("years = 10", "years = inf"), "run.years: must be a finite number, got inf", id="years-inf"),
    # the same intervention twice
    pytest.param(_bad('id = "screen_time_reduction"', 'id = "community_shared_activities"'),
                 "interventions[2].id: 'community_shared_activities' already appears as interventions[1]; use each intervention once", id="duplicate"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_FILES)
def test_bad_file_names_file_key_and_problem(tmp_path: Path, text: str, expected: str) -> None:
    path = _write(tmp_path, text)
    assert _rejected(path) == f"{path}: {expected}"


def test_unknown_intervention_lists_the_supported_ones(tmp_path: Path) -> None:
    from samen.sim.interventions import supported_interventions

    path = _write(tmp_path, _bad('id = "community_shared_activities"', 'id = "comunity_shared_activities"'))
    supported = ", ".join(sorted(supported_interventions()))
    assert _rejected(path) == f"{path}: interventions[1].id: unknown intervention 'comunity_shared_activities'; supported: {supported}"
    assert "community_shared_activities" in supported


def test_unknown_parameter_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, VALID + "\n[parameters]\nno_such_parameter_id = 0.5\n")
    assert _rejected(path).startswith(f"{path}: parameters.no_such_parameter_id: unknown parameter id")


def test_non_finite_parameter_is_named(tmp_path: Path) -> None:
    from samen.sim.params import known_parameter_ids

    first = sorted(known_parameter_ids())[0]
    path = _write(tmp_path, VALID + f"\n[parameters]\n{first} = -inf\n")
    assert _rejected(path) == f"{path}: parameters.{first}: must be a finite number, got -inf"


def test_toml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    # Line 3 lacks the closing quote: tomllib reports where the string breaks off.
    path = _write(tmp_path, 'name = "mine"\ntitle = { nl = "a", en = "b" }\ndescription = "oops\n')
    message = _rejected(path)
    assert message.startswith(f"{path}: not valid TOML: ")
    assert "line 3" in message
    assert "column" in message


def test_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    assert _rejected(path) == f"{path}: file does not exist"


def test_directory_is_not_a_scenario(tmp_path: Path) -> None:
    folder = tmp_path / "dir.toml"
    folder.mkdir()
    assert _rejected(folder) == f"{folder}: is not a file"


def test_scenario_error_is_an_input_error_and_survives_pickling() -> None:
    # Ensemble workers send errors back across processes; the parts must survive.
    error = ScenarioError("wij.toml", "interventions[1].coverage", "must be between 0 and 1, got 1.5")
    assert isinstance(error, SamenInputError)
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 -- our own object
    assert (copy.origin, copy.key, copy.problem, str(copy)) == (
        "wij.toml", "interventions[1].coverage", "must be between 0 and 1, got 1.5",
        "wij.toml: interventions[1].coverage: must be between 0 and 1, got 1.5",
    )


def test_model_rejects_inconsistent_scenarios_built_in_code() -> None:
    # The model is a backstop for scenarios built in Python (e.g. by a sweep) rather than read.
    base = parse_scenario(VALID)
    with pytest.raises(ValueError, match="age_min must be less than age_max"):
        type(base).model_validate({**base.model_dump(), "age_min": 40})
    with pytest.raises(ValueError, match="appears twice"):
        type(base).model_validate({**base.model_dump(), "interventions": [base.interventions[0].model_dump()] * 2})


def test_the_full_example_in_the_docs_is_valid() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"
    example = docs.read_text(encoding="utf-8").split("```toml\n", 1)[1].split("```", 1)[0]
    scenario = parse_scenario(example, origin="docs/scenarios.md")
    assert (scenario.name, scenario.parameters) == ("wij", {"chronic_share": 0.3})
    assert scenario.interventions == (
        InterventionUse(id="community_shared_activities", coverage=0.3, uptake=0.6, start_year=0.0, end_year=10.0),
    )
