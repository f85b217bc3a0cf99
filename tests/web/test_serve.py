"""`samen serve` and `samen demo` as a user runs them: a real server process, a real worker.

Each test starts the command in a child process on a free port with its own data directory,
waits until the health check answers, and stops it again.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

STARTUP_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(args: list[str], data_dir: Path) -> tuple[subprocess.Popen[str], int]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SAMEN_DATA_DIR",
                                                            "DJANGO_SETTINGS_MODULE"}}
    process = subprocess.Popen(
        [sys.executable, "-m", "samen", *args, "--port", str(port), "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited early:\n{process.stdout.read()}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                if reply.status == 200:
                    return process, port
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise AssertionError("server did not answer within a minute")


def _stop(process: subprocess.Popen[str]) -> str:
    process.terminate()
    try:
        out, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
    return out


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[int, Path, subprocess.Popen[str]]]:
    process, port = _start(["demo", "--password", "demo-password-1"], tmp_path)
    yield port, tmp_path, process
    _stop(process)


def _login(port: int, username: str, password: str) -> tuple[urllib.request.OpenerDirector, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "the login page has a CSRF token"
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "login": username,
                                   "password": password}).encode()
    request = urllib.request.Request(f"{base}/accounts/login/", data=data,
                                     headers={"Referer": f"{base}/accounts/login/"})
    with opener.open(request) as reply:
        return opener, reply.geturl()


def test_demo_serves_and_every_role_can_sign_in(demo: tuple[int, Path, subprocess.Popen[str]]) -> None:
    port, data_dir, _ = demo
    assert (data_dir / "samen.sqlite3").exists()
    # What each role's home page must show of the demo region (Dutch, the default language).
    expected = {
        "young-person": ["Behandelaar Demo", "Twee keer per week een wandeling"],
        "parent": ["J-DEMO15"],
        "school-coordinator": ["J-DEMO17", "pre-hikikomori"],
        "youth-worker": ["J-DEMO17"],
        "clinician": ["J-DEMO17"],
        "policy-officer": ["/dashboard/"],
        "org-admin": ["Demo College"],
    }
    for role, texts in expected.items():
        opener, landed = _login(port, f"demo-{role}", "demo-password-1")
        assert landed == f"http://127.0.0.1:{port}/", role
        home = opener.open(f"http://127.0.0.1:{port}/").read().decode()
        for text in texts:
            assert text in home, (role, text)
        assert "J-DEMO" not in home or role not in {"policy-officer", "org-admin"}, role
    _, landed = _login(port, "demo-clinician", "wrong-password")
    assert "/accounts/login/" in landed


def test_demo_prints_the_logins_and_keeps_data(tmp_path: Path) -> None:
    process, port = _start(["demo", "--password", "demo-password-2"], tmp_path)
    output = _stop(process)
    assert "demo-policy-officer" in output
    assert "demo-password-2" in output
    # A second start on the same data directory keeps the region and sets the new password.
    process, port = _start(["demo", "--password", "demo-password-3"], tmp_path)
    try:
        _, landed = _login(port, "demo-clinician", "demo-password-3")
        assert landed == f"http://127.0.0.1:{port}/"
    finally:
        _stop(process)


def test_serve_runs_the_background_worker(tmp_path: Path) -> None:
    process, _port = _start(["serve"], tmp_path)
    try:
        env = {**os.environ, "SAMEN_DATA_DIR": str(tmp_path)}
        env.pop("DATABASE_URL", None)
        enqueue = (
            "import django; django.setup();"
            "from samen.web.core.tasks import ping;"
            "print(ping.enqueue(21).id)"
        )
        env["DJANGO_SETTINGS_MODULE"] = "samen.web.settings"
        task_id = subprocess.run([sys.executable, "-c", enqueue], env=env, check=True,
                                 capture_output=True, text=True).stdout.strip()
        check = (
            "import django, json; django.setup();"
            "from samen.web.core.tasks import ping;"
            f"r = ping.get_result('{task_id}'); print(json.dumps([str(r.status), r.return_value if r.is_finished else None]))"
        )
        deadline = time.monotonic() + 30
        status: list[object] = []
        while time.monotonic() < deadline:
            status = json.loads(subprocess.run([sys.executable, "-c", check], env=env, check=True,
                                               capture_output=True, text=True).stdout)
            if status[0] == "SUCCESSFUL":
                break
            time.sleep(0.5)
        assert status == ["SUCCESSFUL", 42]
    finally:
        _stop(process)


def test_serve_rejects_a_bad_port(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "samen", "serve", "--port", "70000", "--data-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 3
    assert "--port must be between 1 and 65535" in result.stderr
