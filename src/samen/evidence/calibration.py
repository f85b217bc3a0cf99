"""Calibration targets: published prevalence, duration, onset and sex-ratio figures.

Definitions differ by an order of magnitude between surveys, so every prevalence or distribution
names its ``definition`` from the file's own ``[[definitions]]`` list.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, model_validator

from samen.evidence.base import (
    AgeBanded,
    Country,
    EntryId,
    FieldProblem,
    Frozen,
    Role,
    Year,
    check_interval,
)
from samen.evidence.errors import EvidenceDataError, UnknownEntryError
from samen.evidence.loading import read_tables, shipped_file, validate_entries
from samen.evidence.sources import Source
from samen.text import LocalizedText

FILE = "calibration.toml"
SUM_TOLERANCE = 0.005
"""Published percentages are rounded to 0.1 point, so a complete distribution may sum to 1 +- 0.5 pp."""


class Definition(Frozen):
    id: EntryId
    name: LocalizedText
    description: LocalizedText
    source: Source


class _Target(AgeBanded):
    id: EntryId
    country: Country
    survey: str
    year: Year
    """Fieldwork year (first year where fieldwork spans several); the publication year when the
    source does not give fieldwork dates (see ``year_is_publication``)."""
    year_end: Year | None = None
    year_is_publication: bool = False
    definition: EntryId
    role: Role
    note: LocalizedText | None = None
    source: Source

    @model_validator(mode="after")
    def _years(self) -> Self:
        if self.year_end is not None and self.year_end < self.year:
            raise FieldProblem("year_end", f"year_end ({self.year_end}) is before year ({self.year})")
        return self


class PrevalenceTarget(_Target):
    kind: Literal["point", "lifetime", "past"] = "point"
    value: float
    ci_low: float | None = None
    ci_high: float | None = None
    sample_size: int | None = Field(default=None, ge=1)
    cases: int | None = Field(default=None, ge=0)
    population_estimate: int | None = Field(default=None, ge=0)
    """Estimated number of people in this state in the surveyed population, as published."""

    @model_validator(mode="after")
    def _ranges(self) -> Self:
        check_interval("proportion", self.value, self.ci_low, self.ci_high, ("ci_low", "ci_high"))
        if self.cases is not None and self.sample_size is not None and self.cases > self.sample_size:
            raise FieldProblem("cases", f"cases ({self.cases}) exceed sample_size ({self.sample_size})")
        return self


class ShareBand(Frozen):
    """Share of cases with a duration (years) or age in ``[low, high)``; ``high`` None = open."""

    low: float = Field(ge=0, le=100)
    high: float | None = Field(default=None, gt=0, le=100)
    share: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _order(self) -> Self:
        if self.high is not None and self.high <= self.low:
            raise FieldProblem("high", f"high ({self.high}) must be above low ({self.low})")
        return self


class DistributionTarget(_Target):
    kind: Literal["duration_years", "onset_age", "current_age"]
    bands: tuple[ShareBand, ...] = Field(min_length=1)
    unknown_share: float = Field(default=0.0, ge=0, le=1)
    """Share with no answer ("NA" in the source)."""
    complete: bool
    """True when the bands and ``unknown_share`` cover every case (they must then sum to 1)."""

    @model_validator(mode="after")
    def _shares(self) -> Self:
        previous_high: float | None = 0.0
        for index, band in enumerate(self.bands):
            if previous_high is None or band.low < previous_high:
                raise FieldProblem(f"bands.{index}", "bands overlap or are out of order")
            previous_high = band.high
        total = sum(b.share for b in self.bands) + self.unknown_share
        if total > 1 + SUM_TOLERANCE:
            raise FieldProblem("bands", f"shares sum to {total:.3f}, more than 1")
        if self.complete and abs(total - 1) > SUM_TOLERANCE:
            raise FieldProblem("bands", f"a complete distribution sums to 1, got {total:.3f}")
        return self


class SexRatioTarget(_Target):
    share_male: float = Field(ge=0, le=1)
    share_female: float | None = Field(default=None, ge=0, le=1)

    @model_validator(mode="after")
    def _sum(self) -> Self:
        if self.share_female is not None and self.share_male + self.share_female > 1 + SUM_TOLERANCE:
            raise FieldProblem("share_female", "share_male + share_female exceeds 1")
        return self


class IndicatorTarget(AgeBanded):
    """A related figure the model can be checked against (loneliness, school absence...)."""

    id: EntryId
    country: Country
    year: Year
    unit: Literal["proportion", "count"]
    value: float
    low: float | None = None
    high: float | None = None
    description: LocalizedText
    role: Role
    source: Source

    @model_validator(mode="after")
    def _ranges(self) -> Self:
        check_interval(self.unit, self.value, self.low, self.high, ("low", "high"))
        return self


class CalibrationTargets(Frozen):
    definitions: tuple[Definition, ...]
    prevalence: tuple[PrevalenceTarget, ...]
    distributions: tuple[DistributionTarget, ...]
    sex_ratio: tuple[SexRatioTarget, ...]
    indicators: tuple[IndicatorTarget, ...]

    def prevalence_target(self, target_id: str) -> PrevalenceTarget:
        for target in self.prevalence:
            if target.id == target_id:
                return target
        raise UnknownEntryError("prevalence target", target_id, [t.id for t in self.prevalence])


_TABLES = ["definitions", "prevalence", "distributions", "sex_ratio", "indicators"]


def read_calibration_targets(source: Path | str) -> CalibrationTargets:
    """Validate a calibration file (a Path) or TOML text (a str)."""
    origin, tables = read_tables(source, _TABLES)
    definitions = validate_entries(Definition, tables["definitions"], origin, "definitions")
    prevalence = validate_entries(PrevalenceTarget, tables["prevalence"], origin, "prevalence")
    distributions = validate_entries(
        DistributionTarget, tables["distributions"], origin, "distributions"
    )
    sex_ratio = validate_entries(SexRatioTarget, tables["sex_ratio"], origin, "sex_ratio")
    indicators = validate_entries(IndicatorTarget, tables["indicators"], origin, "indicators")
    known = {d.id for d in definitions}
    for target in (*prevalence, *distributions, *sex_ratio):
        if target.definition not in known:
            problem = f"unknown definition {target.definition!r}; defined: {', '.join(sorted(known))}"
            raise EvidenceDataError(origin, target.id, "definition", problem)
    return CalibrationTargets(
        definitions=definitions,
        prevalence=prevalence,
        distributions=distributions,
        sex_ratio=sex_ratio,
        indicators=indicators,
    )


@cache
def load_calibration_targets() -> CalibrationTargets:
    """The shipped calibration targets."""
    return read_calibration_targets(shipped_file(FILE))
