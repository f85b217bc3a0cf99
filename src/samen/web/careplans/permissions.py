"""Who may change what in a care plan. Reading follows record access (``youth.access``); these
rules decide the writes, and both the views (403) and the actions (``PermissionDenied``) use them.

* The clinician writes the plan: adds and edits goals and every action.
* The school care coordinator and the youth worker add and edit the actions owned by their role.
* An action's owner updates its status and notes: the named person, or -- when no person is
  named -- the parents (for a parent action) or the young person (for their own action).
* The young person adds and ticks off their own goals.
* A cancelled action is changed only by those who may edit it.
"""

from __future__ import annotations

from samen.web.accounts.roles import Role
from samen.web.careplans.models import OWNER_ROLES, Goal, PlanAction, Status
from samen.web.youth.access import Access

PLAN_AUTHORS = frozenset({Role.CLINICIAN})
ROLE_OWNERS = frozenset({Role.SCHOOL_COORDINATOR, Role.YOUTH_WORKER})
FAMILY = frozenset({Role.PARENT, Role.YOUNG_PERSON})


def may_add_action(access: Access, owner_role: str | None = None) -> bool:
    """May add an action at all (``owner_role`` None) or one owned by ``owner_role``."""
    if access.role in PLAN_AUTHORS:
        return True
    if access.role in ROLE_OWNERS:
        return owner_role is None or owner_role == access.role
    return False


def addable_owner_roles(access: Access) -> tuple[str, ...]:
    """The owner roles this user may give a new action."""
    return tuple(role.value for role in OWNER_ROLES if may_add_action(access, role.value))


def may_edit_action(access: Access, action: PlanAction) -> bool:
    """May change every field of ``action`` (title, owner, due date, status, notes...)."""
    if access.role in PLAN_AUTHORS:
        return True
    return access.role in ROLE_OWNERS and action.owner_role == access.role


def owns_action(access: Access, action: PlanAction) -> bool:
    """Is the owner: named as its owner, or in the family role it belongs to with nobody named."""
    if action.owner_person_id is not None:
        return action.owner_person_id == access.user.pk
    return access.role in FAMILY and action.owner_role == access.role


def may_progress_action(access: Access, action: PlanAction) -> bool:
    """May update the status and notes of ``action``."""
    if may_edit_action(access, action):
        return True
    return action.status != Status.CANCELLED and owns_action(access, action)


def may_add_goal(access: Access) -> bool:
    return access.role in PLAN_AUTHORS or access.role == Role.YOUNG_PERSON


def may_edit_goal(access: Access, goal: Goal) -> bool:
    """May change the goal's text and target date (the young person: the goals they set)."""
    if access.role in PLAN_AUTHORS:
        return True
    return access.role == Role.YOUNG_PERSON and goal.created_by_id == access.user.pk


def may_progress_goal(access: Access, goal: Goal) -> bool:
    """May tick a goal off or reopen it: the clinician and the young person."""
    if access.role in PLAN_AUTHORS:
        return True
    return access.role == Role.YOUNG_PERSON and goal.status != Status.CANCELLED
