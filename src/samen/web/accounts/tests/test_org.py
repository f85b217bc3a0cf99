"""Organisation admin pages: who reaches them, and adding, changing and deactivating members."""

from __future__ import annotations

from datetime import date

from django.contrib.sessions.models import Session

from samen.web.accounts.models import Membership, User
from samen.web.accounts.roles import Role
from samen.web.audit.log import Actor
from samen.web.audit.models import AuditEvent
from samen.web.testing import PASSWORD, SamenClient
from samen.web.youth.actions import do_start_team
from samen.web.youth.tests.routes import RouteTestCase


class OrgTestCase(RouteTestCase):
    oscar: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # The other region's admin, to show that an admin reaches only their own organisation.
        cls.oscar = cls.make_user("oscar", "other_admin", cls.other_school, Role.ORG_ADMIN)

    def membership(self, user: User) -> Membership:
        return user.memberships.get()


class OrgRoutesTest(OrgTestCase):
    def test_only_the_admin_of_the_organisation_reaches_its_pages(self) -> None:
        school, other = self.school.pk, self.other_school.pk
        carla, otto = self.membership(self.carla).pk, self.membership(self.otto).pk
        self.assert_statuses("get", "/org/", {self.ad: 200})
        self.assert_statuses("get", f"/org/{school}/members/new/", {self.ad: 200})
        self.assert_statuses("get", f"/org/{other}/members/new/", {})
        self.assert_statuses("post", f"/org/{school}/members/{carla}/role/", {self.ad: 400},
                             data={"role": "boss"})
        # A member of another organisation does not exist under this one, not even for its admin.
        self.assert_statuses("post", f"/org/{school}/members/{otto}/deactivate/", {})
        self.assert_statuses("post", f"/org/{other}/members/{otto}/deactivate/", {})
        self.assert_statuses("post", f"/org/{school}/members/999999/role/", {},
                             data={"role": "clinician"})

    def test_the_other_regions_admin_reaches_only_their_own(self) -> None:
        self.login(self.oscar)
        self.assertEqual(self.client.get(f"/org/{self.other_school.pk}/members/new/").status_code,
                         200)
        self.assertEqual(self.client.get(f"/org/{self.school.pk}/members/new/").status_code, 404)
        pages = self.client.get("/org/").context["pages"]
        self.assertEqual([page.organisation.name for page in pages], ["Lyceum Zuid"])
        self.assertEqual([m.user.username for m in pages[0].members], ["oscar", "otto"])

    def test_changes_need_a_post(self) -> None:
        self.login(self.ad)
        url = f"/org/{self.school.pk}/members/{self.membership(self.carla).pk}/deactivate/"
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertTrue(Membership.objects.get(user=self.carla).is_active)


class MembersTest(OrgTestCase):
    def test_members_and_roles_are_listed(self) -> None:
        self.login(self.ad)
        response = self.client.get("/org/")
        [page] = response.context["pages"]
        self.assertEqual([(m.user.username, m.role) for m in page.members],
                         [("ad", "org_admin"), ("carla", "school_coordinator")])
        html = response.content.decode()
        self.assertIn("Zorgcoördinator school", html)
        self.assertIn('<label for="role-', html)

    def test_adding_a_member_shows_a_working_password_once(self) -> None:
        self.login(self.ad)
        response = self.client.post(f"/org/{self.school.pk}/members/new/", {
            "username": "nora", "display_name": "Nora Mentor", "role": "school_coordinator"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "no-store")
        password = response.context["password"]
        self.assertEqual(len(password), 19)  # four groups of four, three dashes
        self.assertIn(password, response.content.decode())
        membership = Membership.objects.get(user__username="nora")
        self.assertEqual((membership.organisation, membership.role, membership.user.display_name),
                         (self.school, "school_coordinator", "Nora Mentor"))
        self.assertTrue(SamenClient().login(username="nora", password=password))
        event = AuditEvent.objects.get(event="accounts.member.create")
        self.assertEqual((event.actor_id, event.action, event.object_id, event.changed_fields,
                          event.organisation_name),
                         (self.ad.pk, "C", str(membership.pk),
                          ["display_name", "password", "role", "username"], "Het Baken"))
        self.assertNotIn(password, str(AuditEvent.objects.values_list()))
        # Shown once: the organisation page does not show it again.
        self.assertNotIn(password, self.client.get("/org/").content.decode())

    def test_bad_input_names_the_field(self) -> None:
        self.login(self.ad)
        before = User.objects.count()
        cases = {
            "username": ({"username": "Carla"}, "Deze gebruikersnaam is al in gebruik."),
            "display_name": ({"display_name": "   "}, "Dit veld is verplicht."),
            "role": ({"role": "boss"}, "Selecteer een geldige keuze."),
        }
        for field, (change, message) in cases.items():
            with self.subTest(field=field):
                data = {"username": "nora", "display_name": "Nora", "role": "clinician", **change}
                response = self.client.post(f"/org/{self.school.pk}/members/new/", data)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(list(response.context["form"].errors), [field])
                self.assertIn(message, response.content.decode())
        self.assertEqual(User.objects.count(), before)

    def test_a_new_role_takes_effect_on_the_next_request(self) -> None:
        self.login(self.carla)
        self.assertEqual(self.client.get(f"/youth/{self.record.pk}/").status_code, 200)
        self.login(self.ad)
        url = f"/org/{self.school.pk}/members/{self.membership(self.carla).pk}/role/"
        self.assertEqual(self.client.post(url, {"role": "policy_officer"}).status_code, 302)
        self.assertEqual(Membership.objects.get(user=self.carla).role, "policy_officer")
        event = AuditEvent.objects.get(event="accounts.member.role")
        self.assertEqual((event.action, event.changed_fields), ("U", ["role", "sessions"]))
        self.login(self.carla)
        self.assertEqual(self.client.get(f"/youth/{self.record.pk}/").status_code, 404)

    def test_an_admin_cannot_change_or_deactivate_themselves(self) -> None:
        self.login(self.ad)
        own = self.membership(self.ad).pk
        response = self.client.post(f"/org/{self.school.pk}/members/{own}/role/",
                                    {"role": "clinician"}, follow=True)
        self.assertIn("U kunt uw eigen rol niet wijzigen.", response.content.decode())
        self.client.post(f"/org/{self.school.pk}/members/{own}/deactivate/")
        self.assertEqual(Membership.objects.filter(user=self.ad, role="org_admin",
                                                   is_active=True).count(), 1)
        self.assertFalse(AuditEvent.objects.filter(event__startswith="accounts.member").exists())

    def test_deactivation_ends_the_sessions_at_once(self) -> None:
        carla_browser, carla_phone = SamenClient(), SamenClient()
        for client in (carla_browser, carla_phone):
            self.assertTrue(client.login(username="carla", password=PASSWORD))
        self.assertEqual(carla_browser.get("/youth/").status_code, 200)
        self.login(self.ad)
        sessions_before = Session.objects.count()
        url = f"/org/{self.school.pk}/members/{self.membership(self.carla).pk}/deactivate/"
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assertEqual(Session.objects.count(), sessions_before - 2)  # the admin's stays
        for client in (carla_browser, carla_phone):
            response = client.get(f"/youth/{self.record.pk}/")
            self.assertEqual(response.status_code, 302)
            self.assertTrue(response["Location"].startswith("/accounts/login/"))
        self.carla.refresh_from_db()
        self.assertFalse(self.carla.is_active)
        self.assertFalse(SamenClient().login(username="carla", password=PASSWORD))
        event = AuditEvent.objects.get(event="accounts.member.deactivate")
        self.assertEqual(event.changed_fields, ["is_active", "sessions", "user.is_active"])
        self.assertEqual(self.client.get("/org/").status_code, 200)  # the admin is still in

    def test_the_admin_page_in_english(self) -> None:
        self.login(self.ad)
        html = self.client.get("/org/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.assertIn("Pending consents", html)
        self.assertIn("School care coordinator", html)


class PendingConsentsTest(OrgTestCase):
    def test_pending_records_show_pseudonym_and_missing_party_only(self) -> None:
        young_person = do_start_team(
            actor=Actor(user=self.carla, channel="web"), membership=self.membership(self.carla),
            birth_month=date(2009, 2, 1), sex="F", district="Oost", pseudonym="J-NEW018",
        )
        self.login(self.ad)
        response = self.client.get("/org/")
        [pending] = response.context["pages"][0].pending
        self.assertEqual((pending.pseudonym, [str(p) for p in pending.missing]),
                         ("J-NEW018", ["young_person"]))
        html = " ".join(response.content.decode().split())
        self.assertIn("J-NEW018", html)
        self.assertIn('Wacht op toestemming: jongere <span class="muted">(geen account gekoppeld)'
                      "</span>", html)
        self.assertNotIn("Oost", html)  # no district, age or stage of the person
        event = AuditEvent.objects.get(event="accounts.pending.view")
        self.assertEqual((event.actor_id, event.subject_id, event.actor_role, event.basis),
                         (self.ad.pk, young_person.pk, "org_admin", "pending_consent"))
        # The admin still cannot open the record.
        self.assertEqual(self.client.get(f"/youth/{young_person.pk}/").status_code, 404)
