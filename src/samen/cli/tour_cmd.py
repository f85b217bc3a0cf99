"""``samen tour``: a guided, non-interactive tour of scoring on synthetic answers.

Everything shown is computed live by the same functions the rest of Samen uses; the people in it
are synthetic.
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from typing import Any

from samen.cli.context import Environment, ExitStatus
from samen.instruments import list_instruments, score

# A synthetic 16-year-old ("Sam") who has been staying home more and more since early spring.
_PHQA = [1, 2, 1, 2, 0, 2, 1, 0, 0]
_HQ25 = [3, 4, 2, 1, 4, 3, 1, 3, 3, 1, 2, 4, 3, 2, 1, 2, 2, 3, 3, 3, 2, 3, 1, 3, 1]


def register(sub: Any) -> None:
    parser = sub.add_parser("tour", help="a guided tour of scoring on synthetic answers")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    say, tr = env.say, env.tr
    say(tr("Samen - een rondleiding (alleen synthetische gegevens)",
           "Samen - a guided tour (synthetic data only)"))
    say("=" * 44)
    say(tr("\n1. De vragenlijsten die Samen kan scoren (`samen instruments list`):",
           "\n1. The questionnaires Samen can score (`samen instruments list`):"))
    for inst in list_instruments():
        say(f"   {inst.id:<10} {inst.short_name:<10} {env.t(inst.measures)}")

    say(tr("\n2. Sam (16, synthetisch) vult de PHQ-A in, de depressiescreener voor jongeren:",
           "\n2. Sam (16, synthetic) fills in the PHQ-A, the adolescent depression screen:"))
    say(f"   {tr('antwoorden (itemvolgorde, 0-3)', 'answers (item order, 0-3)')}: "
        f"{','.join(map(str, _PHQA))}")
    phqa = score("phqa", _PHQA)
    say(f"   {tr('totaal', 'total')} {phqa.total:g}; {tr('band', 'band')}: "
        f"{env.t(phqa.band.label) if phqa.band else '-'}; "
        f"{tr('op of boven afkappunt', 'at or above cut-off')}: {phqa.above_cutoff}")
    say(f"   {env.t(phqa.interpretation)}")

    say(tr("\n3. En de HQ-25 (risico op hikikomori, items 0-4, zes ervan omgekeerd gescoord):",
           "\n3. And the HQ-25 (hikikomori risk, items 0-4, six of them reverse-keyed):"))
    hq = score("hq25", _HQ25)
    lab = score("hq25", _HQ25, cutoff="lab")
    say(f"   {tr('totaal', 'total')} {hq.total:g} {tr('van', 'of')} 100; "
        f"{tr('afkappunt', 'cut-off')} 42 (Teo 2018): {hq.above_cutoff}; "
        f"{tr('afkappunt', 'cut-off')} 44 (lab): {lab.above_cutoff}")
    say(f"   {env.t(hq.interpretation)}")
    for warning in hq.warnings[:1]:
        say(f"   {tr('let op', 'note')}: {env.t(warning.message)}")

    say(tr("\n4. Wekelijkse opvolging: dagen buitenshuis, school, beperking "
           "(`samen withdrawal weeks.csv`):",
           "\n4. Weekly follow-up: days out of home, school, impairment "
           "(`samen withdrawal weeks.csv`):"))
    _withdrawal_demo(env)

    say(tr("\n5. Probeer het zelf:", "\n5. Try it yourself:"))
    for line in (
        "samen instruments show hq25",
        "samen score phq9 --answers 0,1,2,3,0,1,2,3,0 --json",
        "samen score hq25 --answers " + ",".join(map(str, _HQ25)) + " --cutoff lab",
        "samen fhir questionnaire gad7",
        "samen evidence --level parents",
    ):
        say(f"   {line}")
    return ExitStatus.SUCCESS


def _withdrawal_demo(env: Environment) -> None:
    from samen.instruments.withdrawal import WeekRecord, assess_withdrawal

    monday = date(2026, 3, 2)
    weeks = []
    for n in range(20):
        out = 5 if n < 4 else (3 if n < 8 else 1)
        weeks.append(WeekRecord(
            week_start=monday + timedelta(weeks=n), days_out=out, room_bound=False,
            in_school_or_work=n < 4, impairment=n >= 4,
        ))
    result = assess_withdrawal(weeks)
    env.say(env.tr("   20 weken vastgelegd: 4 weken naar school, daarna steeds vaker thuis.",
                   "   20 weeks recorded: goes to school for 4 weeks, then stays home more and more."))
    start = result.episode_start.isoformat() if result.episode_start else "-"
    env.say(f"   {env.tr('fase', 'stage')}: {result.stage}; {env.tr('ernst', 'severity')}: "
            f"{result.severity}; {env.tr('episode sinds', 'episode since')} {start} "
            f"({result.duration_weeks} {env.tr('weken', 'weeks')})")
    env.say(f"   {env.t(result.explanation)}")
