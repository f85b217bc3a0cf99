from __future__ import annotations

from datetime import date

from django.http import Http404
from django.utils import timezone

from samen.web.accounts.roles import Role
from samen.web.audit.log import Actor
from samen.web.audit.models import AuditEvent
from samen.web.testing import SamenTestCase
from samen.web.youth.access import (
    Basis,
    accessible_young_people,
    get_access,
    get_young_person_for_user,
)
from samen.web.youth.ages import Party, age_on, consenting_parties
from samen.web.youth.models import ConsentGrant


class AgeRulesTest(SamenTestCase):
    def test_age_counts_from_the_first_of_the_birth_month(self) -> None:
        born = date(2010, 5, 1)
        self.assertEqual(age_on(born, date(2022, 4, 30)), 11)
        self.assertEqual(age_on(born, date(2022, 5, 1)), 12)
        self.assertEqual(age_on(born, date(2026, 4, 30)), 15)
        self.assertEqual(age_on(born, date(2026, 5, 1)), 16)

    def test_parties_follow_the_dutch_ages(self) -> None:
        self.assertEqual(consenting_parties(11), {Party.GUARDIANS})
        self.assertEqual(consenting_parties(12), {Party.GUARDIANS, Party.YOUNG_PERSON})
        self.assertEqual(consenting_parties(15), {Party.GUARDIANS, Party.YOUNG_PERSON})
        self.assertEqual(consenting_parties(16), {Party.YOUNG_PERSON})


class AccessTest(SamenTestCase):
    def test_each_role_reaches_exactly_its_records(self) -> None:
        expected = {
            self.jet: {"J-JET017"},
            self.ruben: {"J-RUB013"},
            self.paul: {"J-JET017", "J-RUB013"},
            self.carla: {"J-JET017", "J-RUB013"},
            self.wout: {"J-JET017"},
            self.clara: {"J-JET017", "J-RUB013"},
            self.petra: set(),
            self.ad: set(),
            self.otto: {"J-OTH015"},
            self.olga: {"J-OTH015"},
            self.nina: set(),
        }
        for user, pseudonyms in expected.items():
            with self.subTest(user=user.username):
                found = {a.young_person.pseudonym for a in accessible_young_people(user)}
                self.assertEqual(found, pseudonyms)

    def test_roles_and_bases(self) -> None:
        self.assertEqual(get_access(self.jet, self.record).basis, Basis.SELF)  # type: ignore[union-attr]
        parent = get_access(self.paul, self.child)
        assert parent is not None
        self.assertEqual((parent.role, parent.basis), (Role.PARENT, Basis.GUARDIAN))
        clinician = get_access(self.clara, self.record)
        assert clinician is not None
        self.assertEqual((clinician.role, clinician.basis), (Role.CLINICIAN, Basis.CARE_TEAM))

    def test_withdrawal_takes_effect_at_once(self) -> None:
        self.assertIsNotNone(get_access(self.wout, self.record))
        grant = ConsentGrant.objects.get(young_person=self.record, organisation=self.community)
        grant.withdrawn_at = timezone.now()
        grant.save()
        self.assertIsNone(get_access(self.wout, self.record))
        self.assertIsNotNone(get_access(self.clara, self.record))  # other organisations keep it

    def test_twelve_to_fifteen_needs_both_the_young_person_and_a_parent(self) -> None:
        self.assertIsNotNone(get_access(self.carla, self.child))
        ConsentGrant.objects.filter(young_person=self.child, grantor=self.paul,
                                    organisation=self.school).update(withdrawn_at=timezone.now())
        self.assertIsNone(get_access(self.carla, self.child))

    def test_at_sixteen_the_parents_lose_access_without_consent(self) -> None:
        ConsentGrant.objects.filter(young_person=self.record, scope="guardians").update(
            withdrawn_at=timezone.now())
        self.assertIsNone(get_access(self.paul, self.record))
        # Ruben is 13: his parent keeps access without any consent of his.
        self.assertIsNotNone(get_access(self.paul, self.child))

    def test_consent_counts_by_age_on_the_day(self) -> None:
        # Ruben's own consent alone: enough once he is 16, not at 13.
        ConsentGrant.objects.filter(young_person=self.child, grantor=self.paul).delete()
        now = timezone.now()
        later = now.replace(year=now.year + 3)
        self.assertIsNone(get_access(self.carla, self.child, now))
        self.assertIsNotNone(get_access(self.carla, self.child, later))

    def test_not_yours_is_not_found_and_is_audited(self) -> None:
        actor = Actor(user=self.otto, channel="web", ip_address="127.0.0.9")
        with self.assertRaises(Http404):
            get_young_person_for_user(actor, self.record.pk, event="youth.record.view")
        with self.assertRaises(Http404):
            get_young_person_for_user(actor, 999_999, event="youth.record.view")
        denied = AuditEvent.objects.filter(actor=self.otto, outcome="denied")
        self.assertEqual(denied.count(), 2)
        self.assertEqual(denied.filter(subject_id=self.record.pk).get().ip_address, "127.0.0.9")

    def test_a_read_writes_one_audit_event_with_role_and_basis(self) -> None:
        actor = Actor(user=self.clara, channel="web")
        access = get_young_person_for_user(actor, self.record.pk, event="youth.record.view")
        self.assertEqual(access.young_person, self.record)
        event = AuditEvent.objects.get(actor=self.clara)
        self.assertEqual(
            (event.action, event.actor_role, event.basis, event.subject_pseudonym,
             event.organisation_name),
            ("R", "clinician", "care_team_consent", "J-JET017", "GGZ Noord"),
        )

    def test_audit_events_cannot_be_changed_or_deleted(self) -> None:
        actor = Actor(user=self.clara, channel="web")
        get_young_person_for_user(actor, self.record.pk, event="youth.record.view")
        event = AuditEvent.objects.get()
        event.event = "tampered"
        with self.assertRaises(PermissionError):
            event.save()
        with self.assertRaises(PermissionError):
            event.delete()

    def test_deactivated_user_loses_access(self) -> None:
        self.clara.is_active = False
        self.clara.save()
        self.assertIsNone(get_access(self.clara, self.record))




class YouthWorkerHomeTest(SamenTestCase):
    def test_youth_worker_sees_the_people_supported_and_the_community_offer(self) -> None:
        self.login(self.wout)
        page = self.client.get("/").content.decode()
        self.assertIn("J-JET017", page)  # Wout is on Jet's team with consent
        self.assertNotIn("J-RUB013", page)  # not on Ruben's team
        self.assertIn("De jongeren die u ondersteunt", page)
        # Every community-level intervention of the evidence base is offered.
        from samen.evidence import load_interventions

        community = [i for i in load_interventions() if i.level == "community"]
        self.assertTrue(community)
        for item in community:
            self.assertIn(item.name.get("nl"), page)
