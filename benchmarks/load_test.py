"""The web load test: 50 users against ``samen serve`` on PostgreSQL, loopback only, bounded.

    python3 -m pip install -e ".[load]"
    python3 benchmarks/load_test.py [--users 50] [--duration 60] [--out docs/load.json]

It makes a fresh database ``samen_load_<pid>`` on 127.0.0.1:5432, seeds the demo region and a
synthetic caseload, starts ``samen serve`` (gunicorn) on 127.0.0.1, signs the load logins in
through the real login form (with a computed TOTP code when allauth's MFA asks for one), runs
locust headless for ``--duration`` seconds, prints p50/p95/p99 per route against the targets,
writes JSON, and drops the database again. Exit status 1 when any request failed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from benchmarks import load_report
from benchmarks.load_auth import sign_in

HOST = "127.0.0.1"  # loopback only: the load never leaves the machine
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
STARTUP_SECONDS = 60
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = datetime.now(UTC)
    database = f"samen_load_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="samen-load-"))
    server: subprocess.Popen[bytes] | None = None
    _say(f"machine: {load_report.machine()}; load average {_load():.2f} (1 min)")
    _create_database(args.admin_url, database)
    try:
        _use_database(args.admin_url, database, work)
        seeded = _seed(args)
        port = _free_port()
        server = _start_server(args, port, work)
        logins = _sign_in_all(f"http://{HOST}:{port}", seeded)
        seeded.mfa_signins = logins["mfa_signins"]
        logins_file = work / "logins.json"
        logins_file.write_text(json.dumps(logins))
        loads, csv_prefix = _run_locust(args, port, logins_file, work)
        return _report(args, started, seeded, csv_prefix, loads)
    finally:
        if server is not None:
            _stop(server)
        _drop_database(args.admin_url, database)
        if args.keep:
            _say(f"kept {work} (server log, locust CSV)")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent users (50)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (60)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started a second")
    parser.add_argument("--people", type=int, default=300,
                        help="synthetic records besides the demo region's (300)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument("--out", type=Path, default=Path("docs/load.json"), help="JSON report")
    parser.add_argument("--admin-url", default=ADMIN_URL,
                        help="PostgreSQL maintenance database on 127.0.0.1 (makes and drops the "
                             "load database)")
    parser.add_argument("--think", type=_think, default=(1.0, 5.0), metavar="MIN,MAX",
                        help="seconds each user waits between requests (1,5); 0.5,2.5 for a "
                             "stress run")
    parser.add_argument("--keep", action="store_true", help="keep the server log and CSV files")
    return parser


def _think(text: str) -> tuple[float, float]:
    try:
        low, high = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--think wants MIN,MAX in seconds, not {text!r}") from None
    if not 0 <= low <= high:
        raise argparse.ArgumentTypeError(f"--think wants 0 <= MIN <= MAX, not {text!r}")
    return low, high


def _say(text: str) -> None:
    print(f"[load] {text}", flush=True)


def _load() -> float:
    return os.getloadavg()[0]


# -- the database ------------------------------------------------------------------------------

def _admin(url: str) -> Any:
    import psycopg

    if not re.match(r"^postgres(ql)?://[^/]*@(127\.0\.0\.1|localhost)[:/]", url):
        raise SystemExit("--admin-url must point at PostgreSQL on 127.0.0.1 (loopback only)")
    return psycopg.connect(url, autocommit=True)


def _create_database(url: str, name: str) -> None:
    with _admin(url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    _say(f"created database {name}")


def _drop_database(url: str, name: str) -> None:
    with _admin(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _say(f"dropped database {name}")


def _use_database(url: str, name: str, work: Path) -> None:
    """Point this process and the server it starts at the load database (set before Django)."""
    os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    os.environ["SAMEN_DATA_DIR"] = str(work / "data")
    os.environ["SAMEN_SECRET_KEY"] = secrets.token_urlsafe(48)
    os.environ["DJANGO_SETTINGS_MODULE"] = "samen.web.settings"
    os.environ.pop("SAMEN_DEBUG", None)


def _seed(args: argparse.Namespace) -> Any:
    from samen.web.server import prepare

    begun = time.monotonic()
    prepare(Path(os.environ["SAMEN_DATA_DIR"]))
    from django.db import connections

    from benchmarks.load_seed import Pools, seed

    seeded = seed(args.people, Pools())
    connections.close_all()
    _say(f"seeded {args.people} synthetic records and the demo region in "
         f"{time.monotonic() - begun:.0f} s")
    begun = time.monotonic()
    # The alerts the seeding raised are worked off now, not while the load is measured.
    subprocess.run([sys.executable, "-m", "samen.web.manage", "db_worker", "--batch",
                    "--no-startup-delay", "--no-reload"], check=True, env=dict(os.environ),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    _say(f"worked off the seeding's background tasks in {time.monotonic() - begun:.0f} s")
    return seeded


# -- the server --------------------------------------------------------------------------------

def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _start_server(args: argparse.Namespace, port: int, work: Path) -> subprocess.Popen[bytes]:
    import urllib.request

    log = (work / "server.log").open("wb")
    command = [sys.executable, "-m", "samen", "serve", "--host", HOST, "--port", str(port),
               "--workers", str(args.workers), "--threads", str(args.threads)]
    # A session of its own, so stopping it stops gunicorn's workers and the task worker too.
    server = subprocess.Popen(command, env=dict(os.environ), stdout=log,  # noqa: S603
                              stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"samen serve exited early; see {work / 'server.log'}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as reply:
                if reply.status == 200:
                    _say(f"samen serve is up on {HOST}:{port} ({args.workers} gunicorn workers "
                         f"x {args.threads} threads)")
                    return server
        except OSError:
            time.sleep(0.3)
    _stop(server)
    raise SystemExit("samen serve did not answer within a minute")


def _stop(server: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def _sign_in_all(base: str, seeded: Any) -> dict[str, Any]:
    """Every load login signs in once, through the login form; the users share the sessions."""
    begun = time.monotonic()
    sessions = []
    mfa = 0
    for login in seeded.logins:
        cookies, asked = sign_in(base, login.username, seeded.password, login.totp_secret)
        mfa += asked
        sessions.append({"role": login.role, "username": login.username, "cookies": cookies,
                         "records": login.records, "assignment_id": login.assignment_id})
    _say(f"signed in {len(sessions)} logins ({mfa} asked for and given a TOTP code) in "
         f"{time.monotonic() - begun:.0f} s; {len(seeded.tokens)} API tokens")
    return {"sessions": sessions, "tokens": seeded.tokens, "mfa_signins": mfa}


# -- the load ----------------------------------------------------------------------------------

def _run_locust(args: argparse.Namespace, port: int, logins: Path,
                work: Path) -> tuple[dict[str, float], Path]:
    prefix = work / "locust"
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
               "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.duration}s",
               "--host", f"http://{HOST}:{port}", "--csv", str(prefix), "--only-summary",
               "--stop-timeout", "10", "--loglevel", "WARNING"]
    samples: list[float] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(5):
            samples.append(_load())

    before = _load()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _say(f"locust: {args.users} users for {args.duration} s, {args.think[0]}-{args.think[1]} s "
         f"between requests; load average {before:.2f}")
    env = dict(os.environ, SAMEN_LOAD_LOGINS=str(logins),
               SAMEN_LOAD_THINK=",".join(str(s) for s in args.think))
    try:
        subprocess.run(command, env=env, check=False, timeout=args.duration + 120)  # noqa: S603
    finally:
        done.set()
    return {"before": before, "max_during": max(samples, default=_load()),
            "after": _load()}, prefix


def _report(args: argparse.Namespace, started: datetime, seeded: Any, prefix: Path,
            loads: dict[str, float]) -> int:
    routes, total = load_report.read_stats(Path(f"{prefix}_stats.csv"))
    failures = load_report.read_failures(Path(f"{prefix}_failures.csv"))
    verdict = load_report.summary(routes, total)
    print(load_report.table(routes, total))
    print(f"load average (1 min): {loads['before']:.2f} before, {loads['max_during']:.2f} at "
          f"most during, {loads['after']:.2f} after")
    for row in failures:
        print(f"FAILED {row.get('Method')} {row.get('Name')}: {row.get('Error')} "
              f"x{row.get('Occurrences')}")
    print("all targets met" if verdict["all_targets_met"] else
          f"targets missed: {', '.join(verdict['routes_missing_target']) or 'none'}; "
          f"failed requests: {verdict['failures']}")
    report = {
        "date": started.isoformat(timespec="seconds"), "machine": load_report.machine(),
        "load_average": loads,
        "config": {"users": args.users, "duration_s": args.duration,
                   "spawn_rate": args.spawn_rate, "think_time_s": list(args.think),
                   "workers": args.workers,
                   "threads": args.threads, "synthetic_records": seeded.people,
                   "logins": len(seeded.logins), "api_tokens": len(seeded.tokens),
                   "database": "PostgreSQL", "server": "samen serve (gunicorn gthread)",
                   "mfa_signins_with_totp": seeded.mfa_signins},
        "targets_p95_ms": load_report.TARGET_P95_MS, "summary": verdict,
        "routes": load_report.as_json(routes, total), "failures": failures,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    _say(f"wrote {args.out}")
    return 1 if verdict["failures"] or total is None or total.requests == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
