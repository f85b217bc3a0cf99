"""Ages from a birth month, and who must consent at an age (Jeugdwet 7.3.4/7.3.5/7.3.15, WGBO).

Only the birth month is stored, so the birthday is taken to be the first day of that month: the
young person gains the rights of 12 and 16 at the start of their birth month (decision 0007).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

SHARED_CONSENT_AGE = 12
"""From 12 the young person consents together with the parents (Jeugdwet 7.3.4 lid 2)."""
OWN_CONSENT_AGE = 16
"""From 16 the young person consents alone (Jeugdwet 7.3.5; WGBO 7:447)."""


class Party(StrEnum):
    YOUNG_PERSON = "young_person"
    GUARDIANS = "guardians"


def age_on(birth_month: date, day: date) -> int:
    """Whole years on ``day`` for someone born in ``birth_month`` (birthday = first of the month)."""
    years = day.year - birth_month.year
    if (day.month, day.day) < (birth_month.month, 1):
        years -= 1
    return years


def consenting_parties(age: int) -> frozenset[Party]:
    """Who must consent at ``age``: parents under 12, both from 12 to 15, the young person from 16."""
    if age < SHARED_CONSENT_AGE:
        return frozenset({Party.GUARDIANS})
    if age < OWN_CONSENT_AGE:
        return frozenset({Party.YOUNG_PERSON, Party.GUARDIANS})
    return frozenset({Party.YOUNG_PERSON})
