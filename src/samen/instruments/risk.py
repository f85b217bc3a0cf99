"""A risk profile by root, from the latest score on each instrument.

Each instrument (and each validated subscale) names the roots from ``samen.evidence`` it informs;
each band or cut-off of that score says what it means for those roots (``none``, ``elevated`` or
``high``, with the band's own source). The level of a root is the highest level among the latest
scores that inform it, and the profile lists every one of those scores so that a reader sees why.
A root no score informs is ``unknown`` -- never ``none``: absence of measurement is not absence
of risk. Provisional or not-recommended subscales are shown but do not set a level.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from samen.evidence import load_roots
from samen.instruments.model import RiskLevel
from samen.instruments.registry import get_instrument
from samen.instruments.scoring import ScoreResult
from samen.text import LocalizedText

ProfileLevel = Literal["unknown", "none", "elevated", "high"]
_RANK: dict[ProfileLevel, int] = {"unknown": 0, "none": 1, "elevated": 2, "high": 3}

DatedScore = tuple[date, ScoreResult]


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class ScoreEvidence(_Result):
    """One score that informs a root."""

    instrument: str
    score: str
    """``total`` or a subscale id."""
    value: float
    band: LocalizedText | None
    risk: RiskLevel | None
    counts: bool
    """False for provisional subscales: shown for context, not used for the level."""
    on: date | None


class RootRisk(_Result):
    root: str
    name: LocalizedText
    level: ProfileLevel
    explained_by: tuple[ScoreEvidence, ...]


class RiskProfile(_Result):
    roots: tuple[RootRisk, ...]
    based_on: tuple[str, ...]
    """The instruments whose latest score was used."""

    def level(self, root_id: str) -> ProfileLevel:
        return next(r.level for r in self.roots if r.root == root_id)


def risk_profile(scores: Iterable[ScoreResult | DatedScore]) -> RiskProfile:
    """Build the profile from score results, optionally dated; the latest per instrument counts.

    Undated results count in the order given (a later one replaces an earlier one); a dated
    result replaces another only when its date is not earlier.
    """
    latest: dict[str, tuple[date | None, ScoreResult]] = {}
    for entry in scores:
        on, result = entry if isinstance(entry, tuple) else (None, entry)
        previous = latest.get(result.instrument)
        if previous is None or on is None or previous[0] is None or on >= previous[0]:
            latest[result.instrument] = (on, result)
    evidence: dict[str, list[ScoreEvidence]] = {}
    for on, result in latest.values():
        for root, item in _evidence_for(result, on):
            evidence.setdefault(root, []).append(item)
    roots = tuple(
        RootRisk(
            root=root.id, name=root.name,
            level=_level(evidence.get(root.id, [])),
            explained_by=tuple(evidence.get(root.id, [])),
        )
        for root in load_roots()
    )
    return RiskProfile(roots=roots, based_on=tuple(sorted(latest)))


def _evidence_for(result: ScoreResult, on: date | None) -> list[tuple[str, ScoreEvidence]]:
    inst = get_instrument(result.instrument)
    found: list[tuple[str, ScoreEvidence]] = []
    if result.total is not None:
        used = result.cutoff_used
        chosen = inst.cutoff(used.id) if used and used.met and not used.custom else None
        risk = _max_risk(
            result.band.risk if result.band else None,
            chosen.risk if chosen and chosen.applies_to == "total" else None,
        )
        item = ScoreEvidence(
            instrument=inst.id, score="total", value=result.total,
            band=result.band.label if result.band else None, risk=risk, counts=True, on=on,
        )
        found += [(root, item) for root in inst.roots]
    for sub in inst.subscales:
        scored = result.subscales.get(sub.id)
        if not sub.roots or scored is None or scored.value is None:
            continue
        item = ScoreEvidence(
            instrument=inst.id, score=sub.id, value=scored.value,
            band=scored.band.label if scored.band else None,
            risk=scored.band.risk if scored.band else None,
            counts=sub.status == "validated", on=on,
        )
        found += [(root, item) for root in sub.roots]
    return found


def _max_risk(*levels: RiskLevel | None) -> RiskLevel | None:
    highest: RiskLevel | None = None
    for level in levels:
        if level is not None and (highest is None or _RANK[level] > _RANK[highest]):
            highest = level
    return highest


def _level(items: list[ScoreEvidence]) -> ProfileLevel:
    level: ProfileLevel = "unknown"
    for item in items:
        if item.counts and item.risk is not None and _RANK[item.risk] > _RANK[level]:
            level = item.risk
    return level
