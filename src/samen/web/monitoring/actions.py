"""Every write of the weekly follow-up: one transaction each, with its audit events and alerts.

* :func:`do_log_week` -- one reporter's week (form, API); a second report of the same week by the
  same kind of reporter updates the first. The episode is assessed again.
* :func:`do_import_absence` -- a school's absence file: every row in one transaction, one audit
  event per student, each student's episode assessed again once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from django.db import transaction
from django.utils import timezone

from samen.web.accounts.roles import Role
from samen.web.alerts.hooks import notify_change
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction
from samen.web.monitoring.checks import WeekInputError, WeekValues, week_problems
from samen.web.monitoring.episode import reassess
from samen.web.monitoring.models import Reporter, WeekEntry
from samen.web.youth.access import Access, require_role

REPORTER_FOR_ROLE: Final[Mapping[Role, Reporter]] = {
    Role.YOUNG_PERSON: Reporter.YOUNG_PERSON,
    Role.PARENT: Reporter.PARENT,
    Role.SCHOOL_COORDINATOR: Reporter.SCHOOL,
    Role.YOUTH_WORKER: Reporter.PROFESSIONAL,
    Role.CLINICIAN: Reporter.PROFESSIONAL,
}
LOGGING_ROLES: Final = frozenset(REPORTER_FOR_ROLE)
REPORTED_FIELDS: Final = ("days_out", "room_bound", "participation_days", "impairment", "note")
IMPORTED_FIELDS: Final = ("absence_hours", "participation_days")


def reporter_for(access: Access) -> Reporter:
    """The kind of reporter a user is for this record: it follows the role they act in."""
    return REPORTER_FOR_ROLE[access.role]


def _changed(entry: WeekEntry, values: Mapping[str, object], created: bool) -> list[str]:
    if created:
        return [name for name, value in values.items() if value not in (None, "")]
    return [name for name, value in values.items() if getattr(entry, name) != value]


@transaction.atomic
def do_log_week(
    *, actor: Actor, access: Access, week_start: date, days_out: int | None = None,
    room_bound: bool | None = None, participation_days: int | None = None,
    impairment: bool | None = None, note: str = "", absence_hours: Decimal | None = None,
    channel: str | None = None, today: date | None = None,
) -> WeekEntry:
    """Store one week as reported by ``access``'s user and assess the episode again.

    The values replace this reporter kind's earlier report of the week, except
    ``absence_hours``: ``None`` keeps the hours a school file brought in. Raises
    :class:`WeekInputError` (nothing written) when a value fails :func:`week_problems`.
    """
    require_role(access, LOGGING_ROLES)
    young_person = access.young_person
    values = WeekValues(week_start=week_start, days_out=days_out, room_bound=room_bound,
                        participation_days=participation_days, impairment=impairment,
                        absence_hours=absence_hours, note=note)
    problems = week_problems(values, today=today, birth_month=young_person.birth_month)
    if problems:
        raise WeekInputError(problems)
    fields: dict[str, object] = {name: getattr(values, name) for name in REPORTED_FIELDS}
    if absence_hours is not None:
        fields["absence_hours"] = absence_hours
    reporter = reporter_for(access)
    entry = WeekEntry.objects.select_for_update().filter(
        young_person=young_person, week_start=week_start, reporter=reporter
    ).first()
    created = entry is None
    if entry is None:
        entry = WeekEntry(young_person=young_person, week_start=week_start, reporter=reporter)
    changed = _changed(entry, fields, created)
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.author = access.user
    entry.channel = channel or actor.channel
    entry.save()
    record(
        actor, event="monitoring.week.log",
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        subject_id=young_person.pk, subject_pseudonym=young_person.pseudonym, role=access.role,
        basis=access.basis, organisation_name=access.organisation_name,
        object_type="week_entry", object_id=entry.pk,
        changed_fields=changed,
    )
    notify_change(young_person.pk, "week")
    reassess(young_person, actor=actor, access=access)
    return entry


@dataclass(frozen=True)
class AbsenceRow:
    """One checked line of a school's absence file."""

    line: int
    young_person_id: int
    week_start: date
    absence_hours: Decimal
    participation_days: int | None


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    created: int
    updated: int
    students: int


@transaction.atomic
def do_import_absence(
    *, actor: Actor, rows: Sequence[AbsenceRow], accesses: Mapping[int, Access],
) -> ImportSummary:
    """Store checked absence rows as the school's weekly entries, all or nothing.

    ``accesses`` maps each student's record id to the importing coordinator's access (the view
    built it from the records the coordinator may open). Other fields of an existing school
    entry (days out, notes) are kept. One audit event per student names the weeks' fields.
    """
    by_student: dict[int, list[AbsenceRow]] = defaultdict(list)
    for row in rows:
        by_student[row.young_person_id].append(row)
    for young_person_id in by_student:
        require_role(accesses[young_person_id], {Role.SCHOOL_COORDINATOR})
    existing = {
        (entry.young_person_id, entry.week_start): entry
        for entry in WeekEntry.objects.select_for_update().filter(
            young_person_id__in=list(by_student), reporter=Reporter.SCHOOL,
            week_start__in={row.week_start for row in rows},
        )
    }
    now = timezone.now()
    new: list[WeekEntry] = []
    changed_entries: list[WeekEntry] = []
    for young_person_id, student_rows in by_student.items():
        access = accesses[young_person_id]
        changed_fields: set[str] = set()
        any_existing = False
        for row in student_rows:
            values = {"absence_hours": row.absence_hours,
                      "participation_days": row.participation_days}
            entry = existing.get((young_person_id, row.week_start))
            if entry is None:
                entry = WeekEntry(young_person_id=young_person_id, week_start=row.week_start,
                                  reporter=Reporter.SCHOOL, created_at=now)
                new.append(entry)
                changed_fields.update(_changed(entry, values, True))
            else:
                any_existing = True
                changed_entries.append(entry)
                changed_fields.update(_changed(entry, values, False))
            entry.absence_hours = row.absence_hours
            entry.participation_days = row.participation_days
            entry.author = access.user
            entry.channel = "import"
            entry.updated_at = now
        weeks = sorted(row.week_start for row in student_rows)
        record(
            actor, event="monitoring.absence.import",
            action=AuditAction.UPDATE if any_existing else AuditAction.CREATE,
            subject_id=young_person_id, subject_pseudonym=access.young_person.pseudonym,
            role=access.role, basis=access.basis, organisation_name=access.organisation_name,
            object_type="week_entry",
            object_id=f"{weeks[0].isoformat()}..{weeks[-1].isoformat()} ({len(weeks)})",
            changed_fields=sorted(changed_fields),
        )
    WeekEntry.objects.bulk_create(new, batch_size=1000)
    WeekEntry.objects.bulk_update(
        changed_entries, [*IMPORTED_FIELDS, "author", "channel", "updated_at"], batch_size=1000
    )
    for young_person_id in by_student:
        access = accesses[young_person_id]
        notify_change(young_person_id, "import")
        reassess(access.young_person, actor=actor, access=access)
    record(actor, event="monitoring.absence.import_file", action=AuditAction.EXECUTE,
           object_type="absence_import", object_id=f"{len(rows)} rows")
    return ImportSummary(rows=len(rows), created=len(new), updated=len(changed_entries),
                         students=len(by_student))
