"""Weeks through the API feed the episode; the episode route explains it in Dutch and English."""

from __future__ import annotations

import json

from samen.web.api.tests.fixtures import ApiTestCase, last_monday
from samen.web.audit.models import AuditEvent
from samen.web.monitoring.models import WeekEntry


class WeeksAndEpisodeTest(ApiTestCase):
    def log(self, weeks_back: int, **values: object) -> int:
        body = {"week_start": last_monday(weeks_back).isoformat(), **values}
        response = self.client.post(f"/api/v1/young-people/{self.record.pk}/weeks",
                                    data=json.dumps(body), content_type="application/json")
        return int(response.status_code)

    def test_fourteen_isolated_weeks_are_pre_hikikomori(self) -> None:
        # By hand: 14 consecutive weeks out 1 day (<= 3: isolated) with impairment -> an
        # episode of 14 weeks: >= 13 (3 months) and < 26 (6 months) = pre_hikikomori; 1 day
        # out = moderate (Kato 2020); criteria A yes, B no (under 26 weeks), C yes.
        self.login(self.paul)
        statuses = [self.log(back, days_out=1, impairment=True) for back in range(14, 0, -1)]
        self.assertEqual(statuses, [201] * 14)
        episode = self.client.get(f"/api/v1/young-people/{self.record.pk}/episode").json()
        self.assertEqual((episode["stage"], episode["severity"], episode["withdrawn_weeks"]),
                         ("pre_hikikomori", "moderate", 14))
        self.assertEqual(episode["criteria"], {"a": True, "b": False, "c": True})
        self.assertEqual(episode["weeks_recorded"], 14)
        self.assertEqual(episode["episode_start"], last_monday(14).isoformat())
        self.assertTrue(episode["explanation"]["nl"])
        self.assertTrue(episode["explanation"]["en"])
        self.assertNotEqual(episode["explanation"]["nl"], episode["explanation"]["en"])
        person = self.client.get(f"/api/v1/young-people/{self.record.pk}").json()
        self.assertEqual((person["stage"], person["withdrawn_weeks"]), ("pre_hikikomori", 14))

    def test_twelve_weeks_are_not_yet_a_stage(self) -> None:
        self.login(self.paul)
        for back in range(12, 0, -1):
            self.log(back, days_out=2, impairment=True)
        episode = self.client.get(f"/api/v1/young-people/{self.record.pk}/episode").json()
        # 12 weeks < 13: no stage yet; 2 days out is "mild".
        self.assertEqual((episode["stage"], episode["severity"], episode["withdrawn_weeks"]),
                         ("none", "mild", 12))

    def test_without_weeks_the_episode_says_so_in_both_languages(self) -> None:
        self.login(self.clara)
        episode = self.client.get(f"/api/v1/young-people/{self.record.pk}/episode").json()
        self.assertEqual((episode["stage"], episode["criteria"], episode["weeks_recorded"]),
                         ("none", None, 0))
        self.assertIn("geen weken", episode["explanation"]["nl"])
        self.assertIn("No weeks", episode["explanation"]["en"])

    def test_each_role_reports_as_its_kind_and_a_repeat_replaces(self) -> None:
        for user in (self.paul, self.carla, self.clara, self.jet):
            self.login(user)
            self.assertEqual(self.log(1, days_out=3), 201)
        self.login(self.paul)
        self.assertEqual(self.log(1, days_out=5), 201)
        entries = WeekEntry.objects.filter(young_person=self.record).order_by("reporter")
        self.assertEqual([(e.reporter, e.days_out, e.channel) for e in entries], [
            ("parent", 5, "api"), ("professional", 3, "api"), ("school", 3, "api"),
            ("young_person", 3, "api"),
        ])
        weeks = self.client.get(f"/api/v1/young-people/{self.record.pk}/weeks").json()
        self.assertEqual(len(weeks), 4)
        self.assertEqual(AuditEvent.objects.filter(event="monitoring.week.log",
                                                   channel="api").count(), 5)

    def test_an_empty_week_is_refused_and_nothing_is_stored(self) -> None:
        self.login(self.paul)
        response = self.client.post(f"/api/v1/young-people/{self.record.pk}/weeks",
                                    data=json.dumps({"week_start": last_monday().isoformat()}),
                                    content_type="application/json")
        self.assert_error(response, 422, "invalid", "body")
        self.assertFalse(WeekEntry.objects.exists())

    def test_a_parent_does_not_read_the_notes_of_a_young_person_of_sixteen(self) -> None:
        self.login(self.jet)  # Jet is 17
        self.assertEqual(self.log(1, days_out=2, note="Ik wil even niemand zien"), 201)
        notes = {}
        for user in (self.paul, self.clara, self.jet):
            self.login(user)
            weeks = self.client.get(f"/api/v1/young-people/{self.record.pk}/weeks").json()
            notes[user.username] = [w["note"] for w in weeks]
        self.assertEqual(notes, {"paul": [None], "clara": ["Ik wil even niemand zien"],
                                 "jet": ["Ik wil even niemand zien"]})
