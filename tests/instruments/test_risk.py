"""Risk profile by root: the highest level among the latest scores, explained, unknown if unmeasured."""

from __future__ import annotations

from datetime import date

from samen.instruments import score
from samen.instruments.risk import risk_profile

PHQ9_MINIMAL = [0, 0, 0, 0, 0, 0, 0, 0, 1]  # total 1 -> band "minimal" (risk none)
PHQ9_MODERATE = [2, 2, 1, 1, 1, 1, 1, 1, 0]  # 2+2+1*6 = 10 -> band "moderate" (risk high)
DJG_SEVERE = [1, 3, 3, 1, 3, 1]  # emotional items "yes" (1 each) + social items "no" (1 each) = 6
DJG_NONE = [3, 1, 1, 3, 1, 3]  # the opposite answers: 0


def test_unmeasured_roots_are_unknown_not_none() -> None:
    profile = risk_profile([score("phq9", PHQ9_MINIMAL)])
    assert profile.level("anxiety_depression") == "none"
    for root in ("attachment", "technology_use", "family_dynamics", "loneliness_bonds",
                 "societal_pressure"):
        assert profile.level(root) == "unknown"
    assert profile.based_on == ("phq9",)


def test_the_level_is_the_highest_and_lists_what_explains_it() -> None:
    profile = risk_profile([score("phq9", PHQ9_MODERATE), score("djg6", DJG_NONE)])
    assert profile.level("anxiety_depression") == "high"
    assert profile.level("loneliness_bonds") == "none"
    root = next(r for r in profile.roots if r.root == "anxiety_depression")
    assert [(e.instrument, e.score, e.value) for e in root.explained_by] == [("phq9", "total", 10)]
    assert root.explained_by[0].band is not None
    assert root.explained_by[0].band.en == "Moderate"


def test_only_the_latest_score_per_instrument_counts() -> None:
    earlier = (date(2026, 1, 5), score("djg6", DJG_SEVERE))
    later = (date(2026, 3, 2), score("djg6", DJG_NONE))
    # Given out of order on purpose: the date decides, not the position.
    assert risk_profile([later, earlier]).level("loneliness_bonds") == "none"
    assert risk_profile([earlier]).level("loneliness_bonds") == "high"
    # Undated results: the last one given counts.
    undated = [score("djg6", DJG_NONE), score("djg6", DJG_SEVERE)]
    assert risk_profile(undated).level("loneliness_bonds") == "high"


def test_provisional_subscales_are_shown_but_do_not_set_a_level() -> None:
    # HQ-25 all 0: reverse items 4, 7, 10, 15, 21, 25 score 4 each -> total 24 (< 42, negative
    # screen). The provisional Isolation/Emotional-support subscales are listed, not counted.
    profile = risk_profile([score("hq25", [0] * 25)])
    root = next(r for r in profile.roots if r.root == "loneliness_bonds")
    assert root.level == "none"
    by_score = {e.score: e for e in root.explained_by}
    assert by_score["total"].counts is True
    assert by_score["total"].value == 24
    provisional = [e for e in root.explained_by if e.score != "total"]
    assert provisional
    assert all(e.counts is False for e in provisional)


def test_attachment_comes_from_ecr_rs_subscales() -> None:
    # ECR-RS: items 1-4 reversed (8 - v). All answers 7: avoidance = (1*4 + 7*2) / 6 = 3.0
    # (below the assumed midpoint 4: none); anxiety = 7 (elevated).
    profile = risk_profile([score("ecr_rs", [7] * 9)])
    root = next(r for r in profile.roots if r.root == "attachment")
    assert root.level == "elevated"
    values = {e.score: e.value for e in root.explained_by}
    assert values == {"avoidance": 3.0, "anxiety": 7.0}


def test_a_custom_cutoff_does_not_raise_a_level() -> None:
    # HQ-25 with every answer 2: 25 * 2 = 50 (reversal of 2 is 2) -> at or above 42.
    standard = risk_profile([score("hq25", [2] * 25)])
    assert standard.level("loneliness_bonds") == "elevated"
    custom = risk_profile([score("hq25", [2] * 25, cutoff=60)])
    assert custom.level("loneliness_bonds") == "none"
