"""GAD-7: seven items 0-3, total 0-21, bands 0-4 / 5-9 / 10-14 / 15-21, cut-off 10.

Expected values are worked out by hand from the published rule (Spitzer et al. 2006): the total
is the plain sum of the seven answers; there are no reverse items.
"""

from __future__ import annotations

import pytest

from samen.instruments.errors import InvalidAnswerTypeError, MissingAnswerError
from samen.instruments.registry import get_instrument
from samen.instruments.scoring import score


def test_all_minimum_answers_give_zero_and_minimal() -> None:
    result = score("gad7", [0] * 7)
    assert result.total == 0  # 7 x 0
    assert result.total_range == (0, 21)
    assert result.band is not None
    assert result.band.key == "minimal"
    assert result.band.risk == "none"
    assert result.above_cutoff is False


def test_all_maximum_answers_give_twenty_one_and_severe() -> None:
    result = score("gad7", [3] * 7)
    assert result.total == 21  # 7 x 3
    assert result.band is not None
    assert result.band.key == "severe"
    assert result.band.risk == "high"
    assert result.above_cutoff is True
    assert result.alerts == ()


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([1, 1, 1, 1, 0, 0, 0], 4, "minimal"),  # 4 x 1 = 4, top of 0-4
        ([1, 1, 1, 1, 1, 0, 0], 5, "mild"),  # 5 x 1 = 5, bottom of 5-9
        ([1, 1, 1, 1, 1, 1, 0], 6, "mild"),  # 6 x 1 = 6
        ([2, 2, 1, 1, 1, 1, 1], 9, "mild"),  # 2 x 2 + 5 x 1 = 9, top of 5-9
        ([2, 2, 2, 1, 1, 1, 1], 10, "moderate"),  # 3 x 2 + 4 x 1 = 10, bottom of 10-14
        ([2, 2, 2, 2, 1, 1, 1], 11, "moderate"),  # 4 x 2 + 3 x 1 = 11
        ([2, 2, 2, 2, 2, 2, 2], 14, "moderate"),  # 7 x 2 = 14, top of 10-14
        ([3, 2, 2, 2, 2, 2, 2], 15, "severe"),  # 3 + 6 x 2 = 15, bottom of 15-21
        ([3, 3, 2, 2, 2, 2, 2], 16, "severe"),  # 2 x 3 + 5 x 2 = 16
    ],
)
def test_band_boundaries(answers: list[int], total: int, band: str) -> None:
    result = score("gad7", answers)
    assert result.total == total
    assert result.band is not None
    assert result.band.key == band


@pytest.mark.parametrize(
    ("answers", "positive"),
    [
        ([2, 2, 1, 1, 1, 1, 1], False),  # 9 < 10
        ([2, 2, 2, 1, 1, 1, 1], True),  # 10 >= 10
        ([2, 2, 2, 2, 1, 1, 1], True),  # 11 >= 10
    ],
)
def test_default_cutoff_10(answers: list[int], positive: bool) -> None:
    result = score("gad7", answers)
    assert result.cutoff_used is not None
    assert result.cutoff_used.id == "spitzer2006"
    assert result.above_cutoff is positive


def test_custom_cutoff_is_used_and_warned_about() -> None:
    result = score("gad7", [2, 2, 1, 1, 1, 1, 1], cutoff=8)  # 9 >= 8
    assert result.above_cutoff is True
    assert result.cutoff_used is not None
    assert result.cutoff_used.custom is True
    assert any(w.code == "custom_cutoff" for w in result.warnings)


def test_answers_by_item_id_match_answers_in_order() -> None:
    answers = [3, 1, 0, 2, 3, 1, 2]  # 3+1+0+2+3+1+2 = 12
    by_id = {f"q{n}": value for n, value in enumerate(answers, start=1)}
    in_order = score("gad7", answers)
    assert in_order.total == 12
    assert in_order.band is not None
    assert in_order.band.key == "moderate"
    assert score("gad7", by_id).model_dump() == in_order.model_dump()


def test_loinc_codes_follow_the_published_order() -> None:
    inst = get_instrument("gad7")
    assert (inst.loinc_panel, inst.loinc_total) == ("69737-5", "70274-6")
    assert [i.loinc for i in inst.items] == [
        "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7",
    ]
    codes = [o.code for o in inst.options_for(inst.items[0]).options]
    assert codes == ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]


def test_bad_answers_name_the_item() -> None:
    with pytest.raises(InvalidAnswerTypeError, match="gad7 item q2: answer '1' is not a whole"):
        score("gad7", [0, "1", 0, 0, 0, 0, 0])  # type: ignore[list-item]
    with pytest.raises(MissingAnswerError, match="gad7 item q5: is unanswered"):
        score("gad7", [0, 0, 0, 0, None, 0, 0])
