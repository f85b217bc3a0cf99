"""The privacy page of a record: download the export (JSON, FHIR), request erasure or
destruction, and (a clinician of the team) decide on a destruction request.

Every page reaches the record through ``youth.access.get_young_person_for_user`` (audited, 404
for missing and not-yours); what a role may do here is ``rights.py`` (403 otherwise).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samen.web.audit.log import Actor
from samen.web.privacy.actions import (
    RequestRefused,
    do_decide_destruction,
    do_record_export,
    do_request_erasure,
)
from samen.web.privacy.export import build_export
from samen.web.privacy.forms import DecisionForm, ErasureRequestForm
from samen.web.privacy.models import Decision, ErasureRequest, RequestKind
from samen.web.privacy.rights import (
    may_decide_destruction,
    may_export,
    may_request_erasure,
    may_use_privacy_page,
)
from samen.web.youth.access import Access, get_young_person_for_user


def _reach(request: HttpRequest, young_person_id: int, event: str,
           permits: Callable[[Access], bool]) -> tuple[Actor, Access]:
    actor = Actor.from_request(request)
    access = get_young_person_for_user(actor, young_person_id, event=event,
                                       object_type="privacy")
    if not permits(access):
        raise PermissionDenied(_("Your role cannot do this for this record."))
    return actor, access


def _page(request: HttpRequest, access: Access, *, erasure_form: ErasureRequestForm | None = None,
          decision_form: DecisionForm | None = None, status: int = 200) -> HttpResponse:
    young_person = access.young_person
    requests = ErasureRequest.objects.filter(young_person=young_person).select_related(
        "requested_by", "decided_by")
    pending = requests.filter(decision=Decision.PENDING)
    can_decide = may_decide_destruction(access)
    return render(request, "privacy/index.html", {
        "access": access, "young_person": young_person, "requests": requests,
        "can_export": may_export(access),
        "erasure_form": (erasure_form or ErasureRequestForm())
        if may_request_erasure(access) and not pending.exists() else None,
        "decisions": [(r, decision_form if decision_form is not None
                       and decision_form.data.get("request") == str(r.pk)
                       else DecisionForm(pending=pending, initial={"request": r.pk}))
                      for r in pending] if can_decide else [],
    }, status=status)


@login_required
@require_GET
def index(request: HttpRequest, young_person_id: int) -> HttpResponse:
    _actor, access = _reach(request, young_person_id, "privacy.view", may_use_privacy_page)
    return _page(request, access)


def _download(request: HttpRequest, young_person_id: int, fmt: str) -> HttpResponse:
    actor, access = _reach(request, young_person_id, "privacy.export", may_export)
    data: dict[str, Any] = build_export(access)
    body: dict[str, Any] = data
    if fmt == "fhir":
        from samen.web.privacy.fhir_export import build_bundle  # imports fhir.resources

        body = build_bundle(data, access.young_person, request.build_absolute_uri("/fhir"))
    do_record_export(actor=actor, access=access, export=data, fmt=fmt)
    content_type = "application/fhir+json" if fmt == "fhir" else "application/json"
    response = HttpResponse(json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
                            content_type=f"{content_type}; charset=utf-8")
    suffix = "fhir.json" if fmt == "fhir" else "json"
    filename = f"samen-{access.young_person.pseudonym}-{timezone.localdate():%Y-%m-%d}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def export_json(request: HttpRequest, young_person_id: int) -> HttpResponse:
    return _download(request, young_person_id, "json")


@login_required
@require_GET
def export_fhir(request: HttpRequest, young_person_id: int) -> HttpResponse:
    return _download(request, young_person_id, "fhir")


@login_required
@require_POST
def erasure(request: HttpRequest, young_person_id: int) -> HttpResponse:
    actor, access = _reach(request, young_person_id, "privacy.erasure.request",
                           may_request_erasure)
    form = ErasureRequestForm(request.POST)
    if not form.is_valid():
        return _page(request, access, erasure_form=form, status=400)
    try:
        filed = do_request_erasure(actor=actor, access=access,
                                   kind=RequestKind(form.cleaned_data["kind"]))
    except RequestRefused:
        messages.error(request, _("A request for this record is already waiting for a "
                                  "decision."))
        return _page(request, access, status=400)
    return _after(request, filed)


def _after(request: HttpRequest, filed: ErasureRequest) -> HttpResponse:
    if filed.decision == Decision.ERASED:
        messages.success(request, _("The record and everything in it have been erased."))
        return redirect("youth:list")
    if filed.decision == Decision.REFUSED_RETENTION:
        messages.warning(request, _(
            "This is a youth-care file: the law requires it to be kept until %(date)s. You can "
            "ask for destruction instead (Jeugdwet 7.3.9).") % {
            "date": filed.retained_until.strftime("%d-%m-%Y") if filed.retained_until else ""})
    elif filed.decision == Decision.REFUSED_INTEREST:
        messages.warning(request, _("The file is kept. The reason is shown below."))
    else:
        messages.success(request, _("Your request has been recorded. A clinician of the care "
                                    "team decides before %(date)s.")
                         % {"date": filed.due_by.strftime("%d-%m-%Y")})
    return redirect("privacy:index", young_person_id=filed.subject_id)


@login_required
@require_POST
def decide(request: HttpRequest, young_person_id: int) -> HttpResponse:
    actor, access = _reach(request, young_person_id, "privacy.destruction.decide",
                           may_decide_destruction)
    pending = ErasureRequest.objects.filter(young_person=access.young_person,
                                            decision=Decision.PENDING)
    form = DecisionForm(request.POST, pending=pending)
    if not form.is_valid():
        return _page(request, access, decision_form=form, status=400)
    decided = do_decide_destruction(
        actor=actor, access=access, request=form.cleaned_data["request"],
        confirm=form.cleaned_data["verdict"] == "confirm", reason=form.decline_reason,
        note=form.cleaned_data["note"])
    return _after(request, decided)
