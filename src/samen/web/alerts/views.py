"""My alerts: the list (newest first, unread marked) and marking them read.

Only alerts about records the user can open now are shown: when consent is withdrawn, the alerts
about that person disappear from the list with the access.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samen.web.accounts.models import User
from samen.web.alerts.actions import do_mark_alert_read
from samen.web.alerts.display import describe
from samen.web.alerts.models import Alert
from samen.web.audit.log import Actor
from samen.web.youth.access import (
    Access,
    accessible_young_people,
    audit_reads,
    get_young_person_for_user,
)

LIST_LIMIT = 200
PAGE_SIZE = 50
"""Notices per page: a coordinator's caseload can raise hundreds; the newest come first."""


def _visible(user: User) -> tuple[QuerySet[Alert], dict[int, Access]]:
    accesses = {a.young_person.pk: a for a in accessible_young_people(user)}
    alerts = (Alert.objects.filter(recipient=user, young_person_id__in=list(accesses))
              .select_related("young_person", "action"))
    return alerts, accesses


def visible_alerts(user: User) -> tuple[list[Alert], dict[int, Access]]:
    """The user's alerts about records they can open now, newest first, and those accesses."""
    alerts, accesses = _visible(user)
    return list(alerts[:LIST_LIMIT]), accesses


@login_required
@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    alerts, accesses = _visible(request.user)
    page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
    shown: list[Alert] = list(page.object_list)
    actor = Actor.from_request(request)
    audit_reads(actor, [accesses[pk] for pk in sorted({a.young_person_id for a in shown})],
                event="alerts.alert.list", object_type="alert")
    rows = [{"alert": alert, **describe(alert)} for alert in shown]
    return render(request, "alerts/list.html", {
        "rows": rows, "page": page, "unread": alerts.filter(read_at__isnull=True).count(),
    })


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    alert = Alert.objects.filter(recipient_id=request.user.pk, pk=pk).first()
    if alert is None:
        raise Http404("No such alert")
    actor = Actor.from_request(request)
    access = get_young_person_for_user(actor, alert.young_person_id, event="alerts.alert.read",
                                       object_type="alert", object_id=alert.pk)
    do_mark_alert_read(actor=actor, access=access, alert=alert)
    return HttpResponseRedirect(reverse("alerts:list"))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    alerts, accesses = visible_alerts(request.user)
    actor = Actor.from_request(request)
    unread = [a for a in alerts if a.read_at is None]
    with transaction.atomic():
        for alert in unread:
            do_mark_alert_read(actor=actor, access=accesses[alert.young_person_id], alert=alert)
    if unread:
        messages.success(request, _("All notices are marked as read."))
    return HttpResponseRedirect(reverse("alerts:list"))
