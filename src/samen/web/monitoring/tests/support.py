"""Helpers shared by the monitoring tests (dates relative to today, the worker's queue)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from samen.web.monitoring.absence import school_year_start
from samen.web.monitoring.checks import monday_of


def this_monday() -> date:
    return monday_of(timezone.localdate())


def mondays(n: int, *, end: date | None = None) -> list[date]:
    """The ``n`` Mondays ending at ``end`` (default this week's Monday), oldest first."""
    last = end or this_monday()
    return [last - timedelta(weeks=n - 1 - k) for k in range(n)]


def in_term() -> datetime:
    """Now, or a moment some weeks later when today is too close to 1 August for a test that
    needs six school weeks of this school year before today's week."""
    today = timezone.localdate()
    earliest = school_year_start(today) + timedelta(weeks=7)
    day = max(today, earliest)
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def queued_alerts() -> list[tuple[int, str]]:
    """(young person id, what) of every alert task in the database queue, oldest first."""
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(
        task_path="samen.web.alerts.tasks.evaluate_alerts"
    ).order_by("enqueued_at")
    return [(r.args_kwargs["args"][0], r.args_kwargs["args"][1]) for r in rows]
