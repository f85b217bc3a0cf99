"""Session or bearer token: tokens are stored hashed, work at once, and stop at revocation."""

from __future__ import annotations

import hashlib
import json

from django.test import Client
from django.utils import timezone

from samen.web.api.actions import do_revoke_token
from samen.web.api.models import ApiToken
from samen.web.api.tests.fixtures import PHQA_ANSWERS, ApiTestCase, last_monday
from samen.web.audit.log import Actor
from samen.web.audit.models import AuditEvent
from samen.web.testing import SamenClient


class BearerTokenTest(ApiTestCase):
    def test_the_database_holds_only_a_digest_and_a_prefix(self) -> None:
        token = self.token_for(self.clara, "caseload export")
        row = ApiToken.objects.get(user=self.clara)
        self.assertTrue(token.startswith("samen_"))
        self.assertEqual(len(token), len("samen_") + 43)  # 32 bytes, URL-safe base64
        self.assertEqual(row.key_hash, hashlib.sha256(token.encode()).hexdigest())
        self.assertEqual(row.prefix, token[len("samen_"):len("samen_") + 8])
        stored = json.dumps(list(ApiToken.objects.values()), default=str)
        self.assertNotIn(token, stored)

    def test_a_token_acts_as_its_user(self) -> None:
        token = self.token_for(self.clara)
        response = self.client.get("/api/v1/young-people", **self.bearer(token))
        self.assertEqual(response.status_code, 200)
        self.assertEqual([p["pseudonym"] for p in response.json()], ["J-JET017", "J-RUB013"])
        self.assertEqual({p["role"] for p in response.json()}, {"clinician"})
        response = self.client.get(f"/api/v1/young-people/{self.other_record.pk}",
                                   **self.bearer(token))
        self.assert_error(response, 404, "not_found")
        self.assertIsNotNone(ApiToken.objects.get(user=self.clara).last_used_at)

    def test_a_token_writes_without_csrf_and_is_audited_as_api(self) -> None:
        token = self.token_for(self.carla)
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            f"/api/v1/young-people/{self.record.pk}/weeks",
            data=json.dumps({"week_start": last_monday().isoformat(), "days_out": 2}),
            content_type="application/json", **self.bearer(token),
        )
        self.assertEqual(response.status_code, 201, response.content)
        event = AuditEvent.objects.filter(event="monitoring.week.log").get()
        self.assertEqual((event.actor_username, event.channel, event.actor_role),
                         ("carla", "api", "school_coordinator"))

    def test_a_revoked_token_answers_401_at_once(self) -> None:
        token = self.token_for(self.clara)
        self.assertEqual(self.client.get("/api/v1/instruments", **self.bearer(token)).status_code,
                         200)
        row = ApiToken.objects.get(user=self.clara)
        do_revoke_token(actor=Actor(user=self.clara, channel="test"), token=row)
        response = self.client.get("/api/v1/instruments", **self.bearer(token))
        body = self.assert_error(response, 401, "unauthorized")
        self.assertIn("revoked", body["error"]["message"])

    def test_a_bad_token_is_refused_even_with_a_session(self) -> None:
        self.login(self.clara)
        for header in ("Bearer samen_not-a-real-token", "Bearer ", "Basic Y2xhcmE6eA==",
                       "Bearer " + "x" * 300):
            with self.subTest(header=header[:20]):
                response = self.client.get("/api/v1/instruments", HTTP_AUTHORIZATION=header)
                self.assert_error(response, 401, "unauthorized")

    def test_the_token_of_a_deactivated_user_stops_working(self) -> None:
        token = self.token_for(self.wout)
        self.wout.is_active = False
        self.wout.save()
        self.assert_error(self.client.get("/api/v1/instruments", **self.bearer(token)), 401,
                          "unauthorized")

    def test_revocation_is_the_owners_and_audited(self) -> None:
        self.token_for(self.clara)
        row = ApiToken.objects.get(user=self.clara)
        with self.assertRaises(PermissionError):
            do_revoke_token(actor=Actor(user=self.carla, channel="test"), token=row)
        do_revoke_token(actor=Actor(user=self.clara, channel="test"), token=row)
        do_revoke_token(actor=Actor(user=self.clara, channel="test"), token=row)  # idempotent
        events = AuditEvent.objects.filter(object_type="api_token").order_by("pk")
        self.assertEqual([e.event for e in events], ["api.token.create", "api.token.revoke"])
        self.assertEqual(events[1].changed_fields, ["revoked_at"])


class SessionCsrfTest(ApiTestCase):
    def test_a_session_write_needs_the_csrf_token(self) -> None:
        client = SamenClient(enforce_csrf_checks=True)
        client.force_login(self.clara)
        url = f"/api/v1/young-people/{self.record.pk}/responses"
        body = json.dumps({"instrument": "phqa", "answers": PHQA_ANSWERS,
                           "respondent": "young_person"})
        response = client.post(url, data=body, content_type="application/json")
        self.assert_error(response, 403, "forbidden")
        self.assertEqual(client.get("/api/v1/instruments").status_code, 200)  # reads need none
        client.get("/api/v1/tokens/")  # sets the CSRF cookie
        csrf = client.cookies["csrftoken"].value
        response = client.post(url, data=body, content_type="application/json",
                               HTTP_X_CSRFTOKEN=csrf)
        self.assertEqual(response.status_code, 201, response.content)


class TokenPageTest(ApiTestCase):
    def test_signed_out_goes_to_the_login_page(self) -> None:
        for url in ("/api/v1/tokens/", "/api/v1/tokens/1/revoke"):
            with self.subTest(url=url):
                response = self.client.get(url) if url.endswith("/") else self.client.post(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith("/accounts/login/"))

    def test_every_signed_in_user_manages_their_own_tokens(self) -> None:
        for user in self.everyone:
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get("/api/v1/tokens/").status_code, 200)

    def test_the_token_is_shown_once(self) -> None:
        self.login(self.carla)
        response = self.client.post("/api/v1/tokens/", {"name": "verzuimimport"})
        self.assertEqual(response.status_code, 200)
        row = ApiToken.objects.get(user=self.carla)
        token = response.context["created"]
        self.assertEqual(hashlib.sha256(token.encode()).hexdigest(), row.key_hash)
        self.assertContains(response, token)
        self.assertEqual(response["Cache-Control"], "no-store")
        again = self.client.get("/api/v1/tokens/")
        self.assertNotContains(again, token)
        self.assertContains(again, f"samen_{row.prefix}…")
        self.assertContains(again, "verzuimimport")

    def test_a_name_is_required(self) -> None:
        self.login(self.carla)
        response = self.client.post("/api/v1/tokens/", {"name": "   "})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ApiToken.objects.exists())
        self.assertContains(response, "errorlist")

    def test_revoking_someone_elses_token_is_404(self) -> None:
        self.token_for(self.clara)
        row = ApiToken.objects.get(user=self.clara)
        self.login(self.carla)
        self.assertEqual(self.client.post(f"/api/v1/tokens/{row.pk}/revoke").status_code, 404)
        row.refresh_from_db()
        self.assertIsNone(row.revoked_at)
        self.login(self.clara)
        response = self.client.post(f"/api/v1/tokens/{row.pk}/revoke")
        self.assertRedirects(response, "/api/v1/tokens/", fetch_redirect_response=False)
        row.refresh_from_db()
        assert row.revoked_at is not None
        self.assertLessEqual(row.revoked_at, timezone.now())

    def test_the_page_in_dutch_and_english(self) -> None:
        self.login(self.carla)
        response = self.client.get("/api/v1/tokens/")
        self.assertContains(response, "<h1>API-sleutels</h1>", html=True)
        self.assertContains(response, "Je hebt geen sleutels.")
        response = self.client.get("/api/v1/tokens/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "<h1>API tokens</h1>", html=True)
        self.assertContains(response, "You have no tokens.")
