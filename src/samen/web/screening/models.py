"""Questionnaires assigned to a respondent and the scored responses.

Scores are computed by ``samen.instruments.score`` when a response is saved and stored beside
the answers, with the instrument and scoring versions they were computed with.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.web.youth.models import YoungPerson


class Respondent(models.TextChoices):
    YOUNG_PERSON = "young_person", _("The young person")
    PARENT = "parent", _("A parent or guardian")
    PROFESSIONAL = "professional", _("A professional")


class AssignmentStatus(models.TextChoices):
    OPEN = "open", _("Waiting")
    DONE = "done", _("Filled in")
    CANCELLED = "cancelled", _("Cancelled")


class QuestionnaireAssignment(models.Model):
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="assignments"
    )
    instrument_id = models.CharField(_("questionnaire"), max_length=16)
    respondent = models.CharField(_("respondent"), max_length=16, choices=Respondent.choices)
    respondent_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="questionnaires_to_fill", verbose_name=_("who fills it in"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=AssignmentStatus.choices, default=AssignmentStatus.OPEN
    )

    class Meta:
        ordering = ["-assigned_at"]


class QuestionnaireResponse(models.Model):
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="responses"
    )
    assignment = models.OneToOneField(
        QuestionnaireAssignment, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="response",
    )
    instrument_id = models.CharField(max_length=16)
    instrument_version = models.CharField(max_length=32)
    scoring_version = models.CharField(max_length=32)
    answers = models.JSONField(help_text="item id -> published option value (before reversal)")
    total = models.FloatField(null=True)
    band = models.CharField(max_length=32, blank=True)
    risk = models.CharField(max_length=16, blank=True)
    above_cutoff = models.BooleanField(null=True)
    subscales = models.JSONField(default=dict, blank=True)
    respondent = models.CharField(max_length=16, choices=Respondent.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_role = models.CharField(max_length=24)
    authored_at = models.DateTimeField(db_index=True)
    channel = models.CharField(max_length=16, default="web")
    # A client-chosen key so that a repeated submission (double click, API retry) is stored once.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # Who answered, when known: the account that filled it in, or the account a paper response was
    # entered for (``author`` is then the professional who typed it in).
    respondent_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # The screening threshold the stored ``above_cutoff`` was judged against (the instrument's
    # default cut-off at the time), and the item alerts the answers raised (e.g. PHQ item 9).
    cutoff_id = models.CharField(max_length=32, blank=True)
    cutoff_threshold = models.FloatField(null=True, blank=True)
    alert_codes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-authored_at"]
        indexes = [models.Index(fields=["young_person", "instrument_id", "authored_at"])]
