"""Who is calling: a personal API token (``Authorization: Bearer <token>``) or the session cookie.

Used by the REST API (as django-ninja auth classes) and by the FHIR views (as
:func:`authenticate_request`), so both accept exactly the same credentials:

* a bearer token wins when one is presented; an unknown, revoked or malformed one is refused
  (401) even if a session cookie is present too, so a client never silently acts as someone else;
* otherwise the signed-in session user, with Django's CSRF check for unsafe methods (403 when it
  fails): a page in the browser cannot be tricked into writing through the API;
* otherwise 401.

After a token is accepted ``request.user`` is its user, so ``Actor.from_request`` and the access
helpers see the same user as with a session.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from samen.web.accounts.models import User
from samen.web.api.tokens import user_for_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class Unauthorized(AuthenticationError):
    """No usable credentials (401)."""

    def __init__(self, message: str = "Authentication required: sign in or send "
                 "'Authorization: Bearer <token>'.") -> None:
        super().__init__(401, message)


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(403, "CSRF check failed: send the X-CSRFToken header with the session "
                              "cookie, or use a bearer token.")


def bearer_user(request: HttpRequest) -> User | None:
    """The token's user (and set ``request.user``); ``None`` without an Authorization header."""
    header = request.headers.get("Authorization")
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        raise Unauthorized("Unsupported authorization scheme; use 'Authorization: Bearer <token>'.")
    user = user_for_token(token)
    if user is None:
        raise Unauthorized("The bearer token is not valid (unknown, revoked or malformed).")
    request.user = user
    return user


def session_user(request: HttpRequest) -> User | None:
    """The signed-in session user (CSRF-checked for unsafe methods), or ``None``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if request.method not in SAFE_METHODS and not getattr(request, "_ninja_csrf_exempt", False) \
            and check_csrf(request) is not None:
        raise CsrfFailed()
    assert isinstance(user, User)
    return user


def authenticate_request(request: HttpRequest) -> User:
    """The calling user, or :class:`Unauthorized` / :class:`CsrfFailed` (for the FHIR views)."""
    user = bearer_user(request) or session_user(request)
    if user is None:
        raise Unauthorized()
    return user


class BearerAuth(HttpBearer):
    """A personal API token; documented in the OpenAPI schema as HTTP bearer."""

    def __call__(self, request: HttpRequest) -> User | None:
        return bearer_user(request)

    def authenticate(self, request: HttpRequest, token: str) -> Any:  # pragma: no cover
        return user_for_token(token)  # not reached: __call__ does the work


class SessionAuth(APIKeyCookie):
    """The Django session cookie (CSRF-checked); documented as an API key in a cookie."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def __call__(self, request: HttpRequest) -> User | None:
        return session_user(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:  # pragma: no cover
        return session_user(request)  # not reached: __call__ does the work


AUTH = [BearerAuth(), SessionAuth()]
