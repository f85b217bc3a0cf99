"""Every route of the dashboard for every member of the cast (and a policy officer of the other
municipality): policy officers 200, everyone else 404, anonymous visitors to the sign-in page."""

from __future__ import annotations

from django.urls import reverse

from samen.web.audit.models import AuditAction, AuditEvent, AuditOutcome
from samen.web.dashboard.tests.support import DashboardTestCase
from samen.web.youth.access import accessible_young_people, get_access
from samen.web.youth.models import YoungPerson


class RouteAccessTest(DashboardTestCase):
    def routes(self) -> list[tuple[str, list[int]]]:
        pk = self.comparison.pk
        return [("dashboard:index", []), ("dashboard:trend_chart", []),
                ("dashboard:export", []), ("dashboard:scenarios", []),
                ("dashboard:scenario", [pk]), ("dashboard:scenario_chart", [pk])]

    def test_every_route_for_every_role(self) -> None:
        officers = {self.petra, self.zeno}  # one per municipality: each sees its own figures
        for route, args in self.routes():
            url = reverse(route, args=args)
            for user in self.everyone_and_zeno:
                with self.subTest(route=route, user=user.username):
                    self.login(user)
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200 if user in officers else 404)
                    self.client.logout()

    def test_anonymous_is_sent_to_sign_in(self) -> None:
        for route, args in self.routes():
            with self.subTest(route=route):
                url = reverse(route, args=args)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertEqual(response["Location"], f"/accounts/login/?next={url}")

    def test_only_get(self) -> None:
        self.login(self.petra)
        for route, args in self.routes():
            with self.subTest(route=route):
                self.assertEqual(self.client.post(reverse(route, args=args)).status_code, 405)

    def test_content_types(self) -> None:
        self.login(self.petra)
        for route, args, content_type in [
            ("dashboard:trend_chart", [], "image/svg+xml"),
            ("dashboard:scenario_chart", [self.comparison.pk], "image/svg+xml"),
            ("dashboard:export", [], "text/csv; charset=utf-8"),
        ]:
            with self.subTest(route=route):
                response = self.client.get(reverse(route, args=args))
                self.assertEqual(response["Content-Type"], content_type)

    def test_a_missing_comparison_is_404_for_an_officer(self) -> None:
        self.login(self.petra)
        for route in ("dashboard:scenario", "dashboard:scenario_chart"):
            with self.subTest(route=route):
                response = self.client.get(reverse(route, args=[self.comparison.pk + 1]))
                self.assertEqual(response.status_code, 404)

    def test_an_inactive_policy_membership_is_404(self) -> None:
        self.petra.memberships.update(is_active=False)
        self.login(self.petra)
        self.assertEqual(self.client.get(reverse("dashboard:index")).status_code, 404)

    def test_denied_visits_are_audited_without_a_subject(self) -> None:
        self.login(self.clara)
        self.client.get(reverse("dashboard:export"))
        event = AuditEvent.objects.get(actor=self.clara, event="dashboard.export")
        self.assertEqual((event.outcome, event.subject_id, event.subject_pseudonym),
                         (AuditOutcome.DENIED, None, ""))


class PolicyOfficersNeverReachAPersonTest(DashboardTestCase):
    """``/youth/<id>/`` is built elsewhere; the rule it rests on is that access gives nothing."""

    def test_get_access_is_none_for_policy_officers_on_every_record(self) -> None:
        self.add_record("J-ZUI001", 16, "Zuid", "hikikomori", self.other_school)
        self.add_noordstad()
        records = list(YoungPerson.objects.all())
        self.assertEqual(len(records), 3 + 1 + 145)
        for officer in (self.petra, self.zeno):
            for young_person in records:
                with self.subTest(officer=officer.username, record=young_person.pseudonym):
                    self.assertIsNone(get_access(officer, young_person))
            self.assertEqual(accessible_young_people(officer), [])


class AuditTest(DashboardTestCase):
    def test_a_dashboard_view_is_audited_as_a_read_without_subject(self) -> None:
        self.login(self.petra)
        self.client.get(reverse("dashboard:index"))
        event = AuditEvent.objects.get(actor=self.petra, event="dashboard.view")
        self.assertEqual(
            (event.action, event.outcome, event.actor_role, event.organisation_name,
             event.object_type, event.object_id, event.subject_id, event.subject_pseudonym),
            (AuditAction.READ, AuditOutcome.SUCCESS, "policy_officer", "Gemeente Noordstad",
             "dashboard", "Noordstad", None, ""),
        )

    def test_the_export_is_audited_as_execute(self) -> None:
        self.login(self.zeno)
        self.client.get(reverse("dashboard:export"))
        event = AuditEvent.objects.get(actor=self.zeno, event="dashboard.export")
        self.assertEqual((event.action, event.organisation_name, event.object_id,
                          event.subject_id),
                         (AuditAction.EXECUTE, "Gemeente Zuidstad", "Zuidstad", None))

    def test_every_page_writes_one_event(self) -> None:
        self.login(self.petra)
        pk = self.comparison.pk
        for route, args, event, object_id in [
            ("dashboard:trend_chart", [], "dashboard.trend_chart.view", "Noordstad"),
            ("dashboard:scenarios", [], "dashboard.scenarios.view", "list"),
            ("dashboard:scenario", [pk], "dashboard.scenario.view", str(pk)),
            ("dashboard:scenario_chart", [pk], "dashboard.scenario_chart.view", str(pk)),
        ]:
            with self.subTest(route=route):
                self.client.get(reverse(route, args=args))
                events = AuditEvent.objects.filter(actor=self.petra, event=event)
                self.assertEqual([(e.object_id, e.subject_id) for e in events],
                                 [(object_id, None)])
