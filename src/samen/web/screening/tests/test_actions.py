"""The write actions as the API and FHIR endpoints will call them: plain answers in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from samen.instruments.errors import MissingAnswerError, OutOfRangeError, UnknownItemError
from samen.web.accounts.models import User
from samen.web.audit.log import Actor
from samen.web.audit.models import AuditEvent
from samen.web.screening.actions import (
    ScreeningInputError,
    do_assign_questionnaire,
    do_submit_response,
)
from samen.web.screening.models import QuestionnaireAssignment, QuestionnaireResponse
from samen.web.screening.tests.helpers import GAD7_5, PHQA_11, ScreeningTestCase
from samen.web.youth.access import get_access


def by_id(values: Sequence[int | None]) -> dict[str, int | None]:
    return {f"q{n}": v for n, v in enumerate(values, start=1)}


class SubmitBase(ScreeningTestCase):
    """Calls the action as the API does, for ``user`` on Jet's record."""

    def submit(self, user: User, **overrides: Any) -> tuple[QuestionnaireResponse, bool]:
        access = get_access(user, self.record)
        assert access is not None
        fields: dict[str, Any] = {
            "actor": Actor(user=user, channel="api"), "access": access,
            "instrument_id": "phqa", "answers": by_id(PHQA_11), "respondent": "young_person",
            "author": user, "channel": "api", "idempotency_key": None,
        }
        fields.update(overrides)
        return do_submit_response(**fields)


class SubmitActionTest(SubmitBase):
    def test_plain_answers_are_scored_and_stored(self) -> None:
        response, created = self.submit(self.jet, assignment=self.jet_assignment,
                                        idempotency_key="api-key-0000000001")
        self.assertTrue(created)
        self.assertEqual((response.total, response.band, response.above_cutoff, response.channel),
                         (11.0, "moderate", True, "api"))

    def test_the_same_key_returns_the_first_response_and_writes_nothing(self) -> None:
        first, created = self.submit(self.jet, assignment=self.jet_assignment,
                                     idempotency_key="api-key-0000000002")
        events = AuditEvent.objects.count()
        again, created_again = self.submit(self.jet, assignment=self.jet_assignment,
                                           idempotency_key="api-key-0000000002",
                                           answers=by_id([0] * 9))
        self.assertEqual((again.pk, created, created_again), (first.pk, True, False))
        self.assertEqual(again.total, 11.0)  # the first answers, not the replayed ones
        self.assertEqual(AuditEvent.objects.count(), events)
        self.assertEqual(QuestionnaireResponse.objects.filter(instrument_id="phqa").count(), 1)

    def test_a_key_reused_by_someone_else_is_refused(self) -> None:
        self.submit(self.clara, respondent="professional", idempotency_key="shared-key-000001")
        with self.assertRaises(ScreeningInputError) as caught:
            self.submit(self.jet, assignment=self.jet_assignment,
                        idempotency_key="shared-key-000001")
        self.assertEqual(caught.exception.code, "idempotency_conflict")

    def test_bad_answers_name_the_item_and_store_nothing(self) -> None:
        cases = [
            (by_id([*PHQA_11[:8], 4]), OutOfRangeError, "q9"),
            (by_id([*PHQA_11[:2], None, *PHQA_11[3:]]), MissingAnswerError, "q3"),
            ({**by_id(PHQA_11), "q10": 1}, UnknownItemError, "q10"),
        ]
        for answers, error, item in cases:
            with self.subTest(item=item), self.assertRaises(error) as caught:
                self.submit(self.clara, respondent="professional", answers=answers)
            self.assertEqual(caught.exception.item, item)
        self.assertFalse(QuestionnaireResponse.objects.filter(instrument_id="phqa").exists())

    def test_a_parent_cannot_answer_as_the_young_person(self) -> None:
        assignment = QuestionnaireAssignment.objects.create(
            young_person=self.record, instrument_id="gad7", respondent="parent",
            respondent_user=self.paul, assigned_by=self.clara)
        with self.assertRaises(PermissionDenied):
            self.submit(self.paul, instrument_id="gad7", answers=by_id(GAD7_5),
                        assignment=assignment, respondent="young_person")
        response, _ = self.submit(self.paul, instrument_id="gad7", answers=by_id(GAD7_5),
                                  assignment=assignment, respondent="parent")
        self.assertEqual(response.respondent_user, self.paul)

    def test_only_the_assigned_respondent_completes_an_assignment_online(self) -> None:
        with self.assertRaises(PermissionDenied):
            self.submit(self.clara, respondent="professional", assignment=self.jet_assignment)
        with self.assertRaises(PermissionDenied):  # no assignment: not a respondent's own
            self.submit(self.jet)

    def test_a_paper_form_by_a_professional_completes_the_assignment(self) -> None:
        response, _ = self.submit(self.clara, channel="paper", assignment=self.jet_assignment)
        self.assertEqual((response.author, response.respondent_user, response.author_role),
                         (self.clara, self.jet, "clinician"))
        self.jet_assignment.refresh_from_db()
        self.assertEqual(self.jet_assignment.status, "done")
        with self.assertRaises(ScreeningInputError) as caught:
            self.submit(self.clara, channel="paper", assignment=self.jet_assignment)
        self.assertEqual(caught.exception.code, "assignment_closed")

    def test_an_assignment_of_another_record_is_refused(self) -> None:
        with self.assertRaises(ScreeningInputError) as caught:
            self.submit(self.clara, channel="paper", assignment=self.other_assignment)
        self.assertEqual(caught.exception.code, "assignment_elsewhere")

    def test_a_date_in_the_future_is_refused(self) -> None:
        with self.assertRaises(ScreeningInputError):
            self.submit(self.clara, respondent="professional",
                        authored_at=timezone.now() + timedelta(days=1))


class AssignActionTest(ScreeningTestCase):
    def assign(self, user: User, **overrides: Any) -> QuestionnaireAssignment:
        access = get_access(user, self.record)
        assert access is not None
        fields: dict[str, Any] = {"actor": Actor(user=user, channel="web"), "access": access,
                  "instrument_id": "gad7", "respondent": "young_person",
                  "respondent_user": self.jet}
        fields.update(overrides)
        return do_assign_questionnaire(**fields)

    def test_refusals(self) -> None:
        cases: list[tuple[dict[str, Any], str]] = [
            ({"instrument_id": "isi"}, "wording_not_included"),
            ({"instrument_id": "nope"}, "unknown_instrument"),
            ({"respondent_user": self.paul}, "wrong_respondent_user"),
            ({"respondent": "parent", "respondent_user": self.carla},
             "guardian_without_access"),
            ({"respondent": "professional", "respondent_user": self.carla},
             "wrong_respondent_user"),
            ({"due": timezone.localdate() - timedelta(days=1)}, "due_in_past"),
        ]
        for overrides, code in cases:
            with self.subTest(code=code), self.assertRaises(ScreeningInputError) as caught:
                self.assign(self.clara, **overrides)
            self.assertEqual(caught.exception.code, code)
        self.assertEqual(QuestionnaireAssignment.objects.filter(instrument_id="gad7").count(), 0)

    def test_a_young_person_or_parent_cannot_assign(self) -> None:
        for user in (self.jet, self.paul):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                self.assign(user)


class RespondentDefaultTest(SubmitBase):
    def test_a_self_report_entered_by_the_team_belongs_to_the_young_person(self) -> None:
        response, _ = self.submit(self.clara, channel="paper")
        self.assertEqual((response.respondent, response.respondent_user), ("young_person",
                                                                            self.jet))
        unnamed, _ = self.submit(self.clara, channel="paper", respondent="parent")
        self.assertIsNone(unnamed.respondent_user)
        own, _ = self.submit(self.clara, respondent="professional")
        self.assertEqual(own.respondent_user, self.clara)

    def test_a_parent_cannot_name_someone_else_as_the_respondent(self) -> None:
        assignment = QuestionnaireAssignment.objects.create(
            young_person=self.record, instrument_id="gad7", respondent="parent",
            respondent_user=self.paul, assigned_by=self.clara)
        with self.assertRaises(PermissionDenied):
            self.submit(self.paul, instrument_id="gad7", answers=by_id(GAD7_5),
                        assignment=assignment, respondent="parent", respondent_user=self.jet)
