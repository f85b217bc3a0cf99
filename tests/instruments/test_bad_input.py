"""Every kind of bad input to score() raises a typed error that names the item and the problem."""

from __future__ import annotations

from typing import Any

import pytest

from samen.instruments import (
    InvalidAnswerTypeError,
    InvalidCutoffError,
    MissingAnswerError,
    OutOfRangeError,
    SamenInputError,
    UnknownInstrumentError,
    UnknownItemError,
    WrongAnswerCountError,
    score,
)

NINE = [0, 1, 2, 3, 0, 1, 2, 3, 0]


def test_unknown_instrument_lists_the_known_ones() -> None:
    with pytest.raises(UnknownInstrumentError, match=r"unknown instrument 'phq99'.*phq9"):
        score("phq99", NINE)


@pytest.mark.parametrize("answers", [NINE[:8], [*NINE, 0], []])
def test_wrong_count(answers: list[int]) -> None:
    with pytest.raises(WrongAnswerCountError, match=f"expected 9 answers.*got {len(answers)}"):
        score("phq9", answers)


def test_missing_answer_is_refused_when_the_instrument_has_no_rule() -> None:
    answers: list[Any] = [*NINE[:4], None, *NINE[5:]]
    with pytest.raises(MissingAnswerError) as caught:
        score("phq9", answers)
    assert caught.value.item == "q5"
    assert "no rule for missing items" in str(caught.value)


def test_absent_key_in_a_mapping_counts_as_missing() -> None:
    answers = {f"q{n}": 0 for n in range(1, 9)}  # q9 absent
    with pytest.raises(MissingAnswerError, match="phq9 item q9"):
        score("phq9", answers)


@pytest.mark.parametrize(("position", "value"), [(0, 4), (8, -1), (3, 99)])
def test_out_of_range_names_the_item_and_the_options(position: int, value: int) -> None:
    answers = list(NINE)
    answers[position] = value
    with pytest.raises(OutOfRangeError) as caught:
        score("phq9", answers)
    assert caught.value.item == f"q{position + 1}"
    assert f"answer {value} is not one of the options 0, 1, 2, 3" in str(caught.value)


def test_unknown_item_in_a_mapping() -> None:
    answers: dict[str, int | None] = {f"q{n}": 0 for n in range(1, 10)}
    answers["q10"] = 1
    with pytest.raises(UnknownItemError, match="phq9 item q10: is not an item of PHQ-9"):
        score("phq9", answers)


@pytest.mark.parametrize("bad", ["2", 2.0, True, [1]])
def test_answers_must_be_whole_numbers(bad: Any) -> None:
    answers: list[Any] = list(NINE)
    answers[2] = bad
    with pytest.raises(InvalidAnswerTypeError, match=r"phq9 item q3: answer .* is not a whole number"):
        score("phq9", answers)


@pytest.mark.parametrize("bad", ["0,1,2", b"012", 7, None])
def test_answers_must_be_a_list_or_mapping(bad: Any) -> None:
    with pytest.raises(InvalidAnswerTypeError, match="list in item order or a mapping"):
        score("phq9", bad)


def test_unknown_cutoff_id_lists_the_known_ones() -> None:
    with pytest.raises(InvalidCutoffError, match="unknown cut-off 'lab'; known cut-offs: kroenke2001"):
        score("phq9", NINE, cutoff="lab")


@pytest.mark.parametrize("threshold", [-1, 27.5, 100])
def test_custom_cutoff_outside_the_range(threshold: float) -> None:
    with pytest.raises(InvalidCutoffError, match="outside the possible scores 0-27"):
        score("phq9", NINE, cutoff=threshold)


def test_every_error_is_a_value_error_with_a_code() -> None:
    for cls in (UnknownInstrumentError, WrongAnswerCountError, MissingAnswerError,
                OutOfRangeError, UnknownItemError, InvalidAnswerTypeError, InvalidCutoffError):
        assert issubclass(cls, SamenInputError)
        assert issubclass(cls, ValueError)
    assert {OutOfRangeError.code, MissingAnswerError.code} == {"out_of_range", "missing_answer"}


def test_custom_cutoff_is_used_and_flagged() -> None:
    # NINE sums to 0+1+2+3+0+1+2+3+0 = 12: above 10 (default), below a custom 13.
    default = score("phq9", NINE)
    custom = score("phq9", NINE, cutoff=13)
    assert default.total == 12
    assert default.above_cutoff is True
    assert custom.above_cutoff is False
    assert custom.cutoff_used is not None
    assert custom.cutoff_used.custom is True
    assert [w.code for w in custom.warnings] == ["custom_cutoff"]
