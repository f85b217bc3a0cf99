"""A task for the worker-crash test only: the real alert rules, then a crash, the first time."""

from __future__ import annotations

import os
from pathlib import Path

from django_tasks import task


@task()
def alert_then_crash_once(young_person_id: int, marker: str) -> int:
    """Run the alert rules (alerts stored, mails sent), then kill the worker process before it can
    record the task as done -- on the first attempt only (``marker`` remembers it)."""
    from samen.web.alerts.rules import evaluate

    created = evaluate(young_person_id, "stage")
    if not Path(marker).exists():
        Path(marker).write_text("crashed", encoding="utf-8")
        os._exit(1)  # no cleanup, no exception handler: as a kill -9 or a lost machine
    return created
