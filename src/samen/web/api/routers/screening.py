"""``/young-people/{id}/responses``: scored questionnaire responses, read and submitted.

A submission goes through ``screening.actions.do_submit_response`` with channel ``api`` (the
same rules as the web form: a young person or parent answers an assigned questionnaire for
themselves; a care professional on the team may enter any). An ``Idempotency-Key`` header makes
a retried submission store once: the repeat answers 200 with the response stored first.
"""

from __future__ import annotations

import re

from django.http import HttpRequest
from ninja import Router, Status
from ninja.params.functions import Header

from samen.web.accounts.models import User
from samen.web.accounts.roles import Role
from samen.web.api.errors import COMMON, ApiError, ErrorBody
from samen.web.api.routers.people import actor_of, person_id, reach
from samen.web.api.schemas import ResponseIn, ResponseOut
from samen.web.screening.actions import ScreeningInputError, do_submit_response
from samen.web.screening.models import (
    AssignmentStatus,
    QuestionnaireAssignment,
    QuestionnaireResponse,
)
from samen.web.screening.views import sees_items, visible_responses
from samen.web.youth.access import Access

router = Router(tags=["screening"])

IDEMPOTENCY_KEY_MAX = 64
_KEY = re.compile(r"^[\x21-\x7e]{1," + str(IDEMPOTENCY_KEY_MAX) + "}$")


def checked_key(key: str | None) -> str | None:
    """An ``Idempotency-Key``: 1 to 64 visible ASCII characters (or none at all)."""
    if not key:
        return None
    if not _KEY.match(key):
        raise ApiError(422, f"Idempotency-Key must be 1 to {IDEMPOTENCY_KEY_MAX} visible ASCII "
                            "characters.", "header.Idempotency-Key")
    return key


def response_out(response: QuestionnaireResponse, *, items: bool = True) -> ResponseOut:
    """``items`` False leaves out the item answers and item alerts (clinical content)."""
    return ResponseOut(
        id=response.pk, young_person_id=response.young_person_id,
        instrument=response.instrument_id, instrument_version=response.instrument_version,
        scoring_version=response.scoring_version, respondent=response.respondent,
        answers=response.answers if items else None, total=response.total,
        band=response.band, risk=response.risk, above_cutoff=response.above_cutoff,
        cutoff_id=response.cutoff_id, cutoff_threshold=response.cutoff_threshold,
        subscales=response.subscales,
        alert_codes=list(response.alert_codes) if items else None,
        authored_at=response.authored_at, author_role=response.author_role,
        channel=response.channel, assignment_id=response.assignment_id,
    )


def find_assignment(access: Access, instrument_id: str,
                    assignment_id: int | None) -> QuestionnaireAssignment | None:
    """The assignment a submission answers: the one named (in this record, else 404), or for a
    young person or parent their oldest open one of the instrument."""
    found = QuestionnaireAssignment.objects.filter(young_person=access.young_person)
    if assignment_id is not None:
        assignment = found.filter(pk=assignment_id).first()
        if assignment is None:
            raise ApiError(404, "No such assignment in this record.", "body.assignment_id")
        return assignment
    if access.role in (Role.YOUNG_PERSON, Role.PARENT):
        return (found.filter(instrument_id=instrument_id, respondent_user=access.user,
                             status=AssignmentStatus.OPEN)
                .order_by("assigned_at", "pk").first())
    return None


def submit(request: HttpRequest, access: Access, payload: ResponseIn, key: str | None,
           channel: str) -> tuple[QuestionnaireResponse, bool]:
    """Store a response through the screening action; its refusals become API errors."""
    user = access.user
    assert isinstance(user, User)
    assignment = find_assignment(access, payload.instrument, payload.assignment_id)
    try:
        return do_submit_response(
            actor=actor_of(request, channel),
            access=access, instrument_id=payload.instrument, answers=payload.answers,
            respondent=payload.respondent, author=user, channel=channel,
            idempotency_key=key, assignment=assignment, authored_at=payload.authored_at,
        )
    except ScreeningInputError as exc:
        if exc.code == "idempotency_conflict":
            raise ApiError(409, str(exc), "header.Idempotency-Key") from exc
        raise ApiError(422, str(exc), f"body.{exc.field}" if exc.field else None) from exc


@router.get("/young-people/{young_person_id}/responses",
            response={200: list[ResponseOut], **COMMON}, summary="Scored responses")
def list_responses(request: HttpRequest,
                   young_person_id: int = person_id()) -> list[ResponseOut]:
    """The responses you may see, with their stored scores, newest first (as on the web: the care
    team sees all, a young person or parent their own; item answers only the clinician and the
    respondents themselves)."""
    access = reach(request, young_person_id, "api.responses.list",
                   object_type="questionnaire_response")
    items = sees_items(access)
    found = visible_responses(access).order_by("-authored_at", "-pk")
    return [response_out(r, items=items) for r in found]


@router.post("/young-people/{young_person_id}/responses",
             response={201: ResponseOut, 200: ResponseOut, 400: ErrorBody, 403: ErrorBody,
                       409: ErrorBody, 413: ErrorBody, **COMMON},
             summary="Submit a response (scored on arrival)")
def create_response(
    request: HttpRequest, payload: ResponseIn, young_person_id: int = person_id(),
    idempotency_key: str | None = Header(
        default=None, alias="Idempotency-Key", max_length=IDEMPOTENCY_KEY_MAX,
        description="A key you choose per submission; a retry with the same key is stored "
                    "once and answers 200 with the first response."),
) -> Status[ResponseOut]:
    """Scores ``answers`` with ``samen.instruments`` and stores them. 422 names the item of a bad
    answer (``field`` = ``body.answers.<item>``); 403 when your role may not submit it."""
    access = reach(request, young_person_id, "api.responses.create",
                   object_type="questionnaire_response")
    key = checked_key(idempotency_key)
    response, created = submit(request, access, payload, key, "api")
    return Status(201 if created else 200, response_out(response))
