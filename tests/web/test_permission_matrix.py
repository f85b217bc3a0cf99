"""The permission matrix: every route × every member of the cast × an object of each region.

The routes come from Django's resolver itself (``get_resolver()``, walked recursively), so a
route added anywhere, in the web pages, the ninja API under ``api:`` or FHIR under ``fhir:``,
fails :meth:`PermissionMatrixTest.test_the_table_names_every_route_and_nothing_else` until it
has a row in :data:`EXPECTED`. Only the routes in :data:`EXCLUDED_PREFIXES` and
:data:`EXCLUDED_NAMES` are left out, each with its reason.

Each row says, for every method the route answers, the status each member of the cast gets on
the object of our region (Jet's record and what hangs from it; see ``matrix_fixtures``) and on
the object of the other region. Routes without an object in their URL are tried once per role.
Writes are sent with a minimal body: the point is the access decision, so a 200/400/422 from
validation ("allowed past access") is told apart from 403 (may read, may not write) and 404
(missing or not yours). Every request runs in a savepoint that is rolled back, so a write that
is allowed changes nothing for the next cell.

The per-app route tests (``src/samen/web/*/tests/test_routes.py``, ``api/tests/test_routes.py``,
``fhir/tests/test_fhir.py``, ``accounts/tests/test_org.py``, ``alerts/tests/test_views.py``)
hold the reasons; this table must agree with them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.http import HttpResponseBase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from samen.instruments.fhir import response_for
from samen.web.accounts.models import User
from samen.web.audit.models import AuditEvent, AuditOutcome
from tests.web.matrix_fixtures import PHQA_ANSWERS, MatrixTestCase

# -- the statuses ---------------------------------------------------------------------------------

OK = 200
CREATED = 201
REDIRECT = 302  # after a write that is allowed (or a write form that sends you back)
LOGIN = 302  # an anonymous visitor of a web page: to /accounts/login/
BAD = 400  # allowed past access, refused by validation
UNAUTHORIZED = 401  # API and FHIR without credentials
FORBIDDEN = 403  # may read the record, may not make this write
NOT_FOUND = 404  # missing or not yours
NOT_ALLOWED = 405

ANONYMOUS = "anonymous"
CAST = ("jet", "ruben", "paul", "carla", "wout", "clara", "petra", "ad", "otto", "olga", "nina")
ROLES = (*CAST, ANONYMOUS)

OURS = "jet paul carla wout clara"  # who opens Jet's record (Jet, 17, shares it with Paul)
THEIRS = "otto olga"  # who opens the other region's record

# -- what the resolver finds that the table leaves out --------------------------------------------

EXCLUDED_PREFIXES: dict[str, str] = {
    "accounts/": "django-allauth (third party): sign-in, sign-out, sign-up, password and e-mail "
                 "pages; no young person's data, and its own test suite covers them",
    "i18n/": "Django's set_language (third party): sets the language cookie, no data",
}
EXCLUDED_NAMES: dict[str, str] = {
    "api:api-root": "ninja's catch-all root of the API (no operation of ours)",
    "api:not-found": "the API's JSON 404 for every unknown path (a catch-all, not a route)",
    "fhir:not-found": "FHIR's OperationOutcome 404 for every unknown path (a catch-all)",
}


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name
    route: str  # the path as written in the URLconfs
    parameters: tuple[str, ...]


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "",
          namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            name = entry.name or f"<unnamed {prefix}{entry.pattern}>"
            yield Route(f"{namespace}:{name}" if namespace else name, prefix + str(entry.pattern),
                        tuple(entry.pattern.regex.groupindex))


def resolver_routes() -> tuple[dict[str, Route], list[str]]:
    """Every route of the project minus the exclusions, and the names that occur twice."""
    found: dict[str, Route] = {}
    twice: list[str] = []
    for route in _walk(get_resolver().url_patterns):
        if route.route.startswith(tuple(EXCLUDED_PREFIXES)) or route.name in EXCLUDED_NAMES:
            continue
        if route.name in found:
            twice.append(route.name)
        found[route.name] = route
    return found, twice


# -- the expectation table ------------------------------------------------------------------------


def on(status: int, names: str) -> dict[str, int]:
    """``status`` for each of the space-separated usernames."""
    return dict.fromkeys(names.split(), status)


@dataclass(frozen=True)
class Expect:
    """Status per role on our object and on theirs; roles not named get ``default``.

    ``other`` is ``None`` for a route without an object in its URL (tried once per role)."""

    own: Mapping[str, int]
    other: Mapping[str, int] | None
    default: int = NOT_FOUND
    anonymous: int = LOGIN

    def status(self, role: str, which: str) -> int:
        if role == ANONYMOUS:
            return self.anonymous
        table = self.other if which == "other" else self.own
        assert table is not None
        return table.get(role, self.default)


def everyone(status: int, *, anonymous: int = LOGIN) -> Expect:
    """A route without an object: the same status for every signed-in user."""
    return Expect({}, None, default=status, anonymous=anonymous)


def only(statuses: Mapping[str, int], *, default: int = NOT_FOUND,
         anonymous: int = LOGIN) -> Expect:
    """A route without an object: ``statuses`` for the named, ``default`` for the rest."""
    return Expect(statuses, None, default=default, anonymous=anonymous)


def both(statuses: Mapping[str, int], *, default: int = NOT_FOUND,
         anonymous: int = LOGIN) -> Expect:
    """An object that belongs to no region (an instrument, a scenario comparison)."""
    return Expect(statuses, statuses, default=default, anonymous=anonymous)


def regions(own: Mapping[str, int], other: Mapping[str, int], *,
            anonymous: int = LOGIN) -> Expect:
    """Our object and theirs; everyone not named gets 404."""
    return Expect(own, other, anonymous=anonymous)


def readers(status: int = OK, *, own: Mapping[str, int] | None = None,
            other: Mapping[str, int] | None = None, anonymous: int = LOGIN) -> Expect:
    """Everyone who opens the record gets ``status`` (with the changes in ``own``/``other``);
    everyone else 404."""
    return Expect({**on(status, OURS), **(own or {})}, {**on(status, THEIRS), **(other or {})},
                  anonymous=anonymous)


GET, POST, PATCH = "get", "post", "patch"
PROFESSIONALS = "carla wout clara otto olga"
TEAM_WRITES = on(FORBIDDEN, "jet paul")  # the young person and parent may read, not write

EXPECTED: dict[str, dict[str, Expect]] = {
    # -- core --
    "core:home": {GET: everyone(OK)},
    "core:healthz": {GET: everyone(OK, anonymous=OK)},
    # -- organisation admin: only the admin of the organisation; for everyone else it does not
    #    exist. Nobody in the cast administers Lyceum Zuid, so theirs is 404 for all. --
    "accounts:organisations": {GET: only(on(OK, "ad"))},
    "accounts:add_member": {GET: regions(on(OK, "ad"), {}),
                            POST: regions(on(BAD, "ad"), {})},
    "accounts:change_role": {POST: regions(on(BAD, "ad"), {})},
    "accounts:deactivate": {POST: regions(on(REDIRECT, "ad"), {})},
    # -- youth --
    "youth:list": {GET: everyone(OK)},
    "youth:start": {GET: only(on(OK, PROFESSIONALS), default=FORBIDDEN),
                    POST: only(on(BAD, PROFESSIONALS), default=FORBIDDEN)},
    "youth:overview": {GET: readers()},
    # Jet (17) decides on her consent alone; her parent and the team may read, not decide.
    "youth:consent": {GET: readers(),
                      POST: readers(FORBIDDEN, own=on(REDIRECT, "jet"))},
    "youth:team": {GET: readers(),
                   POST: readers(BAD, own=TEAM_WRITES)},
    # Break the glass: clinicians only; ending one is for the clinician who opened it (the
    # fixtures hold ended ones, so nobody reads through them here).
    "youth:emergency": {GET: only(on(OK, "clara olga")), POST: only(on(BAD, "clara olga"))},
    "youth:emergency_end": {POST: regions(on(REDIRECT, "olga"), on(REDIRECT, "clara"))},
    # -- audit: the log is for the team and the young person from 16 (not Paul: Jet is 17) --
    "audit:log": {GET: readers(own=on(NOT_FOUND, "paul"))},
    # The auditor's pages: organisation admins only.
    "audit:emergency": {GET: only(on(OK, "ad"))},
    "audit:export": {GET: only(on(OK, "ad")), POST: only(on(BAD, "ad"))},
    # -- screening --
    "screening:history": {GET: readers()},
    "screening:assign": {GET: readers(own=TEAM_WRITES), POST: readers(BAD, own=TEAM_WRITES)},
    # Only the assigned respondent fills in: Jet ours, Olga theirs.
    "screening:fill": {
        GET: regions({**on(FORBIDDEN, OURS), **on(OK, "jet")},
                     {**on(FORBIDDEN, THEIRS), **on(OK, "olga")}),
        POST: regions({**on(FORBIDDEN, OURS), **on(BAD, "jet")},
                      {**on(FORBIDDEN, THEIRS), **on(BAD, "olga")}),
    },
    "screening:enter": {GET: readers(own=TEAM_WRITES), POST: readers(BAD, own=TEAM_WRITES)},
    "screening:chart": {GET: readers()},
    # The response is Jet's (entered by Clara): Paul sees only what he answered himself.
    "screening:response": {GET: readers(own=on(NOT_FOUND, "paul"))},
    # -- monitoring --
    "monitoring:import": {GET: only(on(OK, "carla otto"), default=FORBIDDEN),
                          POST: only(on(OK, "carla otto"), default=FORBIDDEN)},
    "monitoring:timeline": {GET: readers()},
    "monitoring:timeline_chart": {GET: readers()},
    "monitoring:log_week": {GET: readers(), POST: readers()},  # invalid week: the form again
    # -- care plans: the clinician writes the plan; school and youth work add their own role's
    #    actions; a parent moves a parents' action; the young person and the clinician set
    #    goals. An invalid form is shown again (200); "done" always sends you back (302). --
    "careplans:plan": {GET: readers()},
    "careplans:profile": {GET: readers()},
    "careplans:action_add": {GET: readers(own=TEAM_WRITES), POST: readers(own=TEAM_WRITES)},
    "careplans:action_edit": {
        GET: regions({**on(FORBIDDEN, OURS), **on(OK, "paul clara")},
                     {**on(FORBIDDEN, THEIRS), **on(OK, "olga")}),
        POST: regions({**on(FORBIDDEN, OURS), **on(OK, "paul clara")},
                      {**on(FORBIDDEN, THEIRS), **on(OK, "olga")}),
    },
    "careplans:action_done": {
        POST: regions({**on(FORBIDDEN, OURS), **on(REDIRECT, "paul clara")},
                      {**on(FORBIDDEN, THEIRS), **on(REDIRECT, "olga")}),
    },
    "careplans:goal_add": {
        GET: regions({**on(FORBIDDEN, OURS), **on(OK, "jet clara")},
                     {**on(FORBIDDEN, THEIRS), **on(OK, "olga")}),
        POST: regions({**on(FORBIDDEN, OURS), **on(OK, "jet clara")},
                      {**on(FORBIDDEN, THEIRS), **on(OK, "olga")}),
    },
    "careplans:goal_edit": {
        GET: regions({**on(FORBIDDEN, OURS), **on(OK, "jet clara")},
                     {**on(FORBIDDEN, THEIRS), **on(OK, "olga")}),
        POST: regions({**on(FORBIDDEN, OURS), **on(OK, "jet clara")},
                      {**on(FORBIDDEN, THEIRS), **on(OK, "olga")}),
    },
    "careplans:goal_done": {
        POST: regions({**on(FORBIDDEN, OURS), **on(REDIRECT, "jet clara")},
                      {**on(FORBIDDEN, THEIRS), **on(REDIRECT, "olga")}),
    },
    # -- alerts: one's own alerts only --
    "alerts:list": {GET: everyone(OK)},
    "alerts:read": {POST: regions(on(REDIRECT, "carla"), on(REDIRECT, "otto"))},
    "alerts:read_all": {POST: everyone(REDIRECT)},
    # -- policy dashboard: policy officers only, 404 for everyone else; comparisons are global --
    "dashboard:index": {GET: only(on(OK, "petra"))},
    "dashboard:trend_chart": {GET: only(on(OK, "petra"))},
    "dashboard:export": {GET: only(on(OK, "petra"))},
    "dashboard:scenarios": {GET: only(on(OK, "petra"))},
    "dashboard:scenario": {GET: both(on(OK, "petra"))},
    "dashboard:scenario_chart": {GET: both(on(OK, "petra"))},
    # -- API: the token page is a web page; the operations answer 401 without credentials --
    "api:tokens": {GET: everyone(OK), POST: everyone(OK)},  # invalid name: the form again
    "api:revoke": {POST: regions(on(REDIRECT, "carla"), on(REDIRECT, "otto"))},
    # The schema is public (no data); ninja's schema view answers any method, POST included.
    "api:openapi-json": {GET: everyone(OK, anonymous=OK), POST: everyone(OK, anonymous=OK)},
    "api:list_young_people": {GET: everyone(OK, anonymous=UNAUTHORIZED)},
    "api:get_young_person": {GET: readers(anonymous=UNAUTHORIZED)},
    "api:list_instrument_definitions": {GET: everyone(OK, anonymous=UNAUTHORIZED)},
    "api:get_instrument_definition": {
        GET: both({}, default=OK, anonymous=UNAUTHORIZED)},
    "api:list_responses": {GET: readers(anonymous=UNAUTHORIZED)},
    # A parent answers only as a parent (403); Jet answers her assigned PHQ-A.
    "api:create_response": {POST: readers(CREATED, own=on(FORBIDDEN, "paul"),
                                          anonymous=UNAUTHORIZED)},
    "api:list_weeks": {GET: readers(anonymous=UNAUTHORIZED)},
    "api:create_week": {POST: readers(CREATED, anonymous=UNAUTHORIZED)},
    "api:get_episode": {GET: readers(anonymous=UNAUTHORIZED)},
    "api:get_care_plan": {GET: readers(anonymous=UNAUTHORIZED)},
    "api:patch_action": {PATCH: regions(
        {**on(FORBIDDEN, OURS), **on(OK, "paul clara")},
        {**on(FORBIDDEN, THEIRS), **on(OK, "olga")}, anonymous=UNAUTHORIZED)},
    "api:list_alerts": {GET: everyone(OK, anonymous=UNAUTHORIZED)},
    "api:dashboard_counts": {GET: only(on(OK, "petra"), default=FORBIDDEN,
                                       anonymous=UNAUTHORIZED)},
    # -- FHIR --
    "fhir:questionnaire-search": {GET: everyone(OK, anonymous=UNAUTHORIZED)},
    "fhir:questionnaire-read": {GET: both({}, default=OK, anonymous=UNAUTHORIZED)},
    "fhir:questionnaire-response-create": {
        POST: readers(CREATED, own=on(FORBIDDEN, "paul"), anonymous=UNAUTHORIZED)},
    # Item answers are clinical content: school and youth work get 403 (totals via the API).
    "fhir:questionnaire-response-read": {GET: readers(
        own={**on(NOT_FOUND, "paul"), **on(FORBIDDEN, "carla wout")},
        other=on(FORBIDDEN, "otto"), anonymous=UNAUTHORIZED)},
    "fhir:care-plan-read": {GET: readers(anonymous=UNAUTHORIZED)},
    # -- privacy: the export for Jet (17) herself and the clinician (school and youth work never
    #    get the clinical content; Paul not from 16); erasure requests also from the school
    #    coordinator on her behalf; only the clinician decides on destruction (privacy/rights.py) --
    "privacy:index": {GET: readers(own=on(FORBIDDEN, "paul wout"))},
    "privacy:export_json": {GET: readers(own=on(FORBIDDEN, "paul carla wout"),
                                         other=on(FORBIDDEN, "otto"))},
    "privacy:export_fhir": {GET: readers(own=on(FORBIDDEN, "paul carla wout"),
                                         other=on(FORBIDDEN, "otto"))},
    "privacy:erasure": {POST: readers(BAD, own=on(FORBIDDEN, "paul wout"))},
    "privacy:decide": {POST: readers(FORBIDDEN, own=on(BAD, "clara"), other=on(BAD, "olga"))},
}

# -- filling the URL parameters -------------------------------------------------------------------

Filler = Callable[[MatrixTestCase, bool], object]  # (test, ours?) -> the URL value


def _pick(ours: object, theirs: object) -> Filler:
    return lambda test, own: getattr(test, str(ours if own else theirs)).pk


BY_PARAMETER: dict[str, Filler] = {
    "young_person_id": _pick("record", "other_record"),
    "organisation_id": _pick("school", "other_school"),
    "membership_id": lambda test, own: (test.carla if own else test.otto).memberships.get().pk,
    "assignment_id": _pick("assignment", "other_assignment"),
    "response_id": _pick("response", "other_response"),
    "token_id": _pick("token", "other_token"),
    "action_id": _pick("action", "other_action"),
}
BY_ROUTE: dict[str, dict[str, Filler]] = {
    "careplans:action_edit": {"pk": _pick("action", "other_action")},
    "careplans:action_done": {"pk": _pick("action", "other_action")},
    "careplans:goal_edit": {"pk": _pick("goal", "other_goal")},
    "careplans:goal_done": {"pk": _pick("goal", "other_goal")},
    "alerts:read": {"pk": _pick("alert", "other_alert")},
    "youth:emergency_end": {"emergency_id": _pick("emergency", "other_emergency")},
    "dashboard:scenario": {"pk": _pick("comparison", "other_comparison")},
    "dashboard:scenario_chart": {"pk": _pick("comparison", "other_comparison")},
    "screening:enter": {"instrument_id": lambda test, own: "phqa"},
    "screening:chart": {"instrument_id": lambda test, own: "phqa"},
    "api:get_instrument_definition": {"instrument_id": lambda test, own: "phqa" if own else "gad7"},
    "fhir:questionnaire-read": {"resource_id": lambda test, own: "phqa" if own else "gad7"},
    "fhir:questionnaire-response-read": {"resource_id": _pick("response", "other_response")},
    "fhir:care-plan-read": {"resource_id": _pick("plan", "other_plan")},
}

# -- bodies of the writes -------------------------------------------------------------------------

Body = Callable[[MatrixTestCase, bool], dict[str, Any]]
MINIMAL_FORM: dict[str, Any] = {"matrix": "minimal"}  # a bound form with nothing valid in it


def _last_monday() -> str:
    today = timezone.localdate()
    return (today - timedelta(days=today.weekday() + 7)).isoformat()


FORM_BODIES: dict[str, Body] = {
    "youth:start": lambda test, own: {"district": ""},
    # Grant what is already in force (changes nothing): the consent decision itself is tried.
    "youth:consent": lambda test, own: {
        "action": "grant", "scope": "organisation",
        "organisation": (test.school if own else test.other_school).pk},
    "youth:team": lambda test, own: {"membership": "999999"},
    "accounts:add_member": lambda test, own: {"username": ""},
    "accounts:change_role": lambda test, own: {"role": "boss"},
}
# API and FHIR writes: a valid body, since ninja validates the body before the operation runs
# (an empty body would be 422 for everyone, before any access decision).
JSON_BODIES: dict[str, Body] = {
    "api:create_response": lambda test, own: {
        "instrument": "phqa", "answers": PHQA_ANSWERS, "respondent": "young_person"},
    "api:create_week": lambda test, own: {
        "week_start": _last_monday(), "days_out": 1, "impairment": True},
    "api:patch_action": lambda test, own: {
        "version": (test.action if own else test.other_action).version,
        "status": "in_progress"},
    "fhir:questionnaire-response-create": lambda test, own: response_for(
        "phqa", PHQA_ANSWERS,
        subject=f"Patient/{(test.record if own else test.other_record).pk}"),
}


OBJECT_IN_BODY = {"fhir:questionnaire-response-create"}  # the record is the body's subject
OUTER_PARAMETERS = {"young_person_id", "organisation_id"}  # what holds the other objects
REGIONLESS_PARAMETERS = {"instrument_id"}  # the same instrument in both regions


@dataclass(frozen=True)
class Cell:
    """One request of the matrix, to be sent by every role."""

    route: str
    method: str
    which: str  # "own", "other", "crossed" (ours outside, theirs inside) or "-" (no object)
    url: str
    expect: Expect
    body: dict[str, Any] | None
    content_type: str | None


class PermissionMatrixTest(MatrixTestCase):
    def cells(self) -> tuple[list[Cell], list[str]]:
        """Every (route, method, region) of the table with its URL, and what could not be built."""
        routes, _twice = resolver_routes()
        cells: list[Cell] = []
        problems: list[str] = []
        for name in sorted(set(EXPECTED) & set(routes)):
            route = routes[name]
            for method, expect in EXPECTED[name].items():
                has_object = bool(route.parameters) or name in OBJECT_IN_BODY
                if (expect.other is None) == has_object:
                    problems.append(f"{name}: give both regions exactly when the request names "
                                    f"an object (URL parameters: {route.parameters})")
                    continue
                for which in (("own", "other") if has_object else ("-",)):
                    kwargs = self.fill(route, which, problems)
                    if kwargs is not None:
                        cells.append(self.cell(name, method, which, expect, kwargs))
        return cells, problems

    def crossed_cells(self) -> list[Cell]:
        """Our record (or organisation) in the URL with the other region's object inside it:
        every route whose URL names both, for every method the table gives it."""
        routes, _twice = resolver_routes()
        cells: list[Cell] = []
        for name in sorted(set(EXPECTED) & set(routes)):
            route = routes[name]
            outer = set(route.parameters) & OUTER_PARAMETERS
            inner = set(route.parameters) - OUTER_PARAMETERS - REGIONLESS_PARAMETERS
            if not (outer and inner):
                continue
            kwargs = self.fill(route, "crossed", [])
            assert kwargs is not None, name
            for method, expect in EXPECTED[name].items():
                nobody = Expect({}, {}, default=NOT_FOUND, anonymous=expect.anonymous)
                cells.append(self.cell(name, method, "crossed", nobody, kwargs))
        return cells

    def fill(self, route: Route, which: str, problems: list[str]) -> dict[str, object] | None:
        """The URL's parameters for our objects, theirs, or crossed (ours outside, theirs in)."""
        kwargs: dict[str, object] = {}
        for parameter in route.parameters:
            filler = BY_ROUTE.get(route.name, {}).get(parameter) or BY_PARAMETER.get(parameter)
            if filler is None:
                problems.append(f"{route.name}: no filler for the URL parameter {parameter!r}")
                return None
            own = which == "own" or (which == "crossed" and parameter in OUTER_PARAMETERS)
            kwargs[parameter] = filler(self, own)
        return kwargs

    def cell(self, name: str, method: str, which: str, expect: Expect,
             kwargs: dict[str, object]) -> Cell:
        url = reverse(name, kwargs=kwargs)
        own = which != "other"
        if method == GET:
            return Cell(name, method, which, url, expect, None, None)
        if name in JSON_BODIES:
            content_type = ("application/fhir+json" if name.startswith("fhir:")
                            else "application/json")
            return Cell(name, method, which, url, expect, JSON_BODIES[name](self, own),
                        content_type)
        body = FORM_BODIES[name](self, own) if name in FORM_BODIES else MINIMAL_FORM
        return Cell(name, method, which, url, expect, body, None)

    def send(self, cell: Cell) -> HttpResponseBase:
        call = getattr(self.client, cell.method)
        if cell.method == GET:
            return call(cell.url)  # type: ignore[no-any-return]
        if cell.content_type is not None:
            return call(cell.url, data=json.dumps(cell.body),  # type: ignore[no-any-return]
                        content_type=cell.content_type)
        return call(cell.url, cell.body)  # type: ignore[no-any-return]

    def users(self) -> dict[str, User | None]:
        return {**{name: getattr(self, name) for name in CAST}, ANONYMOUS: None}

    # -- the table covers the resolver -----------------------------------------------------------

    def test_the_table_names_every_route_and_nothing_else(self) -> None:
        routes, twice = resolver_routes()
        assert not twice, f"route names used twice (the table needs unique names): {twice}"
        missing = sorted(set(routes) - set(EXPECTED))
        assert not missing, "routes found by the resolver without a row in EXPECTED: " + ", ".join(
            f"{name} ({routes[name].route})" for name in missing)
        stale = sorted(set(EXPECTED) - set(routes))
        assert not stale, f"rows in EXPECTED for routes the resolver does not have: {stale}"
        _cells, problems = self.cells()
        assert not problems, "\n".join(problems)

    def test_the_table_names_every_operation_of_the_openapi_schema(self) -> None:
        """The API's own schema, not only the resolver: each documented (path, method) must
        resolve to a route whose row in the table gives that method."""
        schema = self.client.get(reverse("api:openapi-json")).json()
        operations = [(path, method) for path, item in schema["paths"].items()
                      for method in item if method in ("get", "post", "put", "patch", "delete")]
        assert len(operations) > 10
        # ninja gives each operation its own URL name, several of them on one path: the path
        # written as the schema writes it leads to every name on it.
        routes, _twice = resolver_routes()
        names_by_path: dict[str, list[str]] = {}
        for route in routes.values():
            path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.route)
            names_by_path.setdefault(path, []).append(route.name)
        uncovered = [f"{method.upper()} {path}" for path, method in operations
                     if not any(method in EXPECTED.get(name, {})
                                for name in names_by_path.get(path, []))]
        assert not uncovered, f"API operations without a row: {uncovered}"

    def test_every_exclusion_still_excludes_something(self) -> None:
        every = list(_walk(get_resolver().url_patterns))
        for prefix in EXCLUDED_PREFIXES:
            assert any(r.route.startswith(prefix) for r in every), f"stale exclusion {prefix}"
        names = {r.name for r in every}
        for name in EXCLUDED_NAMES:
            assert name in names, f"stale exclusion {name}"

    # -- every cell ------------------------------------------------------------------------------

    def test_every_route_for_every_role_on_each_regions_object(self) -> None:
        cells, problems = self.cells()
        assert not problems, "\n".join(problems)
        samples = self.audit_samples(cells)
        wrong, audited = self.run_matrix(cells, samples)
        assert audited == sum(len(v) for v in samples.values()) > 0
        assert not wrong, f"{len(wrong)} of {len(cells) * len(ROLES)} requests wrong:\n" + (
            "\n".join(wrong))

    def test_an_object_of_the_other_region_is_not_found_through_ours(self) -> None:
        """Objects inside a record are looked up filtered by it: the other region's assignment,
        response, action or goal under Jet's record (and Otto's membership under Het Baken) is
        404 for everyone, also for those who open Jet's record."""
        cells = self.crossed_cells()
        assert {c.route for c in cells} >= {"screening:fill", "careplans:action_edit",
                                            "api:patch_action", "accounts:deactivate"}
        wrong, _audited = self.run_matrix(cells, {})
        assert not wrong, f"{len(wrong)} of {len(cells) * len(ROLES)} requests wrong:\n" + (
            "\n".join(wrong))

    def run_matrix(self, cells: list[Cell], samples: dict[str, set[tuple[str, str]]],
                   ) -> tuple[list[str], int]:
        """Send every cell as every role (each in a savepoint that is rolled back); return what
        went wrong and how many denied reads were checked in the audit log."""
        wrong: list[str] = []
        audited = 0
        for role, user in self.users().items():
            if user is None:
                self.client.logout()
            else:
                self.client.force_login(user)
            for cell in cells:
                expected = cell.expect.status(role, cell.which)
                where = f"{cell.route} {cell.method.upper()} {cell.which} {role}"
                sample = cell.method == GET and (cell.route, cell.which) in samples.get(role, set())
                with transaction.atomic():
                    before = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
                    try:
                        response = self.send(cell)
                    except Exception as error:  # a view that crashes is a wrong cell too
                        wrong.append(f"{where}: raised {error!r}, expected {expected}")
                        transaction.set_rollback(True)
                        continue
                    got = response.status_code
                    if got != expected:
                        wrong.append(f"{where}: got {got}, expected {expected} ({cell.url})")
                    elif expected == LOGIN and role == ANONYMOUS:
                        location = response.headers.get("Location", "")
                        if not location.startswith("/accounts/login/"):
                            wrong.append(f"{where}: sent to {location!r}, not to sign in")
                    if sample:
                        audited += 1
                        if not self.denied_event_written(user, cell, before):
                            wrong.append(f"{where}: denied without an audit event with "
                                         "outcome 'denied'")
                    transaction.set_rollback(True)
                self.client.cookies.pop("messages", None)
        return wrong, audited

    def audit_samples(self, cells: list[Cell]) -> dict[str, set[tuple[str, str]]]:
        """A few denied reads to check in the audit log: for each person route, one role
        without access on our record and one on theirs, taking turns over those roles."""
        own_pool = ("ruben", "petra", "ad", "otto", "olga", "nina")
        other_pool = ("jet", "ruben", "paul", "carla", "wout", "clara", "petra", "ad", "nina")
        person = self.person_routes()
        person_routes = sorted({c.route for c in cells if c.method == GET and c.route in person})
        samples: dict[str, set[tuple[str, str]]] = {}
        for index, route in enumerate(person_routes):
            for which, pool in (("own", own_pool), ("other", other_pool)):
                role = pool[index % len(pool)]
                assert EXPECTED[route][GET].status(role, which) == NOT_FOUND, (route, role, which)
                samples.setdefault(role, set()).add((route, which))
        return samples

    @staticmethod
    def person_routes() -> set[str]:
        routes, _twice = resolver_routes()
        return {name for name, route in routes.items() if "young_person_id" in route.parameters}

    def denied_event_written(self, user: User | None, cell: Cell, before: int) -> bool:
        subject = self.record if cell.which == "own" else self.other_record
        return AuditEvent.objects.filter(
            pk__gt=before, actor=user, outcome=AuditOutcome.DENIED, subject_id=subject.pk,
        ).exists()

    # -- methods a URL does not answer -----------------------------------------------------------

    def test_methods_a_url_does_not_answer_are_405(self) -> None:
        """A URL refuses GET or POST (405) when none of its routes answers that method; tried
        as Clara, signed in, on the URLs of both regions."""
        cells, _problems = self.cells()
        answered: dict[str, set[str]] = {}
        for cell in cells:
            answered.setdefault(cell.url, set()).add(cell.method)
        self.client.force_login(self.clara)
        wrong = []
        for url, methods in sorted(answered.items()):
            for method in sorted({GET, POST} - methods):
                with transaction.atomic():
                    got = getattr(self.client, method)(url).status_code
                    transaction.set_rollback(True)
                if got != NOT_ALLOWED:
                    wrong.append(f"{method.upper()} {url}: got {got}, expected 405")
        assert not wrong, "\n".join(wrong)
