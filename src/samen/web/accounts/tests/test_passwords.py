"""Password policy (checklist AUTH-01): at least 12 characters, long ones welcome, no common
passwords, no composition rules."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from samen.web.testing import PASSWORD, SamenTestCase


class PasswordPolicyTest(SamenTestCase):
    def codes(self, password: str) -> list[str]:
        try:
            validate_password(password, self.jet)
        except ValidationError as error:
            return [str(e.code) for e in error.error_list]
        return []

    def test_the_length_boundaries(self) -> None:
        self.assertEqual(self.codes("kq7-vmz-pld"), ["password_too_short"])  # 11
        self.assertEqual(self.codes("kq7-vmz-pldx"), [])  # 12
        self.assertEqual(self.codes("correct horse battery staple " * 4), [])  # 116, spaces
        self.assertEqual(self.codes("kqzvmwpldxrtbnhy"), [])  # lower case only: no rules

    def test_common_passwords_are_refused(self) -> None:
        self.assertIn("password_too_common", self.codes("password1234"))

    def test_the_change_form_applies_the_policy(self) -> None:
        self.login(self.jet)
        url = "/accounts/password/change/"
        short = self.client.post(url, {"oldpassword": PASSWORD, "password1": "kq7-vmz-pld",
                                       "password2": "kq7-vmz-pld"})
        self.assertEqual(short.status_code, 200)
        long_one = "a" + "-kq7vmzpld" * 7  # 71 characters
        ok = self.client.post(url, {"oldpassword": PASSWORD, "password1": long_one,
                                    "password2": long_one})
        self.assertEqual(ok.status_code, 302)
        self.jet.refresh_from_db()
        self.assertTrue(self.jet.check_password(long_one))
