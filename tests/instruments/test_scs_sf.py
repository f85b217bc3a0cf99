"""SCS-SF: 12 items 1-5, items 1, 4, 8, 9, 11, 12 reversed (6 - value), total = mean (1-5).

Informal bands 1-2.49 low / 2.5-3.5 moderate / 3.51-5 high. Subscales are 2-item means whose use
the author advises against; the negative ones are reported on the raw answers.
"""

from __future__ import annotations

import pytest

from samen.instruments.errors import OutOfRangeError
from samen.instruments.scoring import score

# item order:     1  2  3  4  5  6  7  8  9 10 11 12   (reverse: 1, 4, 8, 9, 11, 12)
LOWEST = [5, 1, 1, 5, 1, 1, 1, 5, 5, 1, 5, 5]
HIGHEST = [1, 5, 5, 1, 5, 5, 5, 1, 1, 5, 1, 1]


def test_lowest_self_compassion_scores_one() -> None:
    # positive items 1 (6 x 1); reverse items 5 -> 6-5 = 1 (6 x 1); mean 12/12 = 1
    result = score("scs_sf", LOWEST)
    assert result.total == 1
    assert result.total_range == (1, 5)
    assert result.band is not None
    assert result.band.key == "low"


def test_highest_self_compassion_scores_five() -> None:
    # positive items 5 (6 x 5 = 30); reverse items 1 -> 6-1 = 5 (30); mean 60/12 = 5
    result = score("scs_sf", HIGHEST)
    assert result.total == 5
    assert result.band is not None
    assert result.band.key == "high"


def test_a_mixed_answer_set_and_its_subscales() -> None:
    answers = [2, 4, 3, 5, 4, 5, 3, 1, 2, 3, 4, 5]
    # after reversal: q1 6-2=4, q2 4, q3 3, q4 6-5=1, q5 4, q6 5, q7 3, q8 6-1=5, q9 6-2=4,
    # q10 3, q11 6-4=2, q12 6-5=1; sum 4+4+3+1+4+5+3+5+4+3+2+1 = 39; mean 39/12 = 3.25
    result = score("scs_sf", answers)
    assert result.total == pytest.approx(3.25)
    assert result.band is not None
    assert result.band.key == "moderate"
    values = {key: sub.value for key, sub in result.subscales.items()}
    assert values == {
        "self_kindness": 4.5,  # q2, q6: (4 + 5) / 2
        "self_judgment": 4.5,  # raw, as published: q11, q12: (4 + 5) / 2
        "common_humanity": 3.5,  # q5, q10: (4 + 3) / 2
        "isolation": 3.0,  # raw: q4, q8: (5 + 1) / 2
        "mindfulness": 3.0,  # q3, q7: (3 + 3) / 2
        "over_identification": 2.0,  # raw: q1, q9: (2 + 2) / 2
    }


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        # all 3 = sum 36; q2, q3, q5 -> 1 (-6) = 30; q1 -> 4, reversed 2 (-1) = 29; 29/12
        ([4, 1, 1, 3, 1, 3, 3, 3, 3, 3, 3, 3], 29 / 12, "low"),  # 2.4167
        ([3, 1, 1, 3, 1, 3, 3, 3, 3, 3, 3, 3], 2.5, "moderate"),  # 30/12
        # q2, q3, q5 -> 5 (+6) = 42; q12 -> 2, reversed 4 (+1) = 43
        ([3, 5, 5, 3, 5, 3, 3, 3, 3, 3, 3, 3], 3.5, "moderate"),  # 42/12
        ([3, 5, 5, 3, 5, 3, 3, 3, 3, 3, 3, 2], 43 / 12, "high"),  # 3.5833
    ],
)
def test_band_boundaries(answers: list[int], total: float, band: str) -> None:
    result = score("scs_sf", answers)
    assert result.total == pytest.approx(total, abs=1e-4)
    assert result.band is not None
    assert result.band.key == band


def test_every_subscale_warns_that_it_is_not_recommended() -> None:
    result = score("scs_sf", [3] * 12)
    warned = [w for w in result.warnings if w.code == "subscale_not_recommended"]
    assert len(warned) == 6
    assert all(sub.status == "not_recommended" for sub in result.subscales.values())


def test_an_answer_outside_1_to_5_is_rejected_naming_the_item() -> None:
    answers = [3] * 12
    answers[10] = 6
    with pytest.raises(OutOfRangeError, match=r"scs_sf item q11: answer 6 is not one of") as err:
        score("scs_sf", answers)
    assert err.value.item == "q11"
