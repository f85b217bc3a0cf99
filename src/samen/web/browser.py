"""Browser journeys: a live Samen server and headless Chromium driven by Playwright.

Playwright drives Debian's Chromium at ``/usr/bin/chromium`` (installed by ``.ci/run``; no browser
is ever downloaded). Screenshots go to ``$SAMEN_SCREENSHOT_DIR`` when it is set — the role guides
in ``docs/web/guides/img`` are made with ``SAMEN_SCREENSHOT_DIR=docs/web/guides/img`` — and to
a temporary folder otherwise.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase

from samen.web.accounts.models import User
from samen.web.testing import PASSWORD, TOTP_PERIOD, CastMixin, totp_code

CHROMIUM = "/usr/bin/chromium"
# allauth refuses a TOTP code a second time; a user signing in twice within one 30-second step
# waits for the next code, as a person would. Kept per username across tests (the cast is
# rebuilt, the server's record of used codes is not).
_last_step: dict[str, int] = {}


@pytest.mark.browser
class BrowserTestCase(CastMixin, StaticLiveServerTestCase):
    """One browser for the class, a fresh context (no cookies) and the cast for every test."""

    playwright: Any
    browser: Any
    screenshot_dir: Path

    @classmethod
    def setUpClass(cls) -> None:
        # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
        # here are still synchronous, which Django only allows when told so.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        if not Path(CHROMIUM).exists():
            raise AssertionError(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        cls.screenshot_dir = Path(
            os.environ.get("SAMEN_SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="samen-shots-")
        )
        cls.screenshot_dir.mkdir(parents=True, exist_ok=True)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()

    def setUp(self) -> None:
        super().setUp()
        self.create_cast()
        self.contexts: list[Any] = []

    def tearDown(self) -> None:
        for context in self.contexts:
            context.close()
        super().tearDown()

    def new_page(self, *, phone: bool = False, language: str = "nl") -> Any:
        viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
        context = self.browser.new_context(viewport=viewport, locale=language,
                                           extra_http_headers={"Accept-Language": language})
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        return context.new_page()

    def sign_in(self, user: User, *, phone: bool = False, language: str = "nl") -> Any:
        """Sign in through the real login form; return the page on the home page."""
        page = self.new_page(phone=phone, language=language)
        page.goto(f"{self.live_server_url}/accounts/login/")
        page.fill("input[name=login]", user.username)
        page.fill("input[name=password]", PASSWORD)
        page.locator("form button[type=submit]").last.click()
        if user.memberships.filter(is_active=True).exists():  # professionals: the TOTP step
            page.wait_for_url(f"{self.live_server_url}/accounts/2fa/authenticate/")
            page.fill("input[name=code]", self.fresh_code(user.username))
            page.press("input[name=code]", "Enter")  # the page's last button is "Cancel"
        page.wait_for_url(f"{self.live_server_url}/")
        return page

    @staticmethod
    def fresh_code(username: str) -> str:
        """The current TOTP code of the cast's synthetic secret, never one used before."""
        step = int(time.time()) // TOTP_PERIOD
        if _last_step.get(username) == step:
            time.sleep((step + 1) * TOTP_PERIOD - time.time() + 0.1)
            step += 1
        _last_step[username] = step
        return totp_code(step * TOTP_PERIOD)

    def shot(self, page: Any, name: str, *, full_page: bool = True) -> Path:
        """Save a PNG of ``page``: the whole page, or only the viewport with ``full_page=False``
        (smaller files for the role guides)."""
        path = self.screenshot_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path
