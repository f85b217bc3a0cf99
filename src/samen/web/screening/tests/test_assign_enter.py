"""Assigning a questionnaire and typing in a paper form, through the pages."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from samen.web.audit.models import AuditAction, AuditEvent
from samen.web.screening.models import QuestionnaireAssignment, QuestionnaireResponse
from samen.web.screening.tests.helpers import PHQA_11, ScreeningTestCase, answers_post


class AssignPageTest(ScreeningTestCase):
    def url(self) -> str:
        return reverse("screening:assign", args=[self.record.pk])

    def test_every_instrument_is_offered_and_the_licensed_ones_are_marked(self) -> None:
        self.login(self.carla)
        page = self.client.get(self.url()).content.decode()
        for short_name in ("PHQ-A", "GAD-7", "HQ-25", "ISI", "Mini-SPIN", "ECR-RS", "DJG-6"):
            self.assertIn(f">{short_name} – ", page)
        self.assertIn("PHQ-9 – Depressieve klachten (vanaf 18 jaar)", page)
        self.assertEqual(page.count("gelicentieerde tekst niet meegeleverd: alleen op papier"),
                         2)  # ISI and Mini-SPIN
        self.assertIn("PHQ-A – Depressieve klachten bij jongeren (13–17 jaar)", page)
        self.assertIn('<legend>Wie vult de vragenlijst in?</legend>', page)
        self.assertIn(f'<option value="{self.paul.pk}">', page)

    def test_assigning_to_the_young_person_with_a_due_date(self) -> None:
        self.login(self.carla)
        due = timezone.localdate() + timedelta(days=7)
        response = self.client.post(self.url(), {"instrument": "phqa",
                                                 "respondent": "young_person",
                                                 "due": due.isoformat()})
        self.assertRedirects(response, reverse("screening:history", args=[self.record.pk]))
        made = QuestionnaireAssignment.objects.filter(assigned_by=self.carla).get()
        self.assertEqual((made.instrument_id, made.respondent, made.respondent_user, made.due,
                          made.status), ("phqa", "young_person", self.jet, due, "open"))
        event = AuditEvent.objects.get(event="screening.assignment.create")
        self.assertEqual((event.action, event.actor, event.actor_role, event.organisation_name,
                          event.object_id), (AuditAction.CREATE, self.carla,
                                             "school_coordinator", "Het Baken", str(made.pk)))

    def test_assigning_to_a_parent_and_to_oneself(self) -> None:
        self.login(self.clara)
        self.client.post(self.url(), {"instrument": "gad7", "respondent": "parent",
                                      "guardian": str(self.paul.pk)})
        self.client.post(self.url(), {"instrument": "hq25", "respondent": "professional"})
        made = {a.instrument_id: (a.respondent, a.respondent_user)
                for a in QuestionnaireAssignment.objects.filter(assigned_by=self.clara,
                                                                due__isnull=True)
                if a.instrument_id != "phqa"}
        self.assertEqual(made, {"gad7": ("parent", self.paul),
                                "hq25": ("professional", self.clara)})

    def test_errors_name_the_field_and_store_nothing(self) -> None:
        self.login(self.clara)
        before = QuestionnaireAssignment.objects.count()
        cases = [
            ({"instrument": "isi", "respondent": "young_person"},
             "ISI kan niet op het scherm worden ingevuld"),
            ({"instrument": "gad7", "respondent": "parent"},
             "Kies welke ouder de vragenlijst invult."),
            ({"instrument": "gad7", "respondent": "young_person",
              "due": (timezone.localdate() - timedelta(days=1)).isoformat()},
             "De uiterste datum ligt in het verleden."),
            ({"respondent": "young_person"}, "Kies een vragenlijst."),
            ({"instrument": "gad7"}, "Kies wie de vragenlijst invult."),
        ]
        for data, message in cases:
            with self.subTest(message=message):
                response = self.client.post(self.url(), data)
                self.assertContains(response, message, status_code=400)
        self.assertEqual(QuestionnaireAssignment.objects.count(), before)

    def test_a_young_person_without_an_account_cannot_be_assigned(self) -> None:
        self.login(self.olga)
        response = self.client.post(reverse("screening:assign", args=[self.other_record.pk]),
                                    {"instrument": "gad7", "respondent": "young_person"},
                                    HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "has no account of their own", status_code=400)


class PaperEntryTest(ScreeningTestCase):
    def url(self, instrument_id: str = "phqa") -> str:
        return reverse("screening:enter", args=[self.record.pk, instrument_id])

    def test_a_paper_form_completes_the_waiting_assignment(self) -> None:
        self.login(self.clara)
        page = self.client.get(self.url())
        self.assertContains(page, f'<option value="{self.jet_assignment.pk}">')
        day = timezone.localdate() - timedelta(days=3)
        data = {**answers_post(PHQA_11), "assignment": str(self.jet_assignment.pk),
                "authored": day.isoformat()}
        response = self.client.post(self.url(), data)
        stored = QuestionnaireResponse.objects.get(assignment=self.jet_assignment)
        self.assertRedirects(response, reverse("screening:response",
                                               args=[self.record.pk, stored.pk]))
        self.assertEqual((stored.total, stored.channel, stored.author, stored.respondent,
                          stored.respondent_user, timezone.localdate(stored.authored_at)),
                         (11.0, "paper", self.clara, "young_person", self.jet, day))

    def test_licensed_instruments_are_entered_from_paper(self) -> None:
        self.login(self.clara)
        page = self.client.get(self.url("isi"))
        self.assertContains(page, "de vragen hieronder hebben alleen hun nummer")
        self.assertContains(page, "<fieldset", count=7 + 1)  # 7 items and the respondent group
        data = {**answers_post([2] * 7), "respondent": "young_person",
                "authored": timezone.localdate().isoformat()}
        self.client.post(self.url("isi"), data)
        stored = QuestionnaireResponse.objects.get(instrument_id="isi")
        self.assertEqual((stored.total, stored.band, stored.above_cutoff), (14.0, "subthreshold",
                                                                            None))

    def test_a_coordinator_enters_but_then_sees_no_item_answers(self) -> None:
        self.login(self.carla)
        data = {**answers_post(PHQA_11), "respondent": "young_person",
                "authored": timezone.localdate().isoformat()}
        response = self.client.post(self.url(), data, follow=True)
        self.assertContains(response, "alleen de behandelaar ziet ze")
        self.assertNotContains(response, "Bijna elke dag")

    def test_a_future_date_and_a_missing_respondent_are_refused(self) -> None:
        self.login(self.clara)
        data = {**answers_post(PHQA_11),
                "authored": (timezone.localdate() + timedelta(days=1)).isoformat()}
        response = self.client.post(self.url(), data)
        self.assertContains(response, "De datum ligt in de toekomst.", status_code=400)
        self.assertContains(response, "Kies wie de vragenlijst invult.", status_code=400)
        self.assertFalse(QuestionnaireResponse.objects.filter(instrument_id="phqa").exists())
