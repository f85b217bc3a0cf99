"""`samen audit verify` as an auditor runs it against a data directory."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

WRITE_EVENTS = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction
for n in range(4):
    record(Actor.system("test"), event=f"test.event.{n}", action=AuditAction.READ)
"""


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(SAMEN_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="samen.web.settings")
    return env


def _verify(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "samen", "audit", "verify", "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=120, env=_env(data_dir),
    )


def test_verify_passes_then_names_the_first_altered_entry(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-c", WRITE_EVENTS], check=True, env=_env(tmp_path),
                   timeout=120)
    good = _verify(tmp_path)
    assert good.returncode == 0, good.stderr
    assert "4 events checked" in good.stdout

    with sqlite3.connect(tmp_path / "samen.sqlite3") as db:
        ids = [row[0] for row in db.execute("SELECT id FROM audit_auditevent ORDER BY id")]
        db.execute("UPDATE audit_auditevent SET event = 'rewritten' WHERE id = ?", (ids[2],))
    bad = _verify(tmp_path)
    assert bad.returncode == 5
    assert f"first broken entry {ids[2]}" in bad.stderr
    assert "the 2 events before it are intact" in bad.stderr


def test_verify_without_a_database_says_so(tmp_path: Path) -> None:
    result = _verify(tmp_path)
    assert result.returncode == 4
    assert "no Samen database to check" in result.stderr
