"""Every care-plan route for every member of the cast, on a record of our region and of the other.

Jet's record is reached by Jet, Paul (she shares it with her parents), Carla, Wout and Clara; the
other region's record by Otto and Olga. Everyone else gets 404, an anonymous visitor the login.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from samen.web.accounts.models import User
from samen.web.careplans.models import Goal, PlanAction
from samen.web.careplans.tests.support import add_action, add_goal
from samen.web.testing import SamenTestCase

ANONYMOUS = 302


class RouteCase(SamenTestCase):
    def assert_statuses(self, method: str, url: str, expected: dict[User, int],
                        data: Any = None) -> None:
        """Everyone not named in ``expected`` gets 404; anonymous visitors go to the login."""
        self.client.logout()
        response = getattr(self.client, method)(url, (data() if callable(data) else data) or {})
        self.assertEqual(response.status_code, ANONYMOUS, f"anonymous {method} {url}")
        self.assertTrue(response["Location"].startswith("/accounts/login/"))
        for user in self.everyone:
            with self.subTest(user=user.username, method=method, url=url):
                self.login(user)
                payload = data() if callable(data) else data
                response = getattr(self.client, method)(url, payload or {})
                self.assertEqual(response.status_code, expected.get(user, 404))
                self.client.logout()


class PlanRoutesTest(RouteCase):
    parent_action: PlanAction
    goal: Goal
    other_action: PlanAction
    other_goal: Goal

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # A parent action and a goal in Jet's plan; a clinician action and a goal in the other.
        cls.parent_action = add_action(cls.clara, cls.record, title="One shared meal a day",
                                       level="parents", owner_role="parent")
        cls.goal = add_goal(cls.clara, cls.record, "Walk the dog twice a week")
        cls.other_action = add_action(cls.olga, cls.other_record, title="CBT intake")
        cls.other_goal = add_goal(cls.olga, cls.other_record, "Go to the library")

    def everyone_reading_jet(self) -> dict[User, int]:
        return {self.jet: 200, self.paul: 200, self.carla: 200, self.wout: 200, self.clara: 200}

    def test_plan_and_profile(self) -> None:
        for name in ("careplans:plan", "careplans:profile"):
            self.assert_statuses("get", reverse(name, args=[self.record.pk]),
                                 self.everyone_reading_jet())
            self.assert_statuses("get", reverse(name, args=[self.other_record.pk]),
                                 {self.otto: 200, self.olga: 200})

    def test_missing_record_is_404_for_everyone(self) -> None:
        self.assert_statuses("get", reverse("careplans:plan", args=[999_999]), {})

    def test_action_add_form(self) -> None:
        # The clinician writes the plan; coordinator and youth worker add their own role's actions.
        self.assert_statuses("get", reverse("careplans:action_add", args=[self.record.pk]), {
            self.jet: 403, self.paul: 403, self.carla: 200, self.wout: 200, self.clara: 200})
        self.assert_statuses("get", reverse("careplans:action_add", args=[self.other_record.pk]),
                             {self.otto: 200, self.olga: 200})

    def test_action_edit_form(self) -> None:
        # Paul owns the parent action (progress form); Clara edits it; the others may only read.
        url = reverse("careplans:action_edit", args=[self.record.pk, self.parent_action.pk])
        self.assert_statuses("get", url, {
            self.jet: 403, self.paul: 200, self.carla: 403, self.wout: 403, self.clara: 200})
        url = reverse("careplans:action_edit", args=[self.other_record.pk, self.other_action.pk])
        self.assert_statuses("get", url, {self.otto: 403, self.olga: 200})

    def test_action_of_another_record_is_404(self) -> None:
        url = reverse("careplans:action_edit", args=[self.record.pk, self.other_action.pk])
        self.assert_statuses("get", url, {})
        url = reverse("careplans:goal_edit", args=[self.record.pk, self.other_goal.pk])
        self.assert_statuses("get", url, {})

    def test_action_done(self) -> None:
        def version() -> dict[str, int]:
            return {"version": PlanAction.objects.get(pk=self.parent_action.pk).version}

        url = reverse("careplans:action_done", args=[self.record.pk, self.parent_action.pk])
        self.assert_statuses("post", url, {
            self.jet: 403, self.paul: 302, self.carla: 403, self.wout: 403, self.clara: 302},
            data=version)
        self.assertEqual(PlanAction.objects.get(pk=self.parent_action.pk).status, "done")
        url = reverse("careplans:action_done", args=[self.other_record.pk, self.other_action.pk])
        self.assert_statuses("post", url, {self.otto: 403, self.olga: 302},
                             data=lambda: {"version": PlanAction.objects.get(
                                 pk=self.other_action.pk).version})

    def test_goal_add_form(self) -> None:
        self.assert_statuses("get", reverse("careplans:goal_add", args=[self.record.pk]), {
            self.jet: 200, self.paul: 403, self.carla: 403, self.wout: 403, self.clara: 200})
        self.assert_statuses("get", reverse("careplans:goal_add", args=[self.other_record.pk]),
                             {self.otto: 403, self.olga: 200})

    def test_goal_edit_form(self) -> None:
        url = reverse("careplans:goal_edit", args=[self.record.pk, self.goal.pk])
        self.assert_statuses("get", url, {
            self.jet: 200, self.paul: 403, self.carla: 403, self.wout: 403, self.clara: 200})
        url = reverse("careplans:goal_edit", args=[self.other_record.pk, self.other_goal.pk])
        self.assert_statuses("get", url, {self.otto: 403, self.olga: 200})

    def test_goal_done(self) -> None:
        url = reverse("careplans:goal_done", args=[self.record.pk, self.goal.pk])
        self.assert_statuses("post", url, {
            self.jet: 302, self.paul: 403, self.carla: 403, self.wout: 403, self.clara: 302},
            data=lambda: {"version": Goal.objects.get(pk=self.goal.pk).version})
        self.assertEqual(Goal.objects.get(pk=self.goal.pk).status, "done")
        url = reverse("careplans:goal_done", args=[self.other_record.pk, self.other_goal.pk])
        self.assert_statuses("post", url, {self.otto: 403, self.olga: 302},
                             data=lambda: {"version": Goal.objects.get(
                                 pk=self.other_goal.pk).version})

    def test_done_needs_post(self) -> None:
        self.login(self.clara)
        url = reverse("careplans:goal_done", args=[self.record.pk, self.goal.pk])
        self.assertEqual(self.client.get(url).status_code, 405)
