"""The access log page: who may read it, what it shows, and that reading it is audited too."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction, AuditEvent
from samen.web.audit.views import PAGE_SIZE, month_start
from samen.web.youth.tests.routes import RouteTestCase

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class AccessLogRoutesTest(RouteTestCase):
    def test_team_young_person_from_16_and_parents_under_16(self) -> None:
        cases = {
            # Jet is 17: she and her team; not her parent (even with her consent to see the record).
            "record": {self.jet: 200, self.carla: 200, self.wout: 200, self.clara: 200},
            # Ruben is 13: his parent and his team; not Ruben himself yet.
            "child": {self.paul: 200, self.carla: 200, self.clara: 200},
            "other_record": {self.otto: 200, self.olga: 200},
        }
        for name, expected in cases.items():
            self.assert_statuses("get", f"/audit/{getattr(self, name).pk}/", expected)
        self.assert_statuses("get", "/audit/999999/", {})


class AccessLogTest(RouteTestCase):
    def test_the_young_person_sees_who_opened_the_record(self) -> None:
        self.login(self.clara)
        self.client.get(f"/youth/{self.record.pk}/")
        self.client.get(f"/youth/{self.record.pk}/team/")
        self.login(self.otto)
        self.assertEqual(self.client.get(f"/youth/{self.record.pk}/").status_code, 404)
        self.login(self.jet)
        response = self.client.get(f"/audit/{self.record.pk}/")
        lines = response.context["lines"]
        # Newest first: Jet's own reading of the log, Otto's refused try, Clara's two reads.
        self.assertEqual(
            [(line.who, line.event, line.denied) for line in lines],
            [("young_person", "audit.log.view", False), ("other_coordinator", "youth.record.view", True),
             ("clinician", "youth.team.view", False), ("clinician", "youth.record.view", False)],
        )
        self.assertEqual((lines[3].role, lines[3].organisation, lines[3].what, lines[3].basis),
                         ("Behandelaar (jeugd-ggz)", "GGZ Noord", "Opende het overzicht",
                          "zorgteam, met toestemming"))
        [visitor] = response.context["visitors"]
        self.assertEqual((visitor.who, visitor.organisation, visitor.reads),
                         ("clinician", "GGZ Noord", 2))
        html = response.content.decode()
        self.assertIn("geweigerd: geen toegang", html)
        self.assertIn("Professionals die het dossier deze maand hebben geopend", html)
        english = self.client.get(f"/audit/{self.record.pk}/", HTTP_ACCEPT_LANGUAGE="en").content
        self.assertIn(b"Opened the overview", english)
        self.assertIn(b"refused: no access", english)

    def test_reading_the_log_is_audited_and_a_refusal_too(self) -> None:
        self.login(self.jet)
        self.client.get(f"/audit/{self.record.pk}/")
        event = AuditEvent.objects.get(event="audit.log.view")
        self.assertEqual((event.actor_id, event.action, event.outcome, event.object_type,
                          event.basis, event.subject_id),
                         (self.jet.pk, "R", "success", "audit_log", "self", self.record.pk))
        # Paul may open Jet's record (she consented) but not her access log: a denied read.
        self.login(self.paul)
        self.assertEqual(self.client.get(f"/audit/{self.record.pk}/").status_code, 404)
        refused = AuditEvent.objects.filter(event="audit.log.view", actor=self.paul)
        self.assertEqual(list(refused.values_list("outcome", flat=True)), ["denied"])

    def test_other_apps_events_fall_back_to_the_action_and_object(self) -> None:
        record(Actor(user=self.clara, channel="api"), event="screening.response.create",
               action=AuditAction.CREATE, subject_id=self.record.pk,
               subject_pseudonym="J-JET017", role="clinician", object_type="questionnaire_response",
               object_id=7)
        record(Actor.system(), event="alerts.evaluate", action=AuditAction.EXECUTE,
               subject_id=self.record.pk, subject_pseudonym="J-JET017")
        self.login(self.jet)
        lines = self.client.get(f"/audit/{self.record.pk}/").context["lines"]
        self.assertEqual([(line.who, line.what) for line in lines[1:]],
                         [("Samen (automatisch)", "Uitgevoerd"),
                          ("clinician", "Aangemaakt: questionnaire_response")])

    def test_long_logs_are_paged(self) -> None:
        actor = Actor(user=self.clara, channel="web")
        for _ in range(PAGE_SIZE + 5):
            record(actor, event="youth.record.view", action=AuditAction.READ,
                   subject_id=self.record.pk, subject_pseudonym="J-JET017", role="clinician")
        self.login(self.jet)
        first = self.client.get(f"/audit/{self.record.pk}/")
        self.assertEqual((len(first.context["lines"]), first.context["page"].paginator.count),
                         (PAGE_SIZE, PAGE_SIZE + 6))
        second = self.client.get(f"/audit/{self.record.pk}/?page=2")
        self.assertEqual(len(second.context["lines"]), 7)  # 5 + 1 + the second page's own read
        self.assertIn("Pagina 2 van 2", second.content.decode())

    def test_this_month_starts_at_local_midnight_on_the_first(self) -> None:
        actor = Actor(user=self.clara, channel="web")
        october = datetime(2026, 10, 31, 23, 30, tzinfo=AMSTERDAM)
        with time_machine.travel(october, tick=False):
            record(actor, event="youth.record.view", action=AuditAction.READ,
                   subject_id=self.record.pk, subject_pseudonym="J-JET017", role="clinician")
        with time_machine.travel(datetime(2026, 11, 1, 0, 30, tzinfo=AMSTERDAM), tick=False):
            self.assertEqual(month_start(datetime(2026, 11, 1, 0, 30, tzinfo=AMSTERDAM)),
                             datetime(2026, 11, 1, 0, 0, tzinfo=AMSTERDAM))
            self.login(self.jet)
            response = self.client.get(f"/audit/{self.record.pk}/")
            self.assertEqual(response.context["visitors"], [])
            self.assertEqual(len(response.context["lines"]), 2)


class AccessLogPeriodTest(RouteTestCase):
    def test_the_period_filter_keeps_the_lines_inside_it_and_is_itself_logged(self) -> None:
        actor = Actor(user=self.clara, channel="web")
        for day in (datetime(2026, 3, 31, 23, 59, tzinfo=AMSTERDAM),
                    datetime(2026, 4, 1, 0, 1, tzinfo=AMSTERDAM),
                    datetime(2026, 4, 30, 23, 59, tzinfo=AMSTERDAM),
                    datetime(2026, 5, 1, 0, 0, tzinfo=AMSTERDAM)):
            with time_machine.travel(day, tick=False):
                record(actor, event="youth.record.view", action=AuditAction.READ,
                       subject_id=self.record.pk, subject_pseudonym="J-JET017", role="clinician")
        self.login(self.jet)
        response = self.client.get(f"/audit/{self.record.pk}/",
                                   {"since": "2026-04-01", "until": "2026-04-30"})
        self.assertEqual([timezone.localtime(line.when).date().isoformat()
                          for line in response.context["lines"]], ["2026-04-30", "2026-04-01"])
        visit = AuditEvent.objects.filter(event="audit.log.view").get()
        self.assertEqual((visit.actor, visit.object_id), (self.jet, "2026-04-01..2026-04-30"))
        backwards = self.client.get(f"/audit/{self.record.pk}/",
                                    {"since": "2026-05-01", "until": "2026-04-01"})
        self.assertEqual((backwards.status_code, backwards.context["lines"]), (400, []))

    def test_a_parent_reaches_the_log_of_a_child_under_16_from_the_home_page(self) -> None:
        self.login(self.paul)
        html = self.client.get("/").content.decode()
        self.assertIn(f'href="/audit/{self.child.pk}/"', html)  # Ruben, 13
        self.assertNotIn(f'href="/audit/{self.record.pk}/"', html)  # Jet, 17
        self.assertEqual(self.client.get(f"/audit/{self.child.pk}/").status_code, 200)
