"""``samen score ID --answers ...`` and ``samen score --fhir response.json``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from rich.table import Table

from samen.cli.context import Environment, ExitStatus
from samen.errors import SamenInputError
from samen.instruments import get_instrument, score
from samen.instruments.errors import InvalidAnswerTypeError
from samen.instruments.scoring import ScoreResult


class _UsageProblem(SamenInputError):
    code = "usage"


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "score", help="score answers on an instrument",
        description="Answers are the published option values before any reversal, in item order, "
                    "separated by commas; leave a position empty (or write '-') for a missing item.",
    )
    parser.add_argument("instrument", metavar="ID", nargs="?")
    parser.add_argument("--answers", help="e.g. 0,1,2,3,0,1,2,3,0")
    parser.add_argument("--fhir", type=Path, metavar="FILE",
                        help="a FHIR R4 QuestionnaireResponse (JSON) to score instead")
    parser.add_argument("--cutoff", help="a cut-off id (e.g. lab) or a number")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    cutoff = _parse_cutoff(args.cutoff)
    if args.fhir is not None:
        if args.instrument or args.answers:
            raise _UsageProblem("give either ID --answers or --fhir FILE, not both")
        resource = _read_json(args.fhir)
        from samen.instruments.fhir import score_response

        result = score_response(resource, cutoff=cutoff)
    else:
        if not args.instrument or args.answers is None:
            raise _UsageProblem("give an instrument ID and --answers (or --fhir FILE)")
        answers = parse_answers(args.instrument, args.answers)
        result = score(args.instrument, answers, cutoff=cutoff)
    if args.json:
        env.say(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        _print(result, env)
    return ExitStatus.SUCCESS


def parse_answers(instrument_id: str, text: str) -> list[int | None]:
    """'0,1,,3' -> [0, 1, None, 3]; a non-number names the item it was meant for."""
    inst = get_instrument(instrument_id)
    parts = [p.strip() for p in text.split(",")]
    answers: list[int | None] = []
    for position, part in enumerate(parts):
        if part in ("", "-"):
            answers.append(None)
            continue
        try:
            answers.append(int(part))
        except ValueError:
            item = inst.items[position].id if position < len(inst.items) else f"#{position + 1}"
            raise InvalidAnswerTypeError(inst.id, item, f"answer {part!r} is not a whole number") \
                from None
    return answers


def _parse_cutoff(text: str | None) -> str | float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return text


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise _UsageProblem(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise _UsageProblem(f"{path}: expected a JSON object (a FHIR resource)")
    return data


def _print(result: ScoreResult, env: Environment) -> None:
    console = env.console()
    tr = env.tr
    inst = get_instrument(result.instrument)
    if result.total is not None and result.total_range is not None:
        low, high = result.total_range
        console.print(f"[bold]{inst.short_name}[/bold] {tr('totaal', 'total')}: {result.total:g} "
                      f"({tr('bereik', 'range')} {low:g}-{high:g})")
    if result.band is not None:
        console.print(f"{tr('Band', 'Band')}: {env.t(result.band.label)}")
    if result.cutoff_used is not None:
        used = result.cutoff_used
        state = {True: tr("gehaald", "met"), False: tr("niet gehaald", "not met"),
                 None: tr("niet berekend", "not computed")}[used.met]
        console.print(f"{tr('Afkappunt', 'Cut-off')} {used.id} ({used.direction} "
                      f"{used.threshold:g}): {state}")
    if result.subscales:
        table = Table(tr("subschaal", "subscale"), tr("score", "score"), tr("bereik", "range"),
                      tr("status", "status"))
        for sub in result.subscales.values():
            value = "-" if sub.value is None else f"{sub.value:g}"
            table.add_row(env.t(sub.name), value, f"{sub.range[0]:g}-{sub.range[1]:g}", sub.status)
        console.print(table)
    console.print(env.t(result.interpretation))
    for alert in result.alerts:
        console.print(f"[bold red]{tr('SIGNAAL', 'ALERT')}[/bold red] {env.t(alert.message)}")
    for warning in result.warnings:
        console.print(f"{tr('Waarschuwing', 'Warning')}: {env.t(warning.message)}")
    console.print(f"{tr('Scoringsversie', 'Scoring version')}: {result.scoring_version}")
