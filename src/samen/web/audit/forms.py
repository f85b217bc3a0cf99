"""Forms of the audit pages: the period of the access log, and an auditor's export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samen.web.accounts.models import Membership
from samen.web.audit.export import FORMATS

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    """From and to (both days included); either may be left empty."""

    since = forms.DateField(label=_("From"), required=False, widget=_DATE)
    until = forms.DateField(label=_("To"), required=False, widget=_DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start of the period is after its end."))
        return data


class MembershipChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.organisation)


class ExportForm(PeriodForm):
    organisation = MembershipChoiceField(label=_("Organisation"),
                                         queryset=Membership.objects.none(), empty_label=None)
    format = forms.ChoiceField(label=_("Format"), choices=[(f, f.upper()) for f in FORMATS])

    field_order = ["organisation", "since", "until", "format"]

    def __init__(self, *args: Any, admins: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = admins  # type: ignore[attr-defined]
