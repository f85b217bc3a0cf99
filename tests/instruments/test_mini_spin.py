"""Mini-SPIN: three items 0-4, total 0-12, screening cut-off >= 6 (Connor et al. 2001).

Expected values are worked out by hand from the published rule: the total is the plain sum of
the three answers (no reverse items), and a total of 6 or more screens positive.
"""

from __future__ import annotations

import pytest

from samen.instruments.errors import MissingAnswerError, OutOfRangeError, WrongAnswerCountError
from samen.instruments.registry import get_instrument
from samen.instruments.scoring import score


def test_all_minimum_answers_give_zero_and_screen_negative() -> None:
    result = score("mini_spin", [0, 0, 0])
    assert result.total == 0  # 0 + 0 + 0
    assert result.above_cutoff is False
    assert result.band is not None
    assert result.band.key == "screen_negative"


def test_all_maximum_answers_give_twelve_and_screen_positive() -> None:
    result = score("mini_spin", [4, 4, 4])
    assert result.total == 12  # 4 + 4 + 4
    assert result.above_cutoff is True
    assert result.band is not None
    assert result.band.key == "screen_positive"
    assert result.band.risk == "elevated"


def test_possible_range_is_zero_to_twelve() -> None:
    # 3 items x lowest option 0 = 0; 3 items x highest option 4 = 12
    assert get_instrument("mini_spin").total_range == (0, 12)


@pytest.mark.parametrize(
    ("answers", "total", "positive"),
    [
        ([2, 2, 1], 5, False),  # 2 + 2 + 1 = 5, one below the cut-off
        ([2, 2, 2], 6, True),  # 2 + 2 + 2 = 6, exactly on the cut-off (>= 6)
        ([0, 3, 4], 7, True),  # 0 + 3 + 4 = 7, one above the cut-off
    ],
)
def test_cutoff_six_boundary(answers: list[int], total: int, positive: bool) -> None:
    result = score("mini_spin", answers)
    assert result.total == total
    assert result.above_cutoff is positive
    assert result.cutoff_used is not None
    assert result.cutoff_used.id == "connor2001"
    assert result.cutoff_used.threshold == 6


def test_default_cutoff_carries_published_accuracy() -> None:
    cut = get_instrument("mini_spin").default_cutoff
    assert cut is not None
    # Connor et al. 2001: sensitivity 88.7%, specificity 90.0%, PPV 52.5%
    assert (cut.threshold, cut.sensitivity, cut.specificity, cut.ppv) == (6, 0.887, 0.90, 0.525)
    assert cut.source.doi == "10.1002/da.1055"


def test_answers_by_item_id_score_the_same_as_a_list() -> None:
    result = score("mini_spin", {"q3": 1, "q1": 4, "q2": 0})
    assert result.total == 5  # 4 + 0 + 1


def test_licence_restricted_so_items_are_placeholders() -> None:
    inst = get_instrument("mini_spin")
    assert inst.licence.status == "restricted"
    assert inst.licence.wording_included is False
    for number, item in enumerate(inst.items, start=1):
        assert item.text.en == f"Mini-SPIN item {number} (licensed wording: import via FHIR)"
        assert item.text.nl == f"Mini-SPIN item {number} (gelicentieerde tekst: importeer via FHIR)"
    # Not even the gists of the licensed items may appear in the shipped text.
    shipped = " ".join(f"{i.text.nl} {i.text.en}".lower() for i in inst.items)
    for gist_word in ("embarrass", "attention", "stupid", "gêne", "aandacht"):
        assert gist_word not in shipped


def test_wrong_answer_count_is_rejected() -> None:
    with pytest.raises(WrongAnswerCountError, match="expected 3 answers in item order, got 2"):
        score("mini_spin", [1, 2])
    with pytest.raises(WrongAnswerCountError, match="got 4"):
        score("mini_spin", [1, 2, 3, 4])


@pytest.mark.parametrize("bad", [5, -1])
def test_value_outside_options_names_the_item(bad: int) -> None:
    with pytest.raises(OutOfRangeError) as caught:
        score("mini_spin", [0, bad, 0])
    assert caught.value.item == "q2"
    assert str(caught.value) == (
        f"mini_spin item q2: answer {bad} is not one of the options 0, 1, 2, 3, 4"
    )


def test_unanswered_item_is_refused() -> None:
    with pytest.raises(MissingAnswerError) as caught:
        score("mini_spin", [1, None, 2])
    assert caught.value.item == "q2"
