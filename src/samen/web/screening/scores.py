"""Reading stored responses back as scores, and the instrument facts the screens show.

Everything numeric here comes from ``samen.instruments`` (the instrument's data file with its
sources); this module only selects and translates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone, translation

from samen.instruments import Instrument, ScoreResult, get_instrument, list_instruments, score
from samen.instruments.errors import UnknownInstrumentError
from samen.text import Language, LocalizedText
from samen.web.screening.models import QuestionnaireResponse
from samen.web.youth.models import YoungPerson


def language() -> Language:
    """The language of the current request (Dutch unless English is active)."""
    current = translation.get_language() or "nl"
    return "en" if current.startswith("en") else "nl"


def text(value: LocalizedText | None) -> str:
    """A bilingual text from the instrument data, in the current language."""
    return value.get(language()) if value is not None else ""


def find_instrument(instrument_id: str) -> Instrument | None:
    """The shipped instrument, or ``None`` for an unknown id (views answer 404)."""
    try:
        return get_instrument(instrument_id)
    except UnknownInstrumentError:
        return None


def can_fill_online(instrument: Instrument) -> bool:
    """Whether the instrument's wording ships with Samen. Without it (a restricted licence, e.g.
    ISI and Mini-SPIN) the items are placeholders: the instrument cannot be administered on
    screen, only entered from a licensed paper form (``docs/instruments/licensed-wording.md``)."""
    return instrument.licence.wording_included


def all_instruments() -> list[Instrument]:
    return list_instruments()


@dataclass(frozen=True)
class Shade:
    """One shaded range on a score chart: a published band, or a side of the cut-off."""

    label: str
    low: float
    high: float
    risk: str | None = None


def shades(instrument: Instrument) -> list[Shade]:
    """The ranges to shade: the instrument's bands; failing those, the two sides of its default
    cut-off on the total (as ``samen.instruments.score`` bands such instruments); else none."""
    if instrument.total_range is None:
        return []
    if instrument.bands:
        return [Shade(text(b.label), b.min, b.max, b.risk) for b in instrument.bands]
    cut = instrument.default_cutoff
    if cut is None or cut.applies_to != "total":
        return []
    low, high = instrument.total_range
    positive = str(translation.gettext("Screen positive"))
    negative = str(translation.gettext("Screen negative"))
    if cut.direction == ">=":
        return [Shade(negative, low, cut.threshold, "none"),
                Shade(positive, cut.threshold, high, cut.risk)]
    return [Shade(positive, low, cut.threshold, cut.risk),
            Shade(negative, cut.threshold, high, "none")]


def rescore(response: QuestionnaireResponse) -> ScoreResult:
    """Score the stored answers again with the current definition (for the explanation shown
    beside the stored total; the stored values stay those computed when it was saved)."""
    answers: dict[str, int | None] = {
        str(key): (None if value is None else int(value)) for key, value in response.answers.items()
    }
    return score(response.instrument_id, answers)


def is_validated_respondent(instrument_id: str, respondent: str) -> bool:
    """Whether ``respondent`` is one the instrument was validated for (its ``respondents``)."""
    instrument = find_instrument(instrument_id)
    return instrument is not None and respondent in instrument.respondents


def dated_scores(young_person: YoungPerson) -> list[tuple[date, ScoreResult]]:
    """Every stored response of the young person, re-scored and dated, oldest first, for
    :func:`samen.instruments.risk_profile`. Proxy answers (a respondent the instrument was not
    validated for, e.g. a parent filling in a self-report) are left out: they must not set a
    risk level."""
    found: list[tuple[date, ScoreResult]] = []
    responses = QuestionnaireResponse.objects.filter(young_person=young_person).order_by(
        "authored_at", "pk"
    )
    for response in responses:
        if not is_validated_respondent(response.instrument_id, response.respondent):
            continue
        found.append((timezone.localdate(response.authored_at), rescore(response)))
    return found
