"""``/young-people/{id}/weeks`` and ``/episode``: the weekly follow-up and the episode it shows.

A week is logged through ``monitoring.actions.do_log_week`` (which assesses the episode again
and notifies the alert rules); the episode is assessed from the merged weeks with
``samen.instruments.assess_withdrawal``, exactly as the monitoring app does.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from samen.text import bilingual
from samen.web.api.errors import COMMON, ApiError, ErrorBody
from samen.web.api.routers.people import actor_of, person_id, reach, stage_label
from samen.web.api.schemas import CriteriaOut, EpisodeOut, NoticeOut, Text, WeekIn, WeekOut
from samen.web.monitoring.actions import do_log_week
from samen.web.monitoring.checks import WeekInputError
from samen.web.monitoring.episode import assess, merged_weeks
from samen.web.monitoring.models import WeekEntry
from samen.web.monitoring.views import note_visible
from samen.web.youth.access import Access

router = Router(tags=["weekly follow-up"])

NO_WEEKS = bilingual(
    "Er zijn nog geen weken ingevuld; zonder weken is er geen beoordeling.",
    "No weeks have been recorded yet; without weeks there is no assessment.",
)


def week_out(entry: WeekEntry, access: Access) -> WeekOut:
    return WeekOut(
        id=entry.pk, week_start=entry.week_start, reporter=entry.reporter,
        days_out=entry.days_out, room_bound=entry.room_bound,
        participation_days=entry.participation_days,
        absence_hours=None if entry.absence_hours is None else float(entry.absence_hours),
        impairment=entry.impairment,
        note=entry.note if note_visible(entry, access) else None, channel=entry.channel,
    )


@router.get("/young-people/{young_person_id}/weeks", response={200: list[WeekOut], **COMMON},
            summary="Reported weeks")
def list_weeks(request: HttpRequest, young_person_id: int = person_id()) -> list[WeekOut]:
    """Every reporter's account of every week, oldest first."""
    access = reach(request, young_person_id, "api.weeks.list", object_type="week_entry")
    entries = WeekEntry.objects.filter(young_person=access.young_person)
    return [week_out(e, access) for e in entries.order_by("week_start", "reporter")]


@router.post("/young-people/{young_person_id}/weeks",
             response={201: WeekOut, 400: ErrorBody, 403: ErrorBody, 413: ErrorBody, **COMMON},
             summary="Log a week")
def create_week(request: HttpRequest, payload: WeekIn,
                young_person_id: int = person_id()) -> Status[WeekOut]:
    """Store your account of one week; the episode is assessed again at once. 422 names the
    field (``body.week_start`` when it is not a Monday or lies in the future)."""
    access = reach(request, young_person_id, "api.weeks.create", object_type="week_entry")
    try:
        entry = do_log_week(
            actor=actor_of(request), access=access, week_start=payload.week_start,
            days_out=payload.days_out, room_bound=payload.room_bound,
            participation_days=payload.participation_days, impairment=payload.impairment,
            note=payload.note, channel="api",
        )
    except WeekInputError as exc:
        field, message = exc.problems[0]
        more = f" (and {len(exc.problems) - 1} more problem(s))" if len(exc.problems) > 1 else ""
        where = "body" if field == "__all__" else f"body.{field}"
        raise ApiError(422, f"{message}{more}", where) from exc
    return Status(201, week_out(entry, access))


@router.get("/young-people/{young_person_id}/episode", response={200: EpisodeOut, **COMMON},
            summary="The withdrawal episode")
def get_episode(request: HttpRequest, young_person_id: int = person_id()) -> EpisodeOut:
    """Stage, severity, weeks withdrawn, the Kato criteria and an explanation in Dutch and
    English, from the weeks as merged across reporters."""
    access = reach(request, young_person_id, "api.episode.read", object_type="episode")
    person = access.young_person
    weeks = merged_weeks(person)
    assessment = assess(weeks)
    if assessment is None:
        return EpisodeOut(
            stage=person.stage, stage_label=stage_label(person.stage),
            severity=person.severity or None, withdrawn_weeks=person.withdrawn_weeks,
            criteria=None, explanation=Text.of(NO_WEEKS), weeks_recorded=0,
        )
    return EpisodeOut(
        stage=assessment.stage, stage_label=stage_label(assessment.stage),
        severity=assessment.severity, withdrawn_weeks=assessment.duration_weeks,
        episode_start=assessment.episode_start, assessed_week=assessment.assessed_week,
        criteria=CriteriaOut(a=assessment.criteria.a, b=assessment.criteria.b,
                             c=assessment.criteria.c),
        explanation=Text.of(assessment.explanation),
        warnings=[NoticeOut(code=w.code, message=Text.of(w.message))
                  for w in assessment.warnings],
        rule_version=assessment.rule_version, weeks_recorded=len(weeks),
    )
