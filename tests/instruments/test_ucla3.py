"""UCLA-3: sum of 3 items scored 1-3; 3-5 not lonely, 6-9 lonely."""

from __future__ import annotations

import pytest

from samen.instruments.errors import MissingAnswerError, OutOfRangeError
from samen.instruments.scoring import score


def test_all_hardly_ever_scores_three() -> None:
    # 1 + 1 + 1 = 3
    result = score("ucla3", [1, 1, 1])
    assert result.total == 3
    assert result.total_range == (3, 9)
    assert result.band is not None
    assert result.band.key == "not_lonely"
    assert result.band.risk == "none"


def test_all_often_scores_nine() -> None:
    # 3 + 3 + 3 = 9
    result = score("ucla3", [3, 3, 3])
    assert result.total == 9
    assert result.band is not None
    assert result.band.key == "lonely"
    assert result.band.risk == "elevated"


def test_a_mixed_answer_set_has_no_reverse_items() -> None:
    # 3 + 2 + 1 = 6 (no reverse items: the order of answers does not matter)
    assert score("ucla3", [3, 2, 1]).total == 6
    assert score("ucla3", [1, 2, 3]).total == 6


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([1, 2, 1], 4, "not_lonely"),  # 1+2+1 = 4, one below the boundary's top
        ([1, 2, 2], 5, "not_lonely"),  # 1+2+2 = 5, top of 3-5
        ([2, 2, 2], 6, "lonely"),  # 2+2+2 = 6, bottom of 6-9
        ([3, 2, 2], 7, "lonely"),  # 3+2+2 = 7, one above
    ],
)
def test_band_boundaries(answers: list[int], total: int, band: str) -> None:
    result = score("ucla3", answers)
    assert result.total == total
    assert result.band is not None
    assert result.band.key == band


def test_a_five_point_answer_is_rejected_naming_the_item() -> None:
    # 4 exists only in the 5-point variants, which must not be mixed in
    with pytest.raises(OutOfRangeError, match=r"ucla3 item q2: answer 4 is not one of") as err:
        score("ucla3", [1, 4, 1])
    assert err.value.item == "q2"


def test_zero_is_rejected_naming_the_item() -> None:
    with pytest.raises(OutOfRangeError, match=r"ucla3 item q1: answer 0"):
        score("ucla3", {"q1": 0, "q2": 1, "q3": 1})


def test_every_item_must_be_answered() -> None:
    with pytest.raises(MissingAnswerError, match=r"ucla3 item q3: is unanswered"):
        score("ucla3", [1, 2, None])
