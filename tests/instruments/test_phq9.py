"""PHQ-9: nine items 0-3, total 0-27, bands 0-4 / 5-9 / 10-14 / 15-19 / 20-27, cut-off 10.

Expected values are worked out by hand from the published rule (Kroenke, Spitzer & Williams
2001): the total is the plain sum of the nine answers; there are no reverse items. Any answer
above 0 on item 9 raises a safety alert, whatever the total.
"""

from __future__ import annotations

import pytest

from samen.instruments.errors import MissingAnswerError, OutOfRangeError, UnknownItemError
from samen.instruments.registry import get_instrument
from samen.instruments.scoring import score


def test_all_minimum_answers_give_zero_and_minimal() -> None:
    result = score("phq9", [0] * 9)
    assert result.total == 0  # 9 x 0
    assert result.total_range == (0, 27)
    assert result.band is not None
    assert result.band.key == "minimal"
    assert result.above_cutoff is False
    assert result.alerts == ()


def test_all_maximum_answers_give_twenty_seven_and_severe() -> None:
    result = score("phq9", [3] * 9)
    assert result.total == 27  # 9 x 3
    assert result.band is not None
    assert result.band.key == "severe"
    assert result.above_cutoff is True


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "minimal"),  # 4 x 1 = 4, top of 0-4
        ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "mild"),  # 5 x 1 = 5, bottom of 5-9
        ([1, 1, 1, 1, 1, 1, 0, 0, 0], 6, "mild"),  # 6 x 1 = 6
        ([2, 2, 2, 1, 1, 1, 0, 0, 0], 9, "mild"),  # 3 x 2 + 3 x 1 = 9, top of 5-9
        ([2, 2, 2, 2, 1, 1, 0, 0, 0], 10, "moderate"),  # 4 x 2 + 2 x 1 = 10, bottom of 10-14
        ([2, 2, 2, 2, 2, 1, 0, 0, 0], 11, "moderate"),  # 5 x 2 + 1 = 11
        ([2, 2, 2, 2, 2, 2, 2, 0, 0], 14, "moderate"),  # 7 x 2 = 14, top of 10-14
        ([3, 2, 2, 2, 2, 2, 2, 0, 0], 15, "moderately_severe"),  # 3 + 6 x 2 = 15
        ([3, 3, 2, 2, 2, 2, 2, 0, 0], 16, "moderately_severe"),  # 2 x 3 + 5 x 2 = 16
        ([3, 3, 3, 3, 3, 2, 2, 0, 0], 19, "moderately_severe"),  # 5 x 3 + 2 x 2 = 19, top
        ([3, 3, 3, 3, 3, 3, 2, 0, 0], 20, "severe"),  # 6 x 3 + 2 = 20, bottom of 20-27
        ([3, 3, 3, 3, 3, 3, 3, 0, 0], 21, "severe"),  # 7 x 3 = 21
    ],
)
def test_band_boundaries(answers: list[int], total: int, band: str) -> None:
    result = score("phq9", answers)
    assert result.total == total
    assert result.band is not None
    assert result.band.key == band


@pytest.mark.parametrize(
    ("answers", "positive"),
    [
        ([2, 2, 2, 1, 1, 1, 0, 0, 0], False),  # 9 < 10
        ([2, 2, 2, 2, 1, 1, 0, 0, 0], True),  # 10 >= 10
        ([2, 2, 2, 2, 2, 1, 0, 0, 0], True),  # 11 >= 10
    ],
)
def test_default_cutoff_10(answers: list[int], positive: bool) -> None:
    result = score("phq9", answers)
    assert result.cutoff_used is not None
    assert result.cutoff_used.id == "kroenke2001"
    assert result.above_cutoff is positive


def test_custom_cutoff_is_used_and_warned_about() -> None:
    result = score("phq9", [2, 2, 2, 2, 1, 1, 0, 0, 0], cutoff=11)  # 10 < 11
    assert result.above_cutoff is False
    assert result.cutoff_used is not None
    assert result.cutoff_used.custom is True
    assert any(w.code == "custom_cutoff" for w in result.warnings)


def test_item_9_above_zero_raises_a_safety_alert_even_at_a_low_total() -> None:
    result = score("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert result.total == 1  # only item 9 = 1
    assert result.band is not None
    assert result.band.key == "minimal"
    assert [(a.code, a.item) for a in result.alerts] == [("self_harm_item", "q9")]
    assert "safety protocol" in result.alerts[0].message.en


def test_item_9_at_zero_raises_no_alert_even_at_a_high_total() -> None:
    result = score("phq9", [3, 3, 3, 3, 3, 3, 3, 3, 0])
    assert result.total == 24  # 8 x 3
    assert result.alerts == ()


def test_answers_by_item_id_match_answers_in_order() -> None:
    answers = [0, 1, 2, 3, 0, 1, 2, 3, 1]  # 0+1+2+3+0+1+2+3+1 = 13
    by_id = {f"q{n}": value for n, value in enumerate(answers, start=1)}
    in_order = score("phq9", answers)
    assert in_order.total == 13
    assert score("phq9", by_id).model_dump() == in_order.model_dump()


def test_loinc_codes_follow_the_published_order() -> None:
    inst = get_instrument("phq9")
    assert (inst.loinc_panel, inst.loinc_total) == ("44249-1", "44261-6")
    assert [i.loinc for i in inst.items] == [
        "44250-9", "44255-8", "44259-0", "44254-1", "44251-7",
        "44258-2", "44252-5", "44253-3", "44260-8",
    ]


def test_bad_answers_name_the_item() -> None:
    with pytest.raises(OutOfRangeError, match="phq9 item q3: answer 4 is not one of the options 0, 1, 2, 3"):
        score("phq9", [0, 0, 4, 0, 0, 0, 0, 0, 0])
    with pytest.raises(MissingAnswerError, match="phq9 item q9: is unanswered"):
        score("phq9", {f"q{n}": 0 for n in range(1, 9)})
    with pytest.raises(UnknownItemError, match="phq9 item q10: is not an item of PHQ-9"):
        score("phq9", {**{f"q{n}": 0 for n in range(1, 10)}, "q10": 0})
