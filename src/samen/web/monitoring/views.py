"""Pages of the weekly follow-up: log a week, the timeline (with its chart), the absence import.

Every page reaches a record only through ``youth.access``; writes go through ``actions``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from samen.instruments import WithdrawalAssessment
from samen.text import Language
from samen.web.accounts.models import User
from samen.web.accounts.roles import Role
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction, AuditOutcome
from samen.web.monitoring.absence import (
    MAX_ABSENCE_HOURS_PER_WEEK,
    REPORTING_LINE_HOURS,
    absence_window,
)
from samen.web.monitoring.actions import do_import_absence, do_log_week, reporter_for
from samen.web.monitoring.charts import status_labels, timeline_svg
from samen.web.monitoring.checks import WeekInputError, WeekValues, monday_of
from samen.web.monitoring.episode import assess, merged_weeks
from samen.web.monitoring.forms import AbsenceFileForm, WeekForm
from samen.web.monitoring.importing import (
    EXAMPLE,
    MAX_IMPORT_BYTES,
    check_absence_file,
)
from samen.web.monitoring.models import Reporter, WeekEntry
from samen.web.monitoring.texts import severity_text, stage_badge, stage_text
from samen.web.youth.access import Access, accessible_young_people, get_young_person_for_user
from samen.web.youth.ages import OWN_CONSENT_AGE
from samen.web.youth.models import YoungPerson

MAX_ERRORS_SHOWN = 200


def language() -> Language:
    return "en" if (translation.get_language() or "nl").startswith("en") else "nl"


def note_visible(entry: WeekEntry, access: Access) -> bool:
    """Parents do not see the notes of a young person of 16 or older (their own words)."""
    return not (
        access.role == Role.PARENT and entry.reporter == Reporter.YOUNG_PERSON
        and access.young_person.age_on(timezone.localdate()) >= OWN_CONSENT_AGE
    )


@login_required
@require_http_methods(["GET", "POST"])
def log_week(request: HttpRequest, young_person_id: int) -> HttpResponse:
    actor = Actor.from_request(request)
    access = get_young_person_for_user(actor, young_person_id, event="monitoring.week.open")
    young_person = access.young_person
    reporter = reporter_for(access)
    own = access.role == Role.YOUNG_PERSON
    if request.method == "POST":
        form = WeekForm(request.POST, birth_month=young_person.birth_month, own=own)
        if form.is_valid():
            values = form.values()
            try:
                do_log_week(
                    actor=actor, access=access, week_start=values.week_start,
                    days_out=values.days_out, room_bound=values.room_bound,
                    participation_days=values.participation_days,
                    impairment=values.impairment, note=values.note,
                )
            except WeekInputError as error:
                for field, message in error.problems:
                    form.add_error(None if field == "__all__" else field, message)
            else:
                messages.success(request, _("The week of %(week)s is saved.")
                                 % {"week": values.week_start.strftime("%d-%m-%Y")})
                return redirect("monitoring:timeline", young_person_id=young_person.pk)
    else:
        form = WeekForm(initial=_initial(request, young_person, reporter),
                        birth_month=young_person.birth_month, own=own)
    return render(request, "monitoring/log_week.html", {
        "access": access, "young_person": young_person, "form": form,
        "reporter_label": Reporter(reporter).label, "own": own,
        "note_private": own and young_person.age_on(timezone.localdate()) >= OWN_CONSENT_AGE,
    })


def _initial(request: HttpRequest, young_person: YoungPerson, reporter: str) -> dict[str, Any]:
    """Prefill the form with this reporter kind's earlier report of ``?week=`` (if any)."""
    try:
        week = monday_of(date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        return {}
    entry = WeekEntry.objects.filter(young_person=young_person, week_start=week,
                                     reporter=reporter).first()
    if entry is None:
        return {"week_start": week}
    return WeekForm.initial_from(WeekValues(
        week_start=week, days_out=entry.days_out, room_bound=entry.room_bound,
        participation_days=entry.participation_days, impairment=entry.impairment,
        note=entry.note,
    ))


@login_required
@require_GET
def timeline(request: HttpRequest, young_person_id: int) -> HttpResponse:
    access = get_young_person_for_user(Actor.from_request(request), young_person_id,
                                       event="monitoring.timeline.view")
    young_person = access.young_person
    weeks = merged_weeks(young_person)
    assessment = assess(weeks)
    labels = status_labels()
    lang = language()
    rows = [
        {
            "week": week, "status": labels[week.status], "status_key": week.status,
            "entries": [
                {"entry": entry, "reporter": Reporter(entry.reporter).label,
                 "note": entry.note if note_visible(entry, access) else None}
                for entry in week.entries
            ],
        }
        for week in reversed(weeks)
    ]
    return render(request, "monitoring/timeline.html", {
        "access": access, "young_person": young_person, "rows": rows,
        "assessment": assessment,
        "stage_badge": stage_badge(young_person.stage),
        "stage_text": stage_text(young_person.stage),
        "severity_text": severity_text(young_person.severity),
        "explanation": assessment.explanation.get(lang) if assessment else None,
        "warnings": [w.message.get(lang) for w in assessment.warnings] if assessment else [],
        "missing_rule": assessment.missing_rule.get(lang) if assessment else None,
        "conflicts": [week.week_start for week in weeks if week.conflict],
        "absence": absence_window(young_person),
        "reporting_line": REPORTING_LINE_HOURS,
        "this_week": monday_of(timezone.localdate()),
    })


@login_required
@require_GET
def timeline_chart(request: HttpRequest, young_person_id: int) -> HttpResponse:
    access = get_young_person_for_user(Actor.from_request(request), young_person_id,
                                       event="monitoring.timeline.chart")
    weeks = merged_weeks(access.young_person)
    assessment: WithdrawalAssessment | None = assess(weeks)
    response = HttpResponse(timeline_svg(weeks, assessment), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


def _is_school_coordinator(user: User) -> bool:
    return user.memberships.filter(role=Role.SCHOOL_COORDINATOR, is_active=True).exists()


@login_required
@require_http_methods(["GET", "POST"])
def import_absence(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not _is_school_coordinator(user):
        raise PermissionDenied("Only school care coordinators import absence")
    form = AbsenceFileForm()
    errors: list[Any] = []
    if request.method == "POST":
        form = AbsenceFileForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_IMPORT_BYTES:
                form.add_error("file", _("The file is larger than 2 MB. Split it into smaller "
                                         "files."))
            else:
                done = _import(request, user, upload.read())
                if done is None:
                    return redirect(reverse("monitoring:import"))
                errors = done
    return render(request, "monitoring/import.html", {
        "form": form, "errors": errors[:MAX_ERRORS_SHOWN],
        "more_errors": max(0, len(errors) - MAX_ERRORS_SHOWN), "example": EXAMPLE,
        "reporting_line": REPORTING_LINE_HOURS, "max_hours": MAX_ABSENCE_HOURS_PER_WEEK,
    })


def _import(request: HttpRequest, user: User, data: bytes) -> list[Any] | None:
    """Check and import ``data``; ``None`` when it landed, else the errors to show."""
    actor = Actor.from_request(request, channel="import")
    accesses = {
        access.young_person.pk: access for access in accessible_young_people(user)
        if access.role == Role.SCHOOL_COORDINATOR
    }
    students = {access.young_person.pseudonym.upper(): pk for pk, access in accesses.items()}
    checked = check_absence_file(data, students=students, today=timezone.localdate())
    _audit_refused(actor, checked.refused_pseudonyms)
    if checked.errors:
        return checked.errors
    summary = do_import_absence(actor=actor, rows=checked.rows, accesses=accesses)
    warned = sum(absence_window(accesses[pk].young_person) is not None
                 for pk in {row.young_person_id for row in checked.rows})
    messages.success(request, ngettext(
        "%(rows)s row imported for %(students)s student(s).",
        "%(rows)s rows imported for %(students)s student(s).", summary.rows,
    ) % {"rows": summary.rows, "students": summary.students} + " " + ngettext(
        "%(n)s student is above the legal reporting line for absence.",
        "%(n)s students are above the legal reporting line for absence.", warned,
    ) % {"n": warned})
    return None


def _audit_refused(actor: Actor, pseudonyms: list[str]) -> None:
    """Pseudonyms refused as 'not a student of yours' are audited as denied attempts."""
    for pseudonym in pseudonyms:
        found = YoungPerson.objects.filter(pseudonym__iexact=pseudonym).first()
        record(actor, event="monitoring.absence.import", action=AuditAction.CREATE,
               outcome=AuditOutcome.DENIED, subject_id=found.pk if found else None,
               subject_pseudonym=found.pseudonym if found else pseudonym,
               object_type="week_entry")
