"""FHIR R4 QuestionnaireResponse export and import: answers in and out of Samen.

A response names its Questionnaire by canonical (``<FHIR_BASE>/Questionnaire/<id>|<version>``);
each answered item carries a ``valueCoding`` from the option set's CodeSystem. On import every
answer is checked against the instrument: a wrong linkId, system, code or a repeated item is
rejected with a typed error that names the item and the path, never skipped.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from samen.instruments.errors import (
    FhirError,
    InvalidAnswerTypeError,
    OutOfRangeError,
    UnknownInstrumentError,
    UnknownItemError,
    WrongAnswerCountError,
)
from samen.instruments.fhir_questionnaire import (
    LOINC,
    coding_value,
    option_coding,
    option_system,
    questionnaire_url,
    resolve,
    score_link_ids,
    validate_fhir,
    walk_items,
)
from samen.instruments.model import Instrument, Item
from samen.instruments.registry import list_instruments
from samen.instruments.scoring import Answers, ScoreResult, normalise_answers, score

ROOT = "QuestionnaireResponse"
SCORED_STATUSES = ("completed", "amended")
READABLE_STATUSES = ("in-progress", "completed", "amended", "stopped")
"""``entered-in-error`` is never read: the response is known to be wrong."""


def response_for(
    instrument: Instrument | str,
    answers: Answers,
    *,
    authored: datetime | None = None,
    subject: str | None = None,
) -> dict[str, Any]:
    """A completed QuestionnaireResponse (JSON) holding ``answers``; unanswered items are left out.

    ``answers`` are published option values, as for :func:`samen.instruments.score`;
    ``subject`` is a FHIR reference such as ``"Patient/123"``.
    """
    inst = resolve(instrument)
    given = normalise_answers(inst, answers)
    resource: dict[str, Any] = {
        "resourceType": ROOT,
        "questionnaire": f"{questionnaire_url(inst.id)}|{inst.version}",
        "status": "completed",
    }
    if subject is not None:
        if not subject.strip():
            raise FhirError(f"{ROOT}.subject", "subject reference is empty")
        resource["subject"] = {"reference": subject.strip()}
    if authored is not None:
        if authored.utcoffset() is None:
            raise FhirError(f"{ROOT}.authored", "needs a time zone (FHIR dateTime with a time)")
        resource["authored"] = authored.isoformat()
    items = [
        {"linkId": item_id, "answer": [{"valueCoding": option_coding(inst, inst.item(item_id), v)}]}
        for item_id, v in given.items() if v is not None
    ]
    if items:
        resource["item"] = items
    return validate_fhir(QuestionnaireResponse, resource, ROOT)


def answers_from_response(
    resource: dict[str, Any], *, instrument: Instrument | None = None
) -> tuple[Instrument, dict[str, int | None]]:
    """The instrument a response answers and its answers by item id (``None`` = unanswered).

    The instrument is found from ``questionnaire``; pass ``instrument`` for one that is not
    shipped (e.g. imported with :func:`instrument_from_questionnaire`).
    """
    validate_fhir(QuestionnaireResponse, resource, ROOT)
    if resource["status"] not in READABLE_STATUSES:
        raise FhirError(f"{ROOT}.status", f"{resource['status']!r} responses are not read")
    inst = _instrument_for(resource.get("questionnaire"), instrument)
    scores = score_link_ids(inst)
    found: dict[str, int | None] = {}
    where: dict[str, str] = {}
    for path, element in walk_items(resource.get("item", []), ROOT):
        link_id = element["linkId"]
        answers = element.get("answer", [])
        if link_id in scores:
            continue  # a calculated score: Samen recomputes it from the answers
        if link_id not in inst.item_ids:
            if element.get("item") and not answers:
                continue  # a group around the items
            raise UnknownItemError(
                inst.id, link_id,
                f"at {path}: is not an item of {inst.short_name}; items are "
                f"{', '.join(inst.item_ids)}",
            )
        if link_id in where:
            raise WrongAnswerCountError(
                inst.id, link_id, f"appears twice, at {where[link_id]} and {path}"
            )
        where[link_id] = path
        if len(answers) > 1:
            raise WrongAnswerCountError(
                inst.id, link_id, f"at {path}: {len(answers)} answers, expected one"
            )
        found[link_id] = (
            _answer_value(inst, inst.item(link_id), answers[0], f"{path}.answer[0]")
            if answers else None
        )
    return inst, {item_id: found.get(item_id) for item_id in inst.item_ids}


def score_response(
    resource: dict[str, Any],
    *,
    cutoff: str | float | None = None,
    instrument: Instrument | None = None,
) -> ScoreResult:
    """Score a completed (or amended) QuestionnaireResponse with Samen's rules."""
    inst, answers = answers_from_response(resource, instrument=instrument)
    if resource["status"] not in SCORED_STATUSES:
        raise FhirError(
            f"{ROOT}.status", f"is {resource['status']!r}; only completed or amended are scored"
        )
    return score(inst, answers, cutoff=cutoff)


def _instrument_for(canonical: object, given: Instrument | None) -> Instrument:
    path = f"{ROOT}.questionnaire"
    if not isinstance(canonical, str) or not canonical:
        raise FhirError(path, "is missing; it must name the Samen Questionnaire answered")
    url, _, version = canonical.partition("|")
    candidates = [given] if given is not None else list_instruments()
    inst = next((i for i in candidates if questionnaire_url(i.id) == url), None)
    if inst is None:
        raise UnknownInstrumentError(canonical, [questionnaire_url(i.id) for i in candidates])
    if version and version != inst.version:
        raise FhirError(
            path, f"answers version {version!r} of {inst.id}; Samen has version {inst.version!r}"
        )
    return inst


def _answer_value(inst: Instrument, item: Item, answer: dict[str, Any], path: str) -> int:
    allowed = inst.options_for(item).values
    if "valueCoding" in answer:
        coding = answer["valueCoding"]
        value = coding_value(inst, item, coding.get("system"), coding.get("code"))
        if value is None:
            raise OutOfRangeError(
                inst.id, item.id,
                f"at {path}.valueCoding: {coding.get('system')}|{coding.get('code')} is not an "
                f"option; expected system {option_system(inst, item.option_set)} (or {LOINC} "
                f"answer codes) with codes {', '.join(map(str, allowed))}",
            )
        return value
    raw = answer.get("valueInteger", answer.get("valueDecimal"))
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not float(raw).is_integer():
        kind = next(iter(sorted(answer.keys() - {"extension", "id", "item"})), "no value")
        raise InvalidAnswerTypeError(
            inst.id, item.id,
            f"at {path}: {kind} {answer.get(kind)!r} is not a whole option value; "
            "use valueCoding, valueInteger or an integral valueDecimal",
        )
    if int(raw) not in allowed:
        raise OutOfRangeError(
            inst.id, item.id,
            f"at {path}: answer {raw} is not one of the options {', '.join(map(str, allowed))}",
        )
    return int(raw)
