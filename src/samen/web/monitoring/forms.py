"""The week form and the absence upload form; both check at the edge with the shared checks."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.web.monitoring.checks import NOTE_MAX_LENGTH, WeekValues, monday_of, week_problems

DAYS_ERRORS = {key: _("Enter a whole number of days from 0 to 7.")
               for key in ("invalid", "min_value", "max_value")}
YES_NO_UNKNOWN = [("yes", _("Yes")), ("no", _("No")), ("unknown", _("Don't know"))]
_AS_BOOL = {"yes": True, "no": False, "unknown": None}


def _as_choice(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


OWN_LABELS = {
    "days_out": _("On how many days did you go out of the house?"),
    "room_bound": _("Did you stay in your own room most of the time?"),
    "participation_days": _("On how many days did you go to school or work?"),
    "impairment": _("Did staying in get in the way of your daily life, or make you feel bad?"),
}


class WeekForm(forms.Form):
    week_start = forms.DateField(
        label=_("Week"),
        help_text=_("Any day of the week; the week starts on its Monday. Not a future week."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    days_out = forms.IntegerField(
        label=_("On how many days did they go out of the house?"), min_value=0, max_value=7,
        required=False, help_text=_("0 to 7. Leave empty if you do not know."),
        error_messages=DAYS_ERRORS,
    )
    room_bound = forms.ChoiceField(
        label=_("Did they stay in their own room most of the time?"), choices=YES_NO_UNKNOWN,
        widget=forms.RadioSelect, initial="unknown",
    )
    participation_days = forms.IntegerField(
        label=_("On how many days did they go to school or work?"), min_value=0, max_value=7,
        required=False, help_text=_("0 to 7. Leave empty if you do not know."),
        error_messages=DAYS_ERRORS,
    )
    impairment = forms.ChoiceField(
        label=_("Did staying in get in the way of daily life, or cause distress?"),
        choices=YES_NO_UNKNOWN, widget=forms.RadioSelect, initial="unknown",
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, birth_month: date | None = None, own: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.birth_month = birth_month
        self.fields["week_start"].initial = monday_of(timezone.localdate())
        if own:  # the young person answers about themself
            for name, label in OWN_LABELS.items():
                self.fields[name].label = label

    def clean_week_start(self) -> date:
        day: date = self.cleaned_data["week_start"]
        return monday_of(day)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        values = self.values()
        for field, message in week_problems(values, birth_month=self.birth_month):
            self.add_error(None if field == "__all__" else field, message)
        return cleaned

    def values(self) -> WeekValues:
        data = self.cleaned_data
        return WeekValues(
            week_start=data["week_start"], days_out=data.get("days_out"),
            room_bound=_AS_BOOL[data.get("room_bound") or "unknown"],
            participation_days=data.get("participation_days"),
            impairment=_AS_BOOL[data.get("impairment") or "unknown"],
            note=data.get("note") or "",
        )

    @staticmethod
    def initial_from(values: WeekValues) -> dict[str, object]:
        return {
            "week_start": values.week_start, "days_out": values.days_out,
            "room_bound": _as_choice(values.room_bound),
            "participation_days": values.participation_days,
            "impairment": _as_choice(values.impairment), "note": values.note,
        }


class AbsenceFileForm(forms.Form):
    file = forms.FileField(
        label=_("Absence file (CSV)"),
        help_text=_("UTF-8 CSV with a header line; at most 2 MB and 20.000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
