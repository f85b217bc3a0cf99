"""``samen serve``, ``samen demo`` and ``samen manage``: the web platform from the command line."""

from __future__ import annotations

import argparse
import secrets
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

    manage = sub.add_parser(
        "manage", help="Django's management commands for the web platform (e.g. migrate)",
        add_help=False,
    )
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=run_manage)


def _server_options(parser: argparse.ArgumentParser, default_data_dir: str = "") -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
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
    serve(args.host, args.port)
    return ExitStatus.SUCCESS


def run_demo(args: argparse.Namespace, env: Environment) -> ExitStatus:
    from samen.web.config import DEFAULT_DATA_DIR
    from samen.web.server import prepare, serve

    data_dir = args.data_dir
    if data_dir is None and not env.variables.get("SAMEN_DATA_DIR"):
        data_dir = DEFAULT_DATA_DIR / "demo"
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
    serve(args.host, args.port)
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


def run_manage(args: argparse.Namespace, env: Environment) -> ExitStatus:
    from samen.web.manage import main

    try:
        main(args.rest)
    except SystemExit as exc:
        return ExitStatus(int(exc.code or 0)) if exc.code in (0, 1, 2) else ExitStatus.ERROR
    return ExitStatus.SUCCESS
