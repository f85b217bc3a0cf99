"""Journey 4 (JOURNEYS.md): the young person (Jet, 17) on a phone, in Dutch.

Clara set two goals with Jet and opened her record once. Jet sees her goals on her home page,
ticks one off, and sees on "who opened my file" that Clara opened it this month.
"""

from __future__ import annotations

from samen.web.audit.models import AuditEvent
from samen.web.careplans.actions import do_add_goal
from samen.web.careplans.models import Goal
from samen.web.core.tests.journeys import JourneyTestCase, access, actor
from samen.web.youth.access import get_young_person_for_user

WALK = "Elke dag tien minuten naar buiten"
FRIEND = "Eén keer per week een vriendin spreken"


class YoungPersonJourneyTest(JourneyTestCase):
    def setUp(self) -> None:
        super().setUp()
        for title in (WALK, FRIEND):
            do_add_goal(actor=actor(self.clara), access=access(self.clara, self.record),
                        title=title)
        # Clara opens Jet's record once: the one read the access log should show.
        get_young_person_for_user(actor(self.clara), self.record.pk, event="youth.record.view")

    def test_young_person_ticks_off_a_goal_and_sees_who_opened_her_file(self) -> None:
        page = self.sign_in(self.jet, phone=True)
        goals = page.locator("section[aria-labelledby=panel-my-goals]")
        self.assertEqual(goals.locator("li").all_inner_texts(),
                         [f"{WALK}\nAfvinken", f"{FRIEND}\nAfvinken"])
        goals.scroll_into_view_if_needed()
        self.shot(page, "young-person-1-home", full_page=False)
        with page.expect_navigation(url=f"{self.live_server_url}/"):
            goals.get_by_role("button", name=f"Afvinken: {WALK}").click()

        self.assertIn(f"Goed gedaan! Afgevinkt: {WALK}", page.inner_text("ul.messages"))
        goals = page.locator("section[aria-labelledby=panel-my-goals]")
        self.assertEqual(goals.locator("li").all_inner_texts(),
                         [f"Klaar {WALK}", f"{FRIEND}\nAfvinken"])
        walk = Goal.objects.get(title=WALK)
        self.assertEqual((walk.status, walk.young_person_id, walk.version), ("done", self.record.pk, 2))
        self.assertEqual(Goal.objects.get(title=FRIEND).status, "open")

        # Who opened my file: Clara, once this month; Jet's own visits are not "professionals".
        page.get_by_role("link", name="Wie mijn dossier heeft geopend").click()
        page.wait_for_url(f"**/audit/{self.record.pk}/")
        visitors = page.locator("section[aria-labelledby=month-heading] tbody tr")
        self.assertEqual(visitors.count(), 1)
        self.assertEqual(visitors.first.locator("th, td").all_inner_texts()[:4],
                         ["Clara", "Behandelaar (jeugd-ggz)", "GGZ Noord", "1"])
        everything = page.locator("section[aria-labelledby=all-heading]").inner_text()
        self.assertIn("Opende het overzicht", everything)
        self.shot(page, "young-person-2-access-log", full_page=False)
        self.assertEqual(AuditEvent.objects.filter(
            subject_id=self.record.pk, event="audit.log.view", actor=self.jet).count(), 1)
