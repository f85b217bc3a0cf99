"""Template context every page needs: the user's roles (for the navigation) and the languages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from samen.web.core.roles import roles_of


def samen(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    roles = roles_of(user) if user.is_authenticated else frozenset()
    return {"samen_roles": {str(role) for role in roles}}
