"""The append-only audit log of every read and write of a person's data (NEN 7513 fields)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """NEN 7513 / DICOM EventActionCode."""

    CREATE = "C", _("Create")
    READ = "R", _("Read")
    UPDATE = "U", _("Update")
    DELETE = "D", _("Delete")
    EXECUTE = "E", _("Execute")


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    DENIED = "denied", _("Denied")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Bulk ``update`` and ``delete`` bypass the model's methods, so they refuse here as well."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class AuditEvent(models.Model):
    """One event. Rows are never changed or deleted: ``save`` refuses updates, ``delete`` refuses.

    The person is kept as id and pseudonym, not as a foreign key, so that the log outlives an
    erased record (the log's own retention is at least five years, NEN 7513 / Stcrt. 2019-38007).
    """

    occurred_at = models.DateTimeField(db_index=True)
    # Who: the user, the role they acted in, and the responsible user they acted for.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_username = models.CharField(max_length=150)
    actor_role = models.CharField(max_length=24, blank=True)
    organisation_name = models.CharField(max_length=120, blank=True)
    responsible_username = models.CharField(max_length=150, blank=True)
    # What: the event, its action code and outcome, the object touched and the fields changed.
    event = models.CharField(max_length=64)
    action = models.CharField(max_length=1, choices=AuditAction.choices)
    outcome = models.CharField(max_length=8, choices=AuditOutcome.choices)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    changed_fields = models.JSONField(default=list, blank=True)
    # Which person, on what basis (self, guardian, care team with consent, break the glass).
    subject_id = models.BigIntegerField(null=True, db_index=True)
    subject_pseudonym = models.CharField(max_length=24, blank=True)
    basis = models.CharField(max_length=24, blank=True)
    # From where: address, client, channel (web, api, fhir, import, worker) and path.
    ip_address = models.GenericIPAddressField(null=True)
    user_agent = models.CharField(max_length=256, blank=True)
    channel = models.CharField(max_length=16)
    path = models.CharField(max_length=256, blank=True)
    # Tamper evidence: each event's SHA-256 covers its own fields and the previous event's hash
    # (see ``chain.py``); ``samen audit verify`` recomputes the chain.
    previous_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["subject_id", "occurred_at"])]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class AuditChainHead(models.Model):
    """The single row that holds the newest event's id and hash.

    Writers lock it (``SELECT ... FOR UPDATE``) so events are chained one after another, and the
    verifier compares it with the last event, so that removing the newest events is noticed too.
    """

    last_event_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)
