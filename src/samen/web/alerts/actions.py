"""Writes of the alerts app: marking an alert read (the rules create alerts, see ``rules.py``)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from samen.web.alerts.models import Alert
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction
from samen.web.youth.access import Access


@transaction.atomic
def do_mark_alert_read(*, actor: Actor, access: Access, alert: Alert) -> Alert:
    """The recipient marks one of their alerts read (idempotent)."""
    if alert.recipient_id != access.user.pk or alert.young_person_id != access.young_person.pk:
        raise PermissionError("only the recipient marks an alert read")
    if alert.read_at is None:
        alert.read_at = timezone.now()
        alert.save(update_fields=["read_at"])
        record(
            actor, event="alerts.alert.mark_read", action=AuditAction.UPDATE,
            subject_id=access.young_person.pk, subject_pseudonym=access.young_person.pseudonym,
            role=access.role, basis=access.basis, organisation_name=access.organisation_name,
            object_type="alert", object_id=alert.pk, changed_fields=("read_at",),
        )
    return alert
