"""``samen serve`` and ``samen demo``: migrate, start the background worker, serve with gunicorn.

The CLI commands are thin wrappers around :func:`prepare` and :func:`serve`, so the tests can run
each step in-process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

from samen.errors import SamenInputError


def prepare(data_dir: Path | None, *, out: IO[str] | None = None, migrate: bool = True) -> Path:
    """Point Django at ``data_dir`` (or the default), set it up, and apply the migrations
    (``migrate=False`` for commands that only read, such as ``samen audit verify``)."""
    if data_dir is not None:
        os.environ["SAMEN_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.web.settings")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    if migrate:
        call_command("migrate", interactive=False, verbosity=0, stdout=out)
        # The shared cache (used TOTP codes, rate limits) is a table migrations do not make.
        call_command("createcachetable", verbosity=0, stdout=out)
    return Path(settings.DATA_DIR)


def start_worker() -> subprocess.Popen[bytes]:
    """The background worker as a child process (it shares the database, not the memory)."""
    command = [sys.executable, "-m", "samen.web.manage", "samen_worker", "--no-reload",
               "--interval", "1"]
    return subprocess.Popen(command, env=dict(os.environ))  # noqa: S603 -- our own module


def serve(host: str, port: int, *, workers: int = 2, threads: int = 4) -> None:
    """Serve the WSGI application until interrupted; the worker stops with it."""
    if not 0 < port < 65536:
        raise SamenInputError(f"--port must be between 1 and 65535, got {port}")
    if workers < 1 or threads < 1:
        raise SamenInputError(f"--workers and --threads must be at least 1, got {workers} and "
                              f"{threads}")
    from gunicorn.app.base import BaseApplication

    from samen.web.wsgi import application

    class _Gunicorn(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}", "workers": workers, "threads": threads,
                "worker_class": "gthread", "accesslog": "-", "timeout": 60,
                # Idle keep-alive connections stay open longer than a reverse proxy keeps its
                # own (nginx: 60 s), so the proxy, not the server, closes them: with gunicorn's
                # 2 s default a request sent as the server closes the connection is lost.
                "keepalive": 75,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    worker = start_worker()
    try:
        _Gunicorn().run()
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
