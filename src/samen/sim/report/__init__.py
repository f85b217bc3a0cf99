"""Files from the runs of one scenario: Parquet tables, summary.json, report.html and PNG charts.

Use :func:`write_outputs`; ``docs/simulation-outputs.md`` describes every file and column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from samen.evidence import load_interventions
from samen.sim.report.charts import all_charts
from samen.sim.report.errors import (
    MalformedRunError,
    MixedRunsError,
    NoRunsError,
    ReportInputError,
    SeedMismatchError,
    UnknownAttributionError,
)
from samen.sim.report.html import render_html, write_pngs
from samen.sim.report.summary import build_summary, dumps
from samen.sim.report.tables import (
    interventions_table,
    means_table,
    timeseries_table,
    write_table,
)
from samen.sim.report.texts import TEXTS
from samen.sim.report.validate import check_attribution, check_ensemble, check_paired
from samen.sim.results import RunResult
from samen.text import Language

__all__ = [
    "MalformedRunError",
    "MixedRunsError",
    "NoRunsError",
    "OutputFiles",
    "ReportInputError",
    "SeedMismatchError",
    "UnknownAttributionError",
    "write_outputs",
]


@dataclass(frozen=True)
class OutputFiles:
    """Paths of everything :func:`write_outputs` wrote."""

    timeseries: Path
    means: Path
    interventions: Path
    summary: Path
    report: Path
    charts: tuple[Path, ...]

    def all(self) -> tuple[Path, ...]:
        return (self.timeseries, self.means, self.interventions, self.summary, self.report,
                *self.charts)


def write_outputs(
    out_dir: Path,
    runs: Sequence[RunResult],
    *,
    baseline: Sequence[RunResult] | None = None,
    attribution: Mapping[str, Sequence[RunResult]] | None = None,
    title: str | None = None,
    language: Language = "en",
) -> OutputFiles:
    """Write the tables, summary, report and charts of one scenario's ensemble into ``out_dir``.

    ``baseline`` and each ``attribution[intervention_id]`` (the scenario without that
    intervention) must use the same seeds as ``runs``, so differences are paired per seed.
    Everything is checked before the first file is written.
    """
    check_ensemble(runs)
    if baseline is not None:
        check_paired(runs, baseline, role="baseline")
    if attribution:
        check_attribution(runs, attribution)
    ordered = sorted(runs, key=lambda r: r.seed)
    summary = build_summary(ordered, baseline=baseline, attribution=attribution)
    t = TEXTS[language]
    names = {iv.id: iv.name.get(language) for iv in load_interventions()}
    averted = {names.get(iv_id, iv_id): figures["per_seed"]
               for iv_id, figures in summary["averted_by_intervention"].items()}
    if summary["averted_vs_baseline"] is not None:
        averted[t["all_interventions"]] = summary["averted_vs_baseline"]["per_seed"]
    charts = all_charts(ordered, averted, t, names)

    out_dir.mkdir(parents=True, exist_ok=True)
    summary_path = out_dir / "summary.json"
    summary_path.write_text(dumps(summary), encoding="utf-8")
    report_path = out_dir / "report.html"
    page_title = title or t["title"].format(scenario=summary["scenario"])
    report_path.write_text(
        render_html(summary, charts, title=page_title, language=language, t=t), encoding="utf-8"
    )
    return OutputFiles(
        timeseries=write_table(timeseries_table(ordered), out_dir / "timeseries.parquet"),
        means=write_table(means_table(ordered), out_dir / "means.parquet"),
        interventions=write_table(interventions_table(ordered), out_dir / "interventions.parquet"),
        summary=summary_path,
        report=report_path,
        charts=tuple(write_pngs(charts, out_dir / "charts", language)),
    )
