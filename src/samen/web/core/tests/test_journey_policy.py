"""Journey 5 (JOURNEYS.md): the policy officer, on a desktop, in Dutch.

Petra signs in, sees the counts of her municipality with small numbers hidden, and cannot open
a person: not by typing the record's address and not through the API.
"""

from __future__ import annotations

import json

from samen.web.audit.models import AuditEvent
from samen.web.core.tests.journeys import JourneyTestCase, actor
from samen.web.testing import years_ago
from samen.web.youth.actions import do_start_team


class PolicyJourneyTest(JourneyTestCase):
    def setUp(self) -> None:
        super().setUp()
        # Carla's school opens 12 records in West and 11 in Centrum; with Jet and Ruben (Oost)
        # the municipality counts 25 records.
        membership = self.carla.memberships.get()
        for district, count in (("West", 12), ("Centrum", 11)):
            for n in range(count):
                do_start_team(actor=actor(self.carla), membership=membership,
                              birth_month=years_ago(12 + n % 6), sex="F" if n % 2 else "M",
                              district=district)

    def test_policy_officer_sees_counts_and_never_a_person(self) -> None:
        page = self.sign_in(self.petra)
        nav = page.get_by_role("navigation", name="Hoofdmenu").inner_text()
        self.assertNotIn("Jongeren", nav)  # no list of people to open
        self.shot(page, "policy-1-home", full_page=False)
        page.get_by_role("link", name="Open het beleidsdashboard").click()
        page.wait_for_url("**/dashboard/")
        self.assertEqual(page.locator("h1").inner_text(), "Jongeren in Noordstad")

        # By district: West (12) is shown; Oost (Jet and Ruben: 2) falls under "other districts"
        # as <10; Centrum (11) is hidden as "x", else 25 - 12 - 11 would give Oost away.
        districts = page.locator("section[aria-labelledby=by-district-heading] tbody tr")
        self.assertEqual([row.locator("th, td").all_inner_texts() for row in districts.all()],
                         [["Centrum", "x"], ["West", "12"],
                          ["overige wijken (elk minder dan 10 dossiers)", "<10"],
                          ["Totaal", "25"]])
        main = page.inner_text("main")
        for hidden in ("J-JET017", "J-RUB013", "Oost"):
            self.assertNotIn(hidden, main)
        page.locator("#by-district-heading").evaluate("heading => heading.scrollIntoView()")
        self.shot(page, "policy-2-dashboard", full_page=False)

        # Typing a record's address: the not-found page, and the attempt is logged as refused.
        response = page.goto(f"{self.live_server_url}/youth/{self.record.pk}/")
        self.assertEqual(response.status, 404)
        self.assertNotIn("J-JET017", page.content())
        refused = AuditEvent.objects.get(actor=self.petra, event="youth.record.view")
        self.assertEqual((refused.outcome, refused.subject_id), ("denied", self.record.pk))

        # The API in the same browser session answers 404 too, without the person's data.
        response = page.goto(f"{self.live_server_url}/api/v1/young-people/{self.record.pk}")
        self.assertEqual(response.status, 404)
        self.assertEqual(json.loads(page.inner_text("body"))["error"]["code"], "not_found")
        self.assertNotIn("J-JET017", page.content())
