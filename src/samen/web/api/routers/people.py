"""``/young-people``: the records the caller may open (the same access rules as the web)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone, translation
from ninja import Router
from ninja.params.functions import Path

from samen.web.api.errors import COMMON, ErrorBody
from samen.web.api.schemas import Text, YoungPersonOut
from samen.web.audit.log import Actor
from samen.web.youth.access import (
    Access,
    accessible_young_people,
    audit_reads,
    get_young_person_for_user,
)
from samen.web.youth.models import Stage, YoungPerson

router = Router(tags=["young people"])

MAX_ID = 2**63 - 1
"""Ids are 64-bit; a larger number is refused as invalid (422) rather than looked up."""


def person_id() -> int:
    """The path parameter every person route uses (documented range, so fuzzers stay in it)."""
    parameter: int = Path(..., ge=1, le=MAX_ID, description="The young person's id.", example=12)
    return parameter


def actor_of(request: HttpRequest, channel: str = "api") -> Actor:
    return Actor.from_request(request, channel=channel)


def reach(request: HttpRequest, young_person_id: object, event: str, *, object_type: str = "",
          object_id: object = "", channel: str = "api") -> Access:
    """The access helper for API (and FHIR) routes: 404 for missing and not-yours, audited."""
    return get_young_person_for_user(actor_of(request, channel), young_person_id, event=event,
                                     object_type=object_type, object_id=object_id)


def stage_label(stage: str) -> Text:
    try:
        choice = Stage(stage)
    except ValueError:
        return Text(nl=stage, en=stage)
    with translation.override("nl"):
        nl = str(choice.label)
    with translation.override("en"):
        en = str(choice.label)
    return Text(nl=nl, en=en)


def person_out(access: Access) -> YoungPersonOut:
    person: YoungPerson = access.young_person
    return YoungPersonOut(
        id=person.pk, pseudonym=person.pseudonym, age=person.age_on(timezone.localdate()),
        district=person.district, stage=person.stage, stage_label=stage_label(person.stage),
        severity=person.severity or None, withdrawn_weeks=person.withdrawn_weeks,
        stage_assessed_at=person.stage_assessed_at, role=str(access.role),
    )


@router.get("/young-people", response={200: list[YoungPersonOut], 401: ErrorBody},
            summary="Records you may open")
def list_young_people(request: HttpRequest) -> list[YoungPersonOut]:
    """Every record the caller may open now (self, children, caseload), by pseudonym. Each listed
    record's read is audited. Policy officers and organisation admins get an empty list."""
    actor = actor_of(request)
    accesses = sorted(accessible_young_people(request.user),  # type: ignore[arg-type]
                      key=lambda a: a.young_person.pseudonym)
    audit_reads(actor, accesses, event="api.young_people.list")
    return [person_out(access) for access in accesses]


@router.get("/young-people/{young_person_id}", response={200: YoungPersonOut, **COMMON},
            summary="One record")
def get_young_person(request: HttpRequest,
                     young_person_id: int = person_id()) -> YoungPersonOut:
    access = reach(request, young_person_id, "api.young_person.read")
    return person_out(access)
