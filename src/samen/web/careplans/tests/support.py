"""Helpers shared by the care-plan and alert tests: stored responses and plan rows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from unittest import mock

from django.utils import timezone

from samen.instruments import score
from samen.web.accounts.models import User
from samen.web.audit.log import Actor
from samen.web.careplans.actions import do_add_action, do_add_goal
from samen.web.careplans.models import Goal, PlanAction
from samen.web.screening.models import QuestionnaireResponse
from samen.web.testing import SamenTestCase
from samen.web.youth.access import get_access
from samen.web.youth.models import YoungPerson


def store_response(young_person: YoungPerson, instrument_id: str, answers: list[int],
                   *, days_ago: int = 0, respondent: str = "young_person",
                   author: User | None = None) -> QuestionnaireResponse:
    """A scored response stored the way the screening app stores one (synthetic answers)."""
    result = score(instrument_id, answers)
    return QuestionnaireResponse.objects.create(
        young_person=young_person, instrument_id=instrument_id,
        instrument_version=result.instrument_version, scoring_version=result.scoring_version,
        answers=result.answers, total=result.total,
        band=result.band.key if result.band else "",
        risk=(result.band.risk or "") if result.band else "",
        above_cutoff=result.above_cutoff, respondent=respondent, author=author,
        author_role=respondent, authored_at=timezone.now() - timedelta(days=days_ago),
    )


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def add_action(author: User, young_person: YoungPerson, **values: Any) -> PlanAction:
    """An action added through the real action by ``author`` (who must be allowed to)."""
    access = get_access(author, young_person)
    assert access is not None
    defaults: dict[str, Any] = {"title": "Action", "level": "care", "owner_role": "clinician",
                                "due": in_days(14)}
    defaults.update(values)
    return do_add_action(actor=Actor(user=author, channel="test"), access=access, **defaults)


def add_goal(author: User, young_person: YoungPerson, title: str) -> Goal:
    access = get_access(author, young_person)
    assert access is not None
    return do_add_goal(actor=Actor(user=author, channel="test"), access=access, title=title)


class WorkerTestCase(SamenTestCase):
    """:meth:`run_worker` that keeps the test's transaction open on PostgreSQL too.

    ``db_worker`` calls ``close_old_connections()`` when it wakes up; inside a test's transaction
    (autocommit off) that closes the PostgreSQL connection and the test's data with it (SQLite's
    in-memory test database ignores the close). Remove this once ``SamenTestCase.run_worker``
    does the same.
    """

    @staticmethod
    def run_worker() -> int:
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            return SamenTestCase.run_worker()
