"""The retention rule: is there a youth-care file, when did it last change, until when is it kept.

A *youth-care file* (jeugdhulpdossier) exists when a youth-care provider is or was involved with
the young person, or a care plan was made. It is kept 20 years after its last change (Jeugdwet
7.3.8, since 1 January 2020; WGBO 7:454 lid 3). A record without one (only school follow-up, for
example) falls under AVG art. 17 alone and is erased on request.

The last change is the latest of the file's own timestamps and of the audit log's successful
creates, updates and deletes about the person (the log also sees writes whose rows are gone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Max
from django.utils import timezone

from samen.web.accounts.roles import OrganisationKind
from samen.web.audit.models import AuditAction, AuditEvent, AuditOutcome
from samen.web.careplans.models import CarePlan, Goal, PlanAction
from samen.web.monitoring.models import WeekEntry
from samen.web.screening.models import QuestionnaireResponse
from samen.web.youth.models import ConsentGrant, YoungPerson

RETENTION_YEARS = 20
DESTRUCTION_MONTHS = 3
"""Jeugdwet 7.3.9 lid 2: a destruction request is carried out within three months."""
ANSWER_MONTHS = 1
"""AVG art. 12(3): a request is answered within one month."""


@dataclass(frozen=True)
class Retention:
    youth_care_file: bool
    last_change: date
    retained_until: date | None

    def keeps(self, today: date) -> bool:
        return self.retained_until is not None and today <= self.retained_until


def has_youth_care_file(young_person: YoungPerson) -> bool:
    return (
        young_person.involvements.filter(organisation__kind=OrganisationKind.YOUTH_CARE).exists()
        or CarePlan.objects.filter(young_person=young_person).exists()
    )


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, on the last day of a shorter month (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def last_change(young_person: YoungPerson) -> date:
    moments: list[datetime | None] = [young_person.created_at, young_person.stage_assessed_at]
    moments.append(AuditEvent.objects.filter(
        subject_id=young_person.pk, outcome=AuditOutcome.SUCCESS,
        action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE],
    ).exclude(event__startswith="privacy.").aggregate(last=Max("occurred_at"))["last"])
    for model, field in ((CarePlan, "updated_at"), (Goal, "updated_at"),
                         (PlanAction, "updated_at"), (WeekEntry, "updated_at"),
                         (QuestionnaireResponse, "authored_at")):
        moments.append(model.objects.filter(young_person=young_person)
                       .aggregate(last=Max(field))["last"])
    consents = ConsentGrant.objects.filter(young_person=young_person).aggregate(
        granted=Max("granted_at"), withdrawn=Max("withdrawn_at"))
    moments.extend(consents.values())
    return max(timezone.localdate(m) for m in moments if m is not None)


def retention(young_person: YoungPerson) -> Retention:
    changed = last_change(young_person)
    if not has_youth_care_file(young_person):
        return Retention(False, changed, None)
    return Retention(True, changed, add_months(changed, RETENTION_YEARS * 12))
