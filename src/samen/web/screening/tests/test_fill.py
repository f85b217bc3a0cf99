"""Filling in a questionnaire: hand-scored totals and bands, bad answers, double submits, the
audit trail and the alert task."""

from __future__ import annotations

from unittest import mock

from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from samen.web.audit.models import AuditAction, AuditEvent, AuditOutcome
from samen.web.screening.models import AssignmentStatus, QuestionnaireResponse
from samen.web.screening.tests.helpers import (
    GAD7_5,
    HQ25_ALL_ONES,
    PHQA_11,
    ScreeningTestCase,
    answers_post,
    make_assignment,
)


class FillTest(ScreeningTestCase):
    def fill_url(self, assignment_pk: int) -> str:
        return reverse("screening:fill", args=[self.record.pk, assignment_pk])

    def test_the_form_has_a_fieldset_per_item_with_dutch_texts_and_a_key(self) -> None:
        self.login(self.jet)
        page = self.client.get(self.fill_url(self.jet_assignment.pk)).content.decode()
        self.assertEqual(page.count("<fieldset"), 9)
        self.assertEqual(page.count("<legend>"), 9)
        self.assertIn("<legend>3. Slecht in slaap komen of doorslapen, of juist te veel slapen"
                      "</legend>", page)
        self.assertEqual(page.count('type="radio"'), 36)  # 9 items x 4 options
        self.assertIn("Meer dan de helft van de dagen", page)
        self.assertIn('name="idempotency_key"', page)
        self.assertNotIn("style=", page)
        self.assertNotIn("<script>", page)

    def test_the_form_in_english(self) -> None:
        self.login(self.jet)
        page = self.client.get(self.fill_url(self.jet_assignment.pk),
                               HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.assertIn("<legend>3. Trouble getting to sleep or staying asleep, or sleeping too "
                      "much</legend>", page)
        self.assertIn("More than half the days", page)
        self.assertIn("Save my answers", page)

    def test_phqa_is_stored_with_the_hand_computed_total_band_and_cutoff(self) -> None:
        self.login(self.jet)
        response = self.client.post(self.fill_url(self.jet_assignment.pk),
                                    answers_post(PHQA_11))
        stored = QuestionnaireResponse.objects.get(assignment=self.jet_assignment)
        self.assertRedirects(response, reverse("screening:response",
                                               args=[self.record.pk, stored.pk]))
        self.assertEqual(stored.total, 11.0)
        self.assertEqual(stored.band, "moderate")
        self.assertEqual(stored.risk, "high")
        self.assertIs(stored.above_cutoff, True)  # 11 >= 11
        self.assertEqual((stored.cutoff_id, stored.cutoff_threshold), ("richardson2010", 11.0))
        self.assertEqual(stored.alert_codes, ["self_harm_item"])  # item 9 answered 1
        self.assertEqual(stored.answers, {f"q{n}": v for n, v in enumerate(PHQA_11, start=1)})
        self.assertEqual((stored.instrument_version, stored.scoring_version),
                         ("1.0.0", "phqa-sum-2010.1"))
        self.assertEqual((stored.respondent, stored.respondent_user, stored.author,
                          stored.author_role, stored.channel),
                         ("young_person", self.jet, self.jet, "young_person", "web"))
        self.jet_assignment.refresh_from_db()
        self.assertEqual(self.jet_assignment.status, AssignmentStatus.DONE)

    def test_gad7_and_hq25_hand_scored(self) -> None:
        gad7 = make_assignment(self.record, "gad7", "young_person", self.jet, self.clara)
        hq25 = make_assignment(self.record, "hq25", "young_person", self.jet, self.clara)
        self.login(self.jet)
        self.client.post(self.fill_url(gad7.pk), answers_post(GAD7_5, key="g" * 32))
        self.client.post(self.fill_url(hq25.pk), answers_post(HQ25_ALL_ONES, key="h" * 32))
        g = QuestionnaireResponse.objects.get(assignment=gad7)
        self.assertEqual((g.total, g.band, g.risk, g.above_cutoff), (5.0, "mild", "elevated",
                                                                     False))
        h = QuestionnaireResponse.objects.get(assignment=hq25)
        self.assertEqual((h.total, h.band, h.above_cutoff, h.cutoff_threshold),
                         (37.0, "screen_negative", False, 42.0))
        self.assertEqual(h.subscales, {"socialization": 17.0, "isolation": 8.0,
                                       "emotional_support": 12.0})

    def test_a_missing_item_names_the_item_and_stores_nothing(self) -> None:
        self.login(self.jet)
        answers: list[int | None] = list(PHQA_11)
        answers[3] = None  # question 4 left open
        response = self.client.post(self.fill_url(self.jet_assignment.pk),
                                    answers_post(answers))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Vraag 4 heeft geen antwoord", status_code=400)
        self.assertContains(response, 'href="#group-item_q4"', status_code=400)
        self.assertEqual(QuestionnaireResponse.objects.filter(young_person=self.record,
                                                              instrument_id="phqa").count(), 0)
        self.jet_assignment.refresh_from_db()
        self.assertEqual(self.jet_assignment.status, AssignmentStatus.OPEN)

    def test_an_out_of_range_value_names_the_item_in_both_languages(self) -> None:
        self.login(self.jet)
        data = answers_post(PHQA_11)
        data["item_q7"] = "4"  # options are 0-3
        response = self.client.post(self.fill_url(self.jet_assignment.pk), data)
        self.assertContains(response, "Vraag 7: dat antwoord is geen van de keuzes.",
                            status_code=400)
        response = self.client.post(self.fill_url(self.jet_assignment.pk), data,
                                    HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Question 7: that answer is not one of the options.",
                            status_code=400)
        self.assertFalse(QuestionnaireResponse.objects.filter(instrument_id="phqa").exists())

    def test_the_chosen_answers_stay_selected_after_an_error(self) -> None:
        self.login(self.jet)
        answers: list[int | None] = list(PHQA_11)
        answers[0] = None
        page = self.client.post(self.fill_url(self.jet_assignment.pk),
                                answers_post(answers)).content.decode()
        self.assertRegex(page, r'name="item_q3" value="3"[^>]*checked')

    def test_a_double_submit_is_stored_once_and_the_second_lands_on_the_result(self) -> None:
        self.login(self.jet)
        first = self.client.post(self.fill_url(self.jet_assignment.pk), answers_post(PHQA_11))
        second = self.client.post(self.fill_url(self.jet_assignment.pk), answers_post(PHQA_11))
        stored = QuestionnaireResponse.objects.get(assignment=self.jet_assignment)
        result = reverse("screening:response", args=[self.record.pk, stored.pk])
        self.assertRedirects(first, result)
        self.assertRedirects(second, result)
        self.assertEqual(QuestionnaireResponse.objects.filter(instrument_id="phqa").count(), 1)

    def test_a_missing_key_is_refused(self) -> None:
        self.login(self.jet)
        data = answers_post(PHQA_11)
        del data["idempotency_key"]
        response = self.client.post(self.fill_url(self.jet_assignment.pk), data)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(QuestionnaireResponse.objects.filter(instrument_id="phqa").exists())

    def test_reads_and_writes_are_audited_without_values(self) -> None:
        self.login(self.jet)
        before = AuditEvent.objects.count()
        self.client.get(self.fill_url(self.jet_assignment.pk))
        self.client.post(self.fill_url(self.jet_assignment.pk), answers_post(PHQA_11))
        events = list(AuditEvent.objects.order_by("id")[before:])
        self.assertEqual([e.event for e in events], [
            "screening.fill.read", "screening.fill.read", "screening.response.create",
            "screening.assignment.complete",
        ])
        read, _, create, complete = events
        self.assertEqual((read.action, read.outcome, read.actor, read.subject_id, read.basis),
                         (AuditAction.READ, AuditOutcome.SUCCESS, self.jet, self.record.pk,
                          "self"))
        stored = QuestionnaireResponse.objects.get(assignment=self.jet_assignment)
        self.assertEqual((create.action, create.object_type, create.object_id),
                         (AuditAction.CREATE, "questionnaire_response", str(stored.pk)))
        self.assertIn("answers", create.changed_fields)
        self.assertIn("total", create.changed_fields)
        self.assertEqual(create.subject_pseudonym, "J-JET017")
        self.assertEqual((complete.action, complete.changed_fields),
                         (AuditAction.UPDATE, ["status"]))

    def test_a_refused_read_is_audited_as_denied(self) -> None:
        self.login(self.nina)
        self.client.get(self.fill_url(self.jet_assignment.pk))
        event = AuditEvent.objects.get(event="screening.fill.read")
        self.assertEqual((event.outcome, event.actor, event.subject_id),
                         (AuditOutcome.DENIED, self.nina, self.record.pk))

    def test_a_stored_response_enqueues_the_alert_task_after_commit(self) -> None:
        self.login(self.jet)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.fill_url(self.jet_assignment.pk), answers_post(PHQA_11))
        task = DBTaskResult.objects.get(task_path="samen.web.alerts.tasks.evaluate_alerts")
        self.assertEqual(task.args_kwargs["args"], [self.record.pk, "response"])
        # The worker's close_old_connections() would drop the test transaction's connection on
        # PostgreSQL (its autocommit is off inside a TestCase); keep it open while it runs.
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            self.assertEqual(self.run_worker(), 1)
        task.refresh_from_db()
        self.assertEqual(task.status, "SUCCESSFUL")

    def test_a_refused_submit_enqueues_nothing(self) -> None:
        self.login(self.jet)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.fill_url(self.jet_assignment.pk), answers_post([1] * 8))
        self.assertFalse(DBTaskResult.objects.exists())

    def test_a_parent_answers_a_self_report_as_a_proxy(self) -> None:
        assignment = make_assignment(self.record, "gad7", "parent", self.paul, self.clara)
        self.login(self.paul)
        page = self.client.get(self.fill_url(assignment.pk))
        self.assertContains(page, "Beantwoord elke vraag over de jongere")
        self.client.post(self.fill_url(assignment.pk), answers_post(GAD7_5))
        stored = QuestionnaireResponse.objects.get(assignment=assignment)
        self.assertEqual((stored.respondent, stored.respondent_user, stored.total),
                         ("parent", self.paul, 5.0))
        detail = self.client.get(reverse("screening:response", args=[self.record.pk, stored.pk]))
        self.assertContains(detail, "alleen indicatief")

    def test_restricted_wording_is_refused_clearly(self) -> None:
        assignment = make_assignment(self.record, "isi", "young_person", self.jet, self.clara)
        self.login(self.jet)
        page = self.client.get(self.fill_url(assignment.pk))
        self.assertContains(page, "ISI kan niet op het scherm worden ingevuld")
        self.assertNotContains(page, "<fieldset")
        self.client.post(self.fill_url(assignment.pk), answers_post([1] * 7))
        self.assertFalse(QuestionnaireResponse.objects.filter(instrument_id="isi").exists())
