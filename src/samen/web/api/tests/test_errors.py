"""One error body everywhere: ``{"error": {"code", "message", "field"}}``."""

from __future__ import annotations

import json
from typing import Any

from samen.web.api.tests.fixtures import PHQA_ANSWERS, ApiTestCase


class ErrorBodyTest(ApiTestCase):
    def post(self, url: str, body: object, **extra: Any) -> Any:
        return self.client.post(url, data=json.dumps(body), content_type="application/json",
                                **extra)

    def test_not_found_and_not_yours_look_the_same(self) -> None:
        self.login(self.clara)
        missing = self.client.get("/api/v1/young-people/999999")
        not_yours = self.client.get(f"/api/v1/young-people/{self.other_record.pk}")
        self.assert_error(missing, 404, "not_found", None)
        self.assert_error(not_yours, 404, "not_found", None)
        self.assertEqual(missing.json(), not_yours.json())

    def test_a_scoring_error_names_the_item(self) -> None:
        self.login(self.clara)
        answers = {**PHQA_ANSWERS, "q3": 7}
        response = self.post(f"/api/v1/young-people/{self.record.pk}/responses",
                             {"instrument": "phqa", "answers": answers,
                              "respondent": "young_person"})
        body = self.assert_error(response, 422, "invalid", "body.answers.q3")
        self.assertIn("q3", body["error"]["message"])

    def test_a_missing_answer_names_the_item(self) -> None:
        self.login(self.clara)
        answers = {k: v for k, v in PHQA_ANSWERS.items() if k != "q5"}
        response = self.post(f"/api/v1/young-people/{self.record.pk}/responses",
                             {"instrument": "phqa", "answers": answers,
                              "respondent": "young_person"})
        self.assert_error(response, 422, "invalid", "body.answers.q5")

    def test_schema_validation_names_the_field(self) -> None:
        self.login(self.clara)
        response = self.post(f"/api/v1/young-people/{self.record.pk}/weeks",
                             {"week_start": "2026-13-40", "days_out": 2})
        self.assert_error(response, 422, "invalid", "body.week_start")
        response = self.post(f"/api/v1/young-people/{self.record.pk}/weeks",
                             {"week_start": "2026-03-02", "days_out": 9})
        self.assert_error(response, 422, "invalid", "body.days_out")
        response = self.client.get("/api/v1/young-people/abc")
        self.assert_error(response, 422, "invalid", "path.young_person_id")

    def test_the_monitoring_rules_name_the_field(self) -> None:
        self.login(self.clara)
        response = self.post(f"/api/v1/young-people/{self.record.pk}/weeks",
                             {"week_start": "2026-03-03", "days_out": 2})  # a Tuesday
        body = self.assert_error(response, 422, "invalid", "body.week_start")
        self.assertEqual(body["error"]["message"], "Een week begint op maandag.")

    def test_a_body_that_is_not_json_is_a_bad_request(self) -> None:
        self.login(self.clara)
        response = self.client.post(f"/api/v1/young-people/{self.record.pk}/weeks",
                                    data="{not json", content_type="application/json")
        self.assert_error(response, 400, "bad_request", None)

    def test_a_role_that_may_not_write_gets_403(self) -> None:
        self.login(self.paul)
        response = self.post(f"/api/v1/young-people/{self.record.pk}/responses",
                             {"instrument": "phqa", "answers": PHQA_ANSWERS,
                              "respondent": "young_person"})
        self.assert_error(response, 403, "forbidden", None)

    def test_an_unknown_route_and_an_unknown_instrument(self) -> None:
        self.login(self.clara)
        self.assert_error(self.client.get("/api/v1/no-such-thing"), 404, "not_found")
        self.assert_error(self.client.get("/api/v1/instruments/nope"), 404, "not_found")
        self.assert_error(self.client.get("/api/v1/young-people/999999/weeks"), 404, "not_found")

    def test_unauthenticated(self) -> None:
        self.assert_error(self.client.get("/api/v1/instruments"), 401, "unauthorized", None)

    def test_a_wrong_method_answers_405_with_the_error_body(self) -> None:
        self.login(self.clara)
        response = self.client.delete("/api/v1/instruments")
        self.assert_error(response, 405, "method_not_allowed")
        self.assertEqual(response["Allow"], "GET")

    def test_input_the_databases_cannot_hold_is_refused_before_writing(self) -> None:
        self.login(self.clara)
        week = self.post(f"/api/v1/young-people/{self.record.pk}/weeks",
                         {"week_start": "2026-03-02", "days_out": 2, "note": "a\x00b"})
        self.assert_error(week, 422, "invalid", "body.note")
        early = self.post(f"/api/v1/young-people/{self.record.pk}/responses",
                          {"instrument": "phqa", "answers": PHQA_ANSWERS,
                           "respondent": "young_person",
                           "authored_at": "0001-01-01T00:00:00+14:00"})
        self.assert_error(early, 422, "invalid", "body.authored_at")
        spaced = self.post(f"/api/v1/young-people/{self.record.pk}/responses",
                           {"instrument": "phqa", "answers": PHQA_ANSWERS,
                            "respondent": "young_person"}, HTTP_IDEMPOTENCY_KEY="two words")
        self.assert_error(spaced, 422, "invalid", "header.Idempotency-Key")
