"""What a locked-out sign-in sees: one generic page, the same for every username.

django-axes counts failures per username *and* address (``AXES_LOCKOUT_PARAMETERS``); this
callable is its ``AXES_LOCKOUT_CALLABLE``. It says neither whether the account exists nor how
many tries were left.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

LOCKED_OUT_STATUS = 429


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None,
               credentials: dict[str, Any] | None = None) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=LOCKED_OUT_STATUS)
