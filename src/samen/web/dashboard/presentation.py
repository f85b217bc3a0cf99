"""What the dashboard pages show, in the reader's language: scenario outcome rows and the charts
(Vega-Lite specs rendered on the server to SVG with vl-convert; every chart has a table beside
it on the page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import vl_convert
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samen.web.dashboard.aggregates import STAGE_LABELS, STAGES, Overview
from samen.web.dashboard.models import ScenarioComparison

ACCENT = "#0b5cad"
STAGE_COLOURS = ("#1e6b34", "#8a4b00", "#a1131a")
STAGE_SHAPES = ("circle", "square", "triangle-down")


def language() -> str:
    """The active language as ``nl`` or ``en``."""
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def render_svg(spec: dict[str, Any]) -> str:
    """``spec`` as an SVG document, numbers and dates in the reader's locale."""
    if language() == "en":
        return str(vl_convert.vegalite_to_svg(spec, format_locale="en-GB",
                                              time_format_locale="en-GB"))
    return str(vl_convert.vegalite_to_svg(spec, format_locale="nl-NL",
                                          time_format_locale="nl-NL"))


@dataclass(frozen=True)
class OutcomeRow:
    """One outcome of a comparison, formatted for the table, and scaled numbers for the chart."""

    id: str
    label: str
    unit: str
    base: str
    other: str
    difference: str
    low: str
    high: str
    share_better: str
    scaled: tuple[float, float, float]
    """(median, 5th, 95th percentile) of the differences, in the unit shown."""


def _number(value: float, digits: int, unit: str, *, signed: bool = False) -> str:
    text = number_format(value, decimal_pos=digits, force_grouping=True)
    if signed and value > 0:
        text = "+" + text
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def outcome_rows(comparison: ScenarioComparison) -> list[OutcomeRow]:
    """The comparison's outcomes with labels in the active language (unknown ids keep theirs)."""
    from samen.sim.compare import OUTCOMES

    known = {outcome.id: outcome for outcome in OUTCOMES}
    lang = language()
    rows = []
    for item in comparison.outcomes():
        outcome = known.get(str(item.get("id")))
        scale, unit, digits = (outcome.scale, outcome.unit, outcome.digits) if outcome \
            else (1.0, "", 3)
        label = outcome.label.get("en" if lang == "en" else "nl") if outcome \
            else str(item.get("label", item.get("id", "")))
        values = [float(item.get(key, 0.0)) * scale for key in (
            "base_median", "other_median", "difference_median", "difference_p5",
            "difference_p95")]
        share = float(item.get("share_better", 0.0))
        rows.append(OutcomeRow(
            id=str(item.get("id")), label=label, unit=unit,
            base=_number(values[0], digits, unit), other=_number(values[1], digits, unit),
            difference=_number(values[2], digits, unit, signed=True),
            low=_number(values[3], digits, unit, signed=True),
            high=_number(values[4], digits, unit, signed=True),
            share_better=f"{round(share * 100)}%",
            scaled=(values[2], values[3], values[4]),
        ))
    return rows


def comparison_spec(comparison: ScenarioComparison, rows: list[OutcomeRow]) -> dict[str, Any]:
    """One small panel per outcome (each with its own scale): the median paired difference as a
    dot, its 90% interval as a line, and a dashed line at 0 (no difference)."""
    values = [
        {
            "outcome": f"{row.label} ({row.unit})" if row.unit else row.label,
            "median": row.scaled[0], "low": row.scaled[1], "high": row.scaled[2], "zero": 0,
        }
        for row in rows
    ]
    x = {"type": "quantitative", "title": _("difference (other minus base)")}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {
            "text": _("%(other)s against %(base)s") % {
                "other": comparison.title("other", language()),
                "base": comparison.title("base", language()),
            },
            "subtitle": _("Median paired difference and 90% interval; below 0 is better."),
        },
        "data": {"values": values},
        "facet": {"row": {"field": "outcome", "type": "nominal", "sort": None,
                          "header": {"labelAngle": 0, "labelAlign": "left", "title": None,
                                     "labelLimit": 320}}},
        "spec": {
            "width": 420,
            "height": 30,
            "layer": [
                {"mark": {"type": "rule", "strokeDash": [4, 4], "color": "#1b1f23"},
                 "encoding": {"x": {"field": "zero", **x}}},
                {"mark": {"type": "rule", "strokeWidth": 3, "color": ACCENT},
                 "encoding": {"x": {"field": "low", **x}, "x2": {"field": "high"}}},
                {"mark": {"type": "point", "filled": True, "size": 80, "color": ACCENT},
                 "encoding": {"x": {"field": "median", **x}}},
            ],
        },
        "resolve": {"scale": {"x": "independent"}},
        "config": {"font": "system-ui, sans-serif", "view": {"stroke": "#c9d1d9"}},
    }


def trend_spec(overview: Overview) -> dict[str, Any]:
    """Counts per stage over the complete months. A hidden figure is a gap in its line (the table
    beside the chart marks it), so no hidden count is drawn or interpolated."""
    labels = [str(STAGE_LABELS[stage]) for stage in STAGES]
    values = [
        {"month": point.month.isoformat(), "stage": labels[index], "count": figure.value}
        for point in overview.trend
        for index, figure in enumerate(point.table.cells)
    ]  # a hidden figure's value is None: a gap
    stage = {"field": "stage", "type": "nominal", "title": _("stage of withdrawal"),
             "scale": {"domain": labels, "range": list(STAGE_COLOURS)}}
    encoding = {
        "x": {"field": "month", "type": "temporal", "title": _("month"),
              "axis": {"format": "%m-%Y", "labelAngle": -40}},
        "y": {"field": "count", "type": "quantitative", "title": _("number of young people")},
        "color": stage,
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 560,
        "height": 220,
        "data": {"values": values},
        "layer": [
            {"mark": {"type": "line", "invalid": "break-paths-filter-domains"},
             "encoding": encoding},
            {"mark": {"type": "point", "filled": True, "size": 60},
             "transform": [{"filter": "isValid(datum.count)"}],
             "encoding": {**encoding, "shape": {
                 "field": "stage", "type": "nominal", "title": _("stage of withdrawal"),
                 "scale": {"domain": labels, "range": list(STAGE_SHAPES)}}}},
        ],
        "config": {"font": "system-ui, sans-serif", "legend": {"orient": "bottom"}},
    }
