"""Journeys 6 and 7: a questionnaire filled in with the keyboard only, in English.

Clara asked Jet (17) to fill in the UCLA-3. Jet's browser asks for English. From her home page
she opens the questionnaire; with Tab she reaches the first answer, chooses answers with Space and
the arrow keys, and sends the form with Enter. The pages are in English throughout.
"""

from __future__ import annotations

from samen.web.core.tests.journeys import JourneyTestCase, assign
from samen.web.screening.models import AssignmentStatus, QuestionnaireResponse

MAX_TABS = 12
"""Tab presses allowed from the top of the page to the first answer (the header has seven stops
for Jet: skip link, brand, two menu links, language select and button, sign out)."""


class KeyboardJourneyTest(JourneyTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.assignment = assign(self.clara, self.record, "ucla3", "young_person", self.jet)

    def test_questionnaire_by_keyboard_in_english(self) -> None:
        page = self.sign_in(self.jet, language="en")
        self.assertEqual(page.locator("html").get_attribute("lang"), "en")
        self.assertIn("Welcome", page.inner_text("h1"))
        waiting = page.locator("section[aria-labelledby=panel-questionnaires-waiting]")
        self.assertEqual(waiting.locator("h2").inner_text(), "Questionnaires waiting for you")
        waiting.get_by_role("link", name="Fill in UCLA-3").click()
        page.wait_for_url(f"**/screening/{self.record.pk}/fill/{self.assignment.pk}/")
        self.assertIn("Time frame:", page.inner_text("main"))
        self.assertEqual(page.locator("fieldset legend").all_inner_texts(),
                         ["1. Feeling short of people to keep you company", "2. Feeling excluded",
                          "3. Feeling cut off from other people"])

        # Tab from the top of the page until the first answer has the focus.
        page.locator("body").focus()
        page.keyboard.press("Tab")
        self.assertEqual(page.evaluate("document.activeElement.textContent"), "Skip to content")
        presses = 1
        while page.evaluate("document.activeElement.name") != "item_q1":
            self.assertLess(presses, MAX_TABS, "the first answer is not reachable with Tab")
            page.keyboard.press("Tab")
            presses += 1
        # Question 1: Space picks "Hardly ever", two arrows down move to "Often".
        page.keyboard.press("Space")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        # Question 2: Tab to the next group, Space picks its first answer "Hardly ever".
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        # Question 3: Tab, one arrow down picks "Some of the time".
        page.keyboard.press("Tab")
        page.keyboard.press("ArrowDown")
        checked = page.locator("input[type=radio]:checked")
        self.assertEqual([checked.nth(i).get_attribute("value") for i in range(3)],
                         ["3", "1", "2"])
        self.shot(page, "young-person-3-questionnaire-en", full_page=False)
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/screening/{self.record.pk}/response/*/")

        # Often (3) + Hardly ever (1) + Some of the time (2) = 6: "Lonely" (6-9).
        main = page.inner_text("main")
        self.assertIn("Thank you: your answers were saved.", main)
        self.assertRegex(main, r"Total\s+6 \(possible 3–9\)")
        self.assertRegex(main, r"Band\s+Lonely")
        response = QuestionnaireResponse.objects.get(young_person=self.record)
        self.assertEqual((response.instrument_id, response.total, response.band,
                          response.respondent_user_id),
                         ("ucla3", 6, "lonely", self.jet.pk))
        self.assertEqual(response.answers, {"q1": 3, "q2": 1, "q3": 2})
        self.assignment.refresh_from_db()
        self.assertEqual(self.assignment.status, AssignmentStatus.DONE)
