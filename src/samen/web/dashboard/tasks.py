"""Background tasks of the dashboard app (run by the database-backed worker, ``db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def take_monthly_snapshot() -> int:
    """Count each municipality's records per stage for this month; enqueued every six hours by
    ``samen_worker`` (``settings.SAMEN_PERIODIC_TASKS``) and safe to run at any time."""
    from samen.web.audit.log import Actor
    from samen.web.dashboard.actions import do_take_snapshot

    return do_take_snapshot(actor=Actor.system())
