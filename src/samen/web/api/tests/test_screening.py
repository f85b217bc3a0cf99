"""Responses through the API: scored on arrival by the screening action, stored once per key."""

from __future__ import annotations

import json
from typing import Any

from samen.web.api.tests.fixtures import PHQA_ANSWERS, PHQA_BAND, PHQA_TOTAL, ApiTestCase
from samen.web.audit.models import AuditEvent
from samen.web.screening.models import AssignmentStatus, QuestionnaireResponse


class ResponsesTest(ApiTestCase):
    def submit(self, body: dict[str, Any], key: str | None = None) -> Any:
        extra: dict[str, Any] = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
        return self.client.post(f"/api/v1/young-people/{self.record.pk}/responses",
                                data=json.dumps(body), content_type="application/json", **extra)

    def test_jet_answers_her_assigned_phqa_and_the_score_is_the_hand_computed_one(self) -> None:
        self.login(self.jet)
        response = self.submit({"instrument": "phqa", "answers": PHQA_ANSWERS,
                                "respondent": "young_person"})
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["total"], body["band"], body["above_cutoff"]),
                         (PHQA_TOTAL, PHQA_BAND, True))
        self.assertEqual((body["cutoff_id"], body["cutoff_threshold"]), ("richardson2010", 11.0))
        self.assertEqual((body["channel"], body["assignment_id"]), ("api", self.assignment.pk))
        self.assignment.refresh_from_db()
        self.assertEqual(self.assignment.status, AssignmentStatus.DONE)
        stored = QuestionnaireResponse.objects.get()
        self.assertEqual((stored.total, stored.author_id, stored.respondent_user_id),
                         (PHQA_TOTAL, self.jet.pk, self.jet.pk))

    def test_without_an_open_assignment_a_young_person_may_not_submit(self) -> None:
        self.login(self.ruben)
        response = self.client.post(
            f"/api/v1/young-people/{self.child.pk}/responses", content_type="application/json",
            data=json.dumps({"instrument": "phqa", "answers": PHQA_ANSWERS,
                             "respondent": "young_person"}))
        self.assert_error(response, 403, "forbidden")
        self.assertFalse(QuestionnaireResponse.objects.exists())

    def test_the_same_idempotency_key_stores_once(self) -> None:
        self.login(self.clara)
        body = {"instrument": "phqa", "answers": PHQA_ANSWERS, "respondent": "young_person"}
        first = self.submit(body, key="retry-7f3a")
        second = self.submit(body, key="retry-7f3a")
        self.assertEqual((first.status_code, second.status_code), (201, 200))
        self.assertEqual(first.json()["id"], second.json()["id"])
        self.assertEqual(QuestionnaireResponse.objects.count(), 1)
        self.assertEqual(AuditEvent.objects.filter(event="screening.response.create").count(), 1)
        third = self.submit(body, key="another-key")
        self.assertEqual(third.status_code, 201)
        self.assertEqual(QuestionnaireResponse.objects.count(), 2)

    def test_a_key_reused_for_another_submission_is_a_conflict(self) -> None:
        self.login(self.clara)
        self.submit({"instrument": "phqa", "answers": PHQA_ANSWERS,
                     "respondent": "young_person"}, key="k-1")
        response = self.submit({"instrument": "gad7", "answers": dict.fromkeys(
            [f"q{i}" for i in range(1, 8)], 1), "respondent": "young_person"}, key="k-1")
        self.assert_error(response, 409, "conflict", "header.Idempotency-Key")
        self.assertEqual(QuestionnaireResponse.objects.count(), 1)

    def test_a_too_long_key_is_invalid(self) -> None:
        self.login(self.clara)
        response = self.submit({"instrument": "phqa", "answers": PHQA_ANSWERS,
                                "respondent": "young_person"}, key="k" * 65)
        self.assert_error(response, 422, "invalid", "header.Idempotency-Key")

    def test_an_unknown_instrument_names_the_field(self) -> None:
        self.login(self.clara)
        response = self.submit({"instrument": "nope", "answers": {}, "respondent": "parent"})
        self.assert_error(response, 422, "invalid", "body.instrument")

    def test_the_list_shows_stored_scores_newest_first_and_is_audited(self) -> None:
        self.login(self.clara)
        self.submit({"instrument": "phqa", "answers": PHQA_ANSWERS, "respondent": "young_person",
                     "authored_at": "2026-01-05T10:00:00+01:00"})
        self.submit({"instrument": "phqa", "answers": dict.fromkeys(PHQA_ANSWERS, 0),
                     "respondent": "young_person"})
        self.login(self.wout)
        response = self.client.get(f"/api/v1/young-people/{self.record.pk}/responses")
        self.assertEqual([r["total"] for r in response.json()], [0.0, PHQA_TOTAL])
        self.assertEqual([r["band"] for r in response.json()], ["minimal", PHQA_BAND])
        event = AuditEvent.objects.filter(event="api.responses.list").get()
        self.assertEqual((event.actor_username, event.channel, event.subject_pseudonym,
                          event.object_type), ("wout", "api", "J-JET017", "questionnaire_response"))

    def test_a_stored_response_notifies_the_alert_rules_in_the_worker(self) -> None:
        self.login(self.clara)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.submit({"instrument": "phqa", "answers": PHQA_ANSWERS,
                                    "respondent": "young_person"})
        self.assertEqual(response.status_code, 201)
        self.assertGreaterEqual(self.run_worker(), 1)

    def test_who_sees_which_responses_and_item_answers(self) -> None:
        """As on the web: the care team sees every response, only the clinician with item
        answers; the young person sees her own answers; a parent only what he answered."""
        self.login(self.clara)
        self.submit({"instrument": "phqa", "answers": PHQA_ANSWERS, "respondent": "young_person"})
        seen = {}
        for user in (self.clara, self.wout, self.carla, self.jet, self.paul):
            self.login(user)
            listed = self.client.get(f"/api/v1/young-people/{self.record.pk}/responses").json()
            seen[user.username] = [(r["total"], r["answers"] is not None,
                                    r["alert_codes"] is not None) for r in listed]
        self.assertEqual(seen, {
            "clara": [(PHQA_TOTAL, True, True)], "wout": [(PHQA_TOTAL, False, False)],
            "carla": [(PHQA_TOTAL, False, False)], "jet": [(PHQA_TOTAL, True, True)],
            "paul": [],
        })
