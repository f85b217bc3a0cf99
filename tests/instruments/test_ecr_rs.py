"""ECR-RS (one target): no total; avoidance = mean of items 1-6 with 1-4 reversed (8 - value);
anxiety = mean of items 7-9. Midpoint bands (assumption): 1-3.99 none, 4-7 elevated."""

from __future__ import annotations

import pytest

from samen.instruments.errors import OutOfRangeError
from samen.instruments.registry import get_instrument
from samen.instruments.scoring import score


def test_lowest_answers_give_one_on_both_dimensions() -> None:
    # q1-q4 = 7 reversed to 8-7 = 1; q5, q6 = 1: avoidance 6/6 = 1; anxiety (1+1+1)/3 = 1
    result = score("ecr_rs", [7, 7, 7, 7, 1, 1, 1, 1, 1])
    assert result.subscales["avoidance"].value == 1
    assert result.subscales["anxiety"].value == 1


def test_highest_answers_give_seven_on_both_dimensions() -> None:
    # q1-q4 = 1 reversed to 8-1 = 7; q5, q6 = 7: avoidance 42/6 = 7; anxiety 21/3 = 7
    result = score("ecr_rs", [1, 1, 1, 1, 7, 7, 7, 7, 7])
    assert result.subscales["avoidance"].value == 7
    assert result.subscales["anxiety"].value == 7


def test_there_is_no_total() -> None:
    result = score("ecr_rs", [4] * 9)
    assert result.total is None
    assert result.total_range is None
    assert result.band is None


def test_a_mixed_answer_set_reverses_items_one_to_four() -> None:
    # q1 8-6=2, q2 8-5=3, q3 8-4=4, q4 8-3=5, q5 2, q6 1: avoidance 17/6 = 2.8333
    # anxiety (2 + 4 + 6) / 3 = 4
    result = score("ecr_rs", [6, 5, 4, 3, 2, 1, 2, 4, 6])
    avoidance = result.subscales["avoidance"]
    anxiety = result.subscales["anxiety"]
    assert avoidance.value == pytest.approx(17 / 6, abs=1e-4)
    assert anxiety.value == 4
    assert avoidance.band is not None
    assert avoidance.band.risk == "none"
    assert anxiety.band is not None
    assert anxiety.band.risk == "elevated"


@pytest.mark.parametrize(
    ("answers", "value", "risk"),
    [
        # all 4 (reversed 4 too) = 24/6 = 4; q5 3 -> 23/6 = 3.8333; q5 5 -> 25/6 = 4.1667
        ([4, 4, 4, 4, 3, 4, 4, 4, 4], 23 / 6, "none"),
        ([4, 4, 4, 4, 4, 4, 4, 4, 4], 4.0, "elevated"),
        ([4, 4, 4, 4, 5, 4, 4, 4, 4], 25 / 6, "elevated"),
        # q1 raw 5 reversed to 3 lowers the sum: 23/6
        ([5, 4, 4, 4, 4, 4, 4, 4, 4], 23 / 6, "none"),
    ],
)
def test_avoidance_midpoint_boundary(answers: list[int], value: float, risk: str) -> None:
    sub = score("ecr_rs", answers).subscales["avoidance"]
    assert sub.value == pytest.approx(value, abs=1e-4)
    assert sub.band is not None
    assert sub.band.risk == risk


@pytest.mark.parametrize(
    ("anxiety_answers", "value", "risk"),
    [
        ([4, 4, 3], 11 / 3, "none"),  # 3.6667
        ([4, 4, 4], 4.0, "elevated"),
        ([4, 4, 5], 13 / 3, "elevated"),  # 4.3333
    ],
)
def test_anxiety_midpoint_boundary(anxiety_answers: list[int], value: float, risk: str) -> None:
    sub = score("ecr_rs", [4] * 6 + anxiety_answers).subscales["anxiety"]
    assert sub.value == pytest.approx(value, abs=1e-4)
    assert sub.band is not None
    assert sub.band.risk == risk


def test_subscales_are_validated_attachment_scores_with_assumed_bands() -> None:
    inst = get_instrument("ecr_rs")
    for sub_id in ("avoidance", "anxiety"):
        sub = inst.subscale(sub_id)
        assert sub is not None
        assert sub.status == "validated"
        assert sub.roots == ("attachment",)
        assert all(band.source.confidence == "assumption" for band in sub.bands)


def test_an_answer_outside_1_to_7_is_rejected_naming_the_item() -> None:
    with pytest.raises(OutOfRangeError, match=r"ecr_rs item q8: answer 8 is not one of") as err:
        score("ecr_rs", [4, 4, 4, 4, 4, 4, 4, 8, 4])
    assert err.value.item == "q8"
