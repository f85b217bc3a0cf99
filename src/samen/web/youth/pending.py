"""Records that wait for consent: who is still missing, for which organisation.

A professional who starts a team (or is added to one) does not see the record until every party
the age rules require has consented for their organisation (``access.get_access``). Until then
they, and their organisation's admin, may know only that the record exists: its pseudonym and
which party has not consented yet. This module answers exactly that and nothing more; it never
widens :func:`samen.web.youth.access.get_access`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from samen.web.accounts.models import Organisation, User
from samen.web.accounts.roles import CARE_ROLES
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction
from samen.web.youth.access import Access, accessible_young_people
from samen.web.youth.ages import Party, consenting_parties
from samen.web.youth.models import CareTeamMember, ConsentScope, Involvement, YoungPerson

PARTY_ORDER = (Party.YOUNG_PERSON, Party.GUARDIANS)


@dataclass(frozen=True)
class PendingRecord:
    """One record waiting for consent for one organisation: pseudonym and missing parties only."""

    young_person_id: int
    pseudonym: str
    organisation_id: int
    organisation_name: str
    missing: tuple[Party, ...]
    young_person_has_account: bool
    has_guardian_with_authority: bool
    role: str = ""
    """The role the viewer holds on this team (empty in the organisation admin's view)."""

    @property
    def missing_young_person(self) -> bool:
        return Party.YOUNG_PERSON in self.missing

    @property
    def missing_guardians(self) -> bool:
        return Party.GUARDIANS in self.missing


def given_parties(young_person: YoungPerson, organisation_id: int) -> frozenset[Party]:
    """The parties with an unwithdrawn consent for ``organisation_id`` (guardians: with authority)."""
    authority = set(
        young_person.guardianships.filter(has_authority=True).values_list("user_id", flat=True)
    )
    given: set[Party] = set()
    grants = young_person.consents.filter(
        scope=ConsentScope.ORGANISATION, organisation_id=organisation_id, withdrawn_at__isnull=True
    )
    for grant in grants:
        if grant.grantor_is_young_person:
            given.add(Party.YOUNG_PERSON)
        elif grant.grantor_id in authority:
            given.add(Party.GUARDIANS)
    return frozenset(given)


def missing_parties(
    young_person: YoungPerson, organisation_id: int, when: datetime | None = None
) -> tuple[Party, ...]:
    """The parties whose consent for ``organisation_id`` the age rules require at ``when`` but that
    have not given it; empty exactly when ``access.consent_in_force`` is true."""
    when = when or timezone.now()
    required = consenting_parties(young_person.age_on(timezone.localdate(when)))
    given = given_parties(young_person, organisation_id)
    return tuple(party for party in PARTY_ORDER if party in required and party not in given)


def _pending(young_person: YoungPerson, organisation: Organisation, when: datetime,
             role: str = "") -> PendingRecord | None:
    missing = missing_parties(young_person, organisation.pk, when)
    if not missing:
        return None
    return PendingRecord(
        young_person_id=young_person.pk,
        pseudonym=young_person.pseudonym,
        organisation_id=organisation.pk,
        organisation_name=organisation.name,
        missing=missing,
        young_person_has_account=young_person.account_id is not None,
        has_guardian_with_authority=young_person.guardianships.filter(has_authority=True).exists(),
        role=role,
    )


def pending_for_user(user: User, when: datetime | None = None,
                     accesses: list[Access] | None = None) -> list[PendingRecord]:
    """Records on whose care team ``user`` has a place but which ``user`` cannot open yet because
    consent for their organisation is not in force; one row per (record, organisation).
    ``accesses``: what ``user`` may open now, when the caller has decided it already."""
    when = when or timezone.now()
    if not user.is_authenticated or not user.is_active:
        return []
    places = (
        CareTeamMember.objects.filter(
            is_active=True, membership__user=user, membership__is_active=True,
            membership__role__in=list(CARE_ROLES),
        )
        .select_related("young_person", "membership__organisation")
        .order_by("young_person__pseudonym", "membership__organisation__name")
    )
    rows: list[PendingRecord] = []
    # Every record with one of these places is a candidate of accessible_young_people, which
    # decides them all in a few queries instead of four per record.
    if accesses is None:
        accesses = accessible_young_people(user, when)
    opened = {access.young_person.pk for access in accesses}
    for place in places:
        young_person = place.young_person
        if young_person.pk in opened:
            continue
        row = _pending(young_person, place.membership.organisation, when,
                       str(place.membership.role))
        if row is not None:
            rows.append(row)
    return rows


def pending_for_organisation(
    organisation: Organisation, when: datetime | None = None
) -> list[PendingRecord]:
    """Records involving ``organisation`` for which its consent is not in force (admins' view)."""
    when = when or timezone.now()
    involvements = (
        Involvement.objects.filter(organisation=organisation)
        .select_related("young_person")
        .order_by("young_person__pseudonym")
    )
    rows = (_pending(inv.young_person, organisation, when) for inv in involvements)
    return [row for row in rows if row is not None]


def audit_pending(actor: Actor, rows: list[PendingRecord], *, event: str,
                  role: str = "") -> None:
    """Showing a pending record (pseudonym and missing parties) is a read of it too: audit it."""
    for row in rows:
        record(
            actor, event=event, action=AuditAction.READ, subject_id=row.young_person_id,
            subject_pseudonym=row.pseudonym, role=role or row.role,
            organisation_name=row.organisation_name, basis="pending_consent",
            object_type="consent", object_id=row.organisation_id,
        )
