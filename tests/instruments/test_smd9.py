"""Social Media Disorder Scale: nine yes/no items (no = 0, yes = 1), total 0-9, >= 5 = disordered.

Expected values are worked out by hand: the total is the number of "yes" answers, and five or
more screens positive (van den Eijnden, Lemmens & Valkenburg 2016).
"""

from __future__ import annotations

import pytest

from samen.instruments.errors import OutOfRangeError, WrongAnswerCountError
from samen.instruments.registry import get_instrument
from samen.instruments.scoring import score


def test_all_no_gives_zero_and_screen_negative() -> None:
    result = score("smd9", [0] * 9)
    assert result.total == 0  # nine times "no" = 0 criteria
    assert result.above_cutoff is False
    assert result.band is not None
    assert result.band.key == "screen_negative"


def test_all_yes_gives_nine_and_screen_positive() -> None:
    result = score("smd9", [1] * 9)
    assert result.total == 9  # nine times "yes" = 9 criteria
    assert result.above_cutoff is True
    assert result.band is not None
    assert result.band.key == "screen_positive"
    assert result.band.risk == "elevated"


@pytest.mark.parametrize(
    ("answers", "total", "positive"),
    [
        ([1, 1, 0, 1, 0, 0, 1, 0, 0], 4, False),  # yes on items 1, 2, 4, 7 = 4: below
        ([0, 1, 0, 1, 1, 0, 1, 0, 1], 5, True),  # yes on items 2, 4, 5, 7, 9 = 5: on the cut-off
        ([1, 0, 1, 0, 1, 1, 0, 1, 1], 6, True),  # yes on items 1, 3, 5, 6, 8, 9 = 6: above
    ],
)
def test_cutoff_five_boundary(answers: list[int], total: int, positive: bool) -> None:
    result = score("smd9", answers)
    assert result.total == total
    assert result.above_cutoff is positive
    assert result.cutoff_used is not None
    assert result.cutoff_used.id == "vandeneijnden2016"
    assert result.cutoff_used.threshold == 5


def test_definition_matches_the_published_structure() -> None:
    inst = get_instrument("smd9")
    assert len(inst.items) == 9
    assert inst.total_range == (0, 9)  # 9 items x (0 or 1)
    assert inst.roots == ("technology_use",)
    assert [o.value for o in inst.option_sets[0].options] == [0, 1]
    assert inst.bands == ()  # only the split at 5 is published: the engine bands by the cut-off


def test_wording_is_included_as_our_own_paraphrase() -> None:
    inst = get_instrument("smd9")
    assert inst.licence.status == "free_with_conditions"
    assert inst.licence.wording_included is True
    for item in inst.items:
        assert "FHIR" not in item.text.en
        assert "FHIR" not in item.text.nl
    texts = [i.text.en for i in inst.items]
    assert len(set(texts)) == 9  # one distinct question per criterion
    # The published items open with "During the past year, have you"; ours do not copy that.
    assert not any(t.lower().startswith("during the past year") for t in texts)


def test_wrong_answer_count_is_rejected() -> None:
    with pytest.raises(WrongAnswerCountError, match="expected 9 answers in item order, got 8"):
        score("smd9", [1] * 8)


def test_value_outside_yes_no_names_the_item() -> None:
    with pytest.raises(OutOfRangeError) as caught:
        score("smd9", [0, 0, 0, 0, 0, 0, 2, 0, 0])
    assert caught.value.item == "q7"
    assert str(caught.value) == "smd9 item q7: answer 2 is not one of the options 0, 1"
