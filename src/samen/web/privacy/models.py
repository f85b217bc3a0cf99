"""Requests to erase or destroy a young person's file, and how each was decided.

A request outlives the record it is about: after an erasure the row keeps the record's id and
pseudonym (as the audit log does), so the controller can show that and when it honoured it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.web.youth.models import YoungPerson


class RequestKind(models.TextChoices):
    ERASURE = "erasure", _("Erasure (AVG article 17)")
    DESTRUCTION = "destruction", _("Destruction of the youth-care file (Jeugdwet 7.3.9)")


class Decision(models.TextChoices):
    PENDING = "pending", _("Waiting for the clinician's decision")
    ERASED = "erased", _("Erased")
    REFUSED_RETENTION = "refused_retention", _("Refused: legal retention")
    REFUSED_INTEREST = "refused_interest", _("Refused: another interest or the law prevents it")


class DecisionReason(models.TextChoices):
    """Fixed codes, so that a decision kept after an erasure holds no free text about anyone."""

    NO_YOUTH_CARE_FILE = "no_youth_care_file", _("No youth-care file: nothing must be kept")
    RETENTION_EXPIRED = "retention_expired", _("The retention period has ended")
    RETENTION_20_YEARS = "retention_20_years", _(
        "A youth-care file is kept 20 years after its last change (Jeugdwet 7.3.8)")
    NO_OVERRIDING_INTEREST = "no_overriding_interest", _(
        "No significant interest of someone else and no law prevents destruction")
    OTHER_INTEREST = "other_interest", _("A significant interest of someone else")
    LEGAL_DUTY = "legal_duty", _("A law requires the file to be kept")


class ErasureRequest(models.Model):
    young_person = models.ForeignKey(
        YoungPerson, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="erasure_requests",
    )
    subject_id = models.BigIntegerField(db_index=True)
    subject_pseudonym = models.CharField(max_length=24)
    kind = models.CharField(max_length=12, choices=RequestKind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requester_role = models.CharField(max_length=24)
    requested_at = models.DateTimeField()
    due_by = models.DateField()
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decision_reason = models.CharField(max_length=24, choices=DecisionReason.choices, blank=True)
    # Only on a declined destruction, when the file is kept anyway: why, in the clinician's words.
    decision_note = models.TextField(blank=True)
    retained_until = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} of {self.subject_pseudonym}: {self.decision}"

    @property
    def is_pending(self) -> bool:
        return self.decision == Decision.PENDING
