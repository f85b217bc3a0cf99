"""Who can own an action: the young person, a parent with authority, or a professional on the
care team -- each only while they can open the record (``get_access``), so an owner always sees
the action they own."""

from __future__ import annotations

from dataclasses import dataclass

from samen.web.accounts.models import User
from samen.web.accounts.roles import CARE_ROLES, Role
from samen.web.youth.access import get_access
from samen.web.youth.models import YoungPerson


@dataclass(frozen=True)
class Candidate:
    user: User
    role: Role


def owner_candidates(young_person: YoungPerson) -> list[Candidate]:
    """Everyone who may own an action in ``young_person``'s plan now, with the role they own it in."""
    users: list[User] = []
    if young_person.account is not None:
        users.append(young_person.account)
    users += [g.user for g in young_person.guardianships.filter(has_authority=True)
              .select_related("user").order_by("user__username")]
    users += [place.membership.user for place in young_person.care_team.filter(
        is_active=True, membership__is_active=True, membership__role__in=list(CARE_ROLES),
    ).select_related("membership__user").order_by("membership__user__username")]
    found: list[Candidate] = []
    seen: set[int] = set()
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        access = get_access(user, young_person)
        if access is not None:
            found.append(Candidate(user, access.role))
    return found


def candidate_for(young_person: YoungPerson, user_id: int | None) -> Candidate | None:
    if user_id is None:
        return None
    return next((c for c in owner_candidates(young_person) if c.user.pk == user_id), None)


def users_in_role(young_person: YoungPerson, role: str) -> list[User]:
    """The people who currently own an action given to ``role`` with no person named."""
    return [c.user for c in owner_candidates(young_person) if c.role == role]
