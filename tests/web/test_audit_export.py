"""`samen audit export` as an auditor runs it against a data directory: the file verifies."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from samen.web.audit.export import FIELDS, read_csv, verify_rows
from tests.web.test_audit_verify import WRITE_EVENTS, _env


def _export(data_dir: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "samen", "audit", "export", "--data-dir", str(data_dir), *options],
        capture_output=True, text=True, timeout=120, env=_env(data_dir),
    )


def test_export_writes_every_event_with_its_hashes_and_audits_itself(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-c", WRITE_EVENTS], check=True, env=_env(tmp_path),
                   timeout=120)
    out = tmp_path / "audit.json"
    result = _export(tmp_path, "--format", "json", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "4 events written" in result.stdout
    data = json.loads(out.read_text())
    assert data["fields"] == list(FIELDS)
    assert [e["event"] for e in data["events"]] == [f"test.event.{n}" for n in range(4)]
    verdict = verify_rows(data["events"], contiguous=True)
    assert (verdict.ok, verdict.checked) == (True, 4)

    # The first export is itself an event now; a CSV to stdout holds it and still verifies.
    again = _export(tmp_path, "--format", "csv", "--since", "2000-01-01")
    assert again.returncode == 0, again.stderr
    rows = read_csv(again.stdout)
    assert [r["event"] for r in rows][-1] == "audit.export"
    assert rows[-1]["object_id"].endswith("json 4")
    assert verify_rows(rows, contiguous=True).ok

    del rows[1]  # a removed event breaks the chain of a whole-log export
    assert verify_rows(rows, contiguous=True).broken_id == rows[1]["id"]


def test_export_refuses_a_backwards_period(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-c", WRITE_EVENTS], check=True, env=_env(tmp_path),
                   timeout=120)
    result = _export(tmp_path, "--since", "2026-02-01", "--until", "2026-01-01")
    assert result.returncode == 3
    assert "--since is after --until" in result.stderr
    assert _export(tmp_path, "--since", "yesterday").returncode == 2
