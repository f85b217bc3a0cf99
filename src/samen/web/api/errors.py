"""One error body for every API failure, built in one place.

Every error the API returns has the shape::

    {"error": {"code": "not_found", "message": "No such young person.", "field": null}}

``code`` is one of :data:`CODES`; ``field`` names where the problem is (``"body.answers.q3"``,
``"path.young_person_id"``, ``"header.Idempotency-Key"``) or is ``null``. :func:`install` maps
Http404, PermissionDenied, ninja's ValidationError and HttpError (401, 409 ...), Django's
SuspiciousOperation (a body too large, a bad header) and ``samen.errors.SamenInputError``
(scoring and criteria errors, which name the item) onto it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import Field

from samen.errors import SamenInputError
from samen.instruments.errors import AnswerError, FhirError, WeekRecordError

ErrorCode = Literal[
    "bad_request", "unauthorized", "forbidden", "not_found", "method_not_allowed", "conflict",
    "invalid", "too_many_requests", "too_large", "server_error", "unavailable",
]
CODES: dict[int, ErrorCode] = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid",
    429: "too_many_requests", 500: "server_error", 503: "unavailable",
}


class ErrorDetail(Schema):
    code: ErrorCode = Field(examples=["not_found"])
    message: str = Field(examples=["No such young person."])
    field: str | None = Field(default=None, examples=["body.answers.q3"])


class ErrorBody(Schema):
    """Every error response of the API."""

    error: ErrorDetail


class ApiError(HttpError):
    """An error with a chosen status and, optionally, the field it is about."""

    def __init__(self, status_code: int, message: str, field: str | None = None) -> None:
        super().__init__(status_code, message)
        self.field = field


def error_body(status: int, message: str, field: str | None = None) -> dict[str, Any]:
    return {"error": {"code": CODES.get(status, "bad_request"), "message": message,
                      "field": field}}


def field_of(loc: Sequence[object]) -> str | None:
    """``("body", "payload", "answers", "q3")`` -> ``"body.answers.q3"`` (the parameter's name
    inside the body is an implementation detail, so it is left out)."""
    parts = [str(p) for p in loc]
    if len(parts) >= 2 and parts[0] == "body" and parts[1] == "payload":
        parts = [parts[0], *parts[2:]]
    return ".".join(parts) or None


def samen_input_field(exc: SamenInputError, prefix: str = "body") -> str | None:
    """Where a library input error is: the item of an answer, the field of a week, a FHIR path."""
    if isinstance(exc, AnswerError) and exc.item:
        return f"{prefix}.answers.{exc.item}"
    if isinstance(exc, WeekRecordError) and exc.field:
        return f"{prefix}.{exc.field}"
    if isinstance(exc, FhirError):
        return exc.path
    return None


# Responses every route with a path parameter may give; routes add their success (and 400,
# 403, 409 for writes).
COMMON = {401: ErrorBody, 404: ErrorBody, 422: ErrorBody}


def install(api: NinjaAPI) -> None:
    """Map every expected exception of ``api`` onto :class:`ErrorBody`."""

    def respond(request: HttpRequest, status: int, message: str,
                field: str | None = None) -> HttpResponse:
        response = api.create_response(request, error_body(status, message, field), status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="samen"'
        return response

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(request, 404, "Not found (or not yours to see).")

    def forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(request, 403, str(exc) or "Your role may not do this.")

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(request, exc.status_code, str(exc), getattr(exc, "field", None))

    def authentication(request: HttpRequest, exc: Any) -> HttpResponse:
        message = str(exc)
        if message == "Unauthorized":  # ninja's own, when no auth class accepted the request
            message = "Authentication required: sign in or send 'Authorization: Bearer <token>'."
        return respond(request, 401, message)

    def validation(request: HttpRequest, exc: Any) -> HttpResponse:
        errors = exc.errors
        if not errors:
            return respond(request, 422, "The request is not valid.")
        first = errors[0]
        loc = first.get("loc", ())
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        message = str(first.get("msg", "not valid"))
        return respond(request, 422, f"{message}{more}", field_of(loc))

    def samen_input(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(request, 422, str(exc), samen_input_field(exc))

    def suspicious(request: HttpRequest, exc: Any) -> HttpResponse:
        if isinstance(exc, RequestDataTooBig):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
            return respond(request, 413, f"The request body is larger than {limit:g} MB; "
                                         "send less at a time.")
        return respond(request, 400, "The request could not be read (malformed).")

    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(AuthenticationError, authentication)
    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(SamenInputError, samen_input)
    api.add_exception_handler(SuspiciousOperation, suspicious)
