"""Weekly follow-up: days out of home, room-bound, school or work participation, impairment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.web.youth.models import YoungPerson


class Reporter(models.TextChoices):
    YOUNG_PERSON = "young_person", _("The young person")
    PARENT = "parent", _("A parent or guardian")
    SCHOOL = "school", _("The school")
    PROFESSIONAL = "professional", _("A professional")


class WeekEntry(models.Model):
    """One reporter's account of one week (Monday ``week_start``). Each reporter kind has at most
    one entry per week; a later entry of the same reporter kind replaces the earlier one."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="weeks")
    week_start = models.DateField(_("week starting (Monday)"))
    reporter = models.CharField(_("reported by"), max_length=16, choices=Reporter.choices)
    days_out = models.PositiveSmallIntegerField(_("days out of home"), null=True, blank=True)
    room_bound = models.BooleanField(_("stayed in own room most of the time"), null=True)
    participation_days = models.PositiveSmallIntegerField(
        _("days at school or work"), null=True, blank=True
    )
    absence_hours = models.DecimalField(
        _("unauthorised absence (hours)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    impairment = models.BooleanField(_("daily life impaired or distressed"), null=True)
    note = models.CharField(_("note"), max_length=280, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=16, default="web")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["week_start", "reporter"]
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "week_start", "reporter"], name="one_entry_per_reporter_week"
            ),
            models.CheckConstraint(
                condition=models.Q(days_out__lte=7), name="days_out_at_most_seven"
            ),
            models.CheckConstraint(
                condition=models.Q(participation_days__lte=7), name="participation_at_most_seven"
            ),
        ]
