"""Authentication events in the audit log (ASVS 16.3.1, checklist LOG-04): sign-in, failed
sign-in, sign-out, second-factor failures and changes, and sessions ended by deactivation.

These are signal receivers, not actions: allauth and Django raise the events inside their own
flows. Failed sign-ins are also counted by django-axes (its ``AccessAttempt`` table), which is
what the lockout reads; the audit log is the record people read.
"""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_logged_in
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authentication_failed, authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest

from samen.web.accounts.models import User
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction, AuditOutcome

USERNAME_IN_LOG = 64  # the audit row's object id is 64 characters


def _actor(request: HttpRequest | None, user: User | None = None) -> Actor:
    if request is None:
        return Actor(user=user, channel="web")
    actor = Actor.from_request(request) if hasattr(request, "user") else Actor(
        user=None, channel="web", ip_address=request.META.get("REMOTE_ADDR"), path=request.path)
    if user is not None and actor.user is None:  # e.g. a failed code: not signed in yet
        actor = Actor(user=user, channel=actor.channel, ip_address=actor.ip_address,
                      user_agent=actor.user_agent, path=actor.path)
    return actor


# allauth's signal, not Django's: it marks a sign-in through the sign-in flow (after the second
# factor), not every internal login() call.
@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record(_actor(request, user), event="accounts.login", action=AuditAction.EXECUTE,
           object_type="session")


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                  **kwargs: Any) -> None:
    attempted = "".join(ch for ch in str(credentials.get("username", "")) if ch.isprintable())
    record(_actor(request), event="accounts.login.failed", action=AuditAction.EXECUTE,
           outcome=AuditOutcome.DENIED, object_type="username",
           object_id=attempted[:USERNAME_IN_LOG])


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record(_actor(request, user), event="accounts.logout", action=AuditAction.EXECUTE,
               object_type="session")


@receiver(authentication_failed)
def _mfa_failed(sender: Any, request: HttpRequest, user: User, authenticator: Authenticator,
                **kwargs: Any) -> None:
    record(_actor(request, user), event="accounts.mfa.failed", action=AuditAction.EXECUTE,
           outcome=AuditOutcome.DENIED, object_type="authenticator", object_id=authenticator.pk)


@receiver(authenticator_added)
def _mfa_added(sender: Any, request: HttpRequest, user: User, authenticator: Authenticator,
               **kwargs: Any) -> None:
    record(_actor(request, user), event="accounts.mfa.add", action=AuditAction.CREATE,
           object_type=f"authenticator.{authenticator.type}", object_id=authenticator.pk)


@receiver(authenticator_removed)
def _mfa_removed(sender: Any, request: HttpRequest, user: User, authenticator: Authenticator,
                 **kwargs: Any) -> None:
    record(_actor(request, user), event="accounts.mfa.remove", action=AuditAction.DELETE,
           object_type=f"authenticator.{authenticator.type}", object_id=authenticator.pk)


@receiver(post_save, sender=User)
def _inactive_user_has_no_sessions(sender: Any, instance: User, **kwargs: Any) -> None:
    """However an account is deactivated (the admin's action, a script), its sessions end."""
    from samen.web.accounts.actions import end_sessions

    if not instance.is_active:
        end_sessions(instance)
