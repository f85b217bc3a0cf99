"""``accessible_young_people`` decides a whole caseload in a fixed number of queries, with exactly
the answers ``get_access`` gives record by record (the load test's fix for the home page)."""

from __future__ import annotations

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samen.web.accounts.roles import Role
from samen.web.testing import SamenTestCase, years_ago
from samen.web.youth.access import accessible_for_request, accessible_young_people, get_access
from samen.web.youth.models import ConsentGrant, ConsentScope, Guardianship, YoungPerson


class AccessibleYoungPeopleTests(SamenTestCase):
    def add_students(self, count: int) -> list[YoungPerson]:
        """``count`` more 15-year-olds on Carla's team, each consented by a parent and themself."""
        people: list[YoungPerson] = []
        for index in range(count):
            person = self.make_record(f"J-BATCH{index}-{count}", years_ago(15),
                                      "X", "Oost", team=[self.carla])
            parent = self.make_user(f"parent-{person.pk}", "p", self.school, Role.PARENT)
            Guardianship.objects.create(young_person=person, user=parent, has_authority=True)
            self.consent(person, parent, ConsentScope.ORGANISATION, self.school, False)
            self.consent(person, parent, ConsentScope.ORGANISATION, self.school, True)
            people.append(person)
        return people

    def queries(self) -> int:
        with CaptureQueriesContext(connection) as captured:
            accessible_young_people(self.carla)
        return len(captured.captured_queries)

    def test_it_answers_as_get_access_does_for_every_user_and_record(self) -> None:
        self.add_students(2)
        # One record that waits for a parent's consent: on the team, but not to be opened.
        waiting = self.make_record("J-WAIT", years_ago(14), "F", "Oost", team=[self.carla])
        records = list(YoungPerson.objects.all())
        for user in self.everyone:
            expected = {(p.pk, a.role, a.basis) for p in records
                        if (a := get_access(user, p)) is not None}
            found = {(a.young_person.pk, a.role, a.basis) for a in accessible_young_people(user)}
            self.assertEqual(found, expected, user.username)
        self.assertNotIn(waiting.pk, {a.young_person.pk for a in accessible_young_people(self.carla)})
        self.assertEqual(len(accessible_young_people(self.carla)), 4)

    def test_it_uses_as_many_queries_for_a_large_caseload_as_for_a_small_one(self) -> None:
        self.add_students(2)
        small = self.queries()
        self.add_students(10)
        self.assertEqual(len(accessible_young_people(self.carla)), 14)
        self.assertEqual(self.queries(), small)
        self.assertLessEqual(small, 6)

    def test_a_withdrawal_counts_at_once_after_a_batch_decision(self) -> None:
        person = self.add_students(1)[0]
        access = next(a for a in accessible_young_people(self.carla)
                      if a.young_person.pk == person.pk)
        ConsentGrant.objects.filter(young_person=person, grantor_is_young_person=True).update(
            withdrawn_at=timezone.now())
        # The same instance, checked again: the rows fetched for the batch must not answer.
        self.assertIsNone(get_access(self.carla, access.young_person))
        self.assertNotIn(person.pk, {a.young_person.pk for a in accessible_young_people(self.carla)})

    def test_a_guardian_sees_a_child_under_16_and_not_one_of_16_without_consent(self) -> None:
        self.assertEqual({a.young_person.pk for a in accessible_young_people(self.paul)},
                         {self.record.pk, self.child.pk})
        ConsentGrant.objects.filter(young_person=self.record, scope=ConsentScope.GUARDIANS).update(
            withdrawn_at=timezone.now())
        self.assertEqual({a.young_person.pk for a in accessible_young_people(self.paul)},
                         {self.child.pk})

    def test_the_request_memo_decides_once_per_request(self) -> None:
        request = RequestFactory().get("/")
        request.user = self.carla
        first = accessible_for_request(request)
        with CaptureQueriesContext(connection) as captured:
            second = accessible_for_request(request)
        self.assertEqual(len(captured.captured_queries), 0)
        self.assertEqual([a.young_person.pk for a in first], [a.young_person.pk for a in second])
        self.assertEqual(len(first), 2)
        fresh = RequestFactory().get("/")
        fresh.user = self.nina
        self.assertEqual(accessible_for_request(fresh), [])
