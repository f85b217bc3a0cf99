"""Records and instruments through the API, and the audit trail of every read."""

from __future__ import annotations

from samen.instruments import list_instruments
from samen.web.api.tests.fixtures import ApiTestCase
from samen.web.audit.models import AuditEvent


class YoungPeopleTest(ApiTestCase):
    def test_each_role_lists_exactly_its_records(self) -> None:
        expected = {
            self.jet: ["J-JET017"], self.ruben: ["J-RUB013"],
            self.paul: ["J-JET017", "J-RUB013"], self.carla: ["J-JET017", "J-RUB013"],
            self.wout: ["J-JET017"], self.clara: ["J-JET017", "J-RUB013"], self.petra: [],
            self.ad: [], self.otto: ["J-OTH015"], self.olga: ["J-OTH015"], self.nina: [],
        }
        for user, pseudonyms in expected.items():
            with self.subTest(user=user.username):
                self.login(user)
                listed = self.client.get("/api/v1/young-people").json()
                self.assertEqual([p["pseudonym"] for p in listed], pseudonyms)
                self.assertEqual(AuditEvent.objects.filter(
                    event="api.young_people.list", actor_username=user.username).count(),
                    len(pseudonyms))

    def test_one_record_as_the_young_person_sees_it(self) -> None:
        self.login(self.jet)
        body = self.client.get(f"/api/v1/young-people/{self.record.pk}").json()
        self.assertEqual((body["pseudonym"], body["age"], body["district"], body["role"],
                          body["stage"], body["severity"], body["withdrawn_weeks"]),
                         ("J-JET017", 17, "Oost", "young_person", "none", None, 0))
        self.assertEqual(body["stage_label"]["en"], "No prolonged withdrawal")
        self.assertNotEqual(body["stage_label"]["nl"], body["stage_label"]["en"])

    def test_every_person_read_is_audited_with_channel_api_and_denials_too(self) -> None:
        routes = ("", "/responses", "/weeks", "/episode", "/care-plan")
        self.login(self.clara)
        for suffix in routes:
            self.assertEqual(
                self.client.get(f"/api/v1/young-people/{self.record.pk}{suffix}").status_code, 200)
        reads = AuditEvent.objects.filter(channel="api", actor_username="clara", action="R",
                                          outcome="success")
        self.assertEqual(sorted(e.event for e in reads), sorted([
            "api.young_person.read", "api.responses.list", "api.weeks.list", "api.episode.read",
            "api.care_plan.read"]))
        self.assertEqual({(e.subject_pseudonym, e.actor_role, e.organisation_name, e.basis)
                          for e in reads},
                         {("J-JET017", "clinician", "GGZ Noord", "care_team_consent")})
        self.login(self.otto)
        for suffix in routes:
            self.client.get(f"/api/v1/young-people/{self.record.pk}{suffix}")
        denied = AuditEvent.objects.filter(channel="api", actor_username="otto", outcome="denied")
        self.assertEqual(denied.count(), len(routes))
        self.assertEqual({e.subject_pseudonym for e in denied}, {"J-JET017"})


class InstrumentsTest(ApiTestCase):
    def test_the_list_and_one_definition(self) -> None:
        self.login(self.nina)
        listed = self.client.get("/api/v1/instruments").json()
        self.assertEqual([i["id"] for i in listed], [i.id for i in list_instruments()])
        self.assertEqual(len(listed), 13)
        phqa = self.client.get("/api/v1/instruments/phqa").json()
        self.assertEqual((phqa["short_name"], phqa["item_count"], len(phqa["items"])),
                         ("PHQ-A", 9, 9))
        self.assertEqual([o["value"] for o in phqa["items"][0]["options"]], [0, 1, 2, 3])
        self.assertEqual(phqa["total_range"], [0.0, 27.0])
        cutoff = phqa["cutoffs"][0]
        self.assertEqual((cutoff["id"], cutoff["threshold"], cutoff["default"]),
                         ("richardson2010", 11.0, True))
        self.assertIn("Richardson", cutoff["source"])
        self.assertEqual([b["key"] for b in phqa["bands"]],
                         ["minimal", "mild", "moderate", "moderately_severe", "severe"])
        self.assertEqual(phqa["fhir_questionnaire"], "/fhir/Questionnaire/phqa")
