"""Personal API tokens: making one, and finding the user a presented token belongs to.

A token is ``samen_`` followed by 32 random bytes in URL-safe base64 (43 characters). The
database holds its SHA-256 digest and the first characters after ``samen_`` (the *prefix*, shown
in the token list so a user can tell tokens apart); the token itself cannot be recovered.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from samen.web.accounts.models import User
from samen.web.api.models import ApiToken

TOKEN_PREFIX = "samen_"  # noqa: S105 -- a public marker, not a secret
TOKEN_BYTES = 32
PREFIX_LENGTH = 8
LAST_USED_RESOLUTION = timedelta(minutes=1)
"""``last_used_at`` is written at most once a minute per token, not on every request."""


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def display_prefix(token: str) -> str:
    return token.removeprefix(TOKEN_PREFIX)[:PREFIX_LENGTH]


def user_for_token(token: str) -> User | None:
    """The active user an unrevoked token belongs to, or ``None`` (unknown, revoked, inactive)."""
    token = token.strip()
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    found = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=digest(token), revoked_at__isnull=True)
        .first()
    )
    if found is None or not found.user.is_active:
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user
