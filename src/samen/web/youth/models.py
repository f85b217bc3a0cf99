"""The young person's pseudonymous record, guardians, organisations involved, care team, consent."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.web.accounts.models import Membership, Organisation
from samen.web.youth.ages import age_on


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other or not stated")


class Stage(models.TextChoices):
    """The withdrawal stage (the values of ``samen.instruments.withdrawal``'s stages)."""

    NONE = "none", _("No prolonged withdrawal")
    PRE_HIKIKOMORI = "pre_hikikomori", _("Pre-hikikomori (3 to 6 months)")
    HIKIKOMORI = "hikikomori", _("Hikikomori (6 months or more)")


class YoungPerson(models.Model):
    """A pseudonymous record: no name, no address, no BSN; birth month only (data minimisation)."""

    pseudonym = models.CharField(_("pseudonym"), max_length=24, unique=True)
    birth_month = models.DateField(
        _("birth month"), help_text=_("Stored as the first day of the month of birth.")
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    district = models.CharField(_("district"), max_length=80)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="young_person", verbose_name=_("own account"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The current episode, as ``samen.instruments.assess_withdrawal`` last judged it from the weekly
    # follow-up. Kept here (written only by ``samen.web.monitoring.actions``) so lists, alerts and
    # the policy dashboard need no recomputation.
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.NONE)
    severity = models.CharField(_("severity"), max_length=16, blank=True)
    withdrawn_weeks = models.PositiveIntegerField(_("weeks withdrawn"), default=0)
    stage_assessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pseudonym"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_month__day=1), name="birth_month_is_first_of_month"
            )
        ]

    def __str__(self) -> str:
        return self.pseudonym

    def age_on(self, day: date) -> int:
        return age_on(self.birth_month, day)


class Guardianship(models.Model):
    """A parent or guardian of the young person; ``has_authority`` is Dutch *gezag*."""

    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="guardianships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guardianships"
    )
    has_authority = models.BooleanField(_("has parental authority (gezag)"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["young_person", "user"], name="one_guardianship")
        ]


class Involvement(models.Model):
    """An organisation involved with the young person (school, care provider, community)."""

    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="involvements"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="involvements"
    )
    since = models.DateField(_("since"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "organisation"], name="one_involvement_per_org"
            )
        ]


class CareTeamMember(models.Model):
    """A professional on the young person's care team, through one organisation membership."""

    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="care_team"
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="care_teams"
    )
    is_active = models.BooleanField(default=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "membership"], name="one_team_place_per_membership"
            )
        ]


class ConsentScope(models.TextChoices):
    ORGANISATION = "organisation", _("Share with an organisation's care-team members")
    GUARDIANS = "guardians", _("Share with my parents or guardians")


class ConsentGrant(models.Model):
    """One person's consent to share the record; withdrawing sets ``withdrawn_at`` (kept for audit)."""

    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="consents"
    )
    scope = models.CharField(max_length=16, choices=ConsentScope.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="consents"
    )
    grantor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consents_given"
    )
    grantor_is_young_person = models.BooleanField()
    granted_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scope="organisation", organisation__isnull=False)
                    | models.Q(scope="guardians", organisation__isnull=True)
                ),
                name="organisation_scope_names_an_organisation",
            )
        ]

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


EMERGENCY_HOURS = 8
"""How long break-the-glass access lasts unless ended earlier (AZ-06: time-boxed)."""
EMERGENCY_REASON_MIN_LENGTH = 20
"""A reason must say something: "urgent" alone does not let an auditor judge the access."""


class EmergencyAccess(models.Model):
    """Break the glass: a clinician reads a record outside the care team, for a stated reason and
    for a limited time. Rows are kept after they end: auditors list them (NEN 7513 noodprocedure).
    """

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="emergency_accesses"
    )
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("started_at")),
                name="emergency_access_expires_after_start",
            )
        ]

    def is_active_at(self, when: datetime) -> bool:
        return self.ended_at is None and self.started_at <= when < self.expires_at
