"""What the user sees when a request cannot be served: a body too large (413), the database
unreachable (503), anything else unexpected (500).

``urls.py`` installs :func:`bad_request` and :func:`server_error` as Django's 400 and 500
handlers. They answer in the caller's language of errors: the API's one error body under
``/api/``, an ``OperationOutcome`` under ``/fhir/``, a page elsewhere. The 503 and 500 pages are
self-contained (no base template, no context processors): rendering them must not need the
database that just failed.
"""

from __future__ import annotations

import sys

from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

from samen.web.api.errors import error_body
from samen.web.fhir.outcome import fhir_response, operation_outcome

RETRY_AFTER_SECONDS = 30
"""How long a client is asked to wait before trying again while the database is down."""

TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def max_body_megabytes() -> str:
    from django.conf import settings

    return f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024):g} MB"


def machine_response(request: HttpRequest, status: int, message: str) -> HttpResponse | None:
    """The API's error body or a FHIR OperationOutcome, or ``None`` for a page request."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(status, message), status=status)
    if request.path.startswith("/fhir/"):
        return fhir_response(operation_outcome(status, message), status=status)
    return None


def too_large(request: HttpRequest, limit: str) -> HttpResponse:
    """413 for a body over ``limit``, naming the limit."""
    message = f"The request is larger than {limit}; send less at a time."
    response = machine_response(request, 413, message)
    if response is None:
        page = loader.get_template("413.html").render({"limit": limit})
        response = HttpResponse(page, status=413)
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400 handler: a body over Django's limits is a 413 that names the limit."""
    if isinstance(exception, TOO_LARGE):
        return too_large(request, max_body_megabytes())
    return defaults.bad_request(request, exception)


def database_unavailable(exc: BaseException | None) -> bool:
    """A lost or refused database connection (not a constraint or a bad query)."""
    return isinstance(exc, OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 handler (it runs inside the ``except`` that caught the error)."""
    if database_unavailable(sys.exc_info()[1]):
        message = ("The service is temporarily unavailable (its database cannot be reached). "
                   "Nothing was half saved; try again in a minute.")
        response = machine_response(request, 503, message)
        if response is None:
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    response = machine_response(request, 500, "Something went wrong on the server. Nothing "
                                              "was half saved; try again in a few minutes.")
    return response or HttpResponse(loader.get_template("500.html").render(), status=500)
