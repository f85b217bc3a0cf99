"""The definition of a questionnaire, as read from its data file.

An instrument is data, not code: ``samen/instruments/data/<id>.toml`` holds the items (our own
short paraphrase in Dutch and English), the response options with their published numeric values,
reverse-keyed items, subscales, the scoring rule, bands and cut-offs with their sources, the
licence and LOINC codes. The models below validate a file completely when it is loaded, so a
mistake in a data file fails at start-up (and in the test suite) rather than in a score.

Answer values are always the *published option values before any reversal*. The contribution of
an answer to a score is its option's ``weight`` (equal to the value unless the instrument scores
differently, e.g. the dichotomous De Jong Gierveld scale), reversed for reverse-keyed items as
``min_weight + max_weight - weight``.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from samen.evidence.sources import Source
from samen.text import LocalizedText

RiskLevel = Literal["none", "elevated", "high"]
Respondent = Literal["young_person", "parent", "professional"]
SubscaleStatus = Literal["validated", "provisional", "not_recommended"]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_LOINC = re.compile(r"^\d{1,7}-\d$")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Frozen):
    """One response option: the published value the respondent picks."""

    value: int
    label: LocalizedText
    weight: float | None = None
    """Contribution to the score before reversal; ``None`` means equal to ``value``."""
    code: str | None = None
    """An external answer code (LOINC LA code) where one exists."""

    @property
    def score_weight(self) -> float:
        return float(self.value) if self.weight is None else self.weight


class OptionSet(_Frozen):
    """A named list of response options shared by several items."""

    id: str
    options: tuple[Option, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _unique_values(self) -> OptionSet:
        values = [o.value for o in self.options]
        if len(set(values)) != len(values):
            raise ValueError(f"option set {self.id!r} repeats a value: {values}")
        return self

    @cached_property
    def values(self) -> tuple[int, ...]:
        return tuple(o.value for o in self.options)

    @cached_property
    def weight_range(self) -> tuple[float, float]:
        weights = [o.score_weight for o in self.options]
        return min(weights), max(weights)

    def option(self, value: int) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


class Item(_Frozen):
    """One question."""

    id: str
    """Stable identifier, also the FHIR ``linkId``."""
    number: int = Field(ge=1)
    text: LocalizedText
    option_set: str
    reverse: bool = False
    loinc: str | None = None


class Band(_Frozen):
    """A labelled score range, inclusive at both ends."""

    key: str
    min: float
    max: float
    label: LocalizedText
    interpretation: LocalizedText
    risk: RiskLevel | None = None
    """What this band means for the root(s) the instrument informs, for the risk profile."""
    source: Source


class Cutoff(_Frozen):
    """A screening threshold on the total or on a subscale."""

    id: str
    threshold: float
    direction: Literal[">=", "<="] = ">="
    applies_to: str = "total"
    """``total`` or a subscale id."""
    default: bool = False
    label: LocalizedText
    positive: LocalizedText
    """Interpretation when the threshold is met."""
    negative: LocalizedText
    """Interpretation when it is not met."""
    sensitivity: float | None = Field(default=None, ge=0, le=1)
    specificity: float | None = Field(default=None, ge=0, le=1)
    ppv: float | None = Field(default=None, ge=0, le=1)
    risk: RiskLevel = "elevated"
    """Risk level a met threshold stands for in the risk profile."""
    source: Source

    def met(self, score: float) -> bool:
        return score >= self.threshold if self.direction == ">=" else score <= self.threshold


class Subscale(_Frozen):
    id: str
    name: LocalizedText
    items: tuple[str, ...] = Field(min_length=1)
    method: Literal["sum", "mean"] = "sum"
    apply_reversal: bool = True
    """False for a subscale published on the raw answers of reverse-keyed items (the negative
    SCS-SF subscales: higher = more self-judgment), although the total reverses them."""
    status: SubscaleStatus = "validated"
    status_note: LocalizedText | None = None
    bands: tuple[Band, ...] = ()
    roots: tuple[str, ...] = ()
    source: Source


class MissingRule(_Frozen):
    """What the instrument's own rules say about unanswered items.

    ``refuse``: every item must be answered (the rule wherever the instrument has none).
    ``allow``: up to ``max_missing_total`` items may be missing; the total is then computed by
    ``total_when_missing``; a subscale with any missing item is not computed.
    """

    kind: Literal["refuse", "allow"] = "refuse"
    max_missing_total: int = Field(default=0, ge=0)
    total_when_missing: Literal["sum_answered", "prorate"] | None = None
    source: Source | None = None

    @model_validator(mode="after")
    def _consistent(self) -> MissingRule:
        if self.kind == "refuse" and (self.max_missing_total or self.total_when_missing):
            raise ValueError("missing.kind = 'refuse' takes no max_missing_total or total rule")
        if self.kind == "allow":
            if self.max_missing_total < 1 or self.total_when_missing is None:
                raise ValueError(
                    "missing.kind = 'allow' needs max_missing_total >= 1 and total_when_missing"
                )
            if self.source is None:
                raise ValueError("a missing-data rule other than 'refuse' needs its source")
        return self


class Scoring(_Frozen):
    method: Literal["sum", "mean", "none"]
    """How the total is formed; ``none`` for instruments with only subscale scores."""
    version: str
    """Identifies the scoring rule; stored with every score."""
    missing: MissingRule = MissingRule()
    source: Source


class ItemAlert(_Frozen):
    """A single answer that needs a human's attention regardless of the total (e.g. PHQ-9 item 9)."""

    code: str
    item: str
    min_value: int
    message: LocalizedText
    source: Source


class Licence(_Frozen):
    status: Literal["free", "free_with_conditions", "restricted"]
    wording_included: bool
    """False when the licence forbids shipping even a paraphrase: the items are placeholders and an
    organisation imports its licensed wording as a FHIR Questionnaire."""
    note: LocalizedText
    source: Source


class Instrument(_Frozen):
    """A complete, validated questionnaire definition."""

    id: str
    short_name: str
    name: str
    version: str
    measures: LocalizedText
    description: LocalizedText
    time_frame: LocalizedText
    respondents: tuple[Respondent, ...] = Field(min_length=1)
    age_min: int | None = None
    age_max: int | None = None
    roots: tuple[str, ...] = ()
    """Roots from ``samen.evidence`` that the total informs."""
    loinc_panel: str | None = None
    loinc_total: str | None = None
    source: Source
    licence: Licence
    limits: LocalizedText
    option_sets: tuple[OptionSet, ...] = Field(min_length=1)
    items: tuple[Item, ...] = Field(min_length=1)
    scoring: Scoring
    subscales: tuple[Subscale, ...] = ()
    bands: tuple[Band, ...] = ()
    cutoffs: tuple[Cutoff, ...] = ()
    alerts: tuple[ItemAlert, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        _check_consistency(self)
        return self

    # -- derived views ---------------------------------------------------------------------

    @cached_property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items)

    @cached_property
    def _items_by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    @cached_property
    def _option_sets_by_id(self) -> dict[str, OptionSet]:
        return {s.id: s for s in self.option_sets}

    def item(self, item_id: str) -> Item:
        return self._items_by_id[item_id]

    def options_for(self, item: Item) -> OptionSet:
        return self._option_sets_by_id[item.option_set]

    def item_weight(self, item: Item, value: int, *, reverse: bool = True) -> float:
        """The contribution of answer ``value`` to ``item``, reversed for a reverse-keyed item
        unless ``reverse`` is False."""
        option_set = self.options_for(item)
        option = option_set.option(value)
        if option is None:
            raise KeyError(value)
        low, high = option_set.weight_range
        weight = option.score_weight
        return low + high - weight if item.reverse and reverse else weight

    def item_range(self, item: Item) -> tuple[float, float]:
        return self.options_for(item).weight_range

    def score_range(self, item_ids: tuple[str, ...], method: str) -> tuple[float, float]:
        """The lowest and highest possible score over ``item_ids`` with ``method``."""
        lows, highs = zip(*(self.item_range(self.item(i)) for i in item_ids), strict=True)
        if method == "mean":
            return min(lows), max(highs)
        return float(sum(lows)), float(sum(highs))

    @cached_property
    def total_range(self) -> tuple[float, float] | None:
        if self.scoring.method == "none":
            return None
        return self.score_range(self.item_ids, self.scoring.method)

    @cached_property
    def default_cutoff(self) -> Cutoff | None:
        return next((c for c in self.cutoffs if c.default), None)

    def cutoff(self, cutoff_id: str) -> Cutoff | None:
        return next((c for c in self.cutoffs if c.id == cutoff_id), None)

    def subscale(self, subscale_id: str) -> Subscale | None:
        return next((s for s in self.subscales if s.id == subscale_id), None)


def _check_consistency(inst: Instrument) -> None:
    """Cross-field checks; each error names the instrument and the offending part."""
    where = f"instrument {inst.id!r}"
    if not _ID.match(inst.id):
        raise ValueError(f"{where}: id must be lower-case letters, digits and '_'")
    for code in (inst.loinc_panel, inst.loinc_total, *(i.loinc for i in inst.items)):
        if code is not None and not _LOINC.match(code):
            raise ValueError(f"{where}: {code!r} is not a LOINC code (NNNNN-N)")
    _unique(where, "item id", [i.id for i in inst.items])
    numbers = [i.number for i in inst.items]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError(f"{where}: items must be numbered 1..{len(numbers)} in order")
    set_ids = {s.id for s in inst.option_sets}
    _unique(where, "option set id", [s.id for s in inst.option_sets])
    for item in inst.items:
        if item.option_set not in set_ids:
            raise ValueError(f"{where}: item {item.id!r} uses unknown option set {item.option_set!r}")
    _unique(where, "subscale id", [s.id for s in inst.subscales])
    for sub in inst.subscales:
        unknown = [i for i in sub.items if i not in inst.item_ids]
        if unknown:
            raise ValueError(f"{where}: subscale {sub.id!r} names unknown items {unknown}")
        if not sub.apply_reversal:
            ranges = {inst.item_range(inst.item(i)) for i in sub.items}
            if not all(inst.item(i).reverse for i in sub.items) or len(ranges) != 1:
                raise ValueError(
                    f"{where}: subscale {sub.id!r} with apply_reversal = false must consist of "
                    "reverse-keyed items on one scale"
                )
        _check_bands(f"{where}, subscale {sub.id!r}", sub.bands, inst.score_range(sub.items, sub.method))
    if inst.scoring.method == "none":
        if inst.bands or any(c.applies_to == "total" for c in inst.cutoffs):
            raise ValueError(f"{where}: an instrument without a total has no total bands or cut-offs")
    else:
        assert inst.total_range is not None
        _check_bands(where, inst.bands, inst.total_range)
    _unique(where, "cut-off id", [c.id for c in inst.cutoffs])
    if sum(c.default for c in inst.cutoffs) > 1:
        raise ValueError(f"{where}: at most one cut-off can be the default")
    for cut in inst.cutoffs:
        if cut.applies_to == "total":
            bounds = inst.total_range
        else:
            target = inst.subscale(cut.applies_to)
            if target is None:
                raise ValueError(f"{where}: cut-off {cut.id!r} applies to unknown {cut.applies_to!r}")
            bounds = inst.score_range(target.items, target.method)
        assert bounds is not None
        if not bounds[0] <= cut.threshold <= bounds[1]:
            raise ValueError(f"{where}: cut-off {cut.id!r} = {cut.threshold} is outside {bounds}")
    for alert in inst.alerts:
        if alert.item not in inst.item_ids:
            raise ValueError(f"{where}: alert {alert.code!r} names unknown item {alert.item!r}")
    if inst.scoring.missing.max_missing_total >= len(inst.items):
        raise ValueError(f"{where}: the missing-data rule allows every item to be missing")


def _unique(where: str, what: str, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{where}: {what} {value!r} appears twice")
        seen.add(value)


def _check_bands(where: str, bands: tuple[Band, ...], bounds: tuple[float, float]) -> None:
    """Bands must be ordered, must not overlap and must stay inside the possible range."""
    _unique(where, "band key", [b.key for b in bands])
    if bands and (bands[0].min != bounds[0] or bands[-1].max != bounds[1]):
        raise ValueError(f"{where}: bands must cover the whole score range {bounds}")
    previous_max: float | None = None
    for band in bands:
        if band.min > band.max:
            raise ValueError(f"{where}: band {band.key!r} has min > max")
        if band.min < bounds[0] or band.max > bounds[1]:
            raise ValueError(f"{where}: band {band.key!r} lies outside the score range {bounds}")
        if previous_max is not None and band.min <= previous_max:
            raise ValueError(f"{where}: band {band.key!r} overlaps or is out of order")
        previous_max = band.max
