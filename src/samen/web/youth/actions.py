"""Every write to the record, team and consent: one transaction each, with its audit event."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from samen.web.accounts.models import Membership, Organisation, User
from samen.web.accounts.roles import CARE_ROLES, PROFESSIONAL_ROLES, Role
from samen.web.alerts.hooks import notify_emergency_access
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction
from samen.web.youth.access import Access, Basis, active_emergency, get_access
from samen.web.youth.consent import may_give_consent
from samen.web.youth.emergency import EmergencyRefused
from samen.web.youth.models import (
    EMERGENCY_HOURS,
    EMERGENCY_REASON_MIN_LENGTH,
    CareTeamMember,
    ConsentGrant,
    ConsentScope,
    EmergencyAccess,
    Guardianship,
    Involvement,
    YoungPerson,
)

_PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud safely


def new_pseudonym() -> str:
    return "J-" + "".join(secrets.choice(_PSEUDONYM_ALPHABET) for _ in range(6))


def _audit(actor: Actor, young_person: YoungPerson, *, event: str, action: AuditAction,
           role: str, basis: str, organisation_name: str = "", object_type: str,
           object_id: object, changed: tuple[str, ...] = ()) -> None:
    record(
        actor, event=event, action=action, subject_id=young_person.pk,
        subject_pseudonym=young_person.pseudonym, role=role, basis=basis,
        organisation_name=organisation_name, object_type=object_type, object_id=object_id,
        changed_fields=changed,
    )


def may_be_linked(user: User, starter: Membership) -> bool:
    """Whether ``user`` may be linked as the young person or a parent by ``starter``: an active
    account, not the starter's own and without an active professional membership. (Linking gives
    the account the young person's or a parent's access, and a parent's say in consent, so a
    professional must never be able to link themselves or a colleague this way.)"""
    return (
        user.is_active
        and user.pk != starter.user_id
        and not user.memberships.filter(is_active=True, role__in=list(PROFESSIONAL_ROLES)).exists()
    )


@transaction.atomic
def do_start_team(
    *, actor: Actor, membership: Membership, birth_month: date, sex: str, district: str,
    pseudonym: str | None = None, account: User | None = None, guardian: User | None = None,
) -> YoungPerson:
    """A professional opens a record and a care team around a young person; data stay hidden from
    the team until the consent the age rules require is given.

    ``account`` links the young person's own sign-in (so they can consent from 12); ``guardian``
    links a parent with authority (so they can consent under 16). Both are optional.
    """
    if membership.role not in CARE_ROLES or not membership.is_active:
        raise PermissionError("only an active care professional can start a team")
    for linked in (account, guardian):
        if linked is not None and not may_be_linked(linked, membership):
            raise ValueError("only an active account of a non-professional can be linked")
    if account is not None and YoungPerson.objects.filter(account=account).exists():
        raise ValueError("the young person's account is already linked to a record")
    if guardian is not None and guardian == account:
        raise ValueError("the parent's account cannot be the young person's own")
    young_person = YoungPerson.objects.create(
        pseudonym=pseudonym or new_pseudonym(), birth_month=birth_month.replace(day=1),
        sex=sex, district=district, account=account,
    )
    Involvement.objects.create(
        young_person=young_person, organisation=membership.organisation,
        since=timezone.localdate(),
    )
    CareTeamMember.objects.create(young_person=young_person, membership=membership)
    _audit(actor, young_person, event="youth.record.create", action=AuditAction.CREATE,
           role=membership.role, basis="start_of_care", organisation_name=membership.organisation.name,
           object_type="young_person", object_id=young_person.pk,
           changed=("pseudonym", "birth_month", "sex", "district")
           + (("account",) if account is not None else ()))
    if guardian is not None:
        guardianship = Guardianship.objects.create(
            young_person=young_person, user=guardian, has_authority=True
        )
        _audit(actor, young_person, event="youth.guardian.add", action=AuditAction.CREATE,
               role=membership.role, basis="start_of_care",
               organisation_name=membership.organisation.name, object_type="guardianship",
               object_id=guardianship.pk, changed=("user", "has_authority"))
    return young_person


@transaction.atomic
def do_add_guardian(*, actor: Actor, access: Access, user: User, has_authority: bool) -> Guardianship:
    guardianship, _ = Guardianship.objects.update_or_create(
        young_person=access.young_person, user=user, defaults={"has_authority": has_authority}
    )
    _audit(actor, access.young_person, event="youth.guardian.add", action=AuditAction.CREATE,
           role=access.role, basis=access.basis, organisation_name=access.organisation_name,
           object_type="guardianship", object_id=guardianship.pk, changed=("user", "has_authority"))
    return guardianship


@transaction.atomic
def do_add_team_member(*, actor: Actor, access: Access, membership: Membership) -> CareTeamMember:
    """A care professional on the team adds a professional of an organisation in the same
    municipality; that organisation becomes involved (and needs consent of its own)."""
    if access.role not in CARE_ROLES or access.membership is None:
        raise PermissionError("only a care professional on the team adds team members")
    if membership.role not in CARE_ROLES or not membership.is_active:
        raise ValueError("only an active care professional can join a care team")
    if membership.organisation.municipality != access.membership.organisation.municipality:
        raise ValueError("team members come from organisations in the same municipality")
    Involvement.objects.get_or_create(
        young_person=access.young_person, organisation=membership.organisation,
        defaults={"since": timezone.localdate()},
    )
    place, _ = CareTeamMember.objects.update_or_create(
        young_person=access.young_person, membership=membership, defaults={"is_active": True}
    )
    _audit(actor, access.young_person, event="youth.team.add", action=AuditAction.CREATE,
           role=access.role, basis=access.basis, organisation_name=access.organisation_name,
           object_type="care_team_member", object_id=place.pk, changed=("membership",))
    return place


@transaction.atomic
def do_grant_consent(
    *, actor: Actor, access: Access, scope: ConsentScope, organisation: Organisation | None,
) -> ConsentGrant:
    """The young person or a parent with authority gives consent (idempotent while in force)."""
    if access.role not in {Role.YOUNG_PERSON, Role.PARENT}:
        raise PermissionError("only the young person or a parent gives consent")
    if not may_give_consent(access, scope):
        raise PermissionError("at this age this person does not give this consent")
    if scope == ConsentScope.ORGANISATION and (
        organisation is None
        or not Involvement.objects.filter(
            young_person=access.young_person, organisation=organisation
        ).exists()
    ):
        raise ValueError("consent to share is given to an organisation involved with the record")
    if scope == ConsentScope.GUARDIANS and organisation is not None:
        raise ValueError("consent to share with the parents names no organisation")
    is_young_person = access.role == Role.YOUNG_PERSON
    existing = ConsentGrant.objects.filter(
        young_person=access.young_person, scope=scope, organisation=organisation,
        grantor=access.user, withdrawn_at__isnull=True,
    ).first()
    if existing is not None:
        return existing
    grant = ConsentGrant.objects.create(
        young_person=access.young_person, scope=scope, organisation=organisation,
        grantor=access.user, grantor_is_young_person=is_young_person, granted_at=timezone.now(),
    )
    _audit(actor, access.young_person, event="youth.consent.grant", action=AuditAction.CREATE,
           role=access.role, basis=access.basis, object_type="consent", object_id=grant.pk,
           changed=("scope", "organisation"))
    return grant


@transaction.atomic
def do_withdraw_consent(*, actor: Actor, access: Access, grant: ConsentGrant) -> ConsentGrant:
    """Withdrawal takes effect at once: the next access check no longer finds the consent."""
    if grant.young_person_id != access.young_person.pk or grant.grantor_id != access.user.pk:
        raise PermissionError("only the person who gave a consent can withdraw it")
    if grant.withdrawn_at is None:
        grant.withdrawn_at = timezone.now()
        grant.save(update_fields=["withdrawn_at"])
        _audit(actor, access.young_person, event="youth.consent.withdraw",
               action=AuditAction.UPDATE, role=access.role, basis=access.basis,
               object_type="consent", object_id=grant.pk, changed=("withdrawn_at",))
    return grant


@transaction.atomic
def do_open_emergency_access(
    *, actor: Actor, membership: Membership, young_person: YoungPerson, reason: str,
    hours: int = EMERGENCY_HOURS,
) -> EmergencyAccess:
    """Break the glass: a clinician outside the care team reads ``young_person`` for ``hours``.

    The opening is an audit event with basis ``break_the_glass`` (the NEN 7513 noodprocedure) and
    the care team is alerted (in the app and by e-mail, through the worker) with who, when and why.
    """
    clinician = membership.user
    if membership.role != Role.CLINICIAN or not membership.is_active or not clinician.is_active:
        raise PermissionError("only an active clinician may break the glass")
    reason = reason.strip()
    if len(reason) < EMERGENCY_REASON_MIN_LENGTH:
        raise EmergencyRefused(f"a reason of at least {EMERGENCY_REASON_MIN_LENGTH} characters")
    if active_emergency(clinician, young_person) is not None:
        raise EmergencyRefused("emergency access to this record is already open")
    if get_access(clinician, young_person) is not None:
        raise EmergencyRefused("this record can already be opened without emergency access")
    now = timezone.now()
    emergency = EmergencyAccess.objects.create(
        clinician=clinician, membership=membership, young_person=young_person, reason=reason,
        started_at=now, expires_at=now + timedelta(hours=hours),
    )
    _audit(actor, young_person, event="youth.emergency.open", action=AuditAction.CREATE,
           role=Role.CLINICIAN, basis=Basis.EMERGENCY, organisation_name=membership.organisation.name,
           object_type="emergency_access", object_id=emergency.pk,
           changed=("reason", "started_at", "expires_at"))
    notify_emergency_access(emergency.pk)
    return emergency


@transaction.atomic
def do_end_emergency_access(*, actor: Actor, emergency: EmergencyAccess) -> EmergencyAccess:
    """The clinician ends their emergency access before it expires (idempotent)."""
    if actor.user is None or emergency.clinician_id != actor.user.pk:
        raise PermissionError("only the clinician who opened emergency access ends it")
    now = timezone.now()
    if emergency.ended_at is None and emergency.expires_at > now:
        emergency.ended_at = now
        emergency.save(update_fields=["ended_at"])
        _audit(actor, emergency.young_person, event="youth.emergency.end",
               action=AuditAction.UPDATE, role=Role.CLINICIAN, basis=Basis.EMERGENCY,
               organisation_name=emergency.membership.organisation.name,
               object_type="emergency_access", object_id=emergency.pk, changed=("ended_at",))
    return emergency
