"""Login throttling by username and address (checklist AUTH-05, AUTH-06, LOG-04)."""

from __future__ import annotations

import time

import time_machine
from axes.models import AccessAttempt
from django.core.cache import cache

from samen.web.audit.models import AuditEvent
from samen.web.testing import PASSWORD, SamenClient, SamenTestCase

LOGIN = "/accounts/login/"
SCHOOL_NAT = "192.0.2.10"
HOME = "198.51.100.7"
LIMIT = 5


class ThrottlingTest(SamenTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()

    def attempt(self, username: str, password: str, address: str) -> tuple[int, str]:
        response = SamenClient().post(LOGIN, {"login": username, "password": password},
                                      REMOTE_ADDR=address)
        return response.status_code, response.get("Location", "")

    def fail_times(self, username: str, address: str, times: int = LIMIT) -> list[int]:
        return [self.attempt(username, "wrong-password-123", address)[0] for _ in range(times)]

    def test_failures_lock_that_username_at_that_address_only(self) -> None:
        # The fifth failure is answered with the lockout page already.
        self.assertEqual(self.fail_times("carla", SCHOOL_NAT), [200] * (LIMIT - 1) + [429])
        # The right password no longer helps carla from the school's address...
        status, _ = self.attempt("carla", PASSWORD, SCHOOL_NAT)
        self.assertEqual(status, 429)
        # ...but a colleague behind the same address signs in, and carla from home does too.
        self.assertEqual(self.attempt("wout", PASSWORD, SCHOOL_NAT),
                         (302, "/accounts/2fa/authenticate/"))
        self.assertEqual(self.attempt("jet", PASSWORD, SCHOOL_NAT), (302, "/"))
        self.assertEqual(self.attempt("carla", PASSWORD, HOME),
                         (302, "/accounts/2fa/authenticate/"))
        attempt = AccessAttempt.objects.get(username="carla", ip_address=SCHOOL_NAT)
        self.assertGreaterEqual(attempt.failures_since_start, LIMIT)

    def test_one_failure_fewer_does_not_lock(self) -> None:
        self.assertEqual(self.fail_times("carla", SCHOOL_NAT, LIMIT - 1), [200] * (LIMIT - 1))
        self.assertEqual(self.attempt("carla", PASSWORD, SCHOOL_NAT),
                         (302, "/accounts/2fa/authenticate/"))

    def test_the_lockout_ends_after_the_cool_off(self) -> None:
        self.fail_times("carla", SCHOOL_NAT)
        self.assertEqual(self.attempt("carla", PASSWORD, SCHOOL_NAT)[0], 429)
        with time_machine.travel(time.time() + 16 * 60):
            self.assertEqual(self.attempt("carla", PASSWORD, SCHOOL_NAT),
                             (302, "/accounts/2fa/authenticate/"))

    def test_the_lockout_page_says_the_same_for_any_username(self) -> None:  # AUTH-06
        pages = []
        for username in ("carla", "nobody-by-this-name"):
            self.fail_times(username, SCHOOL_NAT)
            client = SamenClient()
            response = client.post(LOGIN, {"login": username, "password": "x" * 12},
                                   REMOTE_ADDR=SCHOOL_NAT, HTTP_ACCEPT_LANGUAGE="en")
            self.assertEqual(response.status_code, 429)
            html = response.content.decode()
            self.assertNotIn(username, html)
            pages.append(html.split("<main", 1)[1].split("</main>", 1)[0])
        self.assertEqual(pages[0], pages[1])
        self.assertIn("Too many attempts", pages[0])

    def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(self) -> None:  # AUTH-06
        forms = []
        for username in ("carla", "nobody-by-this-name"):
            response = SamenClient().post(LOGIN, {"login": username, "password": "wrong-pass-99"},
                                          REMOTE_ADDR=HOME)
            self.assertEqual(response.status_code, 200)
            forms.append(response.context["form"].errors.as_data()["__all__"][0].message)
        self.assertEqual(forms[0], forms[1])

    def test_failed_logins_are_in_the_audit_log(self) -> None:  # LOG-04
        self.fail_times("carla", SCHOOL_NAT, 2)
        events = AuditEvent.objects.filter(event="accounts.login.failed")
        self.assertEqual(events.count(), 2)
        for event in events:
            self.assertEqual((event.outcome, event.object_type, event.object_id, event.ip_address,
                              event.actor), ("denied", "username", "carla", SCHOOL_NAT, None))
        self.assertNotIn("wrong-password-123", str(list(AuditEvent.objects.values())))
