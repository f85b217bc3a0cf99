"""MFA for professionals (checklist AUTH-02, AUTH-03, AUTH-04, AUTH-07, AUTH-08)."""

from __future__ import annotations

import time

import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.core.cache import cache
from django.test import override_settings

from samen.web.accounts.models import Membership, User
from samen.web.accounts.roles import Role
from samen.web.audit.models import AuditEvent
from samen.web.testing import PASSWORD, TOTP_PERIOD, SamenClient, SamenTestCase, totp_code

LOGIN = "/accounts/login/"
MFA_STEP = "/accounts/2fa/authenticate/"
ACTIVATE = "/accounts/2fa/totp/activate/"
REAUTH = "/accounts/2fa/reauthenticate/"


def step_start() -> float:
    """Five seconds into the next 30-second step: frozen there, a test never straddles two
    codes (and stays close enough to now that sessions do not expire)."""
    return (int(time.time()) // TOTP_PERIOD + 1) * TOTP_PERIOD + 5


class MfaTestCase(SamenTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()  # used TOTP codes and rate limits from other tests

    def password_step(self, client: SamenClient, user: User) -> str:
        response = client.post(LOGIN, {"login": user.username, "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
        return str(response["Location"])


class SignInTest(MfaTestCase):
    def test_a_professional_with_totp_must_enter_a_code_before_anything(self) -> None:
        client = SamenClient()
        self.assertEqual(self.password_step(client, self.clara), MFA_STEP)
        # Half signed in: no page of the application answers yet.
        self.assertEqual(client.get(f"/youth/{self.record.pk}/").status_code, 302)
        self.assertFalse(AuditEvent.objects.filter(event="accounts.login").exists())
        with time_machine.travel(noon := step_start(), tick=False):
            response = client.post(MFA_STEP, {"code": totp_code(noon)})
            self.assertEqual(response["Location"], "/")
            self.assertEqual(client.get(f"/youth/{self.record.pk}/").status_code, 200)
        self.assertEqual(AuditEvent.objects.get(event="accounts.login").actor, self.clara)

    def test_a_wrong_code_is_refused_and_audited(self) -> None:
        client = SamenClient()
        self.password_step(client, self.carla)
        with time_machine.travel(noon := step_start(), tick=False):
            wrong = "000000" if totp_code(noon) != "000000" else "111111"
            response = client.post(MFA_STEP, {"code": wrong})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(client.get("/youth/").status_code, 302)
        event = AuditEvent.objects.get(event="accounts.mfa.failed")
        self.assertEqual((event.actor, event.outcome), (self.carla, "denied"))

    def test_a_code_works_once_and_only_in_its_own_step(self) -> None:  # AUTH-03
        with time_machine.travel(noon := step_start(), tick=False):
            first, second = SamenClient(), SamenClient()
            self.password_step(first, self.wout)
            self.password_step(second, self.wout)
            code = totp_code(noon)
            self.assertEqual(first.post(MFA_STEP, {"code": code})["Location"], "/")
            self.assertEqual(second.post(MFA_STEP, {"code": code}).status_code, 200)  # replay
            self.assertEqual(second.get("/youth/").status_code, 302)
            # The previous and the next step's codes are not accepted (no drift window).
            for other in (noon - TOTP_PERIOD, noon + TOTP_PERIOD):
                self.assertEqual(second.post(MFA_STEP, {"code": totp_code(other)}).status_code,
                                 200)
            self.assertEqual(second.get("/youth/").status_code, 302)

    def test_a_recovery_code_works_once_and_is_not_stored(self) -> None:  # AUTH-04
        recovery = RecoveryCodes(Authenticator.objects.get(
            user=self.clara, type=Authenticator.Type.RECOVERY_CODES))
        code = recovery.get_unused_codes()[0]
        stored = str(Authenticator.objects.filter(user=self.clara).values_list("data"))
        self.assertNotIn(code, stored)
        first, second = SamenClient(), SamenClient()
        self.password_step(first, self.clara)
        self.assertEqual(first.post(MFA_STEP, {"code": code})["Location"], "/")
        self.password_step(second, self.clara)
        self.assertEqual(second.post(MFA_STEP, {"code": code}).status_code, 200)
        self.assertEqual(second.get("/youth/").status_code, 302)

    def test_young_people_and_parents_sign_in_with_a_password_only(self) -> None:
        for user in (self.jet, self.paul):
            client = SamenClient()
            self.assertEqual(self.password_step(client, user), "/")
            self.assertEqual(client.get("/youth/").status_code, 200)


class EnforcementTest(MfaTestCase):
    def professional_without_totp(self) -> User:
        user = User.objects.create_user("noor", password=PASSWORD)
        Membership.objects.create(user=user, organisation=self.care, role=Role.CLINICIAN)
        return user

    def test_every_professional_role_is_held_at_the_mfa_step(self) -> None:  # AUTH-02
        # A session with the password only (Django's login, no allauth MFA record).
        pages = ["/", "/youth/", f"/youth/{self.record.pk}/", "/dashboard/", "/org/",
                 "/alerts/"]
        for user in (self.carla, self.wout, self.clara, self.petra, self.ad):
            client = SamenClient()
            client.post(LOGIN, {"login": user.username, "password": PASSWORD})
            for page in pages:
                with self.subTest(user=user.username, page=page):
                    response = client.get(page)
                    self.assertEqual(response.status_code, 302)
                    self.assertTrue(response["Location"].startswith(("/accounts/", "/accounts/login/")))
            api = client.get(f"/api/v1/young-people/{self.record.pk}")
            self.assertIn(api.status_code, {401, 302})

    def test_a_session_without_the_second_factor_is_sent_to_enter_it(self) -> None:
        from django.test import Client

        client = Client()  # Django's own client: a password-only session, no MFA record
        client.force_login(self.clara)
        response = client.get(f"/youth/{self.record.pk}/")
        self.assertEqual(response["Location"], f"{REAUTH}?next=%2Fyouth%2F{self.record.pk}%2F")
        api = client.get(f"/api/v1/young-people/{self.record.pk}")
        self.assertEqual(api.status_code, 401)
        self.assertEqual(api.json()["error"]["code"], "unauthorized")  # the API's own error body
        fhir = client.get(f"/fhir/CarePlan/{self.record.pk}")
        self.assertEqual((fhir.status_code, fhir.json()["resourceType"]), (401, "OperationOutcome"))
        with time_machine.travel(noon := step_start(), tick=False):
            response = client.post(response["Location"], {"code": totp_code(noon)})
            self.assertEqual(response["Location"], f"/youth/{self.record.pk}/")
            self.assertEqual(client.get(f"/youth/{self.record.pk}/").status_code, 200)

    def test_logout_language_and_health_stay_open_at_the_step(self) -> None:
        user = self.professional_without_totp()
        client = SamenClient()
        self.password_step(client, user)
        self.assertEqual(client.get("/healthz").status_code, 200)
        self.assertEqual(client.post("/i18n/setlang/", {"language": "en", "next": "/"})
                         .status_code, 302)
        self.assertEqual(client.post("/accounts/logout/")["Location"], LOGIN)
        self.assertNotIn("_auth_user_id", client.session)

    @override_settings(SAMEN_MFA_REQUIRED=False)
    def test_the_setting_switches_enforcement_off(self) -> None:
        user = self.professional_without_totp()
        client = SamenClient()
        self.password_step(client, user)
        self.assertEqual(client.get("/").status_code, 200)

    def test_an_api_token_request_is_not_held(self) -> None:
        from samen.web.api.actions import do_create_token
        from samen.web.audit.log import Actor

        _, token = do_create_token(actor=Actor(user=self.clara, channel="web"), name="test")
        response = self.client.get(f"/api/v1/young-people/{self.record.pk}",
                                   HTTP_AUTHORIZATION=f"Bearer {token}")
        self.assertEqual(response.status_code, 200)


class ActivationTest(MfaTestCase):
    def test_a_professional_without_totp_must_set_it_up(self) -> None:
        user = User.objects.create_user("noor", password=PASSWORD)
        Membership.objects.create(user=user, organisation=self.care, role=Role.CLINICIAN)
        client = SamenClient()
        self.assertEqual(client.post(LOGIN, {"login": "noor", "password": PASSWORD})["Location"], "/")
        self.assertEqual(client.get("/")["Location"], ACTIVATE)
        self.assertEqual(client.get("/youth/")["Location"], ACTIVATE)
        # allauth asks for the password again before a new factor is added.
        recheck = client.get(ACTIVATE)["Location"]
        self.assertTrue(recheck.startswith("/accounts/reauthenticate/"))
        self.assertEqual(client.post(recheck, {"password": PASSWORD})["Location"], ACTIVATE)
        page = client.get(ACTIVATE)
        self.assertEqual(page.status_code, 200)
        secret = page.context["form"].secret
        # allauth announces the new authenticator after commit (a TestCase never commits).
        with time_machine.travel(noon := step_start(), tick=False), \
                self.captureOnCommitCallbacks(execute=True):
            response = client.post(ACTIVATE, {"code": totp_code(noon, secret)})
        self.assertEqual(response["Location"], "/accounts/2fa/recovery-codes/")
        codes = client.get("/accounts/2fa/recovery-codes/")
        self.assertEqual(codes.status_code, 200, codes.get("Location"))
        self.assertEqual(client.get("/youth/").status_code, 200)  # activation proved the factor
        self.assertEqual(Authenticator.objects.filter(user=user).count(), 2)  # TOTP + codes
        self.assertTrue(AuditEvent.objects.filter(event="accounts.mfa.add", actor=user).exists())


class ChangesNeedReauthenticationTest(MfaTestCase):
    def test_turning_totp_off_needs_a_recent_password(self) -> None:  # AUTH-08
        self.login(self.clara)
        with time_machine.travel(time.time() + 600):  # the sign-in is 10 minutes old
            response = self.client.get("/accounts/2fa/totp/deactivate/")
            self.assertEqual(response.status_code, 302)
            self.assertTrue(response["Location"].startswith("/accounts/reauthenticate/"))
        self.assertTrue(Authenticator.objects.filter(user=self.clara, type="totp").exists())
        recheck = self.client.post("/accounts/reauthenticate/", {"password": PASSWORD})
        self.assertEqual(recheck.status_code, 302)
        self.assertEqual(self.client.get("/accounts/2fa/totp/deactivate/").status_code, 200)


class PasswordResetTest(MfaTestCase):
    def test_a_reset_password_still_needs_the_second_factor(self) -> None:  # AUTH-07
        self.clara.email = "clara@example.org"
        self.clara.save()
        client = SamenClient()
        client.post("/accounts/password/reset/", {"email": "clara@example.org"})
        self.assertEqual(len(mail.outbox), 1)
        link = next(word for word in mail.outbox[0].body.split() if "/password/reset/key/" in word)
        path = link.split("testserver", 1)[1]
        form = client.get(path, follow=True)
        new = "a-brand-new-long-password"
        response = client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(client.get("/youth/").status_code, 302)  # reset does not sign in
        response = client.post(LOGIN, {"login": "clara", "password": new})
        self.assertEqual(response["Location"], MFA_STEP)
        # The link is single-use.
        self.assertTrue(client.get(path, follow=True).context["token_fail"])
