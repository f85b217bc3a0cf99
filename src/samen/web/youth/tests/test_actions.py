"""The youth actions enforce the rules themselves, whatever path (form, API, import) calls them."""

from __future__ import annotations

from datetime import date

from samen.web.accounts.models import Membership, Organisation, User
from samen.web.accounts.roles import OrganisationKind, Role
from samen.web.audit.log import Actor
from samen.web.audit.models import AuditEvent
from samen.web.testing import PASSWORD, SamenTestCase
from samen.web.youth.access import Access, get_access
from samen.web.youth.actions import do_add_team_member, do_grant_consent, do_start_team
from samen.web.youth.models import ConsentScope, YoungPerson


class ConsentActionTest(SamenTestCase):
    def access(self, user: User, young_person: YoungPerson) -> Access:
        access = get_access(user, young_person)
        assert access is not None
        return access

    def test_who_may_grant_what(self) -> None:
        actor = Actor(user=None, channel="test")
        refused = [
            (self.paul, self.record, ConsentScope.ORGANISATION, self.school),  # Jet is 17
            (self.paul, self.child, ConsentScope.GUARDIANS, None),  # only the young person
            (self.ruben, self.child, ConsentScope.GUARDIANS, None),  # only from 16
            (self.clara, self.record, ConsentScope.ORGANISATION, self.care),  # a professional
        ]
        for user, young_person, scope, organisation in refused:
            with self.subTest(user=user.username, scope=scope), \
                    self.assertRaises(PermissionError):
                do_grant_consent(actor=actor, access=self.access(user, young_person),
                                 scope=scope, organisation=organisation)
        with self.assertRaises(ValueError):  # not involved with Jet
            do_grant_consent(actor=actor, access=self.access(self.jet, self.record),
                             scope=ConsentScope.ORGANISATION, organisation=self.other_care)
        self.assertFalse(AuditEvent.objects.filter(event="youth.consent.grant").exists())


class TeamActionTest(SamenTestCase):
    def test_team_members_come_from_the_same_municipality_and_are_added_by_the_team(self) -> None:
        actor = Actor(user=None, channel="test")
        clara = get_access(self.clara, self.record)
        jet = get_access(self.jet, self.record)
        assert clara is not None
        assert jet is not None
        with self.assertRaises(ValueError):
            do_add_team_member(actor=actor, access=clara, membership=self.olga.memberships.get())
        with self.assertRaises(PermissionError):
            do_add_team_member(actor=actor, access=jet, membership=self.wout.memberships.get())
        with self.assertRaises(ValueError):  # a policy officer is no care professional
            do_add_team_member(actor=actor, access=clara, membership=self.petra.memberships.get())
        noord = Organisation.objects.create(name="Jeugdhulp Noord", municipality="Noordstad",
                                            kind=OrganisationKind.YOUTH_CARE)
        tess = User.objects.create_user("tess", password=PASSWORD)
        membership = Membership.objects.create(user=tess, organisation=noord,
                                               role=Role.CLINICIAN)
        place = do_add_team_member(actor=actor, access=clara, membership=membership)
        self.assertTrue(place.is_active)
        self.assertIsNone(get_access(tess, self.record))  # no consent for Jeugdhulp Noord yet


class StartTeamActionTest(SamenTestCase):
    def test_links_are_checked_and_written_in_one_transaction(self) -> None:
        actor = Actor(user=self.carla, channel="test")
        membership = self.carla.memberships.get()
        before = YoungPerson.objects.count()
        with self.assertRaises(ValueError):  # Jet's account already has a record
            do_start_team(actor=actor, membership=membership, birth_month=date(2012, 5, 1),
                          sex="F", district="Oost", account=self.jet)
        for linked in ({"guardian": self.carla}, {"account": self.wout}):
            with self.subTest(linked=linked), self.assertRaises(ValueError):
                do_start_team(actor=actor, membership=membership, birth_month=date(2012, 5, 1),
                              sex="F", district="Oost", **linked)  # type: ignore[arg-type]
        with self.assertRaises(PermissionError):
            do_start_team(actor=actor, membership=self.ad.memberships.get(),
                          birth_month=date(2012, 5, 1), sex="F", district="Oost")
        self.assertEqual(YoungPerson.objects.count(), before)
        young_person = do_start_team(actor=actor, membership=membership,
                                     birth_month=date(2012, 5, 17), sex="F", district="Oost",
                                     account=self.nina, guardian=self.paul)
        self.assertEqual((young_person.birth_month, young_person.account),
                         (date(2012, 5, 1), self.nina))
        create = AuditEvent.objects.get(event="youth.record.create")
        self.assertEqual(create.changed_fields,
                         ["account", "birth_month", "district", "pseudonym", "sex"])
