"""Pages for the auditor of an organisation (its organisation admin): the emergency accesses of
its clinicians, and the export of its audit events. Every visit and export is itself audited
(NEN 7513: reading log data is an event). For everyone else these pages do not exist (404)."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from samen.web.accounts.actions import admin_memberships
from samen.web.accounts.models import Membership
from samen.web.accounts.roles import Role
from samen.web.audit.export import FIELDS, export_to
from samen.web.audit.forms import ExportForm
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction
from samen.web.youth.models import EmergencyAccess
from samen.web.youth.views import signed_in_user

LIST_LIMIT = 200


def _admins(request: HttpRequest) -> QuerySet[Membership]:
    admins = admin_memberships(signed_in_user(request)).order_by("organisation__name")
    if not admins.exists():
        raise Http404("Only organisation admins audit")
    return admins


@login_required
@require_GET
def emergency_list(request: HttpRequest) -> HttpResponse:
    """Every break-the-glass access by a clinician of the admin's organisations, newest first."""
    admins = _admins(request)
    found = list(
        EmergencyAccess.objects.filter(
            membership__organisation__in=[a.organisation_id for a in admins])
        .select_related("clinician", "young_person", "membership__organisation")[:LIST_LIMIT])
    actor = Actor.from_request(request)
    for item in found:  # the list names records and reasons: each line is an audited read
        record(actor, event="audit.emergency.list", action=AuditAction.READ,
               subject_id=item.young_person_id, subject_pseudonym=item.young_person.pseudonym,
               role=Role.ORG_ADMIN, organisation_name=item.membership.organisation.name,
               basis="auditor", object_type="emergency_access", object_id=item.pk)
    return render(request, "audit/emergency_list.html", {
        "emergencies": found, "now": timezone.now(), "limit": LIST_LIMIT,
    })


@login_required
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    """The form (GET) and the download (POST: an export is a deliberate, audited act)."""
    admins = _admins(request)
    form = ExportForm(request.POST or None, admins=admins)
    if request.method == "POST" and form.is_valid():
        return _download(request, form)
    status = 400 if request.method == "POST" else 200
    return render(request, "audit/export.html", {"form": form, "fields": FIELDS}, status=status)


def _download(request: HttpRequest, form: ExportForm) -> HttpResponse:
    data = form.cleaned_data
    fmt = data["format"]
    buffer = io.StringIO()
    export_to(buffer, data["since"], data["until"], fmt, Actor.from_request(request),
              data["organisation"].organisation)
    content_type = "text/csv" if fmt == "csv" else "application/json"
    response = HttpResponse(buffer.getvalue(), content_type=f"{content_type}; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="samen-audit-{stamp}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
