"""Building blocks shared by the knowledge-base models: ids, years, age bands, value ranges."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

YEAR_MIN = 1950
YEAR_MAX = 2030
"""Plausible survey, price and publication years; anything outside is a typo."""

EntryId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Age = Annotated[int, Field(ge=0, le=100)]
Country = Annotated[str, StringConstraints(pattern=r"^([A-Z]{2}|EUROPE|WORLD)$")]
"""ISO 3166 alpha-2 code, or EUROPE / WORLD for pooled estimates."""
Role = Literal["fit", "validate", "context"]
"""How the simulation uses a calibration target (shared/design/MODEL.md): fit the assumptions to
it, hold it out to validate against, or keep it as context only."""

_RATIOS = ("odds_ratio", "risk_ratio", "ratio", "multiplier")
_UNIT_INTERVAL = ("proportion", "probability_per_year")


def range_problem(kind: str, value: float) -> str | None:
    """Why ``value`` cannot be a ``kind`` (a measure or a unit), or None when it can."""
    if kind in _RATIOS and value <= 0:
        return f"a {kind} must be > 0, got {value}"
    if kind in _UNIT_INTERVAL and not 0 <= value <= 1:
        return f"a {kind} must lie in 0-1 (write 12 % as 0.12), got {value}"
    if kind == "correlation" and not -1 <= value <= 1:
        return f"a correlation must lie in -1..1, got {value}"
    if kind in ("relative_change", "relative_increase") and value < -1:
        return f"a {kind} cannot fall below -1 (-100 %), got {value}"
    if kind in ("persons", "count") and (value < 0 or value != int(value)):
        return f"a {kind} must be a whole number >= 0, got {value}"
    if kind in ("per_year", "hours_per_day", "days_per_year") and value < 0:
        return f"a {kind} value must be >= 0, got {value}"
    if kind == "hours_per_day" and value > 24:
        return f"hours_per_day cannot exceed 24, got {value}"
    if kind == "days_per_year" and value > 366:
        return f"days_per_year cannot exceed 366, got {value}"
    return None


class Frozen(BaseModel):
    """Immutable and strict about unknown keys, so a misspelt key fails loudly."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class FieldProblem(ValueError):
    """A rule broken by one key of a model, raised from a model validator.

    Pydantic reports model-validator errors at the model's own location; the loader appends
    ``key`` so the message still names the offending key.
    """

    def __init__(self, key: str, problem: str) -> None:
        self.key = key
        self.problem = problem
        super().__init__(problem)


class AgeBanded(Frozen):
    """An optional age band, inclusive at both ends (ages 15-39: ``age_low = 15, age_high = 39``)."""

    age_low: Age | None = None
    age_high: Age | None = None

    @model_validator(mode="after")
    def _band(self) -> Self:
        low, high = self.age_low, self.age_high
        if (low is None) != (high is None):
            missing = "age_low" if low is None else "age_high"
            raise FieldProblem(missing, "age_low and age_high must be given together")
        if low is not None and high is not None and not low < high:
            raise FieldProblem("age_high", f"age_high ({high}) must be above age_low ({low})")
        return self

    @property
    def age_band(self) -> str | None:
        """The band as text, e.g. ``15-39``."""
        if self.age_low is None or self.age_high is None:
            return None
        return f"{self.age_low}-{self.age_high}"


def check_interval(
    kind: str, value: float, low: float | None, high: float | None, names: tuple[str, str]
) -> None:
    """Raise :class:`FieldProblem` when a value or its interval ``names = (low, high)`` breaks a
    rule: out of range for ``kind``, only one bound given, or the value outside its bounds."""
    low_key, high_key = names
    for key, number in (("value", value), (low_key, low), (high_key, high)):
        if number is not None and (problem := range_problem(kind, number)):
            raise FieldProblem(key, problem)
    if (low is None) != (high is None):
        missing = low_key if low is None else high_key
        raise FieldProblem(missing, f"{low_key} and {high_key} must be given together")
    if low is not None and low > value:
        raise FieldProblem(low_key, f"{low_key} ({low}) is above the value ({value})")
    if high is not None and high < value:
        raise FieldProblem(high_key, f"{high_key} ({high}) is below the value ({value})")
