"""``samen fhir questionnaire ID`` and ``samen fhir response ID --answers ...``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from samen.cli.context import Environment, ExitStatus


def register(sub: Any) -> None:
    parser = sub.add_parser("fhir", help="FHIR R4 resources for the instruments")
    inner = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    questionnaire = inner.add_parser("questionnaire", help="export an instrument as a Questionnaire")
    questionnaire.add_argument("instrument", metavar="ID")
    questionnaire.add_argument("--out", type=Path, help="write to this file instead of stdout")
    questionnaire.set_defaults(func=run_questionnaire)
    response = inner.add_parser("response", help="build a QuestionnaireResponse from answers")
    response.add_argument("instrument", metavar="ID")
    response.add_argument("--answers", required=True, help="e.g. 0,1,2,3,0,1,2,3,0")
    response.add_argument("--out", type=Path, help="write to this file instead of stdout")
    response.set_defaults(func=run_response)


def run_questionnaire(args: argparse.Namespace, env: Environment) -> ExitStatus:
    from samen.instruments.fhir import questionnaire_for

    _emit(questionnaire_for(args.instrument), args.out, env)
    return ExitStatus.SUCCESS


def run_response(args: argparse.Namespace, env: Environment) -> ExitStatus:
    from samen.cli.score_cmd import parse_answers
    from samen.instruments import get_instrument
    from samen.instruments.fhir import response_for
    from samen.instruments.scoring import normalise_answers

    inst = get_instrument(args.instrument)
    answers = normalise_answers(inst, parse_answers(inst.id, args.answers))
    _emit(response_for(inst, answers), args.out, env)
    return ExitStatus.SUCCESS


def _emit(resource: dict[str, Any], out: Path | None, env: Environment) -> None:
    text = json.dumps(resource, indent=2, ensure_ascii=False)
    if out is None:
        env.say(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {out}", file=env.stderr)
