"""Which roles a signed-in user holds, from memberships, guardianships and an own record."""

from __future__ import annotations

from samen.web.accounts.models import User
from samen.web.accounts.roles import Role


def roles_of(user: User) -> frozenset[Role]:
    roles = {Role(m.role) for m in user.memberships.filter(is_active=True)}
    if user.guardianships.exists():
        roles.add(Role.PARENT)
    if hasattr(user, "young_person"):
        roles.add(Role.YOUNG_PERSON)
    return frozenset(roles)
