"""``samen evidence [--level L] [--format table|json]``: the cited knowledge base."""

from __future__ import annotations

import argparse
from typing import Any

from samen.cli.context import Environment, ExitStatus


def register(sub: Any) -> None:
    parser = sub.add_parser("evidence", help="print the evidence base (roots, interventions, targets)")
    parser.add_argument("--level", help="only interventions at this level "
                        "(parents, school, community, policy, care)")
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    from samen.evidence.report import render_evidence

    env.say(render_evidence(args.level, args.format, language=env.language))
    return ExitStatus.SUCCESS
