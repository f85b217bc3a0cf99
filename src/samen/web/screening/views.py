"""Views of the screening app: history, assigning, filling in, paper entry, chart, detail.

Every view reaches the record through :func:`get_young_person_for_user` (404 for missing and
not-yours, audited), and objects inside the record are looked up filtered by it. Who sees what:

* care professionals on the team see every assignment and response of the record; only the
  clinician sees item answers and item alerts (clinical content), the school coordinator and the
  youth worker see totals, bands and the explanation;
* the young person and parents see only what they answer themselves (their assignments and
  their own responses, with their answers);
* policy officers and organisation admins never get here (the access helper answers 404).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from samen.instruments import Instrument
from samen.instruments.errors import AnswerError
from samen.web.accounts.models import User
from samen.web.accounts.roles import CARE_ROLES, Role
from samen.web.audit.log import Actor
from samen.web.screening.actions import (
    ScreeningInputError,
    do_assign_questionnaire,
    do_submit_response,
)
from samen.web.screening.charts import Point, build_spec, render_svg
from samen.web.screening.forms import AssignForm, PaperResponseForm, ResponseForm, refusal_message
from samen.web.screening.models import (
    AssignmentStatus,
    QuestionnaireAssignment,
    QuestionnaireResponse,
    Respondent,
)
from samen.web.screening.scores import (
    all_instruments,
    can_fill_online,
    find_instrument,
    language,
    rescore,
    shades,
    text,
)
from samen.web.youth.access import Access, get_young_person_for_user, require_role

# -- what a role may see ------------------------------------------------------------------------


def visible_responses(access: Access) -> QuerySet[QuestionnaireResponse]:
    """The responses ``access`` may see: all for the care team, else the user's own answers."""
    found = QuestionnaireResponse.objects.filter(young_person=access.young_person)
    if access.role in CARE_ROLES:
        return found
    return found.filter(respondent_user=access.user)


def visible_assignments(access: Access) -> QuerySet[QuestionnaireAssignment]:
    found = QuestionnaireAssignment.objects.filter(young_person=access.young_person)
    if access.role in CARE_ROLES:
        return found
    return found.filter(respondent_user=access.user)


def sees_items(access: Access) -> bool:
    """Item answers are clinical content: the clinician, and the respondents themselves (who only
    ever reach their own responses), see them; the school and youth work see totals and bands."""
    return access.role in {Role.CLINICIAN, Role.YOUNG_PERSON, Role.PARENT}


def band_label(instrument: Instrument | None, key: str) -> str:
    """The stored band key in words (the instrument's band, or a side of its cut-off)."""
    if instrument is not None:
        for band in instrument.bands:
            if band.key == key:
                return text(band.label)
    return {"screen_positive": gettext("Screen positive"),
            "screen_negative": gettext("Screen negative")}.get(key, key)


def number(value: float | None) -> str:
    """A score as people write it: 12, 2.5 (no trailing .0)."""
    return "–" if value is None else f"{value:g}"


@dataclass(frozen=True)
class ResponseRow:
    response: QuestionnaireResponse
    instrument: Instrument | None
    name: str
    total: str
    band: str
    above_cutoff: bool | None


@dataclass(frozen=True)
class AssignmentRow:
    assignment: QuestionnaireAssignment
    name: str
    overdue: bool


def _assignment_row(assignment: QuestionnaireAssignment) -> AssignmentRow:
    instrument = find_instrument(assignment.instrument_id)
    overdue = (assignment.status == AssignmentStatus.OPEN and assignment.due is not None
               and assignment.due < timezone.localdate())
    return AssignmentRow(assignment, instrument.short_name if instrument else
                         assignment.instrument_id, overdue)


def _row(response: QuestionnaireResponse) -> ResponseRow:
    instrument = find_instrument(response.instrument_id)
    return ResponseRow(
        response=response, instrument=instrument,
        name=instrument.short_name if instrument else response.instrument_id,
        total=number(response.total), band=band_label(instrument, response.band),
        above_cutoff=response.above_cutoff,
    )


def _access(request: HttpRequest, young_person_id: int, event: str, object_type: str = "",
            object_id: object = "") -> Access:
    return get_young_person_for_user(
        Actor.from_request(request), young_person_id, event=event, object_type=object_type,
        object_id=object_id,
    )


# -- history ------------------------------------------------------------------------------------


@login_required
@require_GET
def history(request: HttpRequest, young_person_id: int) -> HttpResponse:
    access = _access(request, young_person_id, "screening.history.read",
                     object_type="screening_history")
    assignments = list(visible_assignments(access).select_related("respondent_user"))
    rows = [_row(r) for r in visible_responses(access).order_by("-authored_at", "-pk")]
    charts = []
    for instrument_id in sorted({row.response.instrument_id for row in rows}):
        instrument = find_instrument(instrument_id)
        if instrument is None or instrument.total_range is None:
            continue
        series = [row for row in reversed(rows) if row.response.instrument_id == instrument_id
                  and row.response.total is not None]
        if not series:
            continue
        charts.append({
            "instrument": instrument,
            "measures": text(instrument.measures),
            "rows": series,
            "url": reverse("screening:chart", args=[access.young_person.pk, instrument.id]),
            "alt": gettext(
                "Chart of the %(name)s scores over time, with the bands shaded and the cut-off "
                "as a dashed line; the same scores are in the table below."
            ) % {"name": instrument.short_name},
        })
    return render(request, "screening/history.html", {
        "access": access, "young_person": access.young_person,
        "waiting": [_assignment_row(a) for a in assignments if a.status == AssignmentStatus.OPEN],
        "done": [_assignment_row(a) for a in assignments if a.status == AssignmentStatus.DONE],
        "rows": rows, "charts": charts,
        "is_professional": access.role in CARE_ROLES,
        "instruments": [(i, can_fill_online(i)) for i in all_instruments()],
    })


# -- assign -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, young_person_id: int) -> HttpResponse:
    access = _access(request, young_person_id, "screening.assign.read",
                     object_type="questionnaire_assignment")
    require_role(access, CARE_ROLES)
    instruments = all_instruments()
    form = AssignForm(request.POST or None, access=access, instruments=instruments)
    if request.method == "POST" and form.is_valid():
        assert form.respondent_user is not None
        try:
            do_assign_questionnaire(
                actor=Actor.from_request(request), access=access,
                instrument_id=form.cleaned_data["instrument"],
                respondent=form.cleaned_data["respondent"],
                respondent_user=form.respondent_user, due=form.cleaned_data.get("due"),
            )
        except ScreeningInputError as error:
            form.add_error(error.field if error.field in form.fields else None,
                           refusal_message(error, find_instrument(form.cleaned_data["instrument"])))
        else:
            messages.success(request, gettext("The questionnaire was assigned."))
            return redirect("screening:history", young_person_id=access.young_person.pk)
    return render(request, "screening/assign.html", {
        "access": access, "young_person": access.young_person, "form": form,
        "instruments": instruments,
        "licence_notes": [(i, text(i.licence.note)) for i in instruments
                          if not can_fill_online(i)],
    }, status=400 if form.is_bound and form.errors else 200)


# -- fill in ------------------------------------------------------------------------------------


def _instrument_context(instrument: Instrument) -> dict[str, Any]:
    return {
        "instrument": instrument, "measures": text(instrument.measures),
        "description": text(instrument.description), "time_frame": text(instrument.time_frame),
        "limits": text(instrument.limits), "licence_note": text(instrument.licence.note),
        "can_fill_online": can_fill_online(instrument),
    }


def _submit(request: HttpRequest, access: Access, form: ResponseForm, instrument: Instrument,
            **fields: Any) -> QuestionnaireResponse | None:
    """Run the action for a valid form; map a refusal back onto the form."""
    user = access.user
    try:
        response, _created = do_submit_response(
            actor=Actor.from_request(request), access=access, instrument_id=instrument.id,
            answers=form.answers, author=user,
            idempotency_key=form.cleaned_data["idempotency_key"], **fields,
        )
    except ScreeningInputError as error:
        form.add_error(None, refusal_message(error, instrument))
        return None
    except AnswerError as error:  # the form checked these already; kept for safety
        form.add_error(None, str(error))
        return None
    return response


@login_required
@require_http_methods(["GET", "POST"])
def fill(request: HttpRequest, young_person_id: int, assignment_id: int) -> HttpResponse:
    access = _access(request, young_person_id, "screening.fill.read",
                     object_type="questionnaire_assignment", object_id=assignment_id)
    assignment = QuestionnaireAssignment.objects.filter(
        young_person=access.young_person, pk=assignment_id
    ).exclude(status=AssignmentStatus.CANCELLED).first()
    if assignment is None:
        raise Http404("No such questionnaire")
    if assignment.respondent_user_id != access.user.pk:
        raise PermissionDenied("Only the assigned respondent fills this in")
    instrument = find_instrument(assignment.instrument_id)
    if instrument is None:
        raise Http404("Unknown instrument")
    if assignment.status == AssignmentStatus.DONE:
        done = QuestionnaireResponse.objects.filter(assignment=assignment).first()
        messages.info(request, gettext("You already filled in this questionnaire."))
        if done is not None:
            return redirect("screening:response", young_person_id=access.young_person.pk,
                            response_id=done.pk)
        return redirect("screening:history", young_person_id=access.young_person.pk)
    context = {"access": access, "young_person": access.young_person, "assignment": assignment,
               "proxy": assignment.respondent not in instrument.respondents,
               **_instrument_context(instrument)}
    if not can_fill_online(instrument):
        return render(request, "screening/fill.html", context)
    form = ResponseForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        response = _submit(request, access, form, instrument, respondent=assignment.respondent,
                           channel="web", assignment=assignment)
        if response is not None:
            messages.success(request, gettext("Thank you: your answers were saved."))
            return redirect("screening:response", young_person_id=access.young_person.pk,
                            response_id=response.pk)
    return render(request, "screening/fill.html", {**context, "form": form},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def enter(request: HttpRequest, young_person_id: int, instrument_id: str) -> HttpResponse:
    access = _access(request, young_person_id, "screening.enter.read",
                     object_type="instrument", object_id=instrument_id)
    require_role(access, CARE_ROLES)
    instrument = find_instrument(instrument_id)
    if instrument is None:
        raise Http404("Unknown instrument")
    form = PaperResponseForm(request.POST or None, instrument=instrument, access=access)
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["authored"]
        authored_at = (timezone.now() if day == timezone.localdate()
                       else timezone.make_aware(datetime.combine(day, time(12))))
        response = _submit(
            request, access, form, instrument, respondent=form.cleaned_data["respondent"],
            channel="paper", assignment=form.chosen_assignment,
            respondent_user=form.respondent_user, authored_at=authored_at,
        )
        if response is not None:
            messages.success(request, gettext("The paper response was saved."))
            return redirect("screening:response", young_person_id=access.young_person.pk,
                            response_id=response.pk)
    return render(request, "screening/enter.html", {
        "access": access, "young_person": access.young_person, "form": form,
        **_instrument_context(instrument),
    }, status=400 if form.is_bound and form.errors else 200)


# -- results ------------------------------------------------------------------------------------


@login_required
@require_GET
def chart(request: HttpRequest, young_person_id: int, instrument_id: str) -> HttpResponse:
    access = _access(request, young_person_id, "screening.chart.read",
                     object_type="score_chart", object_id=instrument_id)
    instrument = find_instrument(instrument_id)
    if instrument is None or instrument.total_range is None:
        raise Http404("No chart for this instrument")
    points = [
        Point(timezone.localdate(r.authored_at), r.total)
        for r in visible_responses(access).filter(
            instrument_id=instrument.id, total__isnull=False).order_by("authored_at", "pk")
        if r.total is not None
    ]
    svg = render_svg(build_spec(instrument, points, shades(instrument)))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Language"] = language()
    return response


@login_required
@require_GET
def response_detail(request: HttpRequest, young_person_id: int, response_id: int) -> HttpResponse:
    access = _access(request, young_person_id, "screening.response.read",
                     object_type="questionnaire_response", object_id=response_id)
    response = visible_responses(access).filter(pk=response_id).select_related(
        "author", "respondent_user").first()
    if response is None:
        raise Http404("No such response")
    instrument = find_instrument(response.instrument_id)
    if instrument is None:
        raise Http404("Unknown instrument")
    current = rescore(response)
    notes = [text(w.message) for w in current.warnings]
    if response.respondent not in instrument.respondents:
        notes.append(gettext(
            "%(name)s was validated for answers by %(validated)s; these answers are by "
            "someone else (%(respondent)s), so the band and the cut-off are only indicative."
        ) % {"name": instrument.short_name,
             "validated": ", ".join(str(Respondent(r).label).lower()
                                    for r in instrument.respondents),
             "respondent": str(response.get_respondent_display()).lower()})
    age = access.young_person.age_on(timezone.localdate(response.authored_at))
    if ((instrument.age_min is not None and age < instrument.age_min)
            or (instrument.age_max is not None and age > instrument.age_max)):
        notes.append(gettext(
            "%(name)s was validated for ages %(low)s–%(high)s; the young person was %(age)s."
        ) % {"name": instrument.short_name, "age": age,
             "low": instrument.age_min if instrument.age_min is not None else "",
             "high": instrument.age_max if instrument.age_max is not None else ""})
    if (response.instrument_version, response.scoring_version) != (
            current.instrument_version, current.scoring_version):
        notes.append(gettext(
            "Stored with version %(stored)s; the explanation uses the current version "
            "%(current)s."
        ) % {"stored": f"{response.instrument_version}/{response.scoring_version}",
             "current": f"{current.instrument_version}/{current.scoring_version}"})
    items = []
    if sees_items(access):
        for item in instrument.items:
            value = response.answers.get(item.id)
            option = (instrument.options_for(item).option(int(value))
                      if value is not None else None)
            items.append({"number": item.number, "text": text(item.text),
                          "answer": text(option.label) if option else gettext("not answered"),
                          "value": value})
    cutoff = instrument.cutoff(response.cutoff_id) if response.cutoff_id else None
    subscales = []
    for sid, value in (response.subscales or {}).items():
        definition = instrument.subscale(sid)
        subscales.append({"name": text(definition.name) if definition else sid,
                          "value": number(value)})
    alerts = [text(a.message) for a in current.alerts] if access.role == Role.CLINICIAN else []
    return render(request, "screening/response.html", {
        "access": access, "young_person": access.young_person, "response": response,
        "row": _row(response), "instrument": instrument,
        "interpretation": text(current.interpretation),
        "instrument_limits": text(instrument.limits),
        "cutoff_label": text(cutoff.label) if cutoff else "",
        "cutoff_source": cutoff.source.short() if cutoff else "",
        "cutoff_threshold": number(response.cutoff_threshold),
        "total_range": (f"{number(instrument.total_range[0])}–{number(instrument.total_range[1])}"
                        if instrument.total_range else ""),
        "notes": notes, "items": items, "show_items": sees_items(access),
        "subscales": subscales, "alerts": alerts,
        "is_professional": access.role in CARE_ROLES,
        "respondent_name": _person(response.respondent_user),
        "author_name": _person(response.author),
    })


def _person(user: User | None) -> str:
    return str(user) if user is not None else ""
