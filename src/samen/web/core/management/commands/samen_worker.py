"""``samen manage samen_worker``: the database task worker plus the periodic jobs.

The worker is django-tasks-db's ``db_worker``; beside it a daemon thread enqueues the periodic
tasks named in ``settings.SAMEN_PERIODIC_TASKS`` (overdue-action alerts, monthly dashboard
snapshots) at their interval, so one process does all background work. At its start and every
minute it puts tasks abandoned by a dead worker back in the queue (``core/worker.py``).
"""

from __future__ import annotations

import logging
import threading
from importlib import import_module
from typing import Any

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from samen.web.core.worker import recover_abandoned, worker_id

logger = logging.getLogger(__name__)

RECOVERY_SECONDS = 60


def resolve(path: str) -> Any:
    module, _, name = path.rpartition(".")
    return getattr(import_module(module), name)


def recover() -> None:
    try:
        recover_abandoned()
    except Exception:  # a failed check is retried at the next one; the worker keeps running
        logger.exception("could not check for abandoned tasks")


def enqueue_periodic(stop: threading.Event, jobs: list[tuple[str, int]]) -> None:
    """Enqueue each job now and then every ``interval`` seconds until ``stop`` is set; look for
    tasks abandoned by a dead worker every :data:`RECOVERY_SECONDS`."""
    due = dict.fromkeys((path for path, _ in jobs), 0.0)
    elapsed = 0.0
    tick = 5.0
    while not stop.is_set():
        if elapsed % RECOVERY_SECONDS < tick:
            recover()
        for path, interval in jobs:
            if elapsed >= due[path]:
                try:
                    resolve(path).enqueue()
                except Exception:  # a broken job must not stop the others
                    logger.exception("could not enqueue periodic task %s", path)
                due[path] = elapsed + interval
        stop.wait(tick)
        elapsed += tick


class Command(DbWorkerCommand):
    help = "Run the background worker and enqueue Samen's periodic tasks."

    def handle(self, *args: Any, **options: Any) -> None:
        # host:pid ids let the next worker on this machine see at once that this one died.
        options["worker_id"] = worker_id()
        recover()
        stop = threading.Event()
        jobs = list(getattr(settings, "SAMEN_PERIODIC_TASKS", []))
        thread = threading.Thread(target=enqueue_periodic, args=(stop, jobs), daemon=True)
        if not options.get("batch"):
            thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
