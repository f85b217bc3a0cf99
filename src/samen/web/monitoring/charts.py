"""The timeline chart: a Vega-Lite spec rendered on the server to SVG with vl-convert.

Days out per week as bars; each week's status (withdrawn, not withdrawn, unknown) by colour *and*
by the shape of its marker, so the meaning does not rest on colour alone. A dashed line marks 4
days out (from 4 days a week is not withdrawal); vertical lines mark 3 months (13 weeks) and 6
months (26 weeks) from the start of the current episode. The page shows the same data as a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import vl_convert
from django.utils.translation import gettext as _

from samen.instruments import WithdrawalAssessment
from samen.instruments.withdrawal import (
    HIKIKOMORI_WEEKS,
    MIN_DAYS_OUT_NOT_ISOLATED,
    PRE_HIKIKOMORI_WEEKS,
)
from samen.web.monitoring.episode import MergedWeek

COLOURS = {"isolated": "#a1131a", "not_isolated": "#1e6b34", "unknown": "#6b7785"}
SHAPES = {"isolated": "triangle-down", "not_isolated": "circle", "unknown": "square"}


def status_labels() -> dict[str, str]:
    """The week statuses in the active language."""
    return {"isolated": _("withdrawn"), "not_isolated": _("not withdrawn"),
            "unknown": _("not known")}


def timeline_spec(
    weeks: Sequence[MergedWeek], assessment: WithdrawalAssessment | None
) -> dict[str, Any]:
    """The Vega-Lite spec of the timeline (labels in the active language)."""
    labels = status_labels()
    order = [labels[key] for key in COLOURS]
    values = [
        {
            "week": week.week_start.isoformat(),
            "week_end": (week.week_start + timedelta(days=6)).isoformat(),
            "middle": (week.week_start + timedelta(days=3)).isoformat(),
            "days_out": week.record.days_out,
            "status": labels[week.status],
        }
        for week in weeks
    ]
    status_scale = {"domain": order, "range": list(COLOURS.values())}
    legend = _("The week counts as")
    week_axis = {"field": "week", "type": "temporal", "title": _("week"),
                 "axis": {"format": "%d-%m-%Y", "labelAngle": -40}}
    days_axis = {"field": "days_out", "type": "quantitative", "title": _("days out of home"),
                 "scale": {"domain": [0, 7], "nice": False},
                 "axis": {"values": list(range(8))}}
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "opacity": 0.55},
            "encoding": {
                "x": week_axis, "x2": {"field": "week_end"}, "y": days_axis,
                "y2": {"datum": 0},
                "color": {"field": "status", "type": "nominal", "scale": status_scale,
                          "title": legend},
            },
        },
        {
            "mark": {"type": "point", "filled": True, "size": 60},
            "encoding": {
                "x": {"field": "middle", "type": "temporal"}, "y": days_axis,
                "color": {"field": "status", "type": "nominal", "scale": status_scale,
                          "title": legend},
                "shape": {"field": "status", "type": "nominal", "title": legend,
                          "scale": {"domain": order, "range": list(SHAPES.values())}},
            },
        },
        {
            "data": {"values": [{"y": MIN_DAYS_OUT_NOT_ISOLATED,
                                 "label": _("4 days out: not withdrawn")}]},
            "layer": [
                {"mark": {"type": "rule", "strokeDash": [4, 4], "color": "#1b1f23"},
                 "encoding": {"y": {"field": "y", "type": "quantitative"}}},
                {"mark": {"type": "text", "align": "left", "dx": 4, "dy": -6, "x": 0},
                 "encoding": {"y": {"field": "y", "type": "quantitative"},
                              "text": {"field": "label"}}},
            ],
        },
    ]
    if assessment is not None and assessment.episode_start is not None:
        start = assessment.episode_start
        marks = [
            {"date": (start + timedelta(weeks=PRE_HIKIKOMORI_WEEKS)).isoformat(),
             "label": _("3 months")},
            {"date": (start + timedelta(weeks=HIKIKOMORI_WEEKS)).isoformat(),
             "label": _("6 months")},
        ]
        layers.append({
            "data": {"values": marks},
            "layer": [
                {"mark": {"type": "rule", "color": "#0b5cad", "strokeWidth": 2},
                 "encoding": {"x": {"field": "date", "type": "temporal"}}},
                {"mark": {"type": "text", "align": "left", "dx": 4, "y": 0, "baseline": "top",
                          "color": "#0b5cad"},
                 "encoding": {"x": {"field": "date", "type": "temporal"},
                              "text": {"field": "label"}}},
            ],
        })
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 640,
        "height": 240,
        "data": {"values": values},
        "layer": layers,
        "config": {"font": "sans-serif", "legend": {"orient": "bottom"}},
    }


def timeline_svg(weeks: Sequence[MergedWeek], assessment: WithdrawalAssessment | None) -> str:
    return str(vl_convert.vegalite_to_svg(timeline_spec(weeks, assessment)))
