"""The home page (built from each app's panels for the user's roles) and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from samen.web.core.errors import RETRY_AFTER_SECONDS
from samen.web.core.panels import collect_panels
from samen.web.core.roles import roles_of


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)  # type: ignore[arg-type]
    panels = collect_panels(request, roles)
    return render(request, "core/home.html", {"panels": panels, "roles": roles})


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 otherwise (for load balancers and `samen serve`)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        response = JsonResponse({"status": "unavailable"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok"})
