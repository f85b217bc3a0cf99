"""Fixtures shared by the screening tests: assignments and responses made straight in the
database (the actions under test are exercised through the views and in ``test_actions``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.utils import timezone

from samen.web.accounts.models import User
from samen.web.screening.models import (
    AssignmentStatus,
    QuestionnaireAssignment,
    QuestionnaireResponse,
)
from samen.web.testing import SamenTestCase
from samen.web.youth.models import YoungPerson

# Hand-scored answer sets (published option values, item order).
PHQA_11 = [2, 1, 3, 1, 0, 2, 1, 0, 1]
"""2+1+3+1+0+2+1+0+1 = 11: band "moderate" (10-14, risk high), at the cut-off 11, item 9 > 0."""
GAD7_5 = [1, 1, 1, 1, 1, 0, 0]
"""1*5 = 5: band "mild" (5-9, risk elevated), below the cut-off 10."""
HQ25_ALL_ONES = [1] * 25
"""19 plain items score 1, the 6 reverse-keyed items (4, 7, 10, 15, 21, 25) score 4-1 = 3:
19 + 18 = 37, below the cut-off 42 (screen negative). Subscales: socialization 8*1 + 3*3 = 17
(q4, q15, q25 reversed), isolation 8*1 = 8, emotional support 3*1 + 3*3 = 12 (q7, q10, q21)."""


def answers_post(values: Sequence[int | None], key: str = "k" * 32) -> dict[str, str]:
    """The POST body of the fill-in form for ``values`` in item order (q1, q2, ...)."""
    data = {"idempotency_key": key}
    for number, value in enumerate(values, start=1):
        if value is not None:
            data[f"item_q{number}"] = str(value)
    return data


def make_assignment(young_person: YoungPerson, instrument_id: str, respondent: str,
                    user: User, by: User, **extra: Any) -> QuestionnaireAssignment:
    return QuestionnaireAssignment.objects.create(
        young_person=young_person, instrument_id=instrument_id, respondent=respondent,
        respondent_user=user, assigned_by=by, **extra,
    )


def make_response(young_person: YoungPerson, instrument_id: str, *, total: float, band: str,
                  above_cutoff: bool | None, user: User, respondent: str = "young_person",
                  answers: Mapping[str, int | None] | None = None,
                  authored_at: datetime | None = None, threshold: float | None = None,
                  cutoff_id: str = "") -> QuestionnaireResponse:
    return QuestionnaireResponse.objects.create(
        young_person=young_person, instrument_id=instrument_id, instrument_version="1.0.0",
        scoring_version="test", answers=dict(answers or {}), total=total, band=band, risk="",
        above_cutoff=above_cutoff, respondent=respondent, respondent_user=user, author=user,
        author_role=respondent, authored_at=authored_at or timezone.now(), channel="web",
        cutoff_id=cutoff_id, cutoff_threshold=threshold,
    )


class ScreeningTestCase(SamenTestCase):
    """The cast plus, in both regions, one open assignment and one stored response."""

    jet_assignment: QuestionnaireAssignment
    other_assignment: QuestionnaireAssignment
    jet_response: QuestionnaireResponse
    other_response: QuestionnaireResponse

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.jet_assignment = make_assignment(cls.record, "phqa", "young_person", cls.jet,
                                             cls.clara)
        cls.other_assignment = make_assignment(cls.other_record, "phqa", "professional",
                                               cls.olga, cls.olga)
        gad7 = {f"q{n}": v for n, v in enumerate(GAD7_5, start=1)}
        cls.jet_response = make_response(cls.record, "gad7", total=5, band="mild",
                                         above_cutoff=False, user=cls.jet, answers=gad7,
                                         threshold=10, cutoff_id="spitzer2006")
        cls.other_response = make_response(cls.other_record, "gad7", total=5, band="mild",
                                           above_cutoff=False, user=cls.olga,
                                           respondent="professional", answers=gad7,
                                           threshold=10, cutoff_id="spitzer2006")
        assert cls.jet_assignment.status == AssignmentStatus.OPEN
