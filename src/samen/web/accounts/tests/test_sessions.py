"""Session limits and session ending (checklist SES-01 to SES-06)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import time_machine
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import override_settings

from samen.web import settings as production
from samen.web.testing import PASSWORD, SamenClient, SamenTestCase, totp_code

LOGIN = "/accounts/login/"
MINUTE = 60


@override_settings(SAMEN_SESSION_IDLE_SECONDS=production.SAMEN_SESSION_IDLE_SECONDS,
                   SAMEN_SESSION_ABSOLUTE_SECONDS=production.SAMEN_SESSION_ABSOLUTE_SECONDS,
                   SESSION_COOKIE_AGE=production.SESSION_COOKIE_AGE)
class SessionTestCase(SamenTestCase):
    """With the production session limits (the test settings lift them for time travel)."""
    def setUp(self) -> None:
        super().setUp()
        cache.clear()

    def sign_in(self, username: str, address: str = "192.0.2.1") -> SamenClient:
        """Sign in through the real form (young people and parents: password only)."""
        client = SamenClient(REMOTE_ADDR=address)
        response = client.post(LOGIN, {"login": username, "password": PASSWORD})
        self.assertEqual(response["Location"], "/")
        return client

    def key(self, client: SamenClient) -> str:
        return str(client.cookies["sessionid"].value)


class NewKeyTest(SessionTestCase):
    def test_signing_in_gives_a_new_session_key(self) -> None:  # SES-01
        client = SamenClient()
        before = client.session
        before["language_seen"] = True
        before.save()
        client.post(LOGIN, {"login": "jet", "password": PASSWORD})
        self.assertNotEqual(self.key(client), before.session_key)
        self.assertFalse(Session.objects.filter(session_key=before.session_key).exists())

    def test_the_second_factor_gives_another_new_key(self) -> None:  # SES-01
        client = SamenClient()
        client.post(LOGIN, {"login": "clara", "password": PASSWORD})
        half = self.key(client)
        step = (int(time.time()) // 30 + 1) * 30 + 5
        with time_machine.travel(step, tick=False):
            response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(step)})
        self.assertEqual(response["Location"], "/")
        self.assertNotEqual(self.key(client), half)

    def test_a_role_change_ends_the_members_sessions(self) -> None:  # SES-01, privilege change
        carla = SamenClient()
        carla.force_login(self.carla)
        self.assertEqual(carla.get("/youth/").status_code, 200)
        self.login(self.ad)
        membership = self.carla.memberships.get()
        self.client.post(f"/org/{self.school.pk}/members/{membership.pk}/role/",
                         {"role": "youth_worker"})
        response = carla.get("/youth/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(LOGIN))
        self.assertFalse(Session.objects.filter(session_key=self.key(carla)).exists())


class LimitsTest(SessionTestCase):
    def test_the_production_limits(self) -> None:
        self.assertEqual((production.SAMEN_SESSION_IDLE_SECONDS,
                          production.SAMEN_SESSION_ABSOLUTE_SECONDS), (30 * MINUTE, 12 * 3600))

    def test_an_idle_session_ends_on_the_server(self) -> None:  # SES-02
        client = self.sign_in("jet")
        key = self.key(client)
        with time_machine.travel(time.time() + 29 * MINUTE):
            self.assertEqual(client.get("/youth/").status_code, 200)
        with time_machine.travel(time.time() + 58 * MINUTE):  # 29 minutes after the last
            self.assertEqual(client.get("/youth/").status_code, 200)
        with time_machine.travel(time.time() + 89 * MINUTE):  # 31 minutes after the last
            response = client.get("/youth/")
        self.assertTrue(response["Location"].startswith(LOGIN))
        self.assertFalse(Session.objects.filter(session_key=key).exists())

    def test_a_busy_session_still_ends_after_twelve_hours(self) -> None:  # SES-02
        client = self.sign_in("jet")
        start = time.time()
        for minutes in range(20, 12 * 60, 20):
            with time_machine.travel(start + minutes * MINUTE):
                self.assertEqual(client.get("/").status_code, 200, minutes)
        with time_machine.travel(start + 12 * 60 * MINUTE + MINUTE):
            response = client.get("/youth/")
        self.assertTrue(response["Location"].startswith(LOGIN))


class EndingTest(SessionTestCase):
    def test_logout_deletes_the_session_on_the_server(self) -> None:  # SES-03
        client = self.sign_in("jet")
        key = self.key(client)
        self.assertEqual(client.post("/accounts/logout/")["Location"], LOGIN)
        self.assertFalse(Session.objects.filter(session_key=key).exists())
        replay = SamenClient()
        replay.cookies["sessionid"] = key
        response = replay.get("/youth/")
        self.assertTrue(response["Location"].startswith(LOGIN))

    def test_a_deactivated_account_has_no_sessions(self) -> None:  # SES-04
        browser, phone = SamenClient(), SamenClient()
        for client in (browser, phone):
            client.force_login(self.wout)
        keys = [self.key(browser), self.key(phone)]
        self.wout.is_active = False
        self.wout.save()
        self.assertFalse(Session.objects.filter(session_key__in=keys).exists())
        self.assertEqual(browser.get("/youth/").status_code, 302)

    def test_a_user_sees_and_ends_their_other_sessions(self) -> None:  # SES-05
        laptop = self.sign_in("jet", "192.0.2.1")
        phone = self.sign_in("jet", "198.51.100.2")
        page = laptop.get("/accounts/sessions/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(page.status_code, 200)
        html = page.content.decode()
        self.assertIn("192.0.2.1", html)
        self.assertIn("198.51.100.2", html)
        self.assertEqual(UserSession.objects.filter(user=self.jet).count(), 2)
        laptop.post("/accounts/sessions/")
        self.assertEqual(phone.get("/youth/").status_code, 302)
        self.assertEqual(laptop.get("/youth/").status_code, 200)
        self.assertEqual(UserSession.objects.filter(user=self.jet).count(), 1)

    def test_the_account_menu_links_to_sessions_and_mfa(self) -> None:
        self.login(self.clara)
        html = self.client.get("/").content.decode()
        self.assertIn('href="/accounts/sessions/"', html)
        self.assertIn('href="/accounts/2fa/"', html)


class CookieTest(SessionTestCase):
    def test_the_session_cookie_is_httponly_and_samesite(self) -> None:  # SES-06
        client = self.sign_in("jet")
        cookie = client.cookies["sessionid"]
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["samesite"], "Lax")

    def test_behind_tls_the_cookies_have_host_names(self) -> None:  # SES-06
        script = ("import django; django.setup(); from django.conf import settings as s; "
                  "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
                  "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)")
        env = {**os.environ, "SAMEN_TLS": "true",
               "DJANGO_SETTINGS_MODULE": "samen.web.test_settings"}
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,  # noqa: S603
                             text=True, check=True).stdout.split()
        self.assertEqual(out, ["__Host-sessionid", "__Host-csrftoken", "True", "True", "True"])
