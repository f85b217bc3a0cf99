"""Break the glass: a clinician outside the team reads a record for a stated reason, for 8 hours,
read-only, audited with its own basis, the care team alerted and the auditors shown the list."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail

from samen.web.accounts.models import Membership
from samen.web.accounts.roles import Role
from samen.web.alerts.models import Alert
from samen.web.audit.models import AuditEvent
from samen.web.careplans.tests.support import WorkerTestCase
from samen.web.youth.models import EmergencyAccess

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
REASON = "Acute crisis on the night shift; the team cannot be reached."
OPENED = datetime(2026, 11, 20, 22, 0, tzinfo=AMSTERDAM)


class EmergencyTestCase(WorkerTestCase):
    def open_as_olga(self, pseudonym: str = "J-JET017", reason: str = REASON) -> int:
        self.login(self.olga)
        return self.client.post("/youth/emergency/", {"pseudonym": pseudonym, "reason": reason},
                                HTTP_USER_AGENT="test-browser").status_code

    def events(self, name: str) -> list[AuditEvent]:
        return list(AuditEvent.objects.filter(event=name).order_by("id"))


class OpeningTest(EmergencyTestCase):
    def test_olga_opens_jets_record_by_pseudonym_and_reads_it_as_break_the_glass(self) -> None:
        self.login(self.olga)
        self.assertEqual(self.client.get(f"/youth/{self.record.pk}/").status_code, 404)
        self.assertEqual(self.open_as_olga(" j-jet017 "), 302)
        [emergency] = EmergencyAccess.objects.all()
        self.assertEqual((emergency.clinician, emergency.young_person, emergency.reason),
                         (self.olga, self.record, REASON))
        self.assertEqual(emergency.expires_at - emergency.started_at, timedelta(hours=8))
        [opened] = self.events("youth.emergency.open")
        self.assertEqual(
            (opened.actor, opened.action, opened.outcome, opened.basis, opened.actor_role,
             opened.organisation_name, opened.subject_id, opened.object_id),
            (self.olga, "C", "success", "break_the_glass", "clinician", "Jeugdzorg Zuid",
             self.record.pk, str(emergency.pk)))
        page = self.client.get(f"/youth/{self.record.pk}/")
        self.assertEqual(page.status_code, 200)
        self.assertIn("met noodtoegang", page.content.decode())
        [read] = [e for e in self.events("youth.record.view") if e.outcome == "success"]
        self.assertEqual((read.actor, read.basis, read.organisation_name),
                         (self.olga, "break_the_glass", "Jeugdzorg Zuid"))
        self.assertEqual(self.client.get(f"/screening/{self.record.pk}/").status_code, 200)

    def test_a_reason_of_at_least_twenty_characters_is_required(self) -> None:
        self.assertEqual(self.open_as_olga(reason="urgent"), 400)
        self.assertEqual(self.open_as_olga(reason=" " * 30), 400)
        self.assertFalse(EmergencyAccess.objects.exists())
        self.assertEqual(self.client.get(f"/youth/{self.record.pk}/").status_code, 404)

    def test_an_unknown_pseudonym_is_refused_and_the_search_audited(self) -> None:
        self.assertEqual(self.open_as_olga("J-NOBODY"), 400)
        [refused] = self.events("youth.emergency.open")
        self.assertEqual((refused.actor, refused.outcome, refused.subject_id),
                         (self.olga, "denied", None))

    def test_only_clinicians_and_only_on_records_they_cannot_open(self) -> None:
        for user in (self.carla, self.wout, self.otto, self.ad, self.petra, self.jet, self.paul,
                     self.nina):
            self.login(user)
            response = self.client.post("/youth/emergency/",
                                        {"pseudonym": "J-JET017", "reason": REASON})
            self.assertEqual(response.status_code, 404, user.username)
        self.login(self.clara)  # on Jet's team already
        response = self.client.post("/youth/emergency/", {"pseudonym": "J-JET017", "reason": REASON})
        self.assertEqual(response.status_code, 400)
        self.assertIn("kunt dit dossier al openen", response.content.decode())
        self.assertFalse(EmergencyAccess.objects.exists())

    def test_writes_are_refused_while_reading_is_allowed(self) -> None:
        self.open_as_olga()
        response = self.client.post(f"/youth/{self.record.pk}/team/", {"membership": "1"})
        self.assertEqual(response.status_code, 403)
        response = self.client.post(f"/youth/{self.record.pk}/consent/",
                                    {"action": "grant", "scope": "guardians"})
        self.assertEqual(response.status_code, 403)
        denied = [e for e in self.events("youth.team.change") if e.actor == self.olga]
        self.assertEqual([(e.outcome, e.action, e.basis) for e in denied],
                         [("denied", "U", "break_the_glass")])
        self.assertEqual(self.client.get(f"/audit/{self.record.pk}/").status_code, 404)


class ExpiryTest(EmergencyTestCase):
    def test_eight_hours_and_one_second_later_the_record_is_gone(self) -> None:
        with time_machine.travel(OPENED, tick=False):
            self.open_as_olga()
        # Signed in again each time: the session's own idle limit is not what is tested here.
        with time_machine.travel(OPENED + timedelta(hours=8, seconds=-1), tick=False):
            self.login(self.olga)
            self.assertEqual(self.client.get(f"/youth/{self.record.pk}/").status_code, 200)
        with time_machine.travel(OPENED + timedelta(hours=8, seconds=1), tick=False):
            self.login(self.olga)
            self.assertEqual(self.client.get(f"/youth/{self.record.pk}/").status_code, 404)
        last = self.events("youth.record.view")[-1]
        self.assertEqual((last.actor, last.outcome), (self.olga, "denied"))

    def test_ending_early_closes_the_record_at_once_and_only_for_its_clinician(self) -> None:
        self.open_as_olga()
        emergency = EmergencyAccess.objects.get()
        self.login(self.clara)
        self.assertEqual(self.client.post(f"/youth/emergency/{emergency.pk}/end/").status_code,
                         404)
        self.login(self.olga)
        response = self.client.post(f"/youth/emergency/{emergency.pk}/end/")
        self.assertEqual(response.status_code, 302)
        emergency.refresh_from_db()
        self.assertIsNotNone(emergency.ended_at)
        self.assertEqual(self.client.get(f"/youth/{self.record.pk}/").status_code, 404)
        [ended] = self.events("youth.emergency.end")
        self.assertEqual((ended.actor, ended.action, ended.basis),
                         (self.olga, "U", "break_the_glass"))

    def test_a_deactivated_membership_ends_the_access(self) -> None:
        self.open_as_olga()
        Membership.objects.filter(user=self.olga).update(is_active=False)
        self.assertEqual(self.client.get(f"/youth/{self.record.pk}/").status_code, 404)


class ReportingTest(EmergencyTestCase):
    def test_the_care_team_is_alerted_with_who_when_and_why(self) -> None:
        for user in (self.carla, self.wout, self.clara):
            user.email = f"{user.username}@example.org"
            user.save(update_fields=["email"])
        with self.captureOnCommitCallbacks(execute=True):
            self.open_as_olga()
        self.run_worker()
        alerts = Alert.objects.filter(kind="emergency_access").order_by("recipient__username")
        self.assertEqual([a.recipient.username for a in alerts], ["carla", "clara", "wout"])
        self.assertEqual(sorted(m.to[0] for m in mail.outbox),
                         ["carla@example.org", "clara@example.org", "wout@example.org"])
        for message in mail.outbox:  # e-mail leaves the system: no pseudonym, no reason
            self.assertNotIn("J-JET017", message.body)
            self.assertNotIn("crisis", message.body)
        self.login(self.carla)
        html = self.client.get("/alerts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.assertIn("other_clinician (clinician, Jeugdzorg Zuid) opened this record with "
                      "emergency access", html)
        self.assertIn(REASON, html)

    def test_the_auditor_of_the_clinicians_organisation_sees_the_list(self) -> None:
        auditor = self.make_user("zuid-admin", "zuid_admin", self.other_care, Role.ORG_ADMIN)
        self.open_as_olga()
        self.login(auditor)
        response = self.client.get("/audit/emergency/")
        self.assertEqual(response.status_code, 200)
        [listed] = response.context["emergencies"]
        self.assertEqual((listed.clinician, listed.young_person), (self.olga, self.record))
        self.assertIn(REASON, response.content.decode())
        [review] = self.events("audit.emergency.list")
        self.assertEqual((review.actor, review.subject_id, review.basis),
                         (auditor, self.record.pk, "auditor"))
        self.login(self.ad)  # Het Baken's admin: not Olga's organisation
        self.assertEqual(self.client.get("/audit/emergency/").context["emergencies"], [])

    def test_the_young_person_sees_the_emergency_in_her_access_log(self) -> None:
        self.open_as_olga()
        self.client.get(f"/youth/{self.record.pk}/")
        self.login(self.jet)
        lines = self.client.get(f"/audit/{self.record.pk}/", HTTP_ACCEPT_LANGUAGE="en"
                                ).context["lines"]
        emergency_lines = [(line.what, line.basis) for line in lines if line.emergency]
        self.assertIn(("Opened the record with emergency access",
                       "emergency access (break the glass)"), emergency_lines)
        self.assertIn(("Opened the overview", "emergency access (break the glass)"),
                      emergency_lines)
