"""The pending-consent helper agrees with the access rules and never opens a record."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from samen.web.audit.log import Actor
from samen.web.testing import SamenTestCase
from samen.web.youth.access import consent_in_force, get_access
from samen.web.youth.actions import do_start_team
from samen.web.youth.ages import Party
from samen.web.youth.models import ConsentGrant, Guardianship, Involvement
from samen.web.youth.pending import missing_parties, pending_for_organisation, pending_for_user

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class MissingPartiesTest(SamenTestCase):
    def test_nothing_missing_exactly_when_consent_is_in_force(self) -> None:
        # Every record x organisation x moment, with some grants withdrawn, in both helpers.
        ConsentGrant.objects.filter(young_person=self.child, grantor=self.paul,
                                    organisation=self.care).update(withdrawn_at=timezone.now())
        moments = [timezone.now(), timezone.now().replace(year=timezone.now().year + 3)]
        for young_person in (self.record, self.child, self.other_record):
            for inv in Involvement.objects.filter(young_person=young_person):
                for when in moments:
                    with self.subTest(record=young_person.pseudonym, org=inv.organisation.name,
                                      when=when.year):
                        self.assertEqual(
                            not missing_parties(young_person, inv.organisation_id, when),
                            consent_in_force(young_person, inv.organisation_id, when),
                        )
        self.assertEqual(missing_parties(self.child, self.care.pk), (Party.GUARDIANS,))

    def test_a_guardian_without_authority_does_not_count(self) -> None:
        Guardianship.objects.filter(young_person=self.child, user=self.paul).update(
            has_authority=False)
        self.assertEqual(missing_parties(self.child, self.school.pk), (Party.GUARDIANS,))

    def test_under_twelve_only_the_parents_are_asked(self) -> None:
        young_person = do_start_team(
            actor=Actor(user=self.clara, channel="web"), membership=self.clara.memberships.get(),
            birth_month=date(2016, 3, 1), sex="M", district="Oost", guardian=self.paul)
        when = datetime(2026, 11, 28, 12, tzinfo=AMSTERDAM)
        self.assertEqual(missing_parties(young_person, self.care.pk, when), (Party.GUARDIANS,))
        [row] = pending_for_user(self.clara, when)
        self.assertEqual((row.pseudonym, row.missing, row.has_guardian_with_authority,
                          row.young_person_has_account, row.role),
                         (young_person.pseudonym, (Party.GUARDIANS,), True, False, "clinician"))
        self.assertIsNone(get_access(self.clara, young_person, when))


class PendingListsTest(SamenTestCase):
    def test_records_the_user_can_open_are_not_pending(self) -> None:
        self.assertEqual(pending_for_user(self.carla), [])
        self.assertEqual(pending_for_organisation(self.school), [])
        ConsentGrant.objects.filter(young_person=self.record, organisation=self.school).update(
            withdrawn_at=timezone.now())
        [row] = pending_for_user(self.carla)
        self.assertEqual((row.pseudonym, row.missing), ("J-JET017", (Party.YOUNG_PERSON,)))
        self.assertEqual([r.pseudonym for r in pending_for_organisation(self.school)],
                         ["J-JET017"])
        self.assertEqual(pending_for_organisation(self.care), [])
        # Nobody outside the team has anything pending, and the helper opens nothing.
        for user in (self.wout, self.clara, self.petra, self.ad, self.nina, self.otto):
            self.assertEqual(pending_for_user(user), [])
        self.assertIsNone(get_access(self.carla, self.record))

    def test_an_inactive_user_or_place_has_nothing_pending(self) -> None:
        ConsentGrant.objects.filter(young_person=self.record, organisation=self.school).update(
            withdrawn_at=timezone.now())
        place = self.record.care_team.get(membership__user=self.carla)
        place.is_active = False
        place.save()
        self.assertEqual(pending_for_user(self.carla), [])
