"""What the youth pages show and do: the list, starting a team, the overview, consent, the team."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from samen.web.accounts.models import Membership, Organisation, User
from samen.web.accounts.roles import OrganisationKind, Role
from samen.web.audit.models import AuditEvent
from samen.web.testing import PASSWORD, SamenTestCase
from samen.web.youth.models import (
    CareTeamMember,
    ConsentGrant,
    ConsentScope,
    Guardianship,
    Involvement,
    YoungPerson,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=AMSTERDAM)


class ListTest(SamenTestCase):
    def test_caseload_shows_age_district_stage_and_consent(self) -> None:
        YoungPerson.objects.filter(pk=self.child.pk).update(stage="pre_hikikomori",
                                                            withdrawn_weeks=14)
        self.login(self.carla)
        response = self.client.get("/youth/")
        self.assertEqual(response.status_code, 200)
        rows = {row.access.young_person.pseudonym: row for row in response.context["caseload"]}
        self.assertEqual(set(rows), {"J-JET017", "J-RUB013"})
        # Jet: school, care and community involved, all consented; Ruben: school and care.
        self.assertEqual((rows["J-JET017"].age, rows["J-JET017"].consented,
                          rows["J-JET017"].involved), (17, 3, 3))
        self.assertEqual((rows["J-RUB013"].age, rows["J-RUB013"].consented,
                          rows["J-RUB013"].involved), (13, 2, 2))
        html = response.content.decode()
        self.assertIn("Pre-hikikomori (3 tot 6 maanden)", html)
        self.assertIn("14 weken teruggetrokken", html)
        self.assertIn("toestemming geldt voor 3 van 3 organisaties", html)
        self.assertEqual(response.context["children"], [])

    def test_listing_audits_one_read_per_record_shown(self) -> None:
        self.login(self.carla)
        self.client.get("/youth/")
        events = AuditEvent.objects.filter(event="youth.list.view", actor=self.carla)
        self.assertEqual(sorted(events.values_list("subject_pseudonym", flat=True)),
                         ["J-JET017", "J-RUB013"])
        self.assertEqual({(e.action, e.actor_role, e.basis) for e in events},
                         {("R", "school_coordinator", "care_team_consent")})

    def test_parents_see_their_children_in_plain_words(self) -> None:
        self.login(self.paul)
        response = self.client.get("/youth/")
        self.assertEqual([r.access.young_person.pseudonym for r in response.context["children"]],
                         ["J-JET017", "J-RUB013"])
        self.assertEqual(response.context["caseload"], [])
        self.assertIn("Mijn kinderen", response.content.decode())
        self.assertIn("Er is geen lange periode van thuisblijven vastgelegd.",
                      response.content.decode())

    def test_the_list_in_english(self) -> None:
        self.login(self.paul)
        response = self.client.get("/youth/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertIn("My children", response.content.decode())
        self.assertIn("No long period of staying at home has been recorded.",
                      response.content.decode())


class StartTeamTest(SamenTestCase):
    def post_start(self, **changes: str) -> object:
        data = {"membership": str(self.carla.memberships.get().pk), "birth_month": "2013-03",
                "sex": "M", "district": "Oost", "young_person_username": "",
                "parent_username": "paul"}
        data.update(changes)
        return self.client.post("/youth/new/", data)

    def test_a_new_team_stays_closed_until_consent_is_in_force(self) -> None:
        kid = User.objects.create_user("kid", password=PASSWORD)
        self.login(self.carla)
        with time_machine.travel(moment(date(2026, 11, 28)), tick=False):
            response = self.post_start(young_person_username="kid")
            self.assertEqual(response.status_code, 302)  # type: ignore[attr-defined]
            young_person = YoungPerson.objects.get(account=kid)
            self.assertEqual((young_person.birth_month, young_person.sex, young_person.district),
                             (date(2013, 3, 1), "M", "Oost"))
            self.assertEqual(young_person.age_on(timezone.localdate()), 13)
            self.assertTrue(Guardianship.objects.filter(young_person=young_person, user=self.paul,
                                                        has_authority=True).exists())
            self.assertTrue(CareTeamMember.objects.filter(
                young_person=young_person, membership__user=self.carla).exists())
            created = AuditEvent.objects.filter(subject_id=young_person.pk).order_by("id")
            self.assertEqual([(e.event, e.action) for e in created],
                             [("youth.record.create", "C"), ("youth.guardian.add", "C")])

            url = f"/youth/{young_person.pk}/"
            self.assertEqual(self.client.get(url).status_code, 404)
            listing = self.client.get("/youth/")
            [pending] = listing.context["pending"]
            self.assertEqual((pending.pseudonym, pending.organisation_name),
                             (young_person.pseudonym, "Het Baken"))
            self.assertEqual([str(p) for p in pending.missing], ["young_person", "guardians"])
            self.assertIn("Wacht op toestemming: jongere / ouders", " ".join(
                listing.content.decode().split()))

            # The parent (he is 13: a parent must consent too) and then the young person consent.
            consent = {"action": "grant", "scope": "organisation",
                       "organisation": str(self.school.pk)}
            self.login(self.paul)
            self.assertEqual(self.client.post(f"{url}consent/", consent).status_code, 302)
            self.login(self.carla)
            self.assertEqual(self.client.get(url).status_code, 404)
            [pending] = self.client.get("/youth/").context["pending"]
            self.assertEqual([str(p) for p in pending.missing], ["young_person"])
            self.login(kid)
            self.assertEqual(self.client.post(f"{url}consent/", consent).status_code, 302)
            self.login(self.carla)
            self.assertEqual(self.client.get(url).status_code, 200)
            self.assertEqual(self.client.get("/youth/").context["pending"], [])

    def test_bad_input_names_the_field_and_writes_nothing(self) -> None:
        before = (YoungPerson.objects.count(), AuditEvent.objects.count())
        self.login(self.carla)
        cases = {
            "birth_month": ({"birth_month": "2099-01"}, "De geboortemaand kan niet in de toekomst liggen."),
            "parent_username": ({"parent_username": "nobody-here"},
                                "Er is geen actief account met deze gebruikersnaam."),
            "district": ({"district": "  "}, "Dit veld is verplicht."),
        }
        for field, (change, message) in cases.items():
            with self.subTest(field=field):
                response = self.post_start(**change)
                self.assertEqual(response.status_code, 400)  # type: ignore[attr-defined]
                self.assertEqual(list(response.context["form"].errors), [field])  # type: ignore[attr-defined]
                self.assertIn(message, response.content.decode())  # type: ignore[attr-defined]
        # A young person's account that already has a record cannot be linked again, and a
        # professional can link neither their own account nor a colleague's (that would give
        # them a parent's say in consent).
        for change in ({"young_person_username": "jet"}, {"parent_username": "carla"},
                       {"young_person_username": "clara"}, {"parent_username": "ad"}):
            with self.subTest(change=change):
                response = self.post_start(**change)
                self.assertEqual(list(response.context["form"].errors), list(change))  # type: ignore[attr-defined]
        self.assertIn("Dit is uw eigen account of dat van een professional",
                      response.content.decode())  # type: ignore[attr-defined]
        self.assertEqual((YoungPerson.objects.count(), AuditEvent.objects.count()), before)

    def test_the_form_is_in_dutch_with_labels_and_in_english(self) -> None:
        self.login(self.carla)
        html = self.client.get("/youth/new/").content.decode()
        self.assertIn('<label for="id_birth_month">Geboortemaand:</label>', html)
        self.assertIn('type="month"', html)
        html = self.client.get("/youth/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.assertIn('<label for="id_birth_month">Birth month:</label>', html)


class OverviewTest(SamenTestCase):
    def test_the_hub_shows_the_record_and_its_people(self) -> None:
        self.login(self.clara)
        response = self.client.get(f"/youth/{self.record.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["age"], 17)
        self.assertEqual([i.name for i in response.context["involved"]],
                         ["Buurtwerk Oost", "GGZ Noord", "Het Baken"])
        self.assertEqual([m.user.username for m in response.context["team"]],
                         ["wout", "clara", "carla"])
        links = [href for _, href in response.context["sections"]]
        pk = self.record.pk
        self.assertEqual(links, [f"/screening/{pk}/", f"/monitoring/{pk}/", f"/careplans/{pk}/",
                                 f"/youth/{pk}/consent/", f"/youth/{pk}/team/", f"/audit/{pk}/",
                                 f"/privacy/{pk}/"])
        html = response.content.decode()
        for text in ("J-JET017", "Vrouw", "Oost", "parent — met ouderlijk gezag", "Zorgteam"):
            self.assertIn(text, html)
        event = AuditEvent.objects.get(event="youth.record.view")
        self.assertEqual((event.actor_id, event.subject_id, event.action, event.organisation_name),
                         (self.clara.pk, pk, "R", "GGZ Noord"))

    def test_a_parent_of_a_sixteen_year_old_gets_no_access_log_link(self) -> None:
        self.login(self.paul)
        links = [href for _, href in self.client.get(f"/youth/{self.record.pk}/").context["sections"]]
        self.assertNotIn(f"/audit/{self.record.pk}/", links)
        links = [href for _, href in self.client.get(f"/youth/{self.child.pk}/").context["sections"]]
        self.assertIn(f"/audit/{self.child.pk}/", links)


class ConsentTest(SamenTestCase):
    def post(self, young_person: YoungPerson, action: str, scope: str,
             organisation: Organisation | None = None) -> int:
        data = {"action": action, "scope": scope}
        if organisation is not None:
            data["organisation"] = str(organisation.pk)
        return int(self.client.post(f"/youth/{young_person.pk}/consent/", data).status_code)

    def test_withdrawal_takes_effect_on_the_next_request(self) -> None:
        self.login(self.wout)
        self.assertEqual(self.client.get(f"/youth/{self.record.pk}/").status_code, 200)
        self.login(self.jet)
        self.assertEqual(self.post(self.record, "withdraw", "organisation", self.community), 302)
        self.login(self.wout)
        self.assertEqual(self.client.get(f"/youth/{self.record.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/youth/{self.record.pk}/consent/").status_code, 404)
        # Other organisations keep their access; the withdrawal is audited without values.
        self.login(self.clara)
        self.assertEqual(self.client.get(f"/youth/{self.record.pk}/").status_code, 200)
        event = AuditEvent.objects.get(event="youth.consent.withdraw")
        self.assertEqual((event.actor_id, event.action, event.changed_fields, event.basis),
                         (self.jet.pk, "U", ["withdrawn_at"], "self"))
        # Giving it again restores access at once.
        self.login(self.jet)
        self.assertEqual(self.post(self.record, "grant", "organisation", self.community), 302)
        self.login(self.wout)
        self.assertEqual(self.client.get(f"/youth/{self.record.pk}/").status_code, 200)
        self.assertEqual(AuditEvent.objects.filter(event="youth.consent.grant").count(), 1)

    def test_a_sixteen_year_old_stops_sharing_with_the_parents(self) -> None:
        self.login(self.jet)
        self.assertEqual(self.post(self.record, "withdraw", "guardians"), 302)
        self.login(self.paul)
        self.assertEqual(self.client.get(f"/youth/{self.record.pk}/").status_code, 404)
        self.login(self.jet)
        self.assertEqual(self.post(self.record, "grant", "guardians"), 302)
        self.login(self.paul)
        self.assertEqual(self.client.get(f"/youth/{self.record.pk}/").status_code, 200)

    def test_a_parent_of_a_thirteen_year_old_withdraws_and_the_team_loses_access(self) -> None:
        self.login(self.paul)
        self.assertEqual(self.post(self.child, "withdraw", "organisation", self.care), 302)
        self.login(self.clara)
        self.assertEqual(self.client.get(f"/youth/{self.child.pk}/").status_code, 404)
        self.login(self.carla)
        self.assertEqual(self.client.get(f"/youth/{self.child.pk}/").status_code, 200)

    def test_bad_requests(self) -> None:
        self.login(self.jet)
        self.assertEqual(self.post(self.record, "delete", "organisation", self.school), 400)
        self.assertEqual(self.post(self.record, "grant", "everyone"), 400)
        # An organisation not involved with Jet, and a consent she never gave.
        self.assertEqual(self.post(self.record, "grant", "organisation", self.other_care), 404)
        self.login(self.ruben)
        self.assertEqual(self.post(self.child, "grant", "guardians"), 403)  # under 16
        self.assertEqual(self.post(self.child, "withdraw", "organisation", self.school), 302)
        self.assertEqual(self.post(self.child, "withdraw", "organisation", self.school), 404)

    def test_the_page_shows_who_decides_and_each_organisation(self) -> None:
        self.login(self.ruben)
        response = self.client.get(f"/youth/{self.child.pk}/consent/")
        state = response.context["state"]
        self.assertEqual((state.age, state.band, [str(p) for p in state.required]),
                         (13, "both", ["young_person", "guardians"]))
        self.assertEqual([(o.organisation.name, o.in_force, o.my_grant is not None)
                          for o in state.organisations],
                         [("GGZ Noord", True, True), ("Het Baken", True, True)])
        html = " ".join(response.content.decode().split())
        self.assertIn("De jongere is 12 tot en met 15: de jongere en een ouder met ouderlijk "
                      "gezag moeten allebei toestemming geven.", html)
        self.assertIn("Toestemming intrekken voor Het Baken", html)
        html = " ".join(self.client.get(f"/youth/{self.child.pk}/consent/",
                                        HTTP_ACCEPT_LANGUAGE="en").content.decode().split())
        self.assertIn("Withdraw consent for Het Baken", html)
        # A professional sees the state but has no buttons.
        self.login(self.carla)
        response = self.client.get(f"/youth/{self.child.pk}/consent/")
        self.assertFalse(response.context["state"].can_act)
        self.assertNotIn('name="action"', response.content.decode())


class BirthdayTest(SamenTestCase):
    """Rights change at the start of the birth month (birth month only is stored)."""

    def make(self, born: date, username: str) -> tuple[YoungPerson, User]:
        account = User.objects.create_user(username, password=PASSWORD)
        young_person = YoungPerson.objects.create(pseudonym=f"J-{username.upper()}",
                                                  birth_month=born, sex="X", district="Oost",
                                                  account=account)
        Involvement.objects.create(young_person=young_person, organisation=self.school,
                                   since=date(2026, 1, 5))
        CareTeamMember.objects.create(young_person=young_person,
                                      membership=self.carla.memberships.get())
        Guardianship.objects.create(young_person=young_person, user=self.paul)
        ConsentGrant.objects.create(young_person=young_person, scope=ConsentScope.ORGANISATION,
                                    organisation=self.school, grantor=self.paul,
                                    grantor_is_young_person=False,
                                    granted_at=moment(date(2026, 1, 5)))
        return young_person, account

    def test_at_twelve_the_young_person_must_consent_too(self) -> None:
        young_person, kim = self.make(date(2014, 6, 1), "kim")
        url = f"/youth/{young_person.pk}/"
        grant = {"action": "grant", "scope": "organisation", "organisation": str(self.school.pk)}
        with time_machine.travel(moment(date(2026, 5, 31)), tick=False):
            self.login(self.carla)
            self.assertEqual(self.client.get(url).status_code, 200)  # 11: the parent decides
            self.login(kim)
            response = self.client.get(f"{url}consent/")
            self.assertEqual(response.context["state"].band, "parents")
            self.assertNotIn('name="action"', response.content.decode())
            self.assertEqual(self.client.post(f"{url}consent/", grant).status_code, 403)
        with time_machine.travel(moment(date(2026, 6, 1)), tick=False):
            self.login(self.carla)
            self.assertEqual(self.client.get(url).status_code, 404)  # 12: Kim must consent too
            [pending] = self.client.get("/youth/").context["pending"]
            self.assertEqual([str(p) for p in pending.missing], ["young_person"])
            self.login(kim)
            self.assertEqual(self.client.post(f"{url}consent/", grant).status_code, 302)
            self.login(self.carla)
            self.assertEqual(self.client.get(url).status_code, 200)

    def test_at_sixteen_the_young_person_decides_alone(self) -> None:
        young_person, lotte = self.make(date(2010, 6, 1), "lotte")
        ConsentGrant.objects.create(young_person=young_person, scope=ConsentScope.ORGANISATION,
                                    organisation=self.school, grantor=lotte,
                                    grantor_is_young_person=True,
                                    granted_at=moment(date(2026, 1, 5)))
        url = f"/youth/{young_person.pk}/"
        with time_machine.travel(moment(date(2026, 5, 31)), tick=False):
            self.login(self.paul)
            self.assertEqual(self.client.get(url).status_code, 200)
            self.assertEqual(self.client.get(f"/audit/{young_person.pk}/").status_code, 200)
            # A parent may still withdraw at 15; the school then loses access ...
            self.assertEqual(self.client.post(f"{url}consent/", {
                "action": "withdraw", "scope": "organisation",
                "organisation": str(self.school.pk)}).status_code, 302)
            self.login(self.carla)
            self.assertEqual(self.client.get(url).status_code, 404)
            self.login(lotte)
            self.assertEqual(self.client.get(f"/audit/{young_person.pk}/").status_code, 404)
        with time_machine.travel(moment(date(2026, 6, 1)), tick=False):
            # ... and from 16 Lotte's own consent is enough again.
            self.login(self.carla)
            self.assertEqual(self.client.get(url).status_code, 200)
            self.login(self.paul)  # without her consent the parent no longer sees the record
            self.assertEqual(self.client.get(url).status_code, 404)
            self.login(lotte)
            self.assertEqual(self.client.get(f"/audit/{young_person.pk}/").status_code, 200)
            self.assertEqual(self.client.get(f"{url}consent/").context["state"].band, "own")
            self.assertEqual(self.client.post(f"{url}consent/", {
                "action": "grant", "scope": "guardians"}).status_code, 302)
            self.login(self.paul)
            self.assertEqual(self.client.get(url).status_code, 200)
            self.assertEqual(self.client.get(f"/audit/{young_person.pk}/").status_code, 404)


class TeamTest(SamenTestCase):
    other_care_noord: Organisation
    tess: User
    tess_membership: Membership

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other_care_noord = Organisation.objects.create(
            name="Jeugdhulp Noord", kind=OrganisationKind.YOUTH_CARE, municipality="Noordstad")
        cls.tess = User.objects.create_user("tess", password=PASSWORD, display_name="Tess")
        cls.tess_membership = Membership.objects.create(
            user=cls.tess, organisation=cls.other_care_noord, role=Role.CLINICIAN)

    def test_candidates_are_care_professionals_of_the_municipality_not_on_the_team(self) -> None:
        self.login(self.carla)
        form = self.client.get(f"/youth/{self.child.pk}/team/").context["form"]
        names = {m.user.username for m in form.fields["membership"].queryset}
        self.assertEqual(names, {"wout", "tess"})  # not otto/olga (Zuidstad), not petra/ad

    def test_adding_a_professional_opens_the_record_only_after_consent(self) -> None:
        self.login(self.carla)
        response = self.client.post(f"/youth/{self.record.pk}/team/",
                                    {"membership": self.tess_membership.pk})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Involvement.objects.filter(young_person=self.record,
                                                   organisation=self.other_care_noord).exists())
        event = AuditEvent.objects.get(event="youth.team.add")
        self.assertEqual((event.actor_id, event.action, event.subject_id),
                         (self.carla.pk, "C", self.record.pk))
        self.login(self.tess)
        self.assertEqual(self.client.get(f"/youth/{self.record.pk}/").status_code, 404)
        [pending] = self.client.get("/youth/").context["pending"]
        self.assertEqual((pending.pseudonym, [str(p) for p in pending.missing]),
                         ("J-JET017", ["young_person"]))
        self.login(self.jet)
        self.client.post(f"/youth/{self.record.pk}/consent/", {
            "action": "grant", "scope": "organisation", "organisation": self.other_care_noord.pk})
        self.login(self.tess)
        self.assertEqual(self.client.get(f"/youth/{self.record.pk}/").status_code, 200)

    def test_someone_of_another_municipality_cannot_be_added(self) -> None:
        self.login(self.carla)
        response = self.client.post(f"/youth/{self.record.pk}/team/",
                                    {"membership": self.olga.memberships.get().pk})
        self.assertEqual(response.status_code, 400)
        self.assertIn("Kies een professional uit de lijst.", response.content.decode())
        self.assertFalse(CareTeamMember.objects.filter(
            young_person=self.record, membership__user=self.olga).exists())
        self.assertFalse(AuditEvent.objects.filter(event="youth.team.add").exists())
