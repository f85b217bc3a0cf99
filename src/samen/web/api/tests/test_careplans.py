"""The care plan through the API: read it whole; move an action with its version (409 if stale)."""

from __future__ import annotations

import json
from typing import Any

from samen.web.api.tests.fixtures import ApiTestCase
from samen.web.audit.models import AuditEvent
from samen.web.careplans.models import PlanAction


class CarePlanTest(ApiTestCase):
    def patch(self, action: PlanAction, body: dict[str, Any], person: Any = None) -> Any:
        person = person or self.record
        return self.client.patch(
            f"/api/v1/young-people/{person.pk}/care-plan/actions/{action.pk}",
            data=json.dumps(body), content_type="application/json")

    def test_the_plan_lists_the_actions_with_their_versions(self) -> None:
        self.login(self.jet)
        plan = self.client.get(f"/api/v1/young-people/{self.record.pk}/care-plan").json()
        self.assertEqual(plan["young_person_id"], self.record.pk)
        self.assertEqual([(a["title"], a["level"], a["owner_role"], a["status"], a["version"])
                          for a in plan["actions"]],
                         [("Eén gedeelde maaltijd per dag", "parents", "parent", "open", 1)])
        self.assertEqual(plan["goals"], [])
        self.assertEqual((plan["actions"][0]["may_progress"], plan["actions"][0]["may_edit"]),
                         (False, False))
        self.login(self.paul)
        plan = self.client.get(f"/api/v1/young-people/{self.record.pk}/care-plan").json()
        self.assertEqual((plan["actions"][0]["may_progress"], plan["actions"][0]["may_edit"]),
                         (True, False))

    def test_a_record_without_a_plan_answers_an_empty_plan(self) -> None:
        self.login(self.clara)
        plan = self.client.get(f"/api/v1/young-people/{self.child.pk}/care-plan").json()
        self.assertEqual((plan["id"], plan["goals"], plan["actions"]), (None, [], []))

    def test_the_parent_moves_the_action_and_a_stale_version_is_refused(self) -> None:
        self.login(self.paul)
        response = self.patch(self.action, {"version": 1, "status": "in_progress",
                                            "notes": "Eerste week gelukt"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["status"], response.json()["version"]),
                         ("in_progress", 2))
        self.login(self.clara)
        stale = self.patch(self.action, {"version": 1, "status": "done"})
        body = self.assert_error(stale, 409, "conflict", "body.version")
        self.assertIn("version 2", body["error"]["message"])
        self.action.refresh_from_db()
        self.assertEqual((self.action.status, self.action.notes, self.action.version),
                         ("in_progress", "Eerste week gelukt", 2))
        event = AuditEvent.objects.filter(event="careplans.action.update").get()
        self.assertEqual((event.actor_username, event.channel, event.changed_fields),
                         ("paul", "api", ["notes", "status"]))
        self.assertNotIn("Eerste", json.dumps(list(AuditEvent.objects.values()), default=str))

    def test_an_action_of_another_plan_is_not_found(self) -> None:
        self.login(self.clara)
        response = self.patch(self.other_action, {"version": 1, "status": "done"})
        self.assert_error(response, 404, "not_found", "path.action_id")
        self.other_action.refresh_from_db()
        self.assertEqual(self.other_action.status, "open")

    def test_an_unknown_status_names_the_field(self) -> None:
        self.login(self.clara)
        response = self.patch(self.action, {"version": 1, "status": "finished"})
        self.assert_error(response, 422, "invalid", "body.status")

    def test_the_young_person_may_not_move_a_parents_action(self) -> None:
        self.login(self.jet)
        self.assert_error(self.patch(self.action, {"version": 1, "status": "done"}), 403,
                          "forbidden")
        self.action.refresh_from_db()
        self.assertEqual((self.action.status, self.action.version), ("open", 1))
