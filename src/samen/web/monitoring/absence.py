"""School absence: the legal reporting line of the Leerplichtwet and the warning badge.

A school must report unauthorised absence of 16 hours in a period of four consecutive school weeks
to the school-attendance officer (*leerplichtambtenaar*, through DUO's *verzuimregister*). Samen
shows the same line as a warning sign on the student's record and in the school coordinator's
home panel; it does not report anything itself.

How the weeks are read (see ``docs/web/monitoring.md``):

* only the school's entries (``reporter = "school"``) with known ``absence_hours`` count;
* a calendar week without a school entry is not a school week (a holiday): the four school weeks
  are four consecutive *reported* weeks, provided they fit in :data:`WINDOW_MAX_SPAN_WEEKS`
  calendar weeks (four school weeks and at most two holiday weeks between them);
* fewer than four weeks count too (16 hours in one or two weeks is above the line as well);
* only the current school year counts (1 August to 31 July), so the badge of an old school year
  does not follow a student for ever.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Final

from django.utils import timezone

from samen.evidence.sources import Source
from samen.web.monitoring.models import Reporter, WeekEntry
from samen.web.youth.models import YoungPerson

REPORTING_LINE_HOURS: Final = Decimal(16)
"""Unauthorised absence (hours) in :data:`REPORTING_WINDOW_WEEKS` school weeks that must be reported."""
REPORTING_WINDOW_WEEKS: Final = 4
WINDOW_MAX_SPAN_WEEKS: Final = REPORTING_WINDOW_WEEKS + 2
SCHOOL_YEAR_START_MONTH: Final = 8  # 1 August
MAX_ABSENCE_HOURS_PER_WEEK: Final = Decimal(40)

ABSENCE_SOURCES: Final[Mapping[str, Source]] = {
    "REPORTING_LINE_HOURS": Source(
        confidence="secondary",
        citation="Leerplichtwet 1969, art. 21a: the head of a school reports unauthorised "
        "absence of 16 hours of lesson or practice time within four consecutive school weeks "
        "to the municipality (via DUO's verzuimregister); shared/evidence/platforms.md 3.2",
        url="https://wetten.overheid.nl/BWBR0002628",
        note="Read as '16 hours or more' (schools' own pages: '16 uur of meer in een periode "
        "van 4 weken'); shared/evidence/platforms.md words it 'more than 16 hours'. The "
        "inclusive reading warns one hour earlier; confirm against the law text.",
    ),
    "REPORTING_WINDOW_WEEKS": Source(
        confidence="secondary",
        citation="Leerplichtwet 1969, art. 21a: a period of four consecutive school weeks",
        url="https://wetten.overheid.nl/BWBR0002628",
    ),
    "WINDOW_MAX_SPAN_WEEKS": Source(
        confidence="assumption",
        note="Holiday weeks are not school weeks and schools leave them out of the export, so "
        "four consecutive reported weeks may span more calendar weeks. Inside a school year "
        "the longest holiday is the two-week Christmas break; a longer gap means missing data, "
        "and weeks across it are not combined.",
    ),
    "SCHOOL_YEAR_START_MONTH": Source(
        confidence="unverified",
        citation="Wet op het primair onderwijs / Wet voortgezet onderwijs, art. 1 (definition of "
        "'schooljaar'): the school year runs from 1 August to 31 July",
        note="From background knowledge; the law text was not retrieved.",
    ),
    "MAX_ABSENCE_HOURS_PER_WEEK": Source(
        confidence="assumption",
        note="An import check, not a rule: no school week has more than 40 hours of lesson or "
        "practice time (a full-time vocational week), so a larger number is a data error.",
    ),
}


@dataclass(frozen=True)
class AbsenceWindow:
    """The school weeks whose unauthorised absence reaches the reporting line."""

    first_week: date
    last_week: date
    weeks: int
    hours: Decimal


def school_year_start(today: date) -> date:
    """1 August of the school year that ``today`` lies in."""
    year = today.year if today.month >= SCHOOL_YEAR_START_MONTH else today.year - 1
    return date(year, SCHOOL_YEAR_START_MONTH, 1)


def worst_window(weeks: Sequence[tuple[date, Decimal]]) -> AbsenceWindow | None:
    """The window of up to four consecutive school weeks with the most absence, if it reaches the
    line. ``weeks`` are ``(Monday, hours)`` pairs, oldest first, one per school week."""
    worst: AbsenceWindow | None = None
    max_span = timedelta(weeks=WINDOW_MAX_SPAN_WEEKS - 1)
    for i, (first, _) in enumerate(weeks):
        total = Decimal(0)
        for j in range(i, min(i + REPORTING_WINDOW_WEEKS, len(weeks))):
            week, hours = weeks[j]
            if week - first > max_span:
                break
            total += hours
            if total >= REPORTING_LINE_HOURS and (worst is None or total > worst.hours):
                worst = AbsenceWindow(first, week, j - i + 1, total)
    return worst


def absence_window(young_person: YoungPerson, today: date | None = None) -> AbsenceWindow | None:
    """The worst window of this school year that reaches the reporting line, or ``None``."""
    return absence_windows([young_person], today).get(young_person.pk)


def absence_windows(young_people: Iterable[YoungPerson],
                    today: date | None = None) -> dict[int, AbsenceWindow]:
    """:func:`absence_window` of many students in one query (a coordinator's whole caseload);
    students below the line are left out."""
    today = today or timezone.localdate()
    rows = WeekEntry.objects.filter(
        young_person__in=list(young_people), reporter=Reporter.SCHOOL,
        absence_hours__isnull=False, week_start__gte=school_year_start(today),
        week_start__lte=today,
    ).order_by("young_person_id", "week_start").values_list(
        "young_person_id", "week_start", "absence_hours")
    weeks: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    for young_person_id, week, hours in rows:
        if hours is not None:
            weeks[young_person_id].append((week, hours))
    found = {pk: worst_window(student_weeks) for pk, student_weeks in weeks.items()}
    return {pk: window for pk, window in found.items() if window is not None}


def absence_warning(young_person: YoungPerson, today: date | None = None) -> bool:
    """Whether the student's unauthorised absence this school year reached the reporting line."""
    return absence_window(young_person, today) is not None
