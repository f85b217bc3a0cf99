"""``samen withdrawal weeks.csv``: the withdrawal stage by the Kato, Kanba & Teo (2020) criteria."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from samen.cli.context import Environment, ExitStatus


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "withdrawal", help="assess a withdrawal episode from weekly records (CSV)",
        description="CSV columns: week_start,days_out,room_bound,in_school_or_work,impairment "
                    "(ISO dates; yes/no for the flags; an empty cell is missing).",
    )
    parser.add_argument("csv", type=Path, metavar="WEEKS.csv")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    from samen.instruments.weeks_csv import read_weeks_csv
    from samen.instruments.withdrawal import assess_withdrawal

    weeks = read_weeks_csv(args.csv)
    result = assess_withdrawal(weeks)
    if args.json:
        env.say(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return ExitStatus.SUCCESS
    tr = env.tr
    stages = {"none": tr("geen", "none"), "pre_hikikomori": "pre-hikikomori",
              "hikikomori": "hikikomori"}
    severities = {"mild": tr("licht", "mild"), "moderate": tr("matig", "moderate"),
                  "severe": tr("ernstig", "severe"), None: "-"}
    env.say(f"{tr('Fase', 'Stage')}: {stages[result.stage] if env.language == 'nl' else result.stage}")
    env.say(f"{tr('Ernst', 'Severity')}: {severities[result.severity]}")
    start = result.episode_start.isoformat() if result.episode_start else "-"
    env.say(f"{tr('Begin episode', 'Episode start')}: {start}; "
            f"{tr('aaneengesloten duur', 'continuous duration')}: {result.duration_weeks} "
            f"{tr('weken', 'weeks')}")
    env.say(env.t(result.explanation))
    env.say(f"{tr('Ontbrekende weken', 'Missing weeks')}: {env.t(result.missing_rule)}")
    for warning in result.warnings:
        env.say(f"{tr('Waarschuwing', 'Warning')}: {env.t(warning.message)}")
    return ExitStatus.SUCCESS
