"""Template context every page needs: the user's roles (for the navigation) and the languages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from samen.web.core.roles import roles_of


def samen(request: HttpRequest) -> dict[str, Any]:
    # An error page for a request refused before authentication (a foreign Host header, say)
    # has no user: it gets the anonymous navigation.
    user = getattr(request, "user", None)
    roles = roles_of(user) if user is not None and user.is_authenticated else frozenset()
    return {"samen_roles": {str(role) for role in roles}}
