"""RSES: 10 items scored 0-3, items 2, 5, 6, 8, 9 reversed (3 - value), total 0-30.

No bands and no default cut-off; the '<15 = low' convention is the non-default cut-off
``low_convention`` (<= 14).
"""

from __future__ import annotations

import pytest

from samen.instruments.errors import MissingAnswerError, OutOfRangeError
from samen.instruments.registry import get_instrument
from samen.instruments.scoring import score

SD, D, A, SA = 0, 1, 2, 3
# item order:  1   2   3   4   5   6   7   8   9   10   (reverse: 2, 5, 6, 8, 9)
LOWEST = [SD, SA, SD, SD, SA, SA, SD, SA, SA, SD]
HIGHEST = [SA, SD, SA, SA, SD, SD, SA, SD, SD, SA]


def test_lowest_self_esteem_scores_zero() -> None:
    # positive items SD = 0 (5 x 0); negative items SA = 3 reversed to 3-3 = 0 (5 x 0); total 0
    result = score("rses", LOWEST)
    assert result.total == 0
    assert result.total_range == (0, 30)


def test_highest_self_esteem_scores_thirty() -> None:
    # positive items SA = 3 (5 x 3 = 15); negative items SD = 0 reversed to 3 (5 x 3 = 15); 30
    assert score("rses", HIGHEST).total == 30


def test_reverse_items_in_a_mixed_answer_set() -> None:
    # all "agree" (2): positive 5 x 2 = 10; negative reversed 3-2 = 1, 5 x 1 = 5; total 15
    assert score("rses", [A] * 10).total == 15
    # all "strongly disagree" (0): positive 5 x 0 = 0; negative reversed 3-0 = 3, 5 x 3 = 15
    assert score("rses", [SD] * 10).total == 15
    # q1 SA=3, q2 D->3-1=2, q3 A=2, q4 D=1, q5 A->3-2=1, q6 SA->0, q7 A=2, q8 SD->3,
    # q9 D->2, q10 A=2: 3+2+2+1+1+0+2+3+2+2 = 18
    assert score("rses", [SA, D, A, D, A, SA, A, SD, D, A]).total == 18


def test_there_is_no_band_and_no_default_cut_off() -> None:
    result = score("rses", [A] * 10)
    assert result.band is None
    assert result.cutoff_used is None
    assert result.above_cutoff is None
    assert get_instrument("rses").bands == ()


@pytest.mark.parametrize(
    ("answers", "total", "met"),
    [
        # all agree = 15 (see above); q1 D instead of A: 15 - 1 = 14; q1, q3 D: 15 - 2 = 13
        ([D, A, D, A, A, A, A, A, A, A], 13, True),
        ([D, A, A, A, A, A, A, A, A, A], 14, True),
        ([A] * 10, 15, False),
        # q1 SA instead of A: 15 + 1 = 16
        ([SA, A, A, A, A, A, A, A, A, A], 16, False),
    ],
)
def test_low_convention_cut_off_means_below_15(answers: list[int], total: int, met: bool) -> None:
    result = score("rses", answers, cutoff="low_convention")
    assert result.total == total
    assert result.above_cutoff is met
    assert result.cutoff_used is not None
    assert result.cutoff_used.direction == "<="
    assert result.cutoff_used.threshold == 14
    assert result.cutoff_used.custom is False


def test_the_convention_is_marked_secondary_and_not_default() -> None:
    cut = get_instrument("rses").cutoff("low_convention")
    assert cut is not None
    assert cut.default is False
    assert cut.source.confidence == "secondary"


def test_the_1_to_4_coding_is_rejected_naming_the_item() -> None:
    # 4 belongs to the other circulating coding (1-4, total 10-40)
    answers = [A] * 10
    answers[6] = 4
    with pytest.raises(OutOfRangeError, match=r"rses item q7: answer 4 is not one of") as err:
        score("rses", answers)
    assert err.value.item == "q7"


def test_every_item_must_be_answered() -> None:
    answers: list[int | None] = [A] * 10
    answers[9] = None
    with pytest.raises(MissingAnswerError, match=r"rses item q10"):
        score("rses", answers)
