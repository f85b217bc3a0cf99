"""Forms of the privacy page: request erasure, decide on a destruction request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samen.web.privacy.actions import DECLINE_REASONS, NOTE_MIN_LENGTH
from samen.web.privacy.models import DecisionReason, ErasureRequest, RequestKind


class ErasureRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you ask?"), choices=RequestKind.choices,
                             widget=forms.RadioSelect)


class DecisionForm(forms.Form):
    request = forms.ModelChoiceField(queryset=ErasureRequest.objects.none(),
                                     widget=forms.HiddenInput)
    verdict = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("confirm", _("Destroy the file: no significant interest of someone else and no law "
                      "prevents it")),
        ("decline", _("Keep the file")),
    ])
    reason = forms.ChoiceField(
        label=_("Why the file is kept"), required=False,
        choices=[("", "---"), *((r.value, r.label) for r in DECLINE_REASONS)])
    note = forms.CharField(
        label=_("Explanation (when the file is kept)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text=_("Needed when the file is kept; shown to the person who asked."))

    def __init__(self, *args: Any, pending: QuerySet[ErasureRequest], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = pending  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("verdict") == "decline":
            if not data.get("reason"):
                self.add_error("reason", _("Say why the file is kept."))
            if len((data.get("note") or "").strip()) < NOTE_MIN_LENGTH:
                self.add_error("note", _("Explain in at least %(n)d characters.")
                               % {"n": NOTE_MIN_LENGTH})
        return data

    @property
    def decline_reason(self) -> DecisionReason | None:
        value = self.cleaned_data.get("reason")
        return DecisionReason(value) if value else None
