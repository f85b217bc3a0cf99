"""The single hook every write path calls, so alerts fire the same for forms, API, FHIR and imports.

Call :func:`notify_change` inside the action's transaction; the alert rules run in the background
worker after the transaction commits (and never for a write that was rolled back).
"""

from __future__ import annotations

from django.db import transaction


def notify_change(young_person_id: int, what: str) -> None:
    """``what`` names the change: ``"stage"``, ``"response"``, ``"plan"``, ``"week"``, ``"import"``."""
    from samen.web.alerts.tasks import evaluate_alerts

    transaction.on_commit(lambda: evaluate_alerts.enqueue(young_person_id, what))


def notify_emergency_access(emergency_id: int) -> None:
    """Alert the care team that a clinician broke the glass (after the opening commits)."""
    from samen.web.alerts.tasks import alert_emergency_access

    transaction.on_commit(lambda: alert_emergency_access.enqueue(emergency_id))
