"""The alert rules. They run in the background worker after a change (``hooks.notify_change``) and
every hour for overdue actions (``tasks.check_overdue_actions``); running them again never
alerts twice for the same event (``Alert.dedupe_key`` is unique per recipient).

Recipients are only people who can open the record *now* (``youth.access.get_access``): a
professional whose organisation lost its consent, or a parent of a 16-year-old who did not share
the record, gets nothing.

* **Stage change** -- the stage (``YoungPerson.stage``, written by the weekly follow-up) differs
  from the last stage the rules saw and is now ``pre_hikikomori`` or ``hikikomori``: every
  professional on the care team and every parent with access.
* **Worsening score** -- a newly stored questionnaire response whose total is (a) above the
  instrument's cut-off while the previous response of the same instrument and respondent was not
  (or there was none), or (b) worse than that previous response by at least
  :data:`WORSENING_SHARE` of the instrument's score range. "Worse" is the direction of the
  instrument's cut-off (``>=``: higher is worse; ``<=``: lower is worse), else of its risk bands;
  an instrument with neither (SCS-SF) has only rule (a). Recipients: the professionals on the
  care team (the clinician interprets scores; parents see them through the team).
* **Emergency access** -- a clinician outside the team broke the glass
  (``youth.actions.do_open_emergency_access``): every professional on the care team, once.
* **Overdue action** -- an open or in-progress action with a due date before today: its owner
  (the named person, or everyone in the owner role when nobody is named), once per due date.

Each new alert is audited (channel ``worker``, :meth:`Actor.system`) and e-mailed without any
personal or health data (see :func:`send_pending`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from samen.errors import SamenInputError
from samen.instruments import get_instrument, score
from samen.instruments.model import Instrument
from samen.web.accounts.models import User
from samen.web.accounts.roles import CARE_ROLES, Role
from samen.web.alerts.models import Alert, AlertKind, AlertState
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction
from samen.web.careplans.models import OPEN_STATUSES, PlanAction
from samen.web.screening.models import QuestionnaireResponse
from samen.web.youth.access import Access, get_access
from samen.web.youth.models import EmergencyAccess, Stage, YoungPerson

logger = logging.getLogger(__name__)

WORSENING_SHARE = 0.2
"""Assumption (no minimal important change is sourced for every instrument in
``shared/evidence``): a change of a fifth of the score range counts as clearly worse -- 5.4 points
on the PHQ-9 (0-27), 4.2 on the GAD-7 (0-21), 20 on the HQ-25 (0-100), 1.2 on the De Jong
Gierveld 6-item scale (0-6)."""

ALERTING_STAGES = (Stage.PRE_HIKIKOMORI, Stage.HIKIKOMORI)
_RISK_RANK = {"none": 0, "elevated": 1, "high": 2}


def evaluate(young_person_id: int, what: str) -> int:
    """Run the rules for one young person after a change; return the number of new alerts.

    ``what`` names the change (``stage``, ``response``, ``plan``, ``week``, ``import``); the
    stage and score rules run for every change (they only look at what is new), the overdue rule
    for plan changes (the hourly check covers the rest).
    """
    if not YoungPerson.objects.filter(pk=young_person_id).exists():
        return 0  # erased before the worker came to it
    with transaction.atomic():
        state, _ = AlertState.objects.select_for_update().get_or_create(
            young_person_id=young_person_id)
        young_person = YoungPerson.objects.get(pk=young_person_id)
        created = _stage_alerts(young_person, state)
        created += _score_alerts(young_person, state)
        if what == "plan":
            overdue = PlanAction.objects.filter(young_person=young_person,
                                                status__in=OPEN_STATUSES,
                                                due__lt=timezone.localdate())
            for action in overdue:
                created += _overdue_alerts(action)
    send_pending(created)
    return len(created)


def check_overdue(today: date | None = None) -> int:
    """Alert the owner of every overdue action once (per due date); return the new alerts."""
    today = today or timezone.localdate()
    created: list[Alert] = []
    overdue = (PlanAction.objects.filter(status__in=OPEN_STATUSES, due__lt=today)
               .select_related("young_person", "owner_person").order_by("pk"))
    for action in overdue:
        with transaction.atomic():
            created += _overdue_alerts(action)
    send_pending(created)
    send_pending(_unsent())  # retry mail that could not be sent earlier
    return len(created)


# -- recipients ------------------------------------------------------------------------------

def current_accesses(young_person: YoungPerson) -> list[Access]:
    """Everyone who can open the record now: the young person, parents, the care team."""
    users: list[User] = []
    if young_person.account is not None:
        users.append(young_person.account)
    users += [g.user for g in young_person.guardianships.filter(has_authority=True)
              .select_related("user").order_by("user_id")]
    users += [place.membership.user for place in young_person.care_team.filter(
        is_active=True, membership__is_active=True, membership__role__in=list(CARE_ROLES),
    ).select_related("membership__user").order_by("membership__user_id")]
    found: dict[int, Access] = {}
    for user in users:
        if user.pk not in found:
            access = get_access(user, young_person)
            if access is not None:
                found[user.pk] = access
    return list(found.values())


def _team(young_person: YoungPerson) -> list[Access]:
    return [a for a in current_accesses(young_person) if a.role in CARE_ROLES]


def _team_and_parents(young_person: YoungPerson) -> list[Access]:
    return [a for a in current_accesses(young_person)
            if a.role in CARE_ROLES or a.role == Role.PARENT]


def _owners(action: PlanAction) -> list[Access]:
    young_person = action.young_person
    if action.owner_person is not None:
        access = get_access(action.owner_person, young_person)
        return [access] if access is not None else []
    return [a for a in current_accesses(young_person) if a.role == action.owner_role]


# -- the rules -------------------------------------------------------------------------------

def _stage_alerts(young_person: YoungPerson, state: AlertState) -> list[Alert]:
    current = young_person.stage
    if current == state.last_stage:
        return []
    state.last_stage = current
    state.stage_changes += 1
    state.save(update_fields=["last_stage", "stage_changes", "updated_at"])
    if current not in ALERTING_STAGES:
        return []
    key = f"stage:{young_person.pk}:{state.stage_changes}:{current}"
    return _create_for(_team_and_parents(young_person), young_person, AlertKind.STAGE_CHANGE,
                       key, stage=current)


@dataclass(frozen=True)
class Totals:
    total: float | None
    above_cutoff: bool | None


def totals(response: QuestionnaireResponse) -> Totals:
    """The total and cut-off result, re-scored from the stored answers (stored values if the
    answers no longer score)."""
    try:
        result = score(response.instrument_id, response.answers)
    except SamenInputError:
        return Totals(response.total, response.above_cutoff)
    return Totals(result.total, result.above_cutoff)


def worse_direction(instrument: Instrument) -> int:
    """+1 when a higher total is worse, -1 when a lower one is, 0 when the instrument says not."""
    cutoff = instrument.default_cutoff or (instrument.cutoffs[0] if instrument.cutoffs else None)
    if cutoff is not None and cutoff.applies_to == "total":
        return 1 if cutoff.direction == ">=" else -1
    banded = [b for b in instrument.bands if b.risk is not None]
    if len(banded) >= 2:
        low = min(banded, key=lambda b: b.min)
        high = max(banded, key=lambda b: b.min)
        assert low.risk is not None
        assert high.risk is not None
        difference = _RISK_RANK[high.risk] - _RISK_RANK[low.risk]
        return (difference > 0) - (difference < 0)
    return 0


def worsening_reason(instrument_id: str, new: Totals, previous: Totals | None) -> str | None:
    """``"cutoff"``, ``"threshold"`` or None: why the new score counts as worse, if it does."""
    if new.above_cutoff is True and (previous is None or previous.above_cutoff is not True):
        return "cutoff"
    if previous is None or new.total is None or previous.total is None:
        return None
    try:
        instrument = get_instrument(instrument_id)
    except SamenInputError:
        return None
    direction = worse_direction(instrument)
    bounds = instrument.total_range
    if direction == 0 or bounds is None:
        return None
    change = (new.total - previous.total) * direction
    if change >= WORSENING_SHARE * (bounds[1] - bounds[0]) - 1e-9:
        return "threshold"
    return None


def _score_alerts(young_person: YoungPerson, state: AlertState) -> list[Alert]:
    new = list(QuestionnaireResponse.objects.filter(
        young_person=young_person, pk__gt=state.last_response_id).order_by("pk"))
    if not new:
        return []
    state.last_response_id = new[-1].pk
    state.save(update_fields=["last_response_id", "updated_at"])
    created: list[Alert] = []
    for response in new:
        before = (QuestionnaireResponse.objects
                  .filter(young_person=young_person, instrument_id=response.instrument_id,
                          respondent=response.respondent)
                  .filter(Q(authored_at__lt=response.authored_at)
                          | Q(authored_at=response.authored_at, pk__lt=response.pk))
                  .order_by("-authored_at", "-pk").first())
        now = totals(response)
        then = totals(before) if before is not None else None
        reason = worsening_reason(response.instrument_id, now, then)
        if reason is None:
            continue
        created += _create_for(
            _team(young_person), young_person, AlertKind.WORSENING_SCORE,
            f"score:{response.pk}", instrument_id=response.instrument_id,
            response_id=response.pk, new_total=now.total,
            previous_total=then.total if then else None, reason=reason,
        )
    return created


def _overdue_alerts(action: PlanAction) -> list[Alert]:
    assert action.due is not None
    key = f"overdue:{action.pk}:{action.due.isoformat()}"
    return _create_for(_owners(action), action.young_person, AlertKind.OVERDUE_ACTION, key,
                       action=action)


def _create_for(accesses: Iterable[Access], young_person: YoungPerson, kind: str, key: str,
                **fields: Any) -> list[Alert]:
    created: list[Alert] = []
    for access in accesses:
        alert, is_new = Alert.objects.get_or_create(
            recipient=access.user, dedupe_key=key,
            defaults={"young_person": young_person, "kind": kind, **fields},
        )
        if not is_new:
            continue
        record(
            Actor.system(), event="alerts.alert.create", action=AuditAction.CREATE,
            subject_id=young_person.pk, subject_pseudonym=young_person.pseudonym,
            role=access.role, basis=access.basis, organisation_name=access.organisation_name,
            object_type="alert", object_id=alert.pk,
            changed_fields=["recipient", "kind", *sorted(fields)],
        )
        created.append(alert)
    return created


def emergency_alerts(emergency_id: int) -> int:
    """Alert the care team about one break-the-glass access; return the number of new alerts."""
    emergency = EmergencyAccess.objects.filter(pk=emergency_id).select_related(
        "young_person").first()
    if emergency is None:
        return 0  # the record was erased before the worker came to it
    with transaction.atomic():
        created = _create_for(_team(emergency.young_person), emergency.young_person,
                              AlertKind.EMERGENCY_ACCESS, f"emergency:{emergency.pk}",
                              emergency=emergency)
    send_pending(created)
    return len(created)


# -- e-mail ----------------------------------------------------------------------------------

SUBJECT = "Samen: nieuwe melding / new notice"
BODY = (
    "Er is een nieuwe melding in Samen. Log in om die te lezen:\n{link}\n\n"
    "There is a new notice in Samen. Sign in to read it:\n{link}\n"
)


def alerts_link() -> str:
    """Where the mail points: ``SAMEN_SITE_URL`` (setting or environment) plus the alerts page."""
    base = getattr(settings, "SAMEN_SITE_URL", "") or os.environ.get(
        "SAMEN_SITE_URL", "http://127.0.0.1:8000")
    return base.rstrip("/") + reverse("alerts:list")


def send_pending(alerts: Iterable[Alert]) -> int:
    """E-mail each alert not yet e-mailed to a recipient with an address; return mails sent.

    The mail says only that there is a notice and where to sign in: no name, pseudonym, stage,
    score or action, because e-mail leaves the protected system.

    Each alert is claimed (``emailed_at`` set where it is still empty) before its mail goes out,
    so a retried task or a second worker never mails it twice. A worker that dies between the
    claim and the hand-over to the mail server loses that one mail; the alert itself stays on
    the recipient's list of notices.
    """
    sent = 0
    body = BODY.format(link=alerts_link())
    for alert in alerts:
        address = alert.recipient.email
        if alert.emailed_at is not None or not address:
            continue
        claimed = Alert.objects.filter(pk=alert.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now())
        if not claimed:
            continue  # mailed meanwhile, by an earlier attempt or another worker
        try:
            send_mail(SUBJECT, body, None, [address])
        except Exception:  # unclaimed again, so the hourly check retries it
            logger.exception("could not e-mail alert %s", alert.pk)
            Alert.objects.filter(pk=alert.pk).update(emailed_at=None)
            continue
        alert.refresh_from_db(fields=["emailed_at"])
        sent += 1
    return sent


def _unsent() -> list[Alert]:
    since = timezone.now() - timedelta(days=2)
    return list(Alert.objects.filter(emailed_at__isnull=True, created_at__gte=since)
                .exclude(recipient__email="").select_related("recipient"))
