"""``/young-people/{id}/care-plan``: the one plan, and progress on its actions.

Changing an action goes through ``careplans.actions.do_update_action`` with the ``version`` the
client last read: a stale version answers 409 and changes nothing; a change the role may not
make answers 403 (the rules of ``careplans.permissions``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router
from ninja.params.functions import Path

from samen.web.api.errors import COMMON, ApiError, ErrorBody
from samen.web.api.routers.people import MAX_ID, actor_of, person_id, reach
from samen.web.api.schemas import CarePlanActionOut, CarePlanActionPatch, CarePlanOut, GoalOut
from samen.web.careplans import permissions
from samen.web.careplans.actions import StaleVersionError, do_update_action
from samen.web.careplans.models import CarePlan, Goal, PlanAction
from samen.web.youth.access import Access

router = Router(tags=["care plan"])


def action_out(action: PlanAction, access: Access) -> CarePlanActionOut:
    owner = action.owner_person
    return CarePlanActionOut(
        id=action.pk, title=action.title, level=action.level, owner_role=action.owner_role,
        owner=str(owner) if owner is not None else None, status=action.status,
        notes=action.notes, due=action.due, intervention_id=action.intervention_id or None,
        goal_id=action.goal_id, completed_at=action.completed_at, version=action.version,
        may_progress=permissions.may_progress_action(access, action),
        may_edit=permissions.may_edit_action(access, action),
    )


def goal_out(goal: Goal) -> GoalOut:
    return GoalOut(id=goal.pk, title=goal.title, notes=goal.notes, status=goal.status,
                   due=goal.due, completed_at=goal.completed_at, version=goal.version)


def plan_out(access: Access) -> CarePlanOut:
    person = access.young_person
    plan = CarePlan.objects.filter(young_person=person).first()
    if plan is None:
        return CarePlanOut(id=None, young_person_id=person.pk, goals=[], actions=[])
    actions = PlanAction.objects.filter(young_person=person, plan=plan).select_related(
        "owner_person")
    return CarePlanOut(
        id=plan.pk, young_person_id=person.pk, created_at=plan.created_at,
        updated_at=plan.updated_at,
        goals=[goal_out(g) for g in Goal.objects.filter(young_person=person, plan=plan)],
        actions=[action_out(a, access) for a in actions],
    )


@router.get("/young-people/{young_person_id}/care-plan", response={200: CarePlanOut, **COMMON},
            summary="The care plan")
def get_care_plan(request: HttpRequest, young_person_id: int = person_id()) -> CarePlanOut:
    """Goals and actions with owners, due dates, status and versions (``id`` null: no plan yet)."""
    access = reach(request, young_person_id, "api.care_plan.read", object_type="care_plan")
    return plan_out(access)


@router.patch("/young-people/{young_person_id}/care-plan/actions/{action_id}",
              response={200: CarePlanActionOut, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody,
                        413: ErrorBody, **COMMON},
              summary="Update an action's status or notes")
def patch_action(
    request: HttpRequest, payload: CarePlanActionPatch, young_person_id: int = person_id(),
    action_id: int = Path(..., ge=1, le=MAX_ID, example=7),
) -> CarePlanActionOut:
    """Send ``version`` as last read and the fields to change. 409 when the action changed since
    (the message gives the current version); 403 when your role may not change it."""
    access = reach(request, young_person_id, "api.care_plan.action.update",
                   object_type="plan_action", object_id=action_id)
    action = PlanAction.objects.filter(young_person=access.young_person, pk=action_id).first()
    if action is None:
        raise ApiError(404, "No such action in this care plan.", "path.action_id")
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True, exclude={"version"})
    changes = {name: value for name, value in changes.items() if value is not None}
    try:
        row = do_update_action(actor=actor_of(request), access=access, action=action,
                               version=payload.version, **changes)
    except StaleVersionError as exc:
        raise ApiError(409, f"The action changed since you read it: it is now at version "
                            f"{exc.current.version}. Read it again and retry.",
                       "body.version") from exc
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ApiError(422, "; ".join(messages), f"body.{field}") from exc
    return action_out(row, access)
