"""The plan page, the risk profile with its suggestions, and the goal and action forms.

Every view reaches the record through ``get_young_person_for_user`` (404 for missing and
not-yours, audited) and looks goals and actions up filtered by that record. Writes the role may
not make answer 403; the write itself is an action in ``actions.py``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samen.evidence import load_interventions
from samen.web.audit.log import Actor
from samen.web.careplans import permissions
from samen.web.careplans.actions import (
    StaleVersionError,
    do_add_action,
    do_add_goal,
    do_update_action,
    do_update_goal,
)
from samen.web.careplans.forms import (
    ActionForm,
    DoneForm,
    EditActionForm,
    EditGoalForm,
    GoalForm,
    GoalProgressForm,
    ProgressForm,
)
from samen.web.careplans.models import (
    DEFAULT_OWNER_ROLE,
    CarePlan,
    Goal,
    Level,
    PlanAction,
    Status,
)
from samen.web.careplans.owners import owner_candidates
from samen.web.careplans.profile import (
    SUGGESTION_LEVELS,
    build_profile,
    intervention_card,
    root_rows,
    roots_without_suggestion,
    suggest,
    text,
)
from samen.web.youth.access import Access, get_young_person_for_user

SEVERITY_LABELS = {"mild": gettext_lazy("mild"), "moderate": gettext_lazy("moderate"),
                   "severe": gettext_lazy("severe")}


def _access(request: HttpRequest, young_person_id: int, event: str, object_type: str = "care_plan",
            object_id: object = "") -> tuple[Actor, Access]:
    actor = Actor.from_request(request)
    access = get_young_person_for_user(actor, young_person_id, event=event,
                                       object_type=object_type, object_id=object_id)
    return actor, access


def _plan_url(access: Access) -> str:
    return reverse("careplans:plan", args=[access.young_person.pk])


def _next_or(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def _stale_message(request: HttpRequest) -> None:
    messages.error(request, _(
        "Someone else changed this while you were working on it, so your change was not saved. "
        "Your version is still in the form; the saved version is shown beside it. Check both and "
        "save again to keep yours."))


def _rebind(form_class: type[forms.Form], data: QueryDict, version: int,
            **kwargs: Any) -> forms.Form:
    """The user's own input again, now based on the current version (so nothing is lost)."""
    fresh = data.copy()
    fresh["version"] = str(version)
    return form_class(fresh, **kwargs)


# -- the plan --------------------------------------------------------------------------------

@login_required
@require_GET
def plan(request: HttpRequest, young_person_id: int) -> HttpResponse:
    _actor, access = _access(request, young_person_id, "careplans.plan.read")
    young_person = access.young_person
    care_plan = CarePlan.objects.filter(young_person=young_person).first()
    goals = list(Goal.objects.filter(young_person=young_person))
    actions = list(PlanAction.objects.filter(young_person=young_person)
                   .select_related("owner_person", "goal"))
    names = {i.id: text(i.name) for i in load_interventions()}
    groups = []
    for level, label in Level.choices:
        rows = [{
            "action": action,
            "overdue": action.is_overdue(),
            "can_edit": permissions.may_edit_action(access, action),
            "can_progress": permissions.may_progress_action(access, action),
            "intervention": names.get(action.intervention_id, ""),
        } for action in actions if action.level == level]
        if rows:
            groups.append({"level": level, "label": label, "rows": rows})
    goal_rows = [{
        "goal": goal,
        "can_edit": permissions.may_edit_goal(access, goal),
        "can_progress": permissions.may_progress_goal(access, goal),
    } for goal in goals]
    return render(request, "careplans/plan.html", {
        "access": access, "young_person": young_person, "care_plan": care_plan,
        "goal_rows": goal_rows, "groups": groups,
        "can_add_action": permissions.may_add_action(access),
        "can_add_goal": permissions.may_add_goal(access),
    })


@login_required
@require_GET
def profile(request: HttpRequest, young_person_id: int) -> HttpResponse:
    _actor, access = _access(request, young_person_id, "careplans.profile.read",
                             object_type="risk_profile")
    young_person = access.young_person
    result = build_profile(young_person)
    in_plan = set(PlanAction.objects.filter(young_person=young_person)
                  .exclude(status=Status.CANCELLED).exclude(intervention_id="")
                  .values_list("intervention_id", flat=True))
    level_labels = dict(Level.choices)
    groups = []
    for level, suggestions in suggest(result.profile).items():
        may_add = permissions.may_add_action(access, DEFAULT_OWNER_ROLE[level])
        groups.append({
            "level": level, "label": level_labels[level],
            "cards": [{
                **intervention_card(s.intervention),
                "roots": [text(r.name) for r in s.roots],
                "in_plan": s.intervention.id in in_plan,
                "may_add": may_add,
            } for s in suggestions],
        })
    return render(request, "careplans/profile.html", {
        "access": access, "young_person": young_person, "result": result,
        "roots": root_rows(result.profile),
        "uncovered": [text(r.name) for r in roots_without_suggestion(result.profile)],
        "groups": groups, "any_suggestion": any(g["cards"] for g in groups),
        "severity": SEVERITY_LABELS.get(young_person.severity, young_person.severity),
    })


# -- actions ---------------------------------------------------------------------------------

def _action_form_kwargs(access: Access, is_new: bool) -> dict[str, Any]:
    return {
        "candidates": owner_candidates(access.young_person),
        "owner_roles": permissions.addable_owner_roles(access),
        "goals": list(Goal.objects.filter(young_person=access.young_person)),
        "is_new": is_new,
    }


def _prefill(intervention_id: str, owner_roles: tuple[str, ...]) -> dict[str, Any]:
    """The form values for turning an evidence-base intervention into an action."""
    intervention = next((i for i in load_interventions()
                         if i.id == intervention_id and i.level in SUGGESTION_LEVELS), None)
    if intervention is None:
        return {}
    role = DEFAULT_OWNER_ROLE[intervention.level]
    return {
        "title": text(intervention.name), "level": intervention.level,
        "owner_role": role if role in owner_roles else owner_roles[0],
        "intervention_id": intervention.id,
    }


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, young_person_id: int) -> HttpResponse:
    actor, access = _access(request, young_person_id, "careplans.action.new")
    if not permissions.may_add_action(access):
        raise PermissionDenied
    kwargs = _action_form_kwargs(access, is_new=True)
    chosen = request.GET.get("intervention", "")
    if request.method == "POST":
        form = ActionForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                do_add_action(actor=actor, access=access, **form.action_values())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The action was added to the plan."))
                return HttpResponseRedirect(_plan_url(access))
        chosen = request.POST.get("intervention_id", "")
    else:
        form = ActionForm(initial=_prefill(chosen, kwargs["owner_roles"]), **kwargs)
    card = next((intervention_card(i) for i in load_interventions() if i.id == chosen), None)
    return render(request, "careplans/action_form.html", {
        "access": access, "young_person": access.young_person, "form": form, "is_new": True,
        "card": card,
    })


def _action_in_record(access: Access, pk: int) -> PlanAction:
    action = PlanAction.objects.filter(young_person=access.young_person, pk=pk).first()
    if action is None:
        raise Http404("No such action")
    return action


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, young_person_id: int, pk: int) -> HttpResponse:
    verb = "update" if request.method == "POST" else "read"
    actor, access = _access(request, young_person_id, f"careplans.action.{verb}",
                            object_type="plan_action", object_id=pk)
    action = _action_in_record(access, pk)
    full = permissions.may_edit_action(access, action)
    if not full and not permissions.may_progress_action(access, action):
        raise PermissionDenied
    kwargs = _action_form_kwargs(access, is_new=False) if full else {}
    form_class: type[forms.Form] = EditActionForm if full else ProgressForm
    stale: PlanAction | None = None
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            values = (form.action_values() if isinstance(form, ActionForm)
                      else {"status": form.cleaned_data["status"],
                            "notes": form.cleaned_data["notes"]})
            try:
                do_update_action(actor=actor, access=access, action=action,
                                 version=form.cleaned_data["version"], **values)
            except StaleVersionError as error:
                stale = error.current  # type: ignore[assignment]
                assert stale is not None
                _stale_message(request)
                form = _rebind(form_class, request.POST, stale.version, **kwargs)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The action was saved."))
                return HttpResponseRedirect(_plan_url(access))
    else:
        initial: dict[str, Any] = {
            "title": action.title, "level": action.level, "owner_role": action.owner_role,
            "owner_person": action.owner_person_id, "due": action.due, "status": action.status,
            "notes": action.notes, "intervention_id": action.intervention_id,
            "goal": action.goal_id, "version": action.version,
        }
        form = form_class(initial=initial, **kwargs)
    return render(request, "careplans/action_form.html", {
        "access": access, "young_person": access.young_person, "form": form, "is_new": False,
        "action": action, "stale": stale, "full": full,
    })


@login_required
@require_POST
def action_done(request: HttpRequest, young_person_id: int, pk: int) -> HttpResponse:
    actor, access = _access(request, young_person_id, "careplans.action.update",
                            object_type="plan_action", object_id=pk)
    action = _action_in_record(access, pk)
    if not permissions.may_progress_action(access, action):
        raise PermissionDenied
    form = DoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date; nothing was changed. Try again."))
        return HttpResponseRedirect(_plan_url(access))
    try:
        do_update_action(actor=actor, access=access, action=action,
                         version=form.cleaned_data["version"], status=Status.DONE)
    except StaleVersionError:
        messages.error(request, _("Someone else changed this action just now, so it was not "
                                  "ticked off. Check it and try again."))
    else:
        messages.success(request, _("Ticked off: %(title)s") % {"title": action.title})
    return _next_or(request, _plan_url(access))


# -- goals -----------------------------------------------------------------------------------

def _goal_in_record(access: Access, pk: int) -> Goal:
    goal = Goal.objects.filter(young_person=access.young_person, pk=pk).first()
    if goal is None:
        raise Http404("No such goal")
    return goal


@login_required
@require_http_methods(["GET", "POST"])
def goal_add(request: HttpRequest, young_person_id: int) -> HttpResponse:
    actor, access = _access(request, young_person_id, "careplans.goal.new")
    if not permissions.may_add_goal(access):
        raise PermissionDenied
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_add_goal(actor=actor, access=access, title=form.cleaned_data["title"],
                        due=form.cleaned_data.get("due"), notes=form.cleaned_data["notes"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The goal was added to the plan."))
            return HttpResponseRedirect(_plan_url(access))
    return render(request, "careplans/goal_form.html", {
        "access": access, "young_person": access.young_person, "form": form, "is_new": True,
    })


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, young_person_id: int, pk: int) -> HttpResponse:
    verb = "update" if request.method == "POST" else "read"
    actor, access = _access(request, young_person_id, f"careplans.goal.{verb}",
                            object_type="plan_goal", object_id=pk)
    goal = _goal_in_record(access, pk)
    full = permissions.may_edit_goal(access, goal)
    if not full and not permissions.may_progress_goal(access, goal):
        raise PermissionDenied
    form_class: type[forms.Form] = EditGoalForm if full else GoalProgressForm
    stale: Goal | None = None
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in ("title", "due", "status", "notes")
                      if name in form.cleaned_data}
            try:
                do_update_goal(actor=actor, access=access, goal=goal,
                               version=form.cleaned_data["version"], **values)
            except StaleVersionError as error:
                stale = error.current  # type: ignore[assignment]
                assert stale is not None
                _stale_message(request)
                form = _rebind(form_class, request.POST, stale.version)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The goal was saved."))
                return HttpResponseRedirect(_plan_url(access))
    else:
        form = form_class(initial={"title": goal.title, "due": goal.due, "status": goal.status,
                                   "notes": goal.notes, "version": goal.version})
    return render(request, "careplans/goal_form.html", {
        "access": access, "young_person": access.young_person, "form": form, "is_new": False,
        "goal": goal, "stale": stale,
    })


@login_required
@require_POST
def goal_done(request: HttpRequest, young_person_id: int, pk: int) -> HttpResponse:
    actor, access = _access(request, young_person_id, "careplans.goal.update",
                            object_type="plan_goal", object_id=pk)
    goal = _goal_in_record(access, pk)
    if not permissions.may_progress_goal(access, goal):
        raise PermissionDenied
    form = DoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date; nothing was changed. Try again."))
        return HttpResponseRedirect(_plan_url(access))
    try:
        do_update_goal(actor=actor, access=access, goal=goal,
                       version=form.cleaned_data["version"], status=Status.DONE)
    except StaleVersionError:
        messages.error(request, _("Someone else changed this goal just now, so it was not "
                                  "ticked off. Check it and try again."))
    else:
        messages.success(request, _("Well done! Ticked off: %(title)s") % {"title": goal.title})
    return _next_or(request, _plan_url(access))
