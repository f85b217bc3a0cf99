"""Organisation admin pages: members and roles, add / change role / deactivate, pending consents.

Only an active admin of the organisation reaches its pages; for everyone else they do not exist
(404). Admins never see a person's record: pending consents show a pseudonym and the missing
party only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samen.web.accounts.actions import (
    admin_memberships,
    do_add_member,
    do_change_role,
    do_deactivate_member,
)
from samen.web.accounts.forms import AddMemberForm, ChangeRoleForm
from samen.web.accounts.models import Membership, Organisation
from samen.web.accounts.roles import Role
from samen.web.audit.log import Actor
from samen.web.youth.pending import PendingRecord, audit_pending, pending_for_organisation
from samen.web.youth.views import signed_in_user


@dataclass
class OrganisationPage:
    admin: Membership
    members: list[Membership]
    pending: list[PendingRecord]

    @property
    def organisation(self) -> Organisation:
        return self.admin.organisation


def _admin_of(request: HttpRequest, organisation_id: int) -> Membership:
    admin = admin_memberships(signed_in_user(request)).filter(
        organisation_id=organisation_id
    ).first()
    if admin is None:
        raise Http404("No such organisation")
    return admin


def _member(admin: Membership, membership_id: int) -> Membership:
    membership = Membership.objects.filter(
        organisation=admin.organisation, pk=membership_id
    ).select_related("user", "organisation").first()
    if membership is None:
        raise Http404("No such member")
    return membership


@login_required
@require_GET
def organisations(request: HttpRequest) -> HttpResponse:
    admins = list(admin_memberships(signed_in_user(request)).order_by("organisation__name"))
    if not admins:
        raise Http404("No organisation")
    actor = Actor.from_request(request)
    pages = []
    for admin in admins:
        pending = pending_for_organisation(admin.organisation)
        audit_pending(actor, pending, event="accounts.pending.view", role=Role.ORG_ADMIN)
        members = list(
            Membership.objects.filter(organisation=admin.organisation)
            .select_related("user").order_by("-is_active", "user__username")
        )
        pages.append(OrganisationPage(admin, members, pending))
    return render(request, "accounts/organisations.html", {
        "pages": pages, "roles": Role.choices,
    })


@login_required
@require_http_methods(["GET", "POST"])
def add_member(request: HttpRequest, organisation_id: int) -> HttpResponse:
    admin = _admin_of(request, organisation_id)
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership, password = do_add_member(
            actor=Actor.from_request(request), admin=admin,
            username=form.cleaned_data["username"],
            display_name=form.cleaned_data["display_name"], role=Role(form.cleaned_data["role"]),
        )
        response = render(request, "accounts/member_added.html", {
            "organisation": admin.organisation, "membership": membership, "password": password,
        })
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "accounts/add_member.html", {
        "organisation": admin.organisation, "form": form,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def change_role(request: HttpRequest, organisation_id: int, membership_id: int) -> HttpResponse:
    admin = _admin_of(request, organisation_id)
    membership = _member(admin, membership_id)
    form = ChangeRoleForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a role from the list."))
    if membership.user_id == admin.user_id:
        messages.error(request, _("You cannot change your own role."))
        return redirect("accounts:organisations")
    do_change_role(actor=Actor.from_request(request), admin=admin, membership=membership,
                   role=Role(form.cleaned_data["role"]))
    messages.success(request, _("%(name)s is now: %(role)s.") % {
        "name": membership.user, "role": membership.get_role_display(),
    })
    return redirect("accounts:organisations")


@login_required
@require_POST
def deactivate(request: HttpRequest, organisation_id: int, membership_id: int) -> HttpResponse:
    admin = _admin_of(request, organisation_id)
    membership = _member(admin, membership_id)
    if membership.user_id == admin.user_id:
        messages.error(request, _("You cannot deactivate yourself."))
        return redirect("accounts:organisations")
    do_deactivate_member(actor=Actor.from_request(request), admin=admin, membership=membership)
    messages.success(request, _(
        "%(name)s has been deactivated and signed out everywhere."
    ) % {"name": membership.user})
    return redirect("accounts:organisations")
