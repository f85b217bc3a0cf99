"""The two roles the five journeys leave out, in Dutch on a desktop: the youth worker plans a
community action for Jet (JOURNEYS.md journey 3's "community: weekly sport group"); the
organisation admin adds a member to the school and gets the first password once."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samen.web.accounts.models import Membership, User
from samen.web.careplans.models import PlanAction
from samen.web.core.tests.journeys import JourneyTestCase, dutch_date

SPORT = "Wekelijkse sportgroep in de buurt"


class YouthWorkerJourneyTest(JourneyTestCase):
    def test_youth_worker_adds_a_community_action(self) -> None:
        page = self.sign_in(self.wout)
        supported = page.locator("section[aria-labelledby=panel-community]")
        self.assertEqual(supported.locator("ul").first.locator("li").all_inner_texts(),
                         ["J-JET017 Geen langdurige terugtrekking"])  # not Ruben: not his team
        self.assertIn("Gezamenlijke activiteiten in de buurt", supported.inner_text())
        self.shot(page, "youth-worker-1-home", full_page=False)

        supported.get_by_role("link", name="J-JET017").click()
        page.wait_for_url(f"**/youth/{self.record.pk}/")
        page.get_by_role("link", name="Zorgplan").click()
        page.get_by_role("link", name="Actie toevoegen").click()
        form = page.locator("main form")
        self.assertEqual(form.get_by_label("Rol van de eigenaar:").locator("option")
                         .all_inner_texts(), ["Jongerenwerker"])  # his own role only
        form.get_by_label("Actie:").fill(SPORT)
        form.get_by_label("Voor welke betrokkene:").select_option(label="Buurt en vrije tijd")
        due = timezone.localdate() + timedelta(days=14)
        form.get_by_label("Uiterste datum:").fill(due.isoformat())
        form.get_by_label("Interventie uit de kennisbank:").select_option(
            label="Gezamenlijke activiteiten in de buurt")
        form.get_by_role("button", name="Opslaan").click()
        page.wait_for_url(f"**/careplans/{self.record.pk}/")

        row = page.locator("table[aria-labelledby=level-community] tbody tr")
        self.assertEqual(row.count(), 1)
        for text in (SPORT, "Jongerenwerker", dutch_date(due), "Open"):
            self.assertIn(text, row.inner_text())
        self.shot(page, "youth-worker-2-plan", full_page=False)
        action = PlanAction.objects.get(young_person=self.record)
        self.assertEqual((action.title, action.level, action.owner_role, action.owner_person,
                          action.due, action.intervention_id),
                         (SPORT, "community", "youth_worker", None, due,
                          "community_shared_activities"))


class OrganisationAdminJourneyTest(JourneyTestCase):
    def test_admin_adds_a_member_and_sees_the_first_password_once(self) -> None:
        page = self.sign_in(self.ad)
        panel = page.locator("section[aria-labelledby=panel-organisation]")
        # Het Baken: Ad and Carla are members; no record waits for consent.
        self.assertEqual(panel.locator("tbody tr").locator("th, td").all_inner_texts(),
                         ["Het Baken", "2", "0"])
        self.shot(page, "admin-1-home", full_page=False)
        panel.get_by_role("link", name="Leden beheren").click()
        page.wait_for_url("**/org/")
        page.get_by_role("link", name="Een lid toevoegen").click()
        form = page.locator("main form")
        form.get_by_label("Gebruikersnaam:").fill("mentor-bas")
        form.get_by_label("Weergavenaam:").fill("Bas (mentor)")
        form.get_by_label("Rol:").select_option(label="Zorgcoördinator school")
        with page.expect_navigation():
            form.get_by_role("button", name="Lid toevoegen").click()

        self.assertEqual(page.locator("h1").inner_text(), "Lid toegevoegd")
        password = page.locator("code.password").inner_text()
        self.assertRegex(password, r"^[^-\s]{4}(-[^-\s]{4}){3}$")
        self.shot(page, "admin-2-member-added", full_page=False)
        bas = User.objects.get(username="mentor-bas")
        self.assertTrue(bas.check_password(password))
        self.assertEqual(Membership.objects.get(user=bas).organisation, self.school)

        page.get_by_role("link", name="Terug naar de leden").click()
        page.wait_for_url("**/org/")
        row = page.locator("main tbody tr", has_text="mentor-bas")
        self.assertEqual(row.locator("th, td").all_inner_texts()[:4],
                         ["Bas (mentor)", "mentor-bas", "Zorgcoördinator school", "actief"])
        self.assertNotIn(password, page.content())  # shown once only
