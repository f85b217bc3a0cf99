"""What erasing a record deletes, category by category, in one transaction (the caller's).

*Erased* means: every row about the young person is deleted, and the record row itself too (no
tombstone: a tombstone would keep the pseudonym beside birth month and district). What stays:

* the audit events (NEN 7513 log duty, five years at least). They hold the record's id and
  pseudonym, codes (event, action, basis, role), field *names*, the path (numeric ids only) and
  who acted; ``audit.log.record`` takes no free text about the person, so no answer, note, goal
  or district is in them. They are hash-chained and append-only, so they are not rewritten;
* the :class:`~samen.web.privacy.models.ErasureRequest`, with the id and pseudonym, as proof;
* the accounts of the parents and professionals (other people's data). The young person's own
  account is deactivated and its display name and e-mail cleared: it cannot be deleted while
  audit events name it as actor, and it must not sign in to an empty file;
* the dashboard's monthly counts (aggregates without any person in them).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet

from samen.web.alerts.models import Alert, AlertState
from samen.web.careplans.models import CarePlan, Goal, PlanAction
from samen.web.monitoring.models import WeekEntry
from samen.web.screening.models import QuestionnaireAssignment, QuestionnaireResponse
from samen.web.youth.models import (
    CareTeamMember,
    ConsentGrant,
    EmergencyAccess,
    Guardianship,
    Involvement,
    YoungPerson,
)

Step = tuple[str, Callable[[YoungPerson], QuerySet]]  # type: ignore[type-arg]

# Children before parents, so each step deletes its own rows and no cascade hides what went.
STEPS: tuple[Step, ...] = (
    ("questionnaire_responses", lambda yp: QuestionnaireResponse.objects.filter(young_person=yp)),
    ("questionnaire_assignments",
     lambda yp: QuestionnaireAssignment.objects.filter(young_person=yp)),
    ("weekly_follow_up", lambda yp: WeekEntry.objects.filter(young_person=yp)),
    ("alerts", lambda yp: Alert.objects.filter(young_person=yp)),
    ("alert_state", lambda yp: AlertState.objects.filter(young_person=yp)),
    ("care_plan_actions", lambda yp: PlanAction.objects.filter(young_person=yp)),
    ("care_plan_goals", lambda yp: Goal.objects.filter(young_person=yp)),
    ("care_plan", lambda yp: CarePlan.objects.filter(young_person=yp)),
    ("emergency_access", lambda yp: EmergencyAccess.objects.filter(young_person=yp)),
    ("consents", lambda yp: ConsentGrant.objects.filter(young_person=yp)),
    ("care_team", lambda yp: CareTeamMember.objects.filter(young_person=yp)),
    ("organisations", lambda yp: Involvement.objects.filter(young_person=yp)),
    ("guardians", lambda yp: Guardianship.objects.filter(young_person=yp)),
)


def erase_rows(young_person: YoungPerson) -> dict[str, int]:
    """Delete every row about ``young_person`` and the record; rows deleted per category.

    Runs inside the caller's transaction: a failure at any step leaves everything in place."""
    deleted = {name: query(young_person).delete()[0] for name, query in STEPS}
    account = young_person.account
    if account is not None:
        account.is_active = False
        account.display_name = ""
        account.email = ""
        account.save(update_fields=["is_active", "display_name", "email"])
    deleted["record"] = YoungPerson.objects.filter(pk=young_person.pk).delete()[0]
    return deleted
