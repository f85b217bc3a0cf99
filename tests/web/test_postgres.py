"""The web platform's own test suite, run a second time against PostgreSQL.

The main run uses SQLite (the embedded default). This test runs every test under
``src/samen/web`` again with ``DATABASE_URL`` pointing at PostgreSQL 15 on 127.0.0.1:5432 (user
postgres; `.ci/run` starts it), so both databases are covered by the one test command. Without
PostgreSQL it fails and says why; set ``SAMEN_SKIP_POSTGRES=1`` to skip it knowingly.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
URL = os.environ.get("SAMEN_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/samen_ci")


def _reachable(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


@pytest.mark.skipif(os.environ.get("SAMEN_SKIP_POSTGRES") == "1",
                    reason="SAMEN_SKIP_POSTGRES=1: PostgreSQL run skipped on request")
def test_web_suite_passes_on_postgresql() -> None:
    assert _reachable(), (
        "PostgreSQL is not answering on 127.0.0.1:5432; start it (`.ci/run` does) or set "
        "SAMEN_SKIP_POSTGRES=1 to skip this run knowingly"
    )
    env = {**os.environ, "DATABASE_URL": URL}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "src/samen/web", "-q", "-p", "no:cacheprovider",
         "-m", "not browser"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800,
    )
    summary = result.stdout.strip().splitlines()[-1:] or ["(no output)"]
    assert result.returncode == 0, f"web suite on PostgreSQL failed:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
    assert " passed" in summary[0], summary
