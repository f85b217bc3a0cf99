"""Break-the-glass pages: a clinician opens emergency access to a record by its pseudonym, sees
their emergency accesses, and ends one early. For everyone but an active clinician these pages do
not exist (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samen.web.accounts.models import Membership
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction, AuditOutcome
from samen.web.youth.actions import do_end_emergency_access, do_open_emergency_access
from samen.web.youth.emergency import (
    EmergencyRefused,
    clinician_membership,
    emergencies_of,
    find_by_pseudonym,
)
from samen.web.youth.forms import EmergencyAccessForm
from samen.web.youth.models import EMERGENCY_HOURS
from samen.web.youth.views import signed_in_user


def _clinician(request: HttpRequest) -> Membership:
    membership = clinician_membership(signed_in_user(request))
    if membership is None:
        raise Http404("Only clinicians use emergency access")
    return membership


@login_required
@require_http_methods(["GET", "POST"])
def emergency(request: HttpRequest) -> HttpResponse:
    """The break-the-glass form and the clinician's own emergency accesses."""
    membership = _clinician(request)
    form = EmergencyAccessForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            opened = _open(request, membership, form)
            if opened is not None:
                return opened
    return render(request, "youth/emergency.html", {
        "form": form, "hours": EMERGENCY_HOURS, "now": timezone.now(),
        "emergencies": list(emergencies_of(membership.user)[:50]),
    }, status=status)


def _open(request: HttpRequest, membership: Membership,
          form: EmergencyAccessForm) -> HttpResponse | None:
    actor = Actor.from_request(request)
    young_person = find_by_pseudonym(form.cleaned_data["pseudonym"])
    if young_person is None:
        # The failed search is audited too (NEN 7513: searches), without the typed text.
        record(actor, event="youth.emergency.open", action=AuditAction.CREATE,
               outcome=AuditOutcome.DENIED, role=membership.role,
               organisation_name=membership.organisation.name, object_type="emergency_access")
        form.add_error("pseudonym", _("There is no record with this pseudonym."))
        return None
    try:
        opened = do_open_emergency_access(actor=actor, membership=membership,
                                          young_person=young_person,
                                          reason=form.cleaned_data["reason"])
    except EmergencyRefused:
        form.add_error(None, _("Emergency access is not possible: you can already open this "
                               "record, or your emergency access to it is still open."))
        return None
    messages.warning(request, _(
        "Emergency access is open until %(until)s. The care team has been told, and every page "
        "you open is logged as emergency access."
    ) % {"until": formats.date_format(timezone.localtime(opened.expires_at), "j F Y, H:i")})
    return redirect("youth:overview", young_person_id=young_person.pk)


@login_required
@require_POST
def end_emergency(request: HttpRequest, emergency_id: int) -> HttpResponse:
    """End one's own emergency access before it expires."""
    membership = _clinician(request)
    emergency = emergencies_of(membership.user).filter(pk=emergency_id).first()
    if emergency is None:
        raise Http404("No such emergency access")
    do_end_emergency_access(actor=Actor.from_request(request), emergency=emergency)
    messages.success(request, _("Your emergency access has ended."))
    return redirect("youth:emergency")
