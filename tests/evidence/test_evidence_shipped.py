"""The shipped data files load, cover the fixed vocabularies, and agree with the published figures.

Expected values are worked out by hand from shared/evidence/epidemiology.md (arithmetic in the
comments), so a mistyped number in a data file fails here.
"""

from __future__ import annotations

import math

import pytest

from samen.evidence import (
    get_intervention,
    get_parameter,
    get_root,
    load_calibration_targets,
    load_interventions,
    load_mechanisms,
    load_parameters,
    load_roots,
)
from samen.evidence.vocab import LEVELS, MECHANISM_IDS, ROOT_IDS


def test_all_six_roots_in_the_lecture_order() -> None:
    assert tuple(r.id for r in load_roots()) == ROOT_IDS
    assert get_root("attachment").lecture_section.endswith("1. Hechtingsproblemen")


def test_every_mechanism_once() -> None:
    assert tuple(m.id for m in load_mechanisms()) == MECHANISM_IDS


def test_every_root_has_a_quantified_or_lecture_link() -> None:
    for root in load_roots():
        # Each root names at least one mechanism and raises at least one agent state.
        assert root.mechanisms
        assert any(not link.target.startswith("M") for link in root.raises), root.id


def test_catalogue_covers_all_five_levels() -> None:
    assert {i.level for i in load_interventions()} == set(LEVELS)
    for level in LEVELS:
        assert load_interventions(level), level
        assert all(i.level == level for i in load_interventions(level))


@pytest.mark.parametrize("level", ["community", "school", "parents"])
def test_wij_levels_have_a_sourced_effect(level: str) -> None:
    # The lecture's shift "from I to we" combines these three levels; each must be simulable.
    assert any(i.sourced_effects for i in load_interventions(level))


def test_intervention_ids_unique_across_levels() -> None:
    ids = [i.id for i in load_interventions()]
    assert len(ids) == len(set(ids))


def test_assumption_entries_are_grade_d() -> None:
    for item in load_interventions():
        if item.source.is_assumption:
            assert item.grade == "D", item.id


def test_craft_engagement_matches_the_pooled_meta_analysis() -> None:
    # Section 5.1: treatment engagement 30.8 %; treatment or social participation 61.5 %;
    # Sakai 2015: 3 of 7 = 0.4286 -> 0.429.
    craft = get_intervention("craft_family_programme")
    values = [e.value for e in craft.effects]
    assert values == [0.308, 0.615, 0.429]
    assert math.isclose(3 / 7, 0.429, abs_tol=0.0005)
    assert craft.target_group == "indicated"
    assert all(e.measure == "proportion" for e in craft.effects)


def test_pilot_rct_shares_are_the_published_counts() -> None:
    # Kubo 2023 pilot RCT: 2 of 12 = 0.1667 -> 0.167; single arm: 6 of 20 = 0.30.
    kubo = get_intervention("family_mhfa_craft_programme")
    assert math.isclose(kubo.effects[0].value, 2 / 12, abs_tol=0.0005)
    assert math.isclose(kubo.effects[1].value, 6 / 20, abs_tol=1e-9)


def test_self_compassion_interval_from_wilson_2019() -> None:
    # Wilson et al. 2019: depression g = 0.40 (0.23-0.57).
    effect = get_intervention("self_compassion_programme").effects[0]
    assert (effect.measure, effect.value, effect.ci_low, effect.ci_high) == (
        "hedges_g", 0.40, 0.23, 0.57,
    )


def test_unverified_numbers_keep_their_tag() -> None:
    # Masi 2011's -0.598 is "from memory" in the notes: it must stay unverified.
    effect = get_intervention("loneliness_social_cognition").effects[0]
    assert effect.value == -0.598
    assert effect.source.confidence == "unverified"


def test_prevalence_matches_cases_over_respondents() -> None:
    targets = load_calibration_targets()
    # 2010: 59 / 3,287 = 0.01795 -> 1.79 %; 2018: 47 / 3,248 = 0.01447 -> 1.45 %;
    # 2022 (15-39): 144 / 7,035 = 0.02047 -> 2.05 %.
    for target_id, expected in [
        ("jp_co_2010_15_39", 0.0179),
        ("jp_co_2018_40_64", 0.0145),
        ("jp_co_2022_15_39", 0.0205),
    ]:
        target = targets.prevalence_target(target_id)
        assert target.value == expected
        assert target.cases is not None
        assert target.sample_size is not None
        assert math.isclose(target.cases / target.sample_size, expected, abs_tol=0.0005)


def test_national_estimates_match_prevalence_times_population() -> None:
    targets = load_calibration_targets()
    # 0.0179 x 38.8 M = 694,520 ~ 696,000; 0.0145 x 42.35 M = 614,075 ~ 613,000 (within 1 %).
    for target_id, population_id in [
        ("jp_co_2010_15_39", "jp_population_15_39_2010"),
        ("jp_co_2018_40_64", "jp_population_40_64_2018"),
    ]:
        target = targets.prevalence_target(target_id)
        population = get_parameter(population_id).value
        assert target.population_estimate is not None
        assert math.isclose(target.value * population, target.population_estimate, rel_tol=0.01)


def test_fit_and_validate_roles_follow_the_model_design() -> None:
    # MODEL.md: fit to the 2010 and 2018 surveys, predict 2015 and 2022.
    targets = load_calibration_targets()
    assert targets.prevalence_target("jp_co_2010_15_39").role == "fit"
    assert targets.prevalence_target("jp_co_2018_40_64").role == "fit"
    assert targets.prevalence_target("jp_co_2015_15_39").role == "validate"
    assert targets.prevalence_target("jp_co_2022_15_39").role == "validate"


def _distribution(target_id: str) -> dict[float, float]:
    (dist,) = [d for d in load_calibration_targets().distributions if d.id == target_id]
    return {band.low: band.share for band in dist.bands}


def test_2010_duration_table_is_complete() -> None:
    # 23.7 + 30.5 + 13.6 + 11.9 + 16.9 + 3.4 (no answer) = 100.0 %
    shares = _distribution("jp_co_2010_duration")
    assert shares == {0.5: 0.237, 1: 0.305, 3: 0.136, 5: 0.119, 7: 0.169}


def _hazard(share_beyond: float, years_after_half: float) -> float:
    return -math.log(share_beyond) / years_after_half


def test_exit_hazards_follow_from_the_duration_tables() -> None:
    d2010 = _distribution("jp_co_2010_duration")
    answered = 1 - 0.034
    # P(D > 7 | D > 0.5) = 0.169 / 0.966 = 0.175; h = -ln(0.175) / 6.5 = 0.268
    overall = _hazard(d2010[7] / answered, 6.5)
    assert math.isclose(get_parameter("exit_hazard_jp_2010_15_39").value, overall, abs_tol=0.005)
    # Survival at 1, 3, 5, 7 years: 0.755, 0.439, 0.298, 0.175 -> interval hazards
    # -ln(0.755)/0.5 = 0.56, -ln(0.439/0.755)/2 = 0.27, -ln(0.298/0.439)/2 = 0.19,
    # -ln(0.175/0.298)/2 = 0.27
    s1 = 1 - d2010[0.5] / answered
    s3 = s1 - d2010[1] / answered
    s5 = s3 - d2010[3] / answered
    s7 = s5 - d2010[5] / answered
    for parameter_id, expected in [
        ("exit_hazard_jp_2010_0_5_to_1y", -math.log(s1) / 0.5),
        ("exit_hazard_jp_2010_1_to_3y", -math.log(s3 / s1) / 2),
        ("exit_hazard_jp_2010_3_to_5y", -math.log(s5 / s3) / 2),
        ("exit_hazard_jp_2010_5_to_7y", -math.log(s7 / s5) / 2),
    ]:
        assert math.isclose(get_parameter(parameter_id).value, expected, abs_tol=0.005), parameter_id
    # 2015: -ln(0.347) / 6.5 = 0.163; 2018: -ln(0.467) / 6.5 = 0.117;
    # 2022 early: -ln(1 - 0.215) / 0.5 = 0.484
    for parameter_id, share, years in [
        ("exit_hazard_jp_2015_15_39", _distribution("jp_co_2015_duration")[7], 6.5),
        ("exit_hazard_jp_2018_40_64", _distribution("jp_co_2018_duration")[7], 6.5),
        ("exit_hazard_jp_2022_early", 1 - _distribution("jp_co_2022_15_39_duration")[0.5], 0.5),
    ]:
        expected = _hazard(share, years)
        assert math.isclose(get_parameter(parameter_id).value, expected, abs_tol=0.005), parameter_id


def test_incidence_range_is_the_steady_state_formula() -> None:
    # I = P h / (1 - P): 0.0157 x 0.16 / 0.9843 = 0.00255; 0.0205 x 0.27 / 0.9795 = 0.00565
    incidence = get_parameter("incidence_jp_15_39")
    assert incidence.low is not None
    assert incidence.high is not None
    assert math.isclose(incidence.low, 0.0157 * 0.16 / (1 - 0.0157), abs_tol=0.0001)
    assert math.isclose(incidence.high, 0.0205 * 0.27 / (1 - 0.0205), abs_tol=0.0001)


def test_thuiszitters_is_the_sum_of_both_absence_counts() -> None:
    # 2021/22: absoluut verzuim 10,240 + langdurig relatief verzuim 3,246 = 13,486
    (count,) = [i for i in load_calibration_targets().indicators if i.id == "nl_thuiszitters_2021"]
    assert count.value == 10240 + 3246
    assert count.source.confidence == "derived"


def test_contagion_falls_with_network_distance() -> None:
    # Cacioppo et al. 2009: +52 % / +25 % / +15 % at 1 / 2 / 3 degrees.
    values = [get_parameter(f"loneliness_contagion_degree_{d}").value for d in (1, 2, 3)]
    assert values == [0.52, 0.25, 0.15]


def test_every_parameter_and_target_has_a_source_or_a_reasoned_assumption() -> None:
    targets = load_calibration_targets()
    sourced = [
        *load_parameters(),
        *targets.prevalence,
        *targets.distributions,
        *targets.sex_ratio,
        *targets.indicators,
    ]
    for entry in sourced:
        assert entry.source.citation or entry.source.note, entry.id
