"""Alerts: one notice for one recipient about one event, never twice for the same event.

``dedupe_key`` names the event (for example ``stage:12:3:pre_hikikomori``, the third stage change
of record 12); it is unique per recipient, so running the rules again finds the alert already
there. :class:`AlertState` remembers, per young person, the last stage alerted and the last
questionnaire response looked at, so the rules compare with what they saw before.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.web.careplans.models import PlanAction
from samen.web.youth.models import EmergencyAccess, Stage, YoungPerson


class AlertKind(models.TextChoices):
    STAGE_CHANGE = "stage_change", _("Stage changed")
    OVERDUE_ACTION = "overdue_action", _("Action overdue")
    WORSENING_SCORE = "worsening_score", _("Questionnaire score worse")
    EMERGENCY_ACCESS = "emergency_access", _("Emergency access")


class Alert(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    dedupe_key = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # What the alert is about; which fields are filled depends on the kind.
    stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    action = models.ForeignKey(PlanAction, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="alerts")
    instrument_id = models.CharField(max_length=16, blank=True)
    response_id = models.PositiveBigIntegerField(null=True, blank=True)
    previous_total = models.FloatField(null=True, blank=True)
    new_total = models.FloatField(null=True, blank=True)
    reason = models.CharField(max_length=16, blank=True)
    emergency = models.ForeignKey(EmergencyAccess, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="alerts")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="one_alert_per_event")
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="alert_recipient_unread")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id} ({self.dedupe_key})"


class AlertState(models.Model):
    """What the rules last saw for one young person."""

    young_person = models.OneToOneField(
        YoungPerson, on_delete=models.CASCADE, related_name="alert_state"
    )
    last_stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.NONE)
    stage_changes = models.PositiveIntegerField(default=0)
    last_response_id = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
