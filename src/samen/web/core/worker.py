"""Recovering tasks whose worker died while running them.

django-tasks-db marks a task RUNNING when a worker claims it and SUCCESSFUL or FAILED when the
task returns or raises. A worker killed in between (out of memory, ``kill -9``, a power cut)
leaves the task RUNNING for ever: no worker picks it up again. :func:`recover_abandoned` puts such
tasks back in the queue, which ``samen_worker`` runs at its start and every minute after:

* a task claimed by a worker on this machine whose process no longer exists is abandoned at once
  (worker ids are ``host:pid:random``, see :func:`worker_id`);
* any other task is abandoned when it has been RUNNING longer than the lease
  (``SAMEN_TASK_LEASE_MINUTES``, default 30), for workers on other machines;
* a task that was claimed :data:`MAX_ATTEMPTS` times is marked FAILED instead of being tried
  again, so one task that kills its worker cannot stop the queue.

A retried task runs again from its start, so every task must be safe to repeat: the alert rules
create each alert once (a unique key per recipient and event) and e-mail each alert once
(``alerts.rules.send_pending`` claims the alert before sending).
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
DIED = "samen.web.core.worker.WorkerDied"


def worker_id() -> str:
    """``host:pid:random`` (at most 64 characters, django-tasks-db's limit)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


def lease() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "SAMEN_TASK_LEASE_MINUTES", 30)))


def process_gone(claimed_by: str) -> bool:
    """Whether ``claimed_by`` names a worker process on this machine that no longer runs."""
    host, _, rest = claimed_by.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname()[:40] or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False  # this very worker: its task is running now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, under another user
    return False


def recover_abandoned() -> tuple[int, int]:
    """Requeue (or fail, after :data:`MAX_ATTEMPTS`) every abandoned task; return both counts."""
    expired = timezone.now() - lease()
    requeued = failed = 0
    with transaction.atomic():
        for task in DBTaskResult.objects.select_for_update().filter(status="RUNNING"):
            last = task.worker_ids[-1] if task.worker_ids else ""
            started = task.started_at
            if not (process_gone(last) or started is None or started < expired):
                continue
            if len(task.worker_ids) >= MAX_ATTEMPTS:
                task.status = "FAILED"
                task.finished_at = timezone.now()
                task.exception_class_path = DIED
                task.traceback = (f"The worker died while running this task "
                                  f"{len(task.worker_ids)} times; not tried again.")
                task.save(update_fields=["status", "finished_at", "exception_class_path",
                                         "traceback"])
                failed += 1
            else:
                task.status = "READY"
                task.save(update_fields=["status"])
                requeued += 1
            logger.warning("task %s (%s) was abandoned by worker %s: %s", task.pk,
                           task.task_path, last, task.status)
    return requeued, failed
