"""The dashboard's own data: monthly stage counts per municipality, and stored scenario comparisons.

Neither holds anything about a single person: a snapshot row is a count, a comparison is the
output of the population simulation (synthetic agents).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.web.youth.models import Stage


class StageSnapshot(models.Model):
    """How many records of a municipality were in a stage in a month (first day of ``month``).

    Written by ``take_monthly_snapshot`` (enqueued every six hours by ``samen_worker``): the
    current month's rows are overwritten until the month is over, so a past month keeps the last
    count taken in it. The dashboard's trend shows the twelve complete months before this one.
    """

    month = models.DateField(_("month"))
    municipality = models.CharField(_("municipality"), max_length=80)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    count = models.PositiveIntegerField(_("count"))
    taken_at = models.DateTimeField()

    class Meta:
        ordering = ["municipality", "month", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "municipality", "stage"], name="one_count_per_month_and_stage"
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="snapshot_month_is_first_of_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.month:%Y-%m} {self.stage}: {self.count}"


class ScenarioComparison(models.Model):
    """One run of ``samen.sim.compare``: OTHER against BASE with common random numbers.

    ``summary`` is the JSON of :func:`samen.sim.compare.render_comparison` (English labels; the
    pages label outcomes by id in the reader's language); ``titles`` holds both scenarios' titles
    in Dutch and English: ``{"base": {"nl": ..., "en": ...}, "other": {...}}``.
    """

    name = models.CharField(_("name"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    base = models.CharField(_("base scenario"), max_length=120)
    other = models.CharField(_("compared scenario"), max_length=120)
    agents = models.PositiveIntegerField(_("simulated people"))
    years = models.FloatField(_("simulated years"))
    runs = models.PositiveIntegerField(_("paired runs"))
    titles = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    def title(self, which: str, language: str) -> str:
        """The title of the ``"base"`` or ``"other"`` scenario in ``language`` (nl or en)."""
        titles: dict[str, Any] = self.titles.get(which, {})
        fallback = self.base if which == "base" else self.other
        return str(titles.get(language) or titles.get("en") or fallback)

    def outcomes(self) -> list[dict[str, Any]]:
        """The outcome rows of the compared scenario (``summary["others"][0]["outcomes"]``)."""
        others = self.summary.get("others") or [{}]
        return list(others[0].get("outcomes", []))
