"""FHIR QuestionnaireResponse export, import and scoring: round trips and typed errors.

PHQ-9 arithmetic is from the published rule (total = sum of the 9 item values, 0-27).
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from samen.instruments import (
    Instrument,
    InvalidAnswerTypeError,
    MissingAnswerError,
    OutOfRangeError,
    UnknownInstrumentError,
    UnknownItemError,
    WrongAnswerCountError,
    list_instruments,
)
from samen.instruments.errors import FhirError
from samen.instruments.fhir import answers_from_response, response_for, score_response
from tests.instruments.test_fhir import tiny

SHIPPED = list_instruments()
PHQ9 = "https://samen.invalid/fhir/Questionnaire/phq9"
PHQ9_SYSTEM = "https://samen.invalid/fhir/CodeSystem/phq9-frequency4"
PHQ9_ANSWERS = [0, 1, 2, 3, 0, 1, 2, 3, 0]


def _cycled(inst: Instrument, shift: int) -> dict[str, int | None]:
    """Every option value gets used: item k answers option (k + shift) of its set."""
    return {
        item.id: inst.options_for(item).values[(k + shift) % len(inst.options_for(item).values)]
        for k, item in enumerate(inst.items)
    }


@pytest.mark.parametrize("inst", SHIPPED, ids=lambda i: i.id)
@pytest.mark.parametrize("shift", [0, 1])
def test_answers_round_trip(inst: Instrument, shift: int) -> None:
    answers = _cycled(inst, shift)
    resource = response_for(inst, answers)
    assert answers_from_response(resource) == (inst, answers)


@pytest.mark.parametrize("inst", SHIPPED, ids=lambda i: i.id)
def test_unanswered_items_round_trip_as_none(inst: Instrument) -> None:
    answers = _cycled(inst, 0)
    answers[inst.items[0].id] = None
    answers[inst.items[-1].id] = None
    resource = response_for(inst, answers)
    assert [i["linkId"] for i in resource["item"]] == [i.id for i in inst.items[1:-1]]
    assert answers_from_response(resource)[1] == answers
    nothing = {item.id: None for item in inst.items}
    assert answers_from_response(response_for(inst, nothing))[1] == nothing


@pytest.mark.parametrize("inst", SHIPPED, ids=lambda i: i.id)
def test_response_is_valid_r4(inst: Instrument) -> None:
    resource = response_for(inst, _cycled(inst, 0), authored=datetime(2024, 5, 6, tzinfo=UTC))
    parsed = QuestionnaireResponse.model_validate(resource)
    assert parsed.status == "completed"
    url = f"https://samen.invalid/fhir/Questionnaire/{inst.id}"
    assert parsed.questionnaire == f"{url}|{inst.version}"


def test_phq9_response_content() -> None:
    when = datetime(2024, 5, 6, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    r = response_for("phq9", PHQ9_ANSWERS, authored=when, subject="Patient/synthetic-1")
    assert r["resourceType"] == "QuestionnaireResponse"
    assert r["questionnaire"] == f"{PHQ9}|1.0.0"
    assert r["status"] == "completed"
    assert r["authored"] == "2024-05-06T09:30:00+02:00"
    assert r["subject"] == {"reference": "Patient/synthetic-1"}
    assert [i["linkId"] for i in r["item"]] == [f"q{n}" for n in range(1, 10)]
    q4 = r["item"][3]["answer"][0]["valueCoding"]
    assert (q4["system"], q4["code"], q4["display"]) == (PHQ9_SYSTEM, "3", "Bijna elke dag")


def test_score_phq9_response() -> None:
    result = score_response(response_for("phq9", PHQ9_ANSWERS))
    # 0+1+2+3+0+1+2+3+0 = 12 -> band 10-14 "moderate", at or above the cut-off 10.
    assert result.total == 12
    assert result.band is not None
    assert result.band.key == "moderate"
    assert result.above_cutoff is True


def test_score_response_with_a_custom_cutoff() -> None:
    result = score_response(response_for("phq9", PHQ9_ANSWERS), cutoff=13)
    assert result.above_cutoff is False  # 12 < 13


def test_score_reversed_and_prorated_synthetic_instrument() -> None:
    inst = tiny()
    resource = response_for(inst, {"t1": 4, "t2": 4, "t3": None})
    result = score_response(resource, instrument=inst)
    # t1 = 4; t2 reversed on 1..4: 1 + 4 - 4 = 1; t3 missing -> prorated: (4 + 1) * 3 / 2 = 7.5.
    assert result.total == 7.5
    # Subscale "pair" = mean(t1, t2) = (4 + 1) / 2 = 2.5.
    assert result.subscales["pair"].value == 2.5


# -- reading responses written by other tools ---------------------------------------------------


def _phq9_response() -> dict[str, Any]:
    return copy.deepcopy(response_for("phq9", PHQ9_ANSWERS))


def test_nested_groups_other_value_types_and_score_items() -> None:
    r = _phq9_response()
    items = r["item"]
    items[0]["answer"] = [{"valueCoding": {"system": "http://loinc.org", "code": "LA6570-1"}}]
    items[1]["answer"] = [{"valueInteger": 3}]
    items[2]["answer"] = [{"valueDecimal": 1.0}]
    # q4 nested under q3's answer, q5-q9 in a group; a calculated total is ignored.
    items[2]["answer"][0]["item"] = [items[3]]
    r["item"] = [
        *items[:3],
        {"linkId": "page2", "item": items[4:]},
        {"linkId": "score-total", "answer": [{"valueDecimal": 99}]},
    ]
    inst, answers = answers_from_response(r)
    assert inst.id == "phq9"
    # LA6570-1 is "More than half the days" = 2.
    assert list(answers.values()) == [2, 3, 1, 3, 0, 1, 2, 3, 0]


def test_an_item_without_answer_is_unanswered() -> None:
    r = _phq9_response()
    del r["item"][4]["answer"]
    assert answers_from_response(r)[1]["q5"] is None
    with pytest.raises(MissingAnswerError, match="item q5"):
        score_response(r)


@pytest.mark.parametrize(
    "canonical",
    [
        "http://loinc.org/q/44249-1",
        "https://samen.invalid/fhir/Questionnaire/unknown|1.0.0",
        "https://example.org/fhir/Questionnaire/phq9|1.0.0",
    ],
)
def test_response_to_another_questionnaire_is_rejected(canonical: str) -> None:
    r = _phq9_response()
    r["questionnaire"] = canonical
    with pytest.raises(UnknownInstrumentError, match=canonical.split("|")[0]):
        answers_from_response(r)


def test_response_for_another_instrument_than_given() -> None:
    with pytest.raises(UnknownInstrumentError, match="Questionnaire/tiny"):
        answers_from_response(_phq9_response(), instrument=tiny())


def test_response_to_another_version() -> None:
    r = _phq9_response()
    r["questionnaire"] = f"{PHQ9}|0.9"
    with pytest.raises(FhirError) as err:
        answers_from_response(r)
    assert err.value.path == "QuestionnaireResponse.questionnaire"
    assert "'0.9'" in err.value.problem


def test_response_without_questionnaire() -> None:
    r = _phq9_response()
    del r["questionnaire"]
    with pytest.raises(FhirError) as err:
        answers_from_response(r)
    assert err.value.path == "QuestionnaireResponse.questionnaire"


def test_invalid_structure_names_the_element() -> None:
    r = _phq9_response()
    r["item"][1]["answer"][0]["valueCoding"]["code"] = 2
    with pytest.raises(FhirError) as err:
        answers_from_response(r)
    assert err.value.path == "QuestionnaireResponse.item[1].answer[0].valueCoding.code"


def test_not_a_response() -> None:
    with pytest.raises(FhirError) as err:
        answers_from_response({"resourceType": "Patient"})
    assert err.value.path == "QuestionnaireResponse.resourceType"
    with pytest.raises(FhirError, match="expected a JSON object"):
        answers_from_response("{}")  # type: ignore[arg-type]


def test_unknown_link_id() -> None:
    r = _phq9_response()
    r["item"][2]["linkId"] = "q99"
    with pytest.raises(UnknownItemError) as err:
        answers_from_response(r)
    assert err.value.item == "q99"
    assert "QuestionnaireResponse.item[2]" in err.value.problem


def test_coding_from_another_system() -> None:
    r = _phq9_response()
    gad7 = "https://samen.invalid/fhir/CodeSystem/gad7-frequency4"
    r["item"][1]["answer"][0]["valueCoding"]["system"] = gad7
    with pytest.raises(OutOfRangeError) as err:
        answers_from_response(r)
    assert err.value.item == "q2"
    assert "item[1].answer[0].valueCoding" in err.value.problem


def test_code_that_is_not_an_option() -> None:
    r = _phq9_response()
    r["item"][5]["answer"][0]["valueCoding"]["code"] = "4"
    with pytest.raises(OutOfRangeError) as err:
        answers_from_response(r)
    assert err.value.item == "q6"


def test_loinc_code_of_another_answer_list() -> None:
    r = _phq9_response()
    r["item"][0]["answer"] = [{"valueCoding": {"system": "http://loinc.org", "code": "LA33-6"}}]
    with pytest.raises(OutOfRangeError, match="item q1"):
        answers_from_response(r)


def test_integer_out_of_range() -> None:
    r = _phq9_response()
    r["item"][6]["answer"] = [{"valueInteger": 5}]
    pattern = r"item q7: .*answer 5 is not one of the options 0, 1, 2, 3"
    with pytest.raises(OutOfRangeError, match=pattern):
        answers_from_response(r)


def test_fractional_decimal() -> None:
    r = _phq9_response()
    r["item"][7]["answer"] = [{"valueDecimal": 1.5}]
    with pytest.raises(InvalidAnswerTypeError, match=r"item q8: .*valueDecimal 1\.5"):
        answers_from_response(r)


def test_string_answer() -> None:
    r = _phq9_response()
    r["item"][8]["answer"] = [{"valueString": "often"}]
    with pytest.raises(InvalidAnswerTypeError, match=r"item q9: .*valueString 'often'"):
        answers_from_response(r)


def test_repeated_link_id() -> None:
    r = _phq9_response()
    r["item"].append({"linkId": "page", "item": [copy.deepcopy(r["item"][0])]})
    pattern = r"item q1: appears twice.*item\[9\]\.item\[0\]"
    with pytest.raises(WrongAnswerCountError, match=pattern):
        answers_from_response(r)


def test_two_answers_on_one_item() -> None:
    r = _phq9_response()
    r["item"][0]["answer"].append({"valueInteger": 1})
    with pytest.raises(WrongAnswerCountError, match=r"item q1: .*2 answers"):
        answers_from_response(r)


def test_status_entered_in_error_is_not_read() -> None:
    r = _phq9_response()
    r["status"] = "entered-in-error"
    with pytest.raises(FhirError) as err:
        answers_from_response(r)
    assert err.value.path == "QuestionnaireResponse.status"


def test_in_progress_is_read_but_not_scored() -> None:
    r = _phq9_response()
    r["status"] = "in-progress"
    assert answers_from_response(r)[1]["q4"] == 3
    with pytest.raises(FhirError, match="only completed or amended"):
        score_response(r)


# -- response_for: bad input -------------------------------------------------------------------


def test_response_for_needs_a_time_zone() -> None:
    with pytest.raises(FhirError) as err:
        response_for("phq9", PHQ9_ANSWERS, authored=datetime(2024, 5, 6, 9, 30))  # noqa: DTZ001
    assert err.value.path == "QuestionnaireResponse.authored"


def test_response_for_rejects_an_empty_subject() -> None:
    with pytest.raises(FhirError, match="subject"):
        response_for("phq9", PHQ9_ANSWERS, subject=" ")


def test_response_for_checks_the_answers() -> None:
    with pytest.raises(OutOfRangeError, match="item q3"):
        response_for("phq9", [0, 1, 4, 3, 0, 1, 2, 3, 0])
