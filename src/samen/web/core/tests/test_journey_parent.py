"""Journey 1 (JOURNEYS.md): a worried parent on a phone, in Dutch.

Ruben (13) has twelve weeks logged in which he went out once a week and not to school, and
Clara (clinician) asked Paul to fill in the GAD-7 about him. Paul signs in, fills in the
questionnaire from his home page, sees the score, logs this week through the week form, and the
timeline shows "pre-hikikomori". The worker then alerts the school coordinator and the clinician.
"""

from __future__ import annotations

from samen.web.alerts.models import Alert
from samen.web.core.tests.journeys import (
    GAD7_ELEVEN,
    JourneyTestCase,
    assign,
    this_monday,
    withdrawn_son,
)
from samen.web.monitoring.models import WeekEntry
from samen.web.screening.models import AssignmentStatus, QuestionnaireResponse
from samen.web.youth.models import YoungPerson

GAD7_DUTCH_CHOICES = ["Helemaal niet", "Een paar dagen", "Meer dan de helft van de dagen",
                      "Bijna elke dag"]


class ParentJourneyTest(JourneyTestCase):
    def setUp(self) -> None:
        super().setUp()
        withdrawn_son(self.paul, self.child, 12)
        self.assignment = assign(self.clara, self.child, "gad7", "parent", self.paul)

    def test_parent_fills_in_a_questionnaire_logs_a_week_and_the_team_is_alerted(self) -> None:
        self.child.refresh_from_db()
        self.assertEqual((self.child.stage, self.child.withdrawn_weeks), ("none", 12))

        page = self.sign_in(self.paul, phone=True)
        waiting = page.locator("section[aria-labelledby=panel-questionnaires-waiting]")
        self.assertIn("Vragenlijsten die op jou wachten", waiting.inner_text())
        waiting.scroll_into_view_if_needed()
        self.shot(page, "parent-1-home", full_page=False)
        waiting.get_by_role("link", name="GAD-7").click()
        page.wait_for_url(f"**/screening/{self.child.pk}/fill/{self.assignment.pk}/")

        # Every item is a fieldset with a legend; each answer is chosen by its label.
        groups = page.locator("form fieldset")
        self.assertEqual(groups.count(), 7)
        for number, value in enumerate(GAD7_ELEVEN):
            groups.nth(number).get_by_label(GAD7_DUTCH_CHOICES[value], exact=True).check()
        page.get_by_role("button", name="Mijn antwoorden opslaan").click()
        page.wait_for_url(f"**/screening/{self.child.pk}/response/*/")
        main = page.inner_text("main")
        self.assertIn("Dank je wel: je antwoorden zijn opgeslagen.", main)
        self.assertRegex(main, r"Totaal\s+11 \(mogelijk 0–21\)")
        self.assertRegex(main, r"Niveau\s+Matig")
        self.shot(page, "parent-2-score", full_page=False)
        response = QuestionnaireResponse.objects.get(young_person=self.child)
        self.assertEqual((response.instrument_id, response.total, response.respondent,
                          response.respondent_user_id, response.above_cutoff),
                         ("gad7", 11, "parent", self.paul.pk, True))
        self.assertEqual(response.answers, {f"q{n}": v for n, v in enumerate(GAD7_ELEVEN, 1)})
        self.assignment.refresh_from_db()
        self.assertEqual(self.assignment.status, AssignmentStatus.DONE)

        # Back home; this week's check-in for Ruben.
        page.get_by_role("link", name="Start").click()
        page.wait_for_url(f"{self.live_server_url}/")
        check_in = page.locator("section[aria-labelledby=check-in-heading]")
        week = this_monday()
        ruben = check_in.locator("li", has_text="J-RUB013")
        self.assertIn(f"Vul de week van {week:%d-%m-%Y} in", ruben.inner_text())
        ruben.get_by_role("link").click()
        page.wait_for_url(f"**/monitoring/{self.child.pk}/week/")
        self.assertIn("Week invullen voor J-RUB013", page.inner_text("h1"))
        self.assertEqual(page.get_by_label("Week:", exact=True).input_value(), week.isoformat())
        page.get_by_label("Op hoeveel dagen ging de jongere de deur uit?").fill("1")
        page.get_by_label("Op hoeveel dagen ging de jongere naar school of werk?").fill("0")
        page.get_by_role("group", name="Bleef de jongere").get_by_label("Nee").check()
        page.get_by_role("group", name="Zat het binnen blijven").get_by_label("Ja").check()
        page.get_by_role("button", name="Week opslaan").click()
        page.wait_for_url(f"**/monitoring/{self.child.pk}/")

        # The timeline: the saved week, the stage in Dutch and the thirteen weeks.
        self.assertIn(f"De week van {week:%d-%m-%Y} is opgeslagen.",
                      page.inner_text("ul.messages"))
        stage = page.locator("section[aria-labelledby=stage-heading]")
        self.assertEqual(stage.locator(".badge").inner_text(), "pre-hikikomori")
        self.assertIn("13 weken achter elkaar teruggetrokken.", stage.inner_text())
        first_row = page.locator("table").first.locator("tbody tr").first
        self.assertEqual(first_row.locator("th").inner_text(), f"{week:%d-%m-%Y}")
        self.assertIn("teruggetrokken", first_row.inner_text())
        self.shot(page, "parent-3-timeline", full_page=False)

        entry = WeekEntry.objects.get(young_person=self.child, week_start=week)
        self.assertEqual((entry.reporter, entry.author_id, entry.days_out, entry.room_bound,
                          entry.participation_days, entry.impairment),
                         ("parent", self.paul.pk, 1, False, 0, True))
        self.assertEqual(WeekEntry.objects.filter(young_person=self.child).count(), 13)
        child = YoungPerson.objects.get(pk=self.child.pk)
        self.assertEqual((child.stage, child.severity, child.withdrawn_weeks),
                         ("pre_hikikomori", "moderate", 13))

        # The worker: the stage change reaches the team and Paul; the GAD-7 of 11 (no earlier
        # one, at or above the cut-off 10) reaches the team only.
        self.assertFalse(Alert.objects.exists())
        self.assertGreater(self.run_worker(), 0)
        alerts = sorted((a.recipient.username, a.kind)
                        for a in Alert.objects.filter(young_person=self.child))
        self.assertEqual(alerts, [("carla", "stage_change"), ("carla", "worsening_score"),
                                  ("clara", "stage_change"), ("clara", "worsening_score"),
                                  ("paul", "stage_change")])
