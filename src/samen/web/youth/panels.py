"""Home-page panels of the youth app: my file (young person), my children (parent), caseload
(care professionals). A panel that names a person audits that read; counts are not reads."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samen.evidence import load_interventions
from samen.text import Language
from samen.web.accounts.models import Membership, User
from samen.web.accounts.roles import CARE_ROLES, Role
from samen.web.audit.log import Actor
from samen.web.audit.visibility import may_see_access_log
from samen.web.core.panels import Panel
from samen.web.youth.access import Access, accessible_for_request, audit_reads, guardians_may_see
from samen.web.youth.consent import age_now
from samen.web.youth.models import Stage
from samen.web.youth.pending import missing_parties, pending_for_user
from samen.web.youth.presentation import plain_stage


@dataclass(frozen=True)
class Viewer:
    """Someone who can see the young person's file now."""

    name: str
    role: str
    organisation: str


def who_can_see(access: Access) -> list[Viewer]:
    """The professionals whose organisation has consent in force, and the parents who may see."""
    young_person = access.young_person
    viewers = []
    members = Membership.objects.filter(
        care_teams__young_person=young_person, care_teams__is_active=True, is_active=True,
        user__is_active=True, role__in=list(CARE_ROLES),
    ).select_related("user", "organisation").order_by("organisation__name", "user__username")
    in_force: dict[int, bool] = {}
    for member in members:
        if member.organisation_id not in in_force:
            in_force[member.organisation_id] = not missing_parties(
                young_person, member.organisation_id
            )
        if in_force[member.organisation_id]:
            viewers.append(Viewer(str(member.user), str(member.get_role_display()),
                                  member.organisation.name))
    if guardians_may_see(young_person, timezone.now()):
        for guardianship in young_person.guardianships.filter(
            has_authority=True, user__is_active=True
        ).select_related("user"):
            viewers.append(Viewer(str(guardianship.user), str(Role.PARENT.label), ""))
    return viewers


def home_panels(request: HttpRequest, roles: frozenset[Role]) -> list[Panel]:
    user = request.user
    if not isinstance(user, User):
        return []
    actor = Actor.from_request(request)
    accesses = sorted(accessible_for_request(request), key=lambda a: a.young_person.pseudonym)
    panels = []
    own = [a for a in accesses if a.role == Role.YOUNG_PERSON]
    if Role.YOUNG_PERSON in roles and own:
        files = []
        audit_reads(actor, own, event="youth.home.view")
        for access in own:
            files.append({
                "young_person": access.young_person,
                "viewers": who_can_see(access),
                "may_see_log": may_see_access_log(access),
            })
        panels.append(Panel("youth/panels/my_file.html", {"files": files}, order=10))
    children = [a for a in accesses if a.role == Role.PARENT]
    if Role.PARENT in roles:
        rows = []
        audit_reads(actor, children, event="youth.home.view")
        for access in children:
            rows.append({
                "young_person": access.young_person,
                "age": age_now(access.young_person),
                "plain_stage": plain_stage(access.young_person),
                "may_see_log": may_see_access_log(access),
            })
        panels.append(Panel("youth/panels/my_children.html", {"children": rows}, order=20))
    if roles & CARE_ROLES:
        caseload = [a for a in accesses if a.is_professional]
        counts = {stage: 0 for stage in Stage.values}
        for access in caseload:
            counts[access.young_person.stage] = counts.get(access.young_person.stage, 0) + 1
        panels.append(Panel("youth/panels/caseload.html", {
            "total": len(caseload),
            "by_stage": [(value, label, counts[value]) for value, label in Stage.choices],
            "waiting": len({row.young_person_id for row in pending_for_user(user, accesses=accesses)}),
        }, order=30))
    if Role.YOUTH_WORKER in roles:
        supported = [a for a in accesses if a.role == Role.YOUTH_WORKER]
        audit_reads(actor, supported, event="youth.home.view")
        panels.append(Panel("youth/panels/community.html", {
            "supported": [a.young_person for a in supported],
            "offer": community_offer(translation.get_language() or "nl"),
        }, order=25))
    return panels


def community_offer(language: str) -> list[dict[str, str]]:
    """The community-level interventions of the evidence base, with their grade and source."""
    lang: Language = "nl" if language.startswith("nl") else "en"
    return [
        {"name": item.name.get(lang), "summary": item.summary.get(lang), "grade": item.grade,
         "source": item.source.citation or str(_("assumption"))}
        for item in load_interventions() if item.level == "community"
    ]
