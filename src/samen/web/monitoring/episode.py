"""The withdrawal episode: merge the reporters' weeks, assess them, store the result on the record.

**Merge rule.** Each reporter sees only part of a young person's week: a parent at work does not
see every outing, the school sees only school days, the young person may not mention distress.
An outing, a school day or time spent outside one's own room is an *observation*: a reporter who
did not see it has more likely missed it than another reporter invented it. So, per week:

* ``days_out`` and days at school or work: the **highest** known number;
* ``room_bound``: ``False`` if any reporter says no, else ``True`` if any says yes, else unknown;
* impairment or distress: ``True`` if any reporter says yes (distress is experienced, not
  observed, and one person's report of it is enough), ``False`` if all who answered say no.

For the isolation fields this is the *least withdrawn* reading: Samen never labels a week
isolated when one of the people around the young person saw them out, at school or at work.
Disagreements stay visible (:attr:`MergedWeek.conflict`), and every report is shown on the
timeline. A week counts as taking part in school or work when at least one day is known.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from django.db import transaction
from django.utils import timezone

from samen.instruments import WeekRecord, WithdrawalAssessment, assess_withdrawal
from samen.instruments.withdrawal import WeekStatus, is_isolated_week
from samen.web.alerts.hooks import notify_change
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction
from samen.web.monitoring.models import WeekEntry
from samen.web.youth.access import Access
from samen.web.youth.models import YoungPerson

STORED_FIELDS: Final = ("stage", "severity", "withdrawn_weeks")


@dataclass(frozen=True)
class MergedWeek:
    """One calendar week: the merged record and the reports it came from."""

    record: WeekRecord
    entries: tuple[WeekEntry, ...]
    status: WeekStatus
    conflict: bool
    """Reporters disagree whether the week was isolated (one saw them out, another did not)."""
    absence_hours: Decimal | None
    participation_days: int | None

    @property
    def week_start(self) -> date:
        return self.record.week_start


def _highest(values: Iterable[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


def _least_withdrawn(values: Iterable[bool | None]) -> bool | None:
    known = {v for v in values if v is not None}
    return False if False in known else (True if True in known else None)


def _any_reported(values: Iterable[bool | None]) -> bool | None:
    known = {v for v in values if v is not None}
    return True if True in known else (False if known else None)


def in_school_or_work(participation_days: int | None) -> bool | None:
    return None if participation_days is None else participation_days > 0


def merge_week(week_start: date, entries: Sequence[WeekEntry]) -> MergedWeek:
    """Merge the reports of one week by the rule in this module's docstring."""
    participation = _highest(e.participation_days for e in entries)
    merged = WeekRecord(
        week_start=week_start,
        days_out=_highest(e.days_out for e in entries),
        room_bound=_least_withdrawn(e.room_bound for e in entries),
        in_school_or_work=in_school_or_work(participation),
        impairment=_any_reported(e.impairment for e in entries),
    )
    verdicts = {
        is_isolated_week(e.days_out, e.room_bound, in_school_or_work(e.participation_days))
        for e in entries
    }
    isolated = is_isolated_week(merged.days_out, merged.room_bound, merged.in_school_or_work)
    status: WeekStatus = ("unknown" if isolated is None
                          else "isolated" if isolated else "not_isolated")
    hours = [e.absence_hours for e in entries if e.absence_hours is not None]
    return MergedWeek(
        record=merged, entries=tuple(entries), status=status,
        conflict=True in verdicts and False in verdicts,
        absence_hours=max(hours) if hours else None, participation_days=participation,
    )


def merged_weeks(young_person: YoungPerson) -> list[MergedWeek]:
    """Every reported week of ``young_person``, oldest first, merged across reporters."""
    by_week: dict[date, list[WeekEntry]] = defaultdict(list)
    for entry in WeekEntry.objects.filter(young_person=young_person).order_by(
        "week_start", "reporter"
    ):
        by_week[entry.week_start].append(entry)
    return [merge_week(week, by_week[week]) for week in sorted(by_week)]


def assess(weeks: Sequence[MergedWeek]) -> WithdrawalAssessment | None:
    """The assessment of the merged weeks, or ``None`` when nothing was reported."""
    if not weeks:
        return None
    return assess_withdrawal([week.record for week in weeks])


@transaction.atomic
def reassess(
    young_person: YoungPerson, *, actor: Actor | None = None, access: Access | None = None
) -> WithdrawalAssessment | None:
    """Assess ``young_person``'s weeks again and store stage, severity and weeks withdrawn.

    The record's row is locked first, so two reports for one person assess one after the other
    and the second sees the first. When a stored value changes an audit event is written, and
    when the stage changes the alert rules are notified. ``young_person`` is updated in place.
    """
    locked = YoungPerson.objects.select_for_update().get(pk=young_person.pk)
    assessment = assess(merged_weeks(locked))
    new = {
        "stage": assessment.stage if assessment else "none",
        "severity": (assessment.severity or "") if assessment else "",
        "withdrawn_weeks": assessment.duration_weeks if assessment else 0,
    }
    changed = [name for name in STORED_FIELDS if getattr(locked, name) != new[name]]
    for target in (locked, young_person):
        for name, value in new.items():
            setattr(target, name, value)
        target.stage_assessed_at = timezone.now()
    locked.save(update_fields=[*STORED_FIELDS, "stage_assessed_at"])
    if changed:
        actor = actor or Actor.system()
        record(
            actor, event="monitoring.episode.reassess", action=AuditAction.UPDATE,
            subject_id=locked.pk, subject_pseudonym=locked.pseudonym,
            role=access.role if access else "", basis=access.basis if access else "derived",
            organisation_name=access.organisation_name if access else "",
            object_type="young_person", object_id=locked.pk, changed_fields=changed,
        )
    if "stage" in changed:
        notify_change(locked.pk, "stage")
    return assessment
