"""Every API route, for every role of the cast, against a record of each region.

The routes come from the OpenAPI schema itself: a route added without an entry in
:data:`EXPECTED` fails :meth:`RouteAccessTest.test_every_route_has_an_expectation`, and
every entry is exercised for every user, with Jet's record (our region, Noordstad) and the other
region's record (Zuidstad).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from samen.web.accounts.models import User
from samen.web.api.tests.fixtures import PHQA_ANSWERS, ApiTestCase, last_monday
from samen.web.careplans.models import PlanAction
from samen.web.youth.models import YoungPerson

USERS = ("jet", "ruben", "paul", "carla", "wout", "clara", "petra", "ad", "otto", "olga", "nina")
OUR_READERS = ("jet", "paul", "carla", "wout", "clara")  # Jet's record (Jet 17 consents)
THEIR_READERS = ("otto", "olga")


@dataclass(frozen=True)
class Expect:
    """Status per username for Jet's record and for the other region's record (default 404)."""

    record: dict[str, int]
    other: dict[str, int] = field(default_factory=dict)
    body: Callable[[ApiTestCase, User, str], dict[str, Any]] | None = None

    def status(self, username: str, which: str) -> int:
        return (self.record if which == "record" else self.other).get(username, 404)


def everyone(status: int) -> Expect:
    table = dict.fromkeys(USERS, status)
    return Expect(record=table, other=table)


def readers(status: int, body: Any = None, **overrides: int) -> Expect:
    record = {name: overrides.get(name, status) for name in OUR_READERS}
    other = {name: overrides.get(f"{name}_other", status) for name in THEIR_READERS}
    return Expect(record=record, other=other, body=body)


def response_body(test: ApiTestCase, user: User, which: str) -> dict[str, Any]:
    return {"instrument": "phqa", "answers": PHQA_ANSWERS, "respondent": "young_person"}


def week_body(test: ApiTestCase, user: User, which: str) -> dict[str, Any]:
    return {"week_start": last_monday().isoformat(), "days_out": 1, "impairment": True}


def action_patch(test: ApiTestCase, user: User, which: str) -> dict[str, Any]:
    """Flip the action between open and in progress, from the version it has now."""
    action = test.action if which == "record" else test.other_action
    action.refresh_from_db()
    status = "in_progress" if action.status == "open" else "open"
    return {"version": action.version, "status": status}


P = "/api/v1/young-people/{young_person_id}"
EXPECTED: dict[tuple[str, str], Expect] = {
    ("get", "/api/v1/young-people"): everyone(200),
    ("get", P): readers(200),
    ("get", "/api/v1/instruments"): everyone(200),
    ("get", "/api/v1/alerts"): everyone(200),
    # Aggregates only, and only for policy officers; everyone else 403 (a role question).
    ("get", "/api/v1/dashboard/counts"): Expect(
        record={name: 200 if name == "petra" else 403 for name in USERS},
        other={name: 200 if name == "petra" else 403 for name in USERS}),
    ("get", "/api/v1/instruments/{instrument_id}"): everyone(200),
    ("get", f"{P}/responses"): readers(200),
    # A parent answers only as a parent (403); Jet answers her assigned PHQ-A; professionals
    # on the team may enter a response without an assignment.
    ("post", f"{P}/responses"): readers(201, response_body, paul=403),
    ("get", f"{P}/weeks"): readers(200),
    ("post", f"{P}/weeks"): readers(201, week_body),
    ("get", f"{P}/episode"): readers(200),
    ("get", f"{P}/care-plan"): readers(200),
    # A parents' action with nobody named: the clinician (plan author) and the parent (owner)
    # may move it; Jet, the school and the youth worker may not (403).
    ("patch", f"{P}/care-plan/actions/{{action_id}}"): readers(
        200, action_patch, jet=403, carla=403, wout=403, otto_other=403),
}


class RouteAccessTest(ApiTestCase):
    def schema_operations(self) -> set[tuple[str, str]]:
        schema = self.client.get("/api/v1/openapi.json").json()
        return {(method, path) for path, item in schema["paths"].items() for method in item}

    def url(self, path: str, which: str) -> str:
        person: YoungPerson = self.record if which == "record" else self.other_record
        action: PlanAction = self.action if which == "record" else self.other_action
        return (path.replace("{young_person_id}", str(person.pk))
                .replace("{action_id}", str(action.pk)).replace("{instrument_id}", "phqa"))

    def call(self, method: str, path: str, which: str, user: User | None,
             expect: Expect) -> Any:
        body = expect.body(self, user, which) if (expect.body and user) else (
            expect.body(self, self.clara, which) if expect.body else None)
        kwargs: dict[str, Any] = {}
        if body is not None:
            kwargs = {"data": json.dumps(body), "content_type": "application/json"}
        return getattr(self.client, method)(self.url(path, which), **kwargs)

    def test_every_route_has_an_expectation(self) -> None:
        operations = self.schema_operations()
        self.assertEqual(operations - set(EXPECTED), set(), "routes without an expectation")
        self.assertEqual(set(EXPECTED) - operations, set(), "expectations without a route")

    def test_every_role_gets_the_expected_status(self) -> None:
        for method, path in sorted(self.schema_operations()):
            expect = EXPECTED[(method, path)]
            for username in USERS:
                user: User = getattr(self, username)
                self.client.force_login(user)
                for which in ("record", "other"):
                    with self.subTest(method=method, path=path, user=username, which=which):
                        response = self.call(method, path, which, user, expect)
                        self.assertEqual(response.status_code, expect.status(username, which),
                                         response.content[:300])
                        if response.status_code >= 400:
                            self.assertEqual(set(response.json()), {"error"})
                self.client.logout()

    def test_without_credentials_every_route_answers_401(self) -> None:
        for method, path in sorted(self.schema_operations()):
            with self.subTest(method=method, path=path):
                response = self.call(method, path, "record", None, EXPECTED[(method, path)])
                self.assert_error(response, 401, "unauthorized")
                self.assertEqual(response["WWW-Authenticate"], 'Bearer realm="samen"')

    def test_the_same_table_holds_with_a_bearer_token(self) -> None:
        """Spot check with tokens instead of the session: a reader, a stranger and a policy
        officer on every read route of Jet's record."""
        tokens = {name: self.token_for(getattr(self, name)) for name in ("clara", "otto", "petra")}
        for method, path in sorted(self.schema_operations()):
            if method != "get":
                continue
            expect = EXPECTED[(method, path)]
            for name, token in tokens.items():
                with self.subTest(path=path, user=name):
                    response = self.client.get(self.url(path, "record"), **self.bearer(token))
                    self.assertEqual(response.status_code, expect.status(name, "record"))
