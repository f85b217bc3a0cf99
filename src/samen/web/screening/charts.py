"""The score-history chart: a Vega-Lite spec rendered to SVG on the server (no script in the page).

The instrument's bands are shaded ranges labelled in the chart itself (so meaning never rests on
colour alone), the default cut-off is a dashed line with its value, and the totals are a line
with a point per response. The page beside it carries the same numbers as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import vl_convert
from django.utils.translation import gettext

from samen.instruments import Instrument
from samen.web.screening.scores import Shade, language

WIDTH = 560
HEIGHT = 260
LABEL_ROOM = 120
"""Pixels right of the plot for the band labels."""
# Fills by the band's risk level; the palette is samen.css's (WCAG AA text stays readable on it).
_FILL = {"none": "#e8f5ec", "elevated": "#fff4e0", "high": "#fdecec", None: "#f3f5f7"}
_CUTOFF_STROKE = "#a1131a"
_LINE = "#0b5cad"


@dataclass(frozen=True)
class Point:
    on: date
    total: float


def build_spec(instrument: Instrument, points: list[Point], shades: list[Shade]) -> dict[str, Any]:
    """The Vega-Lite spec of one instrument's score history (texts in the current language)."""
    assert instrument.total_range is not None, "only instruments with a total have a chart"
    low, high = instrument.total_range
    y_scale = {"domain": [low, high], "nice": False, "zero": False}
    score_title = gettext("Score")
    layers: list[dict[str, Any]] = []
    if shades:
        # Integer bands (0-4, 5-9, ...) are drawn up to the next band's start, so that the
        # shading has no gaps; the labels sit just right of the plot, in the middle of each band.
        tops = [s.low for s in shades[1:]] + [shades[-1].high]
        bands = [{"band": s.label, "low": s.low, "high": top, "mid": (s.low + top) / 2,
                  "fill": _FILL.get(s.risk, _FILL[None])} for s, top in zip(shades, tops,
                                                                            strict=True)]
        layers.append({
            "data": {"values": bands},
            "mark": {"type": "rect", "stroke": "#c9d1d9", "strokeWidth": 0.5},
            "encoding": {
                "y": {"field": "low", "type": "quantitative", "scale": y_scale,
                      "title": score_title},
                "y2": {"field": "high"},
                "color": {"field": "fill", "type": "nominal", "scale": None, "legend": None},
            },
        })
        layers.append({
            "data": {"values": bands},
            "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 6,
                     "fontSize": 11, "color": "#1b1f23"},
            "encoding": {
                "x": {"value": WIDTH},
                "y": {"field": "mid", "type": "quantitative", "scale": y_scale},
                "text": {"field": "band"},
            },
        })
    cut = instrument.default_cutoff
    subtitle = ""
    if cut is not None and cut.applies_to == "total":
        subtitle = gettext("Dashed line: cut-off %(value)s") % {"value": f"{cut.threshold:g}"}
        rule = [{"threshold": cut.threshold}]
        layers.append({
            "data": {"values": rule},
            "mark": {"type": "rule", "stroke": _CUTOFF_STROKE, "strokeWidth": 2,
                     "strokeDash": [6, 4]},
            "encoding": {"y": {"field": "threshold", "type": "quantitative", "scale": y_scale}},
        })
    values = [{"date": p.on.isoformat(), "total": p.total} for p in points]
    layers.append({
        "data": {"values": values},
        "mark": {"type": "line", "point": {"filled": True, "size": 60}, "color": _LINE},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": gettext("Date"),
                  "scale": {"padding": 16},
                  "axis": {"format": "%d-%m-%Y" if language() == "nl" else "%Y-%m-%d",
                           "labelAngle": 0, **_ticks(points)}},
            "y": {"field": "total", "type": "quantitative", "scale": y_scale,
                  "title": score_title},
        },
    })
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": gettext("%(name)s: scores over time") % {"name": instrument.short_name},
                  "subtitle": subtitle},
        "width": WIDTH,
        "height": HEIGHT,
        "padding": {"left": 5, "top": 5, "bottom": 5, "right": LABEL_ROOM},
        "layer": layers,
        "config": {"font": "system-ui, sans-serif", "view": {"stroke": "#c9d1d9"}},
    }


def _ticks(points: list[Point]) -> dict[str, Any]:
    """A tick per response while there are few (so each date is readable), else six."""
    days = sorted({p.on for p in points})
    if 0 < len(days) <= 6:
        return {"values": [{"year": d.year, "month": d.month, "date": d.day} for d in days]}
    return {"tickCount": 6}


def render_svg(spec: dict[str, Any]) -> str:
    """Render ``spec`` to an SVG document with text kept as text (labels stay searchable)."""
    if language() == "nl":
        return str(vl_convert.vegalite_to_svg(spec, format_locale="nl-NL",
                                              time_format_locale="nl-NL"))
    return str(vl_convert.vegalite_to_svg(spec, format_locale="en-GB",
                                          time_format_locale="en-GB"))
