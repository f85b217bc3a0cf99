"""Forms of the youth app: start a team, add a team member. Validation names the field."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.web.accounts.models import Membership, User
from samen.web.youth.actions import may_be_linked
from samen.web.youth.models import EMERGENCY_REASON_MIN_LENGTH, Sex, YoungPerson

MAX_AGE_AT_START = 27
"""Assumption (not from samen.evidence): Samen follows young people up to 27, the upper age of
Dutch youth policy (*jongeren tot 27*); an older birth month is taken as a typing error."""


class MembershipChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        membership: Membership = obj
        return f"{membership.user} — {membership.get_role_display()} — {membership.organisation}"


class StartTeamForm(forms.Form):
    membership = MembershipChoiceField(
        label=_("Start the team as"), queryset=Membership.objects.none(), empty_label=None
    )
    birth_month = forms.DateField(
        label=_("Birth month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("Year and month only, for example 2011-04."),
        error_messages={"invalid": _("Enter the birth month as year-month, for example 2011-04.")},
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    district = forms.CharField(label=_("District"), max_length=80)
    young_person_username = forms.CharField(
        label=_("Young person's account (username, optional)"), max_length=150, required=False,
        help_text=_("Link it so the young person can give consent from 12."),
    )
    parent_username = forms.CharField(
        label=_("Parent's account (username, optional)"), max_length=150, required=False,
        help_text=_("A parent with parental authority, who gives consent until 16."),
    )

    def __init__(self, *args: Any, memberships: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        assert isinstance(field, MembershipChoiceField)
        field.queryset = memberships
        if memberships.count() == 1:
            field.initial = memberships.first()

    def clean_birth_month(self) -> date:
        born: date = self.cleaned_data["birth_month"].replace(day=1)
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(_("The birth month cannot be in the future."))
        if (today.year - born.year) * 12 + today.month - born.month > MAX_AGE_AT_START * 12:
            raise forms.ValidationError(
                _("Samen follows young people up to %(age)d; check the birth month."),
                params={"age": MAX_AGE_AT_START},
            )
        return born

    def clean_district(self) -> str:
        district: str = self.cleaned_data["district"].strip()
        if not district:
            raise forms.ValidationError(_("Enter the district."))
        return district

    def _account(self, field: str) -> User | None:
        username = self.cleaned_data[field].strip()
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("There is no active account with this username."))
        return user

    def clean_young_person_username(self) -> User | None:
        user = self._account("young_person_username")
        if user is not None and YoungPerson.objects.filter(account=user).exists():
            raise forms.ValidationError(_("This account is already linked to a record."))
        return user

    def clean_parent_username(self) -> User | None:
        return self._account("parent_username")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        starter = cleaned.get("membership")
        for field in ("young_person_username", "parent_username"):
            user = cleaned.get(field)
            if user is not None and starter is not None and not may_be_linked(user, starter):
                self.add_error(field, _(
                    "This is your own account or a professional's; only the young person's or "
                    "a parent's own account can be linked."
                ))
        parent = cleaned.get("parent_username")
        if parent is not None and parent == cleaned.get("young_person_username"):
            self.add_error(
                "parent_username",
                _("The parent's account cannot be the young person's own account."),
            )
        return cleaned


class AddTeamMemberForm(forms.Form):
    membership = MembershipChoiceField(
        label=_("Professional"), queryset=Membership.objects.none(),
        empty_label=_("Choose a professional"),
        error_messages={"invalid_choice": _("Choose a professional from the list.")},
    )

    def __init__(self, *args: Any, candidates: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        assert isinstance(field, MembershipChoiceField)
        field.queryset = candidates


class EmergencyAccessForm(forms.Form):
    """Break the glass: the record by its exact pseudonym, and why (sent by POST, never in a URL)."""

    pseudonym = forms.CharField(label=_("Pseudonym of the record"), max_length=24)
    reason = forms.CharField(
        label=_("Reason"), min_length=EMERGENCY_REASON_MIN_LENGTH, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why you need this record now, outside the care team. The care team and the "
                    "auditors of your organisation read this."),
    )
