"""Objects for the permission matrix: one of each kind in our region and one in the other.

Everything is made through the apps' own actions where one exists (as the web makes it), on the
cast of :class:`samen.web.testing.SamenTestCase`:

================  ==========================================  =================================
kind              ours (Noordstad)                            theirs (Zuidstad)
================  ==========================================  =================================
record            ``record`` (Jet, 17)                        ``other_record`` (15, no account)
organisation      Het Baken (``ad`` is its admin)             Lyceum Zuid (no admin in the cast)
membership        Carla's, at Het Baken                       Otto's, at Lyceum Zuid
assignment        PHQ-A for Jet to answer (by Clara)          PHQ-A for Olga to answer (by Olga)
response          PHQ-A entered on paper by Clara for Jet     PHQ-A entered by Olga
plan action       a parents' action (owner: parent)           a clinician's action (by Olga)
goal              a goal set by Clara                         a goal set by Olga
alert             Carla's alert about Jet                     Otto's alert about the other record
API token         Carla's                                     Otto's
comparison        a scenario comparison (no region: global)   a second one (also global)
emergency access  Olga's on Jet's record (ended)              Clara's on the other record (ended)
instrument        ``phqa`` (no region)                        ``gad7``
================  ==========================================  =================================

Alerts are made by the worker in real life, so they are stored directly (as the alert app's own
tests do); comparisons are stored by the simulation and are made directly too. All synthetic.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from samen.web.alerts.models import Alert
from samen.web.api.actions import do_create_token
from samen.web.api.models import ApiToken
from samen.web.audit.log import Actor
from samen.web.careplans.actions import do_add_action, do_add_goal
from samen.web.careplans.models import CarePlan, Goal, PlanAction
from samen.web.dashboard.models import ScenarioComparison
from samen.web.screening.actions import do_assign_questionnaire, do_submit_response
from samen.web.screening.models import QuestionnaireAssignment, QuestionnaireResponse
from samen.web.testing import SamenTestCase
from samen.web.youth.access import Access, get_access
from samen.web.youth.actions import do_end_emergency_access, do_open_emergency_access
from samen.web.youth.models import EmergencyAccess, YoungPerson

# PHQ-A answers q1..q9 (published option values); by hand 2+1+2+1+0+3+1+2+0 = 12.
PHQA_ANSWERS: dict[str, int | None] = {
    "q1": 2, "q2": 1, "q3": 2, "q4": 1, "q5": 0, "q6": 3, "q7": 1, "q8": 2, "q9": 0,
}


def _access(user: Any, young_person: YoungPerson) -> Access:
    access = get_access(user, young_person)
    assert access is not None, (user.username, young_person.pseudonym)
    return access


def _summary() -> dict[str, Any]:
    """The smallest comparison summary the dashboard pages render (hand-chosen numbers)."""
    return {
        "base": "baseline", "base_title": "Baseline", "seeds": [1], "agents": 100, "weeks": 52,
        "interval": "5th-95th percentile of the paired differences",
        "others": [{
            "scenario": "wij", "title": "From I to we", "cost_unknown": [], "cost_assumed": [],
            "outcomes": [{
                "id": "hikikomori_prevalence_end", "label": "Hikikomori at the end",
                "base_median": 0.02, "other_median": 0.015, "difference_median": -0.005,
                "difference_p5": -0.008, "difference_p95": -0.001, "share_better": 0.9,
                "differences": [-0.008, -0.001],
            }],
        }],
    }


class MatrixTestCase(SamenTestCase):
    """The cast plus one object of every kind a route's URL names, in each region."""

    assignment: QuestionnaireAssignment
    other_assignment: QuestionnaireAssignment
    response: QuestionnaireResponse
    other_response: QuestionnaireResponse
    action: PlanAction
    other_action: PlanAction
    goal: Goal
    other_goal: Goal
    plan: CarePlan
    other_plan: CarePlan
    alert: Alert
    other_alert: Alert
    token: ApiToken
    other_token: ApiToken
    comparison: ScenarioComparison
    emergency: EmergencyAccess
    other_emergency: EmergencyAccess
    other_comparison: ScenarioComparison

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        system = Actor.system("test")
        ours, theirs = _access(cls.clara, cls.record), _access(cls.olga, cls.other_record)

        cls.assignment = do_assign_questionnaire(
            actor=system, access=ours, instrument_id="phqa", respondent="young_person",
            respondent_user=cls.jet)
        cls.other_assignment = do_assign_questionnaire(
            actor=system, access=theirs, instrument_id="phqa", respondent="professional",
            respondent_user=cls.olga)
        earlier = timezone.now() - timedelta(days=7)
        cls.response, _ = do_submit_response(
            actor=system, access=ours, instrument_id="phqa", answers=PHQA_ANSWERS,
            respondent="young_person", author=cls.clara, channel="paper", idempotency_key=None,
            authored_at=earlier)
        cls.other_response, _ = do_submit_response(
            actor=system, access=theirs, instrument_id="phqa", answers=PHQA_ANSWERS,
            respondent="young_person", author=cls.olga, channel="paper", idempotency_key=None,
            authored_at=earlier)

        # Ours: a parents' action (Paul moves it, Clara edits it); theirs: Olga's own action.
        cls.action = do_add_action(actor=system, access=ours, title="One shared meal a day",
                                   level="parents", owner_role="parent")
        cls.other_action = do_add_action(actor=system, access=theirs, title="CBT intake",
                                         level="care", owner_role="clinician")
        cls.goal = do_add_goal(actor=system, access=ours, title="Walk the dog twice a week")
        cls.other_goal = do_add_goal(actor=system, access=theirs, title="Go to the library")
        cls.plan = CarePlan.objects.get(young_person=cls.record)
        cls.other_plan = CarePlan.objects.get(young_person=cls.other_record)

        cls.alert = Alert.objects.create(
            recipient=cls.carla, young_person=cls.record, kind="stage_change",
            stage="pre_hikikomori", dedupe_key="matrix:ours")
        cls.other_alert = Alert.objects.create(
            recipient=cls.otto, young_person=cls.other_record, kind="stage_change",
            stage="pre_hikikomori", dedupe_key="matrix:theirs")

        # Break the glass, already ended (an open one would change every other row): Olga on
        # Jet's record is ours, Clara on the other region's record is theirs.
        cls.emergency, cls.other_emergency = (
            do_end_emergency_access(actor=Actor(user=user, channel="test"),
                                    emergency=do_open_emergency_access(
                                        actor=system, membership=user.memberships.get(),
                                        young_person=young_person,
                                        reason="Matrix fixture: acute crisis at night"))
            for user, young_person in ((cls.olga, cls.record), (cls.clara, cls.other_record))
        )

        cls.token, _secret = do_create_token(actor=Actor(user=cls.carla, channel="test"),
                                             name="ours")
        cls.other_token, _secret = do_create_token(actor=Actor(user=cls.otto, channel="test"),
                                                   name="theirs")

        titles = {"base": {"nl": "Basislijn", "en": "Baseline"},
                  "other": {"nl": "Van ik naar wij", "en": "From I to we"}}
        cls.comparison, cls.other_comparison = (
            ScenarioComparison.objects.create(
                name=name, base="baseline", other="wij", agents=100, years=1, runs=1,
                titles=titles, summary=_summary())
            for name in ("Van ik naar wij", "Van ik naar wij (2)")
        )
