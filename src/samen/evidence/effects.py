"""Effect sizes and costs: the numbers an intervention or a risk link carries.

Sign convention: the value is stored as published. ``favourable`` on an intervention effect says
which direction means benefit, so a negative SMD on anxiety and a positive Hedges' g on
wellbeing are both usable without guessing.
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from samen.evidence.base import Frozen, Year, check_interval
from samen.evidence.sources import Source
from samen.evidence.vocab import State
from samen.text import LocalizedText

Measure = Literal[
    "hedges_g",
    "cohen_d",
    "smd",
    "mean_difference",
    "odds_ratio",
    "risk_ratio",
    "ratio",
    "correlation",
    "proportion",
    "relative_change",
]
"""``ratio``: a ratio whose type the source does not state (e.g. "6.1 times the risk").
``proportion``: share of a group with an outcome, 0-1. ``relative_change``: a change as a fraction
of the baseline (-0.22 = 22 % less)."""

Currency = Literal["EUR", "USD", "GBP", "JPY", "KRW", "I$"]
"""``I$``: international dollars (purchasing-power parity), as used by WHO-CHOICE studies."""

CostUnit = Literal[
    "per_participant",
    "per_capita_per_year",
    "per_participant_per_month",
    "per_healthy_life_year",
]


class EffectSize(Frozen):
    """A published effect or association, with its interval where one was published."""

    measure: Measure
    value: float
    ci_low: float | None = None
    ci_high: float | None = None
    outcome: LocalizedText
    population: LocalizedText
    note: LocalizedText | None = None
    """Direction, comparison, follow-up and caveats."""

    @model_validator(mode="after")
    def _interval(self) -> Self:
        check_interval(self.measure, self.value, self.ci_low, self.ci_high, ("ci_low", "ci_high"))
        return self

    def short(self) -> str:
        """One line for tables, e.g. ``hedges_g 0.40 (0.23 to 0.57)``."""
        text = f"{self.measure} {self.value:g}"
        if self.ci_low is not None and self.ci_high is not None:
            text += f" ({self.ci_low:g} to {self.ci_high:g})"
        return text


class InterventionEffect(EffectSize):
    """An effect of an intervention on one agent state, with its own source."""

    state: State
    """The agent state this effect moves in the simulation."""
    favourable: Literal["higher", "lower"]
    """Which direction of ``value`` means benefit."""
    source: Source


class Cost(Frozen):
    """What an intervention costs, as published."""

    value: float = Field(ge=0)
    currency: Currency
    unit: CostUnit
    year: Year
    """Price year where the source states it, otherwise its publication year."""
    note: LocalizedText | None = None
    source: Source
