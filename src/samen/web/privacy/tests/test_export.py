"""The export (AVG art. 15/20): every category in JSON and in a valid FHIR Bundle (GDPR-01), who
may download it, and the audit event that lists what was exported (LOG-03)."""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from samen.web.audit.models import AuditAction, AuditEvent
from samen.web.privacy.export import CATEGORIES, SCHEMA
from samen.web.privacy.rights import may_export
from samen.web.privacy.tests.support import (
    ACTION_TITLE,
    EMERGENCY_REASON,
    GOAL_NOTE,
    GOAL_TITLE,
    PHQA_ANSWERS,
    WEEK_NOTE,
    PrivacyTestCase,
)
from samen.web.testing import years_ago


class ExportTest(PrivacyTestCase):
    def setUp(self) -> None:
        self.seed_everything()

    def download(self, user: Any, fmt: str = "json") -> dict[str, Any]:
        self.login(user)
        name = "export.fhir.json" if fmt == "fhir" else "export.json"
        response = self.client.get(f"/privacy/{self.record.pk}/{name}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertIn("J-JET017", response["Content-Disposition"])
        return json.loads(response.content)  # type: ignore[no-any-return]

    def test_the_json_export_holds_every_category(self) -> None:
        data = self.download(self.clara)
        self.assertEqual(data["schema"], SCHEMA)
        self.assertEqual(data["omitted"], [])
        for category in CATEGORIES:
            self.assertTrue(data[category], f"{category} is empty")
        self.assertEqual(data["record"]["pseudonym"], "J-JET017")
        self.assertEqual(data["record"]["birth_month"], self.record.birth_month.strftime("%Y-%m"))
        self.assertEqual([g["name"] for g in data["guardians"]], ["parent"])
        self.assertEqual({o["name"] for o in data["organisations"]},
                         {"Het Baken", "GGZ Noord", "Buurtwerk Oost"})
        self.assertEqual({m["role"] for m in data["care_team"]},
                         {"school_coordinator", "youth_worker", "clinician"})
        self.assertEqual(len(data["consents"]), 4)
        self.assertEqual(data["questionnaire_assignments"][0]["instrument"], "phqa")
        self.assertEqual(data["questionnaire_responses"][0]["answers"], PHQA_ANSWERS)
        self.assertEqual(data["scores"][0]["total"], 12.0)
        self.assertEqual([w["note"] for w in data["weekly_follow_up"]], [WEEK_NOTE])
        self.assertEqual([w["absence_hours"] for w in data["absence_imports"]], ["6.5"])
        self.assertEqual(data["episode"]["stage"], "pre_hikikomori")
        self.assertEqual(data["episode"]["withdrawn_weeks"], 14)
        self.assertIn("phqa", data["risk_profile"]["based_on"])
        self.assertEqual([(g["title"], g["notes"]) for g in data["care_plan"]["goals"]],
                         [(GOAL_TITLE, GOAL_NOTE)])
        self.assertEqual([a["title"] for a in data["care_plan"]["actions"]], [ACTION_TITLE])
        self.assertEqual([a["kind"] for a in data["alerts"]], ["overdue_action"])
        self.assertEqual([e["reason"] for e in data["emergency_access"]], [EMERGENCY_REASON])
        # Every event about the record up to the export (the export's own event comes after).
        self.assertEqual(len(data["access_log"]),
                         AuditEvent.objects.filter(subject_id=self.record.pk).count() - 1)
        self.assertTrue(any(e["who"] == "clara" for e in data["access_log"]))

    def test_the_fhir_bundle_holds_every_category_and_validates(self) -> None:
        bundle = self.download(self.clara, "fhir")
        Bundle.model_validate(bundle)  # raises if any entry is not valid R4(B)
        self.assertEqual((bundle["type"], bundle["identifier"]["value"]), ("collection", SCHEMA))
        by_id = {(e["resource"]["resourceType"], e["resource"]["id"]): e["resource"]
                 for e in bundle["entry"]}
        kinds = {kind for kind, _id in by_id}
        self.assertEqual(kinds, {
            "Patient", "RelatedPerson", "Organization", "CareTeam", "Consent", "Task",
            "QuestionnaireResponse", "Observation", "RiskAssessment", "CarePlan", "Flag",
            "AuditEvent"})
        patient = by_id[("Patient", str(self.record.pk))]
        self.assertEqual(patient["identifier"][0]["value"], "J-JET017")
        self.assertNotIn("name", patient)  # pseudonymous
        self.assertEqual(patient["meta"]["security"][0]["code"], "PSEUDED")
        self.assertEqual(sum(1 for kind, _ in by_id if kind == "Consent"), 4)
        self.assertEqual(by_id[("Observation", f"score-{self.response.pk}")]["valueQuantity"],
                         {"value": 12.0})
        answers = by_id[("QuestionnaireResponse", str(self.response.pk))]["item"]
        self.assertEqual(answers[0]["linkId"], "q1")
        weeks = [r for (kind, rid), r in by_id.items() if rid.startswith("week-")]
        self.assertEqual(sorted(w["meta"]["tag"][0]["code"] for w in weeks), ["import", "web"])
        self.assertIn({"text": WEEK_NOTE}, [n for w in weeks for n in w.get("note", [])])
        self.assertEqual(by_id[("Observation", "episode")]["valueCodeableConcept"]["text"],
                         "pre_hikikomori")
        plan = next(r for (kind, _), r in by_id.items() if kind == "CarePlan")
        self.assertEqual(plan["contained"][0]["description"]["text"], GOAL_TITLE)
        self.assertEqual(plan["activity"][0]["detail"]["description"], ACTION_TITLE)
        emergency = by_id[("AuditEvent", "emergency-1")]
        self.assertEqual(emergency["purposeOfEvent"][0]["text"], EMERGENCY_REASON)
        self.assertTrue(any(rid.startswith("audit-") for kind, rid in by_id if kind == "AuditEvent"))
        self.assertTrue(by_id[("RiskAssessment", "risk-profile")]["prediction"])

    def test_the_export_is_audited_with_the_categories_it_holds(self) -> None:
        for fmt in ("json", "fhir"):
            before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
            self.download(self.jet, fmt)
            event = AuditEvent.objects.get(event=f"privacy.export.{fmt}")
            self.assertEqual((event.action, event.subject_id, event.actor, event.object_id),
                             (AuditAction.EXECUTE, self.record.pk, self.jet, fmt))
            self.assertEqual(event.changed_fields, sorted(CATEGORIES))
            # The access check's read and the export itself: two events, nothing else.
            self.assertEqual(list(AuditEvent.objects.filter(pk__gt=before, subject_id=self.record.pk)
                                  .order_by("pk").values_list("event", "action")),
                             [("privacy.export", "R"), (f"privacy.export.{fmt}", "E")])

    def test_a_withdrawn_consent_stays_in_the_history(self) -> None:
        grant = self.record.consents.get(organisation=self.community)
        grant.withdrawn_at = timezone.now()
        grant.save(update_fields=["withdrawn_at"])
        data = self.download(self.jet)
        withdrawn = [c for c in data["consents"] if c["id"] == grant.pk]
        self.assertEqual(withdrawn[0]["withdrawn_at"], grant.withdrawn_at.isoformat())
        bundle = self.download(self.jet, "fhir")
        consent = next(e["resource"] for e in bundle["entry"]
                       if e["resource"]["id"] == f"consent-{grant.pk}")
        self.assertEqual(consent["status"], "inactive")
        self.assertIn("end", consent["provision"]["period"])


class WhoMayExportTest(PrivacyTestCase):
    def status(self, user: Any, young_person_id: int) -> int:
        self.login(user)
        return self.client.get(f"/privacy/{young_person_id}/export.json").status_code

    def test_the_young_person_from_16_and_the_clinician(self) -> None:
        self.assertEqual(self.status(self.jet, self.record.pk), 200)
        self.assertEqual(self.status(self.clara, self.record.pk), 200)

    def test_not_the_parent_of_a_16_year_old_nor_school_or_youth_work(self) -> None:
        for user in (self.paul, self.carla, self.wout):
            self.assertEqual(self.status(user, self.record.pk), 403, user.username)

    def test_from_12_to_15_the_clinician_makes_the_copy(self) -> None:
        self.assertEqual(self.status(self.ruben, self.child.pk), 403)
        self.assertEqual(self.status(self.paul, self.child.pk), 403)
        self.assertEqual(self.status(self.clara, self.child.pk), 200)

    def test_under_12_the_parent_with_authority(self) -> None:
        self.child.birth_month = years_ago(10)
        self.child.save(update_fields=["birth_month"])
        self.assertEqual(self.status(self.paul, self.child.pk), 200)
        self.assertTrue(may_export(self.access(self.paul, self.child)))

    def test_others_get_404_and_the_attempt_is_audited(self) -> None:
        for user in (self.otto, self.petra, self.nina):
            self.assertEqual(self.status(user, self.record.pk), 404, user.username)
        self.assertEqual(AuditEvent.objects.filter(event="privacy.export", outcome="denied",
                                                   subject_id=self.record.pk).count(), 3)
