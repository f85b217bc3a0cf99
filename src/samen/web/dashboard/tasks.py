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


@task()
def run_comparison(base: str, other: str, agents: int, years: float, runs: int) -> str:
    """Run ``samen_run_comparison`` in the worker (the demo enqueues "wij" against "baseline")."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("samen_run_comparison", base, other, agents=agents, years=years, runs=runs,
                 scheduler="serial", stdout=out)
    return out.getvalue().strip()
