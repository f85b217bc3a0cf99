"""Shared test data for the API and FHIR tests: an assignment, plan actions and a token helper.

Everything is made through the apps' own actions (as the web does), on the cast of
:class:`samen.web.testing.SamenTestCase`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from unittest import mock

from django.utils import timezone

from samen.web.accounts.models import User
from samen.web.api.actions import do_create_token
from samen.web.audit.log import Actor
from samen.web.careplans.actions import do_add_action
from samen.web.careplans.models import PlanAction
from samen.web.screening.actions import do_assign_questionnaire
from samen.web.screening.models import QuestionnaireAssignment
from samen.web.testing import SamenTestCase
from samen.web.youth.access import Access, get_access
from samen.web.youth.models import YoungPerson

# PHQ-A answers q1..q9 and their score by hand: 2+1+2+1+0+3+1+2+0 = 12, band "moderate"
# (10-14), at or above the default cut-off 11 (Richardson 2010), item 9 = 0 (no alert).
PHQA_ANSWERS = {"q1": 2, "q2": 1, "q3": 2, "q4": 1, "q5": 0, "q6": 3, "q7": 1, "q8": 2, "q9": 0}
PHQA_TOTAL = 12.0
PHQA_BAND = "moderate"


def last_monday(weeks_back: int = 1) -> date:
    today = timezone.localdate()
    return today - timedelta(days=today.weekday()) - timedelta(weeks=weeks_back)


def access_of(user: User, young_person: YoungPerson) -> Access:
    access = get_access(user, young_person)
    assert access is not None, (user.username, young_person.pseudonym)
    return access


class ApiTestCase(SamenTestCase):
    """The cast plus an open PHQ-A assignment for Jet and a parents' action in each region's
    plan."""

    assignment: QuestionnaireAssignment
    action: PlanAction
    other_action: PlanAction

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        system = Actor.system("test")
        cls.assignment = do_assign_questionnaire(
            actor=system, access=access_of(cls.clara, cls.record), instrument_id="phqa",
            respondent="young_person", respondent_user=cls.jet,
        )
        cls.action = do_add_action(
            actor=system, access=access_of(cls.clara, cls.record),
            title="Eén gedeelde maaltijd per dag", level="parents", owner_role="parent",
        )
        cls.other_action = do_add_action(
            actor=system, access=access_of(cls.olga, cls.other_record),
            title="Wekelijks gesprek met de mentor", level="parents", owner_role="parent",
        )

    @staticmethod
    def run_worker() -> int:
        """The real worker, without its ``close_old_connections()``: inside a test's transaction
        (autocommit off) that closes the PostgreSQL connection and the test data with it
        (SQLite's in-memory database ignores it). Drop once ``SamenTestCase.run_worker`` does it."""
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            return SamenTestCase.run_worker()

    def token_for(self, user: User, name: str = "test") -> str:
        _row, token = do_create_token(actor=Actor(user=user, channel="test"), name=name)
        return token

    def bearer(self, token: str) -> dict[str, Any]:
        return {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def assert_error(self, response: Any, status: int, code: str,
                     field: str | None = None) -> dict[str, Any]:
        """The one error body: ``{"error": {"code", "message", "field"}}``."""
        self.assertEqual(response.status_code, status, response.content)
        body: dict[str, Any] = response.json()
        self.assertEqual(set(body), {"error"})
        self.assertEqual(set(body["error"]), {"code", "message", "field"})
        self.assertEqual(body["error"]["code"], code)
        self.assertTrue(body["error"]["message"])
        if field is not None:
            self.assertEqual(body["error"]["field"], field)
        return body
