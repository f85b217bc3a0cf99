"""Compare scenarios with common random numbers: paired differences per seed.

Base and every other scenario run with the SAME seeds. Because each mechanism draws from its own
stream keyed by the seed, run ``s`` of two scenarios differs only where the scenarios differ, so
the difference ``other(s) - base(s)`` is mostly the effect and little noise. We report, per
outcome, the median of these paired differences, their 90% interval (5th-95th percentile, numpy's
default linear interpolation) and the share of seeds in which the other scenario is better.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from samen.sim.ensemble import EnsembleJob, Progress, run_ensembles
from samen.sim.results import RunResult
from samen.text import Language, LocalizedText, bilingual

if TYPE_CHECKING:
    from samen.sim.scenario import Scenario


@dataclass(frozen=True)
class Outcome:
    """One outcome compared between scenarios; for every one of them, lower is better."""

    id: str
    label: LocalizedText
    value: Callable[[RunResult], float]
    scale: float
    """Multiply by this for display (shares shown as percentages)."""
    unit: str
    digits: int


def _end_prevalence(stage: str) -> Callable[[RunResult], float]:
    return lambda run: float(run.prevalence(stage)[-1])


def _end_mean(name: str) -> Callable[[RunResult], float]:
    return lambda run: float(run.means[name][-1])


def total_cost_eur(run: RunResult) -> float:
    """Cost of all interventions in the run; interventions without a catalogue cost add 0."""
    return float(sum(i.cost_eur for i in run.interventions if not math.isnan(i.cost_eur)))


OUTCOMES: tuple[Outcome, ...] = (
    Outcome("hikikomori_prevalence_end",
            bilingual("Hikikomori aan het eind", "Hikikomori at the end"),
            _end_prevalence("hikikomori"), 100.0, "%", 3),
    Outcome("pre_hikikomori_prevalence_end",
            bilingual("Pre-hikikomori aan het eind", "Pre-hikikomori at the end"),
            _end_prevalence("pre_hikikomori"), 100.0, "%", 3),
    Outcome("withdrawn_weeks",
            bilingual("Teruggetrokken persoonsweken", "Withdrawn person-weeks"),
            lambda run: float(run.withdrawn_weeks), 1.0, "", 0),
    Outcome("loneliness_end",
            bilingual("Gemiddelde eenzaamheid aan het eind (0-1)",
                      "Mean loneliness at the end (0-1)"),
            _end_mean("loneliness"), 1.0, "", 4),
    Outcome("online_hours_end",
            bilingual("Gemiddeld uren online per dag aan het eind",
                      "Mean online hours per day at the end"),
            _end_mean("online_hours"), 1.0, "h", 3),
    Outcome("total_cost_eur",
            bilingual("Totale kosten interventies", "Total cost of interventions"),
            total_cost_eur, 1.0, "EUR", 0),
)


@dataclass(frozen=True)
class OutcomeDifference:
    """One outcome of one other scenario against the base, over all seeds."""

    outcome: str
    base_median: float
    other_median: float
    differences: tuple[float, ...]
    """other - base, per seed, in seed order."""
    median: float
    low: float
    """5th percentile of the differences."""
    high: float
    """95th percentile of the differences."""
    share_better: float
    """Share of seeds in which the other scenario is strictly lower (better) than the base."""


@dataclass(frozen=True)
class ScenarioComparison:
    scenario: str
    title: LocalizedText
    outcomes: tuple[OutcomeDifference, ...]
    cost_unknown: tuple[str, ...]
    """Interventions whose cost the catalogue lacks (left out of the total cost)."""
    cost_assumed: tuple[str, ...]
    """Interventions whose cost is an assumption."""


@dataclass(frozen=True)
class Comparison:
    base: str
    base_title: LocalizedText
    seeds: tuple[int, ...]
    agents: int
    weeks: int
    others: tuple[ScenarioComparison, ...]


def paired_differences(
    base_runs: Sequence[RunResult], other_runs: Sequence[RunResult]
) -> tuple[OutcomeDifference, ...]:
    """Every outcome's paired differences; the runs must pair up seed by seed."""
    base_seeds = [r.seed for r in base_runs]
    other_seeds = [r.seed for r in other_runs]
    if not base_runs or base_seeds != other_seeds:
        raise ValueError(
            f"paired runs need the same seeds in the same order (base {base_seeds}, "
            f"other {other_seeds})"
        )
    rows = []
    for outcome in OUTCOMES:
        base = np.array([outcome.value(r) for r in base_runs])
        other = np.array([outcome.value(r) for r in other_runs])
        diff = other - base
        low, median, high = np.percentile(diff, [5.0, 50.0, 95.0])
        rows.append(OutcomeDifference(
            outcome=outcome.id, base_median=float(np.median(base)),
            other_median=float(np.median(other)), differences=tuple(float(d) for d in diff),
            median=float(median), low=float(low), high=float(high),
            share_better=float(np.mean(diff < 0)),
        ))
    return tuple(rows)


def compare_runs(
    base: Scenario, base_runs: Sequence[RunResult],
    others: Sequence[tuple[Scenario, Sequence[RunResult]]],
) -> Comparison:
    """Build the comparison from runs already made (same seeds for all)."""
    comparisons = []
    for scenario, runs in others:
        costs = {i.id: i for r in runs for i in r.interventions}
        comparisons.append(ScenarioComparison(
            scenario=scenario.name, title=scenario.title,
            outcomes=paired_differences(base_runs, runs),
            cost_unknown=tuple(sorted(k for k, i in costs.items() if math.isnan(i.cost_eur))),
            cost_assumed=tuple(sorted(k for k, i in costs.items() if i.cost_is_assumption)),
        ))
    first = base_runs[0]
    return Comparison(
        base=base.name, base_title=base.title, seeds=tuple(r.seed for r in base_runs),
        agents=first.agents, weeks=first.weeks, others=tuple(comparisons),
    )


def compare_scenarios(
    base: Scenario,
    others: Sequence[Scenario],
    *,
    runs: int,
    seed: int,
    agents: int | None = None,
    years: float | None = None,
    scheduler: str | None = None,
    processes: bool = True,
    progress: Progress | None = None,
) -> Comparison:
    """Run base and others with the same seeds and compare them.

    ``agents`` and ``years`` default to the BASE scenario's, for every scenario: paired runs must
    simulate the same population over the same time, whatever each file says.
    """
    agents = base.agents if agents is None else agents
    years = base.years if years is None else years
    jobs = [EnsembleJob(base), *(EnsembleJob(o) for o in others)]
    results = run_ensembles(
        jobs, runs=runs, seed=seed, agents=agents, years=years, scheduler=scheduler,
        processes=processes, progress=progress,
    )
    return compare_runs(base, results[0], list(zip(others, results[1:], strict=True)))


def render_comparison(
    comparison: Comparison, fmt: Literal["table", "json"] = "table", language: Language = "en"
) -> str:
    """The comparison as a plain-text table or as JSON (labels in ``language``)."""
    if fmt == "json":
        return json.dumps(_as_json(comparison, language), indent=2, ensure_ascii=False)
    return _as_table(comparison, language)


def _as_json(comparison: Comparison, language: Language) -> dict[str, object]:
    labels = {o.id: o.label.get(language) for o in OUTCOMES}
    return {
        "base": comparison.base,
        "base_title": comparison.base_title.get(language),
        "seeds": list(comparison.seeds),
        "agents": comparison.agents,
        "weeks": comparison.weeks,
        "interval": "5th-95th percentile of the paired differences",
        "others": [
            {
                "scenario": other.scenario,
                "title": other.title.get(language),
                "cost_unknown": list(other.cost_unknown),
                "cost_assumed": list(other.cost_assumed),
                "outcomes": [
                    {
                        "id": d.outcome, "label": labels[d.outcome],
                        "base_median": d.base_median, "other_median": d.other_median,
                        "difference_median": d.median, "difference_p5": d.low,
                        "difference_p95": d.high, "share_better": d.share_better,
                        "differences": list(d.differences),
                    }
                    for d in other.outcomes
                ],
            }
            for other in comparison.others
        ],
    }


_HEADERS = {
    "en": ("outcome", "base", "other", "difference (median)", "90% interval", "better in"),
    "nl": ("uitkomst", "basis", "ander", "verschil (mediaan)", "90%-interval", "beter in"),
}


def _as_table(comparison: Comparison, language: Language) -> str:
    from rich.console import Console
    from rich.table import Table

    out = io.StringIO()
    console = Console(file=out, width=120, color_system=None, soft_wrap=False, highlight=False)
    outcomes = {o.id: o for o in OUTCOMES}
    seeds = f"{comparison.seeds[0]}-{comparison.seeds[-1]}"
    intro = bilingual(
        f"{len(comparison.seeds)} paren van runs (seeds {seeds}), {comparison.agents} agenten, "
        f"{comparison.weeks} weken; 90%-interval = 5e-95e percentiel van de gepaarde verschillen.",
        f"{len(comparison.seeds)} paired runs (seeds {seeds}), {comparison.agents} agents, "
        f"{comparison.weeks} weeks; 90% interval = 5th-95th percentile of the paired differences.",
    )
    console.print(intro.get(language))
    for other in comparison.others:
        table = Table(*_HEADERS[language], title=(
            f"{other.scenario} ({other.title.get(language)}) - "
            f"{comparison.base} ({comparison.base_title.get(language)})"
        ))
        for d in other.outcomes:
            o = outcomes[d.outcome]
            table.add_row(
                o.label.get(language), _fmt(o, d.base_median), _fmt(o, d.other_median),
                _fmt(o, d.median, signed=True),
                f"{_fmt(o, d.low, signed=True)} .. {_fmt(o, d.high, signed=True)}",
                f"{d.share_better:.0%}",
            )
        console.print(table)
        if other.cost_unknown:
            console.print(bilingual(
                "Kosten onbekend (niet meegeteld):", "Cost unknown (not counted):"
            ).get(language) + " " + ", ".join(other.cost_unknown))
        if other.cost_assumed:
            console.print(bilingual(
                "Kosten zijn een aanname voor:", "Cost is an assumption for:"
            ).get(language) + " " + ", ".join(other.cost_assumed))
    return out.getvalue()


def _fmt(outcome: Outcome, value: float, *, signed: bool = False) -> str:
    sign = "+" if signed else ""
    text = f"{value * outcome.scale:{sign},.{outcome.digits}f}"
    if outcome.unit in ("", "%"):
        return text + outcome.unit
    return f"{text} {outcome.unit}"
