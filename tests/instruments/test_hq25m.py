"""HQ-25M: the HQ-25 items and rule over the past month (Kato et al. 2022).

25 items 0-4, items 4, 7, 10, 15, 21 and 25 reversed (4 - answer), total 0-100; subscales as
the HQ-25 (provisional). No validated cut-off: the score is dimensional by default, and the
HQ-25 lab value 44 is available only by id (``lab_hq25``). Expected values worked out by hand.
"""

from __future__ import annotations

import pytest

from samen.instruments.errors import InvalidCutoffError, OutOfRangeError
from samen.instruments.registry import get_instrument
from samen.instruments.scoring import score

REVERSED = {4, 7, 10, 15, 21, 25}


def _from_zero(**raised: int) -> list[int]:
    """Answers that score 0 on every item (0 on plain items, 4 on reversed ones), then the
    given raw answers, e.g. ``q1=4``."""
    answers = [4 if n in REVERSED else 0 for n in range(1, 26)]
    for item_id, value in raised.items():
        answers[int(item_id.removeprefix("q")) - 1] = value
    return answers


FORTY = {"q1": 4, "q2": 4, "q3": 4, "q5": 4, "q6": 4, "q8": 4, "q9": 4, "q11": 4, "q12": 4,
         "q13": 4}  # ten plain items at 4 = 40


def test_time_frame_is_one_month() -> None:
    inst = get_instrument("hq25m")
    assert inst.time_frame.en == "Past month"
    assert inst.default_cutoff is None


def test_all_raw_zero_and_all_raw_four() -> None:
    low = score("hq25m", [0] * 25)
    high = score("hq25m", [4] * 25)
    assert low.total == 24  # 6 reversed items x (4 - 0) = 24
    assert high.total == 76  # 19 plain items x 4 = 76; reversed items 4 - 4 = 0
    assert score("hq25m", _from_zero()).total == 0
    assert score("hq25m", [0 if n in REVERSED else 4 for n in range(1, 26)]).total == 100


# Raw answers for items 1..25, and what each contributes after reversal (R = reversed):
#   1:4->4  2:3->3  3:2->2  4R:1->3  5:1->1  6:0->0  7R:0->4  8:4->4  9:3->3  10R:1->3
#  11:2->2 12:1->1 13:0->0 14:4->4 15R:0->4 16:3->3 17:2->2 18:1->1 19:0->0  20:4->4
#  21R:1->3 22:3->3 23:2->2 24:1->1 25R:0->4
MIXED = [4, 3, 2, 1, 1, 0, 0, 4, 3, 1, 2, 1, 0, 4, 0, 3, 2, 1, 0, 4, 1, 3, 2, 1, 0]


def test_mixed_answers_apply_the_reverse_key() -> None:
    result = score("hq25m", MIXED)
    # 4+3+2+3+1 = 13; +0+4+4+3+3 = 27; +2+1+0+4+4 = 38; +3+2+1+0+4 = 48; +3+3+2+1+4 = 61.
    # (Without reversal the raw sum would be 43: the reversed items add 21 instead of 3.)
    assert result.total == 61


def test_mixed_answers_give_the_subscale_sums() -> None:
    subs = score("hq25m", MIXED).subscales
    # Socialization 1,4,6,8,11,13,15,18,20,23,25: 4+3+0+4+2+0+4+1+4+2+4 = 28.
    assert subs["socialization"].value == 28
    # Isolation 2,5,9,12,16,19,22,24: 3+1+3+1+3+0+3+1 = 15.
    assert subs["isolation"].value == 15
    # Emotional support 3,7,10,14,17,21: 2+4+3+4+2+3 = 18. Check: 28 + 15 + 18 = 61.
    assert subs["emotional_support"].value == 18


def test_every_subscale_is_flagged_provisional() -> None:
    codes = [w.code for w in score("hq25m", MIXED).warnings]
    assert codes.count("subscale_provisional") == 3


def test_without_a_cutoff_the_score_is_dimensional() -> None:
    result = score("hq25m", MIXED)
    assert result.cutoff_used is None
    assert result.above_cutoff is None
    assert result.band is None
    assert "dimensional" in result.interpretation.en
    assert [c.id for c in result.cutoffs] == ["lab_hq25"]
    assert result.cutoffs[0].met is True  # 61 >= 44, reported but not used


@pytest.mark.parametrize(
    ("raised", "total", "positive"),
    [
        ({**FORTY, "q14": 3}, 43, False),  # 40 + 3 = 43 < 44
        ({**FORTY, "q14": 4}, 44, True),  # 40 + 4 = 44
        ({**FORTY, "q14": 4, "q16": 1}, 45, True),  # 40 + 4 + 1 = 45
    ],
)
def test_hq25_lab_value_on_request(raised: dict[str, int], total: int, positive: bool) -> None:
    result = score("hq25m", _from_zero(**raised), cutoff="lab_hq25")
    assert result.total == total
    assert result.above_cutoff is positive
    assert result.cutoff_used is not None
    assert result.cutoff_used.threshold == 44
    assert "not validated for the HQ-25M" in result.interpretation.en
    assert "niet gevalideerd voor de HQ-25M" in result.interpretation.nl


def test_hq25_lab_value_is_marked_unverified() -> None:
    cut = get_instrument("hq25m").cutoff("lab_hq25")
    assert cut is not None
    assert cut.default is False
    assert cut.source.confidence == "unverified"


def test_custom_cutoff_is_used_and_warned_about() -> None:
    result = score("hq25m", MIXED, cutoff=62)
    assert result.above_cutoff is False  # 61 < 62
    assert result.cutoff_used is not None
    assert result.cutoff_used.custom is True
    assert any(w.code == "custom_cutoff" for w in result.warnings)
    with pytest.raises(InvalidCutoffError, match="outside the possible scores 0-100"):
        score("hq25m", MIXED, cutoff=-1)


def test_answers_by_item_id_match_answers_in_order() -> None:
    by_id = {f"q{n}": value for n, value in enumerate(MIXED, start=1)}
    assert score("hq25m", by_id).model_dump() == score("hq25m", MIXED).model_dump()


def test_out_of_range_answer_names_the_item() -> None:
    with pytest.raises(OutOfRangeError, match="hq25m item q7: answer -1 is not one of"):
        score("hq25m", [0] * 6 + [-1] + [0] * 18)
