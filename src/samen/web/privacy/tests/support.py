"""A record with something in every category of the export, made through the apps' actions
where one exists (synthetic data only)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from samen.web.alerts.models import Alert
from samen.web.audit.log import Actor
from samen.web.careplans.actions import do_add_action, do_add_goal
from samen.web.monitoring.models import WeekEntry
from samen.web.screening.actions import do_assign_questionnaire, do_submit_response
from samen.web.screening.models import QuestionnaireResponse
from samen.web.testing import SamenTestCase
from samen.web.youth.access import Access, get_access
from samen.web.youth.models import EmergencyAccess, YoungPerson

# PHQ-A answers q1..q9; by hand 2+1+2+1+0+3+1+2+0 = 12.
PHQA_ANSWERS: dict[str, int | None] = {
    "q1": 2, "q2": 1, "q3": 2, "q4": 1, "q5": 0, "q6": 3, "q7": 1, "q8": 2, "q9": 0,
}
GOAL_TITLE = "Walk the dog twice a week"
GOAL_NOTE = "Start with the short round past the canal"
ACTION_TITLE = "One shared meal a day"
WEEK_NOTE = "Went to the bakery on Saturday"
EMERGENCY_REASON = "Acute crisis call from the GP on Sunday night"


def last_monday(weeks_back: int = 1) -> date:
    today = timezone.localdate()
    return today - timedelta(days=today.weekday() + 7 * weeks_back)


class PrivacyTestCase(SamenTestCase):
    response: QuestionnaireResponse

    def access(self, user: object, young_person: YoungPerson | None = None) -> Access:
        found = get_access(user, young_person or self.record)  # type: ignore[arg-type]
        assert found is not None
        return found

    def seed_everything(self) -> None:
        """Jet's record: one row of each kind (the cast already holds record, guardian,
        organisations, care team and consents)."""
        system = Actor.system("test")
        clara = self.access(self.clara)
        do_assign_questionnaire(actor=system, access=clara, instrument_id="phqa",
                                respondent="young_person", respondent_user=self.jet)
        self.response, _ = do_submit_response(
            actor=system, access=clara, instrument_id="phqa", answers=PHQA_ANSWERS,
            respondent="young_person", author=self.clara, channel="paper",
            idempotency_key=None, authored_at=timezone.now() - timedelta(days=3))
        WeekEntry.objects.create(young_person=self.record, week_start=last_monday(2),
                                 reporter="young_person", days_out=2, room_bound=True,
                                 note=WEEK_NOTE, channel="web")
        WeekEntry.objects.create(young_person=self.record, week_start=last_monday(2),
                                 reporter="school", absence_hours=Decimal("6.5"),
                                 participation_days=3, channel="import")
        do_add_goal(actor=system, access=clara, title=GOAL_TITLE, notes=GOAL_NOTE)
        action = do_add_action(actor=system, access=clara, title=ACTION_TITLE, level="parents",
                               owner_role="parent")
        Alert.objects.create(recipient=self.carla, young_person=self.record, kind="overdue_action",
                             action=action, dedupe_key="privacy:test")
        now = timezone.now()
        EmergencyAccess.objects.create(
            clinician=self.olga, membership=self.olga.memberships.get(), young_person=self.record,
            reason=EMERGENCY_REASON, started_at=now - timedelta(hours=10),
            expires_at=now - timedelta(hours=2))
        self.record.stage, self.record.withdrawn_weeks = "pre_hikikomori", 14
        self.record.stage_assessed_at = now
        self.record.save(update_fields=["stage", "withdrawn_weeks", "stage_assessed_at"])
