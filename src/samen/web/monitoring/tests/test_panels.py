"""Home panels: this week's check-in (young person, parent) and students with warning signs."""

from __future__ import annotations

from django.urls import reverse

from samen.web.audit.log import Actor
from samen.web.audit.models import AuditEvent
from samen.web.monitoring.actions import do_log_week
from samen.web.monitoring.tests.support import mondays, this_monday
from samen.web.testing import SamenTestCase
from samen.web.youth.access import get_access


class CheckInPanelTest(SamenTestCase):
    def test_the_young_person_gets_a_link_until_the_week_is_done(self) -> None:
        self.login(self.jet)
        log_url = reverse("monitoring:log_week", args=[self.record.pk])
        home = self.client.get("/")
        self.assertContains(home, "Deze week invullen")
        self.assertContains(home, f'<a href="{log_url}">Vul de week van '
                                  f'{this_monday().strftime("%d-%m-%Y")} in</a>', html=False)
        self.client.post(log_url, {"week_start": this_monday().isoformat(), "days_out": "3",
                                   "room_bound": "no", "participation_days": "2",
                                   "impairment": "no", "note": ""})
        home = self.client.get("/")
        self.assertContains(home, '<span class="badge none">✓ gedaan</span>', html=False)
        self.assertNotContains(home, f'<a href="{log_url}">')
        self.assertContains(self.client.get("/", HTTP_ACCEPT_LANGUAGE="en"), "✓ done")

    def test_a_parent_sees_each_child_and_only_their_own_reports_count(self) -> None:
        access = get_access(self.jet, self.record)
        assert access is not None
        do_log_week(actor=Actor(user=self.jet, channel="web"), access=access,
                    week_start=this_monday(), days_out=2)  # Jet's own report, not a parent's
        self.login(self.paul)
        home = self.client.get("/")
        for young_person in (self.record, self.child):
            self.assertContains(home, reverse("monitoring:log_week", args=[young_person.pk]))
        self.assertNotContains(home, "✓ gedaan")

    def test_professionals_without_school_role_get_no_monitoring_panel(self) -> None:
        self.login(self.clara)
        home = self.client.get("/")
        self.assertNotContains(home, "Deze week invullen")
        self.assertNotContains(home, "Leerlingen met signalen")


class WarningSignsPanelTest(SamenTestCase):
    def test_students_with_a_stage_are_listed_and_each_listing_is_audited(self) -> None:
        self.login(self.carla)
        self.assertContains(self.client.get("/"),
                            "Geen van uw 2 leerlingen laat signalen zien.")
        parent = get_access(self.paul, self.child)
        assert parent is not None
        for week in mondays(13):
            do_log_week(actor=Actor(user=self.paul, channel="web"), access=parent,
                        week_start=week, days_out=0, participation_days=0, impairment=True)
        home = self.client.get("/")
        self.assertContains(home, f'href="/monitoring/{self.child.pk}/">J-RUB013</a>')
        self.assertContains(home, '<span class="badge pre_hikikomori">pre-hikikomori</span>')
        self.assertNotContains(home, "J-JET017")
        self.assertContains(home, 'href="/monitoring/import/"')
        listed = AuditEvent.objects.filter(event="monitoring.panel.warning_signs")
        self.assertEqual([(e.actor_id, e.subject_pseudonym) for e in listed],
                         [(self.carla.pk, "J-RUB013")])

    def test_the_other_schools_coordinator_sees_only_their_students(self) -> None:
        self.login(self.otto)
        home = self.client.get("/")
        self.assertContains(home, "Uw 1 leerling laat geen signalen zien.")
