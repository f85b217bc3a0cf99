"""FHIR errors: an ``OperationOutcome`` with a clear diagnostics text and the right HTTP status.

:class:`FhirProblem` is raised by the views and turned into a response by :func:`outcome_response`
(the views' decorator in ``views.py`` catches every expected exception in one place).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

FHIR_JSON = "application/fhir+json; charset=utf-8"

ISSUE_CODES = {
    400: "structure", 401: "login", 403: "forbidden", 404: "not-found", 405: "not-supported",
    409: "conflict", 413: "too-costly", 415: "not-supported", 422: "invalid", 500: "exception",
    503: "transient",
}


class FhirProblem(Exception):
    """A request the FHIR endpoint refuses; ``expression`` points into the resource sent."""

    def __init__(self, status: int, diagnostics: str, expression: str | None = None) -> None:
        super().__init__(diagnostics)
        self.status = status
        self.diagnostics = diagnostics
        self.expression = expression


def operation_outcome(status: int, diagnostics: str, expression: str | None = None,
                      ) -> dict[str, Any]:
    issue: dict[str, Any] = {
        "severity": "error", "code": ISSUE_CODES.get(status, "processing"),
        "diagnostics": diagnostics,
    }
    if expression:
        issue["expression"] = [expression]
    return {"resourceType": "OperationOutcome", "issue": [issue]}


def fhir_response(resource: dict[str, Any], status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(resource, ensure_ascii=False, default=str), status=status,
                        content_type=FHIR_JSON)


def outcome_response(problem: FhirProblem) -> HttpResponse:
    response = fhir_response(
        operation_outcome(problem.status, problem.diagnostics, problem.expression),
        status=problem.status,
    )
    if problem.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="samen"'
    return response
