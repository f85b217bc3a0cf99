"""Home-page panels of the screening app.

* "Questionnaires waiting for you": every signed-in respondent (young person, parent, or a
  professional who assigned one to themselves) sees the questionnaires they still have to fill
  in, for records they can still open.
* "New screening results above the cut-off": a clinician sees the responses at or above their
  instrument's cut-off in the last :data:`RECENT_DAYS` days, for the records on their caseload.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from samen.web.accounts.models import User
from samen.web.accounts.roles import Role
from samen.web.core.panels import Panel
from samen.web.screening.models import (
    AssignmentStatus,
    QuestionnaireAssignment,
    QuestionnaireResponse,
)
from samen.web.screening.scores import find_instrument
from samen.web.youth.access import (
    Access,
    accessible_for_request,
    accessible_young_people,
    get_access,
)

RECENT_DAYS = 30
"""How far back "new" results reach on the clinician's home page: a display choice of the
screening app (its brief), not a clinical number from the evidence base."""

_RESPONDENT_ROLES = frozenset({Role.YOUNG_PERSON, Role.PARENT, Role.CLINICIAN,
                               Role.SCHOOL_COORDINATOR, Role.YOUTH_WORKER})


def waiting_for(user: User) -> list[dict[str, object]]:
    """The open assignments ``user`` answers, on records ``user`` can open now, oldest due first."""
    found = QuestionnaireAssignment.objects.filter(
        respondent_user=user, status=AssignmentStatus.OPEN
    ).select_related("young_person").order_by("due", "assigned_at")
    rows: list[dict[str, object]] = []
    reachable: dict[int, bool] = {}
    today = timezone.localdate()
    for assignment in found:
        young_person = assignment.young_person
        if young_person.pk not in reachable:
            reachable[young_person.pk] = get_access(user, young_person) is not None
        if not reachable[young_person.pk]:
            continue
        instrument = find_instrument(assignment.instrument_id)
        rows.append({
            "assignment": assignment, "young_person": young_person,
            "own_record": young_person.account_id == user.pk,
            "name": instrument.short_name if instrument else assignment.instrument_id,
            "overdue": assignment.due is not None and assignment.due < today,
        })
    return rows


def above_cutoff_for(user: User, accesses: list[Access] | None = None,
                     ) -> list[QuestionnaireResponse]:
    """Responses at or above the cut-off in the last RECENT_DAYS days on ``user``'s caseload
    (``accesses``: the user's records, when the caller has decided them already)."""
    if accesses is None:
        accesses = accessible_young_people(user)
    caseload = [a.young_person.pk for a in accesses if a.role == Role.CLINICIAN]
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    return list(QuestionnaireResponse.objects.filter(
        young_person_id__in=caseload, above_cutoff=True, authored_at__gte=since,
    ).select_related("young_person").order_by("-authored_at", "-pk"))


def home_panels(request: HttpRequest, roles: frozenset[Role]) -> list[Panel]:
    user = request.user
    if not isinstance(user, User):
        return []
    panels: list[Panel] = []
    if roles & _RESPONDENT_ROLES:
        waiting = waiting_for(user)
        if waiting or roles & {Role.YOUNG_PERSON, Role.PARENT}:
            panels.append(Panel("screening/panels/waiting.html", {"rows": waiting}, order=30))
    if Role.CLINICIAN in roles:
        results = []
        for response in above_cutoff_for(user, accessible_for_request(request)):
            instrument = find_instrument(response.instrument_id)
            results.append({
                "response": response,
                "name": instrument.short_name if instrument else response.instrument_id,
                "total": "–" if response.total is None else f"{response.total:g}",
                "threshold": ("–" if response.cutoff_threshold is None
                              else f"{response.cutoff_threshold:g}"),
            })
        panels.append(Panel("screening/panels/above_cutoff.html",
                            {"rows": results, "days": RECENT_DAYS}, order=20))
    return panels
