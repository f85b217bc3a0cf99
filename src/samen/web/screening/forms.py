"""Forms of the screening app, generated from the instrument definitions.

Validation happens here, at the edge, with messages that name the question; the action
(:func:`samen.web.screening.actions.do_submit_response`) checks the same rules again through
``samen.instruments.score`` for callers that are not forms.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from samen.instruments import Instrument, score
from samen.instruments.errors import AnswerError, MissingAnswerError
from samen.instruments.model import Item
from samen.web.accounts.models import User
from samen.web.screening.actions import ScreeningInputError, respondent_user_for
from samen.web.screening.models import AssignmentStatus, QuestionnaireAssignment, Respondent
from samen.web.screening.scores import can_fill_online, text
from samen.web.youth.access import Access, get_access

_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_idempotency_key() -> str:
    """A fresh key for one rendering of a form (32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


def refusal_message(error: ScreeningInputError, instrument: Instrument | None = None) -> str:
    """The user's-language message for a refused write (the action's messages are English)."""
    name = instrument.short_name if instrument is not None else ""
    messages = {
        "no_account": gettext(
            "The young person has no account of their own, so cannot fill in a questionnaire "
            "here. Enter their paper form instead."
        ),
        "guardian_required": gettext("Choose which parent fills it in."),
        "guardian_without_access": gettext(
            "This parent cannot open the record, so cannot fill in a questionnaire for it."
        ),
        "wording_not_included": gettext(
            "%(name)s cannot be filled in on screen: its licensed wording is not included in "
            "Samen. Use the licensed paper form and enter the answers with “Enter a paper "
            "response”."
        ) % {"name": name},
        "due_in_past": gettext("The due date lies in the past."),
        "authored_in_future": gettext("The date lies in the future."),
        "assignment_closed": gettext("This questionnaire was already filled in or cancelled."),
        "assignment_instrument": gettext("That questionnaire is for another instrument."),
        "idempotency_conflict": gettext("This form was already used. Please fill it in again."),
    }
    return messages.get(error.code, gettext("This could not be saved: %(reason)s")
                        % {"reason": str(error)})


def instrument_label(instrument: Instrument) -> str:
    """How an instrument is offered in a list: name, what it measures, ages, licence mark."""
    label = f"{instrument.short_name} – {text(instrument.measures)}"
    low, high = instrument.age_min, instrument.age_max
    if low is not None and high is not None:
        label += " (" + gettext("ages %(low)s–%(high)s") % {"low": low, "high": high} + ")"
    elif low is not None:
        label += " (" + gettext("ages %(low)s and up") % {"low": low} + ")"
    elif high is not None:
        label += " (" + gettext("ages up to %(high)s") % {"high": high} + ")"
    if not can_fill_online(instrument):
        label += " – " + gettext("licensed wording not included: paper only")
    return label


def _guardian_choices(access: Access) -> list[tuple[str, str]]:
    choices = [("", pgettext("no choice", "—"))]
    guardianships = access.young_person.guardianships.filter(has_authority=True).select_related(
        "user"
    ).order_by("user__username")
    for guardianship in guardianships:
        reach = get_access(guardianship.user, access.young_person)
        if reach is not None and reach.role == "parent":
            choices.append((str(guardianship.user.pk), str(guardianship.user)))
    return choices


class RespondentFields(forms.Form):
    """Who answers: the young person, one of the parents, or the professional."""

    respondent = forms.ChoiceField(
        label=_("Who fills it in?"), choices=Respondent.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose who fills it in.")},
    )
    guardian = forms.ChoiceField(label=_("Which parent"), required=False,
                                 help_text=_("Only when a parent fills it in."))

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access
        self._choices("guardian", _guardian_choices(access))
        self.respondent_user: User | None = None

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def resolve_respondent(self) -> None:
        respondent = self.cleaned_data.get("respondent")
        if not respondent:
            return
        guardian_id = self.cleaned_data.get("guardian")
        guardian = User.objects.filter(pk=int(guardian_id)).first() if guardian_id else None
        try:
            self.respondent_user = respondent_user_for(self.access, respondent, guardian)
        except ScreeningInputError as error:
            self.add_error(error.field if error.field in self.fields else None,
                           refusal_message(error))


class AssignForm(RespondentFields):
    instrument = forms.ChoiceField(label=_("Questionnaire"),
                                   error_messages={"required": _("Choose a questionnaire.")})
    due = forms.DateField(label=_("Due date (optional)"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"invalid": _("Enter the due date as a date.")})

    field_order = ["instrument", "respondent", "guardian", "due"]

    def __init__(self, *args: Any, access: Access, instruments: list[Instrument],
                 **kwargs: Any) -> None:
        super().__init__(*args, access=access, **kwargs)
        self.instruments = {i.id: i for i in instruments}
        self._choices("instrument", [("", pgettext("no choice", "—"))] + [
            (i.id, instrument_label(i)) for i in instruments
        ])
        self.fields["instrument"].error_messages["invalid_choice"] = gettext(
            "Choose one of the listed questionnaires."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        instrument = self.instruments.get(cleaned.get("instrument") or "")
        if instrument is not None and not can_fill_online(instrument):
            self.add_error("instrument", refusal_message(
                ScreeningInputError("wording_not_included", ""), instrument))
        due = cleaned.get("due")
        if due is not None and due < timezone.localdate():
            self.add_error("due", gettext("The due date lies in the past."))
        self.resolve_respondent()
        return cleaned


def item_field_name(item: Item) -> str:
    return f"item_{item.id}"


class ResponseForm(forms.Form):
    """One radio group per item of ``instrument``, plus the hidden idempotency key."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.answers: dict[str, int | None] = {}
        if not self.is_bound:
            self.fields["idempotency_key"].initial = new_idempotency_key()
        required = instrument.scoring.missing.kind == "refuse"
        for item in instrument.items:
            options = instrument.options_for(item).options
            number = item.number
            self.fields[item_field_name(item)] = forms.TypedChoiceField(
                label=f"{number}. {text(item.text)}",
                choices=[(str(o.value), text(o.label)) for o in options],
                coerce=int, empty_value=None, required=required, widget=forms.RadioSelect,
                error_messages={
                    "required": gettext("Question %(number)s has no answer: choose one of the "
                                        "options.") % {"number": number},
                    "invalid_choice": gettext("Question %(number)s: that answer is not one of "
                                              "the options.") % {"number": number},
                },
            )

    def item_fields(self) -> list[forms.BoundField]:
        return [self[item_field_name(item)] for item in self.instrument.items]

    def clean_idempotency_key(self) -> str:
        key = str(self.cleaned_data.get("idempotency_key") or "")
        if not _KEY.match(key):
            raise forms.ValidationError(
                gettext("This form is incomplete or has expired. Please submit it again.")
            )
        return key

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if any(item_field_name(i) in self.errors for i in self.instrument.items):
            return cleaned
        answers = {i.id: cleaned.get(item_field_name(i)) for i in self.instrument.items}
        try:
            score(self.instrument, answers)
        except AnswerError as error:
            item = (self.instrument.item(error.item)
                    if error.item is not None and error.item in self.instrument.item_ids else None)
            field = item_field_name(item) if item is not None else None
            number = item.number if item is not None else None
            if isinstance(error, MissingAnswerError) and number is not None:
                message = gettext(
                    "Question %(number)s has no answer: %(name)s allows at most %(max)s "
                    "unanswered questions."
                ) % {"number": number, "name": self.instrument.short_name,
                     "max": self.instrument.scoring.missing.max_missing_total}
            elif number is not None:
                message = gettext("Question %(number)s: that answer is not one of the "
                                  "options.") % {"number": number}
            else:
                message = gettext("The answers do not fit this questionnaire.")
            self.add_error(field, message)
            return cleaned
        self.answers = answers
        return cleaned


class PaperResponseForm(ResponseForm, RespondentFields):
    """A professional types in a paper form: who answered, when, and which waiting
    questionnaire it completes (if any)."""

    assignment = forms.ChoiceField(
        label=_("Completes a waiting questionnaire (optional)"), required=False,
        help_text=_("If you choose one, the respondent is taken from it."),
    )
    authored = forms.DateField(
        label=_("Date filled in"), widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Enter the date the form was filled in."),
                        "invalid": _("Enter the date the form was filled in as a date.")},
    )

    def __init__(self, *args: Any, instrument: Instrument, access: Access,
                 **kwargs: Any) -> None:
        super().__init__(*args, instrument=instrument, access=access, **kwargs)
        self.fields["respondent"].required = False
        self.open_assignments = {
            str(a.pk): a for a in QuestionnaireAssignment.objects.filter(
                young_person=access.young_person, instrument_id=instrument.id,
                status=AssignmentStatus.OPEN,
            ).select_related("respondent_user")
        }
        self._choices("assignment", [("", pgettext("no choice", "—"))] + [
            (pk, gettext("%(respondent)s (%(user)s), assigned %(date)s") % {
                "respondent": a.get_respondent_display(), "user": a.respondent_user or "–",
                "date": timezone.localdate(a.assigned_at).isoformat(),
            }) for pk, a in self.open_assignments.items()
        ])
        if not self.is_bound:
            self.fields["authored"].initial = timezone.localdate()
        self.chosen_assignment: QuestionnaireAssignment | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        authored = cleaned.get("authored")
        if authored is not None and authored > timezone.localdate():
            self.add_error("authored", gettext("The date lies in the future."))
        chosen = self.open_assignments.get(cleaned.get("assignment") or "")
        if chosen is not None:
            self.chosen_assignment = chosen
            self.respondent_user = chosen.respondent_user
            cleaned["respondent"] = chosen.respondent
        elif not cleaned.get("respondent"):
            self.add_error("respondent", gettext("Choose who fills it in."))
        elif cleaned["respondent"] == Respondent.YOUNG_PERSON:
            # On paper a young person without an account of their own can answer too.
            self.respondent_user = self.access.young_person.account
        elif cleaned["respondent"] == Respondent.PARENT and not cleaned.get("guardian"):
            self.respondent_user = None  # a parent who is not named
        else:
            self.resolve_respondent()
        return cleaned
