"""Shared set-up for the browser journeys (``test_journey_*.py``): data made through the real
actions, as the people of the cast would make it, and small page helpers.

Every value here is synthetic. The journeys themselves only click and type.
"""

from __future__ import annotations

import unittest
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

import time_machine
from django.utils import timezone

from samen.web.accounts.models import User
from samen.web.audit.log import Actor
from samen.web.browser import BrowserTestCase
from samen.web.monitoring.absence import school_year_start
from samen.web.monitoring.actions import do_log_week
from samen.web.monitoring.checks import monday_of
from samen.web.monitoring.models import WeekEntry
from samen.web.screening.actions import do_assign_questionnaire, do_submit_response
from samen.web.screening.models import QuestionnaireAssignment, QuestionnaireResponse
from samen.web.youth.access import Access, get_access
from samen.web.youth.models import YoungPerson

NAMES = {"jet": "Jet", "ruben": "Ruben", "paul": "Paul", "carla": "Carla", "wout": "Wout",
         "clara": "Clara", "petra": "Petra", "ad": "Ad"}
"""Display names for the cast in the journeys, so the pages (and the guides' screenshots) greet
people by name instead of by the role names the cast carries elsewhere."""

GAD7_ELEVEN = [2, 2, 1, 2, 1, 2, 1]
"""GAD-7 answers 2+2+1+2+1+2+1 = 11: band "moderate" (10-14), at or above the cut-off 10."""


class JourneyTestCase(BrowserTestCase):
    """A browser test whose cast has first names (see :data:`NAMES`)."""

    def setUp(self) -> None:
        super().setUp()
        for username, name in NAMES.items():
            user: User = getattr(self, username)
            user.display_name = name
            user.save(update_fields=["display_name"])


def keep_in_term(test: unittest.TestCase) -> None:
    """Move the clock (server and test alike) forward to a day seven weeks into the school
    year when today lies closer to 1 August; do nothing on every other day of the year.

    The absence warning counts school weeks of the current school year only, so a file of the
    four weeks before today needs those weeks to lie after 1 August.
    """
    today = timezone.localdate()
    earliest = school_year_start(today) + timedelta(weeks=7)
    if today < earliest:
        traveller = time_machine.travel(
            timezone.make_aware(datetime.combine(earliest, time(12, 0))), tick=True)
        traveller.start()
        test.addCleanup(traveller.stop)


def actor(user: User) -> Actor:
    return Actor(user=user, channel="web")


def access(user: User, young_person: YoungPerson) -> Access:
    reach = get_access(user, young_person)
    if reach is None:
        raise AssertionError(f"{user.username} cannot open {young_person.pseudonym}")
    return reach


def this_monday() -> date:
    return monday_of(timezone.localdate())


def mondays_before(n: int, *, end: date | None = None) -> list[date]:
    """The ``n`` Mondays before ``end``'s week (default this week), oldest first."""
    last = monday_of(end or timezone.localdate())
    return [last - timedelta(weeks=n - k) for k in range(n)]


def log_weeks(user: User, young_person: YoungPerson, weeks: Sequence[date],
              **values: Any) -> list[WeekEntry]:
    """One report by ``user`` per week, through :func:`do_log_week` (as the week form does)."""
    reach = access(user, young_person)
    return [do_log_week(actor=actor(user), access=reach, week_start=week, **values)
            for week in weeks]


def assign(by: User, young_person: YoungPerson, instrument_id: str, respondent: str,
           respondent_user: User) -> QuestionnaireAssignment:
    return do_assign_questionnaire(actor=actor(by), access=access(by, young_person),
                                   instrument_id=instrument_id, respondent=respondent,
                                   respondent_user=respondent_user)


def submit(user: User, young_person: YoungPerson, instrument_id: str, answers: Sequence[int],
           respondent: str, *, assignment: QuestionnaireAssignment | None = None,
           key: str) -> QuestionnaireResponse:
    """A response answered by ``user`` (item ids q1, q2, ... in order), stored by the action."""
    response, _created = do_submit_response(
        actor=actor(user), access=access(user, young_person), instrument_id=instrument_id,
        answers={f"q{n}": value for n, value in enumerate(answers, start=1)},
        respondent=respondent, author=user, channel="web", idempotency_key=key,
        assignment=assignment,
    )
    return response


def withdrawn_son(parent: User, child: YoungPerson, weeks: int) -> list[WeekEntry]:
    """Journey 1's weeks: the parent reports that the child went out once a week, took no part
    in school, did not stay in his room all the time, and that staying in caused distress."""
    return log_weeks(parent, child, mondays_before(weeks), days_out=1, room_bound=False,
                     participation_days=0, impairment=True)


DUTCH_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                "september", "oktober", "november", "december")


def dutch_date(day: date) -> str:
    """A date as the Dutch pages write it ("j F Y"): 19 december 2026."""
    return f"{day.day} {DUTCH_MONTHS[day.month - 1]} {day.year}"
