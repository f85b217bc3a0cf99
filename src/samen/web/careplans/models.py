"""One care plan per young person: the young person's goals and the actions each stakeholder owns.

Goals and actions carry a ``version`` that every edit raises by one; a form sends the version it
was built from, and an edit made from an older version is refused (see ``actions.py``), so two
people editing at once never overwrite each other silently.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.web.accounts.roles import Role
from samen.web.youth.models import YoungPerson


class Level(models.TextChoices):
    """Who an action is for: the stakeholders of the lecture, plus the young person."""

    YOUNG_PERSON = "young_person", _("Young person")
    PARENTS = "parents", _("Parents")
    SCHOOL = "school", _("School")
    COMMUNITY = "community", _("Community")
    CARE = "care", _("Care")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# Roles that can own an action (never policy officers or organisation admins).
OWNER_ROLES: tuple[Role, ...] = (
    Role.YOUNG_PERSON, Role.PARENT, Role.SCHOOL_COORDINATOR, Role.YOUTH_WORKER, Role.CLINICIAN,
)
OWNER_ROLE_CHOICES = [(role.value, role.label) for role in OWNER_ROLES]
# The owner role a new action at a level gets unless the author picks another one.
DEFAULT_OWNER_ROLE: dict[str, Role] = {
    Level.YOUNG_PERSON: Role.YOUNG_PERSON,
    Level.PARENTS: Role.PARENT,
    Level.SCHOOL: Role.SCHOOL_COORDINATOR,
    Level.COMMUNITY: Role.YOUTH_WORKER,
    Level.CARE: Role.CLINICIAN,
}
OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)


class CarePlan(models.Model):
    """The one plan of a young person; created with its first goal or action."""

    young_person = models.OneToOneField(
        YoungPerson, on_delete=models.CASCADE, related_name="care_plan"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"care plan {self.young_person_id}"


class Goal(models.Model):
    """A small goal of the young person, which they tick off themselves."""

    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="goals")
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="plan_goals"
    )
    title = models.CharField(_("goal"), max_length=200)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    due = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(version__gte=1), name="goal_version_positive")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class PlanAction(models.Model):
    """One owned, dated action of the plan, optionally taken from the evidence catalogue."""

    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="actions")
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="plan_actions"
    )
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions",
        verbose_name=_("goal it serves"),
    )
    title = models.CharField(_("action"), max_length=200)
    level = models.CharField(_("stakeholder"), max_length=16, choices=Level.choices)
    owner_role = models.CharField(_("owner role"), max_length=24, choices=OWNER_ROLE_CHOICES)
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="plan_actions", verbose_name=_("owner"),
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    intervention_id = models.CharField(_("intervention from the evidence base"), max_length=64,
                                       blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = [models.F("due").asc(nulls_last=True), "pk"]
        indexes = [models.Index(fields=["status", "due"], name="planaction_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="planaction_version_positive"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        """Open or in progress with a due date before ``today`` (default: today, local time)."""
        day = today or timezone.localdate()
        return self.is_open and self.due is not None and self.due < day
