"""Every write of the screening app: assigning a questionnaire and storing a scored response.

Forms, the API, FHIR and imports all call these functions; each runs in one transaction and
writes its audit event (field names, never values). A stored response notifies the alert rules
through :func:`samen.web.alerts.hooks.notify_change`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from samen.errors import SamenInputError
from samen.instruments import score
from samen.web.accounts.models import User
from samen.web.accounts.roles import CARE_ROLES, Role
from samen.web.alerts.hooks import notify_change
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction
from samen.web.screening.models import (
    AssignmentStatus,
    QuestionnaireAssignment,
    QuestionnaireResponse,
    Respondent,
)
from samen.web.screening.scores import can_fill_online, find_instrument
from samen.web.youth.access import Access, get_access

CHANNELS = frozenset({"web", "paper", "api", "fhir", "import", "seed"})  # seed: the synthetic demo region
"""Where a response came from; ``paper`` is a professional typing in a paper form."""

_RESPONDENT_ROLE = {Role.YOUNG_PERSON: Respondent.YOUNG_PERSON, Role.PARENT: Respondent.PARENT}


class ScreeningInputError(SamenInputError):
    """A refused screening write. ``code`` says why (the web form shows a translated message for
    it), ``field`` names the form field or item concerned where there is one."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        self.code = code
        self.field = field
        super().__init__(message)


def _audit(actor: Actor, access: Access, *, event: str, action: AuditAction, object_type: str,
           object_id: object, changed: tuple[str, ...]) -> None:
    record(
        actor, event=event, action=action, subject_id=access.young_person.pk,
        subject_pseudonym=access.young_person.pseudonym, role=access.role, basis=access.basis,
        organisation_name=access.organisation_name, object_type=object_type,
        object_id=object_id, changed_fields=changed,
    )


def respondent_user_for(access: Access, respondent: str, guardian: User | None) -> User | None:
    """The account that answers for ``respondent`` when ``access.user`` assigns or enters it:
    the young person's own account, the chosen guardian (who must be able to open the record),
    or the professional themselves. Raises :class:`ScreeningInputError` when there is none."""
    young_person = access.young_person
    if respondent == Respondent.YOUNG_PERSON:
        account = young_person.account
        if account is None or not account.is_active:
            raise ScreeningInputError(
                "no_account", "the young person has no account of their own", "respondent"
            )
        return account
    if respondent == Respondent.PARENT:
        if guardian is None:
            raise ScreeningInputError("guardian_required", "choose which parent", "guardian")
        reach = get_access(guardian, young_person)
        if reach is None or reach.role != Role.PARENT:
            raise ScreeningInputError(
                "guardian_without_access",
                "this parent is not a guardian who can open the record", "guardian",
            )
        return guardian
    if respondent == Respondent.PROFESSIONAL:
        return access.user
    raise ScreeningInputError("unknown_respondent", f"unknown respondent {respondent!r}",
                              "respondent")


@transaction.atomic
def do_assign_questionnaire(
    *, actor: Actor, access: Access, instrument_id: str, respondent: str,
    respondent_user: User, due: date | None = None,
) -> QuestionnaireAssignment:
    """A care professional on the team asks ``respondent_user`` to fill in an instrument."""
    if access.role not in CARE_ROLES:
        raise PermissionDenied("only a care professional on the team assigns questionnaires")
    instrument = find_instrument(instrument_id)
    if instrument is None:
        raise ScreeningInputError("unknown_instrument", f"unknown instrument {instrument_id!r}",
                                  "instrument")
    if not can_fill_online(instrument):
        raise ScreeningInputError(
            "wording_not_included",
            f"{instrument.short_name} has licensed wording that Samen does not include; enter a "
            "paper response instead", "instrument",
        )
    expected = respondent_user_for(
        access, respondent, respondent_user if respondent == Respondent.PARENT else None
    )
    if expected is None or expected.pk != respondent_user.pk:
        raise ScreeningInputError("wrong_respondent_user",
                                  "this account cannot answer as that respondent", "respondent")
    if due is not None and due < timezone.localdate():
        raise ScreeningInputError("due_in_past", "the due date lies in the past", "due")
    assignment = QuestionnaireAssignment.objects.create(
        young_person=access.young_person, instrument_id=instrument.id, respondent=respondent,
        respondent_user=respondent_user, assigned_by=access.user, due=due,
    )
    _audit(actor, access, event="screening.assignment.create", action=AuditAction.CREATE,
           object_type="questionnaire_assignment", object_id=assignment.pk,
           changed=("instrument_id", "respondent", "respondent_user", "due", "status"))
    return assignment


def _check_submitter(access: Access, author: User, respondent: str, channel: str,
                     assignment: QuestionnaireAssignment | None, instrument_id: str) -> None:
    if author.pk != access.user.pk:
        raise PermissionDenied("a response is authored by the user whose access is used")
    if access.role in CARE_ROLES:
        pass  # their own answers, or a paper form of anyone on the record
    elif access.role in _RESPONDENT_ROLE:
        if respondent != _RESPONDENT_ROLE[access.role] or channel == "paper":
            raise PermissionDenied("a young person or parent answers only for themselves")
    else:
        raise PermissionDenied("this role does not submit questionnaires")
    if assignment is None:
        if access.role not in CARE_ROLES:
            raise PermissionDenied("a young person or parent answers an assigned questionnaire")
        return
    if assignment.young_person_id != access.young_person.pk:
        raise ScreeningInputError("assignment_elsewhere", "the assignment is not on this record")
    if assignment.instrument_id != instrument_id:
        raise ScreeningInputError("assignment_instrument",
                                  "the assignment is for another questionnaire", "instrument")
    if assignment.status != AssignmentStatus.OPEN:
        raise ScreeningInputError("assignment_closed",
                                  "this questionnaire was already filled in or cancelled")
    if channel != "paper" and assignment.respondent_user_id != author.pk:
        raise PermissionDenied("only the assigned respondent fills in this questionnaire")


@transaction.atomic
def do_submit_response(
    *, actor: Actor, access: Access, instrument_id: str, answers: Mapping[str, int | None],
    respondent: str, author: User, channel: str, idempotency_key: str | None,
    assignment: QuestionnaireAssignment | None = None, respondent_user: User | None = None,
    authored_at: datetime | None = None,
) -> tuple[QuestionnaireResponse, bool]:
    """Score ``answers`` (item id -> published option value, ``None`` for unanswered) and store
    them with the scores; returns ``(response, created)``.

    A repeated ``idempotency_key`` returns the response stored first under it with
    ``created=False`` and writes nothing. Bad answers raise the typed errors of
    :mod:`samen.instruments.errors` (each names the item) before anything is written; a write
    the role may not make raises :class:`PermissionDenied`. ``respondent_user`` (who answered)
    defaults to the assignment's respondent, else the young person's own account for
    ``young_person``, else the author when answering for themselves; a parent entered on paper
    without an assignment stays unnamed.
    """
    key = idempotency_key or None
    if key is not None:
        existing = _replayed(access, key, instrument_id)
        if existing is not None:
            return existing, False
    if channel not in CHANNELS:
        raise ScreeningInputError("unknown_channel", f"unknown channel {channel!r}")
    if respondent not in Respondent.values:
        raise ScreeningInputError("unknown_respondent", f"unknown respondent {respondent!r}",
                                  "respondent")
    instrument = find_instrument(instrument_id)
    if instrument is None:
        raise ScreeningInputError("unknown_instrument", f"unknown instrument {instrument_id!r}",
                                  "instrument")
    if channel == "web" and not can_fill_online(instrument):
        raise ScreeningInputError("wording_not_included",
                                  f"{instrument.short_name} cannot be filled in online")
    _check_submitter(access, author, respondent, channel, assignment, instrument.id)
    result = score(instrument, dict(answers))  # raises before any write
    when = authored_at or timezone.now()
    if when > timezone.now():
        raise ScreeningInputError("authored_in_future", "the date lies in the future", "authored")
    if respondent_user is None:
        if assignment is not None:
            respondent_user = assignment.respondent_user
        elif respondent == Respondent.YOUNG_PERSON:
            respondent_user = access.young_person.account
        elif respondent == Respondent.PROFESSIONAL or access.role not in CARE_ROLES:
            respondent_user = author
    elif access.role not in CARE_ROLES and respondent_user.pk != author.pk:
        raise PermissionDenied("a young person or parent answers only for themselves")
    used = result.cutoff_used
    fields = {
        "young_person": access.young_person, "assignment": assignment,
        "instrument_id": instrument.id, "instrument_version": result.instrument_version,
        "scoring_version": result.scoring_version, "answers": result.answers,
        "total": result.total, "band": result.band.key if result.band else "",
        "risk": (result.band.risk or "") if result.band else "",
        "above_cutoff": result.above_cutoff,
        "subscales": {sid: sub.value for sid, sub in result.subscales.items()},
        "respondent": respondent, "respondent_user": respondent_user, "author": author,
        "author_role": str(access.role), "authored_at": when, "channel": channel,
        "idempotency_key": key, "cutoff_id": used.id if used else "",
        "cutoff_threshold": used.threshold if used else None,
        "alert_codes": [alert.code for alert in result.alerts],
    }
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin with the same key wins
            response = QuestionnaireResponse.objects.create(**fields)
    except IntegrityError:
        twin = _replayed(access, key, instrument.id) if key is not None else None
        if twin is None:
            raise
        return twin, False
    _audit(actor, access, event="screening.response.create", action=AuditAction.CREATE,
           object_type="questionnaire_response", object_id=response.pk,
           changed=tuple(name for name in fields if name not in {"young_person"}))
    if assignment is not None:
        assignment.status = AssignmentStatus.DONE
        assignment.save(update_fields=["status"])
        _audit(actor, access, event="screening.assignment.complete", action=AuditAction.UPDATE,
               object_type="questionnaire_assignment", object_id=assignment.pk,
               changed=("status",))
    notify_change(access.young_person.pk, "response")
    return response, True


def _replayed(access: Access, key: str, instrument_id: str) -> QuestionnaireResponse | None:
    """The response stored earlier under ``key``; a key used for another record, instrument or
    author is refused rather than answered with someone else's response."""
    existing = QuestionnaireResponse.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if (existing.young_person_id != access.young_person.pk
            or existing.instrument_id != instrument_id
            or existing.author_id != access.user.pk):
        raise ScreeningInputError("idempotency_conflict",
                                  "this idempotency key was used for another submission")
    return existing
