"""DJG-6: dichotomous scoring, bands, subscales and the missing-data rule.

Answer values (Samen's coding): 1 = yes, 2 = more or less, 3 = no. Published scoring: on the
emotional items 1, 4, 6 "yes" and "more or less" score 1; on the social items 2, 3, 5 "no" and
"more or less" score 1. Bands 0-1 not lonely, 2-4 moderately lonely, 5-6 severely lonely.
"""

from __future__ import annotations

import pytest

from samen.instruments.errors import MissingAnswerError, OutOfRangeError
from samen.instruments.registry import get_instrument
from samen.instruments.scoring import score

YES, MORE_OR_LESS, NO = 1, 2, 3


def test_it_scores_zero_when_nothing_points_to_loneliness() -> None:
    # emotional items "no" -> 0 each; social items "yes" -> 0 each; total 0
    result = score("djg6", [NO, YES, YES, NO, YES, NO])
    assert result.total == 0
    assert result.band is not None
    assert result.band.key == "not_lonely"
    assert result.band.risk == "none"
    assert result.subscales["emotional"].value == 0
    assert result.subscales["social"].value == 0


def test_it_scores_six_when_everything_points_to_loneliness() -> None:
    # emotional items "yes" -> 1 each (3); social items "no" -> 1 each (3); total 6
    result = score("djg6", [YES, NO, NO, YES, NO, YES])
    assert result.total == 6
    assert result.band is not None
    assert result.band.key == "severely_lonely"
    assert result.band.risk == "high"
    assert result.subscales["emotional"].value == 3
    assert result.subscales["social"].value == 3


def test_more_or_less_counts_as_lonely_on_both_kinds_of_item() -> None:
    # the dichotomy is asymmetric: "more or less" scores 1 on all six items -> 6
    result = score("djg6", [MORE_OR_LESS] * 6)
    assert result.total == 6


def test_yes_scores_oppositely_on_emotional_and_social_items() -> None:
    # all "yes": emotional 1+1+1 = 3, social 0+0+0 = 0, total 3
    result = score("djg6", [YES] * 6)
    assert result.total == 3
    assert result.subscales["emotional"].value == 3
    assert result.subscales["social"].value == 0
    # all "no": emotional 0, social 3, total 3
    result = score("djg6", [NO] * 6)
    assert result.subscales["emotional"].value == 0
    assert result.subscales["social"].value == 3


def test_a_mixed_answer_set() -> None:
    # q1 E yes=1, q2 S yes=0, q3 S more/less=1, q4 E no=0, q5 S no=1, q6 E more/less=1
    # emotional q1+q4+q6 = 1+0+1 = 2; social q2+q3+q5 = 0+1+1 = 2; total 4
    result = score("djg6", [YES, YES, MORE_OR_LESS, NO, NO, MORE_OR_LESS])
    assert result.total == 4
    assert result.subscales["emotional"].value == 2
    assert result.subscales["social"].value == 2
    assert result.subscales["emotional"].band is not None
    assert result.subscales["emotional"].band.key == "emotionally_lonely"
    assert result.band is not None
    assert result.band.key == "moderately_lonely"


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        # only q1 (E, yes) scores: 1 -> not lonely (top of 0-1)
        ([YES, YES, YES, NO, YES, NO], 1, "not_lonely"),
        # q1 (E, yes) + q2 (S, no): 2 -> moderately lonely (bottom of 2-4)
        ([YES, NO, YES, NO, YES, NO], 2, "moderately_lonely"),
        # q1, q4 (E, yes) + q2, q3 (S, no): 4 -> moderately lonely (top of 2-4)
        ([YES, NO, NO, YES, YES, NO], 4, "moderately_lonely"),
        # q1, q4, q6 (E, yes) + q2, q3 (S, no): 5 -> severely lonely (bottom of 5-6)
        ([YES, NO, NO, YES, YES, YES], 5, "severely_lonely"),
    ],
)
def test_band_boundaries(answers: list[int], total: int, band: str) -> None:
    result = score("djg6", answers)
    assert result.total == total
    assert result.band is not None
    assert result.band.key == band


def test_one_missing_item_gives_the_sum_of_five_with_a_warning() -> None:
    # q1 missing; q2, q3, q5 (S) "no" = 3; q4, q6 (E) "yes" = 2; total 5 from the 5 answered
    result = score("djg6", [None, NO, NO, YES, NO, YES])
    assert result.total == 5
    assert result.missing_items == ("q1",)
    assert "items_missing" in [w.code for w in result.warnings]
    # the emotional subscale contains q1 and is not computed; social (q2, q3, q5) is 3
    assert result.subscales["emotional"].value is None
    assert result.subscales["emotional"].missing_items == ("q1",)
    assert result.subscales["social"].value == 3


def test_two_missing_items_refuse_the_total() -> None:
    with pytest.raises(MissingAnswerError, match=r"djg6 item q2: 2 items are unanswered"):
        score("djg6", [YES, None, None, YES, NO, YES])


def test_the_missing_rule_says_how_far_it_is_verified() -> None:
    rule = get_instrument("djg6").scoring.missing
    assert rule.max_missing_total == 1
    assert rule.total_when_missing == "sum_answered"
    assert rule.source is not None
    assert rule.source.confidence == "unverified"


@pytest.mark.parametrize("bad", [0, 4])
def test_an_answer_outside_1_to_3_is_rejected_naming_the_item(bad: int) -> None:
    with pytest.raises(OutOfRangeError, match=rf"djg6 item q3: answer {bad} is not one of") as err:
        score("djg6", [YES, YES, bad, NO, YES, NO])
    assert err.value.item == "q3"
