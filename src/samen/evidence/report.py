"""Render the knowledge base for people (a table) or programs (JSON).

The CLI wires this as ``samen evidence [--level parents] [--format table|json]``.
"""

from __future__ import annotations

import io
import json
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from samen.evidence.calibration import load_calibration_targets
from samen.evidence.errors import UnknownFormatError
from samen.evidence.interventions import Intervention, check_level, load_interventions
from samen.evidence.mechanisms import load_mechanisms
from samen.evidence.parameters import load_parameters
from samen.evidence.roots import load_roots
from samen.text import Language, LocalizedText

FORMATS = ("table", "json")

_HEADINGS: dict[str, LocalizedText] = {
    "interventions": LocalizedText(nl="Interventies", en="Interventions"),
    "roots": LocalizedText(nl="Wortels", en="Roots"),
    "level": LocalizedText(nl="Niveau", en="Level"),
    "id": LocalizedText(nl="Id", en="Id"),
    "name": LocalizedText(nl="Naam", en="Name"),
    "target": LocalizedText(nl="Doelgroep", en="Target group"),
    "grade": LocalizedText(nl="Bewijsniveau", en="Grade"),
    "effect": LocalizedText(nl="Effect", en="Effect"),
    "source": LocalizedText(nl="Bron", en="Source"),
    "mechanisms": LocalizedText(nl="Mechanismen", en="Mechanisms"),
    "raises": LocalizedText(nl="Verhoogt (+) / verlaagt (-)", en="Raises (+) / lowers (-)"),
    "none": LocalizedText(nl="geen gekwantificeerd effect", en="no quantified effect"),
}


def render_evidence(
    level: str | None = None, fmt: str = "table", *, language: Language = "en", width: int = 160
) -> str:
    """The catalogue (optionally one level) and the roots, as a text table or as JSON.

    Raises :class:`~samen.evidence.errors.UnknownLevelError` for an unknown level and
    :class:`~samen.evidence.errors.UnknownFormatError` for an unknown format.
    """
    if fmt not in FORMATS:
        raise UnknownFormatError(fmt, FORMATS)
    if level is not None:
        check_level(level)
    interventions = load_interventions(level)
    if fmt == "json":
        return json.dumps(evidence_data(level, interventions), ensure_ascii=False, indent=2)
    return _table(interventions, language, width)


def evidence_data(
    level: str | None, interventions: tuple[Intervention, ...] | None = None
) -> dict[str, Any]:
    """Everything in the knowledge base as plain JSON-ready data."""
    if interventions is None:
        interventions = load_interventions(level)
    return {
        "level": level,
        "mechanisms": [m.model_dump(mode="json") for m in load_mechanisms()],
        "roots": [r.model_dump(mode="json") for r in load_roots()],
        "interventions": [i.model_dump(mode="json") for i in interventions],
        "calibration": load_calibration_targets().model_dump(mode="json"),
        "parameters": [p.model_dump(mode="json") for p in load_parameters()],
    }


def _table(interventions: tuple[Intervention, ...], language: Language, width: int) -> str:
    def h(key: str) -> str:
        return _HEADINGS[key].get(language)

    catalogue = Table(title=h("interventions"), show_lines=True)
    for key in ("level", "id", "name", "target", "grade", "effect", "source"):
        catalogue.add_column(h(key), overflow="fold")
    for item in interventions:
        cells = (
            item.level,
            item.id,
            item.name.get(language),
            item.target_group,
            item.grade,
            _effect_text(item, h("none")),
            item.source.short(),
        )
        catalogue.add_row(*(Text(c) for c in cells))  # Text: brackets in data are not markup

    roots = Table(title=h("roots"), show_lines=True)
    for key in ("id", "name", "mechanisms", "raises"):
        roots.add_column(h(key), overflow="fold")
    for root in load_roots():
        signed = (f"{'-' if link.direction == 'lowers' else '+'}{link.target}" for link in root.raises)
        links = ", ".join(dict.fromkeys(signed))  # one mention per target, in file order
        root_cells = (root.id, root.name.get(language), ", ".join(root.mechanisms), links)
        roots.add_row(*(Text(c) for c in root_cells))

    console = Console(record=True, width=width, file=io.StringIO(), color_system=None)
    console.print(catalogue)
    console.print(roots)
    return console.export_text()


def _effect_text(item: Intervention, none: str) -> str:
    """The first sourced effect, e.g. ``hedges_g 0.21 on depressed_mood``."""
    effects = item.sourced_effects
    if not effects:
        return none
    first = effects[0]
    text = f"{first.short()} on {first.state}"
    if first.source.confidence != "verified":
        text += f" [{first.source.confidence}]"
    if len(effects) > 1:
        text += f" (+{len(effects) - 1})"
    return text
