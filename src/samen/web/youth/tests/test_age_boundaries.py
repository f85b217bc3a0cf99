"""The age rules change exactly at the start of the birth month (decision 0007: only the birth
month is stored, the birthday is its first day), at 12 and at 16, in Amsterdam time (AZ-04).

Sam is born in May 2010: 12 on 1 May 2022, 16 on 1 May 2026. Each rule is checked on the last
second of 30 April and the first second of 1 May, through the real pages and ``get_access``.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from samen.web.accounts.models import User
from samen.web.accounts.roles import Role
from samen.web.audit.visibility import may_see_access_log
from samen.web.testing import PASSWORD, SamenTestCase
from samen.web.youth.access import Basis, get_access
from samen.web.youth.ages import Party, consenting_parties
from samen.web.youth.consent import may_give_consent
from samen.web.youth.models import ConsentScope, Guardianship, YoungPerson

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def last_second_before(birthday: date) -> datetime:
    return datetime(birthday.year, 4, 30, 23, 59, 59, tzinfo=AMSTERDAM)


def first_second_of(birthday: date) -> datetime:
    return datetime(birthday.year, birthday.month, 1, 0, 0, 0, tzinfo=AMSTERDAM)


TWELVE = date(2022, 5, 1)
SIXTEEN = date(2026, 5, 1)


class AgeBoundaryTestCase(SamenTestCase):
    sam: User
    sams_record: YoungPerson

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.sam = User.objects.create_user("sam", password=PASSWORD)
        cls.sams_record = cls.make_record("J-SAM010", date(2010, 5, 1), "X", "Oost",
                                          account=cls.sam, team=[cls.clara])
        Guardianship.objects.create(young_person=cls.sams_record, user=cls.paul)

    def at(self, moment: datetime, user: User) -> int:
        """The status of Sam's overview for ``user`` at ``moment`` (signed in then)."""
        with time_machine.travel(moment, tick=False):
            self.login(user)
            return self.client.get(f"/youth/{self.sams_record.pk}/").status_code

    def access(self, user: User, moment: datetime) -> str | None:
        with time_machine.travel(moment, tick=False):
            found = get_access(user, self.sams_record)
        return found.basis if found else None


class TwelfthBirthdayTest(AgeBoundaryTestCase):
    def test_parents_decide_alone_until_the_last_second_before_twelve(self) -> None:
        self.consent(self.sams_record, self.paul, ConsentScope.ORGANISATION, self.care, False)
        before, on = last_second_before(TWELVE), first_second_of(TWELVE)
        self.assertEqual(self.access(self.clara, before), Basis.CARE_TEAM)
        self.assertEqual(self.at(before, self.clara), 200)
        # From 12 the parent's consent alone no longer carries the care team.
        self.assertIsNone(self.access(self.clara, on))
        self.assertEqual(self.at(on, self.clara), 404)

    def test_from_twelve_the_young_persons_consent_is_needed_too(self) -> None:
        self.consent(self.sams_record, self.paul, ConsentScope.ORGANISATION, self.care, False)
        self.consent(self.sams_record, self.sam, ConsentScope.ORGANISATION, self.care, True)
        for moment in (last_second_before(TWELVE), first_second_of(TWELVE)):
            self.assertEqual(self.access(self.clara, moment), Basis.CARE_TEAM)
        self.assertEqual(consenting_parties(11), frozenset({Party.GUARDIANS}))
        self.assertEqual(consenting_parties(12), frozenset({Party.GUARDIANS, Party.YOUNG_PERSON}))

    def test_sam_may_consent_from_the_first_second_of_twelve(self) -> None:
        own = get_access(self.sam, self.sams_record)
        assert own is not None
        self.assertFalse(may_give_consent(own, ConsentScope.ORGANISATION,
                                          last_second_before(TWELVE)))
        self.assertTrue(may_give_consent(own, ConsentScope.ORGANISATION, first_second_of(TWELVE)))
        with time_machine.travel(last_second_before(TWELVE), tick=False):
            self.login(self.sam)
            response = self.client.post(f"/youth/{self.sams_record.pk}/consent/", {
                "action": "grant", "scope": "organisation", "organisation": self.care.pk})
            self.assertEqual(response.status_code, 403)
        with time_machine.travel(first_second_of(TWELVE), tick=False):
            self.login(self.sam)
            response = self.client.post(f"/youth/{self.sams_record.pk}/consent/", {
                "action": "grant", "scope": "organisation", "organisation": self.care.pk})
            self.assertEqual(response.status_code, 302)
        self.assertTrue(self.sams_record.consents.filter(grantor=self.sam).exists())


class SixteenthBirthdayTest(AgeBoundaryTestCase):
    def test_the_parent_sees_the_record_until_sixteen_then_only_with_sams_consent(self) -> None:
        before, on = last_second_before(SIXTEEN), first_second_of(SIXTEEN)
        self.assertEqual(self.access(self.paul, before), Basis.GUARDIAN)
        self.assertEqual(self.at(before, self.paul), 200)
        self.assertIsNone(self.access(self.paul, on))
        self.assertEqual(self.at(on, self.paul), 404)
        self.consent(self.sams_record, self.sam, ConsentScope.GUARDIANS, None, True)
        self.assertEqual(self.access(self.paul, on), Basis.GUARDIAN)

    def test_from_sixteen_sams_consent_alone_carries_the_care_team(self) -> None:
        self.consent(self.sams_record, self.sam, ConsentScope.ORGANISATION, self.care, True)
        before, on = last_second_before(SIXTEEN), first_second_of(SIXTEEN)
        self.assertIsNone(self.access(self.clara, before))  # 15: a parent must consent too
        self.assertEqual(self.at(before, self.clara), 404)
        self.assertEqual(self.access(self.clara, on), Basis.CARE_TEAM)
        self.assertEqual(self.at(on, self.clara), 200)

    def test_the_parent_decides_on_consent_until_sixteen_and_sam_alone_from_then(self) -> None:
        parent = get_access(self.paul, self.sams_record, last_second_before(SIXTEEN))
        own = get_access(self.sam, self.sams_record)
        assert parent is not None
        assert own is not None
        before, on = last_second_before(SIXTEEN), first_second_of(SIXTEEN)
        self.assertTrue(may_give_consent(parent, ConsentScope.ORGANISATION, before))
        self.assertFalse(may_give_consent(parent, ConsentScope.ORGANISATION, on))
        self.assertFalse(may_give_consent(own, ConsentScope.GUARDIANS, before))
        self.assertTrue(may_give_consent(own, ConsentScope.GUARDIANS, on))

    def test_who_may_read_the_access_log_changes_at_sixteen(self) -> None:
        before, on = last_second_before(SIXTEEN), first_second_of(SIXTEEN)
        own = get_access(self.sam, self.sams_record)
        parent = get_access(self.paul, self.sams_record, before)
        assert own is not None
        assert parent is not None
        self.assertEqual((own.role, parent.role), (Role.YOUNG_PERSON, Role.PARENT))
        self.assertEqual((may_see_access_log(own, before), may_see_access_log(parent, before)),
                         (False, True))
        self.assertEqual((may_see_access_log(own, on), may_see_access_log(parent, on)),
                         (True, False))
        for moment, user, status in ((before, self.paul, 200), (before, self.sam, 404),
                                     (on, self.paul, 404), (on, self.sam, 200)):
            with time_machine.travel(moment, tick=False):
                self.login(user)
                got = self.client.get(f"/audit/{self.sams_record.pk}/").status_code
                self.assertEqual(got, status, (moment, user.username))
