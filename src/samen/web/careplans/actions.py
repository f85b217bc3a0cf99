"""Every write to a care plan: one transaction each, audited, and followed by the alert rules.

Forms, the API and imports call these functions. Each checks the write rules of
``permissions.py`` (raising :class:`PermissionDenied`), validates the owner against the people who
may own an action now (raising :class:`ValidationError` naming the field), and refuses an edit
made from an older ``version`` of the row (:class:`StaleVersionError`) without changing anything.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.evidence import load_interventions
from samen.web.alerts.hooks import notify_change
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction
from samen.web.careplans import permissions
from samen.web.careplans.models import (
    OWNER_ROLES,
    CarePlan,
    Goal,
    Level,
    PlanAction,
    Status,
)
from samen.web.careplans.owners import candidate_for
from samen.web.youth.access import Access

_UNSET: Any = object()
ACTION_FIELDS = ("title", "level", "owner_role", "owner_person", "due", "status", "notes",
                 "intervention_id", "goal")
PROGRESS_FIELDS = frozenset({"status", "notes"})
GOAL_FIELDS = ("title", "due", "status", "notes")


class StaleVersionError(Exception):
    """The row changed since the form was built; ``current`` is the row as it is now."""

    def __init__(self, current: PlanAction | Goal) -> None:
        super().__init__(f"{type(current).__name__} {current.pk} is at version {current.version}")
        self.current = current


def _audit(actor: Actor, access: Access, *, event: str, action: AuditAction, object_type: str,
           object_id: object, changed: tuple[str, ...] | list[str]) -> None:
    record(
        actor, event=event, action=action, subject_id=access.young_person.pk,
        subject_pseudonym=access.young_person.pseudonym, role=access.role, basis=access.basis,
        organisation_name=access.organisation_name, object_type=object_type,
        object_id=object_id, changed_fields=changed,
    )


def _plan(actor: Actor, access: Access) -> CarePlan:
    plan, created = CarePlan.objects.get_or_create(
        young_person=access.young_person, defaults={"created_by": access.user}
    )
    if created:
        _audit(actor, access, event="careplans.plan.create", action=AuditAction.CREATE,
               object_type="care_plan", object_id=plan.pk, changed=("young_person",))
    return plan


def _check_action_values(access: Access, values: dict[str, Any]) -> None:
    """Validate the fields of an action as they will be stored; errors name the field."""
    errors: dict[str, str] = {}
    if not str(values["title"]).strip():
        errors["title"] = str(_("Give the action a title."))
    if values["level"] not in Level.values:
        errors["level"] = str(_("Choose who the action is for."))
    if values["owner_role"] not in {role.value for role in OWNER_ROLES}:
        errors["owner_role"] = str(_("Choose the role that owns the action."))
    if values["status"] not in Status.values:
        errors["status"] = str(_("Choose a status."))
    owner = values["owner_person"]
    if owner is not None:
        candidate = candidate_for(access.young_person, owner.pk)
        if candidate is None:
            errors["owner_person"] = str(_("This person cannot see the plan, so cannot own an "
                                           "action in it."))
        elif candidate.role != values["owner_role"]:
            errors["owner_person"] = str(_("This person does not have the owner role chosen."))
    intervention = values["intervention_id"]
    if intervention and intervention not in {i.id for i in load_interventions()}:
        errors["intervention_id"] = str(_("There is no such intervention in the evidence base."))
    goal = values["goal"]
    if goal is not None and goal.young_person_id != access.young_person.pk:
        errors["goal"] = str(_("This goal belongs to another plan."))
    if errors:
        raise ValidationError(errors)


def _completed_at(old_status: str, new_status: str, current: Any) -> Any:
    if new_status == Status.DONE and old_status != Status.DONE:
        return timezone.now()
    if new_status != Status.DONE:
        return None
    return current


@transaction.atomic
def do_add_action(
    *, actor: Actor, access: Access, title: str, level: str, owner_role: str,
    owner_person: Any = None, due: date | None = None, notes: str = "",
    intervention_id: str = "", goal: Goal | None = None, status: str = Status.OPEN,
) -> PlanAction:
    """Add an action to the plan (creating the plan with its first entry)."""
    if not permissions.may_add_action(access, owner_role):
        raise PermissionDenied("This role may not add this action")
    values = {"title": title.strip(), "level": level, "owner_role": owner_role,
              "owner_person": owner_person, "due": due, "status": status, "notes": notes,
              "intervention_id": intervention_id, "goal": goal}
    _check_action_values(access, values)
    plan = _plan(actor, access)
    action = PlanAction.objects.create(
        plan=plan, young_person=access.young_person, created_by=access.user,
        completed_at=timezone.now() if status == Status.DONE else None, **values,
    )
    changed = [name for name in ACTION_FIELDS if values[name] not in (None, "")]
    _audit(actor, access, event="careplans.action.create", action=AuditAction.CREATE,
           object_type="plan_action", object_id=action.pk, changed=changed)
    notify_change(access.young_person.pk, "plan")
    return action


@transaction.atomic
def do_update_action(
    *, actor: Actor, access: Access, action: PlanAction, version: int, **changes: Any,
) -> PlanAction:
    """Change fields of ``action`` (names from :data:`ACTION_FIELDS`) if it is still at ``version``.

    Owners may change only status and notes, and may not cancel; the rest needs edit rights. A stale
    ``version`` raises :class:`StaleVersionError` and writes nothing.
    """
    unknown = set(changes) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown action fields: {sorted(unknown)}")
    row = (PlanAction.objects.select_for_update()
           .filter(pk=action.pk, young_person=access.young_person).first())
    if row is None:
        raise PermissionDenied("No such action in this plan")
    if row.version != version:
        raise StaleVersionError(row)
    changed = [name for name, value in changes.items() if _value(row, name) != _key(value)]
    if not changed:
        return row
    cancels = changes.get("status") == Status.CANCELLED
    if not set(changed) <= PROGRESS_FIELDS or row.status == Status.CANCELLED or cancels:
        allowed = permissions.may_edit_action(access, row)
        if allowed and "owner_role" in changed:
            allowed = permissions.may_add_action(access, changes["owner_role"])
    else:
        allowed = permissions.may_progress_action(access, row)
    if not allowed:
        raise PermissionDenied("This role may not change this action")
    values = {name: getattr(row, name) for name in ACTION_FIELDS}
    values.update({name: changes[name] for name in changed})
    if isinstance(values["title"], str):
        values["title"] = values["title"].strip()
    _check_action_values(access, values)
    row.completed_at = _completed_at(row.status, values["status"], row.completed_at)
    for name in changed:
        setattr(row, name, values[name])
    row.version += 1
    row.save()
    _audit(actor, access, event="careplans.action.update", action=AuditAction.UPDATE,
           object_type="plan_action", object_id=row.pk, changed=changed)
    notify_change(access.young_person.pk, "plan")
    return row


@transaction.atomic
def do_add_goal(
    *, actor: Actor, access: Access, title: str, due: date | None = None, notes: str = "",
) -> Goal:
    """Add one of the young person's goals (the clinician, or the young person themselves)."""
    if not permissions.may_add_goal(access):
        raise PermissionDenied("This role may not add goals")
    if not title.strip():
        raise ValidationError({"title": str(_("Give the goal a title."))})
    plan = _plan(actor, access)
    goal = Goal.objects.create(plan=plan, young_person=access.young_person, title=title.strip(),
                               due=due, notes=notes, created_by=access.user)
    changed = [name for name in ("title", "due", "notes") if getattr(goal, name) not in (None, "")]
    _audit(actor, access, event="careplans.goal.create", action=AuditAction.CREATE,
           object_type="plan_goal", object_id=goal.pk, changed=changed)
    notify_change(access.young_person.pk, "plan")
    return goal


@transaction.atomic
def do_update_goal(
    *, actor: Actor, access: Access, goal: Goal, version: int, **changes: Any,
) -> Goal:
    """Change fields of ``goal`` (names from :data:`GOAL_FIELDS`) if it is still at ``version``."""
    unknown = set(changes) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown goal fields: {sorted(unknown)}")
    row = Goal.objects.select_for_update().filter(
        pk=goal.pk, young_person=access.young_person).first()
    if row is None:
        raise PermissionDenied("No such goal in this plan")
    if row.version != version:
        raise StaleVersionError(row)
    changed = [name for name, value in changes.items() if getattr(row, name) != value]
    if not changed:
        return row
    if set(changed) <= PROGRESS_FIELDS and changes.get("status") != Status.CANCELLED:
        allowed = (permissions.may_progress_goal(access, row)
                   or permissions.may_edit_goal(access, row))
    else:
        allowed = permissions.may_edit_goal(access, row)
    if not allowed:
        raise PermissionDenied("This role may not change this goal")
    if "title" in changes and not str(changes["title"]).strip():
        raise ValidationError({"title": str(_("Give the goal a title."))})
    if "status" in changes and changes["status"] not in Status.values:
        raise ValidationError({"status": str(_("Choose a status."))})
    new_status = changes.get("status", row.status)
    row.completed_at = _completed_at(row.status, new_status, row.completed_at)
    for name in changed:
        value = changes[name]
        setattr(row, name, value.strip() if name == "title" else value)
    row.version += 1
    row.save()
    _audit(actor, access, event="careplans.goal.update", action=AuditAction.UPDATE,
           object_type="plan_goal", object_id=row.pk, changed=changed)
    notify_change(access.young_person.pk, "plan")
    return row


def _value(row: PlanAction, name: str) -> Any:
    """The stored value of a field, foreign keys as their id (so a form's object compares)."""
    if name in ("owner_person", "goal"):
        return getattr(row, f"{name}_id")
    return getattr(row, name)


def _key(value: Any) -> Any:
    return value.pk if hasattr(value, "pk") else value
