"""Coefficients of the population simulation, each with its source or marked an assumption.

These are the numbers ``samen.sim`` runs on (``shared/design/MODEL.md``). Most are assumptions to be
calibrated; each entry says why its value was chosen and gives ``low``/``high`` for sensitivity
analysis. A value must lie within its own range.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal, Self

from pydantic import model_validator

from samen.evidence.base import EntryId, Frozen
from samen.evidence.errors import UnknownEntryError
from samen.evidence.loading import read_tables, shipped_file, validate_entries
from samen.evidence.sources import Source
from samen.text import LocalizedText

FILE = "simulation.toml"

SimUnit = Literal[
    "proportion", "probability_per_week", "probability_per_year", "multiplier", "coefficient",
    "score", "hours_per_day", "weeks", "count",
]
"""``coefficient``: a logit coefficient; ``score``: on a 0-1 state scale; the rest as named."""
SimGroup = Literal["population", "intervention", "M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8"]


class SimParameter(Frozen):
    id: EntryId
    mechanism: SimGroup
    unit: SimUnit
    value: float
    low: float
    high: float
    description: LocalizedText
    source: Source

    @model_validator(mode="after")
    def _in_range(self) -> Self:
        if not self.low <= self.value <= self.high:
            raise ValueError(f"value {self.value} lies outside low-high {self.low}-{self.high}")
        bounded = ("proportion", "probability_per_week", "probability_per_year")
        if self.unit in bounded and not 0 <= self.low <= self.high <= 1:
            raise ValueError(f"a {self.unit} must lie in 0-1, got {self.low}-{self.high}")
        if self.unit in ("multiplier", "hours_per_day", "weeks", "score", "count") and self.low < 0:
            raise ValueError(f"a {self.unit} cannot be negative, got low {self.low}")
        return self


def read_sim_parameters(source: Path | str) -> tuple[SimParameter, ...]:
    """Validate a simulation-parameters file (a Path) or TOML text (a str)."""
    origin, tables = read_tables(source, ["parameters"])
    return validate_entries(SimParameter, tables["parameters"], origin, "parameters")


@cache
def load_sim_parameters() -> tuple[SimParameter, ...]:
    """The shipped simulation parameters, in file order."""
    return read_sim_parameters(shipped_file(FILE))


def get_sim_parameter(parameter_id: str) -> SimParameter:
    for parameter in load_sim_parameters():
        if parameter.id == parameter_id:
            return parameter
    raise UnknownEntryError("simulation parameter", parameter_id,
                            [p.id for p in load_sim_parameters()])


# -- how catalogue interventions act in the simulation ----------------------------------------

SIM_INTERVENTIONS_FILE = "sim_interventions.toml"

Lever = Literal[
    "anxiety", "mood", "loneliness", "stress", "skills", "online_hours", "recovery", "ties",
    "bullying", "overprotection",
]
Eligibility = Literal["everyone", "school", "minors", "at_risk", "withdrawn"]
STANDARDISED = ("hedges_g", "cohen_d", "smd")


class SimLever(Frozen):
    """One way an intervention moves the model: a catalogue effect (by index) or an own value."""

    lever: Lever
    effect: int | None = None
    value: float | None = None
    within_weeks: int | None = None
    source: Source | None = None

    @model_validator(mode="after")
    def _one_value(self) -> Self:
        if (self.effect is None) == (self.value is None):
            raise ValueError("give either 'effect' (a catalogue effect index) or 'value'")
        if self.value is not None and self.source is None:
            raise ValueError("an own 'value' needs its 'source' (usually an assumption with a note)")
        if self.lever == "recovery" and not self.within_weeks:
            raise ValueError("a recovery lever needs 'within_weeks'")
        return self


class SimIntervention(Frozen):
    id: EntryId
    eligible: Eligibility
    duration_weeks: int
    cost_eur: float
    cost_source: Source
    levers: tuple[SimLever, ...]

    @model_validator(mode="after")
    def _sane(self) -> Self:
        if self.duration_weeks < 1 or self.cost_eur < 0 or not self.levers:
            raise ValueError("needs duration_weeks >= 1, cost_eur >= 0 and at least one lever")
        return self


def read_sim_interventions(source: Path | str) -> tuple[SimIntervention, ...]:
    """Validate the mapping and check every catalogue reference it makes."""
    from samen.evidence.errors import EvidenceDataError
    from samen.evidence.interventions import load_interventions

    origin, tables = read_tables(source, ["interventions"])
    entries = validate_entries(SimIntervention, tables["interventions"], origin, "interventions")
    catalogue = {i.id: i for i in load_interventions()}
    for entry in entries:
        if entry.id not in catalogue:
            raise EvidenceDataError(origin, entry.id, "id", "is not in the intervention catalogue")
        effects = catalogue[entry.id].effects
        for k, lever in enumerate(entry.levers):
            if lever.effect is None:
                continue
            key = f"levers.{k}.effect"
            if not 0 <= lever.effect < len(effects):
                raise EvidenceDataError(origin, entry.id, key,
                                        f"the catalogue entry has {len(effects)} effect(s)")
            measure = effects[lever.effect].measure
            wanted = ("proportion",) if lever.lever == "recovery" else STANDARDISED
            if measure not in wanted:
                raise EvidenceDataError(origin, entry.id, key,
                                        f"a {lever.lever} lever needs a {' or '.join(wanted)} "
                                        f"effect, the catalogue gives {measure}")
    return entries


@cache
def load_sim_interventions() -> tuple[SimIntervention, ...]:
    return read_sim_interventions(shipped_file(SIM_INTERVENTIONS_FILE))


def lever_magnitude(intervention_id: str, lever: SimLever) -> float:
    """The size of a lever as a positive number in the favourable direction.

    Standardised effects (g, d, SMD) give |value|; a proportion gives the proportion; an own value
    is used as it is.
    """
    if lever.value is not None:
        return lever.value
    from samen.evidence.interventions import get_intervention

    assert lever.effect is not None
    return abs(get_intervention(intervention_id).effects[lever.effect].value)
