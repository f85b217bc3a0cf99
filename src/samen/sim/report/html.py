"""report.html (one self-contained file) and one PNG per chart, both drawn by vl_convert.

The Vega, Vega-Lite and vega-embed JavaScript is inlined once from ``vl_convert.javascript_bundle``,
so the page opens offline and loads nothing from a CDN.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from html import escape
from pathlib import Path
from typing import Any, Literal

import vl_convert

from samen.sim.report.charts import Chart
from samen.sim.results import STAGES
from samen.text import Language

EMBED_OPTIONS: dict[str, Any] = {"mode": "vega-lite", "renderer": "svg", "actions": False}
"""``actions: False`` hides the menu whose links open the online Vega editor."""
NUMBER_LOCALES: dict[Language, Literal["nl-NL", "en-US"]] = {"nl": "nl-NL", "en": "en-US"}
"""d3-format locales, so Dutch charts write 0,5 and 1.000."""
GLOBALS_SNIPPET = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"
"""Expose the bundled libraries to the page's inline scripts (what the library's default does)."""
STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "color:#222}table{border-collapse:collapse}td,th{padding:.25rem .75rem;"
    "border-bottom:1px solid #ddd;text-align:left}.skipped{color:#666;font-style:italic}"
)


@cache
def _vega_bundle() -> str:
    # Building the bundle takes seconds; one per process is enough.
    return vl_convert.javascript_bundle(GLOBALS_SNIPPET)


def _script_json(value: Any) -> str:
    # "</" inside an inline script would end it early; "<\/" means the same to JavaScript.
    return json.dumps(value, sort_keys=True, ensure_ascii=False).replace("</", "<\\/")


def _fmt(value: Any, language: Language, percent: bool = False) -> str:
    if value is None:
        return "–"
    text = f"{value:.2%}" if percent else f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    # Dutch writes 1.234,5 where English writes 1,234.5.
    return text.translate(str.maketrans(",.", ".,")) if language == "nl" else text


def _figure_rows(
    summary: Mapping[str, Any], t: Mapping[str, str], language: Language
) -> list[tuple[str, str, str]]:
    def fmt(value: Any, percent: bool = False) -> str:
        return _fmt(value, language, percent)

    rows = []
    for stage in STAGES:
        iv = summary["end_prevalence"]["by_stage"][stage]
        rows.append((t["prevalence_of"].format(stage=t[f"stage_{stage}"]), fmt(iv["median"], True),
                     f"{fmt(iv['low'], True)} – {fmt(iv['high'], True)}"))
    figures = [("withdrawn_weeks", summary["withdrawn_weeks"])]
    if summary["averted_vs_baseline"] is not None:
        figures.append(("averted_total", summary["averted_vs_baseline"]["withdrawn_weeks"]))
    for key, iv in figures:
        rows.append((t[key], fmt(iv["median"]), f"{fmt(iv['low'])} – {fmt(iv['high'])}"))
    if summary["averted_vs_baseline"] is not None:
        ratio = summary["averted_vs_baseline"]["cost_eur_per_averted_week"]
        notes = [t["cost_note_assumed"]] if summary["averted_vs_baseline"]["cost_is_assumption"] else []
        unknown = summary["averted_vs_baseline"]["costs_unknown"]
        notes += [t["cost_note_unknown"].format(ids=", ".join(unknown))] if unknown else []
        rows.append((t["cost_per_averted"], fmt(ratio), "; ".join(notes)))
    return rows


def _chart_section(k: int, chart: Chart, language: Language) -> str:
    head = f"<section><h2>{escape(chart.title)}</h2>\n"
    if chart.spec is None:
        return head + f'<p class="skipped">{escape(chart.skipped or "")}</p></section>\n'
    options = EMBED_OPTIONS | {"formatLocale": vl_convert.get_format_locale(NUMBER_LOCALES[language])}
    return head + (
        f'<div id="chart-{k}"></div>\n<script type="text/javascript">'
        f"vegaEmbed('#chart-{k}', {_script_json(chart.spec)}, {_script_json(options)})"
        ".catch(console.error);</script></section>\n"
    )


def render_html(summary: Mapping[str, Any], charts: Sequence[Chart], *, title: str,
                language: Language, t: Mapping[str, str]) -> str:
    """The whole page as text."""
    meta = [("scenario", summary["scenario"]), ("seeds", ", ".join(map(str, summary["seeds"]))),
            ("runs", str(summary["runs"])), ("agents", f"{summary['agents']:,}"),
            ("weeks", str(summary["weeks"]))]
    meta_html = "".join(f"<tr><th>{escape(t[k])}</th><td>{escape(v)}</td></tr>" for k, v in meta)
    figures_html = "".join(
        f"<tr><td>{escape(a)}</td><td>{escape(b)}</td><td>{escape(c)}</td></tr>"
        for a, b, c in _figure_rows(summary, t, language)
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n"
        f'<script type="text/javascript">{_vega_bundle()}</script>\n</head>\n<body>\n'
        f"<h1>{escape(title)}</h1>\n<table>{meta_html}</table>\n"
        f"<h2>{escape(t['how_to_read_heading'])}</h2>\n"
        f"<p>{escape(t['how_to_read'].format(runs=summary['runs']))}</p>\n"
        f"<noscript><p>{escape(t['noscript'])}</p></noscript>\n"
        f"<h2>{escape(t['key_figures'])}</h2>\n<table><tr><th>{escape(t['figure'])}</th>"
        f"<th>{escape(t['median'])}</th><th>{escape(t['interval'])}</th></tr>{figures_html}</table>\n"
        + "".join(_chart_section(k, chart, language) for k, chart in enumerate(charts))
        + "</body>\n</html>\n"
    )


def write_pngs(charts: Sequence[Chart], folder: Path, language: Language) -> list[Path]:
    """One PNG per drawn chart, named after the chart id; skipped charts get none."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for chart in charts:
        if chart.spec is None:
            continue
        path = folder / f"{chart.id}.png"
        path.write_bytes(vl_convert.vegalite_to_png(
            chart.spec, scale=2, format_locale=NUMBER_LOCALES[language]
        ))
        written.append(path)
    return written
