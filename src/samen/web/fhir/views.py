"""FHIR R4 endpoints (JSON, ``application/fhir+json``) under ``/fhir/``.

Authentication is the API's (``samen.web.api.auth``: bearer token or session cookie with CSRF);
every person is reached through ``youth.access`` with channel ``fhir``, so reads and writes are
audited like the web's, and a record that is missing or not yours answers 404. Every error is an
``OperationOutcome`` (see ``outcome.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import HttpError

from samen.errors import SamenInputError
from samen.instruments import list_instruments
from samen.instruments.errors import AnswerError, FhirError
from samen.instruments.fhir_questionnaire import questionnaire_url
from samen.instruments.fhir_response import SCORED_STATUSES, answers_from_response
from samen.web.accounts.roles import CARE_ROLES, Role
from samen.web.api.auth import authenticate_request
from samen.web.api.routers.people import reach
from samen.web.api.routers.screening import checked_key, submit
from samen.web.api.schemas import ResponseIn
from samen.web.careplans.models import CarePlan
from samen.web.fhir import resources
from samen.web.fhir.outcome import FhirProblem, fhir_response, outcome_response
from samen.web.screening.models import QuestionnaireResponse
from samen.web.screening.views import sees_items, visible_responses

View = Callable[..., HttpResponse]
ROOT = "QuestionnaireResponse"
_PATIENT = re.compile(r"^Patient/([1-9][0-9]{0,18})$")
_NUMERIC_ID = re.compile(r"^[1-9][0-9]{0,18}$")
MAX_ID = 2**63 - 1
SOURCE_RESPONDENT = {"Patient": "young_person", "RelatedPerson": "parent",
                     "Practitioner": "professional", "PractitionerRole": "professional"}


def fhir_endpoint(*methods: str) -> Callable[[View], View]:
    """Allowed methods, authentication and every expected error as an OperationOutcome."""

    def decorate(view: View) -> View:
        @csrf_exempt  # the auth below checks CSRF for session writes; bearer needs none
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                if request.method not in methods:
                    raise FhirProblem(405, f"{request.method} is not supported here; use "
                                           f"{' or '.join(methods)}.")
                authenticate_request(request)
                return view(request, *args, **kwargs)
            except FhirProblem as problem:
                return outcome_response(problem)
            except Http404:
                return outcome_response(FhirProblem(404, "Not found (or not yours to see)."))
            except PermissionDenied as exc:
                return outcome_response(FhirProblem(403, str(exc) or "Your role may not do this."))
            except HttpError as exc:  # 401 and CSRF from the auth, 404/409/422 from the action
                return outcome_response(FhirProblem(exc.status_code, str(exc),
                                                    _expression(getattr(exc, "field", None))))
            except SamenInputError as exc:
                return outcome_response(FhirProblem(422, str(exc), _input_expression(exc)))
            except RequestDataTooBig:
                limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
                return outcome_response(FhirProblem(
                    413, f"The request body is larger than {limit:g} MB; send less at a time."))
            except SuspiciousOperation:
                return outcome_response(FhirProblem(400, "The request could not be read."))

        return wrapper

    return decorate


def _expression(field: str | None) -> str | None:
    """An API field (``body.answers.q3``) as a FHIRPath into the QuestionnaireResponse."""
    if not field:
        return None
    if field.startswith("body.answers."):
        return f"{ROOT}.item.where(linkId='{field.removeprefix('body.answers.')}')"
    if field == "header.Idempotency-Key":
        return None
    if field.startswith("body.authored"):
        return f"{ROOT}.authored"
    return field.removeprefix("body.")


def _input_expression(exc: SamenInputError) -> str | None:
    if isinstance(exc, FhirError):
        return exc.path
    if isinstance(exc, AnswerError) and exc.item:
        return f"{ROOT}.item.where(linkId='{exc.item}')"
    return None


def _row_id(resource_id: str) -> int | None:
    """A stored row's id from a FHIR logical id, or ``None`` (not a 64-bit positive number)."""
    if not _NUMERIC_ID.match(resource_id) or int(resource_id) > MAX_ID:
        return None
    return int(resource_id)


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("fhir:questionnaire-search")).removesuffix(
        "/Questionnaire")


# -- Questionnaire ------------------------------------------------------------------------------


@fhir_endpoint("GET")
def questionnaire_search(request: HttpRequest) -> HttpResponse:
    """All Questionnaires as a searchset Bundle; ``?url=`` or ``?name=`` narrow it."""
    found = list_instruments()
    url = request.GET.get("url")
    if url:
        wanted = url.partition("|")[0]
        found = [i for i in found if questionnaire_url(i.id) == wanted]
    name = request.GET.get("name")
    if name:
        found = [i for i in found if resources.questionnaire_resource(i)["name"].lower()
                 == name.lower()]
    return fhir_response(resources.questionnaire_bundle(_base(request), found))


@fhir_endpoint("GET")
def questionnaire_read(request: HttpRequest, resource_id: str) -> HttpResponse:
    inst = resources.find_instrument(resource_id)
    if inst is None:
        raise FhirProblem(404, f"No Questionnaire {resource_id!r}; GET /fhir/Questionnaire "
                               "lists them.")
    return fhir_response(resources.questionnaire_resource(inst))


# -- QuestionnaireResponse ----------------------------------------------------------------------


def _json_body(request: HttpRequest) -> dict[str, Any]:
    try:
        resource = json.loads(request.body or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FhirProblem(400, f"The body is not JSON: {exc}") from exc
    if not isinstance(resource, dict):
        raise FhirProblem(400, "The body must be one FHIR resource (a JSON object).")
    return resource


def _subject_id(resource: dict[str, Any]) -> int:
    subject = resource.get("subject")
    reference = subject.get("reference") if isinstance(subject, dict) else None
    match = _PATIENT.match(reference) if isinstance(reference, str) else None
    if match is None or int(match.group(1)) > MAX_ID:
        raise FhirProblem(422, "subject must reference the young person as 'Patient/<id>' "
                               f"(got {reference!r}).", f"{ROOT}.subject")
    return int(match.group(1))


def _authored(resource: dict[str, Any]) -> datetime | None:
    raw = resource.get("authored")
    if raw is None:
        return None
    moment = parse_datetime(raw) if isinstance(raw, str) else None
    if moment is None or moment.utcoffset() is None:
        raise FhirProblem(422, "authored must be a dateTime with a time and a time zone, e.g. "
                               f"2026-03-02T10:00:00+01:00 (got {raw!r}).", f"{ROOT}.authored")
    return moment


def _respondent(resource: dict[str, Any], role: Role) -> str:
    """Who answered: from ``source`` (Patient, RelatedPerson, Practitioner), else from the role
    of the sender (a care professional sending without ``source`` enters the young person's)."""
    source = resource.get("source")
    reference = source.get("reference") if isinstance(source, dict) else None
    if isinstance(reference, str) and "/" in reference:
        kind = reference.split("/", 1)[0]
        if kind not in SOURCE_RESPONDENT:
            raise FhirProblem(422, f"source {reference!r} is not a Patient, RelatedPerson or "
                                   "Practitioner.", f"{ROOT}.source")
        return SOURCE_RESPONDENT[kind]
    if role == Role.PARENT:
        return "parent"
    return "professional" if role in CARE_ROLES and source is not None else "young_person"


@fhir_endpoint("POST")
def questionnaire_response_create(request: HttpRequest) -> HttpResponse:
    """Store a completed QuestionnaireResponse for ``subject`` (``Patient/<young person id>``)
    through the screening action (channel ``fhir``); 201 with ``Location``, or 200 with the
    stored resource when an ``Idempotency-Key`` repeats."""
    resource = _json_body(request)
    if resource.get("resourceType") != ROOT:
        raise FhirProblem(422, f"resourceType is {resource.get('resourceType')!r}, expected "
                               f"{ROOT!r}.", f"{ROOT}.resourceType")
    access = reach(request, _subject_id(resource), "fhir.questionnaire_response.create",
                   object_type="questionnaire_response", channel="fhir")
    inst, answers = answers_from_response(resource)
    if resource["status"] not in SCORED_STATUSES:
        raise FhirError(f"{ROOT}.status", f"is {resource['status']!r}; only completed or "
                                          "amended responses are stored")
    key = checked_key(request.headers.get("Idempotency-Key"))
    payload = ResponseIn(instrument=inst.id, answers=answers,
                         respondent=_respondent(resource, access.role),  # type: ignore[arg-type]
                         authored_at=_authored(resource))
    stored, created = submit(request, access, payload, key, "fhir")
    body = resources.response_resource(stored, inst)
    response = fhir_response(body, status=201 if created else 200)
    response["Location"] = request.build_absolute_uri(
        reverse("fhir:questionnaire-response-read", args=[stored.pk]))
    return response


@fhir_endpoint("GET")
def questionnaire_response_read(request: HttpRequest, resource_id: str) -> HttpResponse:
    """A stored response, by the web's rules: the care team sees every response of the record,
    a young person or parent only their own; the item answers that make up the resource are
    clinical content, so a school coordinator or youth worker gets 403 (they see totals in the
    API's ``/responses``)."""
    pk = _row_id(resource_id)
    if pk is None:  # names no row at all (and may hold characters the audit log cannot store)
        raise Http404("No such response")
    found = QuestionnaireResponse.objects.filter(pk=pk).values_list(
        "young_person_id", flat=True).first()
    access = reach(request, found, "fhir.questionnaire_response.read",
                   object_type="questionnaire_response", object_id=pk, channel="fhir")
    stored = visible_responses(access).filter(pk=pk).first()
    inst = resources.find_instrument(stored.instrument_id) if stored else None
    if stored is None or inst is None:
        raise Http404("No such response")
    if not sees_items(access):
        raise FhirProblem(403, "Your role sees the totals of questionnaires, not the item "
                               "answers a QuestionnaireResponse holds; use GET /api/v1/"
                               f"young-people/{access.young_person.pk}/responses.")
    return fhir_response(resources.response_resource(stored, inst))


# -- CarePlan -----------------------------------------------------------------------------------


@fhir_endpoint("GET")
def care_plan_read(request: HttpRequest, resource_id: str) -> HttpResponse:
    """A young person's care plan as an R4 CarePlan, only for those who may open the record."""
    pk = _row_id(resource_id)
    if pk is None:  # names no row at all (and may hold characters the audit log cannot store)
        raise Http404("No such care plan")
    found = CarePlan.objects.filter(pk=pk).values_list("young_person_id", flat=True).first()
    access = reach(request, found, "fhir.care_plan.read", object_type="care_plan",
                   object_id=pk, channel="fhir")
    plan = CarePlan.objects.filter(young_person=access.young_person,
                                   pk=pk).select_related("young_person").first()
    if plan is None:
        raise Http404("No such care plan")
    return fhir_response(resources.care_plan_resource(plan))


@csrf_exempt
def not_found(request: HttpRequest) -> HttpResponse:
    return outcome_response(FhirProblem(404, "No such FHIR endpoint. Samen serves Questionnaire, "
                                             "QuestionnaireResponse and CarePlan."))
