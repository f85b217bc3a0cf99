"""Multi-factor authentication for professionals, on top of ``allauth.mfa``.

allauth asks for the TOTP code at sign-in once a user has an authenticator; this module makes it
compulsory for every professional role (``PROFESSIONAL_ROLES``): a professional without TOTP is
sent to set it up, and a session that has not passed a second factor reaches nothing but the
sign-in, MFA and logout pages. Whether the session passed one is read from allauth's own record
of the authentication methods used in the session, not from a flag of ours.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from samen.web.accounts.models import User
from samen.web.accounts.roles import PROFESSIONAL_ROLES
from samen.web.core.errors import machine_response

# Reachable by any signed-in user, whatever their second factor.
ALWAYS_OPEN = ("/accounts/login/", "/accounts/logout/", "/i18n/", "/healthz")
# Setting up TOTP needs the MFA pages and the password re-check before activation.
SETUP_OPEN = ("/accounts/2fa/", "/accounts/reauthenticate/")


def is_professional(user: User) -> bool:
    """An active membership in a professional role (young people and parents are not)."""
    return user.memberships.filter(is_active=True, role__in=PROFESSIONAL_ROLES).exists()


def has_totp(user: User) -> bool:
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())


def session_passed_mfa(request: HttpRequest, user: User) -> bool:
    """Whether allauth recorded a second factor (sign-in or re-check) in this session."""
    records = get_authentication_records(request, user)
    return any(entry.get("method") == "mfa" for entry in records)


def record_mfa(request: HttpRequest, user: User, authenticator: Authenticator) -> None:
    """Add a second factor to the session's record, in allauth's own format."""
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)


@receiver(authenticator_added)
def _activation_counts_as_mfa(sender: Any, request: HttpRequest, user: User,
                              authenticator: Authenticator, **kwargs: Any) -> None:
    """Activating TOTP needs a valid code from the new device: that proves the factor, so the
    session need not enter another one to see the recovery codes that follow."""
    if authenticator.type == Authenticator.Type.TOTP:
        record_mfa(request, user, authenticator)
        # allauth sends this after commit; should that fall after the response (an outer
        # transaction), the session would not be saved again, so it is saved here.
        request.session.save()


def _step(request: HttpRequest, user: User) -> str | None:
    """The URL the professional must go to first, or ``None`` when the request may proceed."""
    path = request.path
    if path.startswith(ALWAYS_OPEN) or path.startswith(settings.STATIC_URL):
        return None
    if not has_totp(user):
        return None if path.startswith(SETUP_OPEN) else reverse("mfa_activate_totp")
    if session_passed_mfa(request, user):
        return None
    reauthenticate = reverse("mfa_reauthenticate")
    if path == reauthenticate:
        return None
    return f"{reauthenticate}?{urlencode({'next': request.get_full_path()})}"


class RequireMFAMiddleware:
    """Holds a professional's session at the MFA step until a second factor is in it.

    Only session sign-ins are affected: API token requests carry no session, so their user is
    anonymous here and passes untouched. ``SAMEN_MFA_REQUIRED=false`` switches it off.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = request.user
        if settings.SAMEN_MFA_REQUIRED and user.is_authenticated:
            assert isinstance(user, User)
            step = _step(request, user) if is_professional(user) else None
            if step is not None:
                # The API's error body or a FHIR OperationOutcome, as for any other refusal.
                refusal = machine_response(
                    request, 401, "Multi-factor authentication is required: sign in with your "
                    "second factor in the browser, or use an API token.")
                return refusal or HttpResponseRedirect(step)
        return self.get_response(request)
