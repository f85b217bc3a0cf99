"""Retention of the audit log: kept at least ``SAMEN_AUDIT_RETENTION_YEARS`` (5 or more), never
deleted by the app.

The table is append-only (the model and its queryset refuse deletes, PostgreSQL's trigger refuses
DELETE and TRUNCATE) and hash-chained, so removing old events is not an app function: an operator
archives them with ``samen audit export --until`` and follows the procedure of decision 0009.
:func:`archive_candidates` is the one place that says which events that procedure may take, and
it refuses any period that reaches into the retention time.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.utils import timezone

from samen.web.audit.models import AuditEvent
from samen.web.config import MIN_AUDIT_RETENTION_YEARS


class RetentionRefused(PermissionError):
    """A request to give up audit events that are still within the retention time."""


def retention_years() -> int:
    years = int(getattr(settings, "SAMEN_AUDIT_RETENTION_YEARS", MIN_AUDIT_RETENTION_YEARS))
    if years < MIN_AUDIT_RETENTION_YEARS:
        raise ImproperlyConfigured(
            f"SAMEN_AUDIT_RETENTION_YEARS must be at least {MIN_AUDIT_RETENTION_YEARS}, not {years}")
    return years


def retention_cutoff(now: datetime | None = None) -> datetime:
    """The moment before which events have been kept for the full retention time (calendar
    years in local time; 29 February counts back to 28 February)."""
    local = timezone.localtime(now or timezone.now())
    year = local.year - retention_years()
    day = min(local.day, 28) if (local.month, local.day) == (2, 29) else local.day
    return local.replace(year=year, day=day)


def archive_candidates(before: datetime, now: datetime | None = None) -> QuerySet[AuditEvent]:
    """Events older than ``before`` that an operator may archive; :class:`RetentionRefused` when
    ``before`` is later than the retention cutoff (the app never gives up a younger event)."""
    cutoff = retention_cutoff(now)
    if before > cutoff:
        raise RetentionRefused(
            f"audit events are kept {retention_years()} years: nothing after "
            f"{cutoff.isoformat()} may leave the log")
    return AuditEvent.objects.filter(occurred_at__lt=before).order_by("id")
