"""Every role signs in through the real login form in Chromium and lands on its home page."""

from __future__ import annotations

from samen.web.browser import BrowserTestCase


class SignInTest(BrowserTestCase):
    def test_every_role_signs_in_and_sees_a_home_page(self) -> None:
        for user in (self.jet, self.paul, self.carla, self.wout, self.clara, self.petra, self.ad):
            with self.subTest(user=user.username):
                page = self.sign_in(user)
                self.assertIn(user.display_name, page.inner_text("h1"))
                self.assertEqual(page.locator("html").get_attribute("lang"), "nl")

    def test_a_wrong_password_keeps_you_out(self) -> None:
        page = self.new_page()
        page.goto(f"{self.live_server_url}/accounts/login/")
        page.fill("input[name=login]", "clara")
        page.fill("input[name=password]", "not-the-password")
        page.locator("form button[type=submit]").last.click()
        page.wait_for_load_state()
        self.assertIn("/accounts/login/", page.url)
        page.goto(f"{self.live_server_url}/")
        self.assertIn("/accounts/login/", page.url)

    def test_the_language_switch_changes_the_page_to_english(self) -> None:
        page = self.sign_in(self.clara)
        self.assertIn("Welkom", page.inner_text("h1"))
        page.select_option("#language-select", "en")
        page.wait_for_load_state()
        page.wait_for_function("document.documentElement.lang === 'en'")
        self.assertIn("Welcome", page.inner_text("h1"))
