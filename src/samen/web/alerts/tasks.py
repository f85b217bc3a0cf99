"""Background tasks of the alerts app (run by the database-backed worker, ``db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def evaluate_alerts(young_person_id: int, what: str) -> int:
    """Run the alert rules for one young person after a change; return the number of new alerts."""
    from samen.web.alerts.rules import evaluate

    return evaluate(young_person_id, what)


@task()
def check_overdue_actions() -> int:
    """Alert each overdue action's owner once; enqueued hourly by ``samen_worker`` and safe to run
    at any time (a second run finds the alerts already there)."""
    from samen.web.alerts.rules import check_overdue

    return check_overdue()


@task()
def alert_emergency_access(emergency_id: int) -> int:
    """Tell the care team who opened the record with emergency access, when and why."""
    from samen.web.alerts.rules import emergency_alerts

    return emergency_alerts(emergency_id)
