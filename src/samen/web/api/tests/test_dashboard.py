"""``/dashboard/counts``: the policy officer's suppressed tables; no small count ever shown."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from samen.web.api.tests.fixtures import ApiTestCase
from samen.web.audit.models import AuditEvent
from samen.web.testing import years_ago
from samen.web.youth.models import Involvement, YoungPerson


class DashboardCountsTest(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for n in range(12):  # twelve more Noordstad records, all in West, aged 15, stage none
            person = YoungPerson.objects.create(pseudonym=f"J-WEST{n:02d}",
                                                birth_month=years_ago(15, 3), sex="F",
                                                district="West")
            Involvement.objects.create(young_person=person, organisation=cls.school,
                                       since=timezone.localdate())

    def check(self, figure: dict[str, Any], true_count: int) -> None:
        """A shown figure is the true count; a count under 10 is never shown."""
        if figure["status"] == "shown":
            self.assertEqual(figure["value"], true_count)
            self.assertEqual(figure["text"], str(true_count))
        else:
            self.assertIsNone(figure["value"])
            self.assertIn(figure["text"], ("<10", "x"))
        if true_count < 10:
            self.assertNotEqual(figure["status"], "shown")

    def test_the_tables_of_noordstad(self) -> None:
        # By hand: Noordstad has 14 records: West 12 (stage none), Oost 2 (Jet, Ruben: none).
        # Oost has fewer than 10, so it is merged into "other districts" (key "").
        # Ages: 15-17 = 12 + Jet = 13; 10-14 = Ruben = 1; other bands 0.
        self.login(self.petra)
        body = self.client.get("/api/v1/dashboard/counts").json()
        self.assertEqual((body["municipality"], body["k"]), ("Noordstad", 10))
        self.assertEqual([d["key"] for d in body["by_district"]], ["West", ""])
        self.assertEqual(body["by_district"][1]["label"]["en"],
                         "other districts (fewer than 10 records each)")
        self.check(body["total"], 14)
        for entry, true_count in zip(body["by_district"], [12, 2], strict=True):
            self.check(entry["figure"], true_count)
        for entry, true_count in zip(body["by_stage"], [14, 0, 0], strict=True):
            self.check(entry["figure"], true_count)
        ages = {entry["key"]: entry["figure"] for entry in body["by_age"]}
        for key, true_count in {"under_10": 0, "10_14": 1, "15_17": 13, "18_22": 0,
                                "23_plus": 0}.items():
            self.check(ages[key], true_count)
        truth = {("West", "none"): 12, ("", "none"): 2}
        self.assertEqual(len(body["cross"]), 6)
        for cell in body["cross"]:
            self.check(cell["figure"], truth.get((cell["district"], cell["stage"]), 0))
        # Written out, by hand: 14 and 13 are shown; every count under 10 is "<10"; "none" (14)
        # would give away the two zero stages (14 - 14 = 0) and West (12) the merged row
        # (14 - 12 = 2), so both are hidden as protecting figures ("x"). The four small age
        # bands add up to 1, which does not pin any one of them.
        self.assertEqual(body["total"]["text"], "14")
        self.assertEqual([e["figure"]["text"] for e in body["by_stage"]], ["x", "<10", "<10"])
        self.assertEqual([e["figure"]["text"] for e in body["by_district"]], ["x", "<10"])
        self.assertEqual([e["figure"]["text"] for e in body["by_age"]],
                         ["<10", "<10", "13", "<10", "<10"])
        self.assertNotIn("J-", str(body))  # no pseudonym anywhere
        self.assertEqual(body["by_stage"][1]["label"]["en"], "pre-hikikomori (3 to 6 months)")
        event = AuditEvent.objects.get(event="api.dashboard.counts", outcome="success")
        self.assertEqual((event.actor_username, event.channel, event.object_id, event.subject_id),
                         ("petra", "api", "Noordstad", None))

    def test_no_one_else_sees_them(self) -> None:
        for user in (self.clara, self.ad, self.otto, self.nina, self.jet):
            with self.subTest(user=user.username):
                self.login(user)
                self.assert_error(self.client.get("/api/v1/dashboard/counts"), 403, "forbidden")
        denied = AuditEvent.objects.filter(event="api.dashboard.counts", outcome="denied")
        self.assertEqual(sorted(e.actor_username for e in denied),
                         ["ad", "clara", "jet", "nina", "otto"])
