"""The checks on one week's values, shared by the form, the actions, the API and the import.

:func:`week_problems` returns ``(field, message)`` pairs, in the language active when it runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Final

from django.utils import timezone
from django.utils.translation import gettext as _

from samen.instruments.withdrawal import DAYS_PER_WEEK
from samen.web.monitoring.absence import MAX_ABSENCE_HOURS_PER_WEEK

NOTE_MAX_LENGTH: Final = 280
EARLIEST_WEEK: Final = date(2000, 1, 3)
"""No week before this Monday is accepted (a typing error such as 0202 for 2020)."""


@dataclass(frozen=True)
class WeekValues:
    """One reporter's account of one week, as plain values (``None`` = not known)."""

    week_start: date
    days_out: int | None = None
    room_bound: bool | None = None
    participation_days: int | None = None
    impairment: bool | None = None
    absence_hours: Decimal | None = None
    note: str = ""


Problem = tuple[str, str]


class WeekInputError(ValueError):
    """Values that fail :func:`week_problems`; ``problems`` names each field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems))


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_problems(values: WeekValues, *, today: date | None = None,
                  birth_month: date | None = None) -> list[Problem]:
    """Every problem with ``values``: week a Monday, not in the future, numbers in range."""
    today = today or timezone.localdate()
    problems: list[Problem] = []
    week = values.week_start
    if type(week) is not date:
        problems.append(("week_start", _("Enter a date.")))
    elif week.weekday() != 0:
        problems.append(("week_start", _("A week starts on a Monday.")))
    elif week > today:
        problems.append(("week_start", _("This week has not started yet.")))
    elif week < EARLIEST_WEEK or (birth_month is not None and week < monday_of(birth_month)):
        problems.append(("week_start", _("This week is too long ago.")))
    for field in ("days_out", "participation_days"):
        number = getattr(values, field)
        if number is not None and (
            isinstance(number, bool) or not isinstance(number, int)
            or not 0 <= number <= DAYS_PER_WEEK
        ):
            problems.append((field, _("Enter a whole number of days from 0 to 7.")))
    for field in ("room_bound", "impairment"):
        if getattr(values, field) not in (True, False, None):
            problems.append((field, _("Choose yes, no or don't know.")))
    hours = values.absence_hours
    if hours is not None and (
        not isinstance(hours, Decimal) or not hours.is_finite()
        or not Decimal(0) <= hours <= MAX_ABSENCE_HOURS_PER_WEEK
        or hours != hours.quantize(Decimal("0.1"))
    ):
        problems.append(("absence_hours", _(
            "Enter hours from 0 to %(max)s, with at most one decimal."
        ) % {"max": MAX_ABSENCE_HOURS_PER_WEEK}))
    if len(values.note) > NOTE_MAX_LENGTH:
        problems.append(("note", _("Keep the note to %(max)s characters.")
                         % {"max": NOTE_MAX_LENGTH}))
    if (values.days_out, values.room_bound, values.participation_days, values.impairment,
            values.absence_hours) == (None, None, None, None, None):
        problems.append(("__all__", _("Fill in at least one question about the week.")))
    return problems
