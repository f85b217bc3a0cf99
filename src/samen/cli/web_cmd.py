"""``samen serve``, ``samen demo`` and ``samen manage``: the web platform from the command line."""

from __future__ import annotations

import argparse
import os
import secrets
from datetime import date
from pathlib import Path
from typing import Any

from samen.cli.context import Environment, ExitStatus


def register(sub: Any) -> None:
    serve = sub.add_parser(
        "serve", help="run the web platform (applies migrations, starts the background worker)"
    )
    _server_options(serve)
    serve.set_defaults(func=run_serve)

    demo = sub.add_parser(
        "demo", help="run the web platform with a synthetic demo region and one login per role"
    )
    _server_options(demo, default_data_dir="<data dir>/demo")
    demo.add_argument(
        "--password", help="password for every demo login (default: a new random one, printed)"
    )
    demo.set_defaults(func=run_demo)

    audit = sub.add_parser("audit", help="the web platform's audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_sub.add_parser(
        "verify", help="check the audit log's hash chain; exit 5 and name the first broken entry"
    )
    verify.add_argument("--data-dir", type=Path, default=None,
                        help="the data directory of `samen serve` (default: $SAMEN_DATA_DIR, "
                             "else ~/.local/share/samen); DATABASE_URL selects PostgreSQL")
    verify.set_defaults(func=run_audit_verify)
    export = audit_sub.add_parser(
        "export", help="write the audit events of a period, with every field and the hash-chain "
                       "values, as CSV or JSON (the export is itself audited)")
    export.add_argument("--data-dir", type=Path, default=None,
                        help="the data directory of `samen serve` (as for verify)")
    export.add_argument("--since", type=_day, default=None, help="first day, YYYY-MM-DD")
    export.add_argument("--until", type=_day, default=None, help="last day, YYYY-MM-DD")
    export.add_argument("--format", choices=("csv", "json"), default="json",
                        help="file format (json)")
    export.add_argument("--out", type=Path, default=None, help="file to write (default: stdout)")
    export.set_defaults(func=run_audit_export)

    manage = sub.add_parser(
        "manage", help="Django's management commands for the web platform (e.g. migrate)",
        add_help=False,
    )
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=run_manage)


def _server_options(parser: argparse.ArgumentParser, default_data_dir: str = "") -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    parser.add_argument("--workers", type=int, default=2,
                        help="gunicorn worker processes (2: one per core of a small server)")
    parser.add_argument("--threads", type=int, default=4,
                        help="threads per worker (4: they overlap waits on the database)")
    parser.add_argument(
        "--data-dir", type=Path, default=None,
        help="folder for the SQLite database and secret key (default: $SAMEN_DATA_DIR, else "
             f"{default_data_dir or '~/.local/share/samen'}); DATABASE_URL selects PostgreSQL",
    )


def run_serve(args: argparse.Namespace, env: Environment) -> ExitStatus:
    from samen.web.server import prepare, serve

    data_dir = prepare(args.data_dir)
    env.say(env.tr(f"Samen draait op http://{args.host}:{args.port}/ (gegevens in {data_dir})",
                   f"Samen is running at http://{args.host}:{args.port}/ (data in {data_dir})"))
    serve(args.host, args.port, workers=args.workers, threads=args.threads)
    return ExitStatus.SUCCESS


def run_demo(args: argparse.Namespace, env: Environment) -> ExitStatus:
    from samen.web.config import DEFAULT_DATA_DIR
    from samen.web.server import prepare, serve

    data_dir = args.data_dir
    if data_dir is None and not env.variables.get("SAMEN_DATA_DIR"):
        data_dir = DEFAULT_DATA_DIR / "demo"
    # The demo's logins have no authenticator app, so the demo alone runs without required MFA
    # (read by the settings, which prepare() loads next).
    os.environ["SAMEN_MFA_REQUIRED"] = "false"
    data_dir = prepare(data_dir)
    password = args.password or secrets.token_urlsafe(9)
    from samen.web.core.demo import seed_demo

    logins = seed_demo(password)
    env.say(env.tr("Samen-demo (alleen synthetische mensen)", "Samen demo (synthetic people only)"))
    env.say(env.tr(f"Open http://{args.host}:{args.port}/ en log in als:",
                   f"Open http://{args.host}:{args.port}/ and sign in as:"))
    for username, role in logins:
        env.say(f"  {username:<26} {role}")
    env.say(env.tr(f"Wachtwoord voor alle demo-accounts: {password}",
                   f"Password for every demo login: {password}"))
    env.say(env.tr(f"Gegevens in {data_dir}", f"Data in {data_dir}"))
    env.say(env.tr("Tweestapsverificatie staat UIT in deze demo; voor echte gegevens moet die aan "
                   "blijven.",
                   "Two-factor authentication is OFF in this demo; it must stay on for real data."))
    serve(args.host, args.port, workers=args.workers, threads=args.threads)
    return ExitStatus.SUCCESS


def run_audit_verify(args: argparse.Namespace, env: Environment) -> ExitStatus:
    from samen.web.server import prepare

    prepare(args.data_dir, migrate=False)
    from django.db import DatabaseError

    from samen.web.audit.chain import verify_chain

    try:
        verdict = verify_chain()
    except DatabaseError as exc:
        env.error(env.tr(f"geen Samen-database om te controleren: {exc}",
                         f"no Samen database to check: {exc}"))
        return ExitStatus.FILE_ERROR
    if verdict.ok:
        env.say(env.tr(f"Auditlog intact: {verdict.checked} gebeurtenissen gecontroleerd.",
                       f"Audit log intact: {verdict.checked} events checked."))
        return ExitStatus.SUCCESS
    env.error(env.tr(
        f"auditlog gewijzigd: eerste gebroken gebeurtenis {verdict.broken_id} ({verdict.reason}); "
        f"{verdict.checked} gebeurtenissen ervoor zijn intact",
        f"audit log altered: first broken entry {verdict.broken_id} ({verdict.reason}); "
        f"the {verdict.checked} events before it are intact",
    ))
    return ExitStatus.INTEGRITY


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def run_audit_export(args: argparse.Namespace, env: Environment) -> ExitStatus:
    from samen.web.server import prepare

    prepare(args.data_dir, migrate=False)
    from django.db import DatabaseError

    from samen.web.audit.export import export_to

    if args.since and args.until and args.since > args.until:
        env.error(env.tr("--since ligt na --until", "--since is after --until"))
        return ExitStatus.INVALID_INPUT
    try:
        if args.out is None:
            count = export_to(env.stdout, args.since, args.until, args.format)
        else:
            with args.out.open("w", encoding="utf-8", newline="") as handle:
                count = export_to(handle, args.since, args.until, args.format)
    except DatabaseError as exc:
        env.error(env.tr(f"geen Samen-database om te exporteren: {exc}",
                         f"no Samen database to export: {exc}"))
        return ExitStatus.FILE_ERROR
    except OSError as exc:
        env.error(env.tr(f"kan {args.out} niet schrijven: {exc}", f"cannot write {args.out}: {exc}"))
        return ExitStatus.FILE_ERROR
    if args.out is not None:
        env.say(env.tr(f"{count} gebeurtenissen geschreven naar {args.out}.",
                       f"{count} events written to {args.out}."))
    return ExitStatus.SUCCESS


def run_manage(args: argparse.Namespace, env: Environment) -> ExitStatus:
    from samen.web.manage import main

    try:
        main(args.rest)
    except SystemExit as exc:
        return ExitStatus(int(exc.code or 0)) if exc.code in (0, 1, 2) else ExitStatus.ERROR
    return ExitStatus.SUCCESS
