"""Home-page panel for organisation admins: members and pending consents (counts only)."""

from __future__ import annotations

from django.http import HttpRequest

from samen.web.accounts.actions import admin_memberships
from samen.web.accounts.models import Membership, User
from samen.web.accounts.roles import Role
from samen.web.core.panels import Panel
from samen.web.youth.pending import pending_for_organisation


def home_panels(request: HttpRequest, roles: frozenset[Role]) -> list[Panel]:
    user = request.user
    if Role.ORG_ADMIN not in roles or not isinstance(user, User):
        return []
    rows = [
        {
            "organisation": admin.organisation,
            "members": Membership.objects.filter(
                organisation=admin.organisation, is_active=True
            ).count(),
            "pending": len(pending_for_organisation(admin.organisation)),
        }
        for admin in admin_memberships(user).order_by("organisation__name")
    ]
    return [Panel("accounts/panels/organisation.html", {"organisations": rows}, order=40)]
