"""FHIR R4 mapping of Samen instruments: Questionnaire and QuestionnaireResponse.

Public API (JSON dicts in and out, validated with fhir.resources' R4B models)::

    from samen.instruments.fhir import questionnaire_for, response_for, score_response
    questionnaire = questionnaire_for("phq9")
    response = response_for("phq9", [0, 1, 2, 3, 0, 1, 2, 3, 0])
    result = score_response(response)

The mapping is described in ``docs/fhir.md``; the choices behind it in
``docs/decisions/0004-fhir-mapping.md``.
"""

from samen.instruments.fhir_questionnaire import (
    EXT_ANSWER_LOINC,
    EXT_DEFINITION,
    FHIR_BASE,
    TOTAL_LINK_ID,
    instrument_from_questionnaire,
    questionnaire_for,
    questionnaire_url,
)
from samen.instruments.fhir_response import answers_from_response, response_for, score_response

__all__ = [
    "EXT_ANSWER_LOINC",
    "EXT_DEFINITION",
    "FHIR_BASE",
    "TOTAL_LINK_ID",
    "answers_from_response",
    "instrument_from_questionnaire",
    "questionnaire_for",
    "questionnaire_url",
    "response_for",
    "score_response",
]
