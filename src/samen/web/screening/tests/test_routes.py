"""Every route of the screening app, for every member of the cast, on a record of their own
region and one of the other region, with the status each must get."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from samen.web.accounts.models import User
from samen.web.screening.tests.helpers import ScreeningTestCase

OK, LOGIN, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404


class RouteMatrixTest(ScreeningTestCase):
    def check(self, url: str, expected: dict[str, int]) -> None:
        """``expected`` maps usernames to a status; everyone not named must get 404."""
        for user in self.everyone:
            with self.subTest(url=url, user=user.username):
                self.client.force_login(user)
                response = self.client.get(url)
                self.assertEqual(response.status_code, expected.get(user.username, NOT_FOUND))
        self.client.logout()
        response = self.client.get(url)
        self.assertEqual(response.status_code, LOGIN)
        self.assertTrue(response["Location"].startswith("/accounts/login/"))

    def both_regions(self, own: Callable[[], str], other: Callable[[], str],
                     own_expected: dict[str, int], other_expected: dict[str, int]) -> None:
        self.check(own(), own_expected)
        self.check(other(), other_expected)

    # Jet's record: Jet herself, Paul (her parent, with her consent), and the team Carla, Wout,
    # Clara. The other region's record: Otto and Olga only.
    READERS = {"jet": OK, "paul": OK, "carla": OK, "wout": OK, "clara": OK}
    TEAM = {"jet": FORBIDDEN, "paul": FORBIDDEN, "carla": OK, "wout": OK, "clara": OK}
    OTHER_TEAM = {"otto": OK, "olga": OK}

    def test_history(self) -> None:
        self.both_regions(
            lambda: reverse("screening:history", args=[self.record.pk]),
            lambda: reverse("screening:history", args=[self.other_record.pk]),
            self.READERS, self.OTHER_TEAM,
        )

    def test_assign(self) -> None:
        self.both_regions(
            lambda: reverse("screening:assign", args=[self.record.pk]),
            lambda: reverse("screening:assign", args=[self.other_record.pk]),
            self.TEAM, self.OTHER_TEAM,
        )

    def test_fill_only_by_the_assigned_respondent(self) -> None:
        self.both_regions(
            lambda: reverse("screening:fill", args=[self.record.pk, self.jet_assignment.pk]),
            lambda: reverse("screening:fill",
                            args=[self.other_record.pk, self.other_assignment.pk]),
            {"jet": OK, "paul": FORBIDDEN, "carla": FORBIDDEN, "wout": FORBIDDEN,
             "clara": FORBIDDEN},
            {"olga": OK, "otto": FORBIDDEN},
        )

    def test_enter_paper_response(self) -> None:
        self.both_regions(
            lambda: reverse("screening:enter", args=[self.record.pk, "phqa"]),
            lambda: reverse("screening:enter", args=[self.other_record.pk, "phqa"]),
            self.TEAM, self.OTHER_TEAM,
        )

    def test_chart(self) -> None:
        self.both_regions(
            lambda: reverse("screening:chart", args=[self.record.pk, "gad7"]),
            lambda: reverse("screening:chart", args=[self.other_record.pk, "gad7"]),
            self.READERS, self.OTHER_TEAM,
        )

    def test_response_detail(self) -> None:
        # Paul reaches Jet's record but the response is Jet's own: not his to see.
        self.both_regions(
            lambda: reverse("screening:response", args=[self.record.pk, self.jet_response.pk]),
            lambda: reverse("screening:response",
                            args=[self.other_record.pk, self.other_response.pk]),
            {"jet": OK, "carla": OK, "wout": OK, "clara": OK}, self.OTHER_TEAM,
        )

    def test_objects_of_another_record_are_not_found_through_this_one(self) -> None:
        self.login(self.clara)
        crossed = [
            reverse("screening:fill", args=[self.record.pk, self.other_assignment.pk]),
            reverse("screening:response", args=[self.record.pk, self.other_response.pk]),
            reverse("screening:enter", args=[self.record.pk, "no_such_instrument"]),
            reverse("screening:chart", args=[self.record.pk, "ecr_rs"]),  # no total: no chart
        ]
        for url in crossed:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, NOT_FOUND)

    def test_writes_refused_to_roles_that_may_not_make_them(self) -> None:
        cases: list[tuple[User, str, int]] = [
            (self.jet, reverse("screening:assign", args=[self.record.pk]), FORBIDDEN),
            (self.paul, reverse("screening:assign", args=[self.record.pk]), FORBIDDEN),
            (self.paul, reverse("screening:enter", args=[self.record.pk, "phqa"]), FORBIDDEN),
            (self.clara, reverse("screening:fill", args=[self.record.pk,
                                                         self.jet_assignment.pk]), FORBIDDEN),
            (self.petra, reverse("screening:assign", args=[self.record.pk]), NOT_FOUND),
            (self.otto, reverse("screening:assign", args=[self.record.pk]), NOT_FOUND),
        ]
        for user, url, status in cases:
            with self.subTest(user=user.username, url=url):
                self.login(user)
                self.assertEqual(self.client.post(url, {}).status_code, status)
