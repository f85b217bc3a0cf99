"""``/alerts``: a stage change from weeks logged through the API reaches the team's alert lists."""

from __future__ import annotations

import json

from samen.web.api.tests.fixtures import ApiTestCase, last_monday
from samen.web.audit.models import AuditEvent


class AlertsTest(ApiTestCase):
    def test_journey_one_through_the_api(self) -> None:
        """Paul logs 13 weeks out once a week: the run reaches 13 weeks (3 months), the stage
        becomes pre-hikikomori, and the clinician and the school coordinator get an alert."""
        self.login(self.paul)
        for back in range(13, 0, -1):
            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(
                    f"/api/v1/young-people/{self.record.pk}/weeks",
                    data=json.dumps({"week_start": last_monday(back).isoformat(), "days_out": 1,
                                     "impairment": True}),
                    content_type="application/json")
            self.assertEqual(response.status_code, 201)
        self.assertGreaterEqual(self.run_worker(), 13)
        for user in (self.clara, self.carla):
            with self.subTest(user=user.username):
                self.login(user)
                alerts = self.client.get("/api/v1/alerts").json()
                stage = [a for a in alerts if a["kind"] == "stage_change"]
                self.assertEqual(len(stage), 1, alerts)
                self.assertEqual((stage[0]["pseudonym"], stage[0]["read"]), ("J-JET017", False))
                self.assertIn("Pre-hikikomori", stage[0]["message"]["en"])
                self.assertNotEqual(stage[0]["message"]["nl"], stage[0]["message"]["en"])
        self.login(self.nina)
        self.assertEqual(self.client.get("/api/v1/alerts").json(), [])
        events = AuditEvent.objects.filter(event="api.alerts.list", channel="api")
        self.assertEqual(sorted(e.actor_username for e in events), ["carla", "clara"])
