"""The alert rules through the real worker: who is alerted, once, and what the e-mail says."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from samen.instruments import get_instrument
from samen.web.alerts.hooks import notify_change
from samen.web.alerts.models import Alert, AlertState
from samen.web.alerts.rules import Totals, worse_direction, worsening_reason
from samen.web.alerts.tasks import check_overdue_actions
from samen.web.audit.log import Actor
from samen.web.audit.models import AuditEvent
from samen.web.careplans.models import PlanAction
from samen.web.careplans.tests.support import WorkerTestCase, add_action, store_response
from samen.web.monitoring.actions import do_log_week
from samen.web.monitoring.tests.support import mondays
from samen.web.youth.access import get_access
from samen.web.youth.models import ConsentGrant, Stage, YoungPerson


class AlertTestCase(WorkerTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for user in (cls.jet, cls.ruben, cls.paul, cls.carla, cls.wout, cls.clara, cls.otto,
                     cls.olga):
            user.email = f"{user.username}@example.org"
            user.save(update_fields=["email"])

    def set_stage(self, young_person: YoungPerson, stage: Stage) -> int:
        """Store a stage the way the weekly follow-up does, then run the real worker."""
        with self.captureOnCommitCallbacks(execute=True):
            young_person.stage = stage
            young_person.save(update_fields=["stage"])
            notify_change(young_person.pk, "stage")
        return self.run_worker()

    def recipients(self, **filters: object) -> list[str]:
        return sorted(a.recipient.username for a in Alert.objects.filter(**filters))


class StageAlertTest(AlertTestCase):
    def test_pre_hikikomori_alerts_team_and_parents_once_each_with_a_bare_mail(self) -> None:
        self.assertEqual(self.set_stage(self.child, Stage.PRE_HIKIKOMORI), 1)
        # Ruben (13): Carla and Clara on the team, Paul as parent; never Ruben himself.
        self.assertEqual(self.recipients(kind="stage_change"), ["carla", "clara", "paul"])
        self.assertEqual({a.stage for a in Alert.objects.all()}, {"pre_hikikomori"})
        self.assertEqual(sorted(m.to[0] for m in mail.outbox),
                         ["carla@example.org", "clara@example.org", "paul@example.org"])
        for message in mail.outbox:
            text = f"{message.subject}\n{message.body}"
            self.assertNotIn("J-RUB013", text)
            self.assertNotIn("hikikomori", text.lower())
            self.assertIn("Er is een nieuwe melding in Samen. Log in om die te lezen", text)
            self.assertIn("There is a new notice in Samen. Sign in to read it", text)
            self.assertIn("/alerts/", message.body)
        self.assertEqual(Alert.objects.filter(emailed_at__isnull=True).count(), 0)

        # The same stage again (another week logged, another change): nothing new.
        with self.captureOnCommitCallbacks(execute=True):
            notify_change(self.child.pk, "week")
            notify_change(self.child.pk, "stage")
        self.assertEqual(self.run_worker(), 2)
        self.assertEqual(Alert.objects.count(), 3)
        self.assertEqual(len(mail.outbox), 3)

    def test_each_stage_change_is_its_own_event(self) -> None:
        self.set_stage(self.child, Stage.PRE_HIKIKOMORI)
        self.set_stage(self.child, Stage.HIKIKOMORI)  # three months later
        self.assertEqual(self.recipients(stage="hikikomori"), ["carla", "clara", "paul"])
        self.set_stage(self.child, Stage.NONE)  # recovery alerts nobody
        self.assertEqual(Alert.objects.count(), 6)
        self.set_stage(self.child, Stage.PRE_HIKIKOMORI)  # a new episode alerts again
        self.assertEqual(Alert.objects.filter(stage="pre_hikikomori").count(), 6)
        state = AlertState.objects.get(young_person=self.child)
        self.assertEqual((state.last_stage, state.stage_changes), ("pre_hikikomori", 4))

    def test_withdrawn_consent_means_no_alert(self) -> None:
        # Jet (17) withdraws her consent for Buurtwerk Oost (Wout's organisation).
        ConsentGrant.objects.filter(young_person=self.record, organisation=self.community).update(
            withdrawn_at=timezone.now())
        self.set_stage(self.record, Stage.PRE_HIKIKOMORI)
        self.assertEqual(self.recipients(), ["carla", "clara", "paul"])
        self.assertNotIn("wout@example.org", [m.to[0] for m in mail.outbox])

    def test_parent_of_sixteen_plus_without_consent_is_not_alerted(self) -> None:
        ConsentGrant.objects.filter(young_person=self.record, scope="guardians").update(
            withdrawn_at=timezone.now())
        self.set_stage(self.record, Stage.HIKIKOMORI)
        self.assertEqual(self.recipients(), ["carla", "clara", "wout"])

    def test_alert_creation_is_audited_by_the_worker(self) -> None:
        self.set_stage(self.child, Stage.PRE_HIKIKOMORI)
        events = AuditEvent.objects.filter(event="alerts.alert.create")
        self.assertEqual(events.count(), 3)
        self.assertEqual({(e.channel, e.actor_username, e.subject_pseudonym) for e in events},
                         {("worker", "[worker]", "J-RUB013")})
        self.assertEqual(sorted(e.actor_role for e in events),
                         ["clinician", "parent", "school_coordinator"])

    def test_journey_one_weeks_logged_by_the_parent(self) -> None:
        """Fourteen weeks out once a week (with impairment) make Ruben pre-hikikomori through the
        weekly follow-up itself; coordinator and clinician get one alert and one mail each."""
        access = get_access(self.paul, self.child)
        assert access is not None
        with self.captureOnCommitCallbacks(execute=True):
            for monday in mondays(14):
                do_log_week(actor=Actor(self.paul, "web"), access=access, week_start=monday,
                            days_out=1, impairment=True)
        self.run_worker()
        self.child.refresh_from_db()
        self.assertEqual(self.child.stage, "pre_hikikomori")
        for user in (self.carla, self.clara):
            self.assertEqual(Alert.objects.filter(recipient=user).count(), 1)
            self.assertEqual([m.to for m in mail.outbox].count([user.email]), 1)
        self.run_worker()
        self.assertEqual(Alert.objects.count(), 3)


class ScoreAlertTest(AlertTestCase):
    def submit(self, instrument: str, answers: list[int], days_ago: int) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            store_response(self.child, instrument, answers, days_ago=days_ago)
            notify_change(self.child.pk, "response")
        self.run_worker()

    def test_worse_by_a_fifth_of_the_range_or_newly_above_the_cutoff(self) -> None:
        # PHQ-A (0-27, cut-off 11, a fifth of the range 5.4).
        self.submit("phqa", [1, 1, 1, 0, 0, 0, 0, 0, 0], days_ago=40)  # 3: first, below: none
        self.assertEqual(Alert.objects.count(), 0)
        self.submit("phqa", [1] * 9, days_ago=30)  # 9: +6 >= 5.4: threshold
        self.assertEqual(self.recipients(reason="threshold"), ["carla", "clara"])
        self.submit("phqa", [2, 2, 2, 1, 1, 1, 1, 1, 1], days_ago=20)  # 12: newly >= 11: cut-off
        self.assertEqual(self.recipients(reason="cutoff"), ["carla", "clara"])
        self.submit("phqa", [2, 2, 2, 2, 2, 1, 1, 1, 1], days_ago=10)  # 14: +2, still above
        self.submit("phqa", [1, 1, 1, 1, 1, 1, 1, 1, 0], days_ago=0)  # 8: better
        self.assertEqual(Alert.objects.count(), 4)
        cutoff = Alert.objects.get(recipient=self.clara, reason="cutoff")
        self.assertEqual((cutoff.instrument_id, cutoff.previous_total, cutoff.new_total),
                         ("phqa", 9.0, 12.0))
        self.assertEqual(len(mail.outbox), 4)

    def test_a_late_entered_response_is_compared_with_the_one_before_it(self) -> None:
        self.submit("phqa", [0] * 9, days_ago=30)  # 0
        self.submit("phqa", [1] * 9, days_ago=0)  # 9: +9: threshold (2 alerts)
        self.submit("phqa", [1, 1, 1, 1, 0, 0, 0, 0, 0], days_ago=20)  # 4, after 0: +4 < 5.4
        self.assertEqual(Alert.objects.count(), 2)

    def test_direction_follows_the_cutoff_or_the_bands(self) -> None:
        expected = {"phq9": 1, "gad7": 1, "rses": -1, "ucla3": 1, "djg6": 1, "isi": 1,
                    "scs_sf": 0, "ecr_rs": 0}
        for instrument, direction in expected.items():
            with self.subTest(instrument=instrument):
                self.assertEqual(worse_direction(get_instrument(instrument)), direction)

    def test_rules_by_hand(self) -> None:
        # RSES (0-30): lower is worse; a fifth is 6 points. 25 -> 19 is exactly 6: threshold.
        self.assertEqual(worsening_reason("rses", Totals(19, False), Totals(25, False)),
                         "threshold")
        self.assertIsNone(worsening_reason("rses", Totals(20, False), Totals(25, False)))
        self.assertIsNone(worsening_reason("rses", Totals(30, False), Totals(20, False)))
        # RSES cut-off <= 14: 14 newly meets it.
        self.assertEqual(worsening_reason("rses", Totals(14, True), Totals(15, False)), "cutoff")
        # A first response above its cut-off is news; a first one below is not.
        self.assertEqual(worsening_reason("gad7", Totals(10, True), None), "cutoff")
        self.assertIsNone(worsening_reason("gad7", Totals(9, False), None))
        # SCS-SF has neither a cut-off nor risk bands: no direction, no alert.
        self.assertIsNone(worsening_reason("scs_sf", Totals(1.0, None), Totals(5.0, None)))


class OverdueAlertTest(AlertTestCase):
    meal: PlanAction
    school_action: PlanAction
    later: PlanAction

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.meal = add_action(cls.clara, cls.record, title="One shared meal a day",
                              level="parents", owner_role="parent", owner_person=cls.paul)
        cls.school_action = add_action(cls.clara, cls.record, title="Gradual return plan",
                                level="school", owner_role="school_coordinator")
        cls.later = add_action(cls.clara, cls.record, title="Weekly sport group",
                               level="community", owner_role="youth_worker")
        yesterday = timezone.localdate() - timedelta(days=1)
        PlanAction.objects.filter(pk__in=[cls.meal.pk, cls.school_action.pk]).update(due=yesterday)

    def check(self) -> int:
        check_overdue_actions.enqueue()
        return self.run_worker()

    def test_each_owner_is_alerted_once(self) -> None:
        self.assertEqual(self.check(), 1)
        self.assertEqual(self.recipients(kind="overdue_action"), ["carla", "paul"])
        self.assertEqual(Alert.objects.get(recipient=self.paul).action, self.meal)
        self.assertEqual(len(mail.outbox), 2)
        self.check()
        self.assertEqual(Alert.objects.count(), 2)
        self.assertEqual(len(mail.outbox), 2)

    def test_done_actions_are_not_overdue_and_a_new_due_date_is_a_new_event(self) -> None:
        PlanAction.objects.filter(pk=self.school_action.pk).update(status="done")
        self.check()
        self.assertEqual(self.recipients(), ["paul"])
        PlanAction.objects.filter(pk=self.meal.pk).update(
            due=timezone.localdate() - timedelta(days=2))
        self.check()
        self.assertEqual(Alert.objects.filter(recipient=self.paul).count(), 2)

    def test_owner_without_access_is_not_alerted(self) -> None:
        ConsentGrant.objects.filter(young_person=self.record, scope="guardians").update(
            withdrawn_at=timezone.now())
        self.check()
        self.assertEqual(self.recipients(), ["carla"])

    def test_a_plan_change_checks_that_plan_at_once(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            notify_change(self.record.pk, "plan")
        self.run_worker()
        self.assertEqual(self.recipients(), ["carla", "paul"])


class MailFailureTest(AlertTestCase):
    def test_mail_that_fails_is_retried_by_the_hourly_check(self) -> None:
        with self.settings(EMAIL_BACKEND="samen.web.alerts.tests.test_rules.BrokenBackend"):
            self.set_stage(self.child, Stage.PRE_HIKIKOMORI)
        self.assertEqual(Alert.objects.filter(emailed_at__isnull=True).count(), 3)
        check_overdue_actions.enqueue()
        self.run_worker()
        self.assertEqual(Alert.objects.filter(emailed_at__isnull=True).count(), 0)
        self.assertEqual(len(mail.outbox), 3)


class BrokenBackend:
    """An e-mail backend whose server is down."""

    def __init__(self, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: list[object]) -> int:
        raise ConnectionRefusedError("SMTP server down")
