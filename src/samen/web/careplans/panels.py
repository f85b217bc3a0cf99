"""Home-page panels: a parent's actions, the young person's goals, a professional's overdue
actions. Each panel shows only records the user can open now, and its read is audited."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from samen.web.accounts.models import User
from samen.web.accounts.roles import CARE_ROLES, Role
from samen.web.audit.log import Actor
from samen.web.careplans.models import OPEN_STATUSES, Goal, PlanAction, Status
from samen.web.core.panels import Panel
from samen.web.youth.access import Access, accessible_for_request, audit_read, audit_reads

PANEL_ORDER = 40


def home_panels(request: HttpRequest, roles: frozenset[Role]) -> list[Panel]:
    user = request.user
    if not isinstance(user, User) or not roles & (CARE_ROLES | {Role.PARENT, Role.YOUNG_PERSON}):
        return []
    accesses = accessible_for_request(request)
    actor = Actor.from_request(request)
    panels: list[Panel] = []
    own = [a for a in accesses if a.role == Role.YOUNG_PERSON]
    if own:
        panels.append(_young_person_panel(actor, own[0], user))
    as_parent = [a for a in accesses if a.role == Role.PARENT]
    if as_parent:
        panels.append(_parent_panel(actor, as_parent, user))
    as_professional = [a for a in accesses if a.role in CARE_ROLES]
    if as_professional:
        panels.append(_professional_panel(actor, as_professional, user))
    return panels


def _young_person_panel(actor: Actor, access: Access, user: User) -> Panel:
    young_person = access.young_person
    goals = list(Goal.objects.filter(young_person=young_person).exclude(status=Status.CANCELLED))
    actions = list(PlanAction.objects.filter(young_person=young_person, status__in=OPEN_STATUSES)
                   .filter(Q(owner_person=user)
                           | Q(owner_person__isnull=True, owner_role=Role.YOUNG_PERSON)))
    if goals or actions:
        audit_read(actor, access, event="careplans.panel.read", object_type="care_plan")
    return Panel("careplans/panel_young_person.html", {
        "young_person": young_person, "goals": goals, "actions": actions,
        "open_goals": sum(1 for g in goals if g.is_open),
    }, order=PANEL_ORDER)


def _parent_panel(actor: Actor, accesses: list[Access], user: User) -> Panel:
    children = []
    for access in accesses:
        actions = list(
            PlanAction.objects.filter(young_person=access.young_person, status__in=OPEN_STATUSES)
            .filter(Q(owner_person=user) | Q(owner_person__isnull=True, owner_role=Role.PARENT))
        )
        if actions:
            audit_read(actor, access, event="careplans.panel.read", object_type="care_plan")
        children.append({"young_person": access.young_person, "actions": actions})
    return Panel("careplans/panel_parent.html", {"children": children}, order=PANEL_ORDER)


def _professional_panel(actor: Actor, accesses: list[Access], user: User) -> Panel:
    today = timezone.localdate()
    # One query for the whole caseload (hundreds of records for a coordinator), then per record
    # only the actions of the role this user holds there, or their own.
    candidates = PlanAction.objects.filter(
        young_person__in=[a.young_person for a in accesses], status__in=OPEN_STATUSES,
        due__lt=today,
    ).filter(Q(owner_role__in={a.role for a in accesses}) | Q(owner_person=user)).select_related(
        "owner_person").order_by("pk")
    by_person: dict[int, list[PlanAction]] = defaultdict(list)
    for action in candidates:
        by_person[action.young_person_id].append(action)
    rows: list[tuple[Access, PlanAction]] = []
    shown = []
    for access in accesses:
        overdue = [action for action in by_person[access.young_person.pk]
                   if action.owner_role == access.role or action.owner_person_id == user.pk]
        if overdue:
            shown.append(access)
            rows += [(access, action) for action in overdue]
    audit_reads(actor, shown, event="careplans.panel.read", object_type="care_plan")
    rows.sort(key=lambda row: (row[1].due or today, row[1].pk))
    return Panel("careplans/panel_professional.html", {"rows": [
        {"young_person": access.young_person, "action": action} for access, action in rows
    ]}, order=PANEL_ORDER)
