"""The REST API: ``NinjaAPI`` with its routers, auth and the one error body.

The OpenAPI 3 schema is served at ``/api/v1/openapi.json`` (no interactive docs page: it would
load scripts from a CDN, which the Content-Security-Policy forbids). Every operation requires a
bearer token or the session cookie (see ``auth.py``); the schema itself is public, as it holds
no personal data.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from samen.web.api import errors
from samen.web.api.auth import AUTH
from samen.web.api.routers import (
    alerts,
    careplans,
    dashboard,
    instruments,
    monitoring,
    people,
    screening,
)


class SamenAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        """Short, stable operation ids: the view function's name (unique in this API)."""
        return str(operation.view_func.__name__)


api = SamenAPI(
    title="Samen API",
    version="1",
    description=(
        "The Samen platform's REST API. Every route needs a personal API token "
        "(`Authorization: Bearer samen_...`, made at /api/v1/tokens/) or the session cookie "
        "(with the `X-CSRFToken` header for writes). A record that is missing or not yours "
        "answers 404; a write your role may not make answers 403. Every error has the body "
        '`{"error": {"code", "message", "field"}}`.'
    ),
    urls_namespace="api",
    auth=AUTH,
    docs_url=None,
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("", people.router)
api.add_router("", instruments.router)
api.add_router("", screening.router)
api.add_router("", monitoring.router)
api.add_router("", careplans.router)
api.add_router("", alerts.router)
api.add_router("", dashboard.router)
