"""The background worker survives a crash mid-task: the task is retried and its effect (alerts,
e-mails) stored exactly once (issue 5, point 7).

This runs real worker processes (``samen manage samen_worker``) against their own SQLite database
in a temporary data directory: a worker in another process cannot see a test's transaction.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samen.web.core.tasks import ping
from samen.web.core.worker import recover_abandoned
from samen.web.testing import SamenTestCase

SETUP = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from samen.web.testing import CastMixin
from samen.web.accounts.models import User
from samen.web.youth.models import Stage
from samen.web.core.tests.crash_task import alert_then_crash_once
CastMixin.create_cast()
User.objects.filter(username__in=["carla", "clara", "paul"]).update(email="team@example.org")
CastMixin.record.stage = Stage.HIKIKOMORI
CastMixin.record.save(update_fields=["stage"])
print(alert_then_crash_once.enqueue(CastMixin.record.pk, {marker!r}).id)
"""

STATE = """
import django, json; django.setup()
from django_tasks_db.models import DBTaskResult
from samen.web.alerts.models import Alert
task = DBTaskResult.objects.get(pk={task_id!r})
print(json.dumps({{"status": task.status, "attempts": len(task.worker_ids),
                  "value": task.return_value,
                  "alerts": sorted(Alert.objects.values_list("recipient__username", flat=True))}}))
"""


def run(code: str, env: dict[str, str]) -> str:
    # The test's own interpreter with this module's fixed scripts: no outside input.
    return subprocess.run([sys.executable, "-c", code], env=env,  # noqa: S603
                          check=True, capture_output=True, text=True, timeout=300).stdout.strip()


def mails(outbox: Path) -> int:
    """Mails in the file backend's outbox (it may put several mails in one file)."""
    return sum(path.read_text().count("\nSubject: ") for path in outbox.iterdir())


def worker(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "samen", "manage", "samen_worker", "--batch", "--no-reload",
         "--no-startup-delay", "--verbosity", "0"],
        env=env, capture_output=True, text=True, timeout=300)


def test_a_task_killed_mid_way_is_retried_and_its_effect_stored_once(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SAMEN_SMTP_HOST"}}
    env.update(SAMEN_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="samen.web.settings",
               SAMEN_SECRET_KEY="crash-test-" + "k" * 40)
    marker = tmp_path / "crashed"
    task_id = run(SETUP.format(marker=str(marker)), env)
    outbox = tmp_path / "outbox"

    first = worker(env)
    assert first.returncode == 1, first.stderr  # the worker process died with the task
    assert marker.exists()
    state = json.loads(run(STATE.format(task_id=task_id), env))
    assert state["status"] == "RUNNING"  # what django-tasks-db leaves behind on its own
    # The rules ran before the crash: every recipient has the alert and its mail went out.
    assert state["alerts"] == ["carla", "clara", "paul", "wout"]
    assert mails(outbox) == 3  # wout has no address

    second = worker(env)
    assert second.returncode == 0, second.stderr
    state = json.loads(run(STATE.format(task_id=task_id), env))
    assert state == {"status": "SUCCESSFUL", "attempts": 2, "value": 0,
                     "alerts": ["carla", "clara", "paul", "wout"]}
    assert mails(outbox) == 3  # none sent twice


class RecoveryRulesTest(SamenTestCase):
    """Which RUNNING tasks ``recover_abandoned`` puts back, and which it leaves alone."""

    def running(self, worker: str, *, minutes_ago: int,
                attempts: int = 1) -> DBTaskResult[Any, Any]:
        row = DBTaskResult.objects.get(pk=ping.enqueue(1).id)
        row.status = "RUNNING"
        row.started_at = timezone.now() - timedelta(minutes=minutes_ago)
        row.worker_ids = [f"elsewhere:{n}:x" for n in range(attempts - 1)] + [worker]
        row.save()
        return row

    def test_dead_local_workers_and_expired_leases_are_requeued_live_ones_are_not(self) -> None:
        host = socket.gethostname()[:40]
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True).stdout.strip()
        rows = {
            "dead here": self.running(f"{host}:{dead}:abc", minutes_ago=1),
            "alive here": self.running(f"{host}:{os.getpid()}:abc", minutes_ago=1),
            "elsewhere, in lease": self.running("other-host:1:abc", minutes_ago=29),
            "elsewhere, expired": self.running("other-host:1:abc", minutes_ago=31),
            "third death": self.running("other-host:1:abc", minutes_ago=31, attempts=3),
        }
        self.assertEqual(recover_abandoned(), (2, 1))
        status = {name: DBTaskResult.objects.get(pk=row.pk) for name, row in rows.items()}
        self.assertEqual({name: row.status for name, row in status.items()}, {
            "dead here": "READY", "alive here": "RUNNING", "elsewhere, in lease": "RUNNING",
            "elsewhere, expired": "READY", "third death": "FAILED",
        })
        self.assertEqual(status["third death"].exception_class_path,
                         "samen.web.core.worker.WorkerDied")
        # The requeued ones run again in the real worker, once.
        self.assertEqual(self.run_worker(), 2)
        self.assertEqual(recover_abandoned(), (0, 0))
