"""The only way to reach a young person's data: care-team membership, guardianship or self, and
consent by the Dutch age rules (see ``ages.py``). Every view and API route goes through here.

* :func:`get_access` answers whether ``user`` may see ``young_person`` now, and in which role;
* :func:`get_young_person_for_user` is the view helper: it writes the audit event and answers
  "not found" for both a missing and a not-yours record, so ids leak nothing;
* :func:`accessible_young_people` lists the records a user may open (caseloads, home pages).

Policy officers and organisation admins never reach a person through here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from samen.web.accounts.models import Membership, User
from samen.web.accounts.roles import CARE_ROLES, Role
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction, AuditOutcome
from samen.web.youth.ages import OWN_CONSENT_AGE, Party, consenting_parties
from samen.web.youth.models import ConsentScope, YoungPerson


class Basis:
    """Why access is allowed; written into every audit event."""

    SELF = "self"
    GUARDIAN = "guardian"
    CARE_TEAM = "care_team_consent"


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
    def organisation_name(self) -> str:
        return self.membership.organisation.name if self.membership else ""


def consent_in_force(young_person: YoungPerson, organisation_id: int, when: datetime) -> bool:
    """Whether every party the age rules require has an unwithdrawn consent for this organisation."""
    grants = young_person.consents.filter(
        scope=ConsentScope.ORGANISATION, organisation_id=organisation_id, withdrawn_at__isnull=True
    )
    return _parties_agree(young_person, list(grants), when)


def _parties_agree(young_person: YoungPerson, grants: list, when: datetime) -> bool:  # type: ignore[type-arg]
    parties = consenting_parties(young_person.age_on(timezone.localdate(when)))
    authority = set(
        young_person.guardianships.filter(has_authority=True).values_list("user_id", flat=True)
    )
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
    guardianship = young_person.guardianships.filter(user=user, has_authority=True).first()
    if guardianship is not None and guardians_may_see(young_person, when):
        return Access(young_person, user, Role.PARENT, Basis.GUARDIAN)
    places = young_person.care_team.filter(
        is_active=True,
        membership__user=user,
        membership__is_active=True,
        membership__role__in=list(CARE_ROLES),
    ).select_related("membership__organisation")
    for place in places:
        membership = place.membership
        if consent_in_force(young_person, membership.organisation_id, when):
            return Access(
                young_person, user, Role(membership.role), Basis.CARE_TEAM, membership
            )
    return None


def get_young_person_for_user(
    actor: Actor, pk: object, *, event: str, object_type: str = "", object_id: object = "",
    permits: Callable[[Access], bool] | None = None,
) -> Access:
    """The view helper: access to record ``pk`` or :class:`Http404`; the read is audited either way.

    ``permits`` narrows a page to some of the people who may open the record (for example the
    access log: not for a young person under 16); an access it refuses is treated, and audited,
    exactly like no access at all.
    """
    user = actor.user
    young_person = _find(pk)
    access = get_access(user, young_person) if (user and young_person) else None
    if access is not None and permits is not None and not permits(access):
        access = None
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
    record(
        actor, event=event, action=AuditAction.READ,
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
    ).distinct()
    found = (get_access(user, young_person, when) for young_person in candidates)
    return [access for access in found if access is not None]


def _find(pk: object) -> YoungPerson | None:
    try:
        return YoungPerson.objects.filter(pk=int(str(pk))).first()
    except ValueError:
        return None


def require_role(access: Access, roles: frozenset[Role] | set[Role]) -> None:
    """Refuse (403) a write the role may not make; reading was already allowed, so 403 leaks nothing."""
    from django.core.exceptions import PermissionDenied

    if access.role not in roles:
        raise PermissionDenied("This role may not do this")
