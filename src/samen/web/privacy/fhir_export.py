"""The export as a FHIR R4 ``collection`` Bundle (validated with ``fhir.resources.R4B``).

Built from the JSON export (``export.build_export``), so both formats hold the same categories:

==========================  =====================================================================
category                    FHIR resource
==========================  =====================================================================
record                      Patient (pseudonymous: the pseudonym as identifier, ``PSEUDED``)
guardians                   RelatedPerson
organisations, care_team    Organization, CareTeam
consents                    Consent (``inactive`` once withdrawn; the history is every grant)
questionnaire_assignments   Task (``instantiatesCanonical`` the Questionnaire)
questionnaire_responses     QuestionnaireResponse (``samen.web.fhir.resources``)
scores                      Observation (total, band), derived from the response
weekly_follow_up, absence   Observation per reported week; imported rows tagged ``import``
episode                     Observation (withdrawal stage)
risk_profile                RiskAssessment (one prediction per root)
care_plan                   CarePlan (``samen.web.fhir.resources``)
alerts                      Flag
emergency_access            AuditEvent with purpose ``ETREAT`` and the stated reason
access_log                  AuditEvent (NEN 7513 mapping of platforms.md §4.2)
==========================  =====================================================================

This module imports ``fhir.resources``; callers import it lazily (see ``fhir/urls.py`` on why).
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B import get_fhir_model_class

from samen.instruments.fhir_questionnaire import FHIR_BASE, questionnaire_url, validate_fhir
from samen.web.careplans.models import CarePlan
from samen.web.fhir.resources import care_plan_resource, find_instrument, response_resource
from samen.web.screening.models import QuestionnaireResponse
from samen.web.youth.models import YoungPerson

GENDER = {"F": "female", "M": "male", "X": "unknown"}
TASK_STATUS = {"open": "requested", "done": "completed", "cancelled": "cancelled"}
AUDIT_OUTCOME = {"success": "0", "denied": "4"}
CODES = f"{FHIR_BASE}/CodeSystem"
EXT_AUTHORITY = f"{FHIR_BASE}/StructureDefinition/parental-authority"
PSEUDED = {"system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
           "code": "PSEUDED", "display": "pseudonymized"}


def _code(system: str, code: str) -> dict[str, Any]:
    return {"coding": [{"system": f"{CODES}/{system}", "code": code}], "text": code}


def _patient(record: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Patient", "id": str(record["id"]), "meta": {"security": [PSEUDED]},
            "identifier": [{"system": f"{FHIR_BASE}/NamingSystem/pseudonym",
                            "value": record["pseudonym"]}],
            "gender": GENDER.get(record["sex"], "unknown"), "birthDate": record["birth_month"],
            "address": [{"district": record["district"]}]}


def _people(data: dict[str, Any], patient: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for n, guardian in enumerate(data["guardians"], 1):
        out.append({"resourceType": "RelatedPerson", "id": f"guardian-{n}",
                    "patient": {"reference": patient}, "name": [{"text": guardian["name"]}],
                    "relationship": [{"text": "parent or guardian"}],
                    "extension": [{"url": EXT_AUTHORITY,
                                   "valueBoolean": guardian["has_authority"]}]})
    for n, organisation in enumerate(data["organisations"], 1):
        out.append({"resourceType": "Organization", "id": f"organisation-{n}",
                    "name": organisation["name"], "type": [{"text": organisation["kind"]}]})
    names = {o["name"]: f"Organization/organisation-{n}"
             for n, o in enumerate(data["organisations"], 1)}
    participants = [
        {"role": [{"text": member["role"]}], "member": {"display": member["name"]},
         "period": {"start": member["added_at"]},
         **({"onBehalfOf": {"reference": names[member["organisation"]]}}
            if member["organisation"] in names else {})}
        for member in data["care_team"]]
    if participants:
        out.append({"resourceType": "CareTeam", "id": "care-team", "subject": {"reference": patient},
                    "status": "active", "participant": participants})
    return out


def _consent(grant: dict[str, Any], patient: str) -> dict[str, Any]:
    period = {"start": grant["granted_at"],
              **({"end": grant["withdrawn_at"]} if grant["withdrawn_at"] else {})}
    resource: dict[str, Any] = {
        "resourceType": "Consent", "id": f"consent-{grant['id']}",
        "status": "inactive" if grant["withdrawn_at"] else "active",
        "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope",
                              "code": "patient-privacy"}]},
        "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}],
                      "text": grant["scope"]}],
        "patient": {"reference": patient}, "dateTime": grant["granted_at"],
        "performer": [{"display": grant["grantor"]}],
        "policyRule": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                                   "code": "OPTIN"}]},
        "provision": {"type": "permit", "period": period},
    }
    if grant["organisation"]:
        resource["organization"] = [{"display": grant["organisation"]}]
    return resource


def _task(assignment: dict[str, Any], patient: str) -> dict[str, Any]:
    return {"resourceType": "Task", "id": f"assignment-{assignment['id']}",
            "status": TASK_STATUS.get(assignment["status"], "requested"), "intent": "order",
            "instantiatesCanonical": questionnaire_url(assignment["instrument"]),
            "for": {"reference": patient}, "authoredOn": assignment["assigned_at"],
            "owner": {"display": assignment["respondent_name"] or assignment["respondent"]},
            **({"restriction": {"period": {"end": assignment["due"]}}}
               if assignment["due"] else {})}


def _score(score: dict[str, Any], patient: str, authored: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation", "id": f"score-{score['response_id']}", "status": "final",
        "category": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey"}]}],
        "code": _code("instrument-total", score["instrument"]),
        "subject": {"reference": patient}, "effectiveDateTime": authored,
        "derivedFrom": [{"reference": f"QuestionnaireResponse/{score['response_id']}"}],
    }
    if score["total"] is not None:
        resource["valueQuantity"] = {"value": score["total"]}
    if score["band"]:
        resource["interpretation"] = [_code("score-band", score["band"])]
    return resource


def _week(week: dict[str, Any], patient: str) -> dict[str, Any]:
    components = []
    for name, kind in (("days_out", "valueInteger"), ("room_bound", "valueBoolean"),
                       ("participation_days", "valueInteger"), ("impairment", "valueBoolean")):
        if week[name] is not None:
            components.append({"code": _code("weekly-item", name), kind: week[name]})
    if week["absence_hours"] is not None:
        components.append({"code": _code("weekly-item", "absence_hours"), "valueQuantity": {
            "value": float(week["absence_hours"]), "unit": "h",
            "system": "http://unitsofmeasure.org", "code": "h"}})
    resource: dict[str, Any] = {
        "resourceType": "Observation", "id": f"week-{week['id']}", "status": "final",
        "meta": {"tag": [{"system": f"{CODES}/channel", "code": week["channel"]}]},
        "code": _code("weekly-follow-up", week["reporter"]), "subject": {"reference": patient},
        "effectiveDateTime": week["week_start"], "component": components,
    }
    if week["note"]:
        resource["note"] = [{"text": week["note"]}]
    return resource


def _episode(episode: dict[str, Any], patient: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation", "id": "episode", "status": "final",
        "code": {"text": "withdrawal stage"}, "subject": {"reference": patient},
        "valueCodeableConcept": _code("withdrawal-stage", episode["stage"]),
        "component": [{"code": _code("episode-item", "withdrawn_weeks"),
                       "valueInteger": episode["withdrawn_weeks"]}],
    }
    if episode["assessed_at"]:
        resource["effectiveDateTime"] = episode["assessed_at"]
    return resource


def _risk(profile: dict[str, Any], patient: str) -> dict[str, Any]:
    return {"resourceType": "RiskAssessment", "id": "risk-profile", "status": "final",
            "subject": {"reference": patient},
            "basis": [{"display": instrument} for instrument in profile["based_on"]],
            "prediction": [{"outcome": _code("root", root["root"]),
                            "qualitativeRisk": _code("risk-level", root["level"])}
                           for root in profile["roots"]]}


def _flag(alert: dict[str, Any], patient: str) -> dict[str, Any]:
    return {"resourceType": "Flag", "id": f"alert-{alert['id']}", "status": "inactive",
            "code": _code("alert-kind", alert["kind"]), "subject": {"reference": patient},
            "period": {"start": alert["created_at"]}}


def _audit(event: dict[str, Any], patient: str, *, emergency_reason: str = "") -> dict[str, Any]:
    agent: dict[str, Any] = {"who": {"display": event["who"]}, "requestor": True}
    if event.get("role"):
        agent["role"] = [{"text": event["role"]}]
    if event.get("basis"):
        agent["policy"] = [f"{FHIR_BASE}/policy/{event['basis']}"]
    resource: dict[str, Any] = {
        "resourceType": "AuditEvent", "id": event["id"],
        "type": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110110",
                 "display": "Patient Record"},
        "subtype": [{"system": f"{CODES}/audit-event", "code": event["event"]}],
        "action": event["action"], "recorded": event["at"],
        "outcome": AUDIT_OUTCOME.get(event["outcome"], "4"),
        "agent": [agent], "source": {"observer": {"display": "Samen"}},
        "entity": [{"what": {"reference": patient}}],
    }
    if event.get("basis") == "break_the_glass" or emergency_reason:
        resource["purposeOfEvent"] = [{
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
                        "code": "ETREAT"}], **({"text": emergency_reason} if emergency_reason
                                                else {})}]
    return resource


def _audits(data: dict[str, Any], patient: str) -> list[dict[str, Any]]:
    out = []
    for n, emergency in enumerate(data["emergency_access"], 1):
        out.append(_audit({"id": f"emergency-{n}", "who": emergency["clinician"],
                           "role": "clinician", "event": "youth.emergency.access",
                           "action": "R", "at": emergency["started_at"], "outcome": "success",
                           "basis": "break_the_glass"}, patient,
                          emergency_reason=emergency["reason"]))
    for event in data["access_log"] or []:
        out.append(_audit({**event, "id": f"audit-{event['id']}"}, patient))
    return out


def _stored(data: dict[str, Any], young_person: YoungPerson) -> list[dict[str, Any]]:
    """QuestionnaireResponse and CarePlan, through the FHIR app's own mappings."""
    out = []
    ids = [r["id"] for r in data["questionnaire_responses"]]
    for stored in QuestionnaireResponse.objects.filter(pk__in=ids).order_by("authored_at", "pk"):
        instrument = find_instrument(stored.instrument_id)
        if instrument is not None:
            out.append(response_resource(stored, instrument))
    plan = CarePlan.objects.filter(young_person=young_person).first()
    if plan is not None:
        out.append(care_plan_resource(plan))
    return out


def build_bundle(data: dict[str, Any], young_person: YoungPerson, base: str) -> dict[str, Any]:
    """The Bundle of the export ``data``; every entry, and the Bundle, validated."""
    patient = f"Patient/{young_person.pk}"
    authored = {r["id"]: r["authored_at"] for r in data["questionnaire_responses"]}
    resources = [
        _patient(data["record"]), *_people(data, patient),
        *(_consent(g, patient) for g in data["consents"]),
        *(_task(a, patient) for a in data["questionnaire_assignments"]),
        *_stored(data, young_person),
        *(_score(s, patient, authored[s["response_id"]]) for s in data["scores"]),
        *(_week(w, patient) for w in [*data["weekly_follow_up"], *data["absence_imports"]]),
        _episode(data["episode"], patient), _risk(data["risk_profile"], patient),
        *(_flag(a, patient) for a in data["alerts"]), *_audits(data, patient),
    ]
    entries = []
    for resource in resources:
        kind = resource["resourceType"]
        validate_fhir(get_fhir_model_class(kind), resource, kind)
        entries.append({"fullUrl": f"{base}/{kind}/{resource['id']}", "resource": resource})
    bundle = {"resourceType": "Bundle", "type": "collection", "timestamp": data["generated_at"],
              "identifier": {"system": f"{FHIR_BASE}/NamingSystem/export-schema",
                             "value": data["schema"]},
              "entry": entries}
    return validate_fhir(get_fhir_model_class("Bundle"), bundle, "Bundle")
