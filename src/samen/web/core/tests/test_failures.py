"""When the database cannot be reached (503) and when a body is too large (413): a clear answer in
the caller's format, and nothing written (issue 5, points 6 and 7)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client
from django.urls import reverse

from samen.web.api.tests.fixtures import ApiTestCase, last_monday
from samen.web.audit.models import AuditAction, AuditEvent
from samen.web.core.limits import max_request_bytes
from samen.web.monitoring.models import WeekEntry
from samen.web.monitoring.tests.test_log_week import week_form
from samen.web.screening.models import QuestionnaireResponse

MB = 1024 * 1024


@contextmanager
def database_down() -> Iterator[None]:
    """Point the default connection at a database that cannot be reached: PostgreSQL on a closed
    port, SQLite at a file in a folder that does not exist. The test's own connection (holding
    its transaction) is put back afterwards, so what was written can be counted."""
    original = connections[DEFAULT_DB_ALIAS]
    settings_dict = copy.deepcopy(original.settings_dict)
    if original.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-samen-folder/samen.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT="1")
    broken = type(original)(settings_dict, alias=DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = broken
    try:
        yield
    finally:
        broken.close()
        connections[DEFAULT_DB_ALIAS] = original


class FailureTestCase(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        # Errors become responses, as for a real client, instead of being raised into the test.
        self.client = Client(raise_request_exception=False)

    def counts(self) -> tuple[int, int, int]:
        """Weeks, responses and audited writes (a refused request's read of the record may be
        audited: that is a true account of the attempt, not a half-written change)."""
        return (WeekEntry.objects.count(), QuestionnaireResponse.objects.count(),
                AuditEvent.objects.exclude(action=AuditAction.READ).count())


class DatabaseUnreachableTest(FailureTestCase):
    def test_a_form_post_answers_503_in_both_languages_and_writes_nothing(self) -> None:
        self.login(self.jet)
        url = reverse("monitoring:log_week", args=[self.record.pk])
        before = self.counts()
        with database_down():
            page = self.client.post(url, week_form(last_monday()))
        self.assertEqual(page.status_code, 503)
        self.assertEqual(page["Retry-After"], "30")
        text = page.content.decode()
        self.assertIn("Tijdelijk niet beschikbaar", text)
        self.assertIn("Samen cannot reach its database right now. Nothing was half saved.", text)
        self.assertEqual(self.counts(), before)
        # The same post once the database is back is stored, once.
        self.assertEqual(self.client.post(url, week_form(last_monday())).status_code, 302)
        self.assertEqual(WeekEntry.objects.count(), before[0] + 1)

    def test_the_api_answers_503_with_its_error_body_and_writes_nothing(self) -> None:
        token = self.token_for(self.clara)
        url = f"/api/v1/young-people/{self.record.pk}/weeks"
        before = self.counts()
        with database_down():
            response = self.client.post(url, {"week_start": last_monday().isoformat()},
                                        content_type="application/json", **self.bearer(token))
        self.assertEqual(response["Retry-After"], "30")
        body = self.assert_error(response, 503, "unavailable")
        self.assertIn("database cannot be reached", body["error"]["message"])
        self.assertEqual(self.counts(), before)

    def test_fhir_answers_503_with_an_operation_outcome(self) -> None:
        token = self.token_for(self.clara)
        with database_down():
            response = self.client.get("/fhir/Questionnaire/phqa", **self.bearer(token))
        self.assertEqual(response.status_code, 503)
        outcome = response.json()
        self.assertEqual(outcome["resourceType"], "OperationOutcome")
        self.assertEqual(outcome["issue"][0]["code"], "transient")

    def test_the_health_check_answers_503(self) -> None:
        self.assertEqual(self.client.get("/healthz").status_code, 200)
        with database_down():
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json(), {"status": "unavailable"})
        self.assertEqual(response["Retry-After"], "30")


class BodySizeTest(FailureTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.token = self.token_for(self.clara)

    def api_post(self, size: int) -> Any:
        token = self.token
        body = json.dumps({"instrument": "phqa", "answers": {}, "respondent": "professional",
                           "padding": "x" * size})
        return self.client.post(f"/api/v1/young-people/{self.record.pk}/responses", body,
                                content_type="application/json", **self.bearer(token))

    def test_an_api_body_over_the_limit_answers_413_naming_it(self) -> None:
        before = self.counts()
        for size in (2 * MB + 10, max_request_bytes() + 10):  # Django's check, then ours
            with self.subTest(size=size):
                body = self.assert_error(self.api_post(size), 413, "too_large")
                self.assertIn("larger than 2 MB", body["error"]["message"])
        self.assertEqual(self.counts(), before)

    def test_a_fhir_body_over_the_limit_answers_413(self) -> None:
        response = self.client.post("/fhir/QuestionnaireResponse", "x" * (2 * MB + 10),
                                    content_type="application/fhir+json",
                                    **self.bearer(self.token))
        self.assertEqual(response.status_code, 413)
        self.assertIn("larger than 2 MB", response.json()["issue"][0]["diagnostics"])

    def test_a_form_over_the_limit_answers_a_413_page(self) -> None:
        self.login(self.jet)
        before = self.counts()
        page = self.client.post(reverse("monitoring:log_week", args=[self.record.pk]),
                                week_form(last_monday(), note="x" * (2 * MB + 10)))
        self.assertEqual(page.status_code, 413)
        self.assertContains(page, "larger than 2 MB. Nothing was saved.", status_code=413)
        self.assertContains(page, "groter dan 2 MB", status_code=413)
        self.assertEqual(self.counts(), before)

    def test_an_absence_file_over_the_limit_is_refused_unread(self) -> None:
        self.login(self.carla)
        data = b"pseudonym,week_start,absence_hours,participation_days\n" + (
            b"J-JET017,2026-11-02,1,1\n" * (max_request_bytes() // 24 + 10))
        before = self.counts()
        page = self.client.post(reverse("monitoring:import"),
                                {"file": SimpleUploadedFile("absence.csv", data, "text/csv")})
        self.assertEqual(page.status_code, 413)
        self.assertContains(page, "larger than 2 MB", status_code=413)
        self.assertEqual(self.counts(), before)

    def test_a_body_under_the_limit_is_read(self) -> None:
        response = self.api_post(1000)
        self.assertEqual(response.status_code, 422)  # read, and refused for its empty answers


class ForeignHostTest(FailureTestCase):
    def test_a_foreign_host_header_gets_the_400_page_not_a_crash(self) -> None:
        # Refused before authentication runs: the error page must render without a user.
        response = self.client.get("/", HTTP_HOST="evil.example")
        self.assertEqual(response.status_code, 400)
        self.assertIn(b"<html", response.content.lower())
