"""Every write of the privacy app: one transaction each, with its audit event.

The export writes no data but is audited here too, with the categories it holds (LOG-03).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction
from samen.web.privacy.erasure import erase_rows
from samen.web.privacy.export import exported_categories
from samen.web.privacy.models import Decision, DecisionReason, ErasureRequest, RequestKind
from samen.web.privacy.retention import ANSWER_MONTHS, DESTRUCTION_MONTHS, add_months, retention
from samen.web.privacy.rights import may_decide_destruction, may_export, may_request_erasure
from samen.web.youth.access import Access
from samen.web.youth.models import YoungPerson

DECLINE_REASONS = (DecisionReason.OTHER_INTEREST, DecisionReason.LEGAL_DUTY)
NOTE_MIN_LENGTH = 20
"""A declined destruction keeps the file: the note must let an auditor judge why."""


class RequestRefused(ValueError):
    """A request or decision the rules do not allow (the message says why, for the page)."""


def _audit(actor: Actor, access: Access, young_person: YoungPerson, *, event: str,
           action: AuditAction, object_type: str, object_id: object,
           changed: list[str] | tuple[str, ...] = ()) -> None:
    record(actor, event=event, action=action, subject_id=young_person.pk,
           subject_pseudonym=young_person.pseudonym, role=access.role, basis=access.basis,
           organisation_name=access.organisation_name, object_type=object_type,
           object_id=object_id, changed_fields=changed)


@transaction.atomic
def do_record_export(*, actor: Actor, access: Access, export: dict[str, Any],
                     fmt: str) -> list[str]:
    """Audit an export (NEN 7513 "copy"): the format as object, the categories as fields."""
    if not may_export(access):
        raise PermissionError("this person may not export the file")
    categories = exported_categories(export)
    _audit(actor, access, access.young_person, event=f"privacy.export.{fmt}",
           action=AuditAction.EXECUTE, object_type="export", object_id=fmt, changed=categories)
    return categories


def _erase(actor: Actor, access: Access, request: ErasureRequest,
           reason: DecisionReason) -> None:
    young_person = access.young_person
    deleted = erase_rows(young_person)
    # The record row is gone; the request keeps its id and pseudonym in fields of its own.
    request.young_person = None
    request.decision, request.decision_reason = Decision.ERASED, reason
    request.decided_at = timezone.now()
    request.save()
    _audit(actor, access, young_person, event="privacy.erasure.done", action=AuditAction.DELETE,
           object_type="young_person", object_id=young_person.pk,
           changed=sorted(name for name, count in deleted.items() if count))


@transaction.atomic
def do_request_erasure(*, actor: Actor, access: Access, kind: RequestKind) -> ErasureRequest:
    """File a request and decide what the rules decide at once.

    * no youth-care file, or its retention has ended: erased now (AVG art. 17);
    * a youth-care file, kind ``erasure``: refused, legal retention, with the date it ends;
    * a youth-care file, kind ``destruction`` (Jeugdwet 7.3.9): waits for a clinician of the
      care team, who decides within three months.
    """
    if not may_request_erasure(access):
        raise PermissionError("this person may not request erasure")
    young_person = access.young_person
    if ErasureRequest.objects.filter(young_person=young_person,
                                     decision=Decision.PENDING).exists():
        raise RequestRefused("a request for this record is already waiting for a decision")
    now = timezone.now()
    months = DESTRUCTION_MONTHS if kind == RequestKind.DESTRUCTION else ANSWER_MONTHS
    request = ErasureRequest.objects.create(
        young_person=young_person, subject_id=young_person.pk,
        subject_pseudonym=young_person.pseudonym, kind=kind, requested_by=access.user,
        requester_role=access.role, requested_at=now,
        due_by=add_months(timezone.localdate(now), months),
    )
    _audit(actor, access, young_person, event="privacy.erasure.request",
           action=AuditAction.CREATE, object_type="erasure_request", object_id=request.pk,
           changed=("kind",))
    kept = retention(young_person)
    if not kept.youth_care_file:
        _erase(actor, access, request, DecisionReason.NO_YOUTH_CARE_FILE)
    elif not kept.keeps(timezone.localdate(now)):
        _erase(actor, access, request, DecisionReason.RETENTION_EXPIRED)
    elif kind == RequestKind.ERASURE:
        request.decision = Decision.REFUSED_RETENTION
        request.decision_reason = DecisionReason.RETENTION_20_YEARS
        request.retained_until, request.decided_at = kept.retained_until, now
        request.save()
        _audit(actor, access, young_person, event="privacy.erasure.refuse",
               action=AuditAction.UPDATE, object_type="erasure_request", object_id=request.pk,
               changed=("decision", "retained_until"))
    return request


@transaction.atomic
def do_decide_destruction(*, actor: Actor, access: Access, request: ErasureRequest,
                          confirm: bool, reason: DecisionReason | None = None,
                          note: str = "") -> ErasureRequest:
    """A clinician of the care team honours a destruction request (the file is erased) or
    declines it for another's significant interest or a legal duty, with a note."""
    if not may_decide_destruction(access):
        raise PermissionError("only a clinician of the care team decides on destruction")
    young_person = access.young_person
    if request.young_person_id != young_person.pk or not request.is_pending:
        raise RequestRefused("this request is not waiting for a decision")
    request.decided_by = access.user
    if confirm:
        _erase(actor, access, request, DecisionReason.NO_OVERRIDING_INTEREST)
        return request
    note = note.strip()
    if reason not in DECLINE_REASONS or len(note) < NOTE_MIN_LENGTH:
        raise RequestRefused("a refusal needs a reason and a note of at least "
                             f"{NOTE_MIN_LENGTH} characters")
    kept = retention(young_person)
    request.decision, request.decision_reason, request.decision_note = (
        Decision.REFUSED_INTEREST, reason, note)
    request.retained_until, request.decided_at = kept.retained_until, timezone.now()
    request.save()
    _audit(actor, access, young_person, event="privacy.destruction.refuse",
           action=AuditAction.UPDATE, object_type="erasure_request", object_id=request.pk,
           changed=("decision", "decision_reason", "decision_note"))
    return request
