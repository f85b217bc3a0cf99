"""Home-page panels: questionnaires waiting, and new results above the cut-off."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from samen.web.screening.models import AssignmentStatus
from samen.web.screening.panels import above_cutoff_for, waiting_for
from samen.web.screening.tests.helpers import ScreeningTestCase, make_assignment, make_response
from samen.web.youth.models import ConsentGrant


class WaitingPanelTest(ScreeningTestCase):
    def test_each_respondent_sees_their_own_waiting_questionnaires(self) -> None:
        due = timezone.localdate() - timedelta(days=1)
        make_assignment(self.record, "gad7", "parent", self.paul, self.clara, due=due)
        make_assignment(self.record, "hq25", "professional", self.clara, self.clara)
        make_assignment(self.child, "smd9", "young_person", self.ruben, self.clara,
                        status=AssignmentStatus.DONE)
        names = {user.username: [row["name"] for row in waiting_for(user)]
                 for user in self.everyone}
        self.assertEqual(names, {"jet": ["PHQ-A"], "ruben": [], "paul": ["GAD-7"],
                                 "carla": [], "wout": [], "clara": ["HQ-25"], "petra": [],
                                 "ad": [], "otto": [], "olga": ["PHQ-A"], "nina": []})
        self.assertTrue(waiting_for(self.paul)[0]["overdue"])

    def test_home_page_shows_the_panel_with_a_link_in_dutch(self) -> None:
        self.login(self.jet)
        page = self.client.get("/").content.decode()
        self.assertIn("Vragenlijsten die op jou wachten", page)
        self.assertIn(reverse("screening:fill", args=[self.record.pk, self.jet_assignment.pk]),
                      page)
        self.assertIn("PHQ-A invullen", page)

    def test_a_parent_sees_the_record_the_questionnaire_is_about(self) -> None:
        make_assignment(self.child, "gad7", "parent", self.paul, self.clara)
        self.login(self.paul)
        page = self.client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.assertIn("Questionnaires waiting for you", page)
        self.assertIn("Fill in GAD-7 about J-RUB013", page)

    def test_a_record_no_longer_reachable_drops_out(self) -> None:
        ConsentGrant.objects.filter(young_person=self.record, scope="guardians").update(
            withdrawn_at=timezone.now())
        make_assignment(self.record, "gad7", "parent", self.paul, self.clara)
        self.assertEqual(waiting_for(self.paul), [])


class AboveCutoffPanelTest(ScreeningTestCase):
    def test_the_clinician_sees_recent_positive_results_on_her_caseload(self) -> None:
        now = timezone.now()
        recent = make_response(self.record, "phqa", total=14, band="moderate",
                               above_cutoff=True, user=self.jet, threshold=11,
                               authored_at=now - timedelta(days=29))
        make_response(self.record, "phqa", total=15, band="moderately_severe",
                      above_cutoff=True, user=self.jet, authored_at=now - timedelta(days=31))
        make_response(self.child, "gad7", total=9, band="mild", above_cutoff=False,
                      user=self.ruben)
        other = make_response(self.other_record, "gad7", total=12, band="moderate",
                              above_cutoff=True, user=self.olga, respondent="professional")
        self.assertEqual(above_cutoff_for(self.clara), [recent])
        self.assertEqual(above_cutoff_for(self.olga), [other])
        self.assertEqual(above_cutoff_for(self.carla), [])  # not a clinician's caseload
        self.login(self.clara)
        page = self.client.get("/").content.decode()
        self.assertIn("Nieuwe screeningsuitslagen boven het afkappunt", page)
        self.assertIn(reverse("screening:response", args=[self.record.pk, recent.pk]), page)
        self.assertIn("<td>14</td>", page)
        self.assertIn("<td>11</td>", page)

    def test_no_panel_for_roles_without_one(self) -> None:
        for user in (self.petra, self.ad, self.carla):
            with self.subTest(user=user.username):
                self.login(user)
                page = self.client.get("/").content.decode()
                self.assertNotIn("boven het afkappunt", page)
                self.assertNotIn("Vragenlijsten die op jou wachten", page)
