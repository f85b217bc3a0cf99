"""A hard limit on the size of a request body, checked before anything reads the body.

Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bounds form fields and JSON bodies, but not uploaded
files: those are streamed to a temporary file of any size before a view can refuse them. This
middleware refuses any request whose declared ``Content-Length`` exceeds the same limit plus a
small allowance for the multipart envelope, with a 413 that names the limit (ASVS 5.2.1).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from samen.web.core.errors import max_body_megabytes, too_large

MULTIPART_ALLOWANCE = 256 * 1024
"""Room for the multipart boundaries, headers and CSRF field around a file at the limit."""


def max_request_bytes() -> int:
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) + MULTIPART_ALLOWANCE


def declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads a malformed length as an empty body


class BodySizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if declared_length(request) > max_request_bytes():
            return too_large(request, max_body_megabytes())
        return self.get_response(request)
