"""Parse the command line, run one command, map expected failures to exit codes.

Every command lives in its own module with ``register(subparsers)`` that sets ``func`` to a
``run(args, env) -> ExitStatus``. Expected failures (bad input, unreadable files) print one line on
stderr; anything else is a bug and prints a traceback only with ``--traceback``.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence

from samen import __version__
from samen.cli import (
    evidence_cmd,
    fhir_cmd,
    instruments_cmd,
    score_cmd,
    sim_cmd,
    tour_cmd,
    web_cmd,
    withdrawal_cmd,
)
from samen.cli.context import Environment, ExitStatus
from samen.errors import SamenInputError

COMMANDS = (
    tour_cmd, instruments_cmd, score_cmd, withdrawal_cmd, fhir_cmd, evidence_cmd, sim_cmd,
    web_cmd,
)


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so ``main`` stays in control of the streams."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(self, message)


class _UsageError(Exception):
    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="samen",
        description="Samen: screening, withdrawal criteria, evidence and population simulation for "
                    "youth social withdrawal (hikikomori).",
    )
    parser.add_argument("--version", action="version", version=f"samen {__version__}")
    parser.add_argument(
        "--lang", choices=["nl", "en"], default=None,
        help="language of the output (default: $SAMEN_LANG, else en)",
    )
    parser.add_argument(
        "--traceback", action="store_true", help="show the full traceback of unexpected errors"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    """Run ``samen`` with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    env = env or Environment()
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except _UsageError as exc:
        exc.parser.print_usage(env.stderr)
        env.error(str(exc))
        return ExitStatus.USAGE
    except SystemExit as exc:  # --help and --version exit through argparse
        return int(exc.code or 0)
    lang = args.lang or env.variables.get("SAMEN_LANG", "en")
    env.language = "nl" if lang == "nl" else "en"
    if args.command is None:
        parser.print_help(env.stdout)
        return ExitStatus.USAGE
    try:
        return int(args.func(args, env))
    except BrokenPipeError:  # e.g. `samen evidence | head`: the reader left; not an error
        return ExitStatus.SUCCESS
    except SamenInputError as exc:
        env.error(str(exc))
        return ExitStatus.INVALID_INPUT
    except OSError as exc:
        env.error(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
        return ExitStatus.FILE_ERROR
    except Exception as exc:
        if args.traceback:
            traceback.print_exc(file=env.stderr)
        env.error(f"unexpected {type(exc).__name__}: {exc} (run with --traceback and report it)")
        return ExitStatus.ERROR


def entry_point() -> None:
    """The ``samen`` console script."""
    sys.exit(main())
