"""Erasure (AVG art. 17) against retention (Jeugdwet 7.3.8) and destruction on request (7.3.9):
GDPR-02; all or nothing; what the audit log keeps."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete
from django.utils import timezone

from samen.web.alerts.models import Alert
from samen.web.audit.chain import HASHED_FIELDS, verify_chain
from samen.web.audit.log import Actor
from samen.web.audit.models import AuditEvent
from samen.web.careplans.models import Goal
from samen.web.monitoring.models import WeekEntry
from samen.web.privacy.actions import RequestRefused, do_decide_destruction, do_request_erasure
from samen.web.privacy.models import Decision, DecisionReason, ErasureRequest, RequestKind
from samen.web.privacy.retention import add_months
from samen.web.privacy.tests.support import (
    ACTION_TITLE,
    EMERGENCY_REASON,
    GOAL_NOTE,
    GOAL_TITLE,
    WEEK_NOTE,
    PrivacyTestCase,
    last_monday,
)
from samen.web.screening.models import QuestionnaireResponse
from samen.web.testing import years_ago
from samen.web.youth.models import ConsentScope, YoungPerson


class ErasureTest(PrivacyTestCase):
    def school_only(self) -> YoungPerson:
        """A 17-year-old followed by the school only (no youth-care provider, no care plan)."""
        student = self.make_user("sam", "Sam", self.school, "young_person")  # type: ignore[arg-type]
        young_person = self.make_record("J-SAM017", years_ago(17), "M", "West", account=student,
                                        team=[self.carla])
        self.consent(young_person, student, ConsentScope.ORGANISATION, self.school, True)
        WeekEntry.objects.create(young_person=young_person, week_start=last_monday(),
                                 reporter="school", absence_hours=4, channel="import")
        Alert.objects.create(recipient=self.carla, young_person=young_person, kind="stage_change",
                             stage="pre_hikikomori", dedupe_key="privacy:sam")
        return young_person

    def request(self, user: Any, young_person: YoungPerson, kind: RequestKind) -> ErasureRequest:
        return do_request_erasure(actor=Actor(user=user, channel="test"),
                                  access=self.access(user, young_person), kind=kind)

    def test_a_youth_care_file_is_refused_until_20_years_after_its_last_change(self) -> None:
        self.seed_everything()
        filed = self.request(self.jet, self.record, RequestKind.ERASURE)
        self.assertEqual(filed.decision, Decision.REFUSED_RETENTION)
        self.assertEqual(filed.decision_reason, DecisionReason.RETENTION_20_YEARS)
        today = timezone.localdate()
        self.assertEqual(filed.retained_until, add_months(today, 240))
        self.assertTrue(YoungPerson.objects.filter(pk=self.record.pk).exists())
        self.assertEqual(QuestionnaireResponse.objects.filter(young_person=self.record).count(), 1)
        self.assertTrue(AuditEvent.objects.filter(event="privacy.erasure.refuse",
                                                  subject_id=self.record.pk).exists())

    def test_a_file_without_youth_care_is_erased_at_once(self) -> None:
        young_person = self.school_only()
        account = young_person.account
        filed = self.request(account, young_person, RequestKind.ERASURE)
        filed.refresh_from_db()
        self.assertEqual((filed.decision, filed.decision_reason, filed.young_person_id),
                         (Decision.ERASED, DecisionReason.NO_YOUTH_CARE_FILE, None))
        self.assertEqual((filed.subject_id, filed.subject_pseudonym),
                         (young_person.pk, "J-SAM017"))
        self.assertFalse(YoungPerson.objects.filter(pk=young_person.pk).exists())
        for model in (WeekEntry, Alert):
            self.assertFalse(model.objects.filter(young_person_id=young_person.pk).exists())
        self.assertFalse(young_person.consents.exists())
        done = AuditEvent.objects.get(event="privacy.erasure.done")
        self.assertEqual((done.action, done.subject_id, done.subject_pseudonym),
                         ("D", young_person.pk, "J-SAM017"))
        self.assertEqual(done.changed_fields, ["alerts", "care_team", "consents",
                                               "organisations", "record", "weekly_follow_up"])
        assert account is not None
        account.refresh_from_db()
        self.assertEqual((account.is_active, account.display_name), (False, ""))

    def test_a_failure_half_way_leaves_everything_in_place(self) -> None:
        young_person = self.school_only()

        def fail(**kwargs: Any) -> None:  # a database error at the fourth step (alerts)
            raise RuntimeError("disk full")

        pre_delete.connect(fail, sender=Alert, dispatch_uid="privacy-test-fail")
        try:
            with self.assertRaisesMessage(RuntimeError, "disk full"):
                self.request(young_person.account, young_person, RequestKind.ERASURE)
        finally:
            pre_delete.disconnect(dispatch_uid="privacy-test-fail", sender=Alert)
        # The weeks were deleted before the failure; the transaction put them back.
        self.assertEqual(WeekEntry.objects.filter(young_person=young_person).count(), 1)
        self.assertTrue(YoungPerson.objects.filter(pk=young_person.pk).exists())
        self.assertEqual(young_person.consents.count(), 1)
        self.assertFalse(ErasureRequest.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(event__startswith="privacy.").exists())
        self.assertTrue(verify_chain().ok)

    def test_destruction_waits_for_the_clinician_who_confirms_it(self) -> None:
        self.seed_everything()
        filed = self.request(self.jet, self.record, RequestKind.DESTRUCTION)
        self.assertEqual(filed.decision, Decision.PENDING)
        self.assertEqual(filed.due_by, add_months(timezone.localdate(), 3))
        with self.assertRaises(RequestRefused):
            self.request(self.jet, self.record, RequestKind.ERASURE)
        with self.assertRaises(PermissionError):  # Carla (school) does not decide
            do_decide_destruction(actor=Actor(user=self.carla, channel="test"),
                                  access=self.access(self.carla), request=filed, confirm=True)
        do_decide_destruction(actor=Actor(user=self.clara, channel="test"),
                              access=self.access(self.clara), request=filed, confirm=True)
        filed.refresh_from_db()
        self.assertEqual((filed.decision, filed.decided_by, filed.decision_reason),
                         (Decision.ERASED, self.clara, DecisionReason.NO_OVERRIDING_INTEREST))
        self.assertFalse(YoungPerson.objects.filter(pk=self.record.pk).exists())
        self.assertFalse(Goal.objects.filter(young_person_id=self.record.pk).exists())

    def test_a_declined_destruction_keeps_the_file_with_reason_and_note(self) -> None:
        filed = self.request(self.jet, self.record, RequestKind.DESTRUCTION)
        clara = Actor(user=self.clara, channel="test")
        with self.assertRaises(RequestRefused):  # a refusal without a note is not recorded
            do_decide_destruction(actor=clara, access=self.access(self.clara), request=filed,
                                  confirm=False, reason=DecisionReason.OTHER_INTEREST, note="no")
        do_decide_destruction(actor=clara, access=self.access(self.clara), request=filed,
                              confirm=False, reason=DecisionReason.OTHER_INTEREST,
                              note="A sibling's safety plan relies on this file")
        filed.refresh_from_db()
        self.assertEqual((filed.decision, filed.decision_reason),
                         (Decision.REFUSED_INTEREST, DecisionReason.OTHER_INTEREST))
        self.assertIsNotNone(filed.retained_until)
        self.assertTrue(YoungPerson.objects.filter(pk=self.record.pk).exists())

    def test_after_erasure_the_audit_log_keeps_its_events_but_no_personal_details(self) -> None:
        self.seed_everything()
        filed = self.request(self.jet, self.record, RequestKind.DESTRUCTION)
        before = AuditEvent.objects.filter(subject_id=self.record.pk).count()
        do_decide_destruction(actor=Actor(user=self.clara, channel="test"),
                              access=self.access(self.clara), request=filed, confirm=True)
        self.assertEqual(AuditEvent.objects.filter(subject_id=self.record.pk).count(), before + 1)
        self.assertTrue(verify_chain().ok)
        stored = " ".join(str(value) for row in AuditEvent.objects.values_list(*HASHED_FIELDS)
                          for value in row)
        for text in (GOAL_TITLE, GOAL_NOTE, ACTION_TITLE, WEEK_NOTE, EMERGENCY_REASON,
                     self.record.birth_month.isoformat()):
            self.assertNotIn(text, stored)


class WhoMayRequestTest(PrivacyTestCase):
    def post(self, user: Any, young_person: YoungPerson, kind: str = "erasure") -> int:
        self.login(user)
        return self.client.post(f"/privacy/{young_person.pk}/erasure/",
                                {"kind": kind}).status_code

    def test_a_16_year_old_asks_herself_not_her_parent(self) -> None:
        self.assertEqual(self.post(self.paul, self.record), 403)
        self.assertEqual(self.post(self.wout, self.record), 403)
        self.assertEqual(self.post(self.jet, self.record), 302)
        self.assertEqual(ErasureRequest.objects.get().requested_by, self.jet)

    def test_from_12_to_15_the_young_person_and_the_parent_may_ask(self) -> None:
        self.assertEqual(self.post(self.ruben, self.child), 302)
        ErasureRequest.objects.all().delete()
        self.assertEqual(self.post(self.paul, self.child, "destruction"), 302)
        self.assertEqual(ErasureRequest.objects.get().decision, Decision.PENDING)

    def test_the_care_team_asks_on_behalf(self) -> None:
        self.assertEqual(self.post(self.carla, self.record), 302)
        self.assertEqual(ErasureRequest.objects.get().requester_role, "school_coordinator")

    def test_an_unknown_kind_is_refused(self) -> None:
        self.assertEqual(self.post(self.jet, self.record, "everything"), 400)
        self.assertFalse(ErasureRequest.objects.exists())
