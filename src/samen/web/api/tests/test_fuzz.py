"""The API fuzzed against its own OpenAPI schema with schemathesis (issue 5, point 6).

The schema is loaded from the running application (``/api/v1/openapi.json`` through Django's WSGI
handler: no network, no server), and every operation is called with generated requests as a
clinician with an API token: schema-conforming ones (*positive*) and ones that break the schema
(*negative*). Each response must be no 5xx, carry a documented status code and content type, and
match the documented body. Path ids are generated freely (mostly 404) and also fixed to the cast's
records, so the generated bodies reach the actions behind the routes.

Hypothesis runs derandomized with a bounded number of examples per operation, so a run is
reproducible and takes well under a minute on two cores.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from samen.web.api.tests.fixtures import ApiTestCase

EXAMPLES = {GenerationMode.POSITIVE: 20, GenerationMode.NEGATIVE: 10}
COMMON_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
                 response_schema_conformance]
CHECKS = {GenerationMode.POSITIVE: COMMON_CHECKS,
          GenerationMode.NEGATIVE: [*COMMON_CHECKS, negative_data_rejection]}


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples, derandomize=True, deadline=None, database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )


@contextmanager
def in_test_transaction() -> Iterator[None]:
    """Django's WSGI handler closes "old" connections at each request's start and end; inside a
    test's transaction that would drop the test data, so (as Django's own test client does) the
    handlers are detached while the fuzzer calls the application."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class ApiFuzzTest(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.headers = {"Authorization": f"Bearer {self.token_for(self.clara)}"}
        with in_test_transaction():
            self.schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json",
                                                         get_wsgi_application())

    def fuzz(self, operation: Any, mode: GenerationMode, **fixed: Any) -> int:
        """Run ``operation`` with generated cases; return how many requests were made."""
        calls = 0

        @fuzz_settings(EXAMPLES[mode])
        @given(case=operation.as_strategy(generation_mode=mode, **fixed))
        def run(case: Any) -> None:
            nonlocal calls
            calls += 1
            case.call_and_validate(headers=self.headers, checks=CHECKS[mode])

        with in_test_transaction():
            run()
        return calls

    def operations(self) -> list[Any]:
        found = list(self.schema.get_all_operations())
        operations = [result.ok() for result in found if isinstance(result, Ok)]
        self.assertEqual(len(operations), len(found))  # every operation's schema is usable
        return operations

    def test_the_schema_lists_every_route_of_the_api(self) -> None:
        labels = {operation.label for operation in self.operations()}
        self.assertEqual(len(labels), 13)
        self.assertIn("PATCH /api/v1/young-people/{young_person_id}/care-plan/actions/{action_id}",
                      labels)

    def test_every_operation_with_generated_requests(self) -> None:
        calls = 0
        for operation in self.operations():
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                with self.subTest(operation=operation.label, mode=mode.value):
                    calls += self.fuzz(operation, mode)
        self.assertGreater(calls, 13 * 10)

    def test_generated_bodies_against_real_records(self) -> None:
        """Fixed to Jet's record (and her plan's action), the bodies reach the actions."""
        fixed: dict[str, Callable[[], dict[str, Any]]] = {
            "POST /api/v1/young-people/{young_person_id}/responses":
                lambda: {"young_person_id": self.record.pk},
            "POST /api/v1/young-people/{young_person_id}/weeks":
                lambda: {"young_person_id": self.record.pk},
            "PATCH /api/v1/young-people/{young_person_id}/care-plan/actions/{action_id}":
                lambda: {"young_person_id": self.record.pk, "action_id": self.action.pk},
        }
        by_label = {operation.label: operation for operation in self.operations()}
        for label, parameters in fixed.items():
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                with self.subTest(operation=label, mode=mode.value):
                    self.assertGreater(
                        self.fuzz(by_label[label], mode, path_parameters=parameters()), 0)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                  max_size=4),
    max_leaves=12,
)
"""Any JSON value (the FHIR endpoint must answer each with an OperationOutcome, never a 5xx)."""


def questionnaire_responses() -> st.SearchStrategy[Any]:
    """Anything from arbitrary JSON to nearly valid QuestionnaireResponses with odd values."""
    items = st.lists(st.fixed_dictionaries({"linkId": st.text(max_size=6) | JSON},
                                           optional={"answer": JSON}), max_size=4)
    near = st.fixed_dictionaries(
        {"resourceType": st.just("QuestionnaireResponse") | st.text(max_size=10)},
        optional={"status": st.sampled_from(["completed", "in-progress", "x"]) | JSON,
                  "questionnaire": st.sampled_from(
                      ["Questionnaire/phqa", "Questionnaire/nope", ""]) | JSON,
                  "subject": st.fixed_dictionaries({"reference": st.text(max_size=20) | JSON}),
                  "item": items | JSON,
                  "authored": st.text(max_size=25) | JSON},
    )
    return near | JSON


class FhirFuzzTest(ApiTestCase):
    def test_questionnaire_response_create_never_fails_on_the_server(self) -> None:
        from samen.web.screening.models import QuestionnaireResponse

        headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {self.token_for(self.clara)}"}
        before = QuestionnaireResponse.objects.count()
        statuses: set[int] = set()

        @fuzz_settings(150)
        @given(body=questionnaire_responses())
        def run(body: Any) -> None:
            import json

            response = self.client.post("/fhir/QuestionnaireResponse", json.dumps(body),
                                        content_type="application/fhir+json", **headers)
            statuses.add(response.status_code)
            self.assertLess(response.status_code, 500, response.content)
            if response.status_code >= 400:
                outcome = response.json()
                self.assertEqual(outcome["resourceType"], "OperationOutcome")
                self.assertTrue(outcome["issue"][0]["diagnostics"])

        run()
        self.assertTrue(any(400 <= status < 500 for status in statuses), statuses)
        # Nothing generated is a valid response for one of Jet's questionnaires.
        self.assertEqual(QuestionnaireResponse.objects.count(), before)
