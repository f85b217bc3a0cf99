"""PHQ-A (PHQ-9 modified for adolescents, 13-17): nine items 0-3, total 0-27, cut-off 11.

Expected values are worked out by hand from the published rule: the total is the plain sum of
the nine answers (no reverse items), the severity bands are the PHQ-9 bands 0-4 / 5-9 / 10-14 /
15-19 / 20-27, and the adolescent screening cut-off is 11 (Richardson et al. 2010). Any answer
above 0 on item 9 raises a safety alert.
"""

from __future__ import annotations

import pytest

from samen.instruments.errors import OutOfRangeError, WrongAnswerCountError
from samen.instruments.registry import get_instrument
from samen.instruments.scoring import score


def test_all_minimum_answers_give_zero_and_minimal() -> None:
    result = score("phqa", [0] * 9)
    assert result.total == 0  # 9 x 0
    assert result.band is not None
    assert result.band.key == "minimal"
    assert result.above_cutoff is False
    assert result.alerts == ()


def test_all_maximum_answers_give_twenty_seven_and_severe() -> None:
    result = score("phqa", [3] * 9)
    assert result.total == 27  # 9 x 3
    assert result.band is not None
    assert result.band.key == "severe"
    assert result.above_cutoff is True
    assert [a.item for a in result.alerts] == ["q9"]


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
    result = score("phqa", answers)
    assert result.total == total
    assert result.band is not None
    assert result.band.key == band


@pytest.mark.parametrize(
    ("answers", "positive"),
    [
        ([2, 2, 2, 2, 1, 1, 0, 0, 0], False),  # 10 < 11: below the adolescent cut-off
        ([2, 2, 2, 2, 2, 1, 0, 0, 0], True),  # 11 >= 11
        ([2, 2, 2, 2, 2, 2, 0, 0, 0], True),  # 6 x 2 = 12 >= 11
    ],
)
def test_default_cutoff_11(answers: list[int], positive: bool) -> None:
    result = score("phqa", answers)
    assert result.cutoff_used is not None
    assert result.cutoff_used.id == "richardson2010"
    assert result.cutoff_used.threshold == 11
    assert result.above_cutoff is positive


def test_a_total_of_10_is_moderate_but_below_the_adolescent_cutoff() -> None:
    result = score("phqa", [2, 2, 2, 2, 1, 1, 0, 0, 0])  # 4 x 2 + 2 x 1 = 10
    assert result.band is not None
    assert result.band.key == "moderate"
    assert result.above_cutoff is False
    assert "Below the adolescent depression screening cut-off (11)" in result.interpretation.en


def test_custom_cutoff_is_used_and_warned_about() -> None:
    result = score("phqa", [2, 2, 2, 2, 1, 1, 0, 0, 0], cutoff=10)  # 10 >= 10
    assert result.above_cutoff is True
    assert result.cutoff_used is not None
    assert result.cutoff_used.custom is True
    assert any(w.code == "custom_cutoff" for w in result.warnings)


def test_item_9_above_zero_raises_a_safety_alert() -> None:
    result = score("phqa", [0, 0, 0, 0, 0, 0, 0, 0, 2])
    assert result.total == 2  # only item 9 = 2
    assert [(a.code, a.item) for a in result.alerts] == [("self_harm_item", "q9")]
    assert "veiligheidsprotocol" in result.alerts[0].message.nl


def test_item_9_at_zero_raises_no_alert() -> None:
    assert score("phqa", [3, 3, 3, 3, 3, 3, 3, 3, 0]).alerts == ()  # total 8 x 3 = 24


def test_answers_by_item_id_match_answers_in_order() -> None:
    answers = [3, 0, 2, 1, 3, 0, 2, 1, 0]  # 3+0+2+1+3+0+2+1+0 = 12
    by_id = {f"q{n}": value for n, value in enumerate(answers, start=1)}
    in_order = score("phqa", answers)
    assert in_order.total == 12
    assert score("phqa", by_id).model_dump() == in_order.model_dump()


def test_age_range_and_no_loinc_codes() -> None:
    inst = get_instrument("phqa")
    assert (inst.age_min, inst.age_max) == (13, 17)
    # LOINC 89204-2 is unverified, so no panel, total or item codes are shipped.
    assert inst.loinc_panel is None
    assert inst.loinc_total is None
    assert all(item.loinc is None for item in inst.items)


def test_item_2_names_irritability() -> None:
    item = get_instrument("phqa").item("q2")
    assert "irritable" in item.text.en
    assert "prikkelbaar" in item.text.nl


def test_bad_answers_name_the_item() -> None:
    with pytest.raises(OutOfRangeError, match="phqa item q1: answer 7 is not one of the options"):
        score("phqa", [7, 0, 0, 0, 0, 0, 0, 0, 0])
    with pytest.raises(WrongAnswerCountError, match="expected 9 answers in item order, got 10"):
        score("phqa", [0] * 10)
