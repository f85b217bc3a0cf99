"""FHIR R4 endpoints: every route for every role and region, the PHQ-A round trip, CarePlan,
OperationOutcome errors, and the API's authentication (session or bearer token)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone
from fhir.resources.R4B.careplan import CarePlan as FhirCarePlan
from fhir.resources.R4B.operationoutcome import OperationOutcome

from samen.instruments import list_instruments
from samen.instruments.fhir import response_for
from samen.web.accounts.models import User
from samen.web.api.actions import do_revoke_token
from samen.web.api.models import ApiToken
from samen.web.api.tests.fixtures import (
    PHQA_ANSWERS,
    PHQA_BAND,
    PHQA_TOTAL,
    ApiTestCase,
    access_of,
)
from samen.web.audit.log import Actor
from samen.web.audit.models import AuditEvent
from samen.web.careplans.actions import do_add_action, do_add_goal
from samen.web.careplans.models import CarePlan
from samen.web.fhir import urls as fhir_urls
from samen.web.screening.actions import do_submit_response
from samen.web.screening.models import QuestionnaireResponse
from samen.web.testing import SamenClient
from samen.web.youth.models import YoungPerson

USERS = ("jet", "ruben", "paul", "carla", "wout", "clara", "petra", "ad", "otto", "olga", "nina")
OUR_READERS = ("jet", "paul", "carla", "wout", "clara")
THEIR_READERS = ("otto", "olga")
FHIR_JSON = "application/fhir+json; charset=utf-8"


@dataclass(frozen=True)
class Expect:
    method: str
    record: dict[str, int]
    other: dict[str, int]

    def status(self, username: str, which: str) -> int:
        return (self.record if which == "record" else self.other).get(username, 404)


def everyone(method: str, status: int) -> Expect:
    table = dict.fromkeys(USERS, status)
    return Expect(method, table, table)


def readers(method: str, status: int, **overrides: int) -> Expect:
    return Expect(method, {n: overrides.get(n, status) for n in OUR_READERS},
                  {n: overrides.get(f"{n}_other", status) for n in THEIR_READERS})


# Keyed by URL pattern name: a FHIR route added without an entry here fails the table test.
EXPECTED: dict[str, Expect] = {
    "questionnaire-search": everyone("get", 200),
    "questionnaire-read": everyone("get", 200),
    # Jet answers her assigned PHQ-A; a parent answers only assigned parent questionnaires (403);
    # professionals on the team may enter the young person's answers.
    "questionnaire-response-create": readers("post", 201, paul=403),
    # The stored responses are the young people's answers, entered by the clinicians: Jet sees
    # her own; Paul sees only responses he answered (404); the school and youth work see
    # totals, never item answers (403).
    "questionnaire-response-read": readers("get", 200, paul=404, carla=403, wout=403,
                                           otto_other=403),
    "care-plan-read": readers("get", 200),
}
UNLISTED = {"not-found"}  # the catch-all, tested on its own


class FhirTestCase(ApiTestCase):
    response: QuestionnaireResponse
    other_response: QuestionnaireResponse

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        system = Actor.system("test")
        for user, person, name in ((cls.clara, cls.record, "response"),
                                   (cls.olga, cls.other_record, "other_response")):
            stored, _ = do_submit_response(
                actor=system, access=access_of(user, person), instrument_id="phqa",
                answers=dict.fromkeys(PHQA_ANSWERS, 1), respondent="young_person", author=user,
                channel="paper", idempotency_key=None,
            )
            setattr(cls, name, stored)

    def fhir_post(self, resource: dict[str, Any], client: Client | None = None,
                  **extra: Any) -> Any:
        return (client or self.client).post(
            "/fhir/QuestionnaireResponse", data=json.dumps(resource),
            content_type="application/fhir+json", **extra)

    def phqa_response(self, person: YoungPerson, **changes: Any) -> dict[str, Any]:
        resource = response_for("phqa", PHQA_ANSWERS, subject=f"Patient/{person.pk}")
        resource.update(changes)
        return resource

    def assert_outcome(self, response: Any, status: int, code: str,
                       expression: str | None = None) -> dict[str, Any]:
        self.assertEqual(response.status_code, status, response.content[:400])
        self.assertEqual(response["Content-Type"], FHIR_JSON)
        body: dict[str, Any] = response.json()
        OperationOutcome.model_validate(body)
        issue = body["issue"][0]
        self.assertEqual((body["resourceType"], issue["severity"], issue["code"]),
                         ("OperationOutcome", "error", code))
        self.assertTrue(issue["diagnostics"])
        if expression is not None:
            self.assertEqual(issue["expression"], [expression])
        return body


class FhirRouteAccessTest(FhirTestCase):
    def url(self, name: str, which: str) -> str:
        ours = which == "record"
        if name == "questionnaire-search":
            return "/fhir/Questionnaire"
        if name == "questionnaire-read":
            return "/fhir/Questionnaire/phqa"
        if name == "questionnaire-response-create":
            return "/fhir/QuestionnaireResponse"
        if name == "questionnaire-response-read":
            stored = self.response if ours else self.other_response
            return f"/fhir/QuestionnaireResponse/{stored.pk}"
        plan = CarePlan.objects.get(young_person=self.record if ours else self.other_record)
        return f"/fhir/CarePlan/{plan.pk}"

    def call(self, name: str, which: str) -> Any:
        expect = EXPECTED[name]
        if expect.method == "post":
            person = self.record if which == "record" else self.other_record
            return self.fhir_post(self.phqa_response(person))
        return self.client.get(self.url(name, which))

    def test_every_fhir_route_has_an_expectation(self) -> None:
        names = {p.name for p in fhir_urls.urlpatterns}
        self.assertEqual(names - set(EXPECTED) - UNLISTED, set())
        self.assertEqual(set(EXPECTED) - names, set())

    def test_every_role_gets_the_expected_status(self) -> None:
        for name in sorted(EXPECTED):
            for username in USERS:
                user: User = getattr(self, username)
                self.client.force_login(user)
                for which in ("record", "other"):
                    with self.subTest(route=name, user=username, which=which):
                        response = self.call(name, which)
                        expected = EXPECTED[name].status(username, which)
                        self.assertEqual(response.status_code, expected, response.content[:300])
                        self.assertEqual(response["Content-Type"], FHIR_JSON)
                        if expected == 404:
                            self.assert_outcome(response, 404, "not-found")
                        elif expected == 403:
                            self.assert_outcome(response, 403, "forbidden")
                self.client.logout()

    def test_without_credentials_every_route_answers_401(self) -> None:
        for name in sorted(EXPECTED):
            with self.subTest(route=name):
                response = self.call(name, "record")
                self.assert_outcome(response, 401, "login")
                self.assertEqual(response["WWW-Authenticate"], 'Bearer realm="samen"')

    def test_the_catch_all_and_a_wrong_method(self) -> None:
        self.login(self.clara)
        self.assert_outcome(self.client.get("/fhir/Patient/1"), 404, "not-found")
        self.assert_outcome(self.client.get("/fhir/QuestionnaireResponse"), 405, "not-supported")
        self.assert_outcome(self.client.delete(f"/fhir/CarePlan/{self.action.plan_id}"), 405,
                            "not-supported")


class QuestionnaireTest(FhirTestCase):
    def test_a_questionnaire_by_its_fhir_id_or_samen_id(self) -> None:
        self.login(self.nina)
        for wanted in ("mini-spin", "mini_spin"):
            with self.subTest(wanted=wanted):
                response = self.client.get(f"/fhir/Questionnaire/{wanted}")
                self.assertEqual(response.status_code, 200)
                body = response.json()
                self.assertEqual((body["resourceType"], body["id"], body["url"]),
                                 ("Questionnaire", "mini-spin",
                                  "https://samen.invalid/fhir/Questionnaire/mini_spin"))
        self.assert_outcome(self.client.get("/fhir/Questionnaire/nope"), 404, "not-found")

    def test_the_searchset_bundle(self) -> None:
        self.login(self.carla)
        bundle = self.client.get("/fhir/Questionnaire").json()
        shipped = list_instruments()
        self.assertEqual((bundle["resourceType"], bundle["type"], bundle["total"]),
                         ("Bundle", "searchset", len(shipped)))
        self.assertEqual(len(bundle["entry"]), 13)
        first = bundle["entry"][0]
        self.assertEqual(first["fullUrl"], f"http://testserver/fhir/Questionnaire/"
                                           f"{shipped[0].id.replace('_', '-')}")
        narrowed = self.client.get("/fhir/Questionnaire", {
            "url": "https://samen.invalid/fhir/Questionnaire/phqa|1.0.0"}).json()
        self.assertEqual([e["resource"]["id"] for e in narrowed["entry"]], ["phqa"])
        self.assertEqual(narrowed["total"], 1)


class QuestionnaireResponseTest(FhirTestCase):
    def test_round_trip_of_a_phqa_response(self) -> None:
        self.login(self.clara)
        sent = self.phqa_response(self.record, authored="2026-01-12T09:30:00+01:00")
        response = self.fhir_post(sent)
        self.assertEqual(response.status_code, 201, response.content)
        stored = QuestionnaireResponse.objects.get(channel="fhir")
        # Hand-computed: 2+1+2+1+0+3+1+2+0 = 12, band moderate (10-14).
        self.assertEqual((stored.total, stored.band, stored.above_cutoff),
                         (PHQA_TOTAL, PHQA_BAND, True))
        self.assertEqual(stored.answers, PHQA_ANSWERS)
        self.assertEqual(stored.authored_at.isoformat(), "2026-01-12T08:30:00+00:00")
        self.assertEqual(response.json()["authored"], "2026-01-12T09:30:00+01:00")
        location = response["Location"]
        self.assertEqual(location, f"http://testserver/fhir/QuestionnaireResponse/{stored.pk}")
        read = self.client.get(location.removeprefix("http://testserver")).json()
        self.assertEqual(read, response.json())
        self.assertEqual((read["id"], read["subject"], read["status"]),
                         (str(stored.pk), {"reference": f"Patient/{self.record.pk}"},
                          "completed"))
        answers = {i["linkId"]: i["answer"][0] for i in read["item"]}
        self.assertEqual(answers["score-total"], {"valueDecimal": PHQA_TOTAL})
        self.assertEqual({k: int(v["valueCoding"]["code"]) for k, v in answers.items()
                          if k != "score-total"}, PHQA_ANSWERS)
        events = AuditEvent.objects.filter(channel="fhir").values_list("event", "actor_username")
        self.assertIn(("screening.response.create", "clara"), list(events))
        self.assertIn(("fhir.questionnaire_response.read", "clara"), list(events))

    def test_jet_answers_her_assignment_through_fhir(self) -> None:
        self.login(self.jet)
        response = self.fhir_post(self.phqa_response(
            self.record, source={"reference": f"Patient/{self.record.pk}"}))
        self.assertEqual(response.status_code, 201, response.content)
        stored = QuestionnaireResponse.objects.get(channel="fhir")
        self.assertEqual((stored.assignment_id, stored.respondent, stored.author_id),
                         (self.assignment.pk, "young_person", self.jet.pk))

    def test_an_idempotency_key_stores_once(self) -> None:
        self.login(self.clara)
        first = self.fhir_post(self.phqa_response(self.record), HTTP_IDEMPOTENCY_KEY="fhir-1")
        second = self.fhir_post(self.phqa_response(self.record), HTTP_IDEMPOTENCY_KEY="fhir-1")
        self.assertEqual((first.status_code, second.status_code), (201, 200))
        self.assertEqual(first.json()["id"], second.json()["id"])
        self.assertEqual(QuestionnaireResponse.objects.filter(channel="fhir").count(), 1)

    def test_problems_are_operation_outcomes_that_point_into_the_resource(self) -> None:
        self.login(self.clara)
        bad = self.phqa_response(self.record)
        bad["item"][2]["answer"] = [{"valueInteger": 7}]
        self.assert_outcome(self.fhir_post(bad), 422, "invalid",
                            "QuestionnaireResponse.item.where(linkId='q3')")
        self.assert_outcome(self.fhir_post(self.phqa_response(self.record, subject=None)), 422,
                            "invalid", "QuestionnaireResponse.subject")
        self.assert_outcome(self.fhir_post(self.phqa_response(self.record, status="in-progress")),
                            422, "invalid", "QuestionnaireResponse.status")
        self.assert_outcome(self.fhir_post(self.phqa_response(
            self.record, authored="2026-01-12")), 422, "invalid", "QuestionnaireResponse.authored")
        self.assert_outcome(self.fhir_post({"resourceType": "Patient"}), 422, "invalid",
                            "QuestionnaireResponse.resourceType")
        not_json = self.client.post("/fhir/QuestionnaireResponse", data="{oops",
                                    content_type="application/fhir+json")
        self.assert_outcome(not_json, 400, "structure")
        self.assertFalse(QuestionnaireResponse.objects.filter(channel="fhir").exists())

    def test_a_response_of_another_region_is_not_found_and_the_attempt_audited(self) -> None:
        self.login(self.clara)
        self.assert_outcome(self.fhir_post(self.phqa_response(self.other_record)), 404,
                            "not-found")
        response = self.client.get(f"/fhir/QuestionnaireResponse/{self.other_response.pk}")
        self.assert_outcome(response, 404, "not-found")
        denied = AuditEvent.objects.filter(outcome="denied", channel="fhir")
        self.assertEqual(sorted(e.event for e in denied), [
            "fhir.questionnaire_response.create", "fhir.questionnaire_response.read"])
        self.assertEqual({e.subject_pseudonym for e in denied}, {"J-OTH015"})


class CarePlanTest(FhirTestCase):
    def test_the_plan_as_an_r4_careplan(self) -> None:
        system = Actor.system("test")
        access = access_of(self.clara, self.record)
        due = timezone.localdate() + timedelta(days=14)
        goal = do_add_goal(actor=system, access=access, title="Elke week naar de sportclub",
                           due=due)
        do_add_action(actor=system, access=access, title="Gezinsprogramma", level="care",
                      owner_role="clinician", owner_person=self.clara, due=due,
                      intervention_id="craft_family_programme", goal=goal)
        plan = CarePlan.objects.get(young_person=self.record)
        self.login(self.paul)
        response = self.client.get(f"/fhir/CarePlan/{plan.pk}")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        FhirCarePlan.model_validate(body)
        self.assertEqual((body["id"], body["status"], body["intent"], body["subject"]["reference"]),
                         (str(plan.pk), "active", "plan", f"Patient/{self.record.pk}"))
        activities = {a["detail"]["description"]: a["detail"] for a in body["activity"]}
        meal = activities["Eén gedeelde maaltijd per dag"]
        self.assertEqual((meal["status"], meal["performer"][0]["type"]),
                         ("not-started", "RelatedPerson"))
        family = activities["Gezinsprogramma"]
        self.assertEqual(family["scheduledPeriod"], {"end": due.isoformat()})
        self.assertEqual(family["performer"], [{"display": "clinician", "type": "Practitioner"}])
        self.assertEqual(family["code"]["coding"][0]["code"], "craft_family_programme")
        self.assertEqual(family["goal"], [{"reference": f"#goal-{goal.pk}"}])
        contained = body["contained"][0]
        self.assertEqual((contained["resourceType"], contained["lifecycleStatus"],
                          contained["description"]["text"], contained["target"][0]["dueDate"]),
                         ("Goal", "active", "Elke week naar de sportclub", due.isoformat()))

    def test_the_other_regions_plan_is_a_404_operation_outcome(self) -> None:
        plan = CarePlan.objects.get(young_person=self.other_record)
        self.login(self.clara)
        self.assert_outcome(self.client.get(f"/fhir/CarePlan/{plan.pk}"), 404, "not-found")
        self.assert_outcome(self.client.get("/fhir/CarePlan/999999"), 404, "not-found")
        self.assert_outcome(self.client.get("/fhir/CarePlan/abc"), 404, "not-found")


class FhirAuthTest(FhirTestCase):
    def test_a_token_works_and_a_revoked_one_does_not(self) -> None:
        token = self.token_for(self.carla)
        client = Client(enforce_csrf_checks=True)
        response = self.fhir_post(self.phqa_response(self.record), client=client,
                                  **self.bearer(token))
        self.assertEqual(response.status_code, 201, response.content)
        do_revoke_token(actor=Actor(user=self.carla, channel="test"),
                        token=ApiToken.objects.get(user=self.carla))
        self.assert_outcome(client.get("/fhir/Questionnaire", **self.bearer(token)), 401,
                            "login")

    def test_a_session_write_needs_csrf(self) -> None:
        client = SamenClient(enforce_csrf_checks=True)
        client.force_login(self.clara)
        self.assert_outcome(self.fhir_post(self.phqa_response(self.record), client=client), 403,
                            "forbidden")
        self.assertEqual(client.get("/fhir/Questionnaire/phqa").status_code, 200)


class OddIdsTest(FhirTestCase):
    def test_ids_out_of_range_or_odd_are_plain_404s(self) -> None:
        self.login(self.clara)
        for url in ("/fhir/CarePlan/9999999999999999999", "/fhir/CarePlan/%00",
                    "/fhir/QuestionnaireResponse/9223372036854775808",
                    "/fhir/QuestionnaireResponse/-1", "/fhir/Questionnaire/%00"):
            with self.subTest(url=url):
                self.assert_outcome(self.client.get(url), 404, "not-found")
        huge = self.phqa_response(self.record, subject={"reference": "Patient/9999999999999999999"})
        self.assert_outcome(self.fhir_post(huge), 422, "invalid", "QuestionnaireResponse.subject")
