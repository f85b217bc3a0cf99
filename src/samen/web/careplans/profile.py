"""The risk profile of one young person and the interventions it suggests.

The profile is ``samen.instruments.risk_profile`` over the person's stored questionnaire
responses, each re-scored from its stored answers with ``samen.instruments.score`` and dated by
the day it was filled in (the latest response per instrument counts). A root is *at play* when
its level is ``elevated`` or ``high``.

Suggestions are the interventions of ``samen.evidence.load_interventions()`` that address a root
at play, grouped by level. Policy measures are left out: they are not for one person. The
catalogue has no level for the young person alone; their part of the plan is their goals.
Within a level, interventions for a ``high`` root come before those for an ``elevated`` one, then
those addressing more roots at play, then by evidence grade (A first), then catalogue order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samen.errors import SamenInputError
from samen.evidence import Intervention, load_interventions
from samen.instruments import RiskProfile, ScoreResult, get_instrument, risk_profile, score
from samen.instruments.risk import RootRisk
from samen.text import LocalizedText
from samen.web.screening.models import QuestionnaireResponse
from samen.web.youth.models import YoungPerson

AT_PLAY = ("elevated", "high")
SUGGESTION_LEVELS = ("parents", "school", "community", "care")
_LEVEL_RANK = {"unknown": 0, "none": 1, "elevated": 2, "high": 3}
_GRADE_RANK = {"A": 0, "B": 1, "C": 2, "D": 3}

LEVEL_LABELS = {
    "unknown": _("not measured"),
    "none": _("no sign"),
    "elevated": _("elevated"),
    "high": _("high"),
}
GRADE_LABELS = {
    "A": _("A: meta-analysis of controlled trials"),
    "B": _("B: at least one randomised trial"),
    "C": _("C: observational or uncontrolled studies"),
    "D": _("D: expert opinion, the lecture, or an assumption"),
}
CONFIDENCE_LABELS = {
    "verified": _("seen in the original source"),
    "secondary": _("seen in a review or summary, not in the original"),
    "unverified": _("not yet verified; check before relying on it"),
    "derived": _("computed by us from sourced numbers"),
    "assumption": _("an assumption, not from a publication"),
}
TARGET_LABELS = {
    "universal": _("for everyone"),
    "selective": _("for young people at risk"),
    "indicated": _("for young people with signs or withdrawal"),
}
MEASURE_LABELS = {
    "hedges_g": "Hedges' g",
    "cohen_d": "Cohen's d",
    "smd": pgettext_lazy("effect measure", "standardised mean difference"),
    "mean_difference": pgettext_lazy("effect measure", "mean difference"),
    "odds_ratio": pgettext_lazy("effect measure", "odds ratio"),
    "risk_ratio": pgettext_lazy("effect measure", "risk ratio"),
    "ratio": pgettext_lazy("effect measure", "ratio"),
    "correlation": pgettext_lazy("effect measure", "correlation"),
    "proportion": pgettext_lazy("effect measure", "share"),
    "relative_change": pgettext_lazy("effect measure", "relative change"),
}


def text(value: LocalizedText | None) -> str:
    """A bilingual text in the language of the current request ('' for None)."""
    if value is None:
        return ""
    return value.en if (translation.get_language() or "nl").startswith("en") else value.nl


@dataclass(frozen=True)
class ProfileResult:
    profile: RiskProfile
    responses_used: int
    unscorable: tuple[int, ...]
    """Ids of stored responses that no longer score (e.g. an instrument was withdrawn)."""

    @property
    def at_play(self) -> tuple[RootRisk, ...]:
        return tuple(r for r in self.profile.roots if r.level in AT_PLAY)


def dated_scores(young_person: YoungPerson) -> tuple[list[tuple[date, ScoreResult]], list[int]]:
    """Each stored response re-scored, oldest first, and the ids of those that fail to score."""
    scores: list[tuple[date, ScoreResult]] = []
    failed: list[int] = []
    responses = QuestionnaireResponse.objects.filter(young_person=young_person).order_by(
        "authored_at", "pk")
    for response in responses:
        try:
            result = score(response.instrument_id, response.answers)
        except SamenInputError:
            failed.append(response.pk)
            continue
        scores.append((timezone.localdate(response.authored_at), result))
    return scores, failed


def build_profile(young_person: YoungPerson) -> ProfileResult:
    scores, failed = dated_scores(young_person)
    return ProfileResult(risk_profile(scores), len(scores), tuple(failed))


@dataclass(frozen=True)
class Suggestion:
    intervention: Intervention
    roots: tuple[RootRisk, ...]
    """The roots at play it addresses."""


def suggest(profile: RiskProfile) -> dict[str, list[Suggestion]]:
    """Interventions for the roots at play, per level in :data:`SUGGESTION_LEVELS` order."""
    at_play = {r.root: r for r in profile.roots if r.level in AT_PLAY}
    ranked: list[tuple[tuple[int, int, int, int], str, Suggestion]] = []
    for index, intervention in enumerate(load_interventions()):
        if intervention.level not in SUGGESTION_LEVELS:
            continue
        matched = tuple(at_play[root] for root in intervention.roots if root in at_play)
        if not matched:
            continue
        key = (-max(_LEVEL_RANK[r.level] for r in matched), -len(matched),
               _GRADE_RANK[intervention.grade], index)
        ranked.append((key, intervention.level, Suggestion(intervention, matched)))
    grouped: dict[str, list[Suggestion]] = {level: [] for level in SUGGESTION_LEVELS}
    for _key, level, suggestion in sorted(ranked, key=lambda entry: entry[0]):
        grouped[level].append(suggestion)
    return grouped


def roots_without_suggestion(profile: RiskProfile) -> list[RootRisk]:
    """Roots at play that no intervention for one person addresses (e.g. only policy measures)."""
    covered = {root for i in load_interventions() if i.level in SUGGESTION_LEVELS for root in i.roots}
    return [r for r in profile.roots if r.level in AT_PLAY and r.root not in covered]


# -- presentation: plain dictionaries in the current language, for the templates ---------------

def root_rows(profile: RiskProfile) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for root in profile.roots:
        rows.append({
            "id": root.root,
            "name": text(root.name),
            "level": root.level,
            "level_label": LEVEL_LABELS[root.level],
            "at_play": root.level in AT_PLAY,
            "scores": [
                {
                    "instrument": get_instrument(item.instrument).short_name,
                    "score": _score_name(item.instrument, item.score),
                    "value": f"{item.value:g}",
                    "band": text(item.band),
                    "risk": LEVEL_LABELS[item.risk] if item.risk else "",
                    "on": item.on,
                    "counts": item.counts,
                }
                for item in root.explained_by
            ],
        })
    return rows


def _score_name(instrument_id: str, score_id: str) -> str:
    if score_id == "total":
        return str(_("total"))
    subscale = get_instrument(instrument_id).subscale(score_id)
    return text(subscale.name) if subscale else score_id


def intervention_card(intervention: Intervention) -> dict[str, object]:
    """Everything the page shows about one intervention, with its evidence as stated."""
    source = intervention.source
    return {
        "id": intervention.id,
        "level": intervention.level,
        "name": text(intervention.name),
        "summary": text(intervention.summary),
        "grade": intervention.grade,
        "grade_label": GRADE_LABELS[intervention.grade],
        "grade_note": text(intervention.grade_note),
        "target_group": TARGET_LABELS[intervention.target_group],
        "citation": source.citation or "",
        "link": _link(source.doi, source.url),
        "confidence": CONFIDENCE_LABELS[source.confidence],
        "effects": [
            {
                "outcome": text(effect.outcome),
                "measure": MEASURE_LABELS[effect.measure],
                "value": _number(effect.value),
                "interval": (f"{_number(effect.ci_low)} – {_number(effect.ci_high)}"
                             if effect.ci_low is not None and effect.ci_high is not None else ""),
                "better": (_("higher is better") if effect.favourable == "higher"
                           else _("lower is better")),
                "population": text(effect.population),
                "note": text(effect.note),
                "citation": effect.source.citation or "",
                "link": _link(effect.source.doi, effect.source.url),
                "confidence": CONFIDENCE_LABELS[effect.source.confidence],
            }
            for effect in intervention.effects
        ],
    }


def _link(doi: str | None, url: str | None) -> str:
    if doi:
        return f"https://doi.org/{doi}"
    return url or ""


def _number(value: float | None) -> str:
    """A number as the evidence base states it, with a decimal comma in Dutch."""
    if value is None:
        return ""
    shown = f"{value:g}"
    return shown if (translation.get_language() or "nl").startswith("en") else shown.replace(".", ",")
