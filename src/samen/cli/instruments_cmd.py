"""``samen instruments list`` and ``samen instruments show ID``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from rich.table import Table

from samen.cli.context import Environment, ExitStatus
from samen.instruments import get_instrument, list_instruments
from samen.instruments.model import Instrument


def register(sub: Any) -> None:
    parser = sub.add_parser("instruments", help="list or show the questionnaires")
    inner = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = inner.add_parser("list", help="every shipped instrument")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=run_list)
    show = inner.add_parser("show", help="one instrument: items, options, scoring, bands, sources")
    show.add_argument("instrument", metavar="ID")
    show.add_argument("--json", action="store_true", help="print the full definition as JSON")
    show.set_defaults(func=run_show)


def run_list(args: argparse.Namespace, env: Environment) -> ExitStatus:
    instruments = list_instruments()
    if args.json:
        env.say(json.dumps([_summary(i, env) for i in instruments], indent=2, ensure_ascii=False))
        return ExitStatus.SUCCESS
    table = Table("id", env.tr("naam", "name"), env.tr("items", "items"), env.tr("bereik", "range"),
                  env.tr("meet", "measures"), env.tr("licentie", "licence"))
    for inst in instruments:
        low_high = inst.total_range
        table.add_row(
            inst.id, inst.short_name, str(len(inst.items)),
            "-" if low_high is None else f"{low_high[0]:g}-{low_high[1]:g}",
            env.t(inst.measures), inst.licence.status,
        )
    env.console().print(table)
    return ExitStatus.SUCCESS


def _summary(inst: Instrument, env: Environment) -> dict[str, object]:
    return {
        "id": inst.id, "short_name": inst.short_name, "name": inst.name,
        "items": len(inst.items), "total_range": inst.total_range,
        "measures": env.t(inst.measures), "licence": inst.licence.status,
    }


def run_show(args: argparse.Namespace, env: Environment) -> ExitStatus:
    inst = get_instrument(args.instrument)
    if args.json:
        env.say(inst.model_dump_json(indent=2))
        return ExitStatus.SUCCESS
    console = env.console()
    console.print(f"[bold]{inst.short_name}[/bold] - {inst.name} ({env.tr('versie', 'version')} "
                  f"{inst.version})")
    console.print(f"{env.t(inst.description)}")
    console.print(f"{env.tr('Periode', 'Time frame')}: {env.t(inst.time_frame)}; "
                  f"{env.tr('invullers', 'respondents')}: {', '.join(inst.respondents)}")
    console.print(f"{env.tr('Bron', 'Source')}: {inst.source.short()}")
    console.print(f"{env.tr('Licentie', 'Licence')} ({inst.licence.status}): {env.t(inst.licence.note)}")
    if not inst.licence.wording_included:
        console.print(env.tr(
            "De tekst van de items wordt niet meegeleverd (licentie); importeer die als FHIR "
            "Questionnaire.",
            "Item wording is not shipped (licence); import it as a FHIR Questionnaire."))
    items = Table("#", "id", "item", env.tr("opties", "options"), env.tr("omgekeerd", "reverse"))
    for item in inst.items:
        options = ", ".join(
            f"{o.value}={env.t(o.label)}" for o in inst.options_for(item).options
        )
        items.add_row(str(item.number), item.id, env.t(item.text), options,
                      env.tr("ja", "yes") if item.reverse else "")
    console.print(items)
    rule = inst.scoring
    console.print(f"{env.tr('Scoring', 'Scoring')}: {rule.method} ({rule.version}); "
                  f"{env.tr('ontbrekende items', 'missing items')}: {rule.missing.kind}")
    for sub in inst.subscales:
        console.print(f"{env.tr('Subschaal', 'Subscale')} {sub.id} [{sub.status}]: {env.t(sub.name)} = "
                      f"{sub.method} {env.tr('van', 'of')} "
                      f"{', '.join(sub.items)}")
    for band in inst.bands:
        console.print(f"{env.tr('Band', 'Band')} {band.min:g}-{band.max:g}: {env.t(band.label)} "
                      f"({band.source.short()})")
    for cut in inst.cutoffs:
        mark = env.tr(" (standaard)", " (default)") if cut.default else ""
        console.print(f"{env.tr('Afkappunt', 'Cut-off')} {cut.id}{mark}: {cut.applies_to} {cut.direction} {cut.threshold:g}"
                      f" - {cut.source.short()}")
    console.print(f"{env.tr('Beperkingen', 'Limits')}: {env.t(inst.limits)}")
    return ExitStatus.SUCCESS
