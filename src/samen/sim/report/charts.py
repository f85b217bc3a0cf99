"""Vega-Lite specs of the report's charts, with their data inlined (no files, no network)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from samen.sim.report.stats import bands, interval
from samen.sim.report.texts import duration_label
from samen.sim.results import DURATION_EDGES_WEEKS, STAGES, RunResult

WEEKS_PER_YEAR = 52.0
"""The x axis is in years of 52 weeks; the engine counts whole weeks."""
WIDTH, HEIGHT = 640, 280
CHARTED_STAGES = ("at_risk", "pre_hikikomori", "hikikomori", "recovering")
"""``none`` is left out: at ~95% of the population it would flatten every other line."""
SERIES_CHARTS = (("loneliness", "axis_score"), ("online_hours", "axis_hours"), ("skills", "axis_score"))

Spec = dict[str, Any]


@dataclass(frozen=True)
class Chart:
    """One chart: a spec to draw, or the sentence that says why it is missing."""

    id: str
    title: str
    spec: Spec | None
    skipped: str | None = None


def _r(x: float) -> float | None:
    return float(f"{x:.6g}") if np.isfinite(x) else None


def _base(title: str, rows: list[dict[str, Any]]) -> Spec:
    return {"title": title, "width": WIDTH, "height": HEIGHT, "data": {"values": rows}}


def _band_spec(title: str, rows: list[dict[str, Any]], x_title: str, y_title: str,
               color: Spec | None = None, percent: bool = False) -> Spec:
    y_axis = {"format": ".1%"} if percent else {}
    colour = {"color": color} if color else {}
    return _base(title, rows) | {
        "encoding": {"x": {"field": "year", "type": "quantitative", "title": x_title}},
        "layer": [
            {"mark": {"type": "area", "opacity": 0.25},
             "encoding": {"y": {"field": "low", "type": "quantitative", "title": y_title,
                                "axis": y_axis},
                          "y2": {"field": "high"}} | colour},
            {"mark": {"type": "line"},
             "encoding": {"y": {"field": "median", "type": "quantitative"}} | colour},
        ],
    }


def _bar_spec(title: str, rows: list[dict[str, Any]], x_title: str, y_title: str) -> Spec:
    order = [row["label"] for row in rows]
    x = {"field": "label", "type": "nominal", "title": x_title, "sort": order,
         "axis": {"labelAngle": -30, "labelLimit": 220}}
    return _base(title, rows) | {
        "encoding": {"x": x},
        "layer": [
            {"mark": {"type": "bar"},
             "encoding": {"y": {"field": "median", "type": "quantitative", "title": y_title}}},
            {"mark": {"type": "rule"},
             "encoding": {"y": {"field": "low", "type": "quantitative"}, "y2": {"field": "high"}}},
        ],
    }


def _bar_rows(labelled: Sequence[tuple[str, Sequence[float]]]) -> list[dict[str, Any]]:
    rows = []
    for label, values in labelled:
        rows.append({"label": label} | {k: _r(v) for k, v in interval(values).items()})
    return rows


def prevalence_chart(runs: Sequence[RunResult], t: Mapping[str, str]) -> Chart:
    shares = np.array([r.counts.sum(axis=(2, 3)) / r.counts.sum(axis=(1, 2, 3))[:, None]
                       for r in runs])  # runs x weeks x stages
    median, low, high = bands(shares)
    rows = [
        {"year": _r((w + 1) / WEEKS_PER_YEAR), "stage": t[f"stage_{stage}"],
         "median": _r(median[w, i]), "low": _r(low[w, i]), "high": _r(high[w, i])}
        for stage in CHARTED_STAGES for i in [STAGES.index(stage)] for w in range(runs[0].weeks)
    ]
    labels = [t[f"stage_{s}"] for s in CHARTED_STAGES]
    color = {"field": "stage", "type": "nominal", "title": t["axis_stage"],
             "sort": labels, "scale": {"domain": labels}}
    title = t["chart_prevalence"]
    return Chart("prevalence", title, _band_spec(
        title, rows, t["axis_year"], t["axis_share"], color=color, percent=True))


def series_chart(runs: Sequence[RunResult], name: str, axis: str, t: Mapping[str, str]) -> Chart:
    title = t[f"chart_{name}"]
    if name not in runs[0].means:
        return Chart(name, title, None, t["skip_no_series"])
    median, low, high = bands([r.means[name] for r in runs])
    rows = [{"year": _r((w + 1) / WEEKS_PER_YEAR), "median": _r(median[w]), "low": _r(low[w]),
             "high": _r(high[w])} for w in range(runs[0].weeks)]
    return Chart(name, title, _band_spec(title, rows, t["axis_year"], t[axis]))


def duration_chart(runs: Sequence[RunResult], t: Mapping[str, str]) -> Chart:
    labelled = [(duration_label(t, DURATION_EDGES_WEEKS, k), [r.duration_counts[k] for r in runs])
                for k in range(len(DURATION_EDGES_WEEKS) - 1)]
    title = t["chart_duration"]
    return Chart("duration", title, _bar_spec(title, _bar_rows(labelled), t["axis_duration"],
                                              t["axis_episodes"]))


def reach_chart(runs: Sequence[RunResult], t: Mapping[str, str], names: Mapping[str, str]) -> Chart:
    title = t["chart_reach"]
    if not runs[0].interventions:
        return Chart("reach", title, None, t["skip_no_interventions"])
    labelled = [(names.get(iv.id, iv.id), [r.interventions[k].reached for r in runs])
                for k, iv in enumerate(runs[0].interventions)]
    return Chart("reach", title, _bar_spec(title, _bar_rows(labelled), t["axis_intervention"],
                                           t["axis_reached"]))


def cost_chart(runs: Sequence[RunResult], t: Mapping[str, str], names: Mapping[str, str]) -> Chart:
    title = t["chart_cost"]
    if not runs[0].interventions:
        return Chart("cost", title, None, t["skip_no_interventions"])
    labelled = [
        (t["assumed_cost"].format(name=names.get(iv.id, iv.id)) if iv.cost_is_assumption
         else names.get(iv.id, iv.id),
         [r.interventions[k].cost_eur for r in runs])
        for k, iv in enumerate(runs[0].interventions)
        if all(np.isfinite(r.interventions[k].cost_eur) for r in runs)
    ]
    if not labelled:
        return Chart("cost", title, None, t["skip_no_cost"])
    return Chart("cost", title, _bar_spec(title, _bar_rows(labelled), t["axis_intervention"],
                                          t["axis_eur"]))


def averted_chart(averted: Mapping[str, Sequence[float]], t: Mapping[str, str]) -> Chart:
    """``averted`` maps a label to withdrawal-weeks averted per seed."""
    title = t["chart_averted"]
    if not averted:
        return Chart("averted", title, None, t["skip_no_averted"])
    return Chart("averted", title, _bar_spec(title, _bar_rows(list(averted.items())),
                                             t["axis_intervention"], t["axis_weeks_averted"]))


def all_charts(runs: Sequence[RunResult], averted: Mapping[str, Sequence[float]],
               t: Mapping[str, str], names: Mapping[str, str]) -> list[Chart]:
    """Every chart of the report in reading order (runs ordered by seed).

    ``averted`` maps a bar label to weeks averted per seed; ``names`` maps intervention ids to
    their catalogue names in the report's language (ids not in it are shown as they are).
    """
    return [
        prevalence_chart(runs, t),
        duration_chart(runs, t),
        *(series_chart(runs, name, axis, t) for name, axis in SERIES_CHARTS),
        reach_chart(runs, t, names),
        cost_chart(runs, t, names),
        averted_chart(averted, t),
    ]
