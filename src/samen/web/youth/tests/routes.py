"""A table-driven check of one route for every member of the cast (and an anonymous visitor)."""

from __future__ import annotations

from typing import Any

from samen.web.accounts.models import User
from samen.web.testing import SamenTestCase

ANONYMOUS = 302  # login_required: to /accounts/login/


class RouteTestCase(SamenTestCase):
    def assert_statuses(self, method: str, url: str, expected: dict[User, int],
                        data: dict[str, Any] | None = None, default: int = 404) -> None:
        """``expected`` names the users whose status is not ``default``; everyone is tried."""
        self.client.logout()
        response = getattr(self.client, method)(url, data or {})
        self.assertEqual(response.status_code, ANONYMOUS, f"anonymous {method} {url}")
        self.assertTrue(response["Location"].startswith("/accounts/login/"))
        for user in self.everyone:
            with self.subTest(user=user.username, method=method, url=url):
                self.login(user)
                response = getattr(self.client, method)(url, data or {})
                self.assertEqual(response.status_code, expected.get(user, default))
                self.client.logout()
