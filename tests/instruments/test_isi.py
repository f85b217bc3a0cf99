"""Insomnia Severity Index: seven items 0-4, total 0-28, bands 0-7 / 8-14 / 15-21 / 22-28.

Expected values are worked out by hand from the published rule (Bastien, Vallières & Morin
2001): the total is the plain sum of the seven answers; bands are none, subthreshold, moderate
clinical and severe clinical insomnia.
"""

from __future__ import annotations

import pytest

from samen.instruments.errors import OutOfRangeError, WrongAnswerCountError
from samen.instruments.registry import get_instrument
from samen.instruments.scoring import score


def test_all_minimum_answers_give_zero_and_no_insomnia() -> None:
    result = score("isi", [0] * 7)
    assert result.total == 0  # 7 x 0
    assert result.band is not None
    assert result.band.key == "no_insomnia"
    assert result.band.risk == "none"


def test_all_maximum_answers_give_twenty_eight_and_severe() -> None:
    result = score("isi", [4] * 7)
    assert result.total == 28  # 7 x 4
    assert result.band is not None
    assert result.band.key == "severe_clinical"
    assert result.band.risk == "high"


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([1, 1, 1, 1, 1, 1, 0], 6, "no_insomnia"),  # 6 x 1 + 0 = 6
        ([1, 1, 1, 1, 1, 1, 1], 7, "no_insomnia"),  # 7 x 1 = 7, top of 0-7
        ([2, 1, 1, 1, 1, 1, 1], 8, "subthreshold"),  # 2 + 6 x 1 = 8, bottom of 8-14
        ([2, 2, 1, 1, 1, 1, 1], 9, "subthreshold"),  # 2 + 2 + 5 x 1 = 9
        ([2, 2, 2, 2, 2, 2, 1], 13, "subthreshold"),  # 6 x 2 + 1 = 13
        ([2, 2, 2, 2, 2, 2, 2], 14, "subthreshold"),  # 7 x 2 = 14, top of 8-14
        ([3, 2, 2, 2, 2, 2, 2], 15, "moderate_clinical"),  # 3 + 6 x 2 = 15, bottom of 15-21
        ([0, 4, 4, 4, 0, 4, 0], 16, "moderate_clinical"),  # 4 x 4 = 16
        ([3, 3, 3, 3, 3, 3, 2], 20, "moderate_clinical"),  # 6 x 3 + 2 = 20
        ([3, 3, 3, 3, 3, 3, 3], 21, "moderate_clinical"),  # 7 x 3 = 21, top of 15-21
        ([4, 3, 3, 3, 3, 3, 3], 22, "severe_clinical"),  # 4 + 6 x 3 = 22, bottom of 22-28
        ([4, 4, 3, 3, 3, 3, 3], 23, "severe_clinical"),  # 4 + 4 + 5 x 3 = 23
    ],
)
def test_band_boundaries(answers: list[int], total: int, band: str) -> None:
    result = score("isi", answers)
    assert result.total == total
    assert result.band is not None
    assert result.band.key == band


def test_published_band_ranges() -> None:
    bands = get_instrument("isi").bands
    assert [(b.key, b.min, b.max) for b in bands] == [
        ("no_insomnia", 0, 7),
        ("subthreshold", 8, 14),
        ("moderate_clinical", 15, 21),
        ("severe_clinical", 22, 28),
    ]


def test_no_cutoff_so_only_the_band_interprets() -> None:
    result = score("isi", [2] * 7)  # 7 x 2 = 14
    assert result.cutoff_used is None
    assert result.above_cutoff is None
    assert result.interpretation.en.startswith("Insomnia below the clinical threshold")


def test_licence_restricted_so_items_are_placeholders() -> None:
    inst = get_instrument("isi")
    assert inst.licence.status == "restricted"
    assert inst.licence.wording_included is False
    assert len(inst.items) == 7
    for number, item in enumerate(inst.items, start=1):
        assert item.text.en == f"ISI item {number} (licensed wording: import via FHIR)"
        assert item.text.nl == f"ISI item {number} (gelicentieerde tekst: importeer via FHIR)"


def test_wrong_answer_count_is_rejected() -> None:
    with pytest.raises(WrongAnswerCountError, match="expected 7 answers in item order, got 6"):
        score("isi", [0] * 6)


def test_value_outside_options_names_the_item() -> None:
    with pytest.raises(OutOfRangeError) as caught:
        score("isi", [0, 0, 0, 5, 0, 0, 0])
    assert caught.value.item == "q4"
    assert str(caught.value) == "isi item q4: answer 5 is not one of the options 0, 1, 2, 3, 4"
