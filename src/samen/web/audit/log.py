"""Write audit events. Views and actions call :func:`record`; nothing else writes the table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from samen.web.accounts.models import User
from samen.web.audit.chain import entry_hash
from samen.web.audit.models import AuditAction, AuditChainHead, AuditEvent, AuditOutcome


@dataclass(frozen=True)
class Actor:
    """Who acts and from where: built once per request (or per worker job) and passed down."""

    user: User | None
    channel: str
    ip_address: str | None = None
    user_agent: str = ""
    path: str = ""
    # The HTTP method (not stored): lets the access helper refuse writes under emergency access.
    method: str = ""

    @classmethod
    def from_request(cls, request: HttpRequest, channel: str = "web") -> Actor:
        user = request.user if request.user.is_authenticated else None
        return cls(
            user=user,
            channel=channel,
            ip_address=request.META.get("REMOTE_ADDR"),
            user_agent=_printable(request.META.get("HTTP_USER_AGENT", ""))[:256],
            path=_printable(request.path)[:256],
            method=request.method or "",
        )

    @classmethod
    def system(cls, channel: str = "worker") -> Actor:
        return cls(user=None, channel=channel)


def _printable(text: str) -> str:
    """Drop control characters (a NUL would make PostgreSQL refuse the audit row)."""
    return "".join(ch for ch in text if ch.isprintable())


@dataclass(frozen=True)
class Entry:
    """What one audit event says, apart from who acted and when (see :func:`record`)."""

    event: str
    action: AuditAction
    subject_id: int | None = None
    subject_pseudonym: str = ""
    role: str = ""
    organisation_name: str = ""
    basis: str = ""
    object_type: str = ""
    object_id: object = ""
    changed_fields: Iterable[str] = ()
    outcome: AuditOutcome = AuditOutcome.SUCCESS
    responsible_username: str = ""


def record(
    actor: Actor,
    *,
    event: str,
    action: AuditAction,
    subject_id: int | None = None,
    subject_pseudonym: str = "",
    role: str = "",
    organisation_name: str = "",
    basis: str = "",
    object_type: str = "",
    object_id: object = "",
    changed_fields: Iterable[str] = (),
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
    responsible_username: str = "",
) -> AuditEvent:
    """Append one audit event to the hash chain and return it."""
    return record_many(actor, [Entry(
        event=event, action=action, subject_id=subject_id, subject_pseudonym=subject_pseudonym,
        role=role, organisation_name=organisation_name, basis=basis, object_type=object_type,
        object_id=object_id, changed_fields=changed_fields, outcome=outcome,
        responsible_username=responsible_username,
    )])[0]


def record_many(actor: Actor, entries: Iterable[Entry]) -> list[AuditEvent]:
    """Append several events by one actor, in order, in one transaction.

    A list page audits every record it shows; one event at a time would cost a commit and a turn
    at the chain head's lock per record, which under load is most of the page's time.
    """
    user = actor.user
    now = timezone.now()
    events = [AuditEvent(
        occurred_at=now,
        actor=user,
        actor_username=user.get_username() if user else f"[{actor.channel}]",
        actor_role=entry.role,
        organisation_name=entry.organisation_name,
        responsible_username=entry.responsible_username or (user.get_username() if user else ""),
        event=entry.event,
        action=entry.action,
        outcome=entry.outcome,
        object_type=entry.object_type,
        object_id=str(entry.object_id),
        changed_fields=sorted(entry.changed_fields),
        subject_id=entry.subject_id,
        subject_pseudonym=entry.subject_pseudonym,
        basis=entry.basis,
        ip_address=actor.ip_address,
        user_agent=actor.user_agent,
        channel=actor.channel,
        path=actor.path,
    ) for entry in entries]
    if not events:
        return []
    with transaction.atomic():
        # The head row is the lock that orders writers. Migration 0003 creates it; it is created
        # here too for a database emptied without migrations (tests that flush all tables).
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        previous = head.last_hash
        for event in events:
            event.previous_hash = previous
            event.entry_hash = previous = entry_hash(event, previous)
        if len(events) > 1 and connection.features.can_return_rows_from_bulk_insert:
            # Ids come back in insertion order, which is the chain's order.
            AuditEvent.objects.bulk_create(events)
        else:
            for event in events:
                event.save()
        head.last_event_id, head.last_hash = events[-1].pk, previous
        head.save(update_fields=["last_event_id", "last_hash"])
    return events
