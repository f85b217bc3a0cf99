"""The export of everything about one young person: schema ``samen.privacy.export/1``.

One JSON object; each category is a key, so a reader sees at once what the file holds. The
schema is described field by field in ``docs/web/privacy.md``; a change that removes or renames
a field raises the version. People other than the young person appear by their display name
(who looked, who wrote): the NEN 7513 client view names them too.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from samen.web.accounts.models import User
from samen.web.alerts.models import Alert
from samen.web.audit.models import AuditEvent
from samen.web.audit.visibility import may_see_access_log
from samen.web.careplans.models import CarePlan, Goal, PlanAction
from samen.web.careplans.profile import build_profile
from samen.web.monitoring.models import WeekEntry
from samen.web.screening.models import QuestionnaireAssignment, QuestionnaireResponse
from samen.web.youth.access import Access
from samen.web.youth.models import CareTeamMember, EmergencyAccess, YoungPerson

SCHEMA = "samen.privacy.export/1"
CATEGORIES = (
    "record", "guardians", "organisations", "care_team", "consents",
    "questionnaire_assignments", "questionnaire_responses", "scores", "weekly_follow_up",
    "absence_imports", "episode", "risk_profile", "care_plan", "alerts", "emergency_access",
    "access_log",
)
IMPORT_CHANNEL = "import"  # ``monitoring.actions.do_import_absence`` stores rows with it


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _name(user: User | None) -> str | None:
    return str(user) if user is not None else None


def record_part(young_person: YoungPerson) -> dict[str, Any]:
    return {
        "id": young_person.pk, "pseudonym": young_person.pseudonym,
        "birth_month": young_person.birth_month.strftime("%Y-%m"), "sex": young_person.sex,
        "district": young_person.district, "stage": young_person.stage,
        "created_at": _iso(young_person.created_at),
    }


def _guardians(young_person: YoungPerson) -> list[dict[str, Any]]:
    return [{"name": _name(g.user), "has_authority": g.has_authority}
            for g in young_person.guardianships.select_related("user").order_by("pk")]


def _organisations(young_person: YoungPerson) -> list[dict[str, Any]]:
    return [{"name": i.organisation.name, "kind": i.organisation.kind,
             "municipality": i.organisation.municipality, "since": _iso(i.since)}
            for i in young_person.involvements.select_related("organisation").order_by("pk")]


def _care_team(young_person: YoungPerson) -> list[dict[str, Any]]:
    places = CareTeamMember.objects.filter(young_person=young_person).select_related(
        "membership__user", "membership__organisation").order_by("pk")
    return [{"name": _name(p.membership.user), "role": p.membership.role,
             "organisation": p.membership.organisation.name, "active": p.is_active,
             "added_at": _iso(p.added_at)} for p in places]


def _consents(young_person: YoungPerson) -> list[dict[str, Any]]:
    grants = young_person.consents.select_related("organisation", "grantor").order_by("granted_at",
                                                                                    "pk")
    return [{"id": g.pk, "scope": g.scope,
             "organisation": g.organisation.name if g.organisation else None,
             "grantor": _name(g.grantor), "grantor_is_young_person": g.grantor_is_young_person,
             "granted_at": _iso(g.granted_at), "withdrawn_at": _iso(g.withdrawn_at)}
            for g in grants]


def _assignments(young_person: YoungPerson) -> list[dict[str, Any]]:
    rows = QuestionnaireAssignment.objects.filter(young_person=young_person).select_related(
        "respondent_user").order_by("assigned_at", "pk")
    return [{"id": a.pk, "instrument": a.instrument_id, "respondent": a.respondent,
             "respondent_name": _name(a.respondent_user), "assigned_at": _iso(a.assigned_at),
             "due": _iso(a.due), "status": a.status} for a in rows]


def _responses(rows: list[QuestionnaireResponse]) -> list[dict[str, Any]]:
    return [{"id": r.pk, "instrument": r.instrument_id,
             "instrument_version": r.instrument_version, "respondent": r.respondent,
             "author_role": r.author_role, "authored_at": _iso(r.authored_at),
             "channel": r.channel, "answers": r.answers} for r in rows]


def _scores(rows: list[QuestionnaireResponse]) -> list[dict[str, Any]]:
    return [{"response_id": r.pk, "instrument": r.instrument_id,
             "scoring_version": r.scoring_version, "total": r.total, "band": r.band,
             "risk": r.risk, "above_cutoff": r.above_cutoff, "subscales": r.subscales,
             "alerts": r.alert_codes} for r in rows]


def _week(entry: WeekEntry) -> dict[str, Any]:
    return {"id": entry.pk, "week_start": _iso(entry.week_start), "reporter": entry.reporter,
            "days_out": entry.days_out, "room_bound": entry.room_bound,
            "participation_days": entry.participation_days,
            "absence_hours": None if entry.absence_hours is None else str(entry.absence_hours),
            "impairment": entry.impairment, "note": entry.note, "channel": entry.channel,
            "updated_at": _iso(entry.updated_at)}


def _episode(young_person: YoungPerson) -> dict[str, Any]:
    return {"stage": young_person.stage, "severity": young_person.severity,
            "withdrawn_weeks": young_person.withdrawn_weeks,
            "assessed_at": _iso(young_person.stage_assessed_at)}


def _risk_profile(young_person: YoungPerson) -> dict[str, Any]:
    result = build_profile(young_person)
    return {"based_on": list(result.profile.based_on),
            "roots": [{"root": r.root, "level": r.level} for r in result.profile.roots]}


def _goal(goal: Goal) -> dict[str, Any]:
    return {"id": goal.pk, "title": goal.title, "notes": goal.notes, "due": _iso(goal.due),
            "status": goal.status, "created_at": _iso(goal.created_at),
            "updated_at": _iso(goal.updated_at)}


def _action(action: PlanAction) -> dict[str, Any]:
    return {"id": action.pk, "title": action.title, "level": action.level,
            "owner_role": action.owner_role, "owner": _name(action.owner_person),
            "goal_id": action.goal_id, "due": _iso(action.due), "status": action.status,
            "notes": action.notes, "intervention": action.intervention_id or None,
            "updated_at": _iso(action.updated_at)}


def _care_plan(young_person: YoungPerson) -> dict[str, Any] | None:
    plan = CarePlan.objects.filter(young_person=young_person).first()
    if plan is None:
        return None
    return {"id": plan.pk, "created_at": _iso(plan.created_at),
            "goals": [_goal(g) for g in Goal.objects.filter(plan=plan).order_by("pk")],
            "actions": [_action(a) for a in PlanAction.objects.filter(plan=plan)
                        .select_related("owner_person").order_by("pk")]}


def _alerts(young_person: YoungPerson) -> list[dict[str, Any]]:
    rows = Alert.objects.filter(young_person=young_person).select_related("recipient")
    return [{"id": a.pk, "kind": a.kind, "recipient": _name(a.recipient),
             "created_at": _iso(a.created_at), "stage": a.stage or None,
             "instrument": a.instrument_id or None, "action_id": a.action_id}
            for a in rows.order_by("created_at", "pk")]


def _emergencies(young_person: YoungPerson) -> list[dict[str, Any]]:
    rows = EmergencyAccess.objects.filter(young_person=young_person).select_related(
        "clinician", "membership__organisation").order_by("started_at", "pk")
    return [{"clinician": _name(e.clinician), "organisation": e.membership.organisation.name,
             "reason": e.reason, "started_at": _iso(e.started_at),
             "expires_at": _iso(e.expires_at), "ended_at": _iso(e.ended_at)} for e in rows]


def access_log(young_person: YoungPerson) -> list[dict[str, Any]]:
    events = AuditEvent.objects.filter(subject_id=young_person.pk).order_by("occurred_at", "pk")
    return [{"id": e.pk, "at": _iso(e.occurred_at), "who": e.actor_username,
             "role": e.actor_role, "organisation": e.organisation_name, "event": e.event,
             "action": e.action, "outcome": e.outcome, "basis": e.basis, "channel": e.channel}
            for e in events]


def build_export(access: Access) -> dict[str, Any]:
    """The whole file of ``access.young_person``; the access log only for those who may read it
    (see ``audit.visibility``), else the key holds ``null`` and ``omitted`` names it."""
    young_person = access.young_person
    responses = list(QuestionnaireResponse.objects.filter(young_person=young_person)
                     .order_by("authored_at", "pk"))
    weeks = list(WeekEntry.objects.filter(young_person=young_person).order_by("week_start", "pk"))
    sees_log = may_see_access_log(access)
    return {
        "schema": SCHEMA,
        "generated_at": timezone.now().isoformat(),
        "requested_as": {"role": access.role, "basis": access.basis},
        "omitted": [] if sees_log else ["access_log"],
        "record": record_part(young_person),
        "guardians": _guardians(young_person),
        "organisations": _organisations(young_person),
        "care_team": _care_team(young_person),
        "consents": _consents(young_person),
        "questionnaire_assignments": _assignments(young_person),
        "questionnaire_responses": _responses(responses),
        "scores": _scores(responses),
        "weekly_follow_up": [_week(w) for w in weeks if w.channel != IMPORT_CHANNEL],
        "absence_imports": [_week(w) for w in weeks if w.channel == IMPORT_CHANNEL],
        "episode": _episode(young_person),
        "risk_profile": _risk_profile(young_person),
        "care_plan": _care_plan(young_person),
        "alerts": _alerts(young_person),
        "emergency_access": _emergencies(young_person),
        "access_log": access_log(young_person) if sees_log else None,
    }


def exported_categories(export: dict[str, Any]) -> list[str]:
    """The categories an export holds (for the audit event, LOG-03)."""
    return [name for name in CATEGORIES if export.get(name) is not None]
