"""Writes of the API app: creating and revoking personal API tokens (each audited)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from samen.web.api.models import ApiToken
from samen.web.api.tokens import digest, display_prefix, new_token
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction


@transaction.atomic
def do_create_token(*, actor: Actor, name: str) -> tuple[ApiToken, str]:
    """A new token for the acting user; returns the row and the token (shown to the user once)."""
    user = actor.user
    if user is None or not user.is_active:
        raise PermissionError("only a signed-in user can create a token")
    name = name.strip()
    if not name:
        raise ValueError("a token needs a name")
    token = new_token()
    row = ApiToken.objects.create(
        user=user, name=name[:80], prefix=display_prefix(token), key_hash=digest(token)
    )
    record(actor, event="api.token.create", action=AuditAction.CREATE, object_type="api_token",
           object_id=row.pk, changed_fields=("name", "key_hash", "prefix"))
    return row, token


@transaction.atomic
def do_revoke_token(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke one of the acting user's tokens; it stops working at once. Idempotent."""
    if actor.user is None or token.user_id != actor.user.pk:
        raise PermissionError("only the owner can revoke a token")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor, event="api.token.revoke", action=AuditAction.UPDATE,
               object_type="api_token", object_id=token.pk, changed_fields=("revoked_at",))
    return token
