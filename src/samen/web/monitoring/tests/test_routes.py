"""Every route of the app for every role of the cast, on a record of each region."""

from __future__ import annotations

from django.urls import reverse

from samen.web.accounts.models import User
from samen.web.audit.models import AuditEvent, AuditOutcome
from samen.web.testing import SamenTestCase

RECORD_ROUTES = ("monitoring:timeline", "monitoring:timeline_chart", "monitoring:log_week")


class RouteAccessTest(SamenTestCase):
    def expected_for_record(self) -> dict[User, tuple[int, int]]:
        """user -> (status on Jet's record in our region, status on the other region's record)."""
        return {
            self.jet: (200, 404),
            self.ruben: (404, 404),
            self.paul: (200, 404),
            self.carla: (200, 404),
            self.wout: (200, 404),
            self.clara: (200, 404),
            self.petra: (404, 404),
            self.ad: (404, 404),
            self.otto: (404, 200),
            self.olga: (404, 200),
            self.nina: (404, 404),
        }

    def test_record_routes_for_every_role_and_region(self) -> None:
        for route in RECORD_ROUTES:
            for user, (own, other) in self.expected_for_record().items():
                self.login(user)
                for record, status in ((self.record, own), (self.other_record, other)):
                    with self.subTest(route=route, user=user.username, record=record.pseudonym):
                        response = self.client.get(reverse(route, args=[record.pk]))
                        self.assertEqual(response.status_code, status)
                        if route == "monitoring:timeline_chart" and status == 200:
                            self.assertEqual(response["Content-Type"], "image/svg+xml")
                            self.assertIn(b"<svg", response.content)

    def test_anonymous_is_sent_to_sign_in(self) -> None:
        for route, args in [*((r, [self.record.pk]) for r in RECORD_ROUTES),
                            ("monitoring:import", [])]:
            with self.subTest(route=route):
                url = reverse(route, args=args)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertEqual(response["Location"], f"/accounts/login/?next={url}")

    def test_missing_record_is_404_and_audited_as_denied(self) -> None:
        self.login(self.clara)
        for route in RECORD_ROUTES:
            with self.subTest(route=route):
                self.assertEqual(self.client.get(reverse(route, args=[987654])).status_code, 404)
        denied = AuditEvent.objects.filter(actor=self.clara, outcome=AuditOutcome.DENIED)
        self.assertEqual(denied.count(), 3)

    def test_not_yours_is_404_and_audited_as_denied_with_the_subject(self) -> None:
        self.login(self.otto)
        self.client.get(reverse("monitoring:timeline", args=[self.record.pk]))
        event = AuditEvent.objects.get(actor=self.otto, event="monitoring.timeline.view")
        self.assertEqual((event.outcome, event.subject_id), (AuditOutcome.DENIED, self.record.pk))

    def test_import_page_only_for_school_coordinators(self) -> None:
        expected = {self.jet: 403, self.ruben: 403, self.paul: 403, self.carla: 200,
                    self.wout: 403, self.clara: 403, self.petra: 403, self.ad: 403,
                    self.otto: 200, self.olga: 403, self.nina: 403}
        url = reverse("monitoring:import")
        for user, status in expected.items():
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(url).status_code, status)
                self.assertEqual(self.client.post(url, {}).status_code, status)

    def test_reads_are_audited_with_role_and_basis(self) -> None:
        self.login(self.wout)
        self.client.get(reverse("monitoring:timeline", args=[self.record.pk]))
        event = AuditEvent.objects.get(actor=self.wout, event="monitoring.timeline.view")
        self.assertEqual(
            (event.outcome, event.subject_pseudonym, event.actor_role, event.basis,
             event.organisation_name),
            (AuditOutcome.SUCCESS, "J-JET017", "youth_worker", "care_team_consent",
             "Buurtwerk Oost"),
        )
