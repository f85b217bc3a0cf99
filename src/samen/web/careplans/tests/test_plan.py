"""The plan: journey 3, owners and their rights, stale edits, validation, audit, home panels."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from samen.web.audit.log import Actor
from samen.web.audit.models import AuditEvent
from samen.web.careplans.actions import StaleVersionError, do_update_action, do_update_goal
from samen.web.careplans.models import CarePlan, Goal, PlanAction
from samen.web.careplans.tests.support import (
    WorkerTestCase,
    add_action,
    add_goal,
    in_days,
    store_response,
)
from samen.web.testing import SamenTestCase
from samen.web.youth.access import get_access


def jet_answers(record: object) -> None:
    """Jet (17): social anxiety (Mini-SPIN 4+4+3 = 11, cut-off 6), depressive symptoms (PHQ-A
    2 x 9 = 18, cut-off 11: high), lonely (UCLA-3 3+3+2 = 8, band 6-9), social-media problems
    (SMD 6 of 9, cut-off 5), attachment anxiety (ECR-RS anxiety items 7-9 all 6: mean 6, at or
    above the midpoint 4)."""
    store_response(record, "mini_spin", [4, 4, 3], days_ago=3)  # type: ignore[arg-type]
    store_response(record, "phqa", [2] * 9, days_ago=3)  # type: ignore[arg-type]
    store_response(record, "ucla3", [3, 3, 2], days_ago=2)  # type: ignore[arg-type]
    store_response(record, "smd9", [1, 1, 1, 1, 1, 1, 0, 0, 0], days_ago=1)  # type: ignore[arg-type]
    store_response(record, "ecr_rs", [6] * 9, days_ago=1)  # type: ignore[arg-type]


class JourneyThreeTest(WorkerTestCase):
    """The clinician opens the risk profile, turns three suggestions (parents, school, community)
    into actions with owners and due dates, and the plan shows them."""

    def test_three_suggestions_become_owned_dated_actions(self) -> None:
        jet_answers(self.record)
        self.login(self.clara)
        profile_url = reverse("careplans:profile", args=[self.record.pk])
        page = self.client.get(profile_url).content.decode()
        self.assertIn("Sociale angst en depressie", page)
        for intervention in ("consistent_care_support", "return_to_school_plan",
                             "community_shared_activities"):
            self.assertIn(f"?intervention={intervention}", page)

        chosen = [
            ("consistent_care_support", self.paul, "parent", 14),
            ("return_to_school_plan", self.carla, "school_coordinator", 21),
            ("community_shared_activities", self.wout, "youth_worker", 28),
        ]
        add_url = reverse("careplans:action_add", args=[self.record.pk])
        for intervention, owner, role, days in chosen:
            form = self.client.get(add_url, {"intervention": intervention})
            self.assertEqual(form.status_code, 200)
            initial = form.context["form"].initial
            self.assertEqual(initial["intervention_id"], intervention)
            self.assertEqual(initial["owner_role"], role)
            response = self.client.post(add_url, {
                "title": initial["title"], "level": initial["level"], "owner_role": role,
                "owner_person": owner.pk, "due": in_days(days).isoformat(), "status": "open",
                "notes": "", "intervention_id": intervention, "goal": "",
            })
            self.assertEqual(response.status_code, 302, getattr(response, "context", None)
                             and response.context["form"].errors)

        actions = list(PlanAction.objects.filter(young_person=self.record).order_by("due"))
        self.assertEqual(
            [(a.intervention_id, a.level, a.owner_role, a.owner_person, a.due, a.status)
             for a in actions],
            [("consistent_care_support", "parents", "parent", self.paul, in_days(14), "open"),
             ("return_to_school_plan", "school", "school_coordinator", self.carla, in_days(21),
              "open"),
             ("community_shared_activities", "community", "youth_worker", self.wout,
              in_days(28), "open")],
        )
        self.assertEqual(actions[0].title, "Consistente zorg en emotionele steun")  # Dutch default
        self.assertEqual(CarePlan.objects.filter(young_person=self.record).count(), 1)
        plan = self.client.get(reverse("careplans:plan", args=[self.record.pk])).content.decode()
        for action in actions:
            self.assertIn(action.title, plan)
        # The profile now says these three are in the plan.
        self.assertEqual(self.client.get(profile_url).content.decode().count("Staat al in het plan"),
                         3)

    def test_every_write_is_audited_with_field_names_only(self) -> None:
        action = add_action(self.clara, self.record, title="Secret title", notes="private words",
                            level="parents", owner_role="parent", owner_person=self.paul)
        events = AuditEvent.objects.filter(event__startswith="careplans.").order_by("pk")
        self.assertEqual([e.event for e in events],
                         ["careplans.plan.create", "careplans.action.create"])
        created = events.last()
        assert created is not None
        self.assertEqual(created.object_id, str(action.pk))
        self.assertEqual(created.subject_pseudonym, "J-JET017")
        self.assertEqual(created.actor_role, "clinician")
        self.assertEqual(created.changed_fields, sorted(
            ["title", "level", "owner_role", "owner_person", "due", "status", "notes"]))
        self.assertNotIn("Secret", str(created.__dict__))
        self.assertNotIn("private", str(created.__dict__))

    def test_a_write_enqueues_the_alert_rules(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            add_action(self.clara, self.record)
        self.assertEqual(self.run_worker(), 1)


class OwnersTest(SamenTestCase):
    own: PlanAction
    parents: PlanAction
    school_action: PlanAction

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.own = add_action(cls.clara, cls.record, title="Message one friend", level="young_person",
                             owner_role="young_person")
        cls.parents = add_action(cls.clara, cls.record, title="One shared meal a day",
                                 level="parents", owner_role="parent", owner_person=cls.paul)
        cls.school_action = add_action(cls.clara, cls.record, title="Gradual return plan",
                                level="school", owner_role="school_coordinator")

    def tick(self, action: PlanAction) -> int:
        url = reverse("careplans:action_done", args=[self.record.pk, action.pk])
        action.refresh_from_db()
        return self.client.post(url, {"version": action.version}).status_code

    def test_young_person_ticks_off_own_action_but_not_someone_elses(self) -> None:
        self.login(self.jet)
        self.assertEqual(self.tick(self.own), 302)
        self.own.refresh_from_db()
        self.assertEqual((self.own.status, self.own.version), ("done", 2))
        self.assertIsNotNone(self.own.completed_at)
        self.assertEqual(self.tick(self.parents), 403)
        self.parents.refresh_from_db()
        self.assertEqual((self.parents.status, self.parents.version), ("open", 1))

    def test_parent_updates_own_action_status_and_notes_only(self) -> None:
        self.login(self.paul)
        url = reverse("careplans:action_edit", args=[self.record.pk, self.parents.pk])
        form = self.client.get(url).context["form"]
        self.assertEqual(sorted(form.fields), ["notes", "status", "version"])
        response = self.client.post(url, {"status": "in_progress", "notes": "Tuesdays work",
                                          "version": 1, "title": "Hijacked"})
        self.assertEqual(response.status_code, 302)
        self.parents.refresh_from_db()
        self.assertEqual((self.parents.status, self.parents.notes, self.parents.title),
                         ("in_progress", "Tuesdays work", "One shared meal a day"))
        self.assertEqual(self.tick(self.school_action), 403)

    def test_coordinator_edits_school_actions_but_not_others(self) -> None:
        self.login(self.carla)
        url = reverse("careplans:action_edit", args=[self.record.pk, self.school_action.pk])
        response = self.client.post(url, {
            "title": "Gradual return: two mornings a week", "level": "school",
            "owner_role": "school_coordinator", "owner_person": self.carla.pk,
            "due": in_days(10).isoformat(), "status": "in_progress", "notes": "",
            "intervention_id": "return_to_school_plan", "goal": "", "version": 1,
        })
        self.assertEqual(response.status_code, 302)
        self.school_action.refresh_from_db()
        self.assertEqual((self.school_action.title, self.school_action.owner_person, self.school_action.version),
                         ("Gradual return: two mornings a week", self.carla, 2))
        self.assertEqual(self.tick(self.parents), 403)
        # She cannot hand her action to another role.
        access = get_access(self.carla, self.record)
        assert access is not None
        with self.assertRaises(PermissionDenied):
            do_update_action(actor=Actor(self.carla, "test"), access=access, action=self.school_action,
                             version=2, owner_role="clinician")

    def test_young_person_adds_and_ticks_off_a_goal(self) -> None:
        self.login(self.jet)
        response = self.client.post(reverse("careplans:goal_add", args=[self.record.pk]),
                                    {"title": "Go to the cinema with Sam", "due": "", "notes": ""})
        self.assertEqual(response.status_code, 302)
        goal = Goal.objects.get(young_person=self.record)
        response = self.client.post(
            reverse("careplans:goal_done", args=[self.record.pk, goal.pk]),
            {"version": goal.version, "next": "/"})
        self.assertEqual((response.status_code, response["Location"]), (302, "/"))
        goal.refresh_from_db()
        self.assertEqual((goal.status, goal.version), ("done", 2))

    def test_owners_do_not_cancel(self) -> None:
        paul = get_access(self.paul, self.record)
        jet = get_access(self.jet, self.record)
        assert paul is not None
        assert jet is not None
        with self.assertRaises(PermissionDenied):
            do_update_action(actor=Actor(self.paul, "api"), access=paul, action=self.parents,
                             version=1, status="cancelled")
        goal = add_goal(self.clara, self.record, "Walk the dog")
        with self.assertRaises(PermissionDenied):
            do_update_goal(actor=Actor(self.jet, "api"), access=jet, goal=goal, version=1,
                           status="cancelled")
        self.parents.refresh_from_db()
        goal.refresh_from_db()
        self.assertEqual((self.parents.status, goal.status), ("open", "open"))

    def test_a_cancelled_action_is_not_the_owners_to_change(self) -> None:
        access = get_access(self.clara, self.record)
        assert access is not None
        do_update_action(actor=Actor(self.clara, "test"), access=access, action=self.parents,
                         version=1, status="cancelled")
        self.login(self.paul)
        self.assertEqual(self.tick(self.parents), 403)


class StaleVersionTest(SamenTestCase):
    def test_a_stale_form_is_refused_and_nothing_is_lost(self) -> None:
        action = add_action(self.clara, self.record, title="Family programme", level="parents",
                            owner_role="parent", owner_person=self.paul)
        url = reverse("careplans:action_edit", args=[self.record.pk, action.pk])
        self.login(self.clara)
        opened = self.client.get(url).context["form"]
        self.assertEqual(opened.initial["version"], 1)
        # Meanwhile Paul updates the status (version 1 -> 2).
        paul = get_access(self.paul, self.record)
        assert paul is not None
        do_update_action(actor=Actor(self.paul, "test"), access=paul, action=action, version=1,
                         status="in_progress", notes="Signed up")
        mine = {"title": "Family programme (CRAFT)", "level": "parents", "owner_role": "parent",
                "owner_person": self.paul.pk, "due": in_days(30).isoformat(), "status": "open",
                "notes": "My note", "intervention_id": "craft_family_programme", "goal": "",
                "version": 1}
        response = self.client.post(url, mine)
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn("Iemand anders heeft dit gewijzigd", page)
        self.assertIn("Family programme (CRAFT)", page)  # my input is still in the form
        self.assertIn("Signed up", page)  # and the saved version beside it
        self.assertEqual(response.context["form"].data["version"], "2")
        action.refresh_from_db()
        self.assertEqual((action.title, action.status, action.notes, action.version),
                         ("Family programme", "in_progress", "Signed up", 2))
        # Saving again from the form as shown keeps my version.
        self.assertEqual(self.client.post(url, {**mine, "version": 2}).status_code, 302)
        action.refresh_from_db()
        self.assertEqual((action.title, action.notes, action.version),
                         ("Family programme (CRAFT)", "My note", 3))

    def test_the_action_function_refuses_a_stale_version(self) -> None:
        goal = add_goal(self.clara, self.record, "Walk the dog")
        access = get_access(self.clara, self.record)
        assert access is not None
        do_update_goal(actor=Actor(self.clara, "test"), access=access, goal=goal, version=1,
                       title="Walk the dog twice")
        with self.assertRaises(StaleVersionError) as caught:
            do_update_goal(actor=Actor(self.clara, "test"), access=access, goal=goal, version=1,
                           title="Something else")
        self.assertEqual(caught.exception.current.version, 2)
        goal.refresh_from_db()
        self.assertEqual(goal.title, "Walk the dog twice")

    def test_a_stale_tick_changes_nothing(self) -> None:
        action = add_action(self.clara, self.record, level="young_person",
                            owner_role="young_person")
        PlanAction.objects.filter(pk=action.pk).update(version=5)
        self.login(self.jet)
        response = self.client.post(
            reverse("careplans:action_done", args=[self.record.pk, action.pk]), {"version": 1},
            follow=True)
        self.assertContains(response, "Iemand anders heeft deze actie net gewijzigd")
        action.refresh_from_db()
        self.assertEqual((action.status, action.version), ("open", 5))


class ValidationTest(SamenTestCase):
    def post_action(self, **changes: object) -> object:
        data = {"title": "Weekly sport group", "level": "community", "owner_role": "youth_worker",
                "owner_person": self.wout.pk, "due": in_days(7).isoformat(), "status": "open",
                "notes": "", "intervention_id": "", "goal": ""}
        data.update(changes)
        self.login(self.clara)
        return self.client.post(reverse("careplans:action_add", args=[self.record.pk]), data)

    def test_owner_must_hold_the_owner_role(self) -> None:
        response = self.post_action(owner_person=self.paul.pk)
        self.assertEqual(response.status_code, 200)  # type: ignore[attr-defined]
        self.assertIn("owner_person", response.context["form"].errors)  # type: ignore[attr-defined]
        self.assertIn("Deze persoon heeft niet de gekozen eigenaarsrol",
                      response.content.decode())  # type: ignore[attr-defined]
        self.assertFalse(PlanAction.objects.exists())
        self.assertFalse(CarePlan.objects.exists())

    def test_owner_must_be_able_to_see_the_plan(self) -> None:
        response = self.post_action(owner_role="clinician", owner_person=self.olga.pk)
        self.assertIn("owner_person", response.context["form"].errors)  # type: ignore[attr-defined]
        self.assertFalse(PlanAction.objects.exists())

    def test_due_date_not_in_the_past_and_title_required(self) -> None:
        yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
        response = self.post_action(due=yesterday, title="")
        errors = response.context["form"].errors  # type: ignore[attr-defined]
        self.assertEqual(sorted(errors), ["due", "title"])
        self.assertFalse(PlanAction.objects.exists())

    def test_coordinator_may_only_give_actions_to_her_role(self) -> None:
        self.login(self.carla)
        form = self.client.get(reverse("careplans:action_add", args=[self.record.pk])).context[
            "form"]
        self.assertEqual([value for value, _ in form.fields["owner_role"].choices],
                         ["school_coordinator"])
        response = self.client.post(reverse("careplans:action_add", args=[self.record.pk]), {
            "title": "Sport", "level": "community", "owner_role": "youth_worker",
            "owner_person": "", "due": "", "status": "open"})
        self.assertIn("owner_role", response.context["form"].errors)
        self.assertFalse(PlanAction.objects.exists())


class HomePanelsTest(SamenTestCase):
    meal: PlanAction
    school_action: PlanAction
    goal: Goal

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.meal = add_action(cls.clara, cls.record, title="One shared meal a day",
                              level="parents", owner_role="parent", owner_person=cls.paul)
        cls.school_action = add_action(cls.clara, cls.record, title="Gradual return plan",
                                level="school", owner_role="school_coordinator")
        cls.goal = add_goal(cls.clara, cls.record, "Walk the dog twice a week")
        # The school action became overdue three days ago (due dates can lie in the past).
        PlanAction.objects.filter(pk=cls.school_action.pk).update(
            due=timezone.localdate() - timedelta(days=3))

    def test_parent_sees_their_actions(self) -> None:
        self.login(self.paul)
        page = self.client.get("/").content.decode()
        self.assertIn("Uw acties in het plan", page)
        self.assertIn("One shared meal a day", page)
        self.assertNotIn("Gradual return plan", page)

    def test_young_person_sees_goals(self) -> None:
        self.login(self.jet)
        page = self.client.get("/").content.decode()
        self.assertIn("Jouw doelen", page)
        self.assertIn("Walk the dog twice a week", page)

    def test_professional_sees_overdue_actions_of_their_role(self) -> None:
        self.login(self.carla)
        page = self.client.get("/").content.decode()
        self.assertIn("Verlopen acties van uw rol", page)
        self.assertIn("Gradual return plan", page)
        self.login(self.clara)
        page = self.client.get("/").content.decode()
        self.assertIn("Verlopen acties van uw rol", page)
        self.assertNotIn("Gradual return plan", page)
        self.assertIn("Geen verlopen acties.", page)

    def test_panels_in_english(self) -> None:
        self.login(self.paul)
        page = self.client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.assertIn("Your actions in the plan", page)

    def test_policy_officer_gets_no_plan_panel(self) -> None:
        self.login(self.petra)
        page = self.client.get("/").content.decode()
        self.assertNotIn("Verlopen acties", page)
        self.assertNotIn("One shared meal", page)
