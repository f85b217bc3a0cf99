"""Building FHIR R4 resources from Samen's records (validated with ``fhir.resources.R4B``).

* Questionnaire: ``samen.instruments.fhir_questionnaire.questionnaire_for`` plus a logical
  ``id`` (the instrument id with ``_`` written as ``-``, as FHIR ids allow no underscore);
* QuestionnaireResponse: the stored answers through ``fhir_response.response_for``, with the
  stored instrument version in ``questionnaire`` and the stored total as the answer of the
  hidden ``score-total`` item;
* CarePlan: the plan's actions as ``activity.detail`` (status, performer, scheduled period,
  description, the evidence intervention as ``code``) and its goals as contained ``Goal``
  resources. Mapping choices are listed in ``docs/web/api.md``.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache, lru_cache
from typing import Any

from django.utils import timezone, translation
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan as FhirCarePlan
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirResponse

from samen.evidence import load_interventions
from samen.instruments import Instrument, list_instruments
from samen.instruments.fhir_questionnaire import (
    EXT_TRANSLATION,
    FHIR_BASE,
    TOTAL_LINK_ID,
    questionnaire_for,
    questionnaire_url,
    validate_fhir,
)
from samen.instruments.fhir_response import response_for
from samen.web.accounts.roles import Role
from samen.web.careplans.models import CarePlan, Goal, PlanAction, Status
from samen.web.screening.models import QuestionnaireResponse

EXT_STAKEHOLDER = f"{FHIR_BASE}/StructureDefinition/stakeholder-level"
"""valueCode on CarePlan.activity.detail: who the action is for (parents, school, community,
care, young_person)."""
EXT_ACTION_VERSION = f"{FHIR_BASE}/StructureDefinition/row-version"
"""valueInteger on CarePlan.activity.detail: the action's version (for concurrency checks)."""
INTERVENTION_SYSTEM = f"{FHIR_BASE}/CodeSystem/intervention"

ACTIVITY_STATUS: dict[str, str] = {
    Status.OPEN: "not-started", Status.IN_PROGRESS: "in-progress", Status.DONE: "completed",
    Status.CANCELLED: "cancelled",
}
GOAL_LIFECYCLE: dict[str, str] = {
    Status.OPEN: "active", Status.IN_PROGRESS: "active", Status.DONE: "completed",
    Status.CANCELLED: "cancelled",
}
PERFORMER_TYPE = {
    Role.YOUNG_PERSON: "Patient", Role.PARENT: "RelatedPerson",
    Role.SCHOOL_COORDINATOR: "Practitioner", Role.YOUTH_WORKER: "Practitioner",
    Role.CLINICIAN: "Practitioner",
}


def fhir_id(instrument_id: str) -> str:
    """A FHIR logical id for an instrument: ``[A-Za-z0-9\\-.]{1,64}``, so ``_`` becomes ``-``."""
    return instrument_id.replace("_", "-")


def find_instrument(resource_id: str) -> Instrument | None:
    """The instrument a Questionnaire id names (its FHIR id, or the Samen id itself)."""
    return next((i for i in list_instruments() if resource_id in (i.id, fhir_id(i.id))), None)


def questionnaire_resource(inst: Instrument) -> dict[str, Any]:
    """The Questionnaire of a shipped instrument (built and validated once per process: the
    shipped definitions do not change while it runs). Callers must not change the result."""
    return _questionnaire(inst.id)


@cache
def _questionnaire(instrument_id: str) -> dict[str, Any]:
    inst = find_instrument(instrument_id)
    assert inst is not None, instrument_id
    return {"id": fhir_id(inst.id), **questionnaire_for(inst)}


def questionnaire_bundle(base: str, instruments: list[Instrument]) -> dict[str, Any]:
    """A ``searchset`` Bundle of the Questionnaires of ``instruments`` (cached like them)."""
    return _bundle(base, tuple(i.id for i in instruments))


@lru_cache(maxsize=64)
def _bundle(base: str, instrument_ids: tuple[str, ...]) -> dict[str, Any]:
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(instrument_ids),
        "link": [{"relation": "self", "url": f"{base}/Questionnaire"}],
        "entry": [
            {"fullUrl": f"{base}/Questionnaire/{fhir_id(i)}",
             "resource": _questionnaire(i), "search": {"mode": "match"}}
            for i in instrument_ids
        ],
    }
    return validate_fhir(Bundle, bundle, "Bundle")


def _instant(moment: datetime) -> str:
    return moment.isoformat()


def response_resource(stored: QuestionnaireResponse, inst: Instrument) -> dict[str, Any]:
    """The FHIR QuestionnaireResponse of a stored response (answers as stored, before scoring)."""
    resource = response_for(inst, stored.answers,
                            authored=timezone.localtime(stored.authored_at),
                            subject=f"Patient/{stored.young_person_id}")
    resource = {"resourceType": resource.pop("resourceType"), "id": str(stored.pk), **resource}
    resource["questionnaire"] = f"{questionnaire_url(inst.id)}|{stored.instrument_version}"
    if stored.respondent == "young_person":
        resource["source"] = {"reference": f"Patient/{stored.young_person_id}"}
    else:
        resource["source"] = {"display": stored.respondent}
    if stored.author_role:
        resource["author"] = {"display": stored.author_role}
    if stored.total is not None:
        resource.setdefault("item", []).append(
            {"linkId": TOTAL_LINK_ID, "answer": [{"valueDecimal": stored.total}]})
    return validate_fhir(FhirResponse, resource, "QuestionnaireResponse")


def _translated(nl: str, en: str) -> dict[str, Any]:
    return {"extension": [{"url": EXT_TRANSLATION, "extension": [
        {"url": "lang", "valueCode": "en"}, {"url": "content", "valueString": en}]}]}


def _goal(goal: Goal, patient: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Goal",
        "id": f"goal-{goal.pk}",
        "lifecycleStatus": GOAL_LIFECYCLE.get(goal.status, "active"),
        "description": {"text": goal.title},
        "subject": {"reference": patient},
    }
    if goal.status == Status.DONE:
        resource["achievementStatus"] = {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/goal-achievement",
            "code": "achieved", "display": "Achieved"}]}
    if goal.due:
        resource["target"] = [{"dueDate": goal.due.isoformat()}]
    if goal.notes:
        resource["note"] = [{"text": goal.notes}]
    return resource


def _role_label(role: str) -> str:
    try:
        return str(Role(role).label)
    except ValueError:
        return role


def _activity(action: PlanAction, interventions: dict[str, Any]) -> dict[str, Any]:
    owner = action.owner_person
    performer: dict[str, Any] = {"display": str(owner) if owner else _role_label(action.owner_role)}
    if action.owner_role in PERFORMER_TYPE:
        performer["type"] = PERFORMER_TYPE[Role(action.owner_role)]
    detail: dict[str, Any] = {
        "extension": [
            {"url": EXT_STAKEHOLDER, "valueCode": action.level},
            {"url": EXT_ACTION_VERSION, "valueInteger": action.version},
        ],
        "kind": "Task",
        "status": ACTIVITY_STATUS.get(action.status, "unknown"),
        "description": action.title,
        "performer": [performer],
    }
    if action.due:
        detail["scheduledPeriod"] = {"end": action.due.isoformat()}
    if action.intervention_id:
        coding: dict[str, Any] = {"system": INTERVENTION_SYSTEM, "code": action.intervention_id}
        known = interventions.get(action.intervention_id)
        if known is not None:
            coding["display"] = known.name.nl
        detail["code"] = {"coding": [coding]}
    if action.goal_id:
        detail["goal"] = [{"reference": f"#goal-{action.goal_id}"}]
    activity: dict[str, Any] = {"id": f"action-{action.pk}", "detail": detail}
    if action.notes:
        activity["progress"] = [{"text": action.notes}]
    return activity


def _plan_status(goals: list[Goal], actions: list[PlanAction]) -> str:
    rows: list[Goal | PlanAction] = [*goals, *actions]
    if not rows:
        return "draft"
    if any(row.status in (Status.OPEN, Status.IN_PROGRESS) for row in rows):
        return "active"
    return "completed"


def care_plan_resource(plan: CarePlan) -> dict[str, Any]:
    """The R4 CarePlan of ``plan``: goals contained, actions as activities."""
    person = plan.young_person
    patient = f"Patient/{person.pk}"
    goals = list(Goal.objects.filter(young_person=person, plan=plan))
    actions = list(PlanAction.objects.filter(young_person=person, plan=plan)
                   .select_related("owner_person"))
    interventions = {i.id: i for i in load_interventions()}
    with translation.override("nl"):
        resource: dict[str, Any] = {
            "resourceType": "CarePlan",
            "id": str(plan.pk),
            "language": "nl",
            "status": _plan_status(goals, actions),
            "intent": "plan",
            "title": "Zorgplan",
            "_title": _translated("Zorgplan", "Care plan"),
            "subject": {"reference": patient, "display": person.pseudonym},
            "created": _instant(plan.created_at),
            "contained": [_goal(goal, patient) for goal in goals],
            "goal": [{"reference": f"#goal-{goal.pk}"} for goal in goals],
            "activity": [_activity(action, interventions) for action in actions],
        }
    for key in ("contained", "goal", "activity"):
        if not resource[key]:
            del resource[key]
    return validate_fhir(FhirCarePlan, resource, "CarePlan")
