"""The auditor's export: the organisation's events of a period, every field and the hash-chain
values, checkable from the file alone; the export is itself audited."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from samen.web.audit.export import FIELDS, export_to, read_csv, verify_rows
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction, AuditEvent
from samen.web.testing import SamenTestCase

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class ExportTest(SamenTestCase):
    def setUp(self) -> None:
        # Carla reads for Het Baken, Clara for GGZ Noord, a formula-like user agent from Carla.
        self.login(self.carla)
        self.client.get(f"/youth/{self.record.pk}/", HTTP_USER_AGENT="=HYPERLINK(evil)")
        self.login(self.clara)
        self.client.get(f"/youth/{self.record.pk}/")
        # Events without an organisation count for the organisations of their actor.
        for user in (self.carla, self.clara):
            record(Actor(user=user, channel="test"), event="test.no_organisation",
                   action=AuditAction.READ)

    def download(self, fmt: str, **period: str) -> bytes:
        self.login(self.ad)
        response = self.client.post("/audit/export/", {
            "organisation": self.ad.memberships.get().pk, "format": fmt, **period})
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment;", response["Content-Disposition"])
        return b"".join(response)

    def test_json_holds_the_organisations_events_with_every_field_and_verifies(self) -> None:
        data = json.loads(self.download("json"))
        self.assertEqual(data["fields"], list(FIELDS))
        events = data["events"]
        # Acting for Het Baken, or (without an organisation in the event) by one of its members.
        self.assertLessEqual({e["organisation_name"] or e["actor_username"] for e in events},
                             {"Het Baken", "carla", "ad"})
        self.assertEqual([e["actor_username"] for e in events
                          if e["event"] == "test.no_organisation"], ["carla"])
        self.assertEqual([e["actor_username"] for e in events if e["event"] ==
                          "youth.record.view"], ["carla"])
        stored = AuditEvent.objects.get(pk=events[0]["id"])
        self.assertEqual((events[0]["entry_hash"], events[0]["previous_hash"]),
                         (stored.entry_hash, stored.previous_hash))
        self.assertTrue(verify_rows(events).ok)
        events[0]["basis"] = "self"  # one changed value is found and named
        verdict = verify_rows(events)
        self.assertEqual((verdict.ok, verdict.broken_id), (False, events[0]["id"]))

    def test_csv_round_trips_and_keeps_formulas_as_text(self) -> None:
        text = self.download("csv").decode()
        self.assertIn("'=HYPERLINK(evil)", text)
        found = read_csv(text)
        self.assertIn("=HYPERLINK(evil)", [row["user_agent"] for row in found])
        self.assertTrue(verify_rows(found).ok)
        self.assertEqual(verify_rows(found).checked, len(found))

    def test_the_export_is_audited_with_the_fields_exported(self) -> None:
        self.download("csv", since="2020-01-01", until="2099-12-31")
        export = AuditEvent.objects.get(event="audit.export")
        self.assertEqual((export.actor, export.actor_role, export.organisation_name,
                          export.object_type),
                         (self.ad, "org_admin", "Het Baken", "audit_log"))
        self.assertEqual(export.changed_fields, sorted(FIELDS))
        self.assertTrue(export.object_id.startswith("2020-01-01..2099-12-31 csv "))

    def test_a_period_leaves_out_events_outside_it(self) -> None:
        with time_machine.travel(datetime(2025, 3, 31, 23, 59, tzinfo=AMSTERDAM), tick=False):
            record(Actor.system("test"), event="test.before", action=AuditAction.READ)
        with time_machine.travel(datetime(2025, 4, 1, 0, 0, tzinfo=AMSTERDAM), tick=False):
            record(Actor.system("test"), event="test.inside", action=AuditAction.READ)
        out = io.StringIO()
        export_to(out, date(2025, 4, 1), date(2025, 4, 30), "json")
        events = json.loads(out.getvalue())["events"]
        self.assertEqual([e["event"] for e in events], ["test.inside"])

    def test_an_invalid_period_is_refused(self) -> None:
        self.login(self.ad)
        response = self.client.post("/audit/export/", {
            "organisation": self.ad.memberships.get().pk, "format": "csv",
            "since": "2026-02-01", "until": "2026-01-01"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(AuditEvent.objects.filter(event="audit.export").exists())
