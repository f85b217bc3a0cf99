"""Pages around one young person: the list, start a team, the overview, consent and the team.

Every page reaches a record only through ``access.get_young_person_for_user`` (one audited read,
404 for missing and not-yours) or ``access.accessible_young_people``; every write is an action.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samen.web.accounts.models import Membership, User
from samen.web.accounts.roles import CARE_ROLES, Role
from samen.web.audit.log import Actor
from samen.web.audit.visibility import may_see_access_log
from samen.web.privacy.rights import may_use_privacy_page
from samen.web.youth.access import (
    Access,
    accessible_young_people,
    active_emergency,
    audit_reads,
    get_young_person_for_user,
    require_role,
)
from samen.web.youth.actions import (
    do_add_team_member,
    do_grant_consent,
    do_start_team,
    do_withdraw_consent,
)
from samen.web.youth.consent import age_now, consent_overview, may_give_consent
from samen.web.youth.forms import AddTeamMemberForm, StartTeamForm
from samen.web.youth.models import ConsentGrant, ConsentScope, Involvement
from samen.web.youth.pending import audit_pending, missing_parties, pending_for_user
from samen.web.youth.presentation import plain_stage


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in user (the views are all behind ``login_required``)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def care_memberships(user: User) -> QuerySet[Membership]:
    return user.memberships.filter(is_active=True, role__in=list(CARE_ROLES)).select_related(
        "organisation"
    )


@dataclass(frozen=True)
class Row:
    """One line of a list: the access and what the list shows about the record."""

    access: Access
    age: int
    consented: int
    involved: int
    plain_stage: str


def _row(access: Access) -> Row:
    young_person = access.young_person
    organisations = list(young_person.involvements.values_list("organisation_id", flat=True))
    consented = sum(1 for org in organisations if not missing_parties(young_person, org))
    return Row(access, age_now(young_person), consented, len(organisations),
               plain_stage(young_person))


@login_required
@require_GET
def record_list(request: HttpRequest) -> HttpResponse:
    """Caseload (professionals), my children (parents), my file (young person), waiting for consent."""
    user = signed_in_user(request)
    actor = Actor.from_request(request)
    accesses = sorted(accessible_young_people(user), key=lambda a: a.young_person.pseudonym)
    audit_reads(actor, accesses, event="youth.list.view")
    rows = [_row(access) for access in accesses]
    pending = pending_for_user(user, accesses=accesses)
    memberships = list(care_memberships(user))
    audit_pending(actor, pending, event="youth.pending.view")
    return render(request, "youth/list.html", {
        "caseload": [row for row in rows if row.access.is_professional],
        "children": [row for row in rows if row.access.role == Role.PARENT],
        "own": [row for row in rows if row.access.role == Role.YOUNG_PERSON],
        "pending": pending,
        "can_start": bool(memberships),
        "can_break_glass": any(m.role == Role.CLINICIAN for m in memberships),
    })


@login_required
@require_http_methods(["GET", "POST"])
def start_team(request: HttpRequest) -> HttpResponse:
    """A care professional opens a record and a team; it stays closed until consent is in force."""
    user = signed_in_user(request)
    memberships = care_memberships(user)
    if not memberships.exists():
        raise PermissionDenied(_("Only a care professional can start a team."))
    form = StartTeamForm(request.POST or None, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        young_person = do_start_team(
            actor=Actor.from_request(request), membership=data["membership"],
            birth_month=data["birth_month"], sex=data["sex"], district=data["district"],
            account=data["young_person_username"], guardian=data["parent_username"],
        )
        messages.success(request, _(
            "The team around %(pseudonym)s has started. You will see the record once consent "
            "is in force."
        ) % {"pseudonym": young_person.pseudonym})
        return redirect("youth:list")
    return render(request, "youth/start.html", {"form": form}, status=400 if form.errors else 200)


@dataclass(frozen=True)
class Involved:
    name: str
    kind: str
    since: date
    missing: tuple[str, ...]


@login_required
@require_GET
def overview(request: HttpRequest, young_person_id: int) -> HttpResponse:
    """The hub of one record: who the record is about, who is involved, and the sections."""
    access = get_young_person_for_user(
        Actor.from_request(request), young_person_id, event="youth.record.view"
    )
    young_person = access.young_person
    involvements = Involvement.objects.filter(young_person=young_person).select_related(
        "organisation"
    ).order_by("organisation__name")
    involved = [
        Involved(
            name=inv.organisation.name, kind=inv.organisation.get_kind_display(), since=inv.since,
            missing=tuple(str(p) for p in missing_parties(young_person, inv.organisation_id)),
        )
        for inv in involvements
    ]
    pk = young_person.pk
    sections = [
        (_("Questionnaires"), f"/screening/{pk}/"),
        (_("Weekly follow-up"), f"/monitoring/{pk}/"),
        (_("Care plan"), f"/careplans/{pk}/"),
        (_("Consent"), f"/youth/{pk}/consent/"),
        (_("Care team"), f"/youth/{pk}/team/"),
    ]
    if may_see_access_log(access):
        sections.append((_("Who opened this record"), f"/audit/{pk}/"))
    if may_use_privacy_page(access):
        sections.append((_("Privacy"), f"/privacy/{pk}/"))
    return render(request, "youth/overview.html", {
        "access": access,
        "emergency": active_emergency(access.user, young_person) if access.is_emergency else None,
        "young_person": young_person,
        "age": age_now(young_person),
        "plain_stage": plain_stage(young_person),
        "guardians": young_person.guardianships.select_related("user").order_by("user__username"),
        "involved": involved,
        "team": _team(access),
        "sections": sections,
    })


def _team(access: Access) -> QuerySet[Membership]:
    return Membership.objects.filter(
        care_teams__young_person=access.young_person, care_teams__is_active=True, is_active=True,
    ).select_related("user", "organisation").order_by("organisation__name", "user__username")


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, young_person_id: int) -> HttpResponse:
    """Consent by the Dutch ages: who must consent now, each organisation's state, grant/withdraw."""
    actor = Actor.from_request(request)
    if request.method == "POST":
        access = get_young_person_for_user(actor, young_person_id, event="youth.consent.change")
        response = _change_consent(request, actor, access)
        if response is not None:
            return response
        return redirect("youth:consent", young_person_id=access.young_person.pk)
    access = get_young_person_for_user(actor, young_person_id, event="youth.consent.view")
    return render(request, "youth/consent.html", {
        "access": access,
        "young_person": access.young_person,
        "state": consent_overview(access),
        "may_see_log": may_see_access_log(access),
    })


def _change_consent(request: HttpRequest, actor: Actor, access: Access) -> HttpResponse | None:
    verb = request.POST.get("action")
    scope = request.POST.get("scope")
    if verb not in {"grant", "withdraw"} or scope not in set(ConsentScope.values):
        return HttpResponseBadRequest(_("Unknown consent change."))
    if not may_give_consent(access, scope):
        raise PermissionDenied(_("At this age you do not decide on this consent."))
    young_person = access.young_person
    organisation = None
    if scope == ConsentScope.ORGANISATION:
        organisation_id = _int(request.POST.get("organisation"))
        involvement = None if organisation_id is None else Involvement.objects.filter(
            young_person=young_person, organisation_id=organisation_id
        ).select_related("organisation").first()
        if involvement is None:
            raise Http404("No such organisation on this record")
        organisation = involvement.organisation
    if verb == "grant":
        do_grant_consent(actor=actor, access=access, scope=ConsentScope(scope),
                         organisation=organisation)
        messages.success(request, _("Your consent has been recorded."))
        return None
    grant = ConsentGrant.objects.filter(
        young_person=young_person, scope=scope, organisation=organisation, grantor=access.user,
        withdrawn_at__isnull=True,
    ).first()
    if grant is None:
        raise Http404("No such consent")
    do_withdraw_consent(actor=actor, access=access, grant=grant)
    messages.success(request, _("Your consent has been withdrawn. This takes effect at once."))
    return None


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def team_candidates(access: Access) -> QuerySet[Membership]:
    """Active care professionals of organisations in the acting member's municipality, not yet on
    the team."""
    assert access.membership is not None
    on_team = access.young_person.care_team.filter(is_active=True).values_list(
        "membership_id", flat=True
    )
    return (
        Membership.objects.filter(
            is_active=True, user__is_active=True, role__in=list(CARE_ROLES),
            organisation__municipality=access.membership.organisation.municipality,
        )
        .exclude(pk__in=list(on_team))
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__display_name", "user__username")
    )


@login_required
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, young_person_id: int) -> HttpResponse:
    """The care team; a care professional on the team adds a professional from the municipality."""
    actor = Actor.from_request(request)
    event = "youth.team.change" if request.method == "POST" else "youth.team.view"
    access = get_young_person_for_user(actor, young_person_id, event=event)
    form = None
    status = 200
    if request.method == "POST":
        require_role(access, CARE_ROLES)
        form = AddTeamMemberForm(request.POST, candidates=team_candidates(access))
        if form.is_valid():
            membership: Membership = form.cleaned_data["membership"]
            do_add_team_member(actor=actor, access=access, membership=membership)
            messages.success(request, _(
                "%(name)s has joined the care team. They see the record once consent for "
                "%(organisation)s is in force."
            ) % {"name": membership.user, "organisation": membership.organisation})
            return redirect("youth:team", young_person_id=access.young_person.pk)
        status = 400
    elif access.is_professional:
        form = AddTeamMemberForm(candidates=team_candidates(access))
    young_person = access.young_person
    members = [
        (membership, not missing_parties(young_person, membership.organisation_id))
        for membership in _team(access)
    ]
    return render(request, "youth/team.html", {
        "access": access,
        "young_person": young_person,
        "members": members,
        "form": form,
    }, status=status)

