"""Model parameters with their sources: exit hazards, contagion, population, screen time.

Most are derived from published figures (confidence ``derived``, with the method in the note) or
are published figures the simulation takes as given; none is fitted here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal, Self

from pydantic import model_validator

from samen.evidence.base import AgeBanded, Country, EntryId, Year, check_interval
from samen.evidence.errors import UnknownEntryError
from samen.evidence.loading import read_tables, shipped_file, validate_entries
from samen.evidence.sources import Source
from samen.text import LocalizedText

FILE = "parameters.toml"

Group = Literal["natural_history", "contagion", "population", "lifestyle"]
Unit = Literal[
    "per_year",
    "probability_per_year",
    "proportion",
    "relative_increase",
    "multiplier",
    "persons",
    "count",
    "hours_per_day",
    "days_per_year",
]
"""``per_year``: a hazard rate; ``probability_per_year``: 1 - exp(-hazard); ``relative_increase``:
+0.52 = 52 % more likely; ``multiplier``: a factor on a probability or rate."""


class Parameter(AgeBanded):
    id: EntryId
    group: Group
    unit: Unit
    value: float
    low: float | None = None
    high: float | None = None
    """A published or derived range, not a confidence interval unless the note says so."""
    country: Country | None = None
    year: Year | None = None
    description: LocalizedText
    source: Source

    @model_validator(mode="after")
    def _ranges(self) -> Self:
        check_interval(self.unit, self.value, self.low, self.high, ("low", "high"))
        return self


def read_parameters(source: Path | str) -> tuple[Parameter, ...]:
    """Validate a parameters file (a Path) or TOML text (a str)."""
    origin, tables = read_tables(source, ["parameters"])
    return validate_entries(Parameter, tables["parameters"], origin, "parameters")


@cache
def load_parameters() -> tuple[Parameter, ...]:
    """The shipped parameters, in file order."""
    return read_parameters(shipped_file(FILE))


def get_parameter(parameter_id: str) -> Parameter:
    for parameter in load_parameters():
        if parameter.id == parameter_id:
            return parameter
    raise UnknownEntryError("parameter", parameter_id, [p.id for p in load_parameters()])
