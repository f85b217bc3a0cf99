"""Every youth route for every role, against a record of its own region and of the other region."""

from __future__ import annotations

from samen.web.accounts.models import User
from samen.web.youth.tests.routes import RouteTestCase


class YouthRoutesTest(RouteTestCase):
    def readers(self) -> dict[str, dict[User, int]]:
        """Who opens each record (200); everyone else 404."""
        return {
            "record": {self.jet: 200, self.paul: 200, self.carla: 200, self.wout: 200,
                       self.clara: 200},
            "child": {self.ruben: 200, self.paul: 200, self.carla: 200, self.clara: 200},
            "other_record": {self.otto: 200, self.olga: 200},
        }

    def test_list_is_open_to_every_signed_in_user(self) -> None:
        self.assert_statuses("get", "/youth/", {}, default=200)

    def test_start_a_team_is_for_care_professionals_only(self) -> None:
        professionals = {self.carla, self.wout, self.clara, self.otto, self.olga}
        self.assert_statuses("get", "/youth/new/", dict.fromkeys(professionals, 200),
                             default=403)
        # An empty form is refused field by field (400) for professionals; 403 for the others.
        self.assert_statuses("post", "/youth/new/", dict.fromkeys(professionals, 400),
                             data={"district": ""}, default=403)

    def test_overview_consent_and_team_pages(self) -> None:
        for name, expected in self.readers().items():
            young_person = getattr(self, name)
            for page in ("", "consent/", "team/"):
                self.assert_statuses("get", f"/youth/{young_person.pk}/{page}", expected)

    def test_a_missing_record_is_not_found_for_everyone(self) -> None:
        for page in ("", "consent/", "team/"):
            self.assert_statuses("get", f"/youth/999999/{page}", {})

    def test_adding_to_the_team_is_for_care_professionals_on_the_team(self) -> None:
        # An invalid choice: professionals with access get 400 (form error), young person and
        # parents 403 (may read, may not add), everyone else 404.
        bad = {"membership": "999999"}
        cases = {
            "record": {self.jet: 403, self.paul: 403, self.carla: 400, self.wout: 400,
                       self.clara: 400},
            "child": {self.ruben: 403, self.paul: 403, self.carla: 400, self.clara: 400},
            "other_record": {self.otto: 400, self.olga: 400},
        }
        for name, expected in cases.items():
            young_person = getattr(self, name)
            self.assert_statuses("post", f"/youth/{young_person.pk}/team/", expected, data=bad)

    def test_consent_changes_are_for_the_young_person_and_parents_by_age(self) -> None:
        # Granting again what is already in force changes nothing (idempotent) and redirects.
        cases = {
            # Jet is 17: she decides alone; Paul may read (with her consent) but not decide.
            "record": ({self.jet: 302, self.paul: 403, self.carla: 403, self.wout: 403,
                        self.clara: 403}, self.school),
            # Ruben is 13: he and his parent both decide.
            "child": ({self.ruben: 302, self.paul: 302, self.carla: 403, self.clara: 403},
                      self.school),
            "other_record": ({self.otto: 403, self.olga: 403}, self.other_school),
        }
        for name, (expected, organisation) in cases.items():
            young_person = getattr(self, name)
            data = {"action": "grant", "scope": "organisation", "organisation": organisation.pk}
            self.assert_statuses("post", f"/youth/{young_person.pk}/consent/", expected, data=data)
