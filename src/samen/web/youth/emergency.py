"""Break the glass: who may use it and on which record (the writes are in ``actions.py``).

Only an active clinician membership may open emergency access, and only on a record the clinician
cannot open otherwise; the record is found by its exact pseudonym (sent in a POST body, never in
a URL), so there is no browsing of records.
"""

from __future__ import annotations

from django.db.models import QuerySet

from samen.web.accounts.models import Membership, User
from samen.web.accounts.roles import Role
from samen.web.youth.models import EmergencyAccess, YoungPerson


class EmergencyRefused(ValueError):
    """Emergency access cannot be opened; the message says why (shown to the clinician)."""


def clinician_membership(user: User) -> Membership | None:
    """The active clinician membership break the glass runs through (the first by organisation
    name when a clinician works for several)."""
    if not user.is_active:
        return None
    return (user.memberships.filter(is_active=True, role=Role.CLINICIAN)
            .select_related("organisation").order_by("organisation__name").first())


def find_by_pseudonym(pseudonym: str) -> YoungPerson | None:
    """The record with exactly this pseudonym (case and surrounding spaces ignored)."""
    cleaned = pseudonym.strip()
    if not cleaned:
        return None
    return YoungPerson.objects.filter(pseudonym__iexact=cleaned).first()


def emergencies_of(user: User) -> QuerySet[EmergencyAccess]:
    """A clinician's own emergency accesses, newest first."""
    return EmergencyAccess.objects.filter(clinician=user).select_related(
        "young_person", "membership__organisation")
