"""HQ-25: 25 items 0-4, items 4, 7, 10, 15, 21 and 25 reversed (4 - answer), total 0-100.

Expected values are worked out by hand from the published rule (Teo et al. 2018; reverse key
from the lab's instructions) and from the subscale membership in the evidence addendum:
Socialization 1,4,6,8,11,13,15,18,20,23,25; Isolation 2,5,9,12,16,19,22,24; Emotional support
3,7,10,14,17,21. Cut-offs: 42 (paper, default) and 44 (lab site).
"""

from __future__ import annotations

import pytest

from samen.instruments.errors import (
    InvalidCutoffError,
    MissingAnswerError,
    OutOfRangeError,
    WrongAnswerCountError,
)
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


def _total(target: int) -> list[int]:
    """40 from FORTY plus the rest (0-8) on plain items 14 and then 16, e.g. 45 = 40 + 4 + 1."""
    rest = target - 40
    return _from_zero(**FORTY, q14=min(rest, 4), q16=max(rest - 4, 0))


def test_all_raw_zero_scores_the_reversed_items_only() -> None:
    result = score("hq25", [0] * 25)
    # Plain items 0; each of the 6 reversed items scores 4 - 0 = 4: 6 x 4 = 24.
    assert result.total == 24
    assert result.total_range == (0, 100)
    # Socialization reversed items 4, 15, 25: 3 x 4 = 12; Isolation has none: 0;
    # Emotional support reversed items 7, 10, 21: 3 x 4 = 12.
    assert result.subscales["socialization"].value == 12
    assert result.subscales["isolation"].value == 0
    assert result.subscales["emotional_support"].value == 12
    assert result.above_cutoff is False  # 24 < 42


def test_all_raw_four_scores_the_plain_items_only() -> None:
    result = score("hq25", [4] * 25)
    # 19 plain items x 4 = 76; reversed items score 4 - 4 = 0.
    assert result.total == 76
    # Socialization: 8 plain items x 4 = 32; Isolation: 8 x 4 = 32; Emotional support: 3 x 4 = 12.
    assert result.subscales["socialization"].value == 32
    assert result.subscales["isolation"].value == 32
    assert result.subscales["emotional_support"].value == 12
    assert result.above_cutoff is True


def test_lowest_and_highest_possible_scores() -> None:
    assert score("hq25", _from_zero()).total == 0
    highest = [0 if n in REVERSED else 4 for n in range(1, 26)]
    assert score("hq25", highest).total == 100  # 25 x 4


# Raw answers for items 1..25, and what each contributes after reversal (R = reversed):
#   1:3->3  2:2->2  3:1->1  4R:0->4  5:4->4  6:2->2  7R:1->3  8:3->3  9:4->4  10R:0->4
#  11:2->2 12:3->3 13:1->1 14:4->4 15R:1->3 16:0->0 17:2->2 18:3->3 19:4->4  20:1->1
#  21R:2->2 22:3->3 23:0->0 24:4->4 25R:3->1
MIXED = [3, 2, 1, 0, 4, 2, 1, 3, 4, 0, 2, 3, 1, 4, 1, 0, 2, 3, 4, 1, 2, 3, 0, 4, 3]


def test_mixed_answers_apply_the_reverse_key() -> None:
    result = score("hq25", MIXED)
    # 3+2+1+4+4 = 14; +2+3+3+4+4 = 30; +2+3+1+4+3 = 43; +0+2+3+4+1 = 53; +2+3+0+4+1 = 63.
    # (Without reversal the raw sum would be 53.)
    assert result.total == 63


def test_mixed_answers_give_the_subscale_sums() -> None:
    subs = score("hq25", MIXED).subscales
    # Socialization 1,4,6,8,11,13,15,18,20,23,25: 3+4+2+3+2+1+3+3+1+0+1 = 23 (range 0-44).
    assert subs["socialization"].value == 23
    assert subs["socialization"].range == (0, 44)
    # Isolation 2,5,9,12,16,19,22,24: 2+4+4+3+0+4+3+4 = 24 (range 0-32).
    assert subs["isolation"].value == 24
    assert subs["isolation"].range == (0, 32)
    # Emotional support 3,7,10,14,17,21: 1+3+4+4+2+2 = 16 (range 0-24). 23 + 24 + 16 = 63.
    assert subs["emotional_support"].value == 16
    assert subs["emotional_support"].range == (0, 24)


def test_every_subscale_is_flagged_provisional() -> None:
    result = score("hq25", MIXED)
    provisional = [w for w in result.warnings if w.code == "subscale_provisional"]
    assert len(provisional) == 3
    assert all("not been checked" in w.message.en for w in provisional)
    assert all("niet gecontroleerd" in w.message.nl for w in provisional)
    assert {s.status for s in result.subscales.values()} == {"provisional"}


@pytest.mark.parametrize(
    ("target", "positive"),
    [(41, False), (42, True), (43, True)],  # default cut-off 42 (Teo et al. 2018)
)
def test_default_cutoff_42(target: int, positive: bool) -> None:
    result = score("hq25", _total(target))
    assert result.total == target
    assert result.cutoff_used is not None
    assert result.cutoff_used.id == "teo2018"
    assert result.above_cutoff is positive
    assert result.band is not None
    assert result.band.key == ("screen_positive" if positive else "screen_negative")
    assert result.band.risk == ("elevated" if positive else "none")


@pytest.mark.parametrize(("target", "positive"), [(43, False), (44, True), (45, True)])
def test_lab_cutoff_44(target: int, positive: bool) -> None:
    result = score("hq25", _total(target), cutoff="lab")
    assert result.total == target
    assert result.cutoff_used is not None
    assert result.cutoff_used.id == "lab"
    assert result.cutoff_used.threshold == 44
    assert result.above_cutoff is positive


def test_both_published_cutoffs_are_reported_for_a_score_between_them() -> None:
    result = score("hq25", _total(43))
    met = {c.id: c.met for c in result.cutoffs}
    assert met == {"teo2018": True, "lab": False}  # 43 >= 42, 43 < 44


def test_positive_screen_says_it_is_not_a_diagnosis() -> None:
    text = score("hq25", _total(42)).interpretation
    assert "not a diagnosis" in text.en
    assert "17%" in text.en
    assert "clinical interview" in text.en
    assert "geen diagnose" in text.nl
    assert "17%" in text.nl


def test_custom_cutoff_is_used_and_warned_about() -> None:
    below = score("hq25", _total(43), cutoff=44.0)
    at = score("hq25", _from_zero(**FORTY, q14=4, q16=1), cutoff=45)  # 40 + 4 + 1 = 45
    assert below.above_cutoff is False
    assert at.total == 45
    assert at.above_cutoff is True
    assert at.cutoff_used is not None
    assert at.cutoff_used.custom is True
    assert at.cutoff_used.threshold == 45
    assert any(w.code == "custom_cutoff" for w in at.warnings)


def test_cutoff_outside_the_range_is_rejected() -> None:
    with pytest.raises(InvalidCutoffError, match="outside the possible scores 0-100"):
        score("hq25", MIXED, cutoff=101)
    with pytest.raises(InvalidCutoffError, match="unknown cut-off 'paper'"):
        score("hq25", MIXED, cutoff="paper")


def test_answers_by_item_id_match_answers_in_order() -> None:
    by_id = {f"q{n}": value for n, value in enumerate(MIXED, start=1)}
    assert score("hq25", by_id).model_dump() == score("hq25", MIXED).model_dump()


def test_bad_answers_name_the_item() -> None:
    with pytest.raises(OutOfRangeError, match="hq25 item q4: answer 5 is not one of"):
        score("hq25", [0, 0, 0, 5, *([0] * 21)])
    with pytest.raises(MissingAnswerError, match="hq25 item q25: is unanswered"):
        score("hq25", [*([0] * 24), None])
    with pytest.raises(WrongAnswerCountError, match="expected 25 answers"):
        score("hq25", [0] * 24)
