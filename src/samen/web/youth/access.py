"""The only way to reach a young person's data: care-team membership, guardianship or self, and
consent by the Dutch age rules (see ``ages.py``). Every view and API route goes through here.

* :func:`get_access` answers whether ``user`` may see ``young_person`` now, and in which role;
* :func:`get_young_person_for_user` is the view helper: it writes the audit event and answers
  "not found" for both a missing and a not-yours record, so ids leak nothing;
* :func:`accessible_young_people` lists the records a user may open (caseloads, home pages).

A clinician outside the team may also read a record through break-the-glass emergency access
(:class:`~samen.web.youth.models.EmergencyAccess`, opened by ``actions.do_open_emergency_access``):
read only, while it is neither ended nor expired (checked on every request), with the basis
``break_the_glass`` in every audit event. Policy officers and organisation admins never reach a
person through here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest
from django.utils import timezone

from samen.web.accounts.models import Membership, User
from samen.web.accounts.roles import CARE_ROLES, Role
from samen.web.audit.log import Actor, Entry, record, record_many
from samen.web.audit.models import AuditAction, AuditOutcome
from samen.web.youth.ages import OWN_CONSENT_AGE, Party, consenting_parties
from samen.web.youth.models import CareTeamMember, ConsentScope, EmergencyAccess, YoungPerson

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Basis:
    """Why access is allowed; written into every audit event."""

    SELF = "self"
    GUARDIAN = "guardian"
    CARE_TEAM = "care_team_consent"
    EMERGENCY = "break_the_glass"


@dataclass(frozen=True)
class Access:
    """A user's access to one young person: the role they act in and the basis for it."""

    young_person: YoungPerson
    user: User
    role: Role
    basis: str
    membership: Membership | None = None

    @property
    def is_professional(self) -> bool:
        return self.role in CARE_ROLES

    @property
    def is_emergency(self) -> bool:
        return self.basis == Basis.EMERGENCY

    @property
    def organisation_name(self) -> str:
        return self.membership.organisation.name if self.membership else ""


def _prefetched(young_person: YoungPerson, relation: str) -> list[Any] | None:
    """The rows of ``relation`` that :func:`accessible_young_people` fetched for all candidates at
    once, or ``None``: then each check asks the database itself, as for a single record."""
    cache = getattr(young_person, "_prefetched_objects_cache", {})
    return list(cache[relation]) if relation in cache else None


def consent_in_force(young_person: YoungPerson, organisation_id: int, when: datetime) -> bool:
    """Whether every party the age rules require has an unwithdrawn consent for this organisation."""
    prefetched = _prefetched(young_person, "consents")
    if prefetched is not None:
        grants = [g for g in prefetched if g.scope == ConsentScope.ORGANISATION
                  and g.organisation_id == organisation_id and g.withdrawn_at is None]
        return _parties_agree(young_person, grants, when)
    unwithdrawn = young_person.consents.filter(
        scope=ConsentScope.ORGANISATION, organisation_id=organisation_id, withdrawn_at__isnull=True
    )
    return _parties_agree(young_person, list(unwithdrawn), when)


def _parties_agree(young_person: YoungPerson, grants: list, when: datetime) -> bool:  # type: ignore[type-arg]
    parties = consenting_parties(young_person.age_on(timezone.localdate(when)))
    prefetched = _prefetched(young_person, "guardianships")
    authority = {g.user_id for g in prefetched if g.has_authority} if prefetched is not None \
        else set(young_person.guardianships.filter(has_authority=True)
                 .values_list("user_id", flat=True))
    given = {
        Party.YOUNG_PERSON: any(g.grantor_is_young_person for g in grants),
        Party.GUARDIANS: any(
            not g.grantor_is_young_person and g.grantor_id in authority for g in grants
        ),
    }
    return all(given[party] for party in parties)


def guardians_may_see(young_person: YoungPerson, when: datetime) -> bool:
    """Parents with authority see the record under 16; from 16 only with the young person's consent."""
    if young_person.age_on(timezone.localdate(when)) < OWN_CONSENT_AGE:
        return True
    prefetched = _prefetched(young_person, "consents")
    if prefetched is not None:
        return any(g.scope == ConsentScope.GUARDIANS and g.grantor_is_young_person
                   and g.withdrawn_at is None for g in prefetched)
    return young_person.consents.filter(
        scope=ConsentScope.GUARDIANS, grantor_is_young_person=True, withdrawn_at__isnull=True
    ).exists()


def get_access(user: User, young_person: YoungPerson, when: datetime | None = None) -> Access | None:
    """The access ``user`` has to ``young_person`` at ``when`` (default now), or ``None``."""
    when = when or timezone.now()
    if not user.is_active:
        return None
    if young_person.account_id is not None and young_person.account_id == user.pk:
        return Access(young_person, user, Role.YOUNG_PERSON, Basis.SELF)
    if _is_guardian(user, young_person) and guardians_may_see(young_person, when):
        return Access(young_person, user, Role.PARENT, Basis.GUARDIAN)
    for place in _team_places(user, young_person):
        membership = place.membership
        if consent_in_force(young_person, membership.organisation_id, when):
            return Access(
                young_person, user, Role(membership.role), Basis.CARE_TEAM, membership
            )
    emergency = active_emergency(user, young_person, when)
    if emergency is not None:
        return Access(young_person, user, Role.CLINICIAN, Basis.EMERGENCY, emergency.membership)
    return None


def _is_guardian(user: User, young_person: YoungPerson) -> bool:
    """Whether ``user`` is a parent of ``young_person`` with authority (gezag)."""
    prefetched = _prefetched(young_person, "guardianships")
    if prefetched is not None:
        return any(g.user_id == user.pk and g.has_authority for g in prefetched)
    return young_person.guardianships.filter(user=user, has_authority=True).exists()


def _team_places(user: User, young_person: YoungPerson) -> list[CareTeamMember]:
    """``user``'s active places on the care team through an active membership in a care role."""
    prefetched = _prefetched(young_person, "care_team")
    if prefetched is not None:
        return [p for p in prefetched if p.is_active and p.membership.user_id == user.pk
                and p.membership.is_active and p.membership.role in CARE_ROLES]
    return list(young_person.care_team.filter(
        is_active=True,
        membership__user=user,
        membership__is_active=True,
        membership__role__in=list(CARE_ROLES),
    ).select_related("membership__organisation"))


def active_emergency(user: User, young_person: YoungPerson,
                     when: datetime | None = None) -> EmergencyAccess | None:
    """The break-the-glass access ``user`` holds on ``young_person`` at ``when``, if any: not
    ended, not expired, and still through an active clinician membership."""
    when = when or timezone.now()
    return (
        EmergencyAccess.objects.filter(
            clinician=user, young_person=young_person, ended_at__isnull=True,
            started_at__lte=when, expires_at__gt=when,
            membership__is_active=True, membership__role=Role.CLINICIAN,
        ).select_related("membership__organisation").first()
    )


def get_young_person_for_user(
    actor: Actor, pk: object, *, event: str, object_type: str = "", object_id: object = "",
    permits: Callable[[Access], bool] | None = None,
) -> Access:
    """The view helper: access to record ``pk`` or :class:`Http404`; the read is audited either way.

    A write (any method but GET, HEAD, OPTIONS) under emergency access answers 403.

    ``permits`` narrows a page to some of the people who may open the record (for example the
    access log: not for a young person under 16); an access it refuses is treated, and audited,
    exactly like no access at all.
    """
    user = actor.user
    young_person = _find(pk)
    access = get_access(user, young_person) if (user and young_person) else None
    if access is not None and permits is not None and not permits(access):
        access = None
    if access is not None and access.is_emergency and actor.method not in SAFE_METHODS:
        # Break the glass lets a clinician read, never write: one check here covers every write
        # path (web, API, FHIR), which all reach the record through this helper.
        record(
            actor, event=event, action=AuditAction.UPDATE, outcome=AuditOutcome.DENIED,
            subject_id=access.young_person.pk, subject_pseudonym=access.young_person.pseudonym,
            role=access.role, organisation_name=access.organisation_name, basis=access.basis,
            object_type=object_type, object_id=object_id or pk,
        )
        raise PermissionDenied("Emergency access is read-only")
    if access is None:
        record(
            actor, event=event, action=AuditAction.READ, outcome=AuditOutcome.DENIED,
            subject_id=young_person.pk if young_person else None,
            subject_pseudonym=young_person.pseudonym if young_person else "",
            object_type=object_type, object_id=object_id or pk,
        )
        raise Http404("No such record")
    audit_read(actor, access, event=event, object_type=object_type, object_id=object_id)
    return access


def audit_read(actor: Actor, access: Access, *, event: str, object_type: str = "",
               object_id: object = "") -> None:
    """Record that ``actor`` read part of the record reached through ``access``."""
    record_many(actor, [_read_entry(access, event, object_type, object_id)])


def audit_reads(actor: Actor, accesses: Iterable[Access], *, event: str,
                object_type: str = "") -> None:
    """Record one read per record of a list page, all in one transaction (see ``record_many``)."""
    record_many(actor, [_read_entry(access, event, object_type, "") for access in accesses])


def _read_entry(access: Access, event: str, object_type: str, object_id: object) -> Entry:
    return Entry(
        event=event, action=AuditAction.READ,
        subject_id=access.young_person.pk, subject_pseudonym=access.young_person.pseudonym,
        role=access.role, organisation_name=access.organisation_name, basis=access.basis,
        object_type=object_type or "young_person",
        object_id=object_id or access.young_person.pk,
    )


def accessible_young_people(user: User, when: datetime | None = None) -> list[Access]:
    """Every record ``user`` may open now, each with its access (self, children, caseload)."""
    when = when or timezone.now()
    if not user.is_authenticated or not user.is_active:
        return []
    candidates = YoungPerson.objects.filter(
        Q(account=user)
        | Q(guardianships__user=user, guardianships__has_authority=True)
        | Q(care_team__membership__user=user, care_team__is_active=True,
            care_team__membership__is_active=True)
        | Q(emergency_accesses__clinician=user, emergency_accesses__ended_at__isnull=True,
            emergency_accesses__expires_at__gt=when)
    ).distinct().prefetch_related(
        # Every candidate's guardians, consents and team at once: a caseload of hundreds would
        # otherwise cost four queries per record on every home page and list.
        "guardianships", "consents",
        Prefetch("care_team", CareTeamMember.objects.select_related("membership__organisation")),
    )
    found = []
    for young_person in candidates:
        access = get_access(user, young_person, when)
        # The prefetched rows served this decision only: a later check in the same request (after
        # a write, say) must read the database again.
        vars(young_person).pop("_prefetched_objects_cache", None)
        if access is not None:
            found.append(access)
    return found


def accessible_for_request(request: HttpRequest) -> list[Access]:
    """:func:`accessible_young_people` of the signed-in user, decided once per request: the home
    page's panels each need the list, and a caseload of hundreds is worth deciding only once.
    For read-only pages; after a write in the same request, call the function itself."""
    memo = vars(request)
    if _REQUEST_MEMO not in memo:
        user = request.user
        memo[_REQUEST_MEMO] = accessible_young_people(user) if isinstance(user, User) else []
    return list(memo[_REQUEST_MEMO])


_REQUEST_MEMO = "_samen_accessible_young_people"


def _find(pk: object) -> YoungPerson | None:
    try:
        return YoungPerson.objects.filter(pk=int(str(pk))).first()
    except ValueError:
        return None


def require_role(access: Access, roles: frozenset[Role] | set[Role]) -> None:
    """Refuse (403) a write the role may not make; reading was already allowed, so 403 leaks nothing."""
    if access.role not in roles:
        raise PermissionDenied("This role may not do this")
