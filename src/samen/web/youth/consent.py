"""Consent by the Dutch ages, as the consent page, the home panels and the actions need it.

Who consents (``ages.consenting_parties``): under 12 the parents with authority, from 12 to 15
the young person together with a parent with authority, from 16 the young person alone. From 16
the parents see the record only with the young person's consent (scope ``guardians``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from samen.web.accounts.models import Organisation
from samen.web.accounts.roles import Role
from samen.web.youth.access import Access, guardians_may_see
from samen.web.youth.ages import OWN_CONSENT_AGE, SHARED_CONSENT_AGE, Party, consenting_parties
from samen.web.youth.models import ConsentGrant, ConsentScope, YoungPerson
from samen.web.youth.pending import PARTY_ORDER, given_parties


def age_now(young_person: YoungPerson, when: datetime | None = None) -> int:
    return young_person.age_on(timezone.localdate(when or timezone.now()))


def may_give_consent(access: Access, scope: str, when: datetime | None = None) -> bool:
    """Whether the person behind ``access`` may give (or withdraw) consent of ``scope`` now.

    The young person acts from 12 (before that the parents decide alone); a parent with authority
    acts while the young person is under 16; only the young person (16+) shares with the parents.
    """
    age = age_now(access.young_person, when)
    if scope == ConsentScope.GUARDIANS:
        return access.role == Role.YOUNG_PERSON and age >= OWN_CONSENT_AGE
    if scope != ConsentScope.ORGANISATION:
        return False
    if access.role == Role.YOUNG_PERSON:
        return age >= SHARED_CONSENT_AGE
    if access.role == Role.PARENT:
        return age < OWN_CONSENT_AGE
    return False


@dataclass(frozen=True)
class PartyState:
    party: Party
    given: bool


@dataclass(frozen=True)
class OrganisationConsent:
    """The consent state of one organisation involved with the record, seen by one viewer."""

    organisation: Organisation
    parties: tuple[PartyState, ...]
    my_grant: ConsentGrant | None

    @property
    def in_force(self) -> bool:
        return all(state.given for state in self.parties)


@dataclass(frozen=True)
class ConsentOverview:
    age: int
    required: tuple[Party, ...]
    organisations: tuple[OrganisationConsent, ...]
    can_act: bool
    guardians_see: bool
    guardians_grant: ConsentGrant | None
    can_share_with_guardians: bool

    @property
    def shows_guardians_scope(self) -> bool:
        return self.age >= OWN_CONSENT_AGE

    @property
    def band(self) -> str:
        """``parents`` (under 12), ``both`` (12 to 15) or ``own`` (16 and over)."""
        if self.age < SHARED_CONSENT_AGE:
            return "parents"
        return "both" if self.age < OWN_CONSENT_AGE else "own"


def consent_overview(access: Access, when: datetime | None = None) -> ConsentOverview:
    """Which parties must consent now, each involved organisation's state, and the viewer's grants."""
    when = when or timezone.now()
    young_person = access.young_person
    age = age_now(young_person, when)
    required = tuple(p for p in PARTY_ORDER if p in consenting_parties(age))
    mine = {
        (grant.scope, grant.organisation_id): grant
        for grant in young_person.consents.filter(grantor=access.user, withdrawn_at__isnull=True)
    }
    organisations = []
    for involvement in young_person.involvements.select_related("organisation").order_by(
        "organisation__name"
    ):
        organisation = involvement.organisation
        given = given_parties(young_person, organisation.pk)
        organisations.append(
            OrganisationConsent(
                organisation=organisation,
                parties=tuple(PartyState(party, party in given) for party in required),
                my_grant=mine.get((ConsentScope.ORGANISATION, organisation.pk)),
            )
        )
    return ConsentOverview(
        age=age,
        required=required,
        organisations=tuple(organisations),
        can_act=may_give_consent(access, ConsentScope.ORGANISATION, when),
        guardians_see=guardians_may_see(young_person, when),
        guardians_grant=mine.get((ConsentScope.GUARDIANS, None)),
        can_share_with_guardians=may_give_consent(access, ConsentScope.GUARDIANS, when),
    )
