"""The demo region: one login per role, the two stories, and a comparison left to the worker."""

from __future__ import annotations

from django.test import TestCase
from django_tasks_db.models import DBTaskResult

from samen.web.accounts.models import User
from samen.web.accounts.roles import Role
from samen.web.core.demo import BACKGROUND_RECORDS, seed_demo
from samen.web.youth.access import get_access
from samen.web.youth.models import YoungPerson


class DemoSeedTest(TestCase):
    def test_it_creates_a_login_per_role_and_is_idempotent(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            logins = seed_demo("first-password-1")
        self.assertEqual([name for name, _ in logins],
                         ["demo-" + role.value.replace("_", "-") for role in Role])
        self.assertEqual(YoungPerson.objects.count(), BACKGROUND_RECORDS + 2)
        seed_demo("second-password-2")
        self.assertEqual(YoungPerson.objects.count(), BACKGROUND_RECORDS + 2)
        clinician = User.objects.get(username="demo-clinician")
        self.assertTrue(clinician.check_password("second-password-2"))

    def test_the_stories_are_in_place(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            seed_demo("first-password-1")
        sam = YoungPerson.objects.get(pseudonym="J-DEMO17")
        daan = YoungPerson.objects.get(pseudonym="J-DEMO15")
        # Sam: out once a week for the last 15 weeks -> pre-hikikomori (13 to 25 weeks).
        self.assertEqual((sam.stage, sam.withdrawn_weeks), ("pre_hikikomori", 15))
        # Daan: 11 such weeks -> not yet; two more logged weeks would pass the 3-month line.
        self.assertEqual((daan.stage, daan.withdrawn_weeks), ("none", 11))
        parent = User.objects.get(username="demo-parent")
        self.assertIsNotNone(get_access(parent, daan))
        self.assertIsNone(get_access(User.objects.get(username="demo-policy-officer"), sam))
        self.assertTrue(sam.care_plan.actions.exists())
        self.assertEqual(daan.assignments.get().respondent_user, parent)
        comparison = DBTaskResult.objects.filter(task_path__endswith="run_comparison")
        self.assertEqual(comparison.count(), 1)
        self.assertEqual(comparison.get().args_kwargs["args"][:2], ["baseline", "wij"])


class ErrorPageTest(TestCase):
    def test_not_found_is_a_bilingual_page(self) -> None:
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Pagina niet gevonden", status_code=404)
        response = self.client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Page not found", status_code=404)
