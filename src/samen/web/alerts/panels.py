"""The "new alerts" home panel, first on every home page that can receive alerts. It shows how
many notices are new and their kinds, not whom they are about (that is on the alerts page)."""

from __future__ import annotations

from django.http import HttpRequest

from samen.web.accounts.models import User
from samen.web.accounts.roles import CARE_ROLES, Role
from samen.web.alerts.models import Alert
from samen.web.core.panels import Panel
from samen.web.youth.access import accessible_for_request

PANEL_ORDER = 0
SHOWN = 5


def home_panels(request: HttpRequest, roles: frozenset[Role]) -> list[Panel]:
    user = request.user
    if not isinstance(user, User) or not roles & (CARE_ROLES | {Role.PARENT, Role.YOUNG_PERSON}):
        return []
    reachable = [a.young_person.pk for a in accessible_for_request(request)]
    unread = Alert.objects.filter(recipient=user, read_at__isnull=True,
                                  young_person_id__in=reachable)
    return [Panel("alerts/panel.html", {
        "count": unread.count(), "latest": list(unread[:SHOWN]),
    }, order=PANEL_ORDER)]
