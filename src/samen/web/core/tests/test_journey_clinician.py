"""Journey 3 (JOURNEYS.md): the clinician, on a desktop, in Dutch.

Jet (17) has logged fourteen weeks at home and filled in the GAD-7 and the UCLA-3. Clara opens
her record, the weekly follow-up (the chart must load), the risk profile with the suggested
actions, turns a suggestion into an action with a due date and reviews the plan.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samen.web.careplans.models import PlanAction
from samen.web.core.tests.journeys import (
    JourneyTestCase,
    assign,
    dutch_date,
    log_weeks,
    mondays_before,
    submit,
)

CBT = "Cognitieve gedragstherapie bij sociale angst"


class ClinicianJourneyTest(JourneyTestCase):
    def setUp(self) -> None:
        super().setUp()
        log_weeks(self.jet, self.record, mondays_before(14), days_out=2, room_bound=False,
                  participation_days=0, impairment=True)
        for instrument_id, answers in (("gad7", [3, 2, 2, 2, 2, 2, 2]), ("ucla3", [3, 2, 2])):
            assignment = assign(self.clara, self.record, instrument_id, "young_person", self.jet)
            submit(self.jet, self.record, instrument_id, answers, "young_person",
                   assignment=assignment, key=f"journey-3-{instrument_id}")

    def test_clinician_reads_the_profile_and_turns_a_suggestion_into_an_action(self) -> None:
        page = self.sign_in(self.clara)
        above = page.locator("section[aria-labelledby=panel-screening-above-cutoff]")
        self.assertRegex(above.locator("tbody tr").inner_text(), r"J-JET017\s+GAD-7\s+.*\s15\s+10")
        page.get_by_role("link", name="Jongeren", exact=True).click()
        page.wait_for_url("**/youth/")
        jet = page.locator("main tr", has_text="J-JET017")
        self.assertIn("14 weken teruggetrokken", jet.inner_text())
        jet.get_by_role("link", name="J-JET017").click()
        page.wait_for_url(f"**/youth/{self.record.pk}/")

        # The weekly follow-up: the chart is an image that really loads, with the table beside it.
        page.get_by_role("link", name="Wekelijkse opvolging").click()
        page.wait_for_url(f"**/monitoring/{self.record.pk}/")
        self.assertEqual(page.locator("h1").inner_text(), "Weekoverzicht van J-JET017")
        chart = page.locator("img.chart")
        chart.scroll_into_view_if_needed()
        page.wait_for_function("document.querySelector('img.chart').complete")
        self.assertGreater(chart.evaluate("img => img.naturalWidth"), 0)
        self.assertIn("tabel", chart.get_attribute("alt") or "")
        self.assertEqual(page.locator("main table").first.locator("tbody tr").count(), 14)
        self.shot(page, "clinician-1-timeline", full_page=False)

        # The risk profile: two roots at play, with the scores behind them.
        page.locator("main").get_by_role("link", name="J-JET017").click()
        page.get_by_role("link", name="Zorgplan").click()
        page.get_by_role("link", name="Risicoprofiel en voorgestelde acties").click()
        page.wait_for_url(f"**/careplans/{self.record.pk}/profile/")
        roots = page.locator("section[aria-labelledby=roots-heading] tbody")
        self.assertRegex(roots.locator("tr", has_text="Sociale angst en depressie").inner_text(),
                         r"hoog\s+GAD-7 \(totaal\): 15 — Ernstig \(hoog\)")
        self.assertRegex(roots.locator("tr", has_text="Eenzaamheid").inner_text(),
                         r"verhoogd\s+UCLA-3 \(totaal\): 7 — Eenzaam \(verhoogd\)")
        self.assertIn("niet gemeten", roots.locator("tr", has_text="Invloed van technologie")
                      .inner_text())
        suggestions = page.locator("section[aria-labelledby=suggestions-heading]")
        self.assertEqual(suggestions.locator("h3").all_inner_texts(),
                         ["School", "Buurt en vrije tijd", "Zorg"])
        self.shot(page, "clinician-2-profile", full_page=False)
        suggestions.get_by_role("link", name=f"Toevoegen aan het plan: {CBT}").click()
        page.wait_for_url(f"**/careplans/{self.record.pk}/actions/new/?intervention="
                          "cbt_social_anxiety")

        # The form comes filled in from the suggestion; Clara adds the due date.
        form = page.locator("main form")
        self.assertEqual(form.get_by_label("Actie:").input_value(), CBT)
        self.assertEqual(form.get_by_label("Voor welke betrokkene:").input_value(), "care")
        self.assertEqual(form.get_by_label("Rol van de eigenaar:").input_value(), "clinician")
        due = timezone.localdate() + timedelta(days=28)
        form.get_by_label("Uiterste datum:").fill(due.isoformat())
        form.get_by_role("button", name="Opslaan").click()
        page.wait_for_url(f"**/careplans/{self.record.pk}/")

        # The plan: the action under care, with its due date and its source.
        self.assertIn("De actie is aan het plan toegevoegd.", page.inner_text("ul.messages"))
        care = page.locator("table[aria-labelledby=level-care] tbody tr")
        self.assertEqual(care.count(), 1)
        row = care.inner_text()
        for text in (CBT, f"Uit de kennisbank: {CBT}", "Behandelaar (jeugd-ggz)",
                     dutch_date(due), "Open"):
            self.assertIn(text, row)
        self.shot(page, "clinician-3-plan", full_page=False)
        action = PlanAction.objects.get(young_person=self.record)
        self.assertEqual((action.title, action.level, action.owner_role, action.due,
                          action.status, action.intervention_id, action.created_by_id),
                         (CBT, "care", "clinician", due, "open", "cbt_social_anxiety",
                          self.clara.pk))

        # Back on the profile the suggestion is marked as already in the plan.
        page.get_by_role("link", name="Risicoprofiel en voorgestelde acties").click()
        card = page.locator("article", has=page.get_by_role("heading", name=CBT, exact=True))
        self.assertIn("Staat al in het plan", card.inner_text())
