"""Every user-facing text of the report, one dict per language with the same keys."""

from __future__ import annotations

from collections.abc import Mapping

from samen.text import Language

EN: dict[str, str] = {
    "title": "Simulation of scenario {scenario}",
    "how_to_read_heading": "How to read this",
    "how_to_read": (
        "Each chart summarises {runs} run(s) of the same scenario with different random seeds. "
        "Lines are the median over runs; shaded bands and whiskers are the 90% interval "
        "(5th to 95th percentile over runs). The interval shows chance variation between runs, "
        "not uncertainty in the model's assumptions. 'Averted' compares runs with the same seed "
        "(common random numbers): weeks of withdrawal in the comparison run minus weeks in this "
        "scenario, so a positive number means less withdrawal. Costs marked as assumed are "
        "estimates, not published prices."
    ),
    "scenario": "Scenario", "seeds": "Seeds", "runs": "Runs", "agents": "Agents",
    "weeks": "Weeks",
    "key_figures": "Key figures at the end of the run",
    "figure": "Figure", "median": "Median", "interval": "90% interval",
    "prevalence_of": "Share in stage: {stage}",
    "withdrawn_weeks": "Withdrawal-weeks (pre-hikikomori + hikikomori) over the run",
    "averted_total": "Withdrawal-weeks averted compared with the baseline",
    "cost_per_averted": "Cost per averted withdrawal-week (EUR)",
    "cost_note_assumed": "includes assumed costs",
    "cost_note_unknown": "unknown cost counted as 0: {ids}",
    "chart_prevalence": "Share of young people per withdrawal stage over time",
    "chart_duration": "Duration of ongoing withdrawal episodes at the end",
    "chart_loneliness": "Mean loneliness over time",
    "chart_online_hours": "Mean online hours per day over time",
    "chart_skills": "Mean social skills over time",
    "chart_reach": "Young people reached per intervention",
    "chart_cost": "Cost per intervention",
    "chart_averted": "Withdrawal-weeks averted per intervention",
    "axis_year": "Year", "axis_share": "Share of population", "axis_stage": "Stage",
    "axis_duration": "Duration", "axis_episodes": "Ongoing episodes",
    "axis_score": "Mean (0-1)", "axis_hours": "Hours per day",
    "axis_intervention": "Intervention", "axis_reached": "People reached",
    "axis_eur": "Cost (EUR)", "axis_weeks_averted": "Withdrawal-weeks averted",
    "all_interventions": "All interventions (vs baseline)",
    "assumed_cost": "{name} (assumed cost)",
    "skip_no_series": "Not available: the runs do not record this series.",
    "skip_no_interventions": "Not available: this scenario has no interventions.",
    "skip_no_cost": "Not available: no intervention in this scenario has a known cost.",
    "skip_no_averted": (
        "Not available: run a baseline and/or runs without each intervention with the same "
        "seeds to see withdrawal-weeks averted."
    ),
    "noscript": "The charts need JavaScript. PNG copies are in the charts folder next to this file.",
    "stage_none": "No withdrawal", "stage_at_risk": "At risk (1-12 weeks)",
    "stage_pre_hikikomori": "Pre-hikikomori (13-25 weeks)",
    "stage_hikikomori": "Hikikomori (26+ weeks)", "stage_recovering": "Recovering",
    "duration_0": "<3 months", "duration_1": "3-6 months", "duration_2": "6-12 months",
    "duration_3": "1-3 years", "duration_4": "3-5 years", "duration_5": "5-7 years",
    "duration_6": "7-10 years", "duration_7": "10+ years",
}

NL: dict[str, str] = {
    "title": "Simulatie van scenario {scenario}",
    "how_to_read_heading": "Zo lees je dit",
    "how_to_read": (
        "Elke grafiek vat {runs} run(s) samen van hetzelfde scenario met verschillende "
        "toevalsgetallen (seeds). Lijnen zijn de mediaan over de runs; gekleurde banden en "
        "strepen zijn het 90%-interval (5e tot 95e percentiel over de runs). Het interval toont "
        "toevalsvariatie tussen runs, niet de onzekerheid in de aannames van het model. "
        "'Voorkomen' vergelijkt runs met dezelfde seed (gemeenschappelijke toevalsgetallen): "
        "weken terugtrekking in de vergelijkingsrun min weken in dit scenario, dus een positief "
        "getal betekent minder terugtrekking. Kosten die als aanname gemarkeerd zijn, zijn "
        "schattingen, geen gepubliceerde prijzen."
    ),
    "scenario": "Scenario", "seeds": "Seeds", "runs": "Runs", "agents": "Agents",
    "weeks": "Weken",
    "key_figures": "Kerncijfers aan het eind van de run",
    "figure": "Cijfer", "median": "Mediaan", "interval": "90%-interval",
    "prevalence_of": "Aandeel in fase: {stage}",
    "withdrawn_weeks": "Weken terugtrekking (pre-hikikomori + hikikomori) over de run",
    "averted_total": "Voorkomen weken terugtrekking ten opzichte van de basis",
    "cost_per_averted": "Kosten per voorkomen week terugtrekking (EUR)",
    "cost_note_assumed": "bevat aangenomen kosten",
    "cost_note_unknown": "onbekende kosten als 0 geteld: {ids}",
    "chart_prevalence": "Aandeel jongeren per fase van terugtrekking door de tijd",
    "chart_duration": "Duur van lopende periodes van terugtrekking aan het eind",
    "chart_loneliness": "Gemiddelde eenzaamheid door de tijd",
    "chart_online_hours": "Gemiddeld aantal uur per dag online door de tijd",
    "chart_skills": "Gemiddelde sociale vaardigheden door de tijd",
    "chart_reach": "Bereikte jongeren per interventie",
    "chart_cost": "Kosten per interventie",
    "chart_averted": "Voorkomen weken terugtrekking per interventie",
    "axis_year": "Jaar", "axis_share": "Aandeel van de bevolking", "axis_stage": "Fase",
    "axis_duration": "Duur", "axis_episodes": "Lopende periodes",
    "axis_score": "Gemiddelde (0-1)", "axis_hours": "Uur per dag",
    "axis_intervention": "Interventie", "axis_reached": "Bereikte personen",
    "axis_eur": "Kosten (EUR)", "axis_weeks_averted": "Voorkomen weken terugtrekking",
    "all_interventions": "Alle interventies (t.o.v. de basis)",
    "assumed_cost": "{name} (kosten aangenomen)",
    "skip_no_series": "Niet beschikbaar: de runs houden deze reeks niet bij.",
    "skip_no_interventions": "Niet beschikbaar: dit scenario heeft geen interventies.",
    "skip_no_cost": "Niet beschikbaar: geen interventie in dit scenario heeft bekende kosten.",
    "skip_no_averted": (
        "Niet beschikbaar: draai een basisscenario en/of runs zonder elke interventie met "
        "dezelfde seeds om voorkomen weken terugtrekking te zien."
    ),
    "noscript": "De grafieken hebben JavaScript nodig. PNG-kopieën staan in de map charts naast dit bestand.",
    "stage_none": "Geen terugtrekking", "stage_at_risk": "Risico (1-12 weken)",
    "stage_pre_hikikomori": "Pre-hikikomori (13-25 weken)",
    "stage_hikikomori": "Hikikomori (26+ weken)", "stage_recovering": "Herstellend",
    "duration_0": "<3 maanden", "duration_1": "3-6 maanden", "duration_2": "6-12 maanden",
    "duration_3": "1-3 jaar", "duration_4": "3-5 jaar", "duration_5": "5-7 jaar",
    "duration_6": "7-10 jaar", "duration_7": "10+ jaar",
}

TEXTS: dict[Language, dict[str, str]] = {"en": EN, "nl": NL}


SURVEY_EDGES_WEEKS = (0, 13, 26, 52, 156, 260, 364, 520, 10_000)
"""The bins the ``duration_*`` labels describe (``samen.sim.results.DURATION_EDGES_WEEKS``)."""


def duration_label(texts: Mapping[str, str], edges: tuple[int, ...], k: int) -> str:
    """Label of duration bin ``k``; plain weeks if the engine's bins ever differ from the labels."""
    if edges == SURVEY_EDGES_WEEKS:
        return texts[f"duration_{k}"]
    return f"{edges[k]}-{edges[k + 1]} wk"
