"""Forms for goals and actions. They validate at the edge with messages naming the field; the
actions validate again (the API and imports do not pass through these forms)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.evidence import load_interventions
from samen.web.accounts.models import User
from samen.web.accounts.roles import Role
from samen.web.careplans.models import (
    OWNER_ROLE_CHOICES,
    Goal,
    Level,
    Status,
)
from samen.web.careplans.owners import Candidate
from samen.web.careplans.profile import SUGGESTION_LEVELS, text

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_NOTES_HELP = _("Everyone who can open the plan reads the notes, the young person and the "
                "parents included.")


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def intervention_choices() -> list[tuple[str, str]]:
    choices = [("", str(_("None")))]
    choices += [(i.id, text(i.name)) for i in load_interventions() if i.level in SUGGESTION_LEVELS]
    return choices


class ActionForm(forms.Form):
    """Every field of an action (for those who may edit it)."""

    title = forms.CharField(label=_("Action"), max_length=200)
    level = forms.ChoiceField(label=_("For which stakeholder"), choices=Level.choices)
    owner_role = forms.ChoiceField(label=_("Owner role"), choices=OWNER_ROLE_CHOICES)
    owner_person = forms.TypedChoiceField(
        label=_("Owner"), required=False, coerce=int, empty_value=None,
        help_text=_("Leave empty to give the action to everyone in the owner role."),
    )
    due = forms.DateField(label=_("Due date"), required=False, widget=_DATE)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.OPEN)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}), help_text=_NOTES_HELP)
    intervention_id = forms.ChoiceField(label=_("Intervention from the evidence base"),
                                        required=False)
    goal = forms.TypedChoiceField(label=_("Goal it serves"), required=False, coerce=int,
                                  empty_value=None)

    def __init__(self, *args: Any, candidates: list[Candidate], owner_roles: tuple[str, ...],
                 goals: list[Goal], is_new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {c.user.pk: c for c in candidates}
        self.goals = {g.pk: g for g in goals}
        self.is_new = is_new
        role_labels = dict(OWNER_ROLE_CHOICES)
        self.fields["owner_role"].choices = [(r, role_labels[r]) for r in owner_roles]  # type: ignore[attr-defined]
        self.fields["owner_person"].choices = [("", _("Everyone in the owner role"))] + [  # type: ignore[attr-defined]
            (c.user.pk, f"{c.user} ({Role(c.role).label})") for c in candidates
        ]
        self.fields["goal"].choices = [("", _("None"))] + [(g.pk, g.title) for g in goals]  # type: ignore[attr-defined]
        self.fields["intervention_id"].choices = intervention_choices()  # type: ignore[attr-defined]
        if is_new:
            self.fields["status"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in Status.choices if value != Status.CANCELLED
            ]

    def clean_due(self) -> Any:
        due = self.cleaned_data.get("due")
        if self.is_new and due is not None and due < timezone.localdate():
            raise forms.ValidationError(_("A new action cannot be due in the past."))
        return due

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person_id = data.get("owner_person")
        role = data.get("owner_role")
        if person_id is not None and role:
            candidate = self.candidates.get(person_id)
            if candidate is None or candidate.role != role:
                self.add_error("owner_person", _(
                    "This person is not in the owner role chosen. Choose someone in that role, "
                    "or leave the owner empty."))
        return data

    def action_values(self) -> dict[str, Any]:
        """The cleaned values, ready for ``do_add_action`` / ``do_update_action``."""
        data = self.cleaned_data
        person_id = data.get("owner_person")
        goal_id = data.get("goal")
        owner: User | None = self.candidates[person_id].user if person_id is not None else None
        return {
            "title": data["title"], "level": data["level"], "owner_role": data["owner_role"],
            "owner_person": owner, "due": data.get("due"), "status": data["status"],
            "notes": data.get("notes", ""), "intervention_id": data.get("intervention_id", ""),
            "goal": self.goals.get(goal_id) if goal_id is not None else None,
        }


class EditActionForm(ActionForm, VersionedForm):
    pass


class ProgressForm(VersionedForm):
    """What an action's owner changes: the status and the notes."""

    status = forms.ChoiceField(label=_("Status"), choices=[
        (value, label) for value, label in Status.choices if value != Status.CANCELLED
    ])
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}), help_text=_NOTES_HELP)


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)
    due = forms.DateField(label=_("Target date"), required=False, widget=_DATE)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}), help_text=_NOTES_HELP)


class EditGoalForm(GoalForm, VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)


class GoalProgressForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=[
        (value, label) for value, label in Status.choices if value != Status.CANCELLED
    ])


class DoneForm(VersionedForm):
    """The one-click tick: only the version the button was rendered with."""
