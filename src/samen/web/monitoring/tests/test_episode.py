"""The merge rule, the stored episode (journey 1 in data), its audit events and alerts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from unittest import mock

from django_tasks_db.models import DBTaskResult

from samen.web.audit.log import Actor
from samen.web.audit.models import AuditEvent
from samen.web.monitoring.absence import school_year_start, worst_window
from samen.web.monitoring.actions import do_log_week
from samen.web.monitoring.episode import merge_week, reassess
from samen.web.monitoring.models import Reporter, WeekEntry
from samen.web.monitoring.tests.support import mondays, queued_alerts
from samen.web.testing import SamenTestCase
from samen.web.youth.access import get_access
from samen.web.youth.models import YoungPerson

MONDAY = date(2026, 11, 2)


def entry(reporter: Reporter, **values: object) -> WeekEntry:
    return WeekEntry(week_start=MONDAY, reporter=reporter, **values)


class MergeRuleTest(SamenTestCase):
    def test_highest_days_out_and_participation_win(self) -> None:
        week = merge_week(MONDAY, [
            entry(Reporter.PARENT, days_out=1, participation_days=0),
            entry(Reporter.YOUNG_PERSON, days_out=2),
            entry(Reporter.SCHOOL, participation_days=None, absence_hours=Decimal("6.5")),
        ])
        self.assertEqual(week.record.days_out, 2)
        self.assertIs(week.record.in_school_or_work, False)  # 0 days known, nobody saw more
        self.assertEqual(week.participation_days, 0)
        self.assertEqual(week.absence_hours, Decimal("6.5"))
        self.assertEqual(week.status, "isolated")  # 2 <= 3 days out, no school or work
        self.assertFalse(week.conflict)

    def test_one_school_day_seen_by_the_school_ends_isolation_and_is_a_conflict(self) -> None:
        week = merge_week(MONDAY, [
            entry(Reporter.PARENT, days_out=1, participation_days=0),
            entry(Reporter.SCHOOL, participation_days=2),
        ])
        self.assertIs(week.record.in_school_or_work, True)
        self.assertEqual(week.status, "not_isolated")
        self.assertTrue(week.conflict)  # parent: isolated; school: not isolated

    def test_room_bound_is_false_when_anyone_says_no(self) -> None:
        merged = merge_week(MONDAY, [entry(Reporter.PARENT, room_bound=True),
                                     entry(Reporter.YOUNG_PERSON, room_bound=False)])
        self.assertIs(merged.record.room_bound, False)
        self.assertEqual(merged.status, "unknown")  # no days, no school: too little known
        only_yes = merge_week(MONDAY, [entry(Reporter.PARENT, room_bound=True),
                                       entry(Reporter.SCHOOL)])
        self.assertIs(only_yes.record.room_bound, True)
        self.assertEqual(only_yes.status, "isolated")

    def test_impairment_counts_when_anyone_reports_it(self) -> None:
        yes = merge_week(MONDAY, [entry(Reporter.PARENT, impairment=False),
                                  entry(Reporter.YOUNG_PERSON, impairment=True)])
        self.assertIs(yes.record.impairment, True)
        no = merge_week(MONDAY, [entry(Reporter.PARENT, impairment=False), entry(Reporter.SCHOOL)])
        self.assertIs(no.record.impairment, False)
        unknown = merge_week(MONDAY, [entry(Reporter.SCHOOL)])
        self.assertIsNone(unknown.record.impairment)


class JourneyOneTest(SamenTestCase):
    """Journey 1: out once a week, no school. Isolated (1 <= 3 days out, 0 school days), so the
    duration is the number of weeks: 12 -> none, 13 (= round(3 x 52/12)) -> pre-hikikomori,
    25 -> pre-hikikomori, 26 (= round(6 x 52/12)) -> hikikomori; 1 day out -> moderate."""

    def log(self, weeks: list[date], **values: object) -> None:
        access = get_access(self.paul, self.child)
        assert access is not None
        actor = Actor(user=self.paul, channel="web")
        for week in weeks:
            do_log_week(actor=actor, access=access, week_start=week,
                        **{"days_out": 1, "participation_days": 0, **values})  # type: ignore[arg-type]

    def stored(self) -> tuple[str, str, int]:
        child = YoungPerson.objects.get(pk=self.child.pk)
        return child.stage, child.severity, child.withdrawn_weeks

    def test_stage_follows_the_duration(self) -> None:
        weeks = mondays(26)
        self.log(weeks[:12], impairment=True)
        self.assertEqual(self.stored(), ("none", "moderate", 12))
        self.log(weeks[12:13])
        self.assertEqual(self.stored(), ("pre_hikikomori", "moderate", 13))
        self.log(weeks[13:14])
        self.assertEqual(self.stored(), ("pre_hikikomori", "moderate", 14))
        self.log(weeks[14:25])
        self.assertEqual(self.stored(), ("pre_hikikomori", "moderate", 25))
        self.log(weeks[25:])
        self.assertEqual(self.stored(), ("hikikomori", "moderate", 26))
        self.assertIsNotNone(YoungPerson.objects.get(pk=self.child.pk).stage_assessed_at)

    def test_a_week_out_on_four_days_ends_the_episode(self) -> None:
        weeks = mondays(15)
        self.log(weeks[:14], impairment=True)
        self.assertEqual(self.stored(), ("pre_hikikomori", "moderate", 14))
        self.log(weeks[14:], days_out=4)
        self.assertEqual(self.stored(), ("none", "", 0))

    def test_no_impairment_recorded_means_no_stage(self) -> None:
        self.log(mondays(14), impairment=False)  # criterion C known and never met
        self.assertEqual(self.stored(), ("none", "moderate", 14))

    def test_reassess_without_weeks_stores_none(self) -> None:
        YoungPerson.objects.filter(pk=self.child.pk).update(stage="hikikomori",
                                                            withdrawn_weeks=30)
        self.assertIsNone(reassess(self.child))
        self.assertEqual(self.stored(), ("none", "", 0))

    def test_stage_change_is_audited_and_enqueues_the_alert_task_once(self) -> None:
        weeks = mondays(14)
        self.log(weeks[:12], impairment=True)
        with self.captureOnCommitCallbacks(execute=True):
            self.log(weeks[12:13])
        self.assertEqual(queued_alerts(), [(self.child.pk, "week"), (self.child.pk, "stage")])
        with self.captureOnCommitCallbacks(execute=True):
            self.log(weeks[13:14])  # still pre-hikikomori: no stage alert
        self.assertEqual(sorted(queued_alerts()),
                         sorted([(self.child.pk, "week"), (self.child.pk, "stage"),
                                 (self.child.pk, "week")]))
        # The real worker takes every queued rule off the queue (what the rules then do is the
        # alerts app's business and tested there). Its close_old_connections() would close the
        # test transaction's connection on PostgreSQL (SQLite's in-memory one survives it).
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            self.run_worker()
        self.assertEqual(DBTaskResult.objects.filter(status="READY").count(), 0)
        self.assertEqual(DBTaskResult.objects.exclude(started_at=None).count(), 3)
        changes = AuditEvent.objects.filter(event="monitoring.episode.reassess",
                                            subject_id=self.child.pk).order_by("id")
        last = changes.last()
        assert last is not None
        self.assertEqual(last.changed_fields, ["withdrawn_weeks"])  # 13 -> 14
        stage_changes = [e for e in changes if "stage" in e.changed_fields]
        self.assertEqual(len(stage_changes), 1)
        self.assertEqual(stage_changes[0].changed_fields, ["stage", "withdrawn_weeks"])
        self.assertEqual((stage_changes[0].actor_role, stage_changes[0].basis),
                         ("parent", "guardian"))


class AbsenceWindowTest(SamenTestCase):
    def test_sixteen_hours_in_four_school_weeks_reach_the_line(self) -> None:
        weeks = mondays(5, end=MONDAY)
        hours = [Decimal(h) for h in ("3", "4", "4", "5", "0")]
        window = worst_window(list(zip(weeks, hours, strict=True)))
        assert window is not None
        self.assertEqual((window.first_week, window.last_week, window.weeks, window.hours),
                         (weeks[0], weeks[3], 4, Decimal(16)))

    def test_fifteen_and_a_half_hours_do_not(self) -> None:
        weeks = mondays(4, end=MONDAY)
        hours = [Decimal(h) for h in ("4", "4", "4", "3.5")]
        self.assertIsNone(worst_window(list(zip(weeks, hours, strict=True))))

    def test_five_weeks_spread_hours_are_not_combined(self) -> None:
        weeks = mondays(5, end=MONDAY)  # 4 + 4 + 4 + 4 would be 16 only across 5 weeks
        hours = [Decimal(h) for h in ("4", "4", "4", "0", "4")]
        self.assertIsNone(worst_window(list(zip(weeks, hours, strict=True))))

    def test_holiday_weeks_are_skipped_but_longer_gaps_break(self) -> None:
        a, b = date(2026, 12, 14), date(2027, 1, 4)  # two weeks of Christmas between them
        window = worst_window([(a, Decimal(8)), (b, Decimal(8))])
        assert window is not None
        self.assertEqual(window.hours, Decimal(16))
        far = date(2027, 1, 25)  # 6 calendar weeks after 14 December: not one period
        self.assertIsNone(worst_window([(a, Decimal(8)), (far, Decimal(8))]))

    def test_one_week_alone_can_reach_the_line(self) -> None:
        window = worst_window([(MONDAY, Decimal(20))])
        assert window is not None
        self.assertEqual((window.weeks, window.hours), (1, Decimal(20)))

    def test_school_year_starts_on_the_first_of_august(self) -> None:
        self.assertEqual(school_year_start(date(2026, 7, 31)), date(2025, 8, 1))
        self.assertEqual(school_year_start(date(2026, 8, 1)), date(2026, 8, 1))
        self.assertEqual(school_year_start(date(2027, 3, 1)), date(2026, 8, 1))
