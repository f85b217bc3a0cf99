"""The access log of one record: who opened or changed it, when, in which role and on what basis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from samen.web.accounts.models import User
from samen.web.accounts.roles import CARE_ROLES
from samen.web.audit.export import events_in
from samen.web.audit.forms import PeriodForm
from samen.web.audit.labels import basis_label, event_label, is_denied, role_label, who_label
from samen.web.audit.log import Actor
from samen.web.audit.models import AuditAction, AuditEvent, AuditOutcome
from samen.web.audit.visibility import may_see_access_log
from samen.web.youth.access import Basis, get_young_person_for_user

PAGE_SIZE = 50


@dataclass(frozen=True)
class Line:
    when: datetime
    who: str
    role: str
    organisation: str
    what: str
    event: str
    basis: str
    denied: bool
    channel: str
    emergency: bool


@dataclass(frozen=True)
class Visitor:
    """A professional who opened the record this month: who, role, organisation, how often, last."""

    who: str
    role: str
    organisation: str
    reads: int
    last: datetime


def _line(event: AuditEvent) -> Line:
    return Line(
        when=event.occurred_at, who=who_label(event), role=role_label(event.actor_role),
        organisation=event.organisation_name, what=event_label(event), event=event.event,
        basis=basis_label(event.basis), denied=is_denied(event), channel=event.channel,
        emergency=event.basis == Basis.EMERGENCY,
    )


def month_start(now: datetime) -> datetime:
    """Midnight at the start of the current calendar month, local time."""
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def visitors_this_month(subject_id: int, now: datetime | None = None) -> list[Visitor]:
    """Professionals who read the record since the first of this month (successful reads only)."""
    since = month_start(now or timezone.now())
    grouped = (
        AuditEvent.objects.filter(
            subject_id=subject_id, action=AuditAction.READ, outcome=AuditOutcome.SUCCESS,
            actor_role__in=list(CARE_ROLES), occurred_at__gte=since,
        )
        .values("actor", "actor_username", "actor_role", "organisation_name")
        .annotate(reads=Count("id"), last=Max("occurred_at"))
        .order_by("-last")
    )
    names = {
        user.pk: str(user)
        for user in User.objects.filter(pk__in=[row["actor"] for row in grouped if row["actor"]])
    }
    return [
        Visitor(
            who=names.get(row["actor"], row["actor_username"]), role=role_label(row["actor_role"]),
            organisation=row["organisation_name"], reads=row["reads"], last=row["last"],
        )
        for row in grouped
    ]


@login_required
@require_GET
def access_log(request: HttpRequest, young_person_id: int) -> HttpResponse:
    """Visible to the care team, the young person from 16 and parents with authority under 16;
    everyone else gets 404. Opening it is itself an audited read (LOG-09). ``since`` and ``until``
    (dates, both included) narrow the lines to a period (LOG-07)."""
    period = PeriodForm(request.GET or None)
    access = get_young_person_for_user(
        Actor.from_request(request), young_person_id, event="audit.log.view",
        object_type="audit_log", object_id=_period_text(period), permits=may_see_access_log,
    )
    young_person = access.young_person
    events: QuerySet[AuditEvent]
    if period.is_bound and not period.is_valid():
        events = AuditEvent.objects.none()
    else:
        data = period.cleaned_data if period.is_bound else {}
        events = events_in(data.get("since"), data.get("until")).filter(
            subject_id=young_person.pk).order_by("-occurred_at", "-id").select_related("actor")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/log.html", {
        "young_person": young_person,
        "page": page,
        "period": period,
        "query": query.urlencode(),
        "lines": [_line(event) for event in page.object_list],
        "visitors": visitors_this_month(young_person.pk),
    }, status=400 if period.errors else 200)


def _period_text(period: PeriodForm) -> str:
    """The period asked for, written into the audit event of the visit (what was looked at)."""
    if not period.is_bound or not period.is_valid():
        return ""
    since, until = period.cleaned_data.get("since"), period.cleaned_data.get("until")
    return f"{since or '-'}..{until or '-'}" if since or until else ""
