"""Scoring: answers in, a complete and explained score out.

``score(instrument_id, answers)`` checks every answer against the instrument's definition, applies
reverse keying, forms the total and subscales by the instrument's rule, finds the band, checks the
cut-offs and returns a :class:`ScoreResult`. Bad input raises a typed error from
:mod:`samen.instruments.errors`; nothing is silently defaulted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from samen.instruments.errors import (
    InvalidAnswerTypeError,
    InvalidCutoffError,
    MissingAnswerError,
    OutOfRangeError,
    UnknownItemError,
    WrongAnswerCountError,
)
from samen.instruments.model import Band, Cutoff, Instrument, RiskLevel, SubscaleStatus
from samen.instruments.registry import get_instrument
from samen.text import LocalizedText, bilingual

Answers = Sequence[int | None] | Mapping[str, int | None]
"""Published option values before reversal: a list in item order or a mapping by item id.
``None`` (or an absent key) marks an unanswered item."""


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class Notice(_Result):
    """A warning about the score, or an alert that needs a person's attention."""

    code: str
    message: LocalizedText
    item: str | None = None


class BandResult(_Result):
    key: str
    label: LocalizedText
    risk: RiskLevel | None


class CutoffResult(_Result):
    id: str
    applies_to: str
    threshold: float
    direction: Literal[">=", "<="]
    met: bool | None
    """None when the score it applies to could not be computed."""
    custom: bool
    label: LocalizedText
    source: str


class SubscaleScore(_Result):
    id: str
    name: LocalizedText
    value: float | None
    range: tuple[float, float]
    method: Literal["sum", "mean"]
    status: SubscaleStatus
    band: BandResult | None
    missing_items: tuple[str, ...]


class ScoreResult(_Result):
    instrument: str
    instrument_version: str
    scoring_version: str
    total: float | None
    total_range: tuple[float, float] | None
    subscales: dict[str, SubscaleScore]
    band: BandResult | None
    above_cutoff: bool | None
    cutoff_used: CutoffResult | None
    cutoffs: tuple[CutoffResult, ...]
    interpretation: LocalizedText
    warnings: tuple[Notice, ...]
    alerts: tuple[Notice, ...]
    answers: dict[str, int | None]
    missing_items: tuple[str, ...]


def score(
    instrument: str | Instrument,
    answers: Answers,
    *,
    cutoff: str | float | None = None,
) -> ScoreResult:
    """Score ``answers`` on ``instrument``.

    ``cutoff`` selects the screening threshold: ``None`` for the instrument's default, a cut-off
    id (e.g. ``"lab"`` for the HQ-25 lab value 44), or a number for a custom threshold, which is
    reported as not validated.
    """
    inst = get_instrument(instrument) if isinstance(instrument, str) else instrument
    given = normalise_answers(inst, answers)
    missing = tuple(item_id for item_id, value in given.items() if value is None)
    warnings: list[Notice] = []
    total = _total(inst, given, missing, warnings)
    subscales = {sub.id: _subscale(inst, sub.id, given, warnings) for sub in inst.subscales}
    chosen = _choose_cutoff(inst, cutoff, warnings)
    if chosen is not None and chosen.source.confidence in ("unverified", "assumption"):
        warnings.append(Notice(code="cutoff_unverified", message=bilingual(
            f"Afkappunt {chosen.threshold:g} ({chosen.id}) is niet geverifieerd in de bron; "
            "gebruik het met voorzichtigheid.",
            f"Cut-off {chosen.threshold:g} ({chosen.id}) is not verified in its source; "
            "use it with caution.",
        )))
    cutoff_results = [_cutoff_result(c, total, subscales, custom=False) for c in inst.cutoffs]
    used: CutoffResult | None = None
    if chosen is not None:
        used = _cutoff_result(chosen, total, subscales, custom=cutoff is not None and not
                              isinstance(cutoff, str))
        cutoff_results = [r for r in cutoff_results if r.id != used.id] + [used]
    band_def = _find_band(inst.bands, total)
    band = _band_result(band_def) if band_def else _band_from_cutoff(used)
    return ScoreResult(
        instrument=inst.id,
        instrument_version=inst.version,
        scoring_version=inst.scoring.version,
        total=total,
        total_range=inst.total_range,
        subscales=subscales,
        band=band,
        above_cutoff=None if used is None else used.met,
        cutoff_used=used,
        cutoffs=tuple(sorted(cutoff_results, key=lambda r: r.id)),
        interpretation=_interpretation(inst, band_def, chosen, used, total),
        warnings=tuple(warnings),
        alerts=tuple(_alerts(inst, given)),
        answers=given,
        missing_items=missing,
    )


def normalise_answers(inst: Instrument, answers: Answers) -> dict[str, int | None]:
    """Check every answer and return them keyed by item id, in item order."""
    if isinstance(answers, Mapping):
        unknown = [key for key in answers if key not in inst.item_ids]
        if unknown:
            raise UnknownItemError(
                inst.id, str(unknown[0]),
                f"is not an item of {inst.short_name}; items are {', '.join(inst.item_ids)}",
            )
        by_id = {item_id: answers.get(item_id) for item_id in inst.item_ids}
    elif isinstance(answers, (str, bytes)) or not isinstance(answers, Sequence):
        raise InvalidAnswerTypeError(
            inst.id, None, "answers must be a list in item order or a mapping by item id"
        )
    else:
        if len(answers) != len(inst.items):
            raise WrongAnswerCountError(
                inst.id, None,
                f"expected {len(inst.items)} answers in item order, got {len(answers)}",
            )
        by_id = dict(zip(inst.item_ids, answers, strict=True))
    for item_id, value in by_id.items():
        _check_value(inst, item_id, value)
    return by_id


def _check_value(inst: Instrument, item_id: str, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidAnswerTypeError(
            inst.id, item_id, f"answer {value!r} is not a whole number"
        )
    allowed = inst.options_for(inst.item(item_id)).values
    if value not in allowed:
        raise OutOfRangeError(
            inst.id, item_id,
            f"answer {value} is not one of the options {', '.join(map(str, allowed))}",
        )


def _total(
    inst: Instrument,
    given: dict[str, int | None],
    missing: tuple[str, ...],
    warnings: list[Notice],
) -> float | None:
    method = inst.scoring.method
    rule = inst.scoring.missing
    if missing:
        if rule.kind == "refuse":
            raise MissingAnswerError(
                inst.id, missing[0],
                f"is unanswered (unanswered: {', '.join(missing)}); {inst.short_name} has no "
                "rule for missing items, so every item must be answered",
            )
        if len(missing) > rule.max_missing_total:
            raise MissingAnswerError(
                inst.id, missing[0],
                f"{len(missing)} items are unanswered ({', '.join(missing)}); "
                f"{inst.short_name} allows at most {rule.max_missing_total}",
            )
    if method == "none":
        return None
    weights = [inst.item_weight(inst.item(i), v) for i, v in given.items() if v is not None]
    if method == "mean":
        value = sum(weights) / len(weights)
    elif missing and rule.total_when_missing == "prorate":
        value = sum(weights) * len(inst.items) / len(weights)
    else:
        value = float(sum(weights))
    if missing:
        how = {
            "sum_answered": bilingual("som van de beantwoorde items", "sum of the answered items"),
            "prorate": bilingual("naar rato opgehoogd", "prorated"),
            None: bilingual("gemiddelde van de beantwoorde items", "mean of the answered items"),
        }[rule.total_when_missing if method == "sum" else None]
        warnings.append(Notice(
            code="items_missing",
            message=bilingual(
                f"{len(missing)} item(s) onbeantwoord ({', '.join(missing)}); totaal = {how.nl} "
                "volgens de regel van het instrument.",
                f"{len(missing)} item(s) unanswered ({', '.join(missing)}); total = {how.en} "
                "per the instrument's rule.",
            ),
        ))
    return _tidy(value)


def _subscale(
    inst: Instrument, subscale_id: str, given: dict[str, int | None], warnings: list[Notice]
) -> SubscaleScore:
    sub = inst.subscale(subscale_id)
    assert sub is not None
    missing = tuple(i for i in sub.items if given[i] is None)
    value: float | None = None
    if not missing:
        weights = [
            inst.item_weight(inst.item(i), value, reverse=sub.apply_reversal)
            for i in sub.items if (value := given[i]) is not None
        ]
        value = _tidy(sum(weights) / len(weights) if sub.method == "mean" else float(sum(weights)))
    else:
        warnings.append(Notice(
            code="subscale_missing",
            message=bilingual(
                f"Subschaal {sub.name.nl} niet berekend: item(s) {', '.join(missing)} onbeantwoord.",
                f"Subscale {sub.name.en} not computed: item(s) {', '.join(missing)} unanswered.",
            ),
        ))
    if sub.status != "validated":
        note = sub.status_note or bilingual(
            "Niet gevalideerd; niet gebruiken voor beslissingen.",
            "Not validated; do not use for decisions.",
        )
        warnings.append(Notice(code=f"subscale_{sub.status}", message=bilingual(
            f"Subschaal {sub.name.nl}: {note.nl}", f"Subscale {sub.name.en}: {note.en}"
        )))
    band = _find_band(sub.bands, value)
    return SubscaleScore(
        id=sub.id, name=sub.name, value=value,
        range=inst.score_range(sub.items, sub.method), method=sub.method, status=sub.status,
        band=_band_result(band) if band else None, missing_items=missing,
    )


def _choose_cutoff(
    inst: Instrument, cutoff: str | float | None, warnings: list[Notice]
) -> Cutoff | None:
    if cutoff is None:
        return inst.default_cutoff
    if isinstance(cutoff, str):
        found = inst.cutoff(cutoff)
        if found is None:
            known = ", ".join(c.id for c in inst.cutoffs) or "none"
            raise InvalidCutoffError(
                f"{inst.id}: unknown cut-off {cutoff!r}; known cut-offs: {known}"
            )
        return found
    if isinstance(cutoff, bool) or not isinstance(cutoff, (int, float)):
        raise InvalidCutoffError(f"{inst.id}: cut-off must be a cut-off id or a number")
    base = inst.default_cutoff or (inst.cutoffs[0] if inst.cutoffs else None)
    if base is None:
        raise InvalidCutoffError(f"{inst.id}: {inst.short_name} has no cut-off to adjust")
    low, high = _range_for(inst, base.applies_to)
    if not low <= cutoff <= high:
        raise InvalidCutoffError(
            f"{inst.id}: cut-off {cutoff} is outside the possible scores {low:g}-{high:g}"
        )
    warnings.append(Notice(code="custom_cutoff", message=bilingual(
        f"Eigen afkappunt {cutoff:g} gebruikt; dit is niet gevalideerd.",
        f"Custom cut-off {cutoff:g} used; it is not validated.",
    )))
    return base.model_copy(update={
        "id": "custom",
        "threshold": float(cutoff),
        "default": False,
        "label": bilingual(f"Eigen afkappunt {cutoff:g}", f"Custom cut-off {cutoff:g}"),
        "sensitivity": None, "specificity": None, "ppv": None,
    })


def _range_for(inst: Instrument, applies_to: str) -> tuple[float, float]:
    if applies_to == "total":
        assert inst.total_range is not None
        return inst.total_range
    sub = inst.subscale(applies_to)
    assert sub is not None
    return inst.score_range(sub.items, sub.method)


def _cutoff_result(
    cut: Cutoff, total: float | None, subscales: dict[str, SubscaleScore], *, custom: bool
) -> CutoffResult:
    value = total if cut.applies_to == "total" else subscales[cut.applies_to].value
    return CutoffResult(
        id=cut.id, applies_to=cut.applies_to, threshold=cut.threshold, direction=cut.direction,
        met=None if value is None else cut.met(value), custom=custom, label=cut.label,
        source="custom (not validated)" if custom else cut.source.short(),
    )


def _find_band(bands: tuple[Band, ...], value: float | None) -> Band | None:
    """The last band whose lower bound the value reaches (bands are ordered and cover the range)."""
    if value is None:
        return None
    chosen = None
    for band in bands:
        if value >= band.min:
            chosen = band
    return chosen


def _band_result(band: Band) -> BandResult:
    return BandResult(key=band.key, label=band.label, risk=band.risk)


def _band_from_cutoff(used: CutoffResult | None) -> BandResult | None:
    """Instruments without published bands are banded by their screening cut-off alone."""
    if used is None or used.met is None:
        return None
    if used.met:
        return BandResult(key="screen_positive", risk="elevated", label=bilingual(
            f"Positieve screening ({used.direction} {used.threshold:g})",
            f"Screen positive ({used.direction} {used.threshold:g})",
        ))
    return BandResult(key="screen_negative", risk="none", label=bilingual(
        f"Negatieve screening (afkappunt {used.threshold:g})",
        f"Screen negative (cut-off {used.threshold:g})",
    ))


def _interpretation(
    inst: Instrument,
    band: Band | None,
    chosen: Cutoff | None,
    used: CutoffResult | None,
    total: float | None,
) -> LocalizedText:
    nl: list[str] = []
    en: list[str] = []
    if band is not None:
        nl.append(band.interpretation.nl)
        en.append(band.interpretation.en)
    if chosen is not None and used is not None and used.met is not None:
        text = chosen.positive if used.met else chosen.negative
        nl.append(text.nl)
        en.append(text.en)
    if not nl:
        if total is None:
            return bilingual(
                f"{inst.short_name} heeft alleen subschaalscores; zie de subschalen.",
                f"{inst.short_name} has subscale scores only; see the subscales.",
            )
        return bilingual(
            f"{inst.short_name} heeft geen gepubliceerde banden of afkappunten; de score is "
            "dimensioneel.",
            f"{inst.short_name} has no published bands or cut-offs; the score is dimensional.",
        )
    return LocalizedText(nl=" ".join(nl), en=" ".join(en))


def _alerts(inst: Instrument, given: dict[str, int | None]) -> list[Notice]:
    found = []
    for alert in inst.alerts:
        value = given[alert.item]
        if value is not None and value >= alert.min_value:
            found.append(Notice(code=alert.code, message=alert.message, item=alert.item))
    return found


def _tidy(value: float) -> float:
    """Round away floating-point noise (means of a few integers)."""
    return round(value, 4)
